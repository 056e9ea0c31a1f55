/** `storyline ingest <path>...`: read files, folders or standard input into the store (the writer). */
import { ingestFiles, ingestIntoPostgres } from '../../app/ingest.ts';
import type { IngestCounts, IngestOptions } from '../../ingest/index.ts';
import { isPostgresUrl } from '../../store/postgres/pool.ts';
import { analysisFailureLine, inputLine, makeProgress, rejectionLine, retryLine, str, UsageError, withStore, workersOption, type CommandContext } from '../io.ts';

export function ingest({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  if (rest.length === 0) throw new UsageError('ingest needs at least one path (a file, a folder or -)');
  const maxSize = str(values['max-size']);
  const maxMb = maxSize === undefined ? 20 : Number(maxSize);
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size must be a positive number of MB, got ${maxSize}`);
  const workers = workersOption(str(values.workers));
  const run = async (ingestInto: (opts: IngestOptions & { workers: number }) => Promise<IngestCounts>) => {
    const progress = makeProgress(io);
    const counts = await ingestInto({
      workers,
      maxBytes: Math.round(maxMb * 1024 * 1024),
      onRejection: (r) => {
        progress.clear();
        io.err(rejectionLine(r));
      },
      onProgress: progress.update,
      onNotice: (r) => {
        progress.clear();
        io.err(inputLine('note', r));
      },
      onAnalysisFailure: (id, reason) => {
        progress.clear();
        io.err(analysisFailureLine(id, reason));
      },
    });
    progress.clear();
    io.err(`ingested ${counts.ingested}, duplicates ${counts.duplicates}, rejected ${counts.rejected}\n`);
    return counts.rejected > 0 ? 1 : 0;
  };
  if (isPostgresUrl(dbFile)) return run((opts) => ingestIntoPostgres(dbFile, rest, { ...opts, onRetry: (e) => io.err(retryLine(e)) }));
  return withStore(dbFile, write, (store) => run((opts) => ingestFiles(store, rest, opts)));
}
