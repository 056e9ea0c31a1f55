// The progress line is for people at a terminal: shown on a TTY once a run is large, never in a pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { tempDir } from './run-cli.ts';

function corpus(files: number): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'items'));
  const words = 'harbour ferry council bridge river market school station museum library tower garden bakery orchard vineyard quarry lighthouse tram canal meadow forest valley island village square theatre stadium airport depot clinic'.split(' ');
  let seed = 3;
  const pick = () => words[(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % words.length];
  for (let i = 0; i < files; i++) {
    const sentence = () => `The ${pick()} near the ${pick()} opened beside the ${pick()} and the ${pick()}.`;
    writeFileSync(join(dir, 'items', `${i}.txt`), `Item ${i}\n\n${sentence()} ${sentence()} ${sentence()} ${sentence()}`);
  }
  return dir;
}

async function runIngest(dir: string, tty: boolean) {
  let err = '';
  const status = await main(['ingest', dir, '--db', ':memory:'], { out: () => {}, err: (s) => (err += s), stderrIsTTY: tty });
  return { status, err };
}

test('a large ingest shows progress on a terminal and none in a pipe; the last line is the same', async () => {
  const dir = corpus(450);
  const onTty = await runIngest(dir, true);
  const inPipe = await runIngest(dir, false);
  assert.equal(onTty.status, 0);
  assert.match(onTty.err, /\r\d+ files read — ingested \d+/);
  assert.ok(!inPipe.err.includes('\r'));
  // What a terminal shows: the erase-line sequence removes the progress line before the last line.
  const last = (s: string) => s.replace(/\x1b\[K/g, '').split(/[\r\n]/).filter(Boolean).pop();
  assert.equal(last(onTty.err), 'ingested 450, duplicates 0, rejected 0');
  assert.equal(last(inPipe.err), 'ingested 450, duplicates 0, rejected 0');
});

test('a small ingest shows no progress even on a terminal', async () => {
  const { err } = await runIngest(corpus(20), true);
  assert.ok(!err.includes('\r'));
});
