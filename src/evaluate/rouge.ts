/**
 * ROUGE-N (Lin 2004): n-gram overlap between a candidate summary and reference summaries. Written
 * here rather than taken from npm: the packages there tokenise differently from ROUGE-1.5.5 and from
 * Google's rouge-score, so their figures are not comparable with published ones; this follows
 * rouge-score's conventions (lower case, runs of letters and digits as tokens, n-gram counts clipped
 * by the reference's, F1 the harmonic mean), and its tests hold figures from the official ROUGE-1.5.5.
 * Letters are Unicode letters (rouge-score keeps a–z only), so other languages are scored too; on
 * ASCII text the two agree. Optional stemming uses the project's Snowball stemmer, not Porter's, so
 * stemmed figures can differ slightly from rouge-score's `use_stemmer`.
 */

export interface RougeScore { precision: number; recall: number; f1: number }

export function tokenize(text: string, stem?: (word: string) => string): string[] {
  const tokens = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // rouge-score stems only words longer than three characters.
  return stem ? tokens.map((t) => (t.length > 3 ? stem(t) : t)) : tokens;
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N of a candidate against one reference. */
export function rougeN(candidate: string, reference: string, n: number, stem?: (word: string) => string): RougeScore {
  const c = ngrams(tokenize(candidate, stem), n);
  const r = ngrams(tokenize(reference, stem), n);
  let overlap = 0;
  for (const [g, k] of c) overlap += Math.min(k, r.get(g) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const precision = total(c) ? overlap / total(c) : 0;
  const recall = total(r) ? overlap / total(r) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Against several references, the best-matching one counts (as rouge-score's `score_multi`). */
export function rougeNMulti(candidate: string, references: string[], n: number, stem?: (word: string) => string): RougeScore {
  const scores = references.map((r) => rougeN(candidate, r, n, stem));
  return scores.sort((a, b) => b.f1 - a.f1)[0] ?? { precision: 0, recall: 0, f1: 0 };
}
