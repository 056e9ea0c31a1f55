/**
 * Application layer: what changed in stories. Takes a store reader and its book of revisions; records,
 * for stories whose analysis changed, the change of their brief (a revision) and the alerts of the
 * watchlists it concerns; gives a story's changes since a moment. The writer calls `reviseStories`
 * after analyses (SQLite: for the stories left pending at the end of its run; PostgreSQL: in the
 * transaction that saves the analyses), the CLI and the server call `storyChanges`.
 */
import { briefsFromStore } from './briefs.ts';
import { changesSince, diffDigests, digestBrief } from '../brief/revisions.ts';
import type { Brief } from '../brief/index.ts';
import { alertFor } from '../brief/watch.ts';
import { dateReach, type ClaimRecord } from '../analyze/corroborate.ts';
import type { StoreReader } from '../store/contract.ts';
import type { RevisionBook } from '../store/revisions.ts';
import type { Store } from '../store/index.ts';
import { sqliteReader } from '../store/contract.ts';
import { sqliteRevisions } from '../store/revisions.ts';
import { parseDuration } from './follow.ts';

/**
 * Record the revision (if its brief changed) and the alerts of each story. A story merged away since
 * (its id now resolves to another) or gone is only taken off the pending list: the story that holds
 * its articles is revised in its own right.
 */
export async function reviseStories(reader: StoreReader, book: RevisionBook, storyIds: string[], at: string): Promise<number> {
  const watches = await book.watchlists();
  // Briefs are composed a storyline at a time: its stories are listed once for all its changed ones.
  const byLine = new Map<string, Set<string>>();
  for (const id of new Set(storyIds)) {
    const line = await reader.storylineOf(id);
    if (line === null) {
      await book.record(id, null); // merged away or gone: the story holding its articles is revised in its own right
      continue;
    }
    (byLine.get(line) ?? byLine.set(line, new Set()).get(line)!).add(id);
  }
  let revised = 0;
  for (const [line, ids] of byLine) {
    const stories = await reader.listStories(line);
    const briefs = await briefsFromStore(claimsKept(reader), stories.filter((s) => ids.has(s.id)), stories);
    const members = await reader.membersOf(briefs.map((b) => b.id));
    for (const brief of briefs) {
      const digest = digestBrief(brief, (members.get(brief.id) ?? []).map((m) => m.lang));
      const before = await book.digest(brief.id);
      const changes = diffDigests(before, digest);
      const alerts = changes.length ? watches.flatMap((w) => {
        const a = alertFor(w.query, before, digest, changes);
        return a ? [{ ...a, watchlistId: w.id }] : [];
      }) : [];
      await book.record(brief.id, { digest, revision: changes.length ? { at, articles: digest.articles, changes } : null, alerts });
      if (changes.length) revised++;
    }
    // A story listed under the line but not found there (a race on PostgreSQL) is settled next time.
    for (const id of ids) if (!briefs.some((b) => b.id === id)) await book.record(id, null);
  }
  return revised;
}

/**
 * The reader with each story's claims read once and kept: the briefs of many changed stories of one
 * storyline compare against largely the same near stories (in a storyline of 1,200 stories, reading
 * them again for each brief was most of the cost of recording revisions). What it gives for a reach
 * is what `claimsInReach` gives: quantities of the units counted, dates within the reach's spans.
 */
export function claimsKept(reader: StoreReader): StoreReader {
  const kept = new Map<string, ClaimRecord[]>();
  return {
    ...reader,
    async claimsInReach(storyIds, reach) {
      const missing = storyIds.filter((id) => !kept.has(id));
      if (missing.length) {
        const read = await reader.claimsOf(missing);
        for (const id of missing) kept.set(id, read.get(id) ?? []);
      }
      const out = new Map<string, ClaimRecord[]>();
      if (!reach.units.length && !reach.dates.length) return out;
      const units = new Set(reach.units);
      const near = dateReach(reach);
      for (const id of storyIds) {
        const mine = kept.get(id)!.filter((c) => (c.kind === 'quantity' ? units.has(c.unit) : reach.dates.length > 0 && near(c.low, c.high)));
        if (mine.length) out.set(id, mine);
      }
      return out;
    },
  };
}

/** SQLite's writer, at the end of a run: the revisions of every story whose analysis changed. */
export function recordPendingRevisions(store: Store, at = new Date().toISOString()): Promise<number> {
  const book = sqliteRevisions(store.db);
  return book.pending().then((ids) => (ids.length ? reviseStories(sqliteReader(store), book, ids, at) : 0));
}

/** "2026-11-30", an ISO time, or a duration back from now ("6h", "2d"), as an ISO time; null when it is none of these. */
export function sinceTime(text: string, now = new Date()): string | null {
  const back = parseDuration(text);
  if (back !== null && !/^\d{4}$/.test(text.trim())) return new Date(now.getTime() - back * 1000).toISOString();
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The brief with what changed in its story since `since` (an ISO time). */
export async function withChangesSince(reader: StoreReader, brief: Brief, since: string): Promise<Brief> {
  brief.changesSince = changesSince(await reader.storyRevisions(brief.id), since);
  return brief;
}
