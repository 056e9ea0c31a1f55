// The PostgreSQL writer on what the shared corpora are too small to show: a story of hundreds of
// articles (its analysis signature is longer than a btree entry may be), and a store made by the
// first schema brought up to date.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { ingestIntoPostgres, upgradePostgres } from '../../src/app/ingest.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import { tempDir } from '../cli/run-cli.ts';
import { stopTestServer, testDatabase } from './postgres-server.ts';

after(stopTestServer);

const dir = tempDir();

/** Reports of one fictional flood, each from its own outlet, each telling a different few of its facts. */
function floodReports(n: number): string {
  const towns = ['Brennick', 'Osterley', 'Calvane', 'Marrow Hill', 'Sedge Ford'];
  const facts = (i: number) => [
    `The Dunmere river broke its levees near ${towns[i % 5]} on Tuesday, flooding ${60 + i} farms along the valley.`,
    `Mayor Ilsa Varrow said ${40 + i} families were evacuated overnight.`,
    `The Dunmere Valley fire brigade pumped water from ${3 + i} cellars in ${towns[(i + 2) % 5]}.`,
    `Engineers of the Dunmere Water Board said the levees had not been repaired since ${1700 + i}.`,
    `${12 + i} roads between ${towns[(i + 1) % 5]} and ${towns[(i + 3) % 5]} were closed until Thursday.`,
    `Farmers counted ${100 + i} drowned sheep in the lower fields of the Dunmere valley.`,
    `A school in ${towns[(i + 4) % 5]} opened its gym to ${20 + i} people who lost their homes.`,
    `The regional weather office warned of ${2 + i} more days of heavy rain over the Dunmere hills.`,
    `Volunteers filled ${500 + 7 * i} sandbags at the ${towns[i % 5]} market square.`,
    `Insurers expect claims of ${1 + i} million crowns from the Dunmere floods.`,
    `Rail services to ${towns[(i + 2) % 5]} were suspended after water covered ${4 + i} kilometres of track.`,
    `The Dunmere Water Board opened inquiry number ${9000 + i} into the failed levees on Wednesday.`,
  ];
  return JSON.stringify(Array.from({ length: n }, (_, i) => {
    const all = facts(i);
    // Five of the twelve facts, a different choice and order for each report: related, not copies.
    const mix = (k: number) => {
      let h = Math.imul(i * 7919 + k * 104729 + 1, 0x9e3779b1);
      h ^= h >>> 15;
      return Math.imul(h, 0x85ebca6b) >>> 0;
    };
    const picked = all.map((f, k) => ({ f, r: mix(k) })).sort((a, b) => a.r - b.r).slice(0, 5).map((x) => x.f);
    return {
      title: `Dunmere floods: ${towns[i % 5]} report ${i}`,
      outlet: `Riverside Outlet ${i}`,
      publishedAt: `2026-04-${String(1 + (i % 3)).padStart(2, '0')}`,
      text: picked.join(' '),
    };
  }));
}

test('a story of hundreds of articles is analyzed once and its analysis logged', async () => {
  const file = join(dir, 'flood.json');
  writeFileSync(file, floodReports(300));
  const url = await testDatabase();
  const counts = await ingestIntoPostgres(url, [file], { workers: 1 });
  assert.equal(counts.ingested, 300);
  const c = new pg.Client(url);
  await c.connect();
  try {
    const big = (await c.query('SELECT id, article_count FROM stories ORDER BY article_count DESC LIMIT 1')).rows[0];
    assert.ok(big.article_count >= 100, `the reports form a large story (largest: ${big.article_count})`);
    const analysis = (await c.query('SELECT signature FROM story_analysis WHERE story_id = $1', [big.id])).rows[0];
    assert.ok(analysis && analysis.signature.length > 2704, 'its signature is longer than a btree entry may be');
    const unanalyzed = (await c.query('SELECT COUNT(*)::int AS n FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_analysis a WHERE a.story_id = s.id)')).rows[0].n;
    assert.equal(unanalyzed, 0);
    const log = (await c.query('SELECT saves FROM analysis_log WHERE story_id = $1 AND signature = $2', [big.id, analysis.signature])).rows;
    assert.deepEqual(log, [{ saves: 1 }]);
  } finally {
    await c.end();
  }
});

test('a store of the first schema is brought up to date by upgrade, its analysis log kept', async () => {
  const url = await testDatabase();
  const c = new pg.Client(url);
  await c.connect();
  try {
    await c.query(PG_MIGRATIONS[0]!);
    await c.query("INSERT INTO store_meta (key, value) VALUES ('schema_version', 1) ON CONFLICT (key) DO UPDATE SET value = 1");
    await c.query("INSERT INTO analysis_log (story_id, signature, saves) VALUES ('s1', 'sig', 2)");
    await assert.rejects(openPostgresStore(url, { access: 'read' }), /schema version 1 is older.*storyline upgrade/);
    await upgradePostgres(url);
    const version = (await c.query("SELECT value FROM store_meta WHERE key = 'schema_version'")).rows[0].value;
    assert.equal(Number(version), PG_MIGRATIONS.length);
    assert.deepEqual((await c.query('SELECT story_id, signature, digest, saves FROM analysis_log')).rows,
      [{ story_id: 's1', signature: 'sig', digest: (await c.query("SELECT md5('sig') AS d")).rows[0].d, saves: 2 }]);
  } finally {
    await c.end();
  }
});
