/** Small measures of a piece of text that the cleaning rules share. */

/** Words as a reader counts them; CJK text, written without spaces, counts a word per two characters. */
export function wordCount(t: string): number {
  const spaced = t.trim().split(/\s+/).filter(Boolean).length;
  const cjk = (t.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g) ?? []).length;
  return cjk > spaced * 4 ? Math.ceil(cjk / 2) : spaced;
}

/** Case, punctuation and spacing folded, so a repeat is recognised whatever its formatting. */
export function normalizeForCompare(t: string): string {
  // NFKC folds ligatures and full-width forms; plain Latin text has none, and NFKC is costly.
  return (/[^\u0000-\u024f\u2000-\u206f]/.test(t) ? t.normalize('NFKC') : t)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
