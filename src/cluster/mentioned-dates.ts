/**
 * When an undated article was written, estimated from the full dates it mentions: news is written
 * about the past and the recent past, so the latest full date it names is a lower bound close to the
 * truth. A weekday with a day and month ("Friday, March 11") fixes the year among those the article
 * itself names, the way a reader would. Used only for articles that state no publication date, and
 * only by the cluster stage; the analysis stage resolves dates properly.
 */
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH = `(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\\.?`;
const WEEKDAY = `(${WEEKDAYS.join('|')})`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d{2})';

const PATTERNS: { re: RegExp; parts: (m: RegExpExecArray) => { y?: string; mo: string; d: string; wd?: string } }[] = [
  { re: new RegExp(`\\b${MONTH} ${DAY},? ${YEAR}\\b`, 'gi'), parts: (m) => ({ mo: m[1]!, d: m[2]!, y: m[3]! }) },
  { re: new RegExp(`\\b${DAY} (?:of )?${MONTH},? ${YEAR}\\b`, 'gi'), parts: (m) => ({ d: m[1]!, mo: m[2]!, y: m[3]! }) },
  { re: /\b((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b/g, parts: (m) => ({ y: m[1]!, mo: MONTHS[Number(m[2]) - 1]!, d: m[3]! }) },
  { re: new RegExp(`\\b${WEEKDAY},? ${MONTH} ${DAY}\\b(?!,? (?:19|20)\\d{2})`, 'gi'), parts: (m) => ({ wd: m[1]!, mo: m[2]!, d: m[3]! }) },
  { re: new RegExp(`\\b${WEEKDAY},? ${DAY} ${MONTH}\\b(?!,? (?:19|20)\\d{2})`, 'gi'), parts: (m) => ({ wd: m[1]!, d: m[2]!, mo: m[3]! }) },
];

function monthIndex(name: string): number {
  const n = name.toLowerCase().replace('.', '');
  return MONTHS.findIndex((m) => m.startsWith(n.slice(0, 3)));
}

/** The latest full date the text names, in ms since the epoch (noon UTC), or null. */
export function latestMentionedDate(text: string): number | null {
  const years = [...text.matchAll(/\b((?:19|20)\d{2})\b/g)].map((m) => Number(m[1]));
  const latestYear = years.length ? Math.max(...years) : null;
  let latest: number | null = null;
  for (const { re, parts } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const p = parts(m as RegExpExecArray);
      const mo = monthIndex(p.mo);
      const d = Number(p.d);
      if (mo < 0 || d < 1 || d > 31) continue;
      let year: number | null = p.y ? Number(p.y) : null;
      if (year === null && p.wd && latestYear !== null) {
        // The weekday picks the year among the latest year the article names and the two after it.
        const wd = WEEKDAYS.indexOf(p.wd.toLowerCase());
        year = [latestYear, latestYear + 1, latestYear + 2].find((y) => new Date(Date.UTC(y, mo, d)).getUTCDay() === wd) ?? null;
      }
      if (year === null) continue;
      const t = Date.UTC(year, mo, d, 12);
      if (new Date(t).getUTCDate() !== d) continue;
      if (latest === null || t > latest) latest = t;
    }
  }
  return latest;
}
