/**
 * npm run eval:extraction [-- --worst N] [--floor F]
 * Scores the HTML path of the ingest (reader + cleaner, exactly as `ingest` runs them) on the Zyte
 * article-extraction benchmark with its published metric, prints P/R/F1 and the worst pages, and
 * exits 1 when F1 falls below the floor pinned in eval/baselines.json.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readInput } from '../src/read/index.ts';
import { cleanItem } from '../src/clean/index.ts';
import { aggregate, pagePrecision, pageRecall, scorePage } from '../src/evaluate/extraction-metric.ts';

const { values } = parseArgs({ options: { worst: { type: 'string', default: '10' }, floor: { type: 'string' }, dir: { type: 'string' } } });
const dir = values.dir ?? new URL('../../shared/corpora/article-extraction', import.meta.url).pathname;
const baselines = JSON.parse(readFileSync(new URL('../eval/baselines.json', import.meta.url), 'utf8'));
const floor = values.floor !== undefined ? Number(values.floor) : baselines.extractionF1;
const truth = JSON.parse(readFileSync(`${dir}/ground-truth.json`, 'utf8')) as Record<string, { url: string; articleBody: string }>;

const rows: { key: string; url: string; p: number; r: number }[] = [];
const scores = [];
const started = performance.now();
for (const [key, { url, articleBody }] of Object.entries(truth)) {
  const path = `${dir}/html/${key}.html.gz`;
  let text = '';
  try {
    const item = readInput(path, readFileSync(path)).items[0];
    text = item ? (cleanItem(item).article?.text ?? '') : '';
  } catch (e) {
    console.error(`${key}: ${(e as Error).message}`);
  }
  const s = scorePage(articleBody, text);
  scores.push(s);
  rows.push({ key, url, p: pagePrecision(s), r: pageRecall(s) });
}
const ms = (performance.now() - started) / rows.length;
const { precision, recall, f1 } = aggregate(scores);
rows.sort((a, b) => a.p + a.r - (b.p + b.r));
console.log(`worst ${values.worst} pages (precision recall key url):`);
for (const r of rows.slice(0, Number(values.worst))) console.log(`  ${r.p.toFixed(3)} ${r.r.toFixed(3)} ${r.key.slice(0, 12)} ${r.url}`);
console.log(`\narticle-extraction: ${rows.length} pages, ${ms.toFixed(1)} ms/page`);
console.log(`precision ${precision.toFixed(4)}  recall ${recall.toFixed(4)}  F1 ${f1.toFixed(4)}  (floor ${floor})`);
if (f1 < floor) {
  console.error(`FAIL: F1 ${f1.toFixed(4)} is below the floor ${floor}`);
  process.exit(1);
}
