/**
 * Store failures as one-line messages. Takes whatever SQLite (or the file system under it) threw
 * while a store was opened or written; gives a StoreError naming the file and the reason, which the
 * CLI prints as one line with exit status 2 ("this store cannot be used"), never a stack trace.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';

export type StoreErrorCode = 'busy' | 'older-schema' | 'read-only' | 'full' | 'not-a-database' | 'damaged' | 'cannot-open' | 'newer-schema' | 'io';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly file: string,
    reason: string,
  ) {
    super(`store ${file}: ${reason}`);
    this.name = 'StoreError';
  }
}

export const notADatabase = (file: string) => new StoreError('not-a-database', file, 'not a Storyline store (the file is not an SQLite database)');

/** A StoreError for what a store operation threw, or null when it was not a store failure (a bug). */
export function toStoreError(file: string, e: unknown): StoreError | null {
  if (e instanceof StoreError) return e;
  const code = String((e as { code?: unknown })?.code ?? '');
  const message = String((e as Error)?.message ?? e);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StoreError('busy', file, 'another process is writing to it and did not finish in time');
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return new StoreError('read-only', file, 'cannot write to it: the file or its folder is read-only');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new StoreError('full', file, 'the disk is full; free some space and run the command again (what was committed is intact)');
  if (code === 'SQLITE_NOTADB') return notADatabase(file);
  if (code.startsWith('SQLITE_CORRUPT')) return new StoreError('damaged', file, 'the database is damaged (truncated or overwritten); restore it from a copy or start a new store');
  if (code.startsWith('SQLITE_CANTOPEN') || /directory does not exist/.test(message)) return whyCannotOpen(file);
  if (code === 'EACCES' || code === 'EPERM') return new StoreError('cannot-open', file, 'cannot open: permission denied');
  if (code.startsWith('SQLITE_IOERR')) return new StoreError('io', file, `input/output error (${code})`);
  if (code.startsWith('SQLITE_')) return new StoreError('io', file, `${message.split('\n')[0]} (${code})`);
  return null;
}

function whyCannotOpen(file: string): StoreError {
  // A directory given as the store is refused before SQLite is asked (openStore's checkStoreFile).
  const folder = dirname(file);
  if (!existsSync(folder)) return new StoreError('cannot-open', file, `cannot open: the folder ${folder} does not exist`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    // SQLite keeps its lock and WAL index files beside the store, even to read it.
    return new StoreError('read-only', file, `cannot open: its folder ${folder} is read-only, and SQLite needs to write its lock and WAL files beside the store (copy the store to a writable folder)`);
  }
  return new StoreError('cannot-open', file, 'cannot open the file (check its permissions)');
}
