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
