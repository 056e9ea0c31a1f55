// Store failures reach the user as one line naming the file and the reason, exit status 2, never a
// stack trace; one writer per store, enforced between processes; readers never fail for a busy writer.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, mkdirSync, readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliAsync, tempDir, SHARED, REPO } from '../cli/run-cli.ts';
import { openStore } from '../../src/store/index.ts';
import { takeWriterLock } from '../../src/store/writer-lock.ts';
import { StoreError } from '../../src/store/store-error.ts';

const SEEDS = `${SHARED}corpora/seeds`;
const WIKIREF = `${SHARED}corpora/wikiref220`;

/** One line on stderr (after any rejections of input), naming the store, with no stack trace. */
function assertStoreFailure(r: { status: number | null; stderr: string }, file: string, reason: RegExp) {
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('rejected '));
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.ok(lines[0]!.startsWith(`storyline: store ${file}: `), lines[0]);
  assert.match(lines[0]!, reason);
  assert.doesNotMatch(r.stderr, /\n\s+at |SqliteError/);
}

test('a --db that is a text file, a directory, a path in a missing folder or a truncated database: one line each, exit 2', () => {
  const dir = tempDir();
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not a database\n');
  assertStoreFailure(cli(['stories', '--db', text]), text, /not a Storyline store/);
  assertStoreFailure(cli(['ingest', SEEDS, '--db', text]), text, /not a Storyline store/);
  assert.equal(readFileSync(text, 'utf8'), 'not a database\n', 'the file is left as it was');
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  assertStoreFailure(cli(['ingest', SEEDS, '--db', folder]), folder, /is a directory/);
  const missing = join(dir, 'no', 'such', 's.db');
  assertStoreFailure(cli(['brief', '--all', '--db', missing]), missing, /folder .*no\/such does not exist/);
  const good = join(dir, 'good.db');
  assert.equal(cli(['ingest', SEEDS, '--db', good]).status, 0);
  const cut = join(dir, 'cut.db');
  copyFileSync(good, cut);
  truncateSync(cut, Math.floor(statSync(cut).size / 2));
  assertStoreFailure(cli(['brief', '--all', '--db', cut]), cut, /damaged/);
  assertStoreFailure(cli(['ingest', `${REPO}examples`, '--db', cut]), cut, /damaged/);
});

// A full disk and read-only media are made real: a small tmpfs, mounted for the test (as root).
const mounts: string[] = [];
after(() => {
  for (const m of mounts) execFileSync('umount', [m]);
});
function smallDisk(size: string): string {
  assert.equal(process.getuid?.(), 0, 'the full-disk and read-only tests mount a small tmpfs, which needs root');
  const dir = tempDir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

test('a full disk stops ingest with one line; after space is freed the store is intact and a re-run completes', () => {
  const disk = smallDisk('400k');
  const file = join(disk, 's.db');
  const r = cli(['ingest', WIKIREF, SEEDS, '--db', file]);
  assertStoreFailure(r, file, /disk is full/);
  execFileSync('mount', ['-o', 'remount,size=64m', disk]);
  const check = new Database(file, { readonly: true });
  assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
  check.close();
  const again = cli(['ingest', WIKIREF, SEEDS, '--db', file]);
  assert.equal(again.status, 0, again.stderr);
  const reference = join(tempDir(), 'ref.db');
  assert.equal(cli(['ingest', WIKIREF, SEEDS, '--db', reference]).status, 0);
  const count = (f: string) => {
    const db = new Database(f, { readonly: true });
    const n = db.prepare('SELECT COUNT(*) FROM articles').pluck().get();
    const members = db.prepare('SELECT COUNT(*) FROM story_members').pluck().get();
    db.close();
    return [n, members];
  };
  assert.deepEqual(count(file), count(reference), 'every article stored and assigned once');
});

test('a store on read-only media: ingest stops with one line saying it is read-only', () => {
  const disk = smallDisk('8m');
  const file = join(disk, 's.db');
  assert.equal(cli(['ingest', SEEDS, '--db', file]).status, 0);
  execFileSync('mount', ['-o', 'remount,ro', disk]);
  assertStoreFailure(cli(['ingest', `${REPO}examples`, '--db', file]), file, /read-only/);
  assertStoreFailure(cli(['stories', '--db', file]), file, /read-only/);
});

test('one writer per store: a second writer waits for the first or stops with one line; readers read what is committed', async () => {
  const file = join(tempDir(), 's.db');
  assert.equal(cli(['ingest', SEEDS, '--db', file]).status, 0);
  const before = cli(['stories', '--db', file, '--json']);
  // Another process (this test) holds the store's writer lock.
  const lock = takeWriterLock(file, 0);
  assert.ok(lock);
  try {
    assertStoreFailure(cli(['ingest', `${REPO}examples`, '--db', file, '--wait', '0']), file, /another process is writing/);
    const during = cli(['stories', '--db', file, '--json']);
    assert.equal(during.status, 0, during.stderr);
    assert.equal(during.stdout, before.stdout, 'a reader sees the committed stories');
    assert.equal(cli(['brief', '--all', '--db', file, '--format', 'json']).status, 0);
    // A writer that may wait gets in once the first is done.
    const waiting = cliAsync(['ingest', `${REPO}examples`, '--db', file, '--wait', '60']);
    const done = new Promise<number | null>((resolve) => waiting.on('close', resolve));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(waiting.exitCode, null, 'still waiting while the lock is held');
    lock.release();
    assert.equal(await done, 0);
  } finally {
    lock.release();
  }
  assert.ok(JSON.parse(cli(['stories', '--db', file, '--json']).stdout).length > JSON.parse(before.stdout).length);
});

test('two store handles cannot both write; document counts are written as deltas', () => {
  const file = join(tempDir(), 's.db');
  const first = openStore(file);
  assert.throws(() => openStore(file, { waitMs: 0 }), (e) => e instanceof StoreError && e.code === 'busy' && /another process is writing/.test(e.message));
  const reader = openStore(file, { access: 'read' });
  assert.equal(reader.canWrite, false);
  reader.close();
  first.close();
  // Writers one after the other, each its own process: the count of documents is every article assigned.
  for (const f of readdirSync(SEEDS).sort()) assert.equal(cli(['ingest', join(SEEDS, f), '--db', file]).status, 0);
  const db = new Database(file, { readonly: true });
  const docs = db.prepare("SELECT value FROM store_meta WHERE key = 'docs:story'").pluck().get();
  const members = db.prepare('SELECT COUNT(*) FROM story_members').pluck().get();
  db.close();
  assert.equal(docs, members);
});
