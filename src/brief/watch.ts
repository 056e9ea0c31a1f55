/**
 * Watchlists: saved queries a story is matched against as it changes. Takes a watchlist's query and a
 * story's digests before and after a change (with the change); gives the alert to record, or null.
 * Pure.
 *
 * A query is words and names (every one must appear: in the story's headline, its facts, its quotes,
 * or among the names and spellings of its people, organisations and places — so "Lukashenko" finds a
 * story that spells him "Lukashenka" once the analysis has merged the spellings), outlets and
 * languages (any one of each, when given), and the number of outlets at which a fact is worth an alert.
 */
import { fold, type BriefDigest, type StoryChange } from './revisions.ts';

export interface WatchQuery {
  /** Words or names, each of which must appear (a phrase matches as a phrase). */
  terms: string[];
  /** The story must be reported by one of these (empty: any). */
  outlets: string[];
  /** The story must have an article in one of these languages (empty: any). */
  languages: string[];
  /** A fact reaching this many outlets is an alert. */
  minOutlets: number;
}

export const DEFAULT_MIN_OUTLETS = 3;

export interface AlertDraft {
  /** `new-match`: the story matches for the first time (new, or changed into a match); `changed`: a matching story moved. */
  kind: 'new-match' | 'changed';
  changes: StoryChange[];
}

/** Folded and padded, so a term matches whole words (` dam ` is not in ` damage `). */
const padded = (text: string) => ` ${fold(text)} `;

/** A query as typed (`"Lukashenko" --outlet BBC`), with its parts trimmed, deduplicated and checked. */
export function watchQuery(q: Partial<WatchQuery>): WatchQuery {
  const clean = (list: string[] | undefined) => [...new Set((list ?? []).map((x) => x.trim()).filter((x) => fold(x) !== ''))];
  const query = { terms: clean(q.terms), outlets: clean(q.outlets), languages: clean(q.languages).map((l) => l.toLowerCase()), minOutlets: q.minOutlets ?? DEFAULT_MIN_OUTLETS };
  if (!query.terms.length && !query.outlets.length && !query.languages.length) throw new Error('a watchlist needs words or names, an outlet or a language');
  if (!Number.isInteger(query.minOutlets) || query.minOutlets < 2) throw new Error('the number of outlets that makes a fact an alert is a whole number from 2');
  return query;
}

export function matchesWatch(q: WatchQuery, d: BriefDigest): boolean {
  if (q.outlets.length) {
    const outlets = d.outlets.map(padded);
    if (!q.outlets.some((o) => outlets.some((x) => x.includes(padded(o))))) return false;
  }
  if (q.languages.length && !q.languages.some((l) => d.languages.includes(l))) return false;
  if (!q.terms.length) return true;
  const text = padded([d.headline ?? '', ...d.names, ...d.facts.map((f) => f.text), ...d.quotes.map((x) => x.text)].join(' \u0001 '));
  return q.terms.every((t) => text.includes(padded(t)));
}

/**
 * The alert a change makes for a watchlist: the story's first match (with what it is), or, for a story
 * that already matched, the changes a watcher is told of — a new outlet, a new conflict, a fact that
 * reaches `minOutlets` — and null for the rest (a new quote, a changed headline: on the story page,
 * not in an alert).
 */
export function alertFor(q: WatchQuery, before: BriefDigest | null, after: BriefDigest, changes: StoryChange[]): AlertDraft | null {
  if (!changes.length || !matchesWatch(q, after)) return null;
  if (!before || !matchesWatch(q, before)) {
    const headline = changes.find((c) => c.kind === 'new-story') ?? { kind: 'new-story' as const, headline: after.headline, outlets: after.outlets, articles: after.articles };
    return { kind: 'new-match', changes: [headline, ...after.conflicts.map((c) => ({ kind: 'new-conflict' as const, about: c.about, conflict: c.kind, values: c.values }))] };
  }
  const told = changes.filter((c) => c.kind === 'new-outlets' || c.kind === 'new-conflict'
    || (c.kind === 'fact-support' && c.from < q.minOutlets && c.to >= q.minOutlets)
    || (c.kind === 'new-fact' && c.outlets.length >= q.minOutlets));
  return told.length ? { kind: 'changed', changes: told } : null;
}

/** The key a receiver drops repeats of an alert by: one per watchlist, story and revision. */
export const idempotencyKey = (a: { watchlistId: number; storyId: string; seq: number }) => `storyline-alert-${a.watchlistId}-${a.storyId}-${a.seq}`;
