/**
 * Dates a sentence mentions, resolved against the article's publication date (or the story's, for an
 * undated article; never today's) into ISO values whose precision is what the text states:
 * `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or `start/end` for a period.
 *
 * chrono-node reads the common forms in seven languages. Around it sits a short ordered list of small
 * parsers (chrono's own style) for what it misses or misreads in news: periods of a year ("the first
 * few months of 2023", "late 2021"), "the first … in three years" (a duration back from the reference,
 * not three years ahead), weeks and weekends as periods, and bare years ("since 1994", "the 2020
 * protests"). News is written about the past, so a date chrono places after the reference moves back
 * (a week for a weekday, a year for a day and month) unless the sentence speaks of the future.
 */
import * as chrono from 'chrono-node';
import { quotedSpans } from './sentences.ts';

export interface DateMention {
  /** The words that state the date. */
  text: string;
  start: number;
  end: number;
  /** ISO value at the stated precision, or a `start/end` period. */
  date: string;
}

const LOCALES: Record<string, chrono.Chrono> = {
  en: chrono.en.casual, de: chrono.de.casual, fr: chrono.fr.casual, es: chrono.es.casual,
  pt: chrono.pt.casual, nl: chrono.nl.casual, it: chrono.it.casual,
};

/** What every date English chrono reads contains (a superset: it only decides whether chrono runs). */
const EN_TIME_CUE = new RegExp(String.raw`\d|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`
  + String.raw`|(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)\w*`
  + String.raw`|now|today|tonight|tomorrow|overmorrow|tmrw?|yesterday|night|morning|afternoon|evening|midnight|midday|noon`
  + String.raw`|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|wks?|weeks?|fortnights?|mos|months?|qtrs?|quarters?|yrs?|years?|decades?|centur(?:y|ies)|weekends?`
  + String.raw`|(?:this|last|past|next|after)\s*(?:s|m|h|d|w|y|mo|ms))\b`, 'i');

/** Words that move a sentence into the future; without one, an ambiguous date is taken as past. */
const PLAIN_FUTURE = /\b(?:will|won't|shall|next|going to|from now|wird|werden|nächsten?|sera|seront|será|zal)\b/i;
/** The modal "may", never the month: matched case-sensitively, apart from the other cues. */
const MODAL_MAY = /\bmay\b/;
const speaksOfFuture = (text: string) => FUTURE_CUE.test(text) || MODAL_MAY.test(text);
const FUTURE_CUE = /\b(?:will|won't|shall|next|plans?|planned|planning|scheduled|upcoming|expected|intends?|going to|is to|are to|to be held|as early as|from now|might|could|would|wird|werden|nächsten?|soll|sollen|plant|prochaine?|sera|seront|va|vont|próxim[oa]|será|volgende|zal|prossim[oa])\b/i;

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, a: 1, an: 1,
};
const COUNT = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const YEAR = '((?:19|20)\\d{2})';

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const isoMonth = (y: number, m: number) => `${y}-${pad(m)}`;
const DAY_MS = 86_400_000;

interface Context {
  sentence: string;
  reference: Date | null;
  /** The text speaks of what is to come ("will", "plans", "would"…): do not move dates into the past. */
  future: boolean;
  /** It says so plainly ("will", "next"), not as reported intent ("would"): a month gone by is next year's. */
  plainFuture: boolean;
}

/** One small parser: a pattern and what a match means, or null to let it pass. */
interface Parser {
  /** Global: every match in the sentence is read. */
  re: RegExp;
  /** Which capture group is the stated date (the rest of the match is context); 0 = whole match. */
  group?: number;
  resolve: (m: RegExpExecArray, ctx: Context) => string | null;
}

function countOf(word: string): number {
  return /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word.toLowerCase()] ?? NaN;
}

/** Month ranges of the named parts of a year. */
const YEAR_PARTS: [RegExp, number, number][] = [
  [/^(?:first|opening|early)\b.*\b(?:half)$/i, 1, 6],
  [/^(?:last|final|closing|late)\b.*\b(?:half)$/i, 7, 12],
  [/^(?:first|opening)\b.*\bquarter$/i, 1, 3],
  [/^(?:last|final)\b.*\bquarter$/i, 10, 12],
  [/^(?:first|opening|early)\b/i, 1, 3],
  [/^(?:last|final|closing|late)\b/i, 10, 12],
];

/** Before chrono: forms it does not know, or reads as something else. */
const BEFORE_CHRONO: Parser[] = [
  {
    // "the first few months of 2023", "the last weeks of 2021", "the first half of 2020"
    re: new RegExp(`\\b(?:the\\s+)?((?:first|last|final|opening|closing|early|late)\\s+(?:few\\s+|couple of\\s+|several\\s+|two\\s+|three\\s+)?(?:months|weeks|days|half|quarter))\\s+of\\s+${YEAR}\\b`, 'gi'),
    resolve: (m) => {
      const y = Number(m[2]);
      const part = YEAR_PARTS.find(([re]) => re.test(m[1]!));
      return part ? `${isoMonth(y, part[1])}/${isoMonth(y, part[2])}` : null;
    },
  },
  {
    // "early 2021", "mid-2020", "late 2019"
    re: new RegExp(`\\b(early|mid|late)[- ]${YEAR}\\b`, 'gi'),
    resolve: (m) => {
      const y = Number(m[2]);
      const [a, b] = { early: [1, 4], mid: [5, 8], late: [9, 12] }[m[1]!.toLowerCase() as 'early' | 'mid' | 'late'];
      return `${isoMonth(y, a!)}/${isoMonth(y, b!)}`;
    },
  },
  {
    // "the first visit in three years", "the highest for a decade": a duration back from the reference,
    // which chrono would read as three years ahead.
    re: new RegExp(`\\b(?:first|last|highest|lowest|biggest|largest|worst|best|most|least|longest)\\b[^.;:!?]{0,60}?\\b((?:in|for)\\s+(?:more than\\s+|over\\s+|almost\\s+|nearly\\s+|about\\s+)?${COUNT}\\s+(years?|months?|decades?))\\b`, 'gi'),
    group: 1,
    resolve: (m, ctx) => {
      if (!ctx.reference) return null;
      const n = countOf(m[2]!);
      const unit = m[3]!.toLowerCase();
      const d = new Date(ctx.reference);
      if (unit.startsWith('decade')) return String(d.getUTCFullYear() - 10 * n);
      if (unit.startsWith('year')) return String(d.getUTCFullYear() - n);
      d.setUTCMonth(d.getUTCMonth() - n);
      return isoMonth(d.getUTCFullYear(), d.getUTCMonth() + 1);
    },
  },
  {
    // "at the weekend", "over the weekend", "this weekend": Saturday and Sunday, the last ones unless future.
    re: /\b(?:at|over|during|on|this|last)\s+(?:the\s+)?weekend\b/gi,
    resolve: (m, ctx) => {
      if (!ctx.reference) return null;
      const ref = ctx.reference.getTime();
      const dow = ctx.reference.getUTCDay();
      const next = ctx.future || /^this/i.test(m[0]) && dow === 6;
      const saturday = next ? ref + ((6 - dow + 7) % 7) * DAY_MS : ref - ((dow + 1) % 7) * DAY_MS;
      return `${isoDay(new Date(saturday))}/${isoDay(new Date(saturday + DAY_MS))}`;
    },
  },
  {
    // "this week", "earlier this week", "last week", "next week": Monday to Sunday.
    re: /\b(this|last|next|previous|past)\s+week\b/gi,
    resolve: (m, ctx) => {
      if (!ctx.reference) return null;
      const shift = { this: 0, last: -1, previous: -1, past: -1, next: 1 }[m[1]!.toLowerCase() as 'this'] ?? 0;
      const dow = (ctx.reference.getUTCDay() + 6) % 7; // Monday = 0
      const monday = ctx.reference.getTime() - dow * DAY_MS + shift * 7 * DAY_MS;
      return `${isoDay(new Date(monday))}/${isoDay(new Date(monday + 6 * DAY_MS))}`;
    },
  },
];

/** After chrono: a year on its own ("since 1994", "the 2020 protests", "in 1991."), not a count. */
const AFTER_CHRONO: Parser[] = [
  {
    re: new RegExp(`(?:\\b(?:in|since|until|till|by|from|of|during|before|after|around|the|seit|im|bis|von|depuis|en|dès|desde|hasta|sinds|dal|nel)\\s+|\\b(?:mid|early|late)-)${YEAR}(?![\\d,.]\\d)(?!\\s*(?:%|percent|per cent|km|kilomet|met|mile|people|soldiers|troops|dollars|euros))`, 'gi'),
    group: 1,
    resolve: (m) => m[1]!,
  },
  {
    re: new RegExp(`(?<![\\d,.$€£])\\b${YEAR}(?=\\s*[,.;:)]|\\s*$)`, 'gi'),
    group: 1,
    resolve: (m) => m[1]!,
  },
];

/** chrono's months are capitalised in English; "march" and "may" in lower case are verbs. */
const LOWER_MONTH = /^(?:march|may|june|august)\b/;
/** Durations and clock times are not dates of events. */
const NOT_A_DATE = /^(?:for|within|now|right now|tonight|this morning|this evening)\b|^weekdays?$|^(?:(?:after|for|within|over|in)\s+)?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+(?:days?|weeks?|months?|years?)(?:\s+(?:after|later|before|earlier|on))?$/i;

/** A future cue in the few words right before a date, in its clause: the date is when that will happen. */
function futureJustBefore(sentence: string, at: number): boolean {
  const before = sentence.slice(Math.max(0, at - 40), at);
  const clause = before.slice(Math.max(...[',', ';', ':', '.'].map((p) => before.lastIndexOf(p))) + 1);
  return speaksOfFuture(clause);
}

/** The tense of a quote is its own. */
const speaking = (quote: string, ctx: Context): Context => ({ ...ctx, future: speaksOfFuture(quote), plainFuture: PLAIN_FUTURE.test(quote) });

function resolveChrono(r: chrono.ParsedResult, ctx: Context): string | null {
  const s = r.start;
  if (LOWER_MONTH.test(r.text) || NOT_A_DATE.test(r.text)) return null;
  const certain = (c: 'year' | 'month' | 'day' | 'weekday') => s.isCertain(c);
  const relative = r.tags().has('result/relativeDate');
  if (!certain('year') && !certain('month') && !certain('day') && !certain('weekday') && !relative) return null;
  const hasYear = certain('year');
  // Without a reference, only what the text states in full can be resolved.
  if (!ctx.reference && (!hasYear || relative)) return null;
  let date = s.date();
  const ref = ctx.reference;
  if (!hasYear && certain('month') && certain('day') && certain('weekday') && ref) {
    // "Friday, February 25": the year in which that day is a Friday, nearest the reference (past first).
    const years = ctx.future ? [0, 1, -1, -2, 2] : [0, -1, -2, -3, 1];
    const month = s.get('month')! - 1;
    const day = s.get('day')!;
    const weekday = s.get('weekday')!;
    const y = years.map((k) => ref.getUTCFullYear() + k).find((yr) => new Date(Date.UTC(yr, month, day)).getUTCDay() === weekday
      && (ctx.future || Date.UTC(yr, month, day) <= ref.getTime() + DAY_MS));
    if (y !== undefined) date = new Date(Date.UTC(y, month, day, 12));
  } else if (ref && !hasYear && date.getTime() > ref.getTime() + DAY_MS && !ctx.future) {
    // News is about the past: a weekday moves back a week, a day or month of the year back a year.
    if (certain('month') || certain('day')) date = new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate(), 12));
    else date = new Date(date.getTime() - 7 * DAY_MS);
  } else if (ref && !hasYear && !relative && ctx.plainFuture && certain('month') && isoMonth(date.getUTCFullYear(), date.getUTCMonth() + 1) < isoMonth(ref.getUTCFullYear(), ref.getUTCMonth() + 1)) {
    // Said of the future, a month already past this year is next year's: "from May" in June.
    date = new Date(Date.UTC(date.getUTCFullYear() + 1, date.getUTCMonth(), date.getUTCDate(), 12));
  }
  if (ref && !hasYear && !relative && certain('weekday') && !certain('day') && date.getTime() < ref.getTime() - DAY_MS
    && futureJustBefore(ctx.sentence, r.index)) {
    // "restrictions would start on Saturday": a weekday the verb before it puts in the future is the next one.
    date = new Date(date.getTime() + 7 * DAY_MS);
  }
  if (certain('day') || certain('weekday')) return isoDay(date);
  if (certain('month')) return isoMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
  return String(date.getUTCFullYear());
}

function runParsers(parsers: Parser[], ctx: Context, taken: DateMention[]): void {
  for (const p of parsers) {
    for (const m of ctx.sentence.matchAll(p.re)) {
      const stated = m[p.group ?? 0]!;
      const start = m.index! + m[0].lastIndexOf(stated);
      const end = start + stated.length;
      if (taken.some((t) => start < t.end && t.start < end)) continue;
      const date = p.resolve(m as RegExpExecArray, ctx);
      if (date) taken.push({ text: stated, start, end, date });
    }
  }
}


/**
 * The dates a sentence mentions. `reference` is the publication date of its article (or of its story,
 * for an undated article), an ISO date; null resolves only dates written out in full.
 */
export function findDates(sentence: string, lang: string, reference: string | null): DateMention[] {
  const ref = reference ? new Date(`${reference.slice(0, 10)}T12:00:00Z`) : null;
  // Quoted words set their own tense: "“The tolls will fall next year,” she said" is the future
  // though the narration is past.
  const quoted = quotedSpans(sentence);
  const narration = quoted.reduce((s, [a, b]) => s.slice(0, a) + ' '.repeat(b - a) + s.slice(b), sentence);
  const ctx: Context = { sentence, reference: ref && !Number.isNaN(ref.getTime()) ? ref : null, future: speaksOfFuture(narration), plainFuture: PLAIN_FUTURE.test(narration) };
  const found: DateMention[] = [];
  runParsers(BEFORE_CHRONO, ctx, found);
  const parser = LOCALES[lang] ?? LOCALES.en!;
  // English chrono finds a date only around a digit, a month or weekday name, a casual day word or a
  // unit of time: most sentences have none, and its thirty parsers cost a fifth of the analysis.
  const results = parser === LOCALES.en && !EN_TIME_CUE.test(sentence) ? []
    : parser.parse(sentence, ctx.reference ? { instant: ctx.reference, timezone: 'UTC' } : new Date(Date.UTC(2000, 0, 1)));
  for (const r of results) {
    const start = r.index;
    const end = start + r.text.length;
    if (found.some((t) => start < t.end && t.start < end)) continue;
    const quote = quoted.find(([a, b]) => start >= a && end <= b);
    const date = resolveChrono(r, quote ? speaking(sentence.slice(quote[0], quote[1]), ctx) : ctx);
    // When a quote was spoken is known only roughly (around the report), so "today" or "on Monday"
    // inside one is not resolved; "next year" and "in May" are robust to a few days either way.
    if (quote && date && date.length === 10 && !/\d{4}/.test(r.text)) continue;
    if (date) found.push({ text: r.text.replace(/^(?:on|in|at|am|im|le|el)\s+/i, '').replace(/[\s,.;:]+$/, ''), start, end, date });
  }
  runParsers(AFTER_CHRONO, ctx, found);
  return found.sort((a, b) => a.start - b.start);
}
