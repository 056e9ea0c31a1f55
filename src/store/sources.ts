/**
 * The follower's book of sources, in the store beside the articles: what to poll, when next, the
 * validators the last answer gave, failures and the last error, and the keys (guid or link) of the
 * items already ingested from each source. One async interface, answered by SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Queryable } from './postgres/pool.ts';

export type SourceKind = 'feed' | 'folder';

export interface Source {
  id: number;
  /** A feed's URL, or a folder's absolute path. */
  address: string;
  kind: SourceKind;
  title: string | null;
  addedAt: string;
  /** The polling interval the follower has settled on for this source, in seconds. */
  everyS: number;
  nextPoll: string;
  etag: string | null;
  lastModified: string | null;
  lastPolled: string | null;
  lastOk: string | null;
  lastError: string | null;
  /** Failures in a row (0 after a good poll). */
  failures: number;
  /** Items ingested from it so far. */
  items: number;
}

/** What a poll leaves behind. */
export type PollRecord = Pick<Source, 'everyS' | 'nextPoll' | 'etag' | 'lastModified' | 'lastPolled' | 'lastOk' | 'lastError' | 'failures'> & { title?: string | null; newItems: number };

export interface SourceBook {
  list(): Promise<Source[]>;
  /** Add sources not yet in the book (by address); gives the ones added. */
  add(sources: { address: string; kind: SourceKind; everyS: number }[], now: string): Promise<Source[]>;
  /** Remove by id or address; gives how many were removed. */
  remove(which: string[]): Promise<number>;
  /** Sources due at `now`, soonest first. */
  due(now: string): Promise<Source[]>;
  /** A poll's outcome, and the keys of the items it took (marked seen at `poll.lastPolled`), in one transaction. */
  record(id: number, poll: PollRecord, seen?: string[]): Promise<void>;
  /** Of these item keys, the ones not yet seen for the source. */
  unseen(id: number, keys: string[]): Promise<string[]>;
}

/** Keys are guids and links: a rare one longer than an index entry may be is kept as its digest. */
export const itemKey = (key: string) => (key.length <= 500 ? key : `sha1:${createHash('sha1').update(key).digest('hex')}`);

interface Row {
  id: number; address: string; kind: SourceKind; title: string | null; added_at: string; every_s: number; next_poll: string; etag: string | null;
  last_modified: string | null; last_polled: string | null; last_ok: string | null; last_error: string | null; failures: number; items: number;
}

const toSource = (r: Row): Source => ({
  id: Number(r.id), address: r.address, kind: r.kind, title: r.title, addedAt: r.added_at, everyS: r.every_s, nextPoll: r.next_poll, etag: r.etag,
  lastModified: r.last_modified, lastPolled: r.last_polled, lastOk: r.last_ok, lastError: r.last_error, failures: r.failures, items: r.items,
});

const RECORD_COLUMNS = ['every_s', 'next_poll', 'etag', 'last_modified', 'last_polled', 'last_ok', 'last_error', 'failures'] as const;
const recordValues = (p: PollRecord) => [p.everyS, p.nextPoll, p.etag, p.lastModified, p.lastPolled, p.lastOk, p.lastError, p.failures];

export function sqliteSources(db: Database.Database): SourceBook {
  const s = {
    list: db.prepare('SELECT * FROM sources ORDER BY id'),
    add: db.prepare('INSERT INTO sources (address, kind, added_at, every_s, next_poll) VALUES (?, ?, ?, ?, ?) ON CONFLICT (address) DO NOTHING RETURNING *'),
    removeId: db.prepare('DELETE FROM sources WHERE id = ? OR address = ?'),
    due: db.prepare('SELECT * FROM sources WHERE next_poll <= ? ORDER BY next_poll, id'),
    record: db.prepare(`UPDATE sources SET ${RECORD_COLUMNS.map((c) => `${c} = ?`).join(', ')}, title = COALESCE(?, title), items = items + ? WHERE id = ?`),
    seen: db.prepare('SELECT 1 FROM source_items WHERE source_id = ? AND key = ?').pluck(),
    mark: db.prepare('INSERT OR IGNORE INTO source_items (source_id, key, seen_at) VALUES (?, ?, ?)'),
  };
  return {
    list: async () => (s.list.all() as Row[]).map(toSource),
    add: async (sources, now) => db.transaction(() => sources.flatMap((x) => (s.add.all(x.address, x.kind, now, x.everyS, now) as Row[]).map(toSource)))(),
    remove: async (which) => db.transaction(() => which.reduce((n, w) => n + s.removeId.run(/^\d+$/.test(w) ? Number(w) : -1, w).changes, 0))(),
    due: async (now) => (s.due.all(now) as Row[]).map(toSource),
    record: async (id, p, seen = []) => db.transaction(() => {
      for (const k of seen) s.mark.run(id, itemKey(k), p.lastPolled);
      s.record.run(...recordValues(p), p.title ?? null, p.newItems, id);
    })(),
    unseen: async (id, keys) => keys.filter((k) => !s.seen.get(id, itemKey(k))),
  };
}

export function postgresSources(db: Queryable): SourceBook {
  const rows = async (sql: string, params: unknown[] = []) => ((await db.query(sql, params)).rows as Row[]).map(toSource);
  return {
    list: () => rows('SELECT * FROM sources ORDER BY id'),
    add: async (sources, now) => {
      if (!sources.length) return [];
      const added = await rows(`INSERT INTO sources (address, kind, added_at, every_s, next_poll) SELECT a, k, $3, e, $3 FROM unnest($1::text[], $2::text[], $4::int[]) WITH ORDINALITY AS t(a, k, e, n)
        ORDER BY n ON CONFLICT (address) DO NOTHING RETURNING *`, [sources.map((x) => x.address), sources.map((x) => x.kind), now, sources.map((x) => x.everyS)]);
      return added.sort((a, b) => a.id - b.id);
    },
    remove: async (which) => (await db.query('DELETE FROM sources WHERE id = ANY($1::bigint[]) OR address = ANY($2::text[])',
      [which.filter((w) => /^\d+$/.test(w)), which])).rowCount ?? 0,
    due: (now) => rows('SELECT * FROM sources WHERE next_poll <= $1 ORDER BY next_poll, id', [now]),
    // One statement: the items seen and the poll commit together.
    record: async (id, p, seen = []) => void await db.query(`WITH seen AS (INSERT INTO source_items (source_id, key, seen_at) SELECT $11, k, $5 FROM unnest($12::text[]) AS k ON CONFLICT DO NOTHING)
      UPDATE sources SET ${RECORD_COLUMNS.map((c, i) => `${c} = $${i + 1}`).join(', ')}, title = COALESCE($9, title), items = items + $10 WHERE id = $11`,
      [...recordValues(p), p.title ?? null, p.newItems, id, seen.map(itemKey)]),
    unseen: async (id, keys) => {
      const seen = new Set((await db.query<{ key: string }>('SELECT key FROM source_items WHERE source_id = $1 AND key = ANY($2)', [id, keys.map(itemKey)])).rows.map((r) => r.key));
      return keys.filter((k) => !seen.has(itemKey(k)));
    },
  };
}
