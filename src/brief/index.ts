/**
 * Brief stage. Takes a story, its stored analysis, its articles' metadata and the claims of the other
 * stories in its storyline; gives the brief: one record per story with a cited summary, what each
 * outlet adds, and everything extracted, each item pointing back to its articles. Conflicts and the
 * summary are made here, not stored: conflicts depend on the storyline around the story, which
 * changes without the story changing, and the summary on the reader's word budget.
 */
import type { Conflict, Entity, Fact, Quote, TimelineEntry } from '../records.ts';
import { findConflicts, type ClaimRecord, type StoryAnalysis } from '../analyze/index.ts';
import { outletUnique, summarize, type OutletItems, type SummarySentence } from './summarize.ts';

export { DEFAULT_WORDS } from './summarize.ts';
export type { OutletItems, SummarySentence } from './summarize.ts';

/** An article as the brief lists it among its sources. */
export interface Source {
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
}

export interface BriefOptions {
  /** Word budget of the summary. */
  words?: number;
}

/** What a source is called in "what each outlet adds": its outlet, else its site, else its file name. */
export function outletLabel(source: Source): string {
  if (source.outlet) return source.outlet;
  if (source.url) {
    try {
      return new URL(source.url).hostname.replace(/^www\./, '');
    } catch { /* not a URL: fall through to the ref */ }
  }
  return source.ref.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || source.ref;
}

/**
 * `sources` are the story's articles; `storylineSources` those of the other stories of its storyline,
 * of which the brief lists (after its own) the ones a conflict cites, so every claim can be traced.
 */
export function composeBrief(story: BriefStory, analysis: StoryAnalysis, storylineClaims: ClaimRecord[], sources: Source[],
  options: BriefOptions = {}, storylineSources: Source[] = []): Brief {
  const byRef = new Map(sources.map((s) => [s.ref, s]));
  const labels = new Map(sources.map((s) => [s.ref, outletLabel(s)]));
  const outletOf = (ref: string) => labels.get(ref) ?? ref;
  const conflicts = findConflicts(analysis.claims, storylineClaims);
  const cited = new Set(conflicts.flatMap((c) => c.claims.flatMap((x) => x.articleRefs)));
  const own = story.articleRefs.map((ref) => byRef.get(ref) ?? { ref, title: null, outlet: null, publishedAt: null, url: null });
  return {
    id: story.id,
    headline: story.headline,
    firstPublished: story.firstPublished,
    lastPublished: story.lastPublished,
    articleRefs: story.articleRefs,
    outlets: story.outlets,
    summary: summarize(analysis.facts, analysis.candidates, { words: options.words, firstPublished: story.firstPublished }),
    outletUnique: outletUnique(analysis.facts, analysis.candidates, analysis.quotes, outletOf),
    sources: [...own, ...storylineSources.filter((x) => cited.has(x.ref) && !byRef.has(x.ref))],
    entities: analysis.entities,
    quotes: analysis.quotes,
    timeline: analysis.timeline,
    facts: analysis.facts,
    conflicts,
  };
}

/**
 * Briefs of `wanted`, each set against the claims of the other stories of its storyline (`all` is
 * every story, grouped by storyline once). `readAnalysis` reads a story's stored analysis.
 */
export function composeBriefs(wanted: BriefStory[], all: BriefStory[], readAnalysis: (storyId: string) => StoryAnalysis,
  readSources: (story: BriefStory) => Source[], options: BriefOptions = {}): Brief[] {
  // Each analysis is read once, though a story serves as context to every other of its storyline.
  const read = new Map<string, StoryAnalysis>();
  const analysisOf = (id: string) => {
    let a = read.get(id);
    if (!a) read.set(id, (a = readAnalysis(id)));
    return a;
  };
  const byLine = new Map<string, BriefStory[]>();
  for (const s of all) byLine.set(s.storylineId, [...(byLine.get(s.storylineId) ?? []), s]);
  return wanted.map((s) => {
    const others = (byLine.get(s.storylineId) ?? []).filter((o) => o.id !== s.id);
    const context = others.flatMap((o) => analysisOf(o.id).claims);
    // The other stories' sources are read only when a conflict may cite them.
    return composeBrief(s, analysisOf(s.id), context, readSources(s), options, context.length ? others.flatMap(readSources) : []);
  });
}
