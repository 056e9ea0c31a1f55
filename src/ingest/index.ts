/**
 * Ingest: read → clean → dedup → store for a list of paths, then cluster the new articles into
 * stories and analyze the stories that changed. This is an edge (file I/O); the stages it calls are
 * pure, and their per-file and per-story work (`prepare.ts`) runs in this thread or in a pool of worker
 * threads (`pool.ts`) while this thread, the one writer, stores results in the walk's order. Each input
 * file is stored in its own transaction; a bad file or bad record becomes a Rejection with its path and
 * reason and the run goes on.
 */
import { readFileSync, readSync } from 'node:fs';
import type { Article, Rejection } from '../records.ts';
import { DEFAULT_MAX_BYTES } from '../read/index.ts';
import { findOriginal } from '../dedup/index.ts';
import type { Store } from '../store/index.ts';
import { describeFsError, walkInputs } from './walk.ts';
import { STORY_WORK, type StoryAnalysis } from '../analyze/index.ts';
import { analyzeStory, prepareInput, type PreparedInput, type PreparedItem } from './prepare.ts';
import type { WorkerPool } from './pool.ts';

export interface IngestOptions {
  maxBytes?: number;
  onRejection?: (r: Rejection) => void;
  /** Called after each file with the files done so far and the total bytes seen. */
  onProgress?: (p: IngestCounts & { files: number }) => void;
  /** Standard input, read when a path is `-`: at most the given number of bytes (null when it holds more). */
  readStdin?: (maxBytes: number) => Uint8Array | null;
  /** Called while new articles are assigned to stories. */
  onAssignProgress?: (done: number, total: number) => void;
  /** Called for what a file held that the user should know but that lost nothing (records sharing an id). */
  onNotice?: (r: Rejection) => void;
  /** Called for a story whose analysis failed or went past its bound (it is stored as such). */
  onAnalysisFailure?: (storyId: string, reason: string) => void;
  /** New articles assigned every this many during a run (default STORY_BATCH_ARTICLES). */
  storyBatch?: number;
}

export interface IngestCounts {
  ingested: number;
  duplicates: number;
  rejected: number;
}

/** A walked input: a file's bytes to prepare and store, or a problem to report in its place of the walk. */
export type FileJob = { path: string; bytes: Uint8Array } | { rejection: Rejection; counted: boolean };

const megabytes = (n: number) => (n / 1048576).toFixed(1);

/**
 * The inputs the paths name, in the walk's order, each read (bounded by `maxBytes`) or turned into the
 * problem that kept it from being read — a problem the walk met is reported in its place too.
 */
export function* fileJobs(paths: string[], maxBytes: number, readStdin: (maxBytes: number) => Uint8Array | null): Generator<FileJob> {
  const problems: Rejection[] = [];
  const walked = function* () {
    for (const rejection of problems.splice(0)) yield { rejection, counted: false };
  };
  for (const p of paths) {
    const files = p === '-' ? [{ path: '-', fsPath: '-', size: -1 }] : walkInputs([p], (r) => problems.push(r));
    for (const file of files) {
      yield* walked();
      const problem = (reason: string) => ({ rejection: { path: file.path, reason }, counted: true });
      if (file.size > maxBytes) {
        yield problem(`file is ${megabytes(file.size)} MB, over the size limit of ${megabytes(maxBytes)} MB`);
        continue;
      }
      let bytes: Uint8Array | null;
      try {
        bytes = p === '-' ? readStdin(maxBytes) : readFileSync(file.fsPath);
      } catch (e) {
        yield problem(describeFsError(e));
        continue;
      }
      yield bytes ? { path: file.path, bytes } : problem(`standard input is over the size limit of ${megabytes(maxBytes)} MB (reading stopped there)`);
    }
    yield* walked();
  }
}

/**
 * The writer's side of a run: each walked input, with its preparation, stored in the walk's order; the
 * indexes brought up to date every INDEX_BATCH_FILES files and new articles assigned every
 * STORY_BATCH_ARTICLES, the same whoever prepared the files.
 */
function writerRun(store: Store, opts: IngestOptions, assigned: () => void = () => {}) {
  const counts: IngestCounts = { ingested: 0, duplicates: 0, rejected: 0 };
  const reject = (r: Rejection) => {
    counts.rejected++;
    opts.onRejection?.(r);
  };
  let files = 0;
  let unassigned = 0;
  return {
    counts,
    take(job: FileJob, prepared: PreparedInput | null): void {
      if ('rejection' in job) {
        if (job.counted) files++;
        reject(job.rejection);
        return;
      }
      files++;
      unassigned += storePrepared(store, job.path, prepared!, counts, reject, opts.onNotice);
      if (files % INDEX_BATCH_FILES === 0) store.syncIndexes();
      if (unassigned >= (opts.storyBatch ?? STORY_BATCH_ARTICLES)) {
        store.assignPending(opts.onAssignProgress);
        unassigned = 0;
        assigned();
      }
      opts.onProgress?.({ ...counts, files });
    },
  };
}

export function ingestPaths(store: Store, paths: string[], opts: IngestOptions = {}): IngestCounts {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const run = writerRun(store, opts);
  for (const job of fileJobs(paths, maxBytes, opts.readStdin ?? readBounded)) run.take(job, 'bytes' in job ? prepareInput(job.path, job.bytes, maxBytes) : null);
  finishIngest(store, opts);
  return run.counts;
}

/**
 * `ingestPaths` with the files prepared and the stories analyzed by a pool of worker threads, while
 * this thread, the one writer, stores the results in order.
 */
export async function ingestPathsWithPool(store: Store, paths: string[], pool: WorkerPool, opts: IngestOptions = {}): Promise<IngestCounts> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  // A long run analyzes the stories each assignment batch changed while it goes on storing files: the
  // threads analyze as this thread writes. A story that changes again is analyzed again at the end
  // (its members' signature no longer matches), so what is stored is what one pass at the end gives.
  let analyzing: Promise<unknown> = Promise.resolve();
  const run = writerRun(store, opts, () => {
    analyzing = analyzing.then(() => analyzeChangedStoriesWithPool(store, pool, undefined, opts.onAnalysisFailure));
  });
  // Files go to the pool in batches of about FILE_BATCH_BYTES: a small file's preparation takes less
  // than handing it to a thread and back.
  await inOrder(fileJobs(paths, maxBytes, opts.readStdin ?? readBounded), pool.window, (job) => ('bytes' in job ? job.bytes.length + 1024 : 0), FILE_BATCH_BYTES,
    (batch) => pool.prepare(batch.flatMap((job) => ('bytes' in job ? [{ path: job.path, bytes: job.bytes }] : [])), maxBytes),
    (job, take) => run.take(job, 'bytes' in job ? take() : null));
  await analyzing;
  await finishIngestWithPool(store, pool, opts);
  return run.counts;
}

/**
 * Work handed out in batches (of about `limit` in `weight`), up to `window` batches ahead, and finished
 * item by item in the items' order: the pool stays busy while the writer stores strictly in sequence.
 * `start` gives one result for each item of its batch that has work (weight above 0), in order.
 */
async function inOrder<T, R>(items: Iterable<T>, window: number, weight: (item: T) => number, limit: number, start: (batch: T[]) => Promise<R[]>,
  finish: (item: T, next: () => R) => void): Promise<void> {
  const it = items[Symbol.iterator]();
  const pending: { batch: T[]; results: Promise<R[]> }[] = [];
  let done = false;
  const fill = () => {
    while (!done && pending.length < window) {
      const batch: T[] = [];
      let total = 0;
      while (total < limit) {
        const next = it.next();
        if (next.done) {
          done = true;
          break;
        }
        batch.push(next.value);
        total += weight(next.value);
      }
      if (batch.length) pending.push({ batch, results: batch.some((item) => weight(item) > 0) ? start(batch) : Promise.resolve([]) });
    }
  };
  fill();
  while (pending.length) {
    const { batch, results } = pending.shift()!;
    const list = await results;
    let k = 0;
    for (const item of batch) finish(item, () => list[k++]!);
    fill();
  }
}

/** Bytes of input files handed to a worker at once. */
const FILE_BATCH_BYTES = 256 * 1024;
/** Words of stories handed to a worker at once: a big story alone, small ones together. */
const STORY_BATCH_WORDS = 20_000;

/**
 * The writer's explicit work after new articles are stored: bring the indexes up to date, assign every
 * unassigned article to a story (in publication order) and analyze the stories that changed. Reads
 * never do this; `ingest`, `upgrade` and the server's own ingest do. Gives how many were assigned.
 */
export function finishIngest(store: Store, opts: Pick<IngestOptions, 'onAssignProgress' | 'onAnalysisFailure'> = {}): number {
  store.syncIndexes();
  const assigned = store.assignPending(opts.onAssignProgress);
  analyzeChangedStories(store, undefined, opts.onAnalysisFailure);
  return assigned;
}

/** `finishIngest` with the changed stories analyzed by the pool. */
export async function finishIngestWithPool(store: Store, pool: WorkerPool, opts: Pick<IngestOptions, 'onAssignProgress' | 'onAnalysisFailure'> = {}): Promise<number> {
  store.syncIndexes();
  const assigned = store.assignPending(opts.onAssignProgress);
  await analyzeChangedStoriesWithPool(store, pool, undefined, opts.onAnalysisFailure);
  return assigned;
}

/** Inputs already in memory (an upload, a pasted article): each read and stored like a file, then finished. */
export function ingestInputs(store: Store, inputs: { path: string; bytes: Uint8Array }[], opts: IngestOptions & { onInput?: (path: string, counts: IngestCounts) => void } = {}): IngestCounts {
  const counts: IngestCounts = { ingested: 0, duplicates: 0, rejected: 0 };
  const reject = (r: Rejection) => {
    counts.rejected++;
    opts.onRejection?.(r);
  };
  for (const input of inputs) {
    const before = { ...counts };
    ingestBytes(store, input.path, input.bytes, opts.maxBytes ?? DEFAULT_MAX_BYTES, counts, reject, opts.onNotice);
    opts.onInput?.(input.path, { ingested: counts.ingested - before.ingested, duplicates: counts.duplicates - before.duplicates, rejected: counts.rejected - before.rejected });
  }
  finishIngest(store, opts);
  return counts;
}

/**
 * Standard input, read in chunks and given up as soon as it holds more than `maxBytes`: a stream has
 * no size to check first, and reading 3 GB whole before refusing it took 6.6 GB of memory.
 */
export function readBounded(maxBytes: number, fd = 0): Uint8Array | null {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      // A non-blocking pipe with nothing yet to read: wait for it rather than take it as the end.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break; // how Windows reports the end of a pipe
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) return null;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

/**
 * New articles are assigned to stories when the run ends, in publication order, so one run over a
 * folder groups the same way whatever order its files are read in. A long run assigns every this
 * many articles, so its stories do not wait for the end; only across such batches can file order
 * matter (`recluster` then rebuilds in publication order).
 */
export const STORY_BATCH_ARTICLES = 5000;

/** Files between two updates of the derived indexes (FTS, LSH bands): one index commit per batch. */
export const INDEX_BATCH_FILES = 250;

/** One input file: read it, then store its articles (in one transaction per chunk). Gives how many it stored. */
export function ingestBytes(store: Store, path: string, bytes: Uint8Array, maxBytes: number, counts: IngestCounts, reject: (r: Rejection) => void,
  notice?: (r: Rejection) => void): number {
  return storePrepared(store, path, prepareInput(path, bytes, maxBytes), counts, reject, notice);
}

/** A prepared file's articles stored, its problems reported. Gives how many it stored. */
function storePrepared(store: Store, path: string, prepared: PreparedInput, counts: IngestCounts, reject: (r: Rejection) => void,
  notice?: (r: Rejection) => void): number {
  if (prepared.failure !== null) {
    reject({ path, reason: prepared.failure });
    return 0;
  }
  prepared.problems.forEach(reject);
  if (notice) prepared.notices.forEach(notice);
  let stored = 0;
  // A file of many items (a feed, a JSONL export) commits in chunks: a kill loses at most one chunk,
  // and the re-run finds the committed items by their content id and completes the file.
  for (let from = 0; from < prepared.items.length; from += FILE_CHUNK_ITEMS) {
    stored += storeChunk(store, path, prepared.items.slice(from, from + FILE_CHUNK_ITEMS), counts, reject);
  }
  return stored;
}

/** Items of one file committed per transaction. */
export const FILE_CHUNK_ITEMS = 1000;

function storeChunk(store: Store, path: string, items: PreparedItem[], counts: IngestCounts, reject: (r: Rejection) => void): number {
  let stored = 0;
  store.transaction(() => {
    for (const { ref, cleaned, id, signature, bands } of items) {
      if (!cleaned) {
        reject({ path: ref === path ? path : `${path} (${ref})`, reason: 'no article text left after removing boilerplate' });
        continue;
      }
      if (store.hasArticle(id)) {
        store.recordSighting(cleaned.ref, id);
        counts.duplicates++;
        continue;
      }
      const duplicateOf = findOriginal(signature, store.nearCandidates(bands));
      const article: Article = { ...cleaned, id, duplicateOf };
      store.insertArticle(article, signature, bands);
      stored++;
      if (duplicateOf) counts.duplicates++;
      else counts.ingested++;
    }
  });
  return stored;
}

/** Bumped when the analysis changes what it gives: every stored analysis is then recomputed. */
const ANALYSIS_VERSION = 11;

/** Of stories with their members, reference date and stored signature, those whose analysis is stale, with the signature they will have. */
export function staleOf<T extends { articleIds: string[]; reference: string | null; signature: string | null }>(stories: T[]) {
  return stories.map((s) => ({ ...s, wanted: `${ANALYSIS_VERSION}|${s.reference ?? ''}|${s.articleIds.join(',')}` }))
    .filter((s) => s.signature !== s.wanted && s.articleIds.length > 0);
}

/** Stories whose members (or reference date) changed since they were last analyzed, with the signature they will have. */
const staleStories = (store: Store) => staleOf(store.storiesToAnalyze());
type StaleStory = ReturnType<typeof staleStories>[number];

const membersOf = (store: Store, s: StaleStory) => s.articleIds.map((id) => store.getArticle(id)).filter((a): a is Article => a !== null);

/**
 * Analyze every story whose members (or reference date) changed since it was last analyzed, and
 * store the result; drop analyses of stories merged away. Each story is one transaction, so a
 * killed run leaves finished analyses and redoes the rest next time. Returns how many were analyzed.
 */
export function analyzeChangedStories(store: Store, onProgress?: (done: number, total: number) => void,
  onFailure?: (storyId: string, reason: string) => void, work = STORY_WORK): number {
  const stale = staleStories(store);
  stale.forEach((s, i) => saveStoryAnalysis(store, s, analyzeStory(membersOf(store, s), s.reference, work), onFailure, () => onProgress?.(i + 1, stale.length)));
  store.dropOrphanAnalyses();
  return stale.length;
}

/** `analyzeChangedStories` with the stories analyzed by the pool, stored in the same order by this thread. */
export async function analyzeChangedStoriesWithPool(store: Store, pool: WorkerPool, onProgress?: (done: number, total: number) => void,
  onFailure?: (storyId: string, reason: string) => void, work = STORY_WORK): Promise<number> {
  const stale = staleStories(store);
  let done = 0;
  const members = new Map<StaleStory, Article[]>();
  const articlesOf = (s: StaleStory) => members.get(s) ?? members.set(s, membersOf(store, s)).get(s)!;
  const words = (s: StaleStory) => 1 + articlesOf(s).reduce((n, a) => n + a.text.length / 6, 0);
  await inOrder(stale, pool.window, words, STORY_BATCH_WORDS,
    (batch) => pool.analyze(batch.map((s) => ({ articles: articlesOf(s), reference: s.reference })), work),
    (s, take) => {
      members.delete(s);
      saveStoryAnalysis(store, s, take(), onFailure, () => onProgress?.(++done, stale.length));
    });
  store.dropOrphanAnalyses();
  return stale.length;
}

// One story that cannot be analyzed (past its work bound, or a bug on odd text) must not keep the
// others from being analyzed, nor be retried by every later run: it is stored as failed, with the
// reason, under the signature of its members, and tried again when they change.
function saveStoryAnalysis(store: Store, s: StaleStory, result: { analysis: StoryAnalysis; failure: string | null }, onFailure: ((storyId: string, reason: string) => void) | undefined, progressed: () => void): void {
  if (result.failure !== null) onFailure?.(s.id, result.failure);
  store.transaction(() => store.saveAnalysis(s.id, s.wanted, result.analysis, result.failure));
  progressed();
}
