/**
 * npm run eval:pyramid [-- FILE...] [--floor F]
 * The pyramid score of Storyline's summary of a story against content units written by reading its
 * reports (eval/pyramid/*.json): the story's files are ingested into a temporary store and briefed by
 * the CLI, exactly as a user runs them; a unit is expressed when one of its patterns matches the
 * summary; the score is the weight of the units expressed over the most that as many units could
 * weigh (Nenkova & Passonneau's original score). Prints each unit, and exits 1 below the floor
 * (eval/baselines.json `pyramid`). A guide to what a summary covers, not a measure of its wording.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

interface PyramidFile {
  story: string;
  paths: string[];
  words: number;
  units: { label: string; weight: number; match: string[] }[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { floor: { type: 'string' } } });
const files = positionals.length ? positionals : [new URL('../eval/pyramid/seeds.json', import.meta.url).pathname];
const baselines = JSON.parse(readFileSync(new URL('../eval/baselines.json', import.meta.url), 'utf8')) as { pyramid?: number };
const floor = values.floor !== undefined ? Number(values.floor) : baselines.pyramid ?? 0;
const cli = new URL('../bin/storyline.js', import.meta.url).pathname;

let total = 0;
for (const file of files) {
  const pyramid = JSON.parse(readFileSync(file, 'utf8')) as PyramidFile;
  const paths = pyramid.paths.map((p) => resolve(dirname(file), p));
  const work = mkdtempSync(join(tmpdir(), 'storyline-pyramid-'));
  try {
    const db = join(work, 'store.db');
    execFileSync(process.execPath, [cli, 'ingest', ...paths, '--db', db], { stdio: 'pipe' });
    const briefs = JSON.parse(execFileSync(process.execPath, [cli, 'brief', '--all', '--db', db, '--format', 'json', '--words', String(pyramid.words)], { encoding: 'utf8' })) as { articleRefs: string[]; summary: { text: string }[] }[];
    // The story of the files: the brief holding most of them.
    const brief = [...briefs].sort((a, b) => b.articleRefs.length - a.articleRefs.length)[0]!;
    const summary = brief.summary.map((s) => s.text).join(' ');
    const expressed = pyramid.units.filter((u) => u.match.some((m) => new RegExp(m, 'iu').test(summary)));
    const best = pyramid.units.map((u) => u.weight).sort((a, b) => b - a).slice(0, expressed.length).reduce((a, b) => a + b, 0);
    const got = expressed.reduce((a, u) => a + u.weight, 0);
    const score = best ? got / best : 0;
    total += score;
    console.log(`${pyramid.story}\n`);
    for (const s of brief.summary) console.log(`  ${s.text}`);
    console.log('');
    for (const u of pyramid.units) console.log(`  ${expressed.includes(u) ? '✓' : ' '} ${u.weight}  ${u.label}`);
    console.log(`\npyramid score ${score.toFixed(3)} (${got} of ${best} for ${expressed.length} units; ${brief.summary.length} sentences, ${summary.split(/\s+/).length} words)\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const mean = total / files.length;
console.log(`mean pyramid score ${mean.toFixed(3)}  floor ${floor}`);
if (mean < floor) {
  console.log('FAIL: below the floor');
  process.exitCode = 1;
}
