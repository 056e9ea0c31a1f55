/**
 * When an undated article was written, estimated from the dates it mentions, in its own language:
 * news is written about the past and the recent past, so the latest full date it names is a lower
 * bound close to the truth. A weekday with a day and month ("Friday, March 11") fixes the year among
 * those the article itself names, the way a reader would. A day and month with no year anywhere
 * ("on 13 March", "a 20 de novembro") still places the article in its season: the clusterer compares
 * such a day of the year with a story's dates modulo a year. Used only for articles that state no
 * publication date, and only by the cluster stage; the analysis stage resolves dates properly.
 *
 * Month and weekday names come from the runtime's own locale data (Intl, full ICU in Node), in the
 * forms a date uses ("13 maaliskuuta", "7 Οκτωβρίου", "13 березня") and alone, so every language
 * Node knows is read without a table of our own; English is always read as well.
 */
import { escapeRegExp, foldForLexicon } from './event-words.ts';

export interface MentionedTime {
  /** The latest full date named, in ms since the epoch at noon UTC. */
  time: number | null;
  /** Without a full date: the day of the year (0–365) of the latest day and month named. */
  day: number | null;
}

interface DateReader {
  re: RegExp;
  monthOf: Map<string, number>;
  weekdayOf: (word: string) => number;
}

const readers = new Map<string, DateReader>();

function namesOf(lang: string): { months: Map<string, number>; weekdays: string[][] } {
  const months = new Map<string, number>();
  const weekdays: string[][] = Array.from({ length: 7 }, () => []);
  for (const locale of new Set([lang, 'en'])) {
    let formats: Intl.DateTimeFormat[];
    try {
      formats = [
        new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }),
        new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }),
        new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }),
        new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
      ];
    } catch {
      continue; // a language tag the runtime does not know: English alone
    }
    for (let m = 0; m < 12; m++) {
      const at = new Date(Date.UTC(2001, m, 15));
      for (const f of formats) {
        const name = f.formatToParts(at).find((p) => p.type === 'month')?.value;
        if (!name || /\d/.test(name)) continue;
        const folded = foldForLexicon(name).replace(/\.$/, '');
        if (folded.length >= 3 && !months.has(folded)) months.set(folded, m);
      }
    }
    const wf = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
    for (let d = 0; d < 7; d++) weekdays[d]!.push(foldForLexicon(wf.format(new Date(Date.UTC(2001, 0, 7 + d)))));
  }
  // "sept" and "sept." are English abbreviations Intl does not give.
  months.set('sept', 8);
  return { months, weekdays };
}

function readerFor(lang: string): DateReader {
  let r = readers.get(lang);
  if (r) return r;
  const { months, weekdays } = namesOf(lang);
  const month = `(${[...months.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\\.?`;
  // A weekday may be inflected ("torstaina") and followed by a comma or "the".
  const weekday = `(?:(${weekdays.flat().sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\\p{L}*,?\\s+(?:the\\s+)?)?`;
  const day = '(\\d{1,2})(?:st|nd|rd|th|er|\\.)?';
  const year = '((?:19|20)\\d{2})';
  const L = '(?<![\\p{L}\\p{N}])';
  const R = '(?![\\p{L}\\p{N}])';
  const re = new RegExp(
    [
      // 13 March 2031 · 13. März · 20 de novembro de 2031 · le 13 mars
      `${L}${weekday}${day}(?:\\s+de)?\\s+${month}(?:,?\\s+(?:de\\s+)?${year})?${R}`,
      // March 13, 2031 · Friday, May 2
      `${L}${weekday}${month}\\s+${day}(?:,?\\s+${year})?${R}`,
      // 2031-05-02
      `${L}((?:19|20)\\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])${R}`,
      // 02.05.2031 (day first, as every language that writes dots does)
      `${L}(0?[1-9]|[12]\\d|3[01])\\.(0?[1-9]|1[0-2])\\.((?:19|20)\\d{2})${R}`,
    ].join('|'),
    'gu',
  );
  const weekdayOf = (word: string) => weekdays.findIndex((names) => names.some((n) => word.startsWith(n)));
  r = { re, monthOf: months, weekdayOf };
  readers.set(lang, r);
  return r;
}

/** The latest full date the text names, or the season of its latest day and month when it names no year. */
export function mentionedTime(text: string, lang = 'en'): MentionedTime {
  const folded = foldForLexicon(text);
  const years = [...folded.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1]));
  const latestYear = years.length ? Math.max(...years) : null;
  const { re, monthOf, weekdayOf } = readerFor(lang);
  let latest: number | null = null;
  let latestDay: number | null = null;
  for (const m of folded.matchAll(re)) {
    let y: number | null = null;
    let mo: number;
    let d: number;
    let wd: string | undefined;
    if (m[3] !== undefined) [wd, d, mo, y] = [m[1], Number(m[2]), monthOf.get(m[3].replace(/\.$/, ''))!, m[4] ? Number(m[4]) : null];
    else if (m[6] !== undefined) [wd, mo, d, y] = [m[5], monthOf.get(m[6].replace(/\.$/, ''))!, Number(m[7]), m[8] ? Number(m[8]) : null];
    else if (m[9] !== undefined) [y, mo, d] = [Number(m[9]), Number(m[10]) - 1, Number(m[11])];
    else [d, mo, y] = [Number(m[12]), Number(m[13]) - 1, Number(m[14])];
    if (mo === undefined || d < 1 || d > 31) continue;
    if (y === null && wd !== undefined && latestYear !== null) {
      // The weekday picks the year among the latest year the article names and the two after it.
      const w = weekdayOf(wd);
      y = [latestYear, latestYear + 1, latestYear + 2].find((c) => new Date(Date.UTC(c, mo, d)).getUTCDay() === w) ?? null;
    }
    if (y === null) {
      // A day and month of no stated year: its place in a year (a leap year, so 29 February exists).
      const t = Date.UTC(2000, mo, d, 12);
      if (new Date(t).getUTCDate() !== d) continue;
      const day = dayOfYear(t);
      if (latestDay === null || day > latestDay) latestDay = day;
      continue;
    }
    const t = Date.UTC(y, mo, d, 12);
    if (new Date(t).getUTCDate() !== d) continue;
    if (latest === null || t > latest) latest = t;
  }
  return latest !== null ? { time: latest, day: null } : { time: null, day: latestDay };
}

/** The day of the year (0–365, as in a leap year) of a time. */
export function dayOfYear(t: number): number {
  const d = new Date(t);
  return Math.floor((Date.UTC(2000, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(2000, 0, 1)) / 86_400_000);
}
