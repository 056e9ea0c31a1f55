/** Headline text as a reader wants it: no site or section suffix, no trailing period, spaces folded. */
import { wordCount } from './text-shape.ts';

/** A suffix after " | ", " – " or " - " is a site or section name when it is this short. */
const SUFFIX_MAX_WORDS = 3;
const SUFFIX_SEPARATOR = /\s+[|–—-]\s+|\s+[|]\s*|\s*[|]\s+/;

export function cleanTitle(raw: string, outlet?: string | null): string {
  let t = raw.replace(/\s+/g, ' ').trim();
  for (;;) {
    const parts = t.split(SUFFIX_SEPARATOR);
    if (parts.length < 2) break;
    const last = parts[parts.length - 1]!;
    const rest = t.slice(0, t.length - last.length).replace(/[\s|–—-]+$/, '');
    const isOutlet = !!outlet && last.toLowerCase().includes(outlet.toLowerCase().slice(0, 12));
    if ((wordCount(last) <= SUFFIX_MAX_WORDS || isOutlet) && wordCount(rest) >= 3) t = rest;
    else break;
  }
  return t.replace(/(?<![.]{2})\.$/, '').trim();
}
