/**
 * Quantities a sentence states about something countable — "up to 9,000 Russian soldiers",
 * "thousands of troops", "41 million euros", "at least 12 dead" — each read as an interval, so that
 * two outlets' figures can be compared: "9,000" and "thousands" overlap (they differ in precision),
 * "9,000" and "tens of thousands" do not (they contradict). The thing counted is the head noun
 * after the number, under its concept (soldiers = troops); the words before it that say whose
 * ("Russian") are kept, because Russian and Belarusian soldiers are not the same count.
 * Durations and ages ("three years", "69 years old") are not counted things.
 */
import { CONCEPT_OF, DEMONYM } from './lexicon.ts';

export interface Quantity {
  /** The words that state it: "up to 9,000 Russian soldiers". */
  text: string;
  /** The value as stated: "up to 9,000". */
  value: string;
  low: number;
  high: number;
  /** The concept of the thing counted ("troops"). */
  unit: string;
  /** Whose, as written before the noun ("Russian"), lower case. */
  qualifiers: string[];
  start: number;
  end: number;
}

const WORD_NUMBERS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, thousand: 1000,
  'a hundred': 100, 'a thousand': 1000, 'a million': 1e6, 'one hundred': 100, 'one thousand': 1000, 'a dozen': 12,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1e6, billion: 1e9, mln: 1e6, bn: 1e9, m: 1e6 };
/** Plural magnitudes: "thousands" is more than one thousand and fewer than ten. */
const VAGUE: [RegExp, number, number][] = [
  [/^(?:several |many |some )?hundreds of thousands$/i, 1e5, 1e6 - 1],
  [/^(?:several |many |some )?tens of thousands$/i, 1e4, 1e5 - 1],
  [/^(?:several |many |some )?(?:thousands|several thousand|a few thousand)$/i, 1000, 9999],
  [/^(?:several |many |some )?(?:hundreds|several hundred|a few hundred)$/i, 100, 999],
  [/^(?:several |many |some )?dozens$/i, 12, 99],
  [/^(?:several |many |some )?millions$/i, 1e6, 1e7 - 1],
];
const BOUNDS: [RegExp, (n: number) => [number, number]][] = [
  [/^(?:up to|as many as|at most|no more than|a maximum of|bis zu|jusqu'à|hasta)\s/i, (n) => [0, n]],
  [/^(?:fewer than|less than|under|weniger als|moins de|menos de)\s/i, (n) => [0, n - 1]],
  [/^(?:more than|over|at least|upwards of|a minimum of|mehr als|über|plus de|más de)\s/i, (n) => [n, n * 10]],
  [/^(?:nearly|almost|close to|fast|presque|casi)\s/i, (n) => [n * 0.85, n]],
  [/^(?:about|around|some|roughly|approximately|an estimated|estimated|rund|etwa|ungefähr|environ|près de|unos|alrededor de)\s/i, (n) => [n * 0.85, n * 1.15]],
];

const QUALIFIER = `(?:(?:up to|as many as|at most|no more than|a maximum of|fewer than|less than|under|more than|over|at least|upwards of|a minimum of|nearly|almost|close to|about|around|some|roughly|approximately|an estimated|estimated|bis zu|mehr als|über|weniger als|rund|etwa|ungefähr|fast|jusqu'à|plus de|moins de|environ|près de|presque|hasta|más de|menos de|casi|unos|alrededor de)\\s+)?`;
const DIGITS = `\\d{1,3}(?:[,.\\u00a0\\u202f ]\\d{3})+(?![\\d])|\\d+(?:[.,]\\d+)?`;
const WORDS = Object.keys(WORD_NUMBERS).sort((a, b) => b.length - a.length).join('|');
const VAGUE_WORDS = `(?:several |many |some )?(?:hundreds of thousands|tens of thousands|thousands|hundreds|dozens|millions)|(?:several|a few) (?:hundred|thousand)`;
const NUMBER = new RegExp(
  `(?<![\\p{L}\\d$€£.,])(${QUALIFIER})(${VAGUE_WORDS}|(?:[$€£]\\s?)?(?:${DIGITS})(?:\\s?(?:million|billion|thousand|hundred|mln|bn|m)\\b)?|(?:${WORDS})(?:\\s(?:hundred|thousand|million))?)(?![\\p{L}\\d])(?:\\s+of)?`,
  'giu',
);

/** Units that measure time or age: a duration is not a count to compare. */
const TIME_UNITS = /^(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|times|jahre?n?|ans?|años?|mal|fois|o'clock|pm|am)$/i;
/** Words that end the noun phrase after the number. */
const PHRASE_STOP = /^(?:the|a|an|of|to|in|on|at|by|for|from|with|against|and|or|but|that|which|who|will|would|could|can|are|is|were|was|have|has|had|be|been|there|this|these|those|their|its|his|her|our|into|across|along|near|per|than|as|so|not|no|if|while|when|after|before|since|during|were|die|der|das|und|in|im|des|wurden|wurde|sind|waren|haben|hatten|les|de|la|le|et|en|y|el|los|ont|sont)$/i;

const GENERIC_PEOPLE = /^(?:people|persons|residents|citizens|inhabitants)$/i;
const CURRENCY = /^(?:euros?|dollars?|pounds?|roubles?|rubles?|hryvnias?|yen|yuan|francs?|kronor|kroner|zloty|lei)$/i;

/** Words that make a unit of length an area or a volume. */
const DIMENSION = /^(?:square|cubic|sq)$/i;

/** Words before the counted noun that describe it. */
const ADJECTIVE = /^(?:\p{Ll}+(?:ed|al|ive|ous|ful|ic|ary)|new|old|more|other|additional|further|young|small|large|big|local|active|regular|armed)$/u;

const parseNumber = (s: string): number => {
  const t = s.replace(/^[$€£]\s?/, '').toLowerCase();
  if (WORD_NUMBERS[t] !== undefined) return WORD_NUMBERS[t]!;
  const m = /^(.*?)(?:\s?(million|billion|thousand|hundred|mln|bn|m))?$/.exec(t)!;
  let base = m[1]!.trim();
  let n: number;
  if (WORD_NUMBERS[base] !== undefined) n = WORD_NUMBERS[base]!;
  else {
    // "9,000" and "9.000" are thousands; "2.5" and "2,5" before a scale are decimals.
    base = /^\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+$/.test(base) && !m[2] ? base.replace(/\D/g, '') : base.replace(',', '.');
    n = Number(base);
  }
  return m[2] ? n * SCALES[m[2]]! : n;
};

/** Every stated count in a sentence. `taken` are spans already read as something else (dates). */
export function findQuantities(sentence: string, taken: { start: number; end: number }[] = []): Quantity[] {
  const found: Quantity[] = [];
  for (const m of sentence.matchAll(NUMBER)) {
    const start = m.index! + (m[0].length - m[0].trimStart().length);
    const numberEnd = m.index! + m[0].length;
    if (taken.some((t) => start < t.end && t.start < numberEnd)) continue;
    const qualifier = m[1]!.trim();
    const stated = m[2]!;
    // The noun phrase after it: at most four words, up to the first function word or punctuation.
    const rest = sentence.slice(numberEnd);
    const words: string[] = [];
    let phraseEnd = numberEnd;
    for (const w of rest.matchAll(/[\s-]*([\p{L}%][\p{L}'’-]*)/guy)) {
      if (PHRASE_STOP.test(w[1]!) || words.length >= 4) break;
      words.push(w[1]!);
      phraseEnd += w[0].length;
    }
    const money = /^[$€£]/.test(stated);
    if (words.length === 0 && !money) continue;
    if (money) words.unshift('money');
    // The counted thing is the first word after those that say whose or what kind ("Russian", "armed").
    let head = 0;
    while (head < words.length - 1 && (DEMONYM.test(words[head]!) || ADJECTIVE.test(words[head]!))) head++;
    phraseEnd = money ? numberEnd : numberEnd + rest.indexOf(words[head]!) + words[head]!.length;
    let noun = words[head]!.toLowerCase();
    // "4,000 people protested" counts protesters, as "4,000 protesters" does; residents, citizens and
    // persons are people.
    if (GENERIC_PEOPLE.test(noun)) {
      const next = /^\s*(\p{L}+)/u.exec(sentence.slice(phraseEnd))?.[1]?.toLowerCase() ?? '';
      noun = CONCEPT_OF.get(next) === 'protest' ? 'protesters' : 'people';
    }
    // "800 million euros" and "€800 million" are both sums of money.
    if (CURRENCY.test(noun)) noun = 'money';
    if (TIME_UNITS.test(noun) || /^(?:old|aged?)$/.test(noun)) continue;
    const magnitude = stated.toLowerCase();
    const vague = VAGUE.find(([re]) => re.test(magnitude));
    let low: number;
    let high: number;
    if (vague) [, low, high] = vague;
    else {
      const n = parseNumber(stated);
      if (!Number.isFinite(n)) continue;
      // A year standing alone is a date, not a count ("in 2019 soldiers…" is rare; "2019" is not).
      if (!qualifier && /^(?:19|20)\d{2}$/.test(stated) && !/[$€£]/.test(stated)) continue;
      const bound = BOUNDS.find(([re]) => re.test(`${qualifier} `));
      [low, high] = bound ? bound[1](n) : [n, n];
    }
    const qualifiers = words.slice(0, head).filter((w) => DEMONYM.test(w) || /^\p{Lu}/u.test(w)).map((w) => w.toLowerCase());
    // "40 million cubic metres" is a volume, not a length: the dimension is part of the unit.
    const dimension = words.slice(0, head + 1).find((w) => DIMENSION.test(w))?.toLowerCase();
    const measured = dimension && DIMENSION.test(noun) ? words[head + 1]?.toLowerCase() : noun;
    found.push({
      text: sentence.slice(start, phraseEnd).trim(),
      value: `${qualifier ? qualifier + ' ' : ''}${stated}`,
      low,
      high,
      unit: `${dimension ? `${dimension} ` : ''}${measured ? CONCEPT_OF.get(measured) ?? measured.replace(/(?:ies)$/, 'y').replace(/(?<!s)s$/, '') : ''}`.trim(),
      qualifiers,
      start,
      end: phraseEnd,
    });
  }
  return found;
}

const DURATION = new RegExp(`(?<![\\p{L}\\d])(\\d+|${Object.keys(WORD_NUMBERS).filter((w) => !w.includes(' ')).join('|')})[\\s-]+(hour|day|week|month|year|minute)s?(?![\\p{L}])`, 'giu');

/**
 * The durations a sentence states, by unit ("for three hours" → hour: 3): counts of time are not
 * counted things (`findQuantities` skips them), but "talked for three hours" and "met for four hours"
 * are not one fact.
 */
export function durationsIn(sentence: string): Map<string, Set<number>> {
  const found = new Map<string, Set<number>>();
  for (const m of sentence.matchAll(DURATION)) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : WORD_NUMBERS[m[1]!.toLowerCase()]!;
    const unit = m[2]!.toLowerCase();
    const set = found.get(unit) ?? new Set<number>();
    set.add(n);
    found.set(unit, set);
  }
  return found;
}

/** The number a value states, without the words that bound it: "up to 2,500" and "2,500" state one number. */
export function statedNumber(value: string): string {
  return value.replace(new RegExp(`^${QUALIFIER}`, 'i'), '').trim().toLowerCase();
}

/** How two stated values relate: the same, one vaguer than the other, or incompatible. */
export function compareQuantities(a: Pick<Quantity, 'low' | 'high'>, b: Pick<Quantity, 'low' | 'high'>): 'same' | 'precision' | 'contradiction' {
  if (a.low === b.low && a.high === b.high) return 'same';
  if (a.low > b.high || b.low > a.high) return 'contradiction';
  // Overlapping ranges differ in precision when one holds the value the other states ("thousands" holds
  // "up to 9,000"); "about 12,000" and "some 15,000" overlap only at their edges: they disagree.
  const mid = (q: Pick<Quantity, 'low' | 'high'>) => (Number.isFinite(q.high) ? (q.low + q.high) / 2 : q.low);
  const holds = (q: Pick<Quantity, 'low' | 'high'>, x: number) => q.low <= x && x <= q.high;
  return holds(a, mid(b)) || holds(b, mid(a)) ? 'precision' : 'contradiction';
}
