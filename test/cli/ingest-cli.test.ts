import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { cli, lastLine, tempDir, SHARED, REPO } from './run-cli.ts';

const SEEDS = join(SHARED, 'corpora/seeds');

interface JsonArticle { id: string; ref: string; url: string | null; outlet: string | null; title: string | null; publishedAt: string | null; lang: string; text: string; duplicateOf: string | null }
const listArticles = (db: string): JsonArticle[] => JSON.parse(cli(['articles', '--db', db, '--json']).stdout);

test('ingest of the seeds: 5 articles with every required field; a second ingest adds nothing and changes no id', () => {
  const db = join(tempDir(), 'store.db');
  const first = cli(['ingest', SEEDS, '--db', db]);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(lastLine(first.stderr), 'ingested 5, duplicates 0, rejected 0');
  const before = listArticles(db);
  assert.equal(before.length, 5);
  for (const a of before) {
    for (const key of ['id', 'ref', 'url', 'outlet', 'title', 'publishedAt', 'lang', 'text', 'duplicateOf']) assert.ok(key in a, key);
    assert.ok(a.ref.startsWith(SEEDS), a.ref);
  }
  const again = cli(['ingest', SEEDS, '--db', db]);
  assert.equal(again.status, 0);
  assert.equal(lastLine(again.stderr), 'ingested 0, duplicates 5, rejected 0');
  assert.deepEqual(listArticles(db), before);
  // Same content in a fresh store gives the same ids.
  const other = join(tempDir(), 'other.db');
  cli(['ingest', SEEDS, '--db', other]);
  assert.deepEqual(listArticles(other).map((a) => a.id), before.map((a) => a.id));
});

test('bad inputs are each reported with path and reason, the good ones land, exit status 1', () => {
  const dir = tempDir();
  for (const f of readdirSync(SEEDS)) copyFileSync(join(SEEDS, f), join(dir, f));
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]));
  writeFileSync(join(dir, 'cut.html'), readFileSync(join(REPO, 'examples/calder-courier-bridge.html'), 'utf8').slice(0, 1800));
  writeFileSync(join(dir, 'wire.jsonl'), `${JSON.stringify({ id: 'w1', text: 'The ferry to Kranich island resumed service on Tuesday after repairs.' })}\n{"id": "w2", "text": \n`);
  copyFileSync(join(REPO, 'test/fixtures/billion-laughs.xml'), join(dir, 'bomb.xml'));
  writeFileSync(join(dir, 'huge.txt'), 'word '.repeat(300_000));
  writeFileSync(join(dir, '.hidden.txt'), 'A hidden file is never read.');
  const locked = join(dir, 'locked');
  mkdirSync(locked);
  writeFileSync(join(locked, 'inside.txt'), 'Text nobody can read.');
  chmodSync(locked, 0o000);
  const db = join(tempDir(), 'store.db');
  // Root reads any directory, so the permission case runs as an unprivileged user when we are root.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = cli(['ingest', dir, '--db', db, '--max-size', '1'], asUser);
  chmodSync(locked, 0o755);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  const reasonFor = (name: string) => lines.find((l) => l.startsWith(`rejected ${join(dir, name)}`)) ?? '';
  assert.match(reasonFor('empty.txt'), /empty/);
  assert.match(reasonFor('image.png'), /binary/);
  assert.match(reasonFor('cut.html'), /truncated HTML/);
  assert.match(reasonFor('wire.jsonl'), /line 2: invalid JSON/);
  assert.match(reasonFor('bomb.xml'), /entit/);
  assert.match(reasonFor('huge.txt'), /size limit/);
  assert.match(reasonFor('locked'), /permission denied/);
  assert.ok(!r.stderr.includes('hidden'));
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace for input errors');
  assert.equal(lastLine(r.stderr), 'ingested 6, duplicates 0, rejected 7');
  const refs = listArticles(db).map((a) => a.ref);
  assert.equal(refs.length, 6);
  assert.ok(refs.includes('w1'));
});

test('usage errors exit 2; --db :memory: and STORYLINE_DB work; - reads standard input', () => {
  assert.equal(cli([]).status, 2);
  assert.equal(cli(['frobnicate']).status, 2);
  assert.equal(cli(['ingest']).status, 2);
  assert.equal(cli(['ingest', SEEDS, '--max-size', 'lots']).status, 2);
  assert.equal(cli(['ingest', SEEDS, '--no-such-flag']).status, 2);
  for (const bad of ['0', '1.5', 'many']) assert.match(cli(['ingest', SEEDS, '--workers', bad]).stderr, /--workers must be a whole number/);
  assert.equal(lastLine(cli(['ingest', SEEDS, '--db', ':memory:', '--workers', '2']).stderr), 'ingested 5, duplicates 0, rejected 0');
  const mem = cli(['ingest', SEEDS, '--db', ':memory:']);
  assert.equal(lastLine(mem.stderr), 'ingested 5, duplicates 0, rejected 0');
  const envDb = join(tempDir(), 'env.db');
  const stdin = cli(['ingest', '-'], { input: 'Ferry returns\n\nThe Kranich island ferry returned to service on Tuesday after three weeks of repairs.', env: { STORYLINE_DB: envDb } });
  assert.equal(stdin.status, 0, stdin.stderr);
  const [a] = listArticles(envDb);
  assert.equal(a!.ref, '-');
  assert.equal(a!.title, 'Ferry returns');
  const shown = cli(['show', a!.id, '--db', envDb, '--json']);
  assert.equal(JSON.parse(shown.stdout).id, a!.id);
  assert.equal(cli(['show', 'nope', '--db', envDb]).status, 1);
});

test('near-duplicates are stored with duplicateOf naming the first copy; exact repeats are stored once', () => {
  const dir = tempDir();
  const original = readFileSync(join(REPO, 'examples/radio-meridian-flight.txt'), 'utf8');
  writeFileSync(join(dir, 'a.txt'), original);
  writeFileSync(join(dir, 'b.txt'), original.replace('Two passengers', 'Two of the passengers').replace('about an hour', 'nearly an hour'));
  writeFileSync(join(dir, 'c.txt'), original.replace(/\n/g, '\r\n'));
  const db = join(tempDir(), 'store.db');
  const r = cli(['ingest', dir, '--db', db]);
  assert.equal(lastLine(r.stderr), 'ingested 1, duplicates 2, rejected 0');
  const [a, b, ...rest] = listArticles(db);
  assert.equal(rest.length, 0);
  assert.equal(a!.duplicateOf, null);
  assert.equal(b!.duplicateOf, a!.id);
  // Across runs (the copy is found through the stored LSH index) and within one file.
  const later = join(tempDir(), 'later.txt');
  writeFileSync(later, original.replace('released.', 'released later that night.'));
  assert.equal(lastLine(cli(['ingest', later, '--db', db]).stderr), 'ingested 0, duplicates 1, rejected 0');
  assert.equal(listArticles(db)[2]!.duplicateOf, a!.id);
  const feed = join(tempDir(), 'pair.jsonl');
  const body = readFileSync(join(REPO, 'examples/orvale-post-drought.txt'), 'utf8');
  writeFileSync(feed, [JSON.stringify({ id: 'p1', text: body }), JSON.stringify({ id: 'p2', text: body.replace('31 percent', '30 percent') })].join('\n'));
  assert.equal(lastLine(cli(['ingest', feed, '--db', db]).stderr), 'ingested 1, duplicates 1, rejected 0');
  const byRef = Object.fromEntries(listArticles(db).map((x) => [x.ref, x]));
  assert.equal(byRef.p2!.duplicateOf, byRef.p1!.id);
});
