/**
 * Dates an article states about itself: metadata strings ("2022-12-21T08:00:00+01:00",
 * "Mon, 19 Dec 2022 10:00:00 GMT") and stamp lines in the text ("Updated on 12/22/2022 at 6:58 pm",
 * " date 2022-12-21"). A date without a stated year is never completed from today's date: news
 * ingested a year later must not be dated by the ingest.
 */
import * as chrono from 'chrono-node';
import { PATTERNS } from './patterns.ts';

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?)?$/;
/** chrono needs a reference; a fixed one keeps parsing deterministic. Only year-certain results are used. */
const REFERENCE = new Date(Date.UTC(2000, 0, 1));

const pad = (n: number) => String(n).padStart(2, '0');

/** Parse a date string from metadata into ISO 8601; null when it states no usable date. */
export function parseStatedDate(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const s = raw.trim();
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, zone] = iso;
    if (!validYmd(+y!, +mo!, d ? +d : 1)) return null;
    if (!d) return `${y}-${mo}`;
    if (!h) return `${y}-${mo}-${d}`;
    // The stated offset is kept: converting to UTC can move a late-evening article to the wrong day.
    const offset = !zone ? '' : zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    return `${y}-${mo}-${d}T${h}:${mi}:${sec ?? '00'}${offset}`;
  }
  // RFC 822 / 1123 as feeds write it; Date.parse handles it exactly when a zone is given.
  if (/^(?:\w{3},\s*)?\d{1,2}\s+\w{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[A-Z]{1,4}|[+-]\d{4})$/.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t).toISOString().replace('.000Z', 'Z');
  }
  return dateFromChrono(s);
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

function dateFromChrono(input: string | chrono.ParsedResult): string | null {
  const r = typeof input === 'string' ? chrono.parse(input, REFERENCE)[0] : input;
  if (!r || !r.start.isCertain('year')) return null;
  const y = r.start.get('year')!;
  const m = r.start.get('month')!;
  if (!r.start.isCertain('month')) return String(y);
  if (!r.start.isCertain('day')) return `${y}-${pad(m)}`;
  return `${y}-${pad(m)}-${pad(r.start.get('day')!)}`;
}

export interface DateStamp {
  /** ISO date the stamp states, or null when it states no year ("Updated Nov 19, 6:55 AM"). */
  date: string | null;
  /** What follows the stamp on the same line (a headline, say), or '' when the line is only a stamp. */
  rest: string;
}

/** A line with no lead word is a stamp only when it is a bare date: "Tuesday, 19 November 2019, 08:38 AM". */
const STAMP_ALONE_MAX_WORDS = 8;
/** At most this many words may follow a date for the line to still be only a stamp ("/ 10:07 AM / CBS News"). */
const STAMP_TAIL_WORDS = 5;
/** A lead word followed by this few words of date and time debris is a stamp even when no year is given. */
const YEARLESS_STAMP_MAX_WORDS = 10;

// Dates in a stamp may be in the article's language; chrono's locales are tried in this order.
const OTHER_PARSERS = [chrono.de, chrono.fr, chrono.es, chrono.pt, chrono.nl, chrono.it];
// Other locales are only worth a parse when the line has one of their month names or a dotted date.
const OTHER_LOCALE_DATE = /\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\b(?:januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|januari|februari|maart|mei|augustus|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre)\b/i;
/** A month name or a numeric date: without one, no parser is asked. */
const DATE_SHAPE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/i;
const SEPARATORS = /^[\s|/,;:–—•·-]+/;
const TIME = /^\s*(?:,|at|um|à|às|a las|om|alle)?\s*\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)?\b/i;
const DATE_DEBRIS = /^(?:[\s|/,;:.–—-]|\d{1,4}|[ap]\.?m\.?|(?:mon|tue|wed|thu|fri|sat|sun)\w*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\w*|at|on|by|et|gmt|utc|[ecmp][sd]t|bst|cet|ist)+$/i;

/** The stamp lead words wherever they stand ("…6:55 AM;Posted Nov 19"), compiled once. */
const STAMP_WORDS_ANYWHERE = new RegExp(PATTERNS.stampLead.source.replace('^\\s*', '\\b'), 'gi');

/** The first result with a written year that only date debris (weekday, time, separators) precedes. */
function firstYearCertain(text: string): chrono.ParsedResult | null {
  const parsers = OTHER_LOCALE_DATE.test(text) ? [chrono.en, ...OTHER_PARSERS] : [chrono.en];
  for (const parser of parsers) {
    for (const r of parser.parse(text, REFERENCE)) {
      const before = text.slice(0, r.index).trim();
      if (before && !DATE_DEBRIS.test(before)) break;
      // "Nov 19" is not November 2019: the year must be written out.
      if (r.start.isCertain('year') && r.start.isCertain('month') && /\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b/.test(r.text)) return r;
    }
  }
  return null;
}

/**
 * Read a stamp at the start of a line. With a lead word ("Updated", "date", "Published") the date
 * must follow it; without one the line must be nothing but a full date.
 */
export function readDateStamp(line: string): DateStamp | null {
  const stripped = line.replace(SEPARATORS, '');
  const lead = PATTERNS.stampLead.exec(stripped)?.[0] ?? '';
  const words = stripped.split(/\s+/).length;
  // chrono costs ~0.2 ms a call: only lines that can be a stamp reach it.
  if (!lead && (!/\b(?:1[89]|2[01])\d{2}\b/.test(stripped) || words > STAMP_ALONE_MAX_WORDS)) return null;
  const after = stripped.slice(lead.length);
  const r = DATE_SHAPE.test(after) || OTHER_LOCALE_DATE.test(after) ? firstYearCertain(after) : null;
  if (!r) {
    // "Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM": a stamp, but it states no year to read.
    const debris = after.replace(STAMP_WORDS_ANYWHERE, ' ');
    return lead && words <= YEARLESS_STAMP_MAX_WORDS && DATE_DEBRIS.test(debris.trim()) ? { date: null, rest: '' } : null;
  }
  let rest = after.slice(r.index + r.text.length).replace(SEPARATORS, ' ');
  if (r.index > 2) rest = rest.trim();
  rest = rest.replace(TIME, '').replace(PATTERNS.counter, '').replace(SEPARATORS, '').trim();
  const restWords = rest ? rest.split(/\s+/).length : 0;
  const date = dateFromChrono(r);
  if (!date) return null;
  if (!lead) return restWords === 0 || DATE_DEBRIS.test(rest) ? { date, rest: '' } : null;
  if (restWords <= STAMP_TAIL_WORDS && !/[.!?]$/.test(rest)) return { date, rest: '' };
  return { date, rest };
}
