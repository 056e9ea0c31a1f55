/** `storyline recluster`: the writer rebuilds every story and storyline from the stored articles, then analyzes what changed. */
import { reclusterStore, reclusterPostgres } from '../../app/ingest.ts';
import { isPostgresUrl } from '../../store/postgres/pool.ts';
import { analysisFailureLine, noArguments, retryLine, str, withStore, workersOption, type CommandContext } from '../io.ts';

export async function recluster({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  noArguments('recluster', rest);
  const workers = workersOption(str(values.workers));
  if (isPostgresUrl(dbFile)) {
    const { stories, storylines } = await reclusterPostgres(dbFile, { workers, onRetry: (e) => io.err(retryLine(e)), onAnalysisFailure: (id, reason) => io.err(analysisFailureLine(id, reason)) });
    io.err(`stories ${stories}, storylines ${storylines}\n`);
    return 0;
  }
  return withStore(dbFile, write, async (store) => {
    await reclusterStore(store, (id, reason) => io.err(analysisFailureLine(id, reason)), { workers });
    const { stories, storylines } = store.stats();
    io.err(`stories ${stories}, storylines ${storylines}\n`);
    return 0;
  });
}
