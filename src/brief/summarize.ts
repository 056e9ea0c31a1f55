/**
 * The summary of a story and what each outlet adds. Takes the stored analysis (facts with their
 * support, sentences that read on their own with the facts each expresses); gives sentences chosen
 * under a word budget, each with every article that says what it says.
 *
 * Selection is greedy coverage of facts weighted by the number of articles reporting them (the
 * pyramid idea: what most outlets report first), so a sentence that says two widely reported things
 * beats one that says one, and a fact already said earns nothing — no two sentences say the same
 * thing. The order is the order of events: sentences dated within the story's days by date, undated
 * ones at the date of the lead, background (dates long before) after the events, then by where the
 * sentence stands in its article.
 */
import type { Fact, Quote, SentenceRef } from '../records.ts';
import type { SummaryCandidate } from '../analyze/index.ts';
import { dateSpan, sentenceKey } from '../analyze/corroborate.ts';

export interface SummarySentence {
  text: string;
  articleRefs: string[];
  /** The sentence of each article that says it (the one shown first). */
  evidence: SentenceRef[];
}

export interface OutletItems {
  outlet: string;
  items: { text: string; articleRefs: string[]; evidence: SentenceRef[] }[];
}

export const DEFAULT_WORDS = 130;
const MIN_SENTENCES = 4;
const MAX_SENTENCES = 8;
const DAY = 86_400_000;
/** How much a sentence's length counts against what it says (0: not at all; 1: per word). */
const LENGTH_COST = 0.5;
/** How much less the last sentence of an article counts than its lead, other things equal. */
const POSITION_COST = 0.2;
/** Days before the first report that still count as the story's own events ("on Monday" in a Wednesday report). */
const EVENT_WINDOW_DAYS = 10;

export function summarize(facts: Fact[], candidates: SummaryCandidate[], options: { words?: number; firstPublished?: string | null } = {}): SummarySentence[] {
  const budget = options.words ?? DEFAULT_WORDS;
  const weight = facts.map((f) => f.articleRefs.length);
  const covered = new Set<number>();
  const chosen: SummaryCandidate[] = [];
  let used = 0;
  while (chosen.length < MAX_SENTENCES) {
    let best: { c: SummaryCandidate; score: number } | null = null;
    for (const c of candidates) {
      if (chosen.includes(c)) continue;
      // Past the budget only while the summary is shorter than its minimum, and then with the shortest.
      if (used + c.words > budget && chosen.length >= MIN_SENTENCES) continue;
      let gain = 0;
      let total = 0;
      for (const f of c.facts) {
        total += weight[f]!;
        if (!covered.has(f)) gain += weight[f]!;
      }
      // Mostly said already: it would repeat the summary.
      if (gain === 0 || gain * 2 < total || chosen.some((d) => restates(c, d))) continue;
      // Gain per sentence matters (a reader reads sentences); length is paid for, lightly; what an
      // article puts first it holds most important (which decides among facts one outlet reports).
      const score = (gain / (c.words + 10) ** LENGTH_COST) * (1 - POSITION_COST * c.position);
      if (!best || score > best.score) best = { c, score };
    }
    if (!best) break;
    chosen.push(best.c);
    used += best.c.words;
    for (const f of best.c.facts) covered.add(f);
    if (used >= budget && chosen.length >= MIN_SENTENCES) break;
  }
  return inReadingOrder(chosen, options.firstPublished ?? null).map((c) => ({ text: c.text, articleRefs: c.articleRefs, evidence: evidenceOf(c, facts) }));
}

/** The sentence shown, then for each other article that says the same, its sentence of a fact the sentence expresses. */
function evidenceOf(c: SummaryCandidate, facts: Fact[]): SentenceRef[] {
  const out: SentenceRef[] = [{ articleRef: c.articleRef, sentence: c.sentence }];
  for (const ref of c.articleRefs) {
    if (ref === c.articleRef) continue;
    for (const f of c.facts) {
      const e = facts[f]?.evidence.find((x) => x.articleRef === ref);
      if (e) {
        out.push({ articleRef: ref, sentence: e.sentence });
        break;
      }
    }
  }
  return out;
}

/**
 * Two sentences that facts did not group can still say one thing ("About 12,000 commuters cross the
 * bridge on a normal weekday" and "About 12,000 people cross it on a weekday"): most of the shorter
 * one's words, numbers included, are in the other.
 */
const wordSets = new WeakMap<SummaryCandidate, Set<string>>();
function wordsOf(c: SummaryCandidate): Set<string> {
  let set = wordSets.get(c);
  if (!set) wordSets.set(c, (set = new Set(c.text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N},.]*[\p{L}\p{N}]/gu)?.filter((w) => w.length >= 3) ?? [])));
  return set;
}

function restates(a: SummaryCandidate, b: SummaryCandidate): boolean {
  const [x, y] = [wordsOf(a), wordsOf(b)];
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return small.size > 0 && shared / small.size >= 0.6;
}

/** Events in the order they happened; undated sentences at the lead's date; background last. */
function inReadingOrder(chosen: SummaryCandidate[], firstPublished: string | null): SummaryCandidate[] {
  if (!chosen.length) return chosen;
  const first = firstPublished ? dateSpan(firstPublished.slice(0, 10))[0] : null;
  const eventTime = (c: SummaryCandidate): number | null => {
    const spans = c.dates.map(dateSpan).filter(([a, b]) => b - a <= 2 * DAY);
    const own = first === null ? spans : spans.filter(([a]) => a >= first - EVENT_WINDOW_DAYS * DAY);
    return own.length ? Math.min(...own.map(([a]) => a)) : null;
  };
  const background = (c: SummaryCandidate) => first !== null && eventTime(c) === null && c.dates.some((d) => dateSpan(d)[1] < first - EVENT_WINDOW_DAYS * DAY);
  const lead = chosen[0]!;
  const leadTime = eventTime(lead) ?? first ?? 0;
  const keyed = chosen.map((c) => ({ c, key: [background(c) ? 1 : 0, eventTime(c) ?? leadTime, c === lead ? -1 : c.position] }));
  keyed.sort(({ key: x }, { key: y }) => x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!);
  return keyed.map((k) => k.c);
}

/**
 * Per outlet, what only it reports: facts no other article supports (in the words of a sentence that
 * reads on its own) and quotes no other article carries, lead first, at most `limit` of each.
 */
export function outletUnique(facts: Fact[], candidates: SummaryCandidate[], quotes: Quote[], outletOf: (ref: string) => string, limit = 3): OutletItems[] {
  const readable = new Map(candidates.map((c) => [sentenceKey(c.articleRef, c.sentence), c]));
  const fold = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const foldedQuotes = quotes.map((q) => fold(q.text));
  const quoteOutlets = quotes.map((q) => outletOf(q.articleRef));
  const byOutlet = new Map<string, { facts: SummaryCandidate[]; quotes: OutletItems['items'] }>();
  const of = (ref: string) => {
    const outlet = outletOf(ref);
    let items = byOutlet.get(outlet);
    if (!items) byOutlet.set(outlet, (items = { facts: [], quotes: [] }));
    return items;
  };
  for (const f of facts) {
    if (new Set(f.articleRefs.map(outletOf)).size !== 1) continue;
    const e = f.evidence[0]!;
    const c = readable.get(sentenceKey(e.articleRef, e.sentence));
    if (!c) continue;
    // A sentence that carries a quote is listed as the quote, once.
    const text = fold(c.text);
    if (!quotes.some((q, i) => q.articleRef === e.articleRef && text.includes(foldedQuotes[i]!))) of(e.articleRef).facts.push(c);
  }
  quotes.forEach((q, i) => {
    if (q.text.split(/\s+/).length < 5 || !q.speaker) return;
    const t = foldedQuotes[i]!;
    const elsewhere = quotes.some((_, j) => quoteOutlets[j] !== quoteOutlets[i] && (foldedQuotes[j]!.includes(t) || t.includes(foldedQuotes[j]!)));
    if (!elsewhere) of(q.articleRef).quotes.push({ text: `${q.speaker}: “${q.text}”`, articleRefs: [q.articleRef], evidence: [{ articleRef: q.articleRef, sentence: q.sentence }] });
  });
  return [...byOutlet].map(([outlet, items]) => ({
    outlet,
    items: [
      // Facts lead first, then quotes in the order they were said.
      ...items.facts.sort((a, b) => a.position - b.position).slice(0, limit).map((c) => ({ text: c.text, articleRefs: [c.articleRef], evidence: [{ articleRef: c.articleRef, sentence: c.sentence }] })),
      ...items.quotes.slice(0, limit),
    ],
  })).sort((a, b) => a.outlet.localeCompare(b.outlet));
}
