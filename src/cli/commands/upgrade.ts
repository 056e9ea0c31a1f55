/** `storyline upgrade`: the writer brings a store up to date (schema, articles a killed run left unassigned, stale analyses). */
import { upgradeStore } from '../../app/ingest.ts';
import { analysisFailureLine, noArguments, str, withStore, workersOption, type CommandContext } from '../io.ts';

export function upgrade({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  noArguments('upgrade', rest);
  const workers = workersOption(str(values.workers));
  return withStore(dbFile, write, async (store) => {
    const { assigned } = await upgradeStore(store, (id, reason) => io.err(analysisFailureLine(id, reason)), { workers });
    const { articles, stories, storylines } = store.stats();
    io.err(`up to date: ${articles} articles (${assigned} newly assigned), ${stories} stories, ${storylines} storylines\n`);
    return 0;
  });
}
