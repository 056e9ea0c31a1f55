/**
 * The `storyline` command line. An edge: parses arguments (node's util.parseArgs, no dependency
 * needed), opens the store, calls the stages, prints. Exit status: 0 ok, 1 some input rejected,
 * 2 usage error or a store that cannot be used (one line naming the file and the reason).
 */
import { parseArgs } from 'node:util';
import { openStore, WRITER_WAIT_MS, type Store, type StoreOptions } from '../store/index.ts';
import { StoreError, toStoreError } from '../store/store-error.ts';
import { analyzeChangedStories, ingestPaths } from '../ingest/index.ts';
import { DEFAULT_WORDS, type Brief } from '../brief/index.ts';
import { briefOfStory, briefsFromStore } from '../app/briefs.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { renderHtml } from '../render/html.ts';
import { readFileSync } from 'node:fs';
import type { Article, Rejection } from '../records.ts';
import { parseGold, scoreClustering } from '../evaluate/cluster-metrics.ts';
import { addScores, MEASURES, ratio, scoreAnalysis, type AnalysisGold } from '../evaluate/analysis-score.ts';
import { analyzeArticles, analyzeReadStory, earliest, findConflicts, readStory } from '../analyze/index.ts';
import { summarize } from '../brief/summarize.ts';
import { rougeNMulti, type RougeScore } from '../evaluate/rouge.ts';
import { dirname, resolve } from 'node:path';

const USAGE = `Usage:
  storyline ingest <path>... [--db FILE] [--max-size MB]   read files, folders or - (stdin) into the store
  storyline articles [--db FILE] [--json]                  list stored articles
  storyline show <article-id|ref> [--db FILE] [--json]     print one article
  storyline recluster [--db FILE]                          rebuild every story and storyline from the stored articles
  storyline stories [--db FILE] [--json] [--storyline ID]  list stories (built as articles are ingested)
  storyline storylines [--db FILE] [--json]                list storylines
  storyline brief <story-id>|--all [--db FILE] [--format md|html|json] [--words N]
                                                           each story's brief: cited summary, what each outlet adds,
                                                           facts, conflicts, quotes, timeline, people, sources
  storyline run <path>... [--format md|html|json] [--words N]
                                                           ingest into a temporary store and brief every story
  storyline eval clusters <path>... --gold FILE [--level story|storyline] [--explain] [--floor F1]
                                                           score the grouping of the paths against ref<TAB>label lines
  storyline eval summary <dataset.jsonl>... [--words N] [--floor F1] [--explain]
                                                           ROUGE-1/2 of each story's summary against reference summaries
  storyline eval analysis <gold.json>... [--floors FILE] [--explain]
                                                           score the analysis against annotated stories (eval/analysis)

Options:
  --db FILE       SQLite store (default: $STORYLINE_DB or ./storyline.db; :memory: works)
  --max-size MB   skip input files larger than this (default 20)
  --wait SECONDS  how long ingest and recluster wait for another process writing to the store
                  (default 30); then they stop with exit status 2
  --format F      brief as md (default), html (one self-contained page) or json
  --words N       word budget of each summary (default ${DEFAULT_WORDS})
  --json          machine-readable output
  -h, --help      this text`;

class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stderrIsTTY: boolean;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stderrIsTTY: !!process.stderr.isTTY,
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`storyline: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof StoreError) {
      io.err(`storyline: ${oneLine(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

function run(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      'max-size': { type: 'string' },
      wait: { type: 'string' },
      storyline: { type: 'string' },
      gold: { type: 'string' },
      level: { type: 'string' },
      explain: { type: 'boolean', default: false },
      floor: { type: 'string' },
      floors: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string' },
      words: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const dbFile = values.db ?? process.env.STORYLINE_DB ?? 'storyline.db';
  const waitSeconds = values.wait === undefined ? WRITER_WAIT_MS / 1000 : Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError(`--wait must be a number of seconds, got ${values.wait}`);
  const WRITE: StoreOptions = { access: 'write', waitMs: waitSeconds * 1000 };
  switch (command) {
    case 'ingest': {
      if (rest.length === 0) throw new UsageError('ingest needs at least one path (a file, a folder or -)');
      const maxMb = values['max-size'] === undefined ? 20 : Number(values['max-size']);
      if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size must be a positive number of MB, got ${values['max-size']}`);
      return withStore(dbFile, WRITE, (store) => {
        const progress = makeProgress(io);
        const counts = ingestPaths(store, rest, {
          maxBytes: Math.round(maxMb * 1024 * 1024),
          onRejection: (r) => {
            progress.clear();
            io.err(rejectionLine(r));
          },
          onProgress: progress.update,
          onNotice: (r) => {
            progress.clear();
            io.err(inputLine('note', r));
          },
          onAnalysisFailure: (id, reason) => {
            progress.clear();
            io.err(analysisFailureLine(id, reason));
          },
        });
        progress.clear();
        io.err(`ingested ${counts.ingested}, duplicates ${counts.duplicates}, rejected ${counts.rejected}\n`);
        return counts.rejected > 0 ? 1 : 0;
      });
    }
    case 'articles': {
      if (rest.length) throw new UsageError(`articles takes no arguments, got ${rest.join(' ')}`);
      return withStore(dbFile, READ, (store) => {
        const articles = store.listArticles();
        if (values.json) io.out(`${JSON.stringify(articles.map(presentArticle), null, 2)}\n`);
        else for (const a of articles) io.out(`${articleLine(a)}\n`);
        return 0;
      });
    }
    case 'show': {
      if (rest.length !== 1) throw new UsageError('show needs one article id or ref');
      return withStore(dbFile, READ, (store) => {
        const key = rest[0]!;
        const article = store.getArticle(key) ?? store.articlesByRef(key)[0] ?? null;
        if (!article) {
          io.err(`storyline: no article with id or ref ${key}\n`);
          return 1;
        }
        io.out(values.json ? `${JSON.stringify(presentArticle(article), null, 2)}\n` : renderArticle(article));
        return 0;
      });
    }
    case 'recluster': {
      if (rest.length) throw new UsageError(`recluster takes no arguments, got ${rest.join(' ')}`);
      return withStore(dbFile, WRITE, (store) => {
        store.recluster();
        analyzeChangedStories(store, undefined, (id, reason) => io.err(analysisFailureLine(id, reason)));
        io.err(`stories ${store.listStories().length}, storylines ${store.listStorylines().length}\n`);
        return 0;
      });
    }
    case 'stories': {
      if (rest.length) throw new UsageError(`stories takes no arguments, got ${rest.join(' ')}`);
      return withStore(dbFile, READ, (store) => {
        finishPending(store, false); // articles a killed run stored but did not get to
        const stories = store.listStories().filter((s) => !values.storyline || s.storylineId === values.storyline);
        const shown = stories.map((s) => ({
          id: s.id, headline: s.headline, storylineId: s.storylineId, articleRefs: s.articleRefs, outlets: s.outlets,
          firstPublished: s.firstPublished, lastPublished: s.lastPublished, mergedIds: s.mergedIds,
        }));
        if (values.json) io.out(`${JSON.stringify(shown, null, 2)}\n`);
        else for (const s of shown) io.out(`${s.id}  ${String(s.articleRefs.length).padStart(3)} articles  ${(s.firstPublished ?? '—').slice(0, 10)}  ${s.headline ?? '(no headline)'}\n`);
        return 0;
      });
    }
    case 'storylines': {
      if (rest.length) throw new UsageError(`storylines takes no arguments, got ${rest.join(' ')}`);
      return withStore(dbFile, READ, (store) => {
        finishPending(store, false);
        const byLine = new Map<string, ReturnType<typeof store.listStories>>();
        for (const s of store.listStories()) {
          const own = byLine.get(s.storylineId);
          if (own) own.push(s);
          else byLine.set(s.storylineId, [s]);
        }
        const lines = store.listStorylines().map((l) => {
          const own = byLine.get(l.id) ?? [];
          return { id: l.id, title: l.title, storyIds: own.map((s) => s.id), articleRefs: own.flatMap((s) => s.articleRefs) };
        });
        if (values.json) io.out(`${JSON.stringify(lines, null, 2)}\n`);
        else for (const l of lines) io.out(`${l.id}  ${String(l.storyIds.length).padStart(3)} stories ${String(l.articleRefs.length).padStart(4)} articles  ${l.title ?? ''}\n`);
        return 0;
      });
    }
    case 'brief': {
      if (values.all === (rest.length > 0) || rest.length > 1) throw new UsageError('brief needs one story id, or --all');
      const { format, words } = briefOptions(values.format, values.words);
      return withStore(dbFile, READ, (store) => {
        finishPending(store, true); // stories a killed run did not get to, or an older store
        if (values.all) {
          const stories = store.listStories();
          io.out(renderBriefs(store, stories, stories, format, words));
          return 0;
        }
        const brief = briefOfStory(store, rest[0]!, { words });
        if (!brief) {
          io.err(`storyline: no story with id ${oneLine(rest[0]!)}\n`);
          return 1;
        }
        io.out(renderBriefRecords([brief], format));
        return 0;
      });
    }
    case 'run': {
      if (rest.length === 0) throw new UsageError('run needs at least one path (a file, a folder or -)');
      const { format, words } = briefOptions(values.format, values.words);
      // A temporary store: the one-shot job leaves nothing behind.
      return withStore(':memory:', {}, (store) => {
        const counts = ingestPaths(store, rest, { onRejection: (r) => io.err(rejectionLine(r)) });
        io.err(`ingested ${counts.ingested}, duplicates ${counts.duplicates}, rejected ${counts.rejected}\n`);
        const stories = store.listStories();
        // Widest coverage first: the story most outlets report is the one to read first.
        const wanted = [...stories].sort((a, b) => b.articleRefs.length - a.articleRefs.length || (a.firstPublished ?? '').localeCompare(b.firstPublished ?? ''));
        io.out(renderBriefs(store, wanted, stories, format, words));
        return counts.rejected > 0 ? 1 : 0;
      });
    }
    case 'eval': {
      const [what, ...paths] = rest;
      if (what === 'analysis') return evalAnalysis(paths, values.floors, values.explain, io);
      if (what === 'summary') return evalSummary(paths, briefOptions(undefined, values.words).words, values.floor, values.explain, io);
      if (what !== 'clusters') throw new UsageError('eval takes: clusters <path>... --gold FILE, analysis <gold.json>..., or summary <dataset.jsonl>...');
      if (!paths.length || !values.gold) throw new UsageError('eval clusters needs paths and --gold FILE');
      const level = values.level ?? 'story';
      if (level !== 'story' && level !== 'storyline') throw new UsageError(`--level is story or storyline, got ${level}`);
      const gold = parseGold(readFileSync(values.gold, 'utf8'));
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
        const floor = parseFloor(values.floor);
        if (floor !== null) {
          if (scores.bcubed.f1 < floor) {
            io.err(`FAIL: BCubed F1 ${pct(scores.bcubed.f1)} is below the floor ${floor}\n`);
            return 1;
          }
        }
        return 0;
      });
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/** `--floor`, a number, or null when not given. */
function parseFloor(text: string | undefined): number | null {
  if (text === undefined) return null;
  const floor = Number(text);
  if (!Number.isFinite(floor)) throw new UsageError(`--floor must be a number, got ${text}`);
  return floor;
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

type BriefFormat = 'md' | 'html' | 'json';

function briefOptions(format: string | undefined, words: string | undefined): { format: BriefFormat; words: number } {
  const f = format ?? 'md';
  if (f !== 'md' && f !== 'html' && f !== 'json') throw new UsageError(`--format must be md, html or json, got ${f}`);
  const n = words === undefined ? DEFAULT_WORDS : Number(words);
  if (!Number.isInteger(n) || n < 20) throw new UsageError(`--words must be a whole number of at least 20, got ${words}`);
  return { format: f, words: n };
}

/** The briefs of `wanted` (each against its storyline among `stories`), in the format asked for. */
function renderBriefs(store: Store, wanted: StoryRow[], stories: StoryRow[], format: BriefFormat, words: number): string {
  return renderBriefRecords(briefsFromStore(store, wanted, stories, { words }), format);
}

function renderBriefRecords(briefs: Brief[], format: BriefFormat): string {
  if (format === 'json') return `${JSON.stringify(briefs, null, 2)}\n`;
  return format === 'html' ? renderHtml(briefs) : renderMarkdown(briefs);
}

type StoryRow = ReturnType<Store['listStories']>[number];

/**
 * Open the store, run fn, close the store whatever happens. What SQLite refuses on the way (a full
 * disk, a damaged file, another writer) comes out as a StoreError.
 */
function withStore<T>(file: string, opts: StoreOptions, fn: (store: Store) => T): T {
  const store = openStore(file, opts);
  let failure: unknown = null;
  try {
    return fn(store);
  } catch (e) {
    failure = e;
    throw toStoreError(file, e) ?? e;
  } finally {
    try {
      store.close();
    } catch (e) {
      // A failure to close after the run failed is the same failure; after a good run it is its own.
      if (failure === null) throw toStoreError(file, e) ?? e;
    }
  }
}

/**
 * Read commands finish what a killed or older run left (unassigned articles, stale analyses) when
 * no other process is writing, then let writers in again; while one is, they show what is committed.
 */
function finishPending(store: Store, analyze: boolean): void {
  if (!store.canWrite) return;
  store.assignPending();
  if (analyze) analyzeChangedStories(store);
  store.finishWrites();
}

const READ: StoreOptions = { access: 'read' };

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

/** The public shape of an article: the record without internal fields, keys in a reader's order. */
export function presentArticle(a: Article) {
  return {
    id: a.id, ref: a.ref, url: a.url, outlet: a.outlet, title: a.title, publishedAt: a.publishedAt,
    lang: a.lang, author: a.author, duplicateOf: a.duplicateOf, text: a.text,
  };
}

function articleLine(a: Article): string {
  const date = (a.publishedAt ?? '—').slice(0, 10).padEnd(10);
  const dup = a.duplicateOf ? ` (copy of ${a.duplicateOf})` : '';
  return `${a.id}  ${date}  ${a.lang}  ${(a.outlet ?? '—').slice(0, 24).padEnd(24)}  ${a.title ?? `[${a.ref}]`}${dup}`;
}

function renderArticle(a: Article): string {
  const lines = [
    a.title ?? '(no title)',
    '',
    `id:        ${a.id}`,
    `ref:       ${a.ref}`,
    `outlet:    ${a.outlet ?? '—'}`,
    `published: ${a.publishedAt ?? '—'}`,
    `language:  ${a.lang}`,
  ];
  if (a.url) lines.push(`url:       ${a.url}`);
  if (a.author) lines.push(`author:    ${a.author}`);
  if (a.duplicateOf) lines.push(`copy of:   ${a.duplicateOf}`);
  return `${lines.join('\n')}\n\n${a.text}\n`;
}

/** How an input is reported (`rejected`, or a `note` that lost nothing): one line, its path and the reason. */
const inputLine = (kind: 'rejected' | 'note', r: Rejection) => `${kind} ${oneLine(r.path)}: ${oneLine(r.reason)}\n`;
const rejectionLine = (r: Rejection) => inputLine('rejected', r);
const analysisFailureLine = (storyId: string, reason: string) => `story ${storyId} not analyzed: ${oneLine(reason)}\n`;

/**
 * A file name or reason as one printable line: control characters (a newline, CR, ESC in a name) are
 * shown escaped, so one message is one line and a name cannot send escape sequences to the terminal.
 */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Progress goes to a terminal only, and only once a run is long enough to need it. */
function makeProgress(io: Io) {
  const MIN_FILES = 200;
  let shown = false;
  let last = 0;
  return {
    update(p: { files: number; ingested: number; duplicates: number; rejected: number }) {
      if (!io.stderrIsTTY || p.files < MIN_FILES) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.err(`\r${p.files} files read — ingested ${p.ingested}, duplicates ${p.duplicates}, rejected ${p.rejected}`);
    },
    clear() {
      if (shown) io.err('\r\x1b[K');
      shown = false;
    },
  };
}
