/**
 * Application layer: briefs read from a store. Takes a store reader and the stories wanted (with the
 * stories of their storylines); gives Brief records. The CLI, the server and the benchmarks call this,
 * so the store (I/O) and the brief stage (pure) stay apart.
 */
import type { StoreReader } from '../store/contract.ts';
import { composeBriefs, type Brief, type BriefOptions, type BriefReader, type BriefStory } from '../brief/index.ts';
import type { StoryAnalysis } from '../analyze/index.ts';

export function storeBriefReader(store: StoreReader): BriefReader {
  return {
    analysis: async (id) => (await store.getAnalysis<StoryAnalysis>(id))!,
    claimsInReach: (ids, reach) => store.claimsInReach(ids, reach),
    sources: async (s) => Promise.all(s.articleIds.map(async (id) => (await store.getSource(id))!)),
    failure: (id) => store.analysisFailure(id),
  };
}

export function briefsFromStore(store: StoreReader, wanted: BriefStory[], all: BriefStory[], options: BriefOptions = {}): Promise<Brief[]> {
  return composeBriefs(wanted, all, storeBriefReader(store), options);
}

/**
 * One story's brief, set against its own storyline only: the rest of the store is not read. Null when
 * no story has that id (an id merged into another story resolves to it).
 */
export async function briefOfStory(store: StoreReader, storyId: string, options: BriefOptions = {}): Promise<Brief | null> {
  const id = await store.resolveStoryId(storyId);
  const line = id === null ? null : await store.storylineOf(id);
  if (line === null) return null;
  const stories = await store.listStories(line);
  const wanted = stories.filter((s) => s.id === id);
  return wanted.length ? (await briefsFromStore(store, wanted, stories, options))[0]! : null;
}

/**
 * Every story's brief: in chronological order (`oldest`), or widest coverage first (`coverage`: the
 * story most outlets report is the one to read first).
 */
export async function allBriefs(store: StoreReader, order: 'oldest' | 'coverage', options: BriefOptions = {}): Promise<Brief[]> {
  const stories = await store.listStories();
  const wanted = order === 'oldest' ? stories
    : [...stories].sort((a, b) => b.articleRefs.length - a.articleRefs.length || (a.firstPublished ?? '').localeCompare(b.firstPublished ?? ''));
  return briefsFromStore(store, wanted, stories, options);
}
