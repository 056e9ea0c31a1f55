/** `storyline upgrade`: the writer brings a store up to date (schema, articles a killed run left unassigned, stale analyses). */
import { upgradeStore, upgradePostgres } from '../../app/ingest.ts';
import { isPostgresUrl } from '../../store/postgres/pool.ts';
import { analysisFailureLine, noArguments, retryLine, str, withStore, workersOption, type CommandContext } from '../io.ts';

export async function upgrade({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  noArguments('upgrade', rest);
  const workers = workersOption(str(values.workers));
  if (isPostgresUrl(dbFile)) {
    const { articles, stories, storylines } = await upgradePostgres(dbFile, { workers, onRetry: (e) => io.err(retryLine(e)), onAnalysisFailure: (id, reason) => io.err(analysisFailureLine(id, reason)) });
    io.err(`up to date: ${articles} articles, ${stories} stories, ${storylines} storylines\n`);
    return 0;
  }
  return withStore(dbFile, write, async (store) => {
    const { assigned } = await upgradeStore(store, (id, reason) => io.err(analysisFailureLine(id, reason)), { workers });
    const { articles, stories, storylines } = store.stats();
    io.err(`up to date: ${articles} articles (${assigned} newly assigned), ${stories} stories, ${storylines} storylines\n`);
    return 0;
  });
}
