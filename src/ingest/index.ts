/**
 * Ingest: read → clean → dedup → store for a list of paths, then cluster the new articles into
 * stories. This is an edge (file I/O); the stages it calls are pure. Each input file is stored in its own transaction; a bad file or bad record becomes
 * a Rejection with its path and reason and the run goes on.
 */
import { readFileSync, readSync } from 'node:fs';
import type { Article, CleanArticle, RawItem, Rejection } from '../records.ts';
import { readInput, DEFAULT_MAX_BYTES } from '../read/index.ts';
import { InputError } from '../read/input-error.ts';
import { cleanItem } from '../clean/index.ts';
import { bandKeys, contentId, findOriginal, foldText, minhashSignature } from '../dedup/index.ts';
import type { Store } from '../store/index.ts';
import { describeFsError, walkInputs } from './walk.ts';
import { AnalysisBudgetError, analyzeArticles, STORY_WORK, type StoryAnalysis } from '../analyze/index.ts';

const EMPTY_ANALYSIS: StoryAnalysis = { entities: [], quotes: [], timeline: [], facts: [], claims: [], candidates: [] };

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
}

export interface IngestCounts {
  ingested: number;
  duplicates: number;
  rejected: number;
}

export function ingestPaths(store: Store, paths: string[], opts: IngestOptions = {}): IngestCounts {
  const counts: IngestCounts = { ingested: 0, duplicates: 0, rejected: 0 };
  const reject = (r: Rejection) => {
    counts.rejected++;
    opts.onRejection?.(r);
  };
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let files = 0;
  let unassigned = 0;
  const sources: (string | { stdin: true })[] = [];
  for (const p of paths) sources.push(p === '-' ? { stdin: true } : p);
  for (const source of sources) {
    const files$ = typeof source === 'string' ? walkInputs([source], reject) : [{ path: '-', fsPath: '-', size: -1 }];
    for (const file of files$) {
      files++;
      if (file.size > maxBytes) {
        reject({ path: file.path, reason: `file is ${(file.size / 1048576).toFixed(1)} MB, over the size limit of ${(maxBytes / 1048576).toFixed(1)} MB` });
        continue;
      }
      let bytes: Uint8Array | null;
      try {
        bytes = typeof source === 'string' ? readFileSync(file.fsPath) : (opts.readStdin ?? readBounded)(maxBytes);
      } catch (e) {
        reject({ path: file.path, reason: describeFsError(e) });
        continue;
      }
      if (!bytes) {
        reject({ path: file.path, reason: `standard input is over the size limit of ${(maxBytes / 1048576).toFixed(1)} MB (reading stopped there)` });
        continue;
      }
      unassigned += ingestBytes(store, file.path, bytes, maxBytes, counts, reject, opts.onNotice);
      if (files % INDEX_BATCH_FILES === 0) store.syncIndexes();
      if (unassigned >= STORY_BATCH_ARTICLES) {
        store.assignPending(opts.onAssignProgress);
        unassigned = 0;
      }
      opts.onProgress?.({ ...counts, files });
    }
  }
  finishIngest(store, opts);
  return counts;
}

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

/** Inputs already in memory (an upload, a pasted article): each read and stored like a file, then finished. */
export function ingestInputs(store: Store, inputs: { path: string; bytes: Uint8Array }[], opts: IngestOptions = {}): IngestCounts {
  const counts: IngestCounts = { ingested: 0, duplicates: 0, rejected: 0 };
  const reject = (r: Rejection) => {
    counts.rejected++;
    opts.onRejection?.(r);
  };
  for (const input of inputs) ingestBytes(store, input.path, input.bytes, opts.maxBytes ?? DEFAULT_MAX_BYTES, counts, reject, opts.onNotice);
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
  let prepared: { item: RawItem; cleaned: CleanArticle | null }[];
  try {
    const result = readInput(path, bytes, maxBytes);
    result.problems.forEach(reject);
    if (notice) result.notices?.forEach(notice);
    prepared = result.items.map((item) => ({ item, cleaned: cleanItem(item).article }));
  } catch (e) {
    // A reader or cleaner that trips over an input it should have handled is our bug, but one odd
    // file must not stop a crawl of thousands: it is reported like bad input and the run goes on.
    reject({ path, reason: e instanceof InputError ? e.message : `could not be read (internal error: ${String((e as Error)?.message ?? e).split('\n')[0]})` });
    return 0;
  }
  let stored = 0;
  // A file of many items (a feed, a JSONL export) commits in chunks: a kill loses at most one chunk,
  // and the re-run finds the committed items by their content id and completes the file.
  for (let from = 0; from < prepared.length; from += FILE_CHUNK_ITEMS) {
    stored += storeChunk(store, path, prepared.slice(from, from + FILE_CHUNK_ITEMS), counts, reject);
  }
  return stored;
}

/** Items of one file committed per transaction. */
export const FILE_CHUNK_ITEMS = 1000;

function storeChunk(store: Store, path: string, prepared: { item: RawItem; cleaned: CleanArticle | null }[], counts: IngestCounts, reject: (r: Rejection) => void): number {
  let stored = 0;
  store.transaction(() => {
    for (const { item, cleaned } of prepared) {
      if (!cleaned) {
        reject({ path: item.ref === path ? path : `${path} (${item.ref})`, reason: 'no article text left after removing boilerplate' });
        continue;
      }
      const folded = foldText(cleaned.text);
      const id = contentId(folded);
      if (store.hasArticle(id)) {
        store.recordSighting(cleaned.ref, id);
        counts.duplicates++;
        continue;
      }
      const signature = minhashSignature(folded);
      const bands = bandKeys(signature);
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
const ANALYSIS_VERSION = 10;

/**
 * Analyze every story whose members (or reference date) changed since it was last analyzed, and
 * store the result; drop analyses of stories merged away. Each story is one transaction, so a
 * killed run leaves finished analyses and redoes the rest next time. Returns how many were analyzed.
 */
export function analyzeChangedStories(store: Store, onProgress?: (done: number, total: number) => void,
  onFailure?: (storyId: string, reason: string) => void, work = STORY_WORK): number {
  const stale = store.storiesToAnalyze().map((s) => ({ ...s, wanted: `${ANALYSIS_VERSION}|${s.reference ?? ''}|${s.articleIds.join(',')}` }))
    .filter((s) => s.signature !== s.wanted && s.articleIds.length > 0);
  let done = 0;
  for (const s of stale) {
    const articles = s.articleIds.map((id) => store.getArticle(id)).filter((a): a is Article => a !== null);
    // One story that cannot be analyzed (past its work bound, or a bug on odd text) must not keep the
    // others from being analyzed, nor be retried by every later run: it is stored as failed, with the
    // reason, under the signature of its members, and tried again when they change.
    let analysis: StoryAnalysis = EMPTY_ANALYSIS;
    let failure: string | null = null;
    try {
      analysis = analyzeArticles(articles, { reference: s.reference, work });
    } catch (e) {
      failure = e instanceof AnalysisBudgetError ? e.message : `analysis failed (internal error: ${String((e as Error)?.message ?? e).split('\n')[0]})`;
      onFailure?.(s.id, failure);
    }
    store.transaction(() => store.saveAnalysis(s.id, s.wanted, analysis, failure));
    done++;
    onProgress?.(done, stale.length);
  }
  store.dropOrphanAnalyses();
  return done;
}
