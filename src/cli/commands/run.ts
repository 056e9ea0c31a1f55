/** `storyline run <path>...`: the one-shot job — ingest into a temporary store, brief every story, widest coverage first. */
import { allBriefs } from '../../app/briefs.ts';
import { sqliteReader } from '../../store/contract.ts';
import { ingestFiles } from '../../app/ingest.ts';
import { briefOptions, rejectionLine, str, UsageError, withStore, workersOption, type CommandContext } from '../io.ts';
import { renderBriefs } from './brief.ts';

export function run({ rest, values, io }: CommandContext): Promise<number> {
  if (rest.length === 0) throw new UsageError('run needs at least one path (a file, a folder or -)');
  const { format, words } = briefOptions(str(values.format), str(values.words));
  // A temporary store: the one-shot job leaves nothing behind.
  const workers = workersOption(str(values.workers));
  return withStore(':memory:', {}, async (store) => {
    const counts = await ingestFiles(store, rest, { workers, onRejection: (r) => io.err(rejectionLine(r)) });
    io.err(`ingested ${counts.ingested}, duplicates ${counts.duplicates}, rejected ${counts.rejected}\n`);
    // Widest coverage first: the story most outlets report is the one to read first.
    io.out(renderBriefs(await allBriefs(sqliteReader(store), 'coverage', { words }), format));
    return counts.rejected > 0 ? 1 : 0;
  });
}
