/**
 * `storyline eval clusters|summary|analysis`: the quality figures, each with a printed score and a
 * floor that fails below it. Clusters: BCubed and pairwise F1 of the grouping against gold labels;
 * summary: ROUGE against reference summaries; analysis: people, speakers, dates, facts and conflicts
 * against annotated stories.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ingestPaths } from '../../ingest/index.ts';
import { parseGold, scoreClustering } from '../../evaluate/cluster-metrics.ts';
import { addScores, MEASURES, ratio, scoreAnalysis, type AnalysisGold } from '../../evaluate/analysis-score.ts';
import { analyzeArticles, analyzeReadStory, earliest, findConflicts, readStory } from '../../analyze/index.ts';
import { summarize } from '../../brief/summarize.ts';
import { rougeNMulti, type RougeScore } from '../../evaluate/rouge.ts';
import { briefOptions, parseFloor, rejectionLine, str, UsageError, withStore, type CommandContext, type Io } from '../io.ts';

export function evaluate({ rest, values, io }: CommandContext): number {
  const [what, ...paths] = rest;
  if (what === 'analysis') return evalAnalysis(paths, str(values.floors), !!values.explain, io);
  if (what === 'summary') return evalSummary(paths, briefOptions(undefined, str(values.words)).words, str(values.floor), !!values.explain, io);
  if (what !== 'clusters') throw new UsageError('eval takes: clusters <path>... --gold FILE, analysis <gold.json>..., or summary <dataset.jsonl>...');
  if (!paths.length || !str(values.gold)) throw new UsageError('eval clusters needs paths and --gold FILE');
  const level = str(values.level) ?? 'story';
  if (level !== 'story' && level !== 'storyline') throw new UsageError(`--level is story or storyline, got ${level}`);
  const gold = parseGold(readFileSync(str(values.gold)!, 'utf8'));
  return withStore(':memory:', {}, (store) => {
    // Scored on what ingest builds: one run assigns in publication order, whatever the file order.
    ingestPaths(store, paths, { onRejection: (r) => io.err(rejectionLine(r)) });
    const predicted = new Map<string, string>();
    for (const s of store.listStories()) for (const ref of s.articleRefs) predicted.set(ref, level === 'story' ? s.id : s.storylineId);
    const matched = matchGold(gold, [...predicted.keys()]);
    const scores = scoreClustering(predicted, matched);
    const pct = (x: number) => x.toFixed(4);
    io.out(
      `level ${level}: ${scores.items} articles scored (${gold.size - scores.items} gold refs not found)\n` +
        `BCubed   P ${pct(scores.bcubed.precision)}  R ${pct(scores.bcubed.recall)}  F1 ${pct(scores.bcubed.f1)}\n` +
        `pairwise P ${pct(scores.pairwise.precision)}  R ${pct(scores.pairwise.recall)}  F1 ${pct(scores.pairwise.f1)}\n` +
        `ARI ${pct(scores.ari)}   clusters found ${scores.clustersFound}, expected ${scores.clustersExpected}\n`,
    );
    if (values.explain) io.out(explainMisplaced(predicted, matched));
    const floor = parseFloor(str(values.floor));
    if (floor !== null) {
      if (scores.bcubed.f1 < floor) {
        io.err(`FAIL: BCubed F1 ${pct(scores.bcubed.f1)} is below the floor ${floor}\n`);
        return 1;
      }
    }
    return 0;
  });
}

/** The articles of an evaluation file: each read from its path (relative to the file) or given inline. */
function loadArticles(file: string, specs: { ref: string; path?: string; text?: string; title?: string | null; publishedAt?: string | null; lang?: string }[]) {
  return specs.map((a) => ({
    ref: a.ref, title: a.title ?? null, lang: a.lang ?? 'en', publishedAt: a.publishedAt ?? null,
    text: a.text ?? readFileSync(resolve(dirname(file), a.path!), 'utf8'),
  }));
}

/**
 * Analyze each annotated story straight from its files (no clustering: the story is given) and score
 * it; the sums over all stories are printed, and compared with the floors (`{"analysis": {measure:
 * floor}}`) when given. Exit 1 below a floor.
 */
function evalAnalysis(goldPaths: string[], floorsFile: string | undefined, explain: boolean, io: Io): number {
  if (!goldPaths.length) throw new UsageError('eval analysis needs at least one annotated story (a .gold.json file)');
  const scores = goldPaths.map((path) => {
    const gold = JSON.parse(readFileSync(path, 'utf8')) as AnalysisGold;
    const read = readStory(loadArticles(path, gold.articles));
    const analysis = analyzeReadStory(read);
    return scoreAnalysis(gold, { ...analysis, conflicts: findConflicts(analysis.claims), sentences: read.sentences });
  });
  const total = addScores(scores);
  const floors: Record<string, number> = floorsFile ? (JSON.parse(readFileSync(floorsFile, 'utf8')) as { analysis?: Record<string, number> }).analysis ?? {} : {};
  let failed = 0;
  io.out(`${goldPaths.length} annotated stories\n`);
  for (const m of MEASURES) {
    const t = total[m];
    const floor = floors[m];
    const below = floor !== undefined && ratio(t) < floor;
    if (below) failed++;
    io.out(`${m.padEnd(20)} ${ratio(t).toFixed(3)}  (${t.hit}/${t.of})${floor === undefined ? '' : `  floor ${floor}${below ? '  FAIL' : ''}`}\n`);
  }
  if (explain) for (const line of total.misses) io.out(`  miss  ${line}\n`);
  if (failed) io.err(`FAIL: ${failed} measure(s) below the floor\n`);
  return failed ? 1 : 0;
}

/**
 * Summarize each story of a reference data set (JSON lines: articles, reference summaries) and score
 * the summary with ROUGE-1 and ROUGE-2 against its references (the best-matching one). The articles
 * of a line are one story: analyzed as given, not clustered. Exit 1 when the mean ROUGE-2 F1 is below
 * `--floor`.
 */
function evalSummary(datasets: string[], words: number, floorText: string | undefined, explain: boolean, io: Io): number {
  if (!datasets.length) throw new UsageError('eval summary needs a data set (.jsonl: articles and reference summaries per line)');
  const rows: { id: string; r1: RougeScore; r2: RougeScore }[] = [];
  for (const path of datasets) {
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const item = JSON.parse(line) as { id?: string; articles: { path?: string; text?: string; title?: string | null; publishedAt?: string | null; lang?: string }[]; references: string[] };
      const articles = loadArticles(path, item.articles.map((a, k) => ({ ...a, ref: a.path ?? `${path}#${i + 1}/${k + 1}` })));
      const analysis = analyzeArticles(articles);
      const summary = summarize(analysis.facts, analysis.candidates, { words, firstPublished: earliest(articles) }).map((s) => s.text).join(' ');
      const id = item.id ?? `${path}:${i + 1}`;
      rows.push({ id, r1: rougeNMulti(summary, item.references, 1), r2: rougeNMulti(summary, item.references, 2) });
      if (explain) io.out(`--- ${id}\n${summary}\n`);
    });
  }
  if (!rows.length) throw new UsageError('the data set has no stories');
  const f = (x: number) => x.toFixed(4);
  for (const r of rows) io.out(`${r.id.padEnd(24)} ROUGE-1 P ${f(r.r1.precision)} R ${f(r.r1.recall)} F1 ${f(r.r1.f1)}   ROUGE-2 P ${f(r.r2.precision)} R ${f(r.r2.recall)} F1 ${f(r.r2.f1)}\n`);
  const mean = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + pick(r), 0) / rows.length;
  const r2 = mean((r) => r.r2.f1);
  io.out(`mean of ${rows.length} (words ${words})   ROUGE-1 F1 ${f(mean((r) => r.r1.f1))}   ROUGE-2 F1 ${f(r2)}\n`);
  const floor = parseFloor(floorText);
  if (floor !== null) {
    if (r2 < floor) {
      io.err(`FAIL: mean ROUGE-2 F1 ${f(r2)} is below the floor ${floor}\n`);
      return 1;
    }
  }
  return 0;
}

/** Gold refs are matched exactly, else as a path suffix of an article ref ("seeds/000_x.txt"). */
function matchGold(gold: Map<string, string>, refs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [ref, label] of gold) {
    if (refs.includes(ref)) out.set(ref, label);
    else {
      const hit = refs.find((r) => r.endsWith(`/${ref}`) || r.endsWith(ref));
      if (hit) out.set(hit, label);
    }
  }
  return out;
}

/** For each gold class, the articles that sit outside the predicted cluster holding most of the class. */
function explainMisplaced(predicted: Map<string, string>, gold: Map<string, string>): string {
  const lines: string[] = [];
  const classes = new Map<string, string[]>();
  for (const [ref, label] of gold) if (predicted.has(ref)) classes.set(label, [...(classes.get(label) ?? []), ref]);
  for (const [label, refs] of [...classes].sort()) {
    const counts = new Map<string, number>();
    for (const r of refs) counts.set(predicted.get(r)!, (counts.get(predicted.get(r)!) ?? 0) + 1);
    const main = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const intruders = [...predicted].filter(([r, c]) => c === main && gold.has(r) && gold.get(r) !== label).map(([r]) => r);
    const strays = refs.filter((r) => predicted.get(r) !== main);
    if (!strays.length && !intruders.length) continue;
    lines.push(`${label}: ${refs.length - strays.length}/${refs.length} together in ${main}`);
    for (const r of strays) lines.push(`  elsewhere  ${r}  (in ${predicted.get(r)})`);
    for (const r of intruders) lines.push(`  intruder   ${r}  (gold ${gold.get(r)})`);
  }
  return lines.length ? `\nmisplaced:\n${lines.join('\n')}\n` : '\nno article misplaced\n';
}

