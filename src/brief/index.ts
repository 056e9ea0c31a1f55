/**
 * Brief stage. Takes a story, its stored analysis, its articles' metadata and the claims of the other
 * stories in its storyline; gives the brief: one record per story with a cited summary, what each
 * outlet adds, and everything extracted, each item pointing back to its articles. Conflicts and the
 * summary are made here, not stored: conflicts depend on the storyline around the story, which
 * changes without the story changing, and the summary on the reader's word budget.
 */
import type { Conflict, Entity, Fact, Quote, TimelineEntry } from '../records.ts';
import { claimReach, findConflicts, type ClaimReach, type ClaimRecord, type StoryAnalysis } from '../analyze/index.ts';
import { publisherOf } from '../clean/publisher.ts';
import type { ChangesSince } from './revisions.ts';
import { outletUnique, summarize, type OutletItems, type SummarySentence } from './summarize.ts';

export { DEFAULT_WORDS } from './summarize.ts';
export { publisherOf } from '../clean/publisher.ts';
export type { OutletItems, SummarySentence } from './summarize.ts';

/** An article as the brief lists it among its sources. */
export interface Source {
  /** The article's id (what a link to it names). */
  id: string;
  ref: string;
  title: string | null;
  outlet: string | null;
  publishedAt: string | null;
  url: string | null;
}

export interface BriefStory {
  id: string;
  storylineId: string;
  headline: string | null;
  firstPublished: string | null;
  lastPublished: string | null;
  articleIds: string[];
  articleRefs: string[];
  outlets: string[];
}

export interface Brief extends Omit<BriefStory, 'storylineId' | 'articleIds'> {
  summary: SummarySentence[];
  outletUnique: OutletItems[];
  /** The story's articles, in the order of `articleRefs`, then any article of another story of the
   * storyline that a conflict cites; citations number them from 1. */
  sources: Source[];
  entities: Entity[];
  quotes: Quote[];
  timeline: TimelineEntry[];
  facts: Fact[];
  conflicts: Conflict[];
  /** Why the story could not be analyzed (its brief then lists only its sources), else null. */
  analysisFailure: string | null;
  /** What changed since a moment the reader asked about (`brief --since`), when asked. */
  changesSince?: ChangesSince;
}

export interface BriefOptions {
  /** Word budget of the summary. */
  words?: number;
}

/** What a source is called in "what each outlet adds": its publisher, or its title and file for a file. */
export function outletLabel(source: Source): string {
  const p = publisherOf(source);
  if (p.kind !== 'file') return p.name;
  return source.title ? `“${source.title}” (file ${p.name})` : `file ${p.name}`;
}

/**
 * `sources` are the story's articles; `storylineSources` gives, for the refs of other stories that its
 * conflicts cite, their sources, which the brief lists after its own so every claim can be traced
 * (asked only when a conflict cites another story).
 */
export function composeBrief(story: BriefStory, analysis: StoryAnalysis, storylineClaims: ClaimRecord[], sources: Source[],
  options: BriefOptions = {}, storylineSources: (cited: Set<string>) => Source[] = () => [], analysisFailure: string | null = null,
  conflicts = findConflicts(analysis.claims, storylineClaims)): Brief {
  const byRef = new Map(sources.map((s) => [s.ref, s]));
  const labels = new Map(sources.map((s) => [s.ref, outletLabel(s)]));
  const outletOf = (ref: string) => labels.get(ref) ?? ref;
  const cited = new Set(conflicts.flatMap((c) => c.claims.flatMap((x) => x.articleRefs)).filter((r) => !byRef.has(r)));
  const own = story.articleRefs.map((ref, i) => byRef.get(ref) ?? { id: story.articleIds[i] ?? ref, ref, title: null, outlet: null, publishedAt: null, url: null });
  return {
    id: story.id,
    headline: story.headline,
    firstPublished: story.firstPublished,
    lastPublished: story.lastPublished,
    articleRefs: story.articleRefs,
    outlets: story.outlets,
    summary: summarize(analysis.facts, analysis.candidates, { words: options.words, firstPublished: story.firstPublished }),
    outletUnique: outletUnique(analysis.facts, analysis.candidates, analysis.quotes, outletOf),
    sources: cited.size ? [...own, ...storylineSources(cited).filter((x) => cited.has(x.ref))] : own,
    entities: analysis.entities,
    quotes: analysis.quotes,
    timeline: analysis.timeline,
    facts: analysis.facts,
    conflicts,
    analysisFailure,
  };
}

/** Stories of the storyline a brief compares claims with: the nearest in time, at most this many… */
export const CONTEXT_STORIES = 200;
/** …and only those within this many days of the story (undated stories are always near). */
export const CONTEXT_DAYS = 45;

/** What composing briefs reads (from the store, or from memory in a test). */
export interface BriefReader {
  analysis(storyId: string): Promise<StoryAnalysis>;
  /** Of the given stories, the claims within reach of a story's own, by story: all that a story near it needs. */
  claimsInReach(storyIds: string[], reach: ClaimReach): Promise<Map<string, ClaimRecord[]>>;
  sources(story: BriefStory): Promise<Source[]>;
  /** Why a story could not be analyzed, or null. */
  failure(storyId: string): Promise<string | null>;
}

/**
 * Briefs of `wanted`, each set against the claims of the stories of its storyline near it in time
 * (`all` holds at least the storylines of `wanted`, grouped once). A storyline of thousands of stories
 * (a war, a campaign) is not compared whole with each of its stories: that was quadratic, and a count
 * or a date months away is another thing, not a conflict.
 */
export async function composeBriefs(wanted: BriefStory[], all: BriefStory[], reader: BriefReader, options: BriefOptions = {}): Promise<Brief[]> {
  const byLine = new Map<string, BriefStory[]>();
  for (const s of all) {
    const line = byLine.get(s.storylineId);
    if (line) line.push(s);
    else byLine.set(s.storylineId, [s]);
  }
  const near = new Map<string, (story: BriefStory) => BriefStory[]>();
  // One story at a time: a whole store's briefs do not hold every story's reads at once.
  const briefs: Brief[] = [];
  for (const s of wanted) {
    let nearOf = near.get(s.storylineId);
    if (!nearOf) near.set(s.storylineId, (nearOf = nearStories(byLine.get(s.storylineId) ?? [])));
    const others = nearOf(s);
    const analysis = await reader.analysis(s.id);
    const reach = await reader.claimsInReach(others.map((o) => o.id), claimReach(analysis.claims));
    const context = others.flatMap((o) => reach.get(o.id) ?? []);
    // Only the articles a conflict cites are read of the other stories (a storyline of hundreds of
    // stories has claims in reach in most of them: reading all their sources was most of a brief's time).
    const conflicts = findConflicts(analysis.claims, context);
    const cited = new Set(conflicts.flatMap((c) => c.claims.flatMap((x) => x.articleRefs)));
    const citedSources: Source[] = [];
    for (const o of others) {
      const refs = o.articleRefs.filter((r) => cited.has(r));
      if (refs.length) citedSources.push(...(await reader.sources({ ...o, articleRefs: refs, articleIds: refs.map((r) => o.articleIds[o.articleRefs.indexOf(r)]!) })));
    }
    briefs.push(composeBrief(s, analysis, context, await reader.sources(s), options, () => citedSources, await reader.failure(s.id), conflicts));
  }
  return briefs;
}

const DAY = 86_400_000;
const timeOf = (iso: string | null) => (iso ? Date.parse(iso.slice(0, 10)) : NaN);

/**
 * For a storyline's stories, a lookup of the others near one of them: every undated story, and the
 * dated ones whose span comes within CONTEXT_DAYS of its own, the nearest CONTEXT_STORIES of them.
 * The dated stories are sorted by start once; each lookup is a binary search and a walk outwards.
 */
function nearStories(line: BriefStory[]): (story: BriefStory) => BriefStory[] {
  // Context is given in the storyline's own order, whatever order the search found it in.
  const position = new Map(line.map((o, i) => [o.id, i]));
  const inLineOrder = (list: BriefStory[]) => list.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  const undated = line.filter((o) => Number.isNaN(timeOf(o.firstPublished)));
  const dated = line.filter((o) => !Number.isNaN(timeOf(o.firstPublished)))
    .map((o) => ({ o, from: timeOf(o.firstPublished) }))
    .sort((a, b) => a.from - b.from || (a.o.id < b.o.id ? -1 : 1));
  return (story) => {
    const from = timeOf(story.firstPublished);
    const others = undated.filter((o) => o.id !== story.id);
    if (Number.isNaN(from)) return inLineOrder([...others, ...dated.slice(0, CONTEXT_STORIES).map((d) => d.o).filter((o) => o.id !== story.id)]);
    const to = timeOf(story.lastPublished ?? story.firstPublished) || from;
    const reach = CONTEXT_DAYS * DAY;
    // First dated story starting at or after this one: walk both ways, nearest first.
    let lo = 0;
    let hi = dated.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dated[mid]!.from < from) lo = mid + 1;
      else hi = mid;
    }
    const picked: BriefStory[] = [];
    let left = lo - 1;
    let right = lo;
    while (picked.length < CONTEXT_STORIES) {
      const l = left >= 0 && dated[left]!.from >= from - reach ? dated[left]! : null;
      const r = right < dated.length && dated[right]!.from <= to + reach ? dated[right]! : null;
      if (!l && !r) break;
      const takeLeft = l && (!r || from - l.from <= r.from - from);
      const next = takeLeft ? l! : r!;
      if (takeLeft) left--;
      else right++;
      if (next.o.id !== story.id) picked.push(next.o);
    }
    return inLineOrder([...others, ...picked]);
  };
}
