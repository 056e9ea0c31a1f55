import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { REPO } from '../cli/run-cli.ts';

const fixture = (name: string) => `${REPO}test/fixtures/merge/${name}.txt`;
const grouping = (stories: { articleRefs: string[] }[]) => stories.map((s) => s.articleRefs.map((r) => r.replace(/.*\//, '')).sort().join(' ')).sort();

test('a report that bridges two stories of one event merges them; the old id resolves; the store stays consistent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-merge-'));
  try {
    const store = openStore(join(dir, 'store.db'));
    // One file per run: each arrives as a stream would deliver it.
    ingestPaths(store, [fixture('a-collapse')]);
    ingestPaths(store, [fixture('b-shipping')]);
    const before = store.listStories();
    assert.equal(before.length, 2, 'the two angles start apart, or this test tests nothing');
    const storyOf = (name: string) => before.find((s) => s.articleRefs[0]!.endsWith(name))!.id;
    const older = storyOf('a-collapse.txt');
    const younger = storyOf('b-shipping.txt');

    ingestPaths(store, [fixture('c-bridge')]);
    const after = store.listStories();
    assert.deepEqual(grouping(after), ['a-collapse.txt b-shipping.txt c-bridge.txt']);
    assert.equal(after[0]!.id, older, 'the older story survives');
    assert.deepEqual(after[0]!.mergedIds, [younger]);
    assert.equal(store.resolveStoryId(younger), older);
    assert.equal(store.resolveStoryId(older), older);
    assert.equal(store.listStorylines().length, 1);
    const rows = (sql: string) => store.db.prepare(sql).pluck().all();
    assert.deepEqual(rows(`SELECT id FROM cluster_state WHERE level = 'story'`), [older]);
    assert.deepEqual(rows('SELECT DISTINCT story_id FROM story_members'), [older]);

    // A follow-up finds the merged story through the keys of both halves; another event in the port stays apart.
    ingestPaths(store, [fixture('d-queue'), fixture('e-festival')]);
    assert.deepEqual(grouping(store.listStories()), ['a-collapse.txt b-shipping.txt c-bridge.txt d-queue.txt', 'e-festival.txt']);

    // The rebuild assigns the same articles in another order (undated: by id) and reaches the same
    // grouping; ids merged away, and ids the rebuild did not reuse, still resolve to the story.
    store.recluster();
    const rebuilt = store.listStories();
    assert.deepEqual(grouping(rebuilt), ['a-collapse.txt b-shipping.txt c-bridge.txt d-queue.txt', 'e-festival.txt']);
    const port = rebuilt.find((s) => s.articleIds.length === 4)!.id;
    assert.equal(store.resolveStoryId(older), port);
    assert.equal(store.resolveStoryId(younger), port);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
