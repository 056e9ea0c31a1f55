/** `storyline upgrade`: the writer brings a store up to date (schema, articles a killed run left unassigned, stale analyses). */
import { upgradeStore } from '../../app/ingest.ts';
import { analysisFailureLine, noArguments, withStore, type CommandContext } from '../io.ts';

export function upgrade({ rest, dbFile, write, io }: CommandContext): number {
  noArguments('upgrade', rest);
  return withStore(dbFile, write, (store) => {
    const { assigned } = upgradeStore(store, (id, reason) => io.err(analysisFailureLine(id, reason)));
    const { articles, stories, storylines } = store.stats();
    io.err(`up to date: ${articles} articles (${assigned} newly assigned), ${stories} stories, ${storylines} storylines\n`);
    return 0;
  });
}
