// Parity on a subset (the seeds, the examples, the confusable set): SQLite in one thread, SQLite with
// two worker threads and PostgreSQL with three worker processes beside the ingest give the same
// articles, stories, storylines, entities and briefs. `npm run eval:parity` runs the full comparison.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fillPostgres, fillSqlite, firstDifference, views } from '../../scripts/parity.ts';
import { tempDir, SHARED, REPO } from '../cli/run-cli.ts';
import { stopTestServer, testDatabase } from '../store/postgres-server.ts';

after(stopTestServer);

test('SQLite with 1 thread, with 2 threads and PostgreSQL with 3 worker processes hold the same stories and briefs', { timeout: 300_000 }, async () => {
  const paths = [`${SHARED}corpora/seeds`, `${REPO}examples`, `${REPO}eval/confusable/reports.jsonl`];
  const dir = tempDir();
  fillSqlite(join(dir, 'one.db'), paths, 1);
  fillSqlite(join(dir, 'two.db'), paths, 2);
  const url = await testDatabase();
  await fillPostgres(url, paths, 3);
  const [one, two, postgres] = [views(join(dir, 'one.db')), views(join(dir, 'two.db')), views(url)];
  assert.ok(one.find((v) => v.view === 'stories --json')!.text.length > 1000, 'the stores hold stories');
  for (const [i, v] of one.entries()) {
    assert.equal(two[i]!.digest, v.digest, `${v.view}, 2 threads: ${firstDifference(v.text, two[i]!.text)}`);
    assert.equal(postgres[i]!.digest, v.digest, `${v.view}, PostgreSQL: ${firstDifference(v.text, postgres[i]!.text)}`);
  }
});
