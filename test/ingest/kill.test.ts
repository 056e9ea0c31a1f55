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

test('kill -9 mid-ingest: the store stays consistent and a re-run completes it exactly', async () => {
  const corpus = tempDir();
  writeCorpus(corpus);
  const reference = join(tempDir(), 'reference.db');
  const full = cli(['ingest', corpus, '--db', reference]);
  assert.equal(full.status, 0, full.stderr);

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
});
