/**
 * Brief stage. Takes a story, its stored analysis and the claims of the other stories in its
 * storyline; gives the brief: one record per story with everything extracted, each item pointing
 * back to its articles. Conflicts are found here, not stored, because they depend on the storyline
 * around the story, which changes without the story changing. (The summary and the Markdown and
 * HTML renderings come next, issue 6.)
 */
import type { Conflict, Entity, Fact, Quote, TimelineEntry } from '../records.ts';
import { findConflicts, type ClaimRecord, type StoryAnalysis } from '../analyze/index.ts';

export interface Brief {
  id: string;
  headline: string | null;
  firstPublished: string | null;
  lastPublished: string | null;
  articleRefs: string[];
  outlets: string[];
  entities: Entity[];
  quotes: Quote[];
  timeline: TimelineEntry[];
  facts: Fact[];
  conflicts: Conflict[];
}

export interface BriefStory {
  id: string;
  headline: string | null;
  firstPublished: string | null;
  lastPublished: string | null;
  articleRefs: string[];
  outlets: string[];
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
