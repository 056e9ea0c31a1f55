/**
 * npm run bench — ingest throughput by input form, on one core, into a SQLite file (WAL), with
 * latency percentiles per input file and peak memory. Inputs are built from the real corpora in
 * ../shared/corpora (recombined so that every article is distinct), never from random words.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openStore } from '../src/store/index.ts';
import { ingestBytes, INDEX_BATCH_FILES, type IngestCounts } from '../src/ingest/index.ts';
import { decodeText } from '../src/read/decode.ts';

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

/** RSS feeds of 20 items each, items made of real paragraphs. */
function feedInputs(feeds: number): { path: string; bytes: Uint8Array }[] {
  const paras = paragraphsOfWikiref();
  const next = rng(23);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return Array.from({ length: feeds }, (_, f) => {
    const items = Array.from({ length: 20 }, (_, i) => `<item><title>Item ${f}-${i}</title><link>https://feed${f}.example/${i}</link>
<pubDate>Mon, 0${1 + (i % 9)} Mar 2031 10:00:00 +0000</pubDate><description>${esc([0, 1, 2].map(() => `<p>${paras[next(paras.length)]}</p>`).join(''))}</description></item>`);
    return { path: `feed/${f}.rss`, bytes: Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title>${items.join('\n')}</channel></rss>`) };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface RunResult {
  perSecond: number;
  line: string;
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
  store.close();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const articles = counts.ingested + counts.duplicates;
  const perSecond = (unit === 'articles' ? articles : inputs.length) / seconds;
  const line =
    `${label.padEnd(6)} ${String(inputs.length).padStart(5)} files ${String(articles).padStart(6)} articles  ${perSecond.toFixed(0).padStart(6)} ${unit}/s` +
    `  per file p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  rejected ${counts.rejected}`;
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

console.log(`Storyline ingest benchmark — node ${process.version}, one core (single-threaded ingest), median of ${ROUNDS} runs after a warm-up\n`);
// Warm-up: JIT, language model and parser initialisation are not part of steady-state throughput.
runOnce('warmup', [...textInputs(300), ...htmlInputs(), ...htmlInputs(), ...feedInputs(5)], 'articles', 0);
const text = run('text', textInputs(5000), 'articles');
const html = run('html', htmlInputs(), 'pages');
const feed = run('feed', feedInputs(100), 'articles');
const mem = process.memoryUsage();
console.log(`\npeak RSS ${(mem.rss / 1048576).toFixed(0)} MB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MB`);
console.log(`targets: text ≥ 1000 articles/s (${text >= 1000 ? 'met' : 'NOT met'}), HTML ≥ 150 pages/s (${html >= 150 ? 'met' : 'NOT met'}); feed ${feed.toFixed(0)} articles/s`);
rmSync(work, { recursive: true, force: true });
