// Cost linear in the input: a feed of many items is stored item by item against an index (not a scan
// of what the file stored so far), committed in chunks that a kill and a re-run complete exactly;
// standard input is read no further than the size limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.ts';
import { FILE_CHUNK_ITEMS, ingestBytes, type IngestCounts } from '../../src/ingest/index.ts';
import { readInput } from '../../src/read/index.ts';
import { decodeText } from '../../src/read/decode.ts';
import { BIN, REPO, cli, cliAsync, tempDir, SHARED } from '../cli/run-cli.ts';

/** An RSS feed of `n` distinct items made of real paragraphs; every 50th item repeats an earlier one with a word changed. */
function feed(n: number): string {
  const src = join(SHARED, 'corpora/wikiref220');
  const paragraphs = readdirSync(src).sort().flatMap((f) => decodeText(readFileSync(join(src, f))).split(/\n\s*\n/).filter((p) => p.length > 80));
  let seed = 5;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % paragraphs.length;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const bodies: string[] = [];
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = i % 50 === 49 ? `${bodies[i - 40]!} Updated.` : `Item ${i}. ${paragraphs[next()]} ${paragraphs[next()]}`;
    bodies.push(body);
    items.push(`<item><title>Item ${i}</title><link>https://feed.example/${i}</link><description>${esc(body)}</description></item>`);
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big feed</title>\n${items.join('\n')}\n</channel></rss>\n`;
}

test('a feed of 20,000 items is stored whole; near-copies inside the file point at their first copy', { timeout: 300_000 }, () => {
  const store = openStore(join(tempDir(), 's.db'));
  const counts: IngestCounts = { ingested: 0, duplicates: 0, rejected: 0 };
  const stored = ingestBytes(store, 'big.rss', Buffer.from(feed(20_000)), 200 * 1024 * 1024, counts, (r) => assert.fail(r.reason));
  store.syncIndexes();
  assert.equal(stored, 20_000);
  assert.equal(store.countArticles(), 20_000);
  // Paragraphs recombined at random make some chance near-copies too; the planted ones must all be found.
  const row = store.db.prepare('SELECT id, duplicate_of FROM articles WHERE ref = ?');
  const original = (i: number) => {
    const r = row.get(`big.rss#${i + 1}`) as { id: string; duplicate_of: string | null };
    return r.duplicate_of ?? r.id;
  };
  let planted = 0;
  for (let i = 49; i < 20_000; i += 50) {
    const r = row.get(`big.rss#${i + 1}`) as { id: string; duplicate_of: string | null };
    assert.equal(r.duplicate_of, original(i - 40), `item ${i} is a near-copy of item ${i - 40}`);
    planted++;
  }
  assert.equal(planted, 400);
  assert.ok(counts.duplicates >= 400);
  store.close();
});

test('a large file is committed in chunks: killed part-way, it keeps whole chunks, and a re-run completes it with no duplicate', { timeout: 300_000 }, async () => {
  const dir = tempDir();
  const file = join(dir, 'big.rss');
  writeFileSync(file, feed(4 * FILE_CHUNK_ITEMS));
  const db = join(dir, 's.db');
  const child = cliAsync(['ingest', file, '--db', db]);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stored = () => {
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return d.prepare('SELECT COUNT(*) FROM articles').pluck().get() as number;
      } finally {
        d.close();
      }
    } catch {
      return 0;
    }
  };
  // Kill it once the first chunk is committed and before the file is done.
  while (stored() < FILE_CHUNK_ITEMS && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await exited;
  const partial = stored();
  assert.ok(partial > 0 && partial % FILE_CHUNK_ITEMS === 0 || partial === 4 * FILE_CHUNK_ITEMS, `whole chunks only, got ${partial}`);
  const again = cli(['ingest', file, '--db', db]);
  assert.equal(again.status, 0, again.stderr);
  const d = new Database(db, { readonly: true });
  assert.equal(d.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(d.prepare('SELECT COUNT(*) FROM articles').pluck().get(), 4 * FILE_CHUNK_ITEMS);
  assert.equal(d.prepare('SELECT COUNT(*) FROM story_members').pluck().get(), 4 * FILE_CHUNK_ITEMS, 'every article assigned once');
  d.close();
});

test('standard input is read no further than the size limit: an endless stream is refused, not swallowed', { timeout: 120_000 }, async () => {
  const db = join(tempDir(), 's.db');
  const endless = spawn('yes', ['The council said the bridge over the Tarn would close on Tuesday.'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const child = spawn(process.execPath, [BIN, 'ingest', '-', '--db', db, '--max-size', '1'], { cwd: REPO, stdio: [endless.stdout, 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  endless.kill();
  assert.equal(status, 1, stderr);
  assert.match(stderr, /^rejected -: standard input is over the size limit of 1\.0 MB/m);
  // Within the limit it is read as before.
  const ok = cli(['ingest', '-', '--db', db], { input: 'Port Ebb opened the Tarn bridge on Tuesday. The council said the works cost 40 million euros, more than planned.\n' });
  assert.equal(ok.status, 0, ok.stderr);
});

test('a size limit above 4 GB still reads gzip files (the output cap is the largest buffer)', () => {
  const text = 'Port Ebb opened the Tarn bridge on Tuesday. The council said the works cost 40 million euros.\n';
  const r = readInput('a.txt.gz', gzipSync(Buffer.from(text)), 6 * 1024 ** 3);
  assert.equal(r.items[0]!.text.trim(), text.trim());
});
