/**
 * `storyline worker --db postgres://…`: one of any number of processes sharing a PostgreSQL store's
 * work (files to prepare, files to store and articles to assign while it holds the lease, stories to
 * analyze). Runs until SIGINT or SIGTERM; finishes the step it is in, then exits.
 */
import { runPostgresWorker } from '../../app/ingest.ts';
import { isPostgresUrl } from '../../store/postgres/pool.ts';
import { analysisFailureLine, noArguments, retryLine, str, UsageError, workersOption, type CommandContext } from '../io.ts';

export async function worker({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  noArguments('worker', rest);
  if (!isPostgresUrl(dbFile)) throw new UsageError('worker works on a PostgreSQL store: --db postgres://user@host/db (a SQLite store has one writer: use ingest)');
  const workers = workersOption(str(values.workers));
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await runPostgresWorker(dbFile, {
      workers,
      stopped: () => stop,
      onRetry: (e) => io.err(retryLine(e)),
      onAnalysisFailure: (id, reason) => io.err(analysisFailureLine(id, reason)),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return 0;
}
