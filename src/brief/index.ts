/**
 * Brief stage. Takes a story, its stored analysis and the claims of the other stories in its
 * storyline; gives the brief: one record per story with everything extracted, each item pointing
 * back to its articles. Conflicts are found here, not stored, because they depend on the storyline
 * around the story, which changes without the story changing. (The summary and the Markdown and
 * HTML renderings come next, issue 6.)
 */
import type { Conflict, Entity, Fact, Quote, TimelineEntry } from '../records.ts';
import { findConflicts, type ClaimRecord, type StoryAnalysis } from '../analyze/index.ts';

export interface BriefStory {
  id: string;
  storylineId: string;
  headline: string | null;
  firstPublished: string | null;
  lastPublished: string | null;
  articleRefs: string[];
  outlets: string[];
}

export interface Brief extends Omit<BriefStory, 'storylineId'> {
  entities: Entity[];
  quotes: Quote[];
  timeline: TimelineEntry[];
  facts: Fact[];
  conflicts: Conflict[];
}

export function composeBrief(story: BriefStory, analysis: StoryAnalysis, storylineClaims: ClaimRecord[]): Brief {
  return {
    id: story.id,
    headline: story.headline,
    firstPublished: story.firstPublished,
    lastPublished: story.lastPublished,
    articleRefs: story.articleRefs,
    outlets: story.outlets,
    entities: analysis.entities,
    quotes: analysis.quotes,
    timeline: analysis.timeline,
    facts: analysis.facts,
    conflicts: findConflicts(analysis.claims, storylineClaims),
  };
}

/**
 * Briefs of `wanted`, each set against the claims of the other stories of its storyline (`all` is
 * every story, grouped by storyline once). `readAnalysis` reads a story's stored analysis.
 */
export function composeBriefs(wanted: BriefStory[], all: BriefStory[], readAnalysis: (storyId: string) => StoryAnalysis): Brief[] {
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
    const context = (byLine.get(s.storylineId) ?? []).filter((o) => o.id !== s.id).flatMap((o) => analysisOf(o.id).claims);
    return composeBrief(s, analysisOf(s.id), context);
  });
}
