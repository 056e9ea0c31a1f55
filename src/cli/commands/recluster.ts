/** `storyline recluster`: the writer rebuilds every story and storyline from the stored articles, then analyzes what changed. */
import { analyzeChangedStories } from '../../ingest/index.ts';
import { analysisFailureLine, noArguments, withStore, type CommandContext } from '../io.ts';

export function recluster({ rest, dbFile, write, io }: CommandContext): number {
  noArguments('recluster', rest);
  return withStore(dbFile, write, (store) => {
    store.recluster();
    analyzeChangedStories(store, undefined, (id, reason) => io.err(analysisFailureLine(id, reason)));
    const { stories, storylines } = store.stats();
    io.err(`stories ${stories}, storylines ${storylines}\n`);
    return 0;
  });
}
