/**
 * A pool of worker threads for the pure per-file and per-story work of ingest (piscina: a maintained
 * pool with a task queue and back-pressure). The writer thread walks the inputs, hands files and
 * stories to the pool in batches, and stores the results in the walk's order (a window of batches in
 * flight, awaited in order): ids, first copies, stories and briefs are the same with 1 or N workers.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { AnalyzableArticle, StoryAnalysis } from '../analyze/index.ts';
import type { PreparedInput } from './prepare.ts';
import runTask, { type Task } from './worker.ts';

export interface WorkerPool {
  /** How many batches the writer keeps in flight ahead of the one it is storing. */
  window: number;
  /** Several files at once: a task costs more to hand over than a short file takes to prepare. */
  prepare(files: { path: string; bytes: Uint8Array }[], maxBytes: number): Promise<PreparedInput[]>;
  analyze(stories: { articles: AnalyzableArticle[]; reference: string | null }[], work: number): Promise<{ analysis: StoryAnalysis; failure: string | null }[]>;
  close(): Promise<void>;
}

/**
 * Unless told otherwise, a worker thread for every core but the writer's: the writer (storing, story
 * assignment) is serial, and threads that take its core slow it down more than they add — measured on
 * 2 cores, 12,000 text articles: 49.6 s in one thread, 56.5 s with two workers beside the writer. On
 * two cores this is one thread doing everything.
 */
export const defaultWorkers = () => Math.max(1, availableParallelism() - 1);

/**
 * Work below this much is done in the writer's thread: starting threads and loading the analysis in
 * each takes about a second, more than a few files or stories take. Past it the pool starts.
 */
const INLINE_BYTES = 2 * 1024 * 1024;

export function startWorkerPool(threads: number, options: { inlineBytes?: number } = {}): WorkerPool {
  const inlineBytes = options.inlineBytes ?? INLINE_BYTES;
  // Compiled, the worker is worker.js beside this file; run from the TypeScript sources (tests, an
  // unbuilt checkout), a small module registers tsx in the thread first.
  const fromSources = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSources ? './worker-from-sources.mjs' : './worker.js', import.meta.url).href;
  let pool: Piscina<Task, unknown> | null = null;
  let handedOut = 0;
  const run = (task: Task, size: number): Promise<unknown> => {
    handedOut += size;
    if (!pool && handedOut <= inlineBytes) return Promise.resolve(runTask(task));
    pool ??= new Piscina<Task, unknown>({ filename, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
    return pool.run(task);
  };
  return {
    window: threads * 4,
    prepare: (files, maxBytes) => run({ kind: 'prepare', files, maxBytes }, files.reduce((n, f) => n + f.bytes.length, 0)) as Promise<PreparedInput[]>,
    analyze: (stories, work) => run({ kind: 'analyze', stories, work }, stories.reduce((n, s) => n + s.articles.reduce((m, a) => m + a.text.length, 0), 0)) as Promise<{ analysis: StoryAnalysis; failure: string | null }[]>,
    close: async () => {
      await pool?.destroy();
    },
  };
}

/** Run `fn` with a pool of `threads` workers (none for one: the work is then done in this thread), closed after. */
export async function withWorkerPool<T>(threads: number, fn: (pool: WorkerPool | null) => T | Promise<T>): Promise<T> {
  if (threads <= 1) return fn(null);
  const pool = startWorkerPool(threads);
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}
