/**
 * Raw body text → paragraphs. A blank line always separates paragraphs. Plain text is mostly written a
 * paragraph per line, but some is hard-wrapped at a fixed width (mail, wire copy); wrapped blocks are
 * joined back so that a paragraph is never judged line by line.
 */

/** Share of lines that must look wrapped (medium length, no terminal punctuation) to unwrap. */
const WRAPPED_SHARE = 0.5;

export function toParagraphs(text: string, fromHtml: boolean): string[] {
  const blocks = text.split(/\n[ \t]*\n+/);
  if (fromHtml) return blocks.map((b) => b.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const wrapped = lines.filter((l) => l.length >= 40 && l.length <= 100 && !/[.!?:"”]$/.test(l)).length;
  const multiLineBlocks = blocks.filter((b) => b.trim().includes('\n')).length;
  if (lines.length >= 6 && wrapped / lines.length >= WRAPPED_SHARE && multiLineBlocks > 0) {
    return blocks.map((b) => b.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
  }
  return lines;
}
