// File names as the file system has them: a name that is not UTF-8 is read (and shown with its other
// bytes escaped); control characters in a name are escaped in the one-line messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../cli/run-cli.ts';

const TEXT = 'Port Ebb opened the Tarn bridge on Tuesday. The council said the works cost 40 million euros, more than planned.\n';

test('a file whose name is not valid UTF-8 is read; its ref shows the other bytes as \\xHH', () => {
  const dir = tempDir();
  writeFileSync(Buffer.from(`${dir}/latin1-\xe9t\xe9.txt`, 'latin1'), TEXT);
  const db = join(tempDir(), 's.db');
  const r = cli(['ingest', dir, '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /ingested 1, duplicates 0, rejected 0/);
  const [article] = JSON.parse(cli(['articles', '--db', db, '--json']).stdout) as { ref: string; text: string }[];
  assert.equal(article!.ref, `${dir}/latin1-\\xE9t\\xE9.txt`);
  assert.equal(cli(['show', article!.ref, '--db', db]).status, 0);
});

test('control characters in a rejected name are escaped: one rejection is one line, with no escape sequence', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'evil\n\x1b[31mred\r.txt'), Buffer.from([0, 1, 2, 3, 0, 0]));
  writeFileSync(join(dir, 'good.txt'), TEXT);
  const r = cli(['ingest', dir, '--db', join(tempDir(), 's.db')]);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.equal(lines[0], `rejected ${dir}/evil\\n\\x1B[31mred\\r.txt: binary data, not text`);
  assert.ok(!r.stderr.includes('\x1b'));
});
