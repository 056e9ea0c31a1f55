// The assignment lease on PostgreSQL is held while there is work, not for as long as a worker runs:
// `recluster` (which takes the lease) finishes beside an idle `storyline worker` process, and the
// worker goes on working after it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { ingestIntoPostgres, reclusterPostgres } from '../../src/app/ingest.ts';
import { BIN, REPO, SHARED } from '../cli/run-cli.ts';
import { stopTestServer, testDatabase } from '../store/postgres-server.ts';

after(stopTestServer);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('recluster takes the lease from an idle worker process, which then works on new files', { timeout: 300_000 }, async () => {
  const url = await testDatabase();
  await ingestIntoPostgres(url, [`${REPO}examples`], { workers: 1 });
  const worker = spawn(process.execPath, [BIN, 'worker', '--db', url, '--workers', '1'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  worker.stderr!.on('data', (d) => (err += d));
  const c = new pg.Client(url);
  await c.connect();
  try {
    const count = async (sql: string) => Number((await c.query(sql)).rows[0].n);
    while (await count("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'storyline " + worker.pid + "'") === 0) {
      assert.equal(worker.exitCode, null, `the worker runs: ${err}`);
      await sleep(100);
    }
    await sleep(500); // a few of its rounds
    const before = await count('SELECT COUNT(*) AS n FROM stories');
    const reclustered = await Promise.race([reclusterPostgres(url, { workers: 1 }), sleep(120_000).then(() => null)]);
    assert.ok(reclustered, 'recluster finished beside the worker');
    assert.equal(reclustered.stories, before, 'the same stories after recluster');
    // New files queued by an ingest are worked on by the worker too (the ingest works beside it).
    await ingestIntoPostgres(url, [`${SHARED}corpora/seeds`], { workers: 1 });
    assert.equal(await count('SELECT COUNT(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id)'), 0);
    assert.equal(worker.exitCode, null, `the worker still runs: ${err}`);
  } finally {
    await c.end();
    await new Promise((resolve) => (worker.once('exit', resolve), worker.kill('SIGTERM')));
  }
});
