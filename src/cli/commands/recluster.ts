/** `storyline recluster`: the writer rebuilds every story and storyline from the stored articles, then analyzes what changed. */
import { reclusterStore } from '../../app/ingest.ts';
import { analysisFailureLine, noArguments, str, withStore, workersOption, type CommandContext } from '../io.ts';

export function recluster({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  noArguments('recluster', rest);
  const workers = workersOption(str(values.workers));
  return withStore(dbFile, write, async (store) => {
    await reclusterStore(store, (id, reason) => io.err(analysisFailureLine(id, reason)), { workers });
    const { stories, storylines } = store.stats();
    io.err(`stories ${stories}, storylines ${storylines}\n`);
    return 0;
  });
}
