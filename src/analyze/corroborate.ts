/**
 * What several outlets say alike, and where they differ. Takes the story's sentences read into keys
 * (entities by canonical name, content words by concept, resolved dates, stated counts); gives
 * facts with the articles that support each, a timeline of dated events, and conflicts between the
 * values outlets give for the same thing.
 *
 * Two sentences say the same thing when the keys of one are mostly found in the other, weighted by
 * rarity within the story (a name every sentence carries says little). Matching is asymmetric on
 * purpose: a short statement ("Putin was in Belarus three years ago") is supported by a long sentence
 * that says it among other things; the long one is not thereby supported by the short one.
 */
import type { Conflict, Fact, TimelineEntry, Claim, SentenceRef } from '../records.ts';
import type { DateMention } from './dates.ts';
import { compareQuantities, durationsIn, statedNumber, type Quantity } from './quantities.ts';
import { CONCEPT_OF, FINITE_VERB, PHRASE_CONCEPTS } from './lexicon.ts';
import { commonPrefixLength } from '../cluster/features.ts';

/** A sentence's address in its story: article and index (-1 the title). */
export const sentenceKey = (ref: string, index: number) => `${ref}\u0000${index}`;

/** A sentence of the story read for corroboration. */
export interface ReadSentence {
  ref: string;
  /** The date the sentence's relative dates were read against: its article's, else the story's. */
  reference?: string | null;
  /** Index of the sentence in its article; -1 for the title. */
  index: number;
  text: string;
  /** key → the words that gave it. Keys: `e:` entity, `c:` concept, `r:` frame word, `d:` date, `n:` count. */
  keys: Map<string, string>;
  /** The people the sentence names (or describes: "the Kremlin leader"), by canonical name, in order. */
  people: { name: string; at: number }[];
  /** Who the sentence's subject "he"/"she" is, when the sentences before tell (its `e:` key is among `keys`). */
  referent?: { name: string; pronoun: string };
  /** The `c:` keys a negation covers in this sentence ("not … send" → `c:send`). */
  negated: Set<string>;
  /** The `c:` keys a possibility covers ("could be an offensive" → `c:attack`). */
  hedged: Set<string>;
  dates: DateMention[];
  quantities: Quantity[];
  /** Share of the sentence inside quotation marks. */
  quoted: number;
  words: number;
}

/**
 * A value a sentence gives for something: a count or a date, with the sentence's keys so that claims
 * from other stories of the storyline can be compared without the sentences themselves.
 */
export interface ClaimRecord {
  kind: 'quantity' | 'date';
  ref: string;
  /** Index of the sentence in its article. */
  sentence: number;
  text: string;
  value: string;
  low: number;
  high: number;
  /** Concept counted (`troops`), or the date's precision (`day`, `month`, `year`, `range`). */
  unit: string;
  /** What happened to the counted, said in the count's own clause ("were killed" → `kill`). */
  outcome: string | null;
  qualifiers: string[];
  /** What it is about, in the words of the sentence ("Russian soldiers"). */
  about: string;
  /**
   * When a count holds: `earlier` ("before the invasion", "last year"), `at:<date>` for a date of its
   * sentence far from the article's own time ("In the flood of 2019, 5,000 were evacuated"), else `now`
   * (what is and what is planned alike). Counts of different times are different things, whatever
   * noun they count. Absent in claims stored before.
   */
  period?: string;
  /** A count of a change ("rose two metres", "by 5 percent") or of a level ("to six metres"). */
  aspect?: 'change' | 'level';
  /** The sentence's `e:` and `c:` keys, and the words that gave each. */
  keys: string[];
  words: string[];
}

/** How much a frame word ("said", "promised", "repeatedly") counts against a content word of the same rarity. */
const FRAME_WEIGHT = 0.2;
/** Fraction of a statement's weighted keys another sentence must carry to support it. */
const SUPPORT = 0.5;
/** Same, for a timeline entry: the date already agrees, so less of the rest must. */
const SAME_EVENT = 0.25;
/** Claims of a date are about the same event when this share of the smaller one's keys is shared. */
const SAME_DATED_EVENT = 0.4;
/** Concepts that say what happened to the counted: a count of dead is not a count of injured. */
const OUTCOMES = new Set(['kill', 'injure', 'arrest', 'evacuate', 'rescue', 'elect']);
/** Counted things too general to be the same thing without another shared word. */
const GENERIC_UNITS = new Set(['people', 'person', 'persons', 'resident', 'citizen', 'men', 'women', 'child', 'children', 'case', 'percent', '%', 'money']);

export type Weights = (key: string) => number;

/** Rarity weights over sets of keys: ln(1 + N/df); dates and counts weigh half again as much, frame words a fifth. */
export function keyWeights(keySets: Iterable<Iterable<string>>): Weights {
  const df = new Map<string, number>();
  let n = 0;
  for (const keys of keySets) {
    n++;
    for (const k of new Set(keys)) df.set(k, (df.get(k) ?? 0) + 1);
  }
  return (k) => {
    const w = Math.log(1 + n / (df.get(k) ?? 1));
    return k.startsWith('d:') || k.startsWith('n:') ? 1.5 * w : k.startsWith('r:') ? FRAME_WEIGHT * w : w;
  };
}

/** Share of `a`'s weighted keys that `b` carries. */
export function containment(a: Iterable<string>, b: { has(k: string): boolean }, w: Weights): number {
  let total = 0;
  let shared = 0;
  for (const k of a) {
    const x = w(k);
    total += x;
    if (b.has(k)) shared += x;
  }
  return total ? shared / total : 0;
}

const kinds = (keys: Iterable<string>, b: { has(k: string): boolean }) => {
  const shared = new Set<string>();
  for (const k of keys) if (b.has(k)) shared.add(k[0]!);
  return shared;
};

/** Weight alone is not agreement: two of a name, a concept, a date or count must be among what they share. */
function sharesTwoKinds(statement: ReadSentence, other: ReadSentence): boolean {
  const shared = kinds(statement.keys.keys(), other.keys);
  return (shared.has('c') ? 1 : 0) + (shared.has('e') ? 1 : 0) + (shared.has('d') || shared.has('n') ? 1 : 0) >= 2;
}

/**
 * "Will not send troops" is not supported by "plans to send troops", nor "Russia launched attacks" by
 * "fears there could be an attack": a concept both say must be denied by both or neither, and be a
 * possibility in both or neither.
 */
function samePolarity(statement: ReadSentence, other: ReadSentence): boolean {
  for (const k of statement.keys.keys()) {
    if (k[0] === 'c' && other.keys.has(k) && (statement.negated.has(k) !== other.negated.has(k) || statement.hedged.has(k) !== other.hedged.has(k))) return false;
  }
  return true;
}

const isStatement = (s: ReadSentence) => s.index >= 0 && s.words >= 6 && s.words <= 60 && s.quoted < 0.5 && !/\?\s*$/.test(s.text)
  && [...s.keys.keys()].some((k) => k[0] === 'd' || k[0] === 'n' || k[0] === 'e');

/** A statement and the sentence of each article (its own included) that says the same: the best one. */
export interface SupportedStatement {
  s: ReadSentence;
  support: ReadSentence[];
  /** Every sentence that says what `s` says (not only the best of each article). */
  expressedBy: ReadSentence[];
  /** Other articles among the support. */
  outlets: number;
}

/**
 * Every statement of the story with the best supporting sentence of each article (titles included: an
 * outlet's headline is what it reports; in its own article, the same thing told twice).
 */
export function supportStatements(sentences: ReadSentence[], w: Weights, budget: WorkBudget): SupportedStatement[] {
  // Postings from key to sentences: a statement is scored only against sentences sharing a key with
  // it, accumulating shared weight, instead of against every sentence of the story.
  const postings = new Map<string, number[]>();
  sentences.forEach((s, i) => {
    for (const k of s.keys.keys()) {
      const list = postings.get(k);
      if (list) list.push(i);
      else postings.set(k, [i]);
    }
  });
  const shared = new Float64Array(sentences.length);
  return sentences.filter(isStatement).map((s) => {
    let total = 0;
    const touched: number[] = [];
    // A key carried by very many sentences (a big story's main name) does not choose whom to compare
    // with: walking its list from every statement is what made a large story quadratic. Its weight is
    // added to the sentences the rarer keys found, which is all a sentence can be supported by anyway
    // unless it shares only common words with the statement.
    const common: [string, number][] = [];
    for (const k of s.keys.keys()) {
      const x = w(k);
      total += x;
      const list = postings.get(k)!;
      if (list.length > COMMON_KEY_POSTINGS) {
        common.push([k, x]);
        continue;
      }
      budget.spend(list.length);
      for (const i of list) {
        if (shared[i] === 0) touched.push(i);
        shared[i] += x;
      }
    }
    if (common.length) {
      budget.spend(touched.length * common.length);
      for (const i of touched) for (const [k, x] of common) if (sentences[i]!.keys.has(k)) shared[i] += x;
    }
    const best = new Map<string, { o: ReadSentence; score: number }>();
    const expressedBy: ReadSentence[] = [];
    const head = mainClauseKeys(s);
    for (const i of touched) {
      const o = sentences[i]!;
      const whole = shared[i]! / total; // the share of s's weighted keys that o carries
      shared[i] = 0;
      // A long statement is supported by an article that reports all of its main clause: "Kostan arrived
      // in Selmar on Tuesday for talks with the chancellor on the alliance …" by "Kostan flew to Selmar on Tuesday".
      const score = head && whole < SUPPORT && head.every((k) => o.keys.has(k)) ? SUPPORT : whole;
      if (o === s || score < SUPPORT || !sharesTwoKinds(s, o) || !samePolarity(s, o) || !compatibleCounts(s, o)) continue;
      expressedBy.push(o);
      // An article's sentence is cited before its headline: the headline says it in fewer words.
      const current = best.get(o.ref);
      const titles = current && current.o.index < 0 !== o.index < 0;
      if (!current || (titles ? current.o.index < 0 : score > current.score)) best.set(o.ref, { o, score });
    }
    const support = [...best.values()].map((b) => b.o);
    return { s, support, expressedBy, outlets: new Set(support.filter((o) => o.ref !== s.ref).map((o) => o.ref)).size };
  });
}

/**
 * The keys of a statement's main clause — up to its first clause break or the first word that opens an
 * adjunct or a subordinate clause — when that clause has a verb and at least three keys, names someone
 * or something and says what happened (an entity and a concept other than a denial); null when the
 * statement has no shorter main clause (or opens on a phrase, "During the war in Ukraine, …", which is
 * not one, or breaks inside a quotation).
 */
const ADJUNCT = /[,;:(—–]|\s(?:for|after|before|when|while|because|although|though|which|who|whom|where|whereas|as|since|until|despite|amid)\s/;
/** A clause says what happened only with a verb in it ("Russia's war against Ukraine" says nothing yet). */
const VERB = new RegExp(String.raw`\b${FINITE_VERB}\b`, 'u');
function mainClauseKeys(s: ReadSentence): string[] | null {
  const cut = ADJUNCT.exec(s.text)?.index;
  if (cut === undefined || cut < 15) return null;
  const clause = s.text.slice(0, cut);
  // A break inside a quotation is the speaker's, not the sentence's.
  if (!VERB.test(clause) || (clause.match(/[“”"„«»]/g)?.length ?? 0) % 2 === 1) return null;
  const keys = [...s.keys].filter(([k, word]) => k[0] !== 'r' && clause.includes(word)).map(([k]) => k);
  if (keys.length < 3 || keys.length === s.keys.size || !keys.some((k) => k[0] === 'e') || !keys.some((k) => k[0] === 'c' && k !== 'c:not')) return null;
  return keys;
}

/** Past this many sentences carrying it, a key no longer chooses the sentences a statement is compared with. */
const COMMON_KEY_POSTINGS = 1_000;

/**
 * A story's analysis is bounded in work, counted in comparisons (not time, so that the outcome does not
 * depend on the machine): past the bound it stops with AnalysisBudgetError, and the store records the
 * story as not analyzed, with the reason, until its articles change.
 */
export interface WorkBudget {
  spend(n: number): void;
}

export class AnalysisBudgetError extends Error {
  constructor(limit: number) {
    super(`the story is too large to analyze: it needs more than ${limit.toLocaleString('en')} sentence comparisons`);
    this.name = 'AnalysisBudgetError';
  }
}

/**
 * Comparisons one story's analysis may make: a few seconds of work. The seeds' four-article visit story
 * needs ~10,000; sixty 600-sentence articles that all say the same thing need between 10 and 100 million.
 */
export const STORY_WORK = 50_000_000;

export function workBudget(limit = STORY_WORK): WorkBudget {
  let left = limit;
  return {
    spend(n) {
      left -= n;
      if (left < 0) throw new AnalysisBudgetError(limit);
    },
  };
}

/**
 * The story's facts, most supported first. Statements with the widest support are taken first, and a
 * sentence that supports a taken fact does not start another, so one fact is not reported twice in
 * other words.
 */
export function findFacts(statements: SupportedStatement[], rank: ArticleRank): Fact[] {
  // Widest support first; among equals, a sentence of readable length, then the earliest.
  const readable = (n: number) => (n < 8 ? 8 - n : n > 35 ? n - 35 : 0);
  const candidates = [...statements].sort((a, b) => b.outlets - a.outlets || readable(a.s.words) - readable(b.s.words) || order(a.s, b.s));
  const covered = new Set<ReadSentence>();
  const facts: Fact[] = [];
  for (const c of candidates) {
    if (covered.has(c.s)) continue;
    covered.add(c.s);
    for (const o of c.support) covered.add(o);
    const refs = new Set([c.s.ref, ...c.support.map((o) => o.ref)]);
    const evidence = [c.s, ...c.support.filter((o) => o.ref !== c.s.ref)].map((o) => ({ articleRef: o.ref, sentence: o.index, text: o.text }));
    evidence.sort((a, b) => (a === evidence[0] ? -1 : b === evidence[0] ? 1 : rank.get(a.articleRef)! - rank.get(b.articleRef)!));
    facts.push({ text: c.s.text, articleRefs: sortRefs([...refs], rank), evidence });
  }
  return facts;
}

function order(a: ReadSentence, b: ReadSentence): number {
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.index - b.index;
}

/** Each article's place in the story's list. */
export type ArticleRank = Map<string, number>;

export function articleOrder(sentences: ReadSentence[]): ArticleRank {
  const rank = new Map<string, number>();
  for (const s of sentences) if (!rank.has(s.ref)) rank.set(s.ref, rank.size);
  return rank;
}

/** Refs in the order the story lists its articles. */
export function sortRefs(refs: string[], rank: ArticleRank): string[] {
  return refs.sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9));
}

/** Start of an ISO value (or period) in ms, and its end (exclusive). */
export function dateSpan(iso: string): [number, number] {
  const [a, b] = iso.includes('/') ? iso.split('/') as [string, string] : [iso, iso];
  const start = (v: string) => Date.UTC(Number(v.slice(0, 4)), v.length >= 7 ? Number(v.slice(5, 7)) - 1 : 0, v.length >= 10 ? Number(v.slice(8, 10)) : 1);
  const end = (v: string) => v.length >= 10 ? start(v) + 86_400_000 : v.length >= 7 ? Date.UTC(Number(v.slice(0, 4)), Number(v.slice(5, 7)), 1) : Date.UTC(Number(v.slice(0, 4)) + 1, 0, 1);
  return [start(a), end(b)];
}

/** Every dated event, in order of date; the same event on the same date from several articles is one entry. */
export function buildTimeline(sentences: ReadSentence[], w: Weights, rank: ArticleRank, budget: WorkBudget): TimelineEntry[] {
  interface Entry { date: string; span: [number, number]; seed: ReadSentence; seedEvent: string[]; refs: Set<string>; texts: ReadSentence[] }
  const byDate = new Map<string, Entry[]>();
  for (const s of sentences) {
    if (s.index < 0) continue;
    const event = keysBut(s);
    for (const d of new Set(s.dates.map((x) => x.date))) {
      let sameDate = byDate.get(d);
      if (!sameDate) byDate.set(d, (sameDate = []));
      budget.spend(sameDate.length);
      const same = sameDate.find((e) => e.seed.ref !== s.ref && !e.refs.has(s.ref)
        && Math.max(containment(e.seedEvent, s.keys, w), containment(event, e.seed.keys, w)) >= SAME_EVENT);
      if (same) {
        same.refs.add(s.ref);
        same.texts.push(s);
      } else sameDate.push({ date: d, span: dateSpan(d), seed: s, seedEvent: event, refs: new Set([s.ref]), texts: [s] });
    }
  }
  return [...byDate.values()].flat()
    .sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1] || b.refs.size - a.refs.size)
    .map((e) => {
      // The least quoted, then shortest, of the versions reads best out of context.
      const shown = [...e.texts].sort((a, b) => a.quoted - b.quoted || a.words - b.words)[0]!;
      const refs = sortRefs([...e.refs], rank);
      const sentenceOf = new Map(e.texts.map((t) => [t.ref, t.index]));
      const evidence = [shown, ...refs.filter((r) => r !== shown.ref).map((r) => ({ ref: r, index: sentenceOf.get(r)! }))]
        .map((t) => ({ articleRef: t.ref, sentence: t.index }));
      return { date: e.date, text: shown.text, articleRefs: refs, evidence };
    });
}

/** A sentence's keys without its dates and counts: what the event is, not when. */
function keysBut(s: ReadSentence): string[] {
  return [...s.keys.keys()].filter((k) => k[0] === 'e' || k[0] === 'c');
}

const precisionOf = (iso: string) => (iso.includes('/') ? 'range' : iso.length === 10 ? 'day' : iso.length === 7 ? 'month' : 'year');

const CLAUSE_SPLIT = /[,;.:]|\s(?:and|but|while|whereas)\s/;
/** The phrases that say an outcome ("moved to safety"), compiled once without the global flag. */
const OUTCOME_PHRASES = PHRASE_CONCEPTS.filter(([, c]) => OUTCOMES.has(c)).map(([re, c]) => [new RegExp(re.source, 'i'), c] as const);
const outcomeIn = (text: string) => OUTCOME_PHRASES.find(([re]) => re.test(text))?.[1]
  ?? text.toLowerCase().match(/\p{L}+/gu)?.map((x) => CONCEPT_OF.get(x)).find((c) => c && OUTCOMES.has(c)) ?? null;

/**
 * What happened to the counted: said after the count ("1,200 were evacuated") or, failing that, by the
 * verb of its clause before it ("crews had rescued 60 people").
 */
export function outcomeOf(sentence: string, q: Pick<Quantity, 'start' | 'end'>): string | null {
  return outcomeIn(sentence.slice(q.end).split(CLAUSE_SPLIT)[0]!) ?? outcomeIn(sentence.slice(0, q.start).split(CLAUSE_SPLIT).at(-1)!);
}

/**
 * What a count counts, for telling whether two sentences state the same fact: people by what happened
 * to them ("two people died", "two deaths" and "claimed two lives" all count the dead), else its unit.
 */
export function countKey(sentence: string, q: Quantity): string {
  let key = countKeys.get(q);
  if (key === undefined) {
    const outcome = q.unit === 'people' ? outcomeOf(sentence, q) : null;
    countKeys.set(q, (key = `n:${outcome ?? q.unit}`));
  }
  return key;
}
/** Support compares each sentence's counts with many others': each count's key is found once. */
const countKeys = new WeakMap<Quantity, string>();
const durations = new WeakMap<ReadSentence, Map<string, Set<number>>>();
const durationsOf = (s: ReadSentence) => {
  let d = durations.get(s);
  if (!d) durations.set(s, (d = durationsIn(s.text)));
  return d;
};

/**
 * Two sentences that count the same things state compatible figures: "thousands" and "up to 9,000"
 * may be one fact told with more or less precision; "four dead" and "five dead" are not one fact.
 */
function compatibleCounts(s: ReadSentence, o: ReadSentence): boolean {
  for (const q of s.quantities) {
    const k = countKey(s.text, q);
    const theirs = o.quantities.filter((r) => countKey(o.text, r) === k);
    if (theirs.length && !theirs.some((r) => compareQuantities(q, r) !== 'contradiction')) return false;
  }
  const mine = durationsOf(s);
  if (mine.size) {
    for (const [unit, values] of durationsOf(o)) {
      const own = mine.get(unit);
      if (own && ![...values].some((v) => own.has(v))) return false;
    }
  }
  return true;
}

/** The counts and dates a story's sentences give, for comparison within the storyline. */
export function collectClaims(sentences: ReadSentence[]): ClaimRecord[] {
  const claims: ClaimRecord[] = [];
  for (const s of sentences) {
    if (s.index < 0 || s.quoted >= 0.5) continue;
    const keys = keysBut(s);
    const words = keys.map((k) => s.keys.get(k)!);
    for (const q of s.quantities) {
      const clause = s.text.slice(q.end).split(CLAUSE_SPLIT)[0]!;
      const before = s.text.slice(0, q.start).split(CLAUSE_SPLIT).at(-1)!;
      const outcome = outcomeOf(s.text, q);
      claims.push({ kind: 'quantity', ref: s.ref, sentence: s.index, text: s.text, value: q.value, low: q.low, high: q.high, unit: q.unit, qualifiers: [...q.qualifiers, ...ownersIn(before)], outcome,
        about: q.text.slice(q.text.toLowerCase().indexOf(q.value.toLowerCase()) + q.value.length).replace(/^\s*of\s+/, '').trim(), keys, words,
        period: periodOf(s, q, q.end + clause.length), aspect: CHANGE_BEFORE.test(before) ? 'change' : 'level' });
    }
    for (const d of s.dates) {
      const [low, high] = dateSpan(d.date);
      // The event a date dates is told in its own clause: "The dam failed on Saturday, April 12",
      // not the rain and the flood the rest of the sentence goes on about.
      const from = Math.max(...[',', ';', ':', '—', ' – '].map((b) => s.text.lastIndexOf(b, d.start - 1))) + 1;
      const ends = [',', ';', ':', '—', ' – '].map((b) => s.text.indexOf(b, d.end)).filter((i) => i >= 0);
      const clause = s.text.slice(from, ends.length ? Math.min(...ends) : s.text.length);
      const own = keys.filter((k) => clause.includes(s.keys.get(k)!));
      const eventKeys = own.length >= 2 ? own : keys;
      claims.push({ kind: 'date', ref: s.ref, sentence: s.index, text: s.text, value: d.date, low, high, unit: precisionOf(d.date), outcome: null, qualifiers: [], about: '',
        keys: eventKeys, words: eventKeys.map((k) => s.keys.get(k)!) });
    }
  }
  return claims;
}

const DAY = 86_400_000;
/** How far apart two dates of one event may be and still be one event misdated rather than two events. */
const NEAR: Record<string, number> = { day: 7 * DAY, month: 62 * DAY, year: 2 * 366 * DAY, range: 31 * DAY };

/**
 * Whose the counted are when the clause says it before the count: "Selmar's own army has 35,000
 * soldiers", "Duravia will station 2,500 troops" — a name in the possessive, or a name that is the
 * subject of the clause's verb.
 */
const OWNER = /(?<![\p{L}])(\p{Lu}\p{Ll}+)(?:['’]s\b|\s+(?:will|would|has|have|had|is|are|was|were|can|could|plans|plan|planned|wants|sent|sends|deployed|deploys)\b)/gu;
const ownersIn = (clause: string) => [...clause.matchAll(OWNER)].map((m) => m[1]!.toLowerCase()).filter((w) => !NOT_OWNERS.has(w));
const NOT_OWNERS = new Set(['it', 'he', 'she', 'they', 'there', 'this', 'that', 'which', 'who', 'what', 'the']);

/** "Duravia" and "Duravian", "Russia" and "Russian": one owner, as a name and as an adjective. */
const sameOwner = (a: string, b: string) => {
  if (a === b) return true;
  const common = commonPrefixLength(a, b);
  return common >= 5 && common >= Math.min(a.length, b.length) - 2;
};

/** Words that place what a sentence counts before the story's own time ("Even before the invasion, …"). */
const EARLIER = /\b(?:before|prior to)\s+(?:the|its|their|his|her)\s+\p{L}+|\bago\b|\blast (?:year|month|week|spring|summer|autumn|fall|winter)\b|\bpreviously\b|\bin the past\b/iu;
/** A count that says how much something changed, not where it stands ("rose two metres", "fell by 5 percent"). */
const CHANGE_BEFORE = /\b(?:by|rose|risen|rises|rise|fell|fallen|falls|fall|dropped|drops|climbed|climbs|increased|increases|decreased|decreases|grew|grows|gained|gains|lost|jumped|jumps)\s*$/i;

/**
 * When a count holds. What is and what is planned are told alike as the story's news ("thousands will
 * be stationed", "has transferred up to 9,000"); what the sentence places before it or in another
 * year or month is another time.
 */
function periodOf(s: ReadSentence, q: Quantity, clauseEnd: number): string {
  if (EARLIER.test(s.text.slice(0, q.end))) return 'earlier';
  if (!s.reference) return 'now';
  const [refLow, refHigh] = dateSpan(s.reference);
  for (const d of s.dates) {
    // A date after the count dates it only within its clause and not as a possessive ("under last
    // year's alliance" dates the alliance, not the troops).
    if (d.start >= q.end && (d.start >= clauseEnd || /^['’]s\b/.test(s.text.slice(d.end)))) continue;
    const [low, high] = dateSpan(d.date);
    // Another year, or a day or month more than a month from the article's own time.
    const near = precisionOf(d.date) === 'year' ? 0 : precisionOf(d.date) === 'day' ? 7 * DAY : 31 * DAY;
    if (high <= refLow - near || low >= refHigh + near) return `at:${d.date}`;
  }
  return 'now';
}

/**
 * Which claims of other stories can bear on a story's own: counts of a unit it counts (a count of
 * another unit is never the same thing), dates within reach of one of its dates (beyond it two dates
 * are two events). Spans are epoch milliseconds, as the claims' `low` and `high`. An index over the
 * storyline's claims answers this, so a brief reads those claims and no others.
 */
export interface ClaimReach {
  units: string[];
  dates: [number, number][];
}

export function claimReach(own: ClaimRecord[]): ClaimReach {
  const units = new Set<string>();
  const dates: [number, number][] = [];
  for (const c of own) {
    if (c.kind === 'quantity') units.add(c.unit);
    else dates.push([c.low - NEAR[c.unit]!, c.high + NEAR[c.unit]!]);
  }
  return { units: [...units], dates };
}

/**
 * The date test of `inReach` for many claims against one reach: the reach's spans merged and sorted
 * once, each claim placed by a binary search (a story with hundreds of dates against thousands of claims).
 */
export function dateReach(reach: ClaimReach): (low: number, high: number) => boolean {
  const spans = [...reach.dates].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of spans) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return (low, high) => {
    // The last span starting at or before `high`: the only one that can reach back to `low`.
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid]![0] <= high) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && merged[lo - 1]![1] >= low;
  };
}

/** The same test as the index's, for claims already in memory. */
export function inReach(c: ClaimRecord, reach: ClaimReach): boolean {
  return c.kind === 'quantity' ? reach.units.includes(c.unit) : reach.dates.some(([from, to]) => c.high >= from && c.low <= to);
}

function relation(a: ClaimRecord, b: ClaimRecord): 'same' | 'precision' | 'contradiction' | null {
  if (a.kind === 'quantity') return compareQuantities(a, b);
  if (a.value === b.value) return 'same';
  const nested = a.low <= b.low && b.high <= a.high || b.low <= a.low && a.high <= b.high;
  // "At the weekend" and "on Sunday" agree: a period that holds the day is not a vaguer claim of it.
  if (nested) return a.unit === 'range' || b.unit === 'range' ? 'same' : 'precision';
  if (a.low < b.high && b.low < a.high) return 'precision';
  // Disjoint: one event misdated by one outlet, if the dates are near for their precision; else two events.
  const gap = Math.max(a.low, b.low) - Math.min(a.high, b.high);
  return gap <= Math.min(NEAR[a.unit]!, NEAR[b.unit]!) ? 'contradiction' : null;
}

function sameThing(a: ClaimRecord, b: ClaimRecord, w: Weights): boolean {
  if (a.ref === b.ref || a.kind !== b.kind) return false;
  const bk = new Set(b.keys);
  if (a.kind === 'quantity') {
    if (a.unit !== b.unit) return false;
    if (a.qualifiers.length && b.qualifiers.length && !a.qualifiers.some((q) => b.qualifiers.some((r) => sameOwner(q, r)))) return false;
    // What happened to the counted must be the same: dead and injured are different counts.
    if (a.outcome !== b.outcome) return false;
    // And at the same time, and a level is not a change: "thousands will be stationed" is not "tens of
    // thousands gathered before the invasion", nor is "rose two metres" "rose to six metres".
    if ((a.period ?? 'now') !== (b.period ?? 'now') || (a.aspect ?? 'level') !== (b.aspect ?? 'level')) return false;
    if (!GENERIC_UNITS.has(a.unit)) return true;
    return a.keys.some((k) => k[0] === 'c' && k !== `c:${a.unit}` && bk.has(k));
  }
  const shared = kinds(a.keys, bk);
  if (!shared.has('c') || !shared.has('e')) return false;
  const [small, large] = a.keys.length <= b.keys.length ? [a.keys, bk] : [b.keys, new Set(a.keys)];
  return containment(small, large, w) >= SAME_DATED_EVENT;
}

/** What two dated claims share, in the first one's words: concepts (what happened) before names. */
function eventWords(a: ClaimRecord, b: ClaimRecord): string {
  const shared = new Set(b.keys);
  const pick = (kind: string) => a.keys.flatMap((k, i) => (k[0] === kind && shared.has(k) ? [a.words[i]!] : []));
  return [...pick('c'), ...pick('e')].slice(0, 5).join(', ');
}

/**
 * For each claim (by index), the indexes of the claims it may be compared with, in order: counts of the
 * same unit; dates whose spans come within the widest `NEAR` of each other (a superset of the pairs
 * `relation` finds related, found by a binary search over the dates sorted by start).
 */
function comparableClaims(all: ClaimRecord[]): (i: number) => number[] {
  const byUnit = new Map<string, number[]>();
  const dates: number[] = [];
  all.forEach((c, i) => {
    if (c.kind === 'date') dates.push(i);
    else {
      const list = byUnit.get(c.unit);
      if (list) list.push(i);
      else byUnit.set(c.unit, [i]);
    }
  });
  dates.sort((a, b) => all[a]!.low - all[b]!.low || a - b);
  const starts = dates.map((i) => all[i]!.low);
  const widest = dates.reduce((m, i) => Math.max(m, all[i]!.high - all[i]!.low), 0);
  const near = Math.max(...Object.values(NEAR));
  const firstAtOrAfter = (x: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (i) => {
    const c = all[i]!;
    if (c.kind !== 'date') return byUnit.get(c.unit) ?? [];
    // b can be near a only if b starts no earlier than a.low - near - b's span, and no later than a.high + near.
    const from = firstAtOrAfter(c.low - near - widest);
    const out: number[] = [];
    for (let k = from; k < dates.length && starts[k]! <= c.high + near; k++) out.push(dates[k]!);
    return out.sort((a, b) => a - b);
  };
}

/**
 * Where outlets give different values for the same thing. `own` are the story's claims; `context`
 * those of the other stories in its storyline (a background piece may date the same event
 * differently). Each conflict sets two values side by side, with every article that gives each.
 */
export function findConflicts(own: ClaimRecord[], context: ClaimRecord[] = []): Conflict[] {
  const all = [...own, ...context];
  const ownSet = new Set(own);
  const w = keyWeights(all.map((c) => c.keys));
  // Claims of the same thing, joined into groups (union-find over comparable pairs).
  const parent = all.map((_, i) => i);
  const comparable = comparableClaims(all);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // Only pairs with a claim of the story's own: the context's claims among themselves are another
  // story's business (and comparing them all was quadratic in the storyline). And only pairs that can
  // be the same thing: counts of the same unit, dates near enough to be one event misdated.
  for (let i = 0; i < own.length; i++) {
    for (const j of comparable(i)) {
      if (j > i && relation(all[i]!, all[j]!) !== null && sameThing(all[i]!, all[j]!, w)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, ClaimRecord[]>();
  for (let i = 0; i < all.length; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(all[i]!);
    else groups.set(root, [all[i]!]);
  }
  const conflicts: Conflict[] = [];
  const width = (c: ClaimRecord) => c.high - c.low;
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    // One value, every article that gives it (the first sentence that says it stands for them).
    const values = new Map<string, { claim: ClaimRecord; refs: Set<string>; evidence: SentenceRef[]; own: boolean }>();
    for (const c of members) {
      const key = `${c.low}:${c.high}`;
      const v = values.get(key) ?? { claim: c, refs: new Set<string>(), evidence: [], own: false };
      if (!v.refs.has(c.ref)) v.evidence.push({ articleRef: c.ref, sentence: c.sentence });
      v.refs.add(c.ref);
      v.own ||= ownSet.has(c);
      values.set(key, v);
    }
    const list = [...values.values()];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        if (!a.own && !b.own) continue;
        // An article that gives both values is not in conflict with itself: they date or count two things.
        if ([...a.refs].some((r) => b.refs.has(r))) continue;
        const kind = relation(a.claim, b.claim);
        if (kind !== 'precision' && kind !== 'contradiction') continue;
        // "Up to 2,500" and "2,500" state one number: a bound on it is not a different figure.
        if (a.claim.kind === 'quantity' && statedNumber(a.claim.value) === statedNumber(b.claim.value)) continue;
        // A vague figure is set against the most precise one it holds, once: "thousands" against
        // "2,500", not also against "up to 2,500".
        if (kind === 'precision') {
          const [vague, precise] = width(a.claim) >= width(b.claim) ? [a, b] : [b, a];
          if (list.some((c) => c !== vague && c !== precise && width(c.claim) < width(precise.claim) && relation(vague.claim, c.claim) === 'precision')) continue;
        }
        if (!sameThing(a.claim, b.claim, w) && !members.some((m) => m.ref !== a.claim.ref && sameThing(a.claim, m, w))) continue;
        const claim = (v: typeof a): Claim => ({ value: v.claim.value, text: v.claim.text, articleRefs: [...v.refs], evidence: v.evidence });
        const about = a.claim.kind === 'quantity' ? `number of ${a.claim.about || a.claim.unit}` : `date of ${eventWords(a.claim, b.claim)}`;
        conflicts.push({ about, kind, claims: [claim(a), claim(b)] });
      }
    }
  }
  // Contradictions first: they are what a reader must not miss.
  return conflicts.sort((x, y) => (x.kind === y.kind ? 0 : x.kind === 'contradiction' ? -1 : 1));
}
