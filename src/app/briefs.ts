/**
 * Application layer: briefs read from a store. Takes a store and the stories wanted (with the stories
 * of their storylines); gives Brief records. The CLI and the benchmarks call this, so the store (I/O)
 * and the brief stage (pure) stay apart.
 */
import type { Store } from '../store/index.ts';
import { composeBriefs, type Brief, type BriefOptions, type BriefReader, type BriefStory } from '../brief/index.ts';
import type { StoryAnalysis } from '../analyze/index.ts';

export function storeBriefReader(store: Store): BriefReader {
  return {
    analysis: (id) => store.getAnalysis<StoryAnalysis>(id)!,
    claimsInReach: (ids, reach) => store.claimsInReach(ids, reach),
    sources: (s) => s.articleIds.map((id) => store.getSource(id)!),
    failure: (id) => store.analysisFailure(id),
  };
}

export function briefsFromStore(store: Store, wanted: BriefStory[], all: BriefStory[], options: BriefOptions = {}): Brief[] {
  return composeBriefs(wanted, all, storeBriefReader(store), options);
}

/**
 * One story's brief, set against its own storyline only: the rest of the store is not read. Null when
 * no story has that id (an id merged into another story resolves to it).
 */
export function briefOfStory(store: Store, storyId: string, options: BriefOptions = {}): Brief | null {
  const id = store.resolveStoryId(storyId);
  const line = id === null ? null : store.storylineOf(id);
  if (line === null) return null;
  const stories = store.listStories(line);
  const wanted = stories.filter((s) => s.id === id);
  return wanted.length ? briefsFromStore(store, wanted, stories, options)[0]! : null;
}

/**
 * Every story's brief: in chronological order (`oldest`), or widest coverage first (`coverage`: the
 * story most outlets report is the one to read first).
 */
export function allBriefs(store: Store, order: 'oldest' | 'coverage', options: BriefOptions = {}): Brief[] {
  const stories = store.listStories();
  const wanted = order === 'oldest' ? stories
    : [...stories].sort((a, b) => b.articleRefs.length - a.articleRefs.length || (a.firstPublished ?? '').localeCompare(b.firstPublished ?? ''));
  return briefsFromStore(store, wanted, stories, options);
}
