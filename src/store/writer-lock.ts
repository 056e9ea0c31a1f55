/**
 * One writer per store. The lock is an exclusive SQLite lock held on a small file beside the store
 * (`<store>-writer`): SQLite's file locks are released by the operating system when the process
 * ends, so a killed writer never leaves a stale lock behind, and they work between processes and
 * between two handles of one process alike. The store itself is never held in a long transaction:
 * its commits stay per file, and readers (WAL) go on reading what is committed.
 */
import Database from 'better-sqlite3';

export interface WriterLock {
  release(): void;
}

/**
 * Take the writer lock of `storeFile`, waiting up to `waitMs` for another writer to finish.
 * Gives null when another process still holds it after that.
 */
export function takeWriterLock(storeFile: string, waitMs: number): WriterLock | null {
  const db = new Database(`${storeFile}-writer`);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if (String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')) return null;
    throw e;
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
