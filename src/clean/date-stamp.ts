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

function dateFromChrono(s: string): string | null {
  const r = chrono.parse(s, REFERENCE)[0];
  if (!r || !r.start.isCertain('year')) return null;
  const y = r.start.get('year')!;
  const m = r.start.get('month')!;
  if (!r.start.isCertain('month')) return String(y);
  if (!r.start.isCertain('day')) return `${y}-${pad(m)}`;
  return `${y}-${pad(m)}-${pad(r.start.get('day')!)}`;
}

export interface DateStamp {
  /** ISO date the stamp states. */
  date: string;
  /** What follows the stamp on the same line (a headline, say), or '' when the line is only a stamp. */
  rest: string;
}

/** A line with no lead word is a stamp only when it is a bare date: "Tuesday, 19 November 2019, 08:38 AM". */
const STAMP_ALONE_MAX_WORDS = 8;
/** At most this many words may follow a date for the line to still be only a stamp ("/ 10:07 AM / CBS News"). */
const STAMP_TAIL_WORDS = 5;

/**
 * Read a stamp at the start of a line. With a lead word ("Updated", "date", "Published") the date
 * must follow it; without one the line must be nothing but a full date.
 */
export function readDateStamp(line: string): DateStamp | null {
  const lead = PATTERNS.stampLead.exec(line)?.[0] ?? '';
  // chrono costs ~0.2 ms a call: only lines that can be a stamp reach it.
  if (!lead && (!/\b(?:1[89]|2[01])\d{2}\b/.test(line) || line.split(/\s+/).length > STAMP_ALONE_MAX_WORDS)) return null;
  const after = line.slice(lead.length);
  const r = chrono.parse(after, REFERENCE)[0];
  if (!r || r.index > 2 || !r.start.isCertain('year') || !r.start.isCertain('month')) return null;
  let rest = after.slice(r.index + r.text.length);
  rest = rest.replace(/^\s*(?:,|at|um|à|a las|om)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)?\b/i, '');
  rest = rest.replace(PATTERNS.counter, '').replace(/^[\s|/,;:–—-]+/, '').trim();
  const restWords = rest ? rest.split(/\s+/).length : 0;
  const date = dateFromChrono(r.text);
  if (!date) return null;
  if (!lead) return restWords === 0 ? { date, rest: '' } : null;
  if (restWords <= STAMP_TAIL_WORDS && !/[.!?]$/.test(rest)) return { date, rest: '' };
  return { date, rest };
}
