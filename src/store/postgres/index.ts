/**
 * A Storyline store in PostgreSQL: the same records as the SQLite store, for deployments that
 * outgrow one machine (several worker processes, several web servers, one database). Opening it
 * brings its schema up to date (under an advisory lock: processes may start together) and gives the
 * read contract over a connection pool; the writes are in `writer.ts` and `assign.ts`.
 */
import type pg from 'pg';
import { StoreError } from '../store-error.ts';
import type { StoreReader } from '../contract.ts';
import { PG_MIGRATIONS } from './migrations.ts';
import { createPool, inTransaction } from './pool.ts';
import { postgresReader } from './reader.ts';

/** Advisory lock keys (one namespace for Storyline). */
export const LOCKS = { migrate: 74_110_001, lease: 74_110_002, analysis: 74_110_003, run: 74_110_004 } as const;

export interface PostgresStore {
  url: string;
  pool: pg.Pool;
  reader: StoreReader;
  /** Bumped by every write that changes what readers see (the server's caches key on it). */
  dataVersion(): Promise<number>;
  close(): Promise<void>;
}

/** The URL without its password, for messages. */
export const safeUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export async function openPostgresStore(url: string, opts: { connections?: number; access?: 'read' | 'write' } = {}): Promise<PostgresStore> {
  const pool = createPool(url, opts.connections ?? 4);
  try {
    const version = await schemaVersion(pool);
    if (version > PG_MIGRATIONS.length) throw new StoreError('newer-schema', safeUrl(url), `its schema version ${version} is newer than this Storyline (${PG_MIGRATIONS.length}); upgrade Storyline`);
    if (version < PG_MIGRATIONS.length) {
      if (opts.access === 'read') {
        throw new StoreError(version === 0 ? 'cannot-open' : 'older-schema', safeUrl(url), version === 0 ? 'no store here yet; ingest articles first (storyline ingest <path> --db URL)'
          : `its schema version ${version} is older than this Storyline (${PG_MIGRATIONS.length}); bring it up to date with: storyline upgrade --db URL`);
      }
      await migrate(pool);
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw toPostgresStoreError(url, e);
  }
  // A snapshot is one REPEATABLE READ transaction on one connection; a snapshot asked inside it is the same one.
  const snapshot: StoreReader['snapshot'] = (fn) => inTransaction(pool, (client) => {
    const inside: StoreReader = postgresReader(client, (inner) => inner(inside));
    return fn(inside);
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const reader = postgresReader(pool, snapshot);
  return {
    url,
    pool,
    reader,
    dataVersion: async () => Number((await pool.query("SELECT value FROM store_meta WHERE key = 'data_version'")).rows[0]?.value ?? 0),
    close: () => pool.end(),
  };
}

async function schemaVersion(pool: pg.Pool): Promise<number> {
  const exists = (await pool.query("SELECT to_regclass('store_meta') IS NOT NULL AS present")).rows[0].present as boolean;
  if (!exists) return 0;
  return Number((await pool.query("SELECT value FROM store_meta WHERE key = 'schema_version'")).rows[0]?.value ?? 1);
}

async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    // One process migrates; the others wait here and then find nothing left to do.
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.migrate]);
    const exists = (await client.query("SELECT to_regclass('store_meta') IS NOT NULL AS present")).rows[0].present as boolean;
    let version = exists ? Number((await client.query("SELECT value FROM store_meta WHERE key = 'schema_version'")).rows[0]?.value ?? 1) : 0;
    for (; version < PG_MIGRATIONS.length; version++) await client.query(PG_MIGRATIONS[version]!);
    await client.query("INSERT INTO store_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [version]);
  });
}

/** What PostgreSQL or the network refused, as a one-line StoreError naming the database (never its password). */
export function toPostgresStoreError(url: string, e: unknown): unknown {
  if (e instanceof StoreError) return e;
  const err = e as { code?: string; message?: string };
  const where = safeUrl(url);
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ETIMEDOUT') return new StoreError('cannot-open', where, `cannot connect to PostgreSQL (${err.code})`);
  if (err.code === '28P01' || err.code === '28000') return new StoreError('cannot-open', where, `PostgreSQL refused the login: ${err.message}`);
  if (err.code === '3D000') return new StoreError('cannot-open', where, `no such database: ${err.message}`);
  return e;
}
