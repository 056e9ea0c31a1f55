// A kill -9 in the middle of a large ingest leaves a store that opens, passes integrity_check, and a
// re-run completes the ingest with no duplicate and no missing article.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliAsync, lastLine, tempDir, SHARED } from '../cli/run-cli.ts';
import { decodeText } from '../../src/read/decode.ts';

const FILES = 1500;

/** Distinct articles made of real paragraphs: each file recombines paragraphs of three wikiref220 articles. */
function writeCorpus(dir: string): void {
  const src = join(SHARED, 'corpora/wikiref220');
  const paragraphs = readdirSync(src).sort().flatMap((f) => decodeText(readFileSync(join(src, f))).split(/\n\s*\n/).filter((p) => p.length > 80));
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % paragraphs.length;
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, String(Math.floor(i / 100)).padStart(2, '0'));
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `item-${String(i).padStart(5, '0')}.txt`), `Report number ${i}\n\n${[next(), next(), next()].map((k) => paragraphs[k]).join('\n\n')}\n`);
  }
}

const count = (db: string) => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT COUNT(*) FROM articles').pluck().get() as number;
  } finally {
    d.close();
  }
};

const members = (file: string) => {
  const d = new Database(file, { readonly: true });
  try {
    return d.prepare('SELECT article_id, story_id FROM story_members ORDER BY article_id').all() as { article_id: string; story_id: string }[];
  } finally {
    d.close();
  }
};

let corpus = '';
let reference = '';
function prepare(): void {
  if (corpus) return;
  corpus = tempDir();
  writeCorpus(corpus);
  reference = join(tempDir(), 'reference.db');
  const full = cli(['ingest', corpus, '--db', reference]);
  assert.equal(full.status, 0, full.stderr);
}

test('kill -9 mid-ingest: the store stays consistent and a re-run completes it exactly', async () => {
  prepare();

  const db = join(tempDir(), 'killed.db');
  const child = cliAsync(['ingest', corpus, '--db', db]);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Wait until part of the ingest has committed, then kill without warning.
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      if (count(db) >= 100) break;
    } catch {
      // the store does not exist yet
    }
  }
  child.kill('SIGKILL');
  await exited;
  const partial = count(db);
  const expected = count(reference);
  assert.ok(partial > 0 && partial < expected, `killed mid-run: ${partial} of ${expected} stored`);

  const check = new Database(db);
  assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
  check.close();

  const rerun = cli(['ingest', corpus, '--db', db]);
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(lastLine(rerun.stderr), /^ingested \d+, duplicates \d+, rejected 0$/);
  const ids = (file: string) => {
    const d = new Database(file, { readonly: true });
    const rows = d.prepare('SELECT id, duplicate_of FROM articles ORDER BY id').all();
    d.close();
    return rows;
  };
  assert.deepEqual(ids(db), ids(reference));
  const fts = new Database(db, { readonly: true });
  assert.equal(fts.prepare("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'report'").pluck().get(), expected);
  fts.close();
  assert.deepEqual(members(db), members(reference), 'every article in the same story as in an uninterrupted run');
});

test('kill -9 while stories are assigned: listing reads what is committed and writes nothing; upgrade completes the assignment as an uninterrupted run would', async () => {
  prepare();
  const expected = members(reference);
  assert.equal(expected.length, count(reference), 'an uninterrupted ingest puts every article in a story');
  const db = join(tempDir(), 'killed-assign.db');
  const child = cliAsync(['ingest', corpus, '--db', db]);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let assigned = 0;
  for (let i = 0; i < 1200 && assigned === 0; i++) {
    await new Promise((r) => setTimeout(r, 25));
    try {
      assigned = members(db).length;
    } catch {
      // the store or its tables do not exist yet
    }
  }
  child.kill('SIGKILL');
  await exited;
  const partial = members(db).length;
  assert.ok(partial > 0 && partial < expected.length, `killed while assigning: ${partial} of ${expected.length} assigned`);
  const listed = cli(['stories', '--db', db, '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal(members(db).length, partial, 'a listing does not assign');
  const upgraded = cli(['upgrade', '--db', db]);
  assert.equal(upgraded.status, 0, upgraded.stderr);
  assert.deepEqual(members(db), expected);
});
