/**
 * What changed in stories and who is told, in the store beside the articles: each story's last brief
 * digest and its revisions; watchlists and the alerts they raised, with each alert's webhook delivery
 * (attempts, next attempt, delivered or the last error). One async interface, answered by SQLite and
 * PostgreSQL (over a pool, or over the connection of a transaction that also saves analyses).
 */
import type Database from 'better-sqlite3';
import type { BriefDigest, StoryChange, StoryRevision } from '../brief/revisions.ts';
import type { AlertDraft, WatchQuery } from '../brief/watch.ts';
import pg from 'pg';
import { inTransaction, type Queryable } from './postgres/pool.ts';

export interface Watchlist {
  id: number;
  name: string;
  query: WatchQuery;
  createdAt: string;
  webhook: { url: string; secret: string } | null;
}

export interface Alert {
  id: number;
  watchlistId: number;
  storyId: string;
  /** The story revision that raised it. */
  seq: number;
  at: string;
  kind: AlertDraft['kind'];
  headline: string | null;
  changes: StoryChange[];
  attempts: number;
  nextAttempt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
}

export interface RecordedChange {
  digest: BriefDigest;
  /** The revision to add (its seq is the story's next), null when nothing a reader follows changed. */
  revision: Omit<StoryRevision, 'storyId' | 'seq'> | null;
  alerts: (AlertDraft & { watchlistId: number })[];
}

export interface RevisionBook {
  /** Stories whose analysis changed and whose revision is still to be recorded (SQLite; PostgreSQL records them as it saves). */
  pending(): Promise<string[]>;
  digest(storyId: string): Promise<BriefDigest | null>;
  /** The digest, the revision and its alerts, in one transaction, and the story off the pending list. */
  record(storyId: string, change: RecordedChange | null): Promise<void>;
  revisions(storyId: string): Promise<StoryRevision[]>;
  watchlists(): Promise<Watchlist[]>;
  addWatchlist(name: string, query: WatchQuery, webhook: Watchlist['webhook'], now: string): Promise<Watchlist>;
  /** By id or name; gives whether one was removed. */
  removeWatchlist(which: string): Promise<boolean>;
  alerts(watchlistId: number, limit: number): Promise<Alert[]>;
  /** Alerts whose webhook delivery is due at `now`, oldest first, with where they go. */
  dueDeliveries(now: string, limit: number): Promise<(Alert & { webhook: { url: string; secret: string } })[]>;
  /** After a delivery attempt: delivered (`deliveredAt`), or failed with the next attempt (null: given up). */
  attempted(alertId: number, outcome: { deliveredAt: string } | { error: string; nextAttempt: string | null }): Promise<void>;
}

interface WatchRow { id: number; name: string; query: string; created_at: string; webhook_url: string | null; webhook_secret: string | null }
interface AlertRow {
  id: number; watchlist_id: number; story_id: string; seq: number; at: string; kind: string; data: string; attempts: number;
  next_attempt: string | null; delivered_at: string | null; last_error: string | null; webhook_url?: string | null; webhook_secret?: string | null;
}
interface RevisionRow { story_id: string; seq: number; at: string; articles: number; changes: string }

const toWatchlist = (r: WatchRow): Watchlist => ({
  id: Number(r.id), name: r.name, query: JSON.parse(r.query), createdAt: r.created_at,
  webhook: r.webhook_url ? { url: r.webhook_url, secret: r.webhook_secret ?? '' } : null,
});
const toAlert = (r: AlertRow): Alert => {
  const data = JSON.parse(r.data) as { headline: string | null; changes: StoryChange[] };
  return {
    id: Number(r.id), watchlistId: Number(r.watchlist_id), storyId: r.story_id, seq: r.seq, at: r.at, kind: r.kind as Alert['kind'], headline: data.headline,
    changes: data.changes, attempts: r.attempts, nextAttempt: r.next_attempt, deliveredAt: r.delivered_at, lastError: r.last_error,
  };
};
const toRevision = (r: RevisionRow): StoryRevision => ({ storyId: r.story_id, seq: r.seq, at: r.at, articles: r.articles, changes: JSON.parse(r.changes) });
const withWebhook = (r: AlertRow) => ({ ...toAlert(r), webhook: { url: r.webhook_url!, secret: r.webhook_secret ?? '' } });
const byIdOrName = (which: string): [number, string] => [/^\d+$/.test(which) ? Number(which) : -1, which];

export function sqliteRevisions(db: Database.Database): RevisionBook {
  const s = {
    pending: db.prepare('SELECT story_id FROM revisions_pending ORDER BY story_id').pluck(),
    digest: db.prepare('SELECT data FROM story_digests WHERE story_id = ?').pluck(),
    saveDigest: db.prepare('INSERT OR REPLACE INTO story_digests (story_id, data) VALUES (?, ?)'),
    nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM story_revisions WHERE story_id = ?').pluck(),
    addRevision: db.prepare('INSERT INTO story_revisions (story_id, seq, at, articles, changes) VALUES (?, ?, ?, ?, ?)'),
    addAlert: db.prepare(`INSERT OR IGNORE INTO alerts (watchlist_id, story_id, seq, at, kind, data, next_attempt)
      SELECT id, ?, ?, ?, ?, ?, CASE WHEN webhook_url IS NULL THEN NULL ELSE ? END FROM watchlists WHERE id = ?`),
    settle: db.prepare('DELETE FROM revisions_pending WHERE story_id = ?'),
    revisions: db.prepare('SELECT * FROM story_revisions WHERE story_id = ? ORDER BY seq'),
    watchlists: db.prepare('SELECT * FROM watchlists ORDER BY id'),
    addWatch: db.prepare('INSERT INTO watchlists (name, query, created_at, webhook_url, webhook_secret) VALUES (?, ?, ?, ?, ?) RETURNING *'),
    removeWatch: db.prepare('DELETE FROM watchlists WHERE id = ? OR name = ?'),
    alerts: db.prepare('SELECT * FROM alerts WHERE watchlist_id = ? ORDER BY id DESC LIMIT ?'),
    due: db.prepare(`SELECT a.*, w.webhook_url, w.webhook_secret FROM alerts a JOIN watchlists w ON w.id = a.watchlist_id
      WHERE a.next_attempt IS NOT NULL AND a.next_attempt <= ? AND w.webhook_url IS NOT NULL ORDER BY a.next_attempt, a.id LIMIT ?`),
    delivered: db.prepare('UPDATE alerts SET attempts = attempts + 1, delivered_at = ?, next_attempt = NULL, last_error = NULL WHERE id = ?'),
    failed: db.prepare('UPDATE alerts SET attempts = attempts + 1, next_attempt = ?, last_error = ? WHERE id = ?'),
  };
  const record = db.transaction((storyId: string, change: RecordedChange | null) => {
    if (change) {
      s.saveDigest.run(storyId, JSON.stringify(change.digest));
      if (change.revision) {
        const seq = s.nextSeq.get(storyId) as number;
        const r = change.revision;
        s.addRevision.run(storyId, seq, r.at, r.articles, JSON.stringify(r.changes));
        for (const a of change.alerts) s.addAlert.run(storyId, seq, r.at, a.kind, JSON.stringify({ headline: change.digest.headline, changes: a.changes }), r.at, a.watchlistId);
      }
    }
    s.settle.run(storyId);
  });
  return {
    pending: async () => s.pending.all() as string[],
    digest: async (id) => {
      const data = s.digest.get(id) as string | undefined;
      return data ? JSON.parse(data) : null;
    },
    record: async (id, change) => void record(id, change),
    revisions: async (id) => (s.revisions.all(id) as RevisionRow[]).map(toRevision),
    watchlists: async () => (s.watchlists.all() as WatchRow[]).map(toWatchlist),
    addWatchlist: async (name, query, webhook, now) => toWatchlist(s.addWatch.get(name, JSON.stringify(query), now, webhook?.url ?? null, webhook?.secret ?? null) as WatchRow),
    removeWatchlist: async (which) => s.removeWatch.run(...byIdOrName(which)).changes > 0,
    alerts: async (id, limit) => (s.alerts.all(id, limit) as AlertRow[]).map(toAlert),
    dueDeliveries: async (now, limit) => (s.due.all(now, limit) as AlertRow[]).map(withWebhook),
    attempted: async (id, o) => void ('deliveredAt' in o ? s.delivered.run(o.deliveredAt, id) : s.failed.run(o.nextAttempt, o.error, id)),
  };
}

/**
 * Over a pool (each write its own transaction), or over the client of an open transaction (`record`
 * is then part of it: the analysis and its revision commit together).
 */
export function postgresRevisions(db: pg.Pool | Queryable): RevisionBook {
  const rows = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];
  const write = (fn: (c: Queryable) => Promise<void>) => (db instanceof pg.Pool ? inTransaction(db, fn) : fn(db));
  return {
    pending: async () => [],
    digest: async (id) => {
      const [r] = await rows<{ data: string }>('SELECT data FROM story_digests WHERE story_id = $1', [id]);
      return r ? JSON.parse(r.data) : null;
    },
    record: async (id, change) => {
      if (!change) return;
      await write(async (c) => {
        await c.query('INSERT INTO story_digests (story_id, data) VALUES ($1, $2) ON CONFLICT (story_id) DO UPDATE SET data = EXCLUDED.data', [id, JSON.stringify(change.digest)]);
        if (!change.revision) return;
        const r = change.revision;
        const { seq } = (await c.query<{ seq: number }>(`INSERT INTO story_revisions (story_id, seq, at, articles, changes)
          SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM story_revisions WHERE story_id = $1 RETURNING seq`, [id, r.at, r.articles, JSON.stringify(r.changes)])).rows[0]!;
        for (const a of change.alerts) {
          await c.query(`INSERT INTO alerts (watchlist_id, story_id, seq, at, kind, data, next_attempt)
            SELECT id, $1, $2, $3, $4, $5, CASE WHEN webhook_url IS NULL THEN NULL ELSE $3 END FROM watchlists WHERE id = $6 ON CONFLICT DO NOTHING`,
          [id, seq, r.at, a.kind, JSON.stringify({ headline: change.digest.headline, changes: a.changes }), a.watchlistId]);
        }
      });
    },
    revisions: async (id) => (await rows<RevisionRow>('SELECT * FROM story_revisions WHERE story_id = $1 ORDER BY seq', [id])).map(toRevision),
    watchlists: async () => (await rows<WatchRow>('SELECT * FROM watchlists ORDER BY id')).map(toWatchlist),
    // A change of watchlists moves the store's version, as any write does: servers' caches of pages and feeds key on it.
    addWatchlist: async (name, query, webhook, now) => toWatchlist((await rows<WatchRow>(`WITH bump AS (UPDATE store_meta SET value = value + 1 WHERE key = 'data_version')
      INSERT INTO watchlists (name, query, created_at, webhook_url, webhook_secret) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [name, JSON.stringify(query), now, webhook?.url ?? null, webhook?.secret ?? null]))[0]!),
    removeWatchlist: async (which) => ((await db.query(`WITH bump AS (UPDATE store_meta SET value = value + 1 WHERE key = 'data_version')
      DELETE FROM watchlists WHERE id = $1 OR name = $2`, byIdOrName(which))).rowCount ?? 0) > 0,
    alerts: async (id, limit) => (await rows<AlertRow>('SELECT * FROM alerts WHERE watchlist_id = $1 ORDER BY id DESC LIMIT $2', [id, limit])).map(toAlert),
    dueDeliveries: async (now, limit) => (await rows<AlertRow>(`SELECT a.*, w.webhook_url, w.webhook_secret FROM alerts a JOIN watchlists w ON w.id = a.watchlist_id
      WHERE a.next_attempt IS NOT NULL AND a.next_attempt <= $1 AND w.webhook_url IS NOT NULL ORDER BY a.next_attempt, a.id LIMIT $2`, [now, limit])).map(withWebhook),
    attempted: async (id, o) => void await db.query('deliveredAt' in o
      ? 'UPDATE alerts SET attempts = attempts + 1, delivered_at = $1, next_attempt = NULL, last_error = NULL WHERE id = $2'
      : 'UPDATE alerts SET attempts = attempts + 1, next_attempt = $1, last_error = $2 WHERE id = $3', 'deliveredAt' in o ? [o.deliveredAt, id] : [o.nextAttempt, o.error, id]),
  };
}
