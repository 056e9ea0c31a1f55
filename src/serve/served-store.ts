/**
 * The store a server reads and writes, whatever its backend: the read contract (each request runs in
 * one snapshot of it), a version that moves with every change another process commits (the response
 * cache keys on it), and the ingest of what a request carries. SQLite: one read-only handle, and the
 * writer lock taken for each write, so the server and an `ingest` beside it obey the one-writer rule.
 * PostgreSQL: a connection pool; an upload is queued and worked like any ingest, so several servers
 * and worker processes can share the database.
 */
import { existsSync } from 'node:fs';
import { openStore, type Store } from '../store/index.ts';
import { StoreError } from '../store/store-error.ts';
import { sqliteReader, type StoreReader } from '../store/contract.ts';
import { openPostgresStore } from '../store/postgres/index.ts';
import { isPostgresUrl } from '../store/postgres/pool.ts';
import { postgresRevisions, sqliteRevisions, type RevisionBook } from '../store/revisions.ts';
import { ingestUploads, ingestUploadsIntoPostgres, type IngestReport } from '../app/ingest.ts';

export interface ServedStore {
  reader: StoreReader;
  version(): Promise<number>;
  ingest(inputs: { path: string; bytes: Uint8Array }[], maxBytes: number): Promise<IngestReport>;
  /** Change watchlists (as the store's writer, like an ingest). */
  watchlists<T>(fn: (book: RevisionBook) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openServedStore(db: string, writerWaitMs = 10_000): Promise<ServedStore> {
  if (isPostgresUrl(db)) {
    const store = await openPostgresStore(db, { connections: 8 });
    return {
      reader: store.reader, version: store.dataVersion, ingest: (inputs, maxBytes) => ingestUploadsIntoPostgres(db, inputs, maxBytes),
      watchlists: (fn) => fn(postgresRevisions(store.pool)), close: store.close,
    };
  }
  const memory = db === ':memory:';
  // A new or older store is made ready by the writer once, before anything reads it.
  if (!memory) prepareStore(db, writerWaitMs);
  const reader = openStore(db, memory ? {} : { access: 'read' });
  // What the read handle sees: SQLite's data_version moves with every commit of another connection;
  // an in-memory store is written through the read handle itself, so its writes are counted here.
  let ownWrites = 0;
  /** A write: through the read handle itself for an in-memory store, else as the writer for its duration. */
  const writing = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
    if (memory) {
      try {
        return await fn(reader);
      } finally {
        ownWrites++;
      }
    }
    const store = openStore(db, { access: 'write', waitMs: writerWaitMs });
    try {
      return await fn(store);
    } finally {
      store.close();
    }
  };
  return {
    reader: sqliteReader(reader),
    version: async () => (reader.db.pragma('data_version', { simple: true }) as number) * 1_000_000 + ownWrites,
    ingest: (inputs, maxBytes) => writing((store) => ingestUploads(store, inputs, maxBytes)),
    watchlists: (fn) => writing((store) => fn(sqliteRevisions(store.db))),
    close: async () => reader.close(),
  };
}

/** A new store is created, an older one migrated, by taking the writer lock once at start. */
function prepareStore(file: string, waitMs: number): void {
  try {
    openStore(file, { access: 'read' }).close();
    return;
  } catch (e) {
    if (!(e instanceof StoreError) || (e.code !== 'older-schema' && e.code !== 'cannot-open') || (e.code === 'cannot-open' && existsSync(file))) throw e;
  }
  openStore(file, { access: 'write', waitMs }).close();
}
