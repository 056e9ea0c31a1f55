import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cli, tempDir, SHARED } from './run-cli.ts';

test('recluster, stories and storylines: JSON with the documented fields, filter by storyline', () => {
  const db = join(tempDir(), 's.db');
  cli(['ingest', 'examples', `${SHARED}corpora/seeds`, '--db', db]);
  const r = cli(['recluster', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^stories \d+, storylines \d+/);
  const stories = JSON.parse(cli(['stories', '--db', db, '--json']).stdout);
  assert.ok(stories.length >= 4);
  for (const s of stories) for (const k of ['id', 'headline', 'storylineId', 'articleRefs', 'outlets', 'firstPublished', 'lastPublished']) assert.ok(k in s, k);
  const lines = JSON.parse(cli(['storylines', '--db', db, '--json']).stdout);
  for (const l of lines) for (const k of ['id', 'title', 'storyIds', 'articleRefs']) assert.ok(k in l, k);
  assert.equal(lines.flatMap((l: { articleRefs: string[] }) => l.articleRefs).length, stories.flatMap((s: { articleRefs: string[] }) => s.articleRefs).length);
  const one = JSON.parse(cli(['stories', '--db', db, '--json', '--storyline', stories[0].storylineId]).stdout);
  assert.ok(one.length >= 1 && one.every((s: { storylineId: string }) => s.storylineId === stories[0].storylineId));
  // Re-clustering the same store gives the same stories.
  cli(['recluster', '--db', db]);
  assert.deepEqual(JSON.parse(cli(['stories', '--db', db, '--json']).stdout), stories);
});

test('eval clusters scores against a gold file and explains the misplaced articles', () => {
  const gold = join(tempDir(), 'g.tsv');
  writeFileSync(gold, 'radio-meridian-flight.txt\tflight\nsyndicated-calder-times-flight.txt\tflight\ncalder-courier-bridge.html\tbridge\norvale-post-drought.txt\tdrought\n');
  const r = cli(['eval', 'clusters', 'examples', '--gold', gold, '--explain']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /level story: 4 articles scored/);
  assert.match(r.stdout, /BCubed {3}P 1\.0000 {2}R 1\.0000 {2}F1 1\.0000/);
  assert.match(r.stdout, /no article misplaced/);
  const gate = cli(['eval', 'clusters', 'examples', '--gold', gold, '--floor', '0.99']);
  assert.equal(gate.status, 0, gate.stderr);
  // A gold file that splits one story in two cannot be met at a floor of 0.99: the gate fails.
  const split = join(tempDir(), 'split.tsv');
  writeFileSync(split, 'radio-meridian-flight.txt\tflight-a\nsyndicated-calder-times-flight.txt\tflight-b\ncalder-courier-bridge.html\tbridge\n');
  const failed = cli(['eval', 'clusters', 'examples', '--gold', split, '--floor', '0.99']);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /below the floor 0\.99/);
  assert.equal(cli(['eval', 'clusters', 'examples']).status, 2);
  assert.equal(cli(['eval', 'clusters', 'examples', '--gold', gold, '--level', 'topic']).status, 2);
});
