// Damaged copies of real inputs (cut short, bytes flipped, given the wrong extension) must each end
// as an article or a one-line rejection: never a crash, never a stack trace, never a lost good file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, lastLine, tempDir, REPO, SHARED } from '../cli/run-cli.ts';

test('200 damaged inputs: every one is ingested or rejected with a reason, and the good files land', () => {
  const sources = [
    ...readdirSync(join(REPO, 'examples')).filter((f) => f.includes('.')).map((f) => join(REPO, 'examples', f)),
    join(REPO, 'test/fixtures/html/news-with-related.html'),
    join(REPO, 'test/fixtures/atom-xhtml.atom'),
  ];
  const extensions = ['.txt', '.html', '.json', '.jsonl', '.xml', '.rss', '.gz', ''];
  const dir = tempDir();
  let seed = 42;
  const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  for (let i = 0; i < 200; i++) {
    const bytes = Buffer.from(readFileSync(sources[rand(sources.length)]!));
    const cut = bytes.subarray(0, 1 + rand(bytes.length));
    for (let k = rand(4); k > 0; k--) cut[rand(cut.length)] = rand(256);
    writeFileSync(join(dir, `damaged-${String(i).padStart(3, '0')}${extensions[rand(extensions.length)]}`), cut);
  }
  for (const f of readdirSync(join(SHARED, 'corpora/seeds'))) copyFileSync(join(SHARED, 'corpora/seeds', f), join(dir, `zz-${f}`));
  const db = join(tempDir(), 'fuzz.db');
  const r = cli(['ingest', dir, '--db', db]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(-500)}`);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  assert.ok(!r.stderr.includes('internal error'), r.stderr.split('\n').filter((l) => l.includes('internal error')).join('\n'));
  const m = /^ingested (\d+), duplicates (\d+), rejected (\d+)$/.exec(lastLine(r.stderr));
  assert.ok(m, lastLine(r.stderr));
  const rejectedLines = r.stderr.split('\n').filter((l) => l.startsWith('rejected '));
  assert.equal(rejectedLines.length, Number(m[3]));
  for (const line of rejectedLines) assert.match(line, /^rejected \S.*: \S/);
  const refs = (JSON.parse(cli(['articles', '--db', db, '--json']).stdout) as { ref: string }[]).map((a) => a.ref);
  assert.equal(refs.filter((ref) => ref.includes('zz-')).length, 5, 'all five seeds landed');
});
