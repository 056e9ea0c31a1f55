/**
 * Use cases that write: ingest files or folders (the CLI), ingest what a request carries (the server:
 * uploaded files, pasted text, JSON records — read by the same readers as files), bring a store up to
 * date (`upgrade`: migrations, articles a killed run left unassigned, stale analyses) and rebuild its
 * stories (`recluster`). The long ones take a number of worker threads. Each takes a
 * store opened as the writer; the writer's explicit work (assignment, analysis) is done here, never by
 * a read.
 */
import type { Store } from '../store/index.ts';
import type { Rejection } from '../records.ts';
import { analyzeChangedStories, analyzeChangedStoriesWithPool, fileJobs, finishIngest, finishIngestWithPool, ingestInputs, ingestPaths, ingestPathsWithPool, readBounded, type FileJob, type IngestCounts, type IngestOptions } from '../ingest/index.ts';
import { DEFAULT_MAX_BYTES } from '../read/index.ts';
import { withWorkerPool } from '../ingest/pool.ts';
import type pg from 'pg';
import { LOCKS, openPostgresStore } from '../store/postgres/index.ts';
import { checkOut, inTransaction, transaction } from '../store/postgres/pool.ts';
import { aliasesAfterRebuild } from '../store/index.ts';
import type { StoreStats } from '../store/contract.ts';
import { recordPendingRevisions } from './revisions.ts';
import { createWorker, queueRun, runOutcome, runState, workUntil } from '../ingest/postgres.ts';

/** Worker threads for the per-file and per-story work; 1 does it all in the writer's thread. */
export interface Parallelism {
  workers?: number;
}

export interface IngestReport extends IngestCounts {
  rejections: Rejection[];
  notices: Rejection[];
  analysisFailures: { storyId: string; reason: string }[];
  /** Each input's own counts (SQLite), so a report of several callers' inputs can be split back. */
  byInput?: Map<string, IngestCounts>;
}

/**
 * Inputs in one grouped run. A run holds the thread while it stores (SQLite is synchronous): 25 feeds of
 * 20 items is a few seconds, in which the follower's other requests and a server beside it wait; 200
 * feeds held it for a minute, and a server closed the follower's waiting connections.
 */
export const GROUP_INPUTS = 25;

/**
 * Ingests from many callers (the follower's sources) as few runs: while one run is stored, the inputs
 * that arrive wait and go in together as the next, each caller given its own inputs' part of the
 * report. The end-of-run work (assignment, analysis and revisions of the stories changed) is paid once
 * a run, not once a caller: a story that ten feeds add to in one round is analyzed once.
 */
export function groupedIngest(ingest: (inputs: { path: string; bytes: Uint8Array }[]) => Promise<IngestReport>, maxInputs = GROUP_INPUTS, lingerMs = 100) {
  const queue: { inputs: { path: string; bytes: Uint8Array }[]; resolve: (r: IngestReport) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const drain = async () => {
    running = true;
    while (queue.length) {
      // A run blocks the thread while it stores: the sources still fetching could not queue meanwhile.
      // A short wait lets them join this run instead of each paying for a run of its own.
      if (queue.reduce((n, q) => n + q.inputs.length, 0) < maxInputs) await new Promise((r) => setTimeout(r, lingerMs));
      const batch: typeof queue = [];
      let count = 0;
      while (queue.length && (batch.length === 0 || count + queue[0]!.inputs.length <= maxInputs)) {
        const next = queue.shift()!;
        batch.push(next);
        count += next.inputs.length;
      }
      try {
        const report = await ingest(batch.flatMap((b) => b.inputs));
        batch.forEach((b, i) => b.resolve(partOf(report, b.inputs.map((x) => x.path), i === 0)));
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    running = false;
  };
  return (inputs: { path: string; bytes: Uint8Array }[]): Promise<IngestReport> => new Promise((resolve, reject) => {
    queue.push({ inputs, resolve, reject });
    if (!running) void drain();
  });
}

/** The part of a report that concerns these paths (the run's analysis failures go to the first caller). */
function partOf(report: IngestReport, paths: string[], first: boolean): IngestReport {
  const mine = new Set(paths);
  const counts = { ingested: 0, duplicates: 0, rejected: 0 };
  for (const p of mine) {
    const c = report.byInput?.get(p);
    if (!c) continue;
    counts.ingested += c.ingested;
    counts.duplicates += c.duplicates;
    counts.rejected += c.rejected;
  }
  // An item's rejection names its input's path, then `#N` or ` (ref)`.
  const ofMine = (r: Rejection) => paths.some((p) => r.path === p || r.path.startsWith(`${p}#`) || r.path.startsWith(`${p} (`));
  return { ...counts, rejections: report.rejections.filter(ofMine), notices: report.notices.filter(ofMine), analysisFailures: first ? report.analysisFailures : [] };
}

export async function ingestFiles(store: Store, paths: string[], opts: IngestOptions & Parallelism = {}): Promise<IngestCounts> {
  const counts = await withWorkerPool(opts.workers ?? 1, (pool) => (pool ? ingestPathsWithPool(store, paths, pool, opts) : ingestPaths(store, paths, opts)));
  await recordPendingRevisions(store);
  return counts;
}

/** Inputs carried by a request; every rejection and notice is reported, nothing already stored is lost. */
export async function ingestUploads(store: Store, inputs: { path: string; bytes: Uint8Array }[], maxBytes: number): Promise<IngestReport> {
  const rejections: Rejection[] = [];
  const notices: Rejection[] = [];
  const analysisFailures: { storyId: string; reason: string }[] = [];
  const byInput = new Map<string, IngestCounts>();
  const counts = ingestInputs(store, inputs, {
    onInput: (path, c) => {
      const had = byInput.get(path);
      byInput.set(path, had ? { ingested: had.ingested + c.ingested, duplicates: had.duplicates + c.duplicates, rejected: had.rejected + c.rejected } : c);
    },
    maxBytes,
    onRejection: (r) => rejections.push(r),
    onNotice: (r) => notices.push(r),
    onAnalysisFailure: (storyId, reason) => analysisFailures.push({ storyId, reason }),
  });
  await recordPendingRevisions(store);
  return { ...counts, rejections, notices, analysisFailures, byInput };
}

/** Finish what a killed or older run left: unassigned articles, stories not (re)analyzed. */
export async function upgradeStore(store: Store, onAnalysisFailure?: (storyId: string, reason: string) => void, parallelism: Parallelism = {}): Promise<{ assigned: number }> {
  const assigned = await withWorkerPool(parallelism.workers ?? 1, (pool) => (pool ? finishIngestWithPool(store, pool, { onAnalysisFailure }) : finishIngest(store, { onAnalysisFailure })));
  await recordPendingRevisions(store);
  return { assigned };
}

/** Rebuild every story and storyline from the stored articles, then analyze what changed. */
export async function reclusterStore(store: Store, onAnalysisFailure?: (storyId: string, reason: string) => void, parallelism: Parallelism = {}): Promise<void> {
  store.recluster();
  await withWorkerPool(parallelism.workers ?? 1, (pool) => (pool ? analyzeChangedStoriesWithPool(store, pool, undefined, onAnalysisFailure) : analyzeChangedStories(store, undefined, onAnalysisFailure)));
  await recordPendingRevisions(store);
}

/**
 * Ingest into a PostgreSQL store: queue the files as one run and work on the queue (with `workers`
 * threads) beside any `storyline worker` processes, until everything the run gave is stored, assigned
 * and analyzed. Rejections and notices are reported in the walk's order once the run is stored.
 */
export function ingestIntoPostgres(url: string, paths: string[], opts: IngestOptions & Parallelism & { onRetry?: (e: unknown) => void } = {}): Promise<IngestCounts> {
  return queueAndWork(url, fileJobs(paths, opts.maxBytes ?? DEFAULT_MAX_BYTES, opts.readStdin ?? readBounded), opts);
}

/** Inputs carried by a request, into a PostgreSQL store: stored, assigned and analyzed before it answers. */
export async function ingestUploadsIntoPostgres(url: string, inputs: { path: string; bytes: Uint8Array }[], maxBytes: number): Promise<IngestReport> {
  const rejections: Rejection[] = [];
  const notices: Rejection[] = [];
  const analysisFailures: { storyId: string; reason: string }[] = [];
  const counts = await queueAndWork(url, inputs, {
    maxBytes,
    onRejection: (r) => rejections.push(r),
    onNotice: (r) => notices.push(r),
    onAnalysisFailure: (storyId, reason) => analysisFailures.push({ storyId, reason }),
  });
  return { ...counts, rejections, notices, analysisFailures };
}

async function queueAndWork(url: string, jobs: Iterable<FileJob>, opts: IngestOptions & Parallelism & { onRetry?: (e: unknown) => void }): Promise<IngestCounts> {
  const store = await openPostgresStore(url, { connections: 4 });
  try {
    let run: number | null = null;
    await Promise.all([
      queueRun(store.pool, jobs, { maxBytes: opts.maxBytes, storyBatch: opts.storyBatch }).then((id) => (run = id)),
      workOn(store.pool, opts, async () => {
        if (run === null) return false;
        const state = await runState(store.pool, run);
        return state.unstored === 0 && state.settled;
      }),
    ]);
    const outcome = await runOutcome(store.pool, run!);
    outcome.notices.forEach((r) => opts.onNotice?.(r));
    outcome.rejections.forEach((r) => opts.onRejection?.(r));
    return { ingested: outcome.ingested, duplicates: outcome.duplicates, rejected: outcome.rejected };
  } finally {
    await store.close();
  }
}

/**
 * A worker process on a PostgreSQL store: takes whatever there is to do (files to prepare, with the
 * lease files to store and articles to assign, stories to analyze) until `stopped` says so.
 */
export async function runPostgresWorker(url: string, opts: WorkOptions & { stopped: () => boolean }): Promise<void> {
  const store = await openPostgresStore(url, { connections: 4 });
  try {
    await workOn(store.pool, opts, async () => opts.stopped(), opts.stopped);
  } finally {
    await store.close();
  }
}

/** On a PostgreSQL store: migrate it, then finish whatever is left to do (files queued, articles unassigned, analyses stale). */
export async function upgradePostgres(url: string, opts: WorkOptions = {}): Promise<StoreStats> {
  const store = await openPostgresStore(url, { connections: 4 });
  try {
    await workOn(store.pool, opts, () => settled(store.pool));
    return await store.reader.stats();
  } finally {
    await store.close();
  }
}

/**
 * On a PostgreSQL store: forget every story and storyline (holding the assignment lease, so no other
 * process assigns meanwhile), assign every article again in publication order and analyze what
 * changed; old story ids keep resolving, as SQLite's `recluster` keeps them.
 */
export async function reclusterPostgres(url: string, opts: WorkOptions = {}): Promise<StoreStats> {
  const store = await openPostgresStore(url, { connections: 4 });
  try {
    const { previous, aliases } = await emptyStories(store.pool);
    await workOn(store.pool, opts, () => settled(store.pool));
    await inTransaction(store.pool, async (c) => {
      const now = new Map((await c.query<{ article_id: string; story_id: string }>('SELECT article_id, story_id FROM story_members')).rows.map((r) => [r.article_id, r.story_id]));
      const exists = new Set((await c.query<{ id: string }>('SELECT id FROM stories')).rows.map((r) => r.id));
      const pairs = aliasesAfterRebuild(previous, now, aliases, (id) => exists.has(id));
      await c.query(`INSERT INTO story_aliases (old_id, story_id) SELECT DISTINCT ON (o) o, s FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(o, s, n) ORDER BY o, n DESC
        ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id`, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
    });
    return await store.reader.stats();
  } finally {
    await store.close();
  }
}

type WorkOptions = Parallelism & { onRetry?: (e: unknown) => void; onAnalysisFailure?: (storyId: string, reason: string) => void; idleMs?: number };

/** Work on a PostgreSQL store's queues (with `workers` threads) until `done` says so. */
async function workOn(pool: pg.Pool, opts: WorkOptions, done: () => Promise<boolean>, stopped?: () => boolean): Promise<void> {
  await withWorkerPool(opts.workers ?? 1, async (threads) => {
    const worker = createWorker(pool, threads, { onAnalysisFailure: opts.onAnalysisFailure });
    try {
      await workUntil(worker, done, { onRetry: opts.onRetry, idleMs: opts.idleMs, stopped });
    } finally {
      await worker.close();
    }
  });
}

async function settled(pool: pg.Pool): Promise<boolean> {
  const r = (await pool.query(`SELECT (SELECT value FROM store_meta WHERE key = 'settled') AS settled,
    EXISTS (SELECT 1 FROM ingest_inputs WHERE state <> 'stored') AS queued`)).rows[0];
  return Number(r.settled) === 1 && !r.queued;
}

/** Empty the story tables and the clusterer's state under the lease; gives the memberships and aliases they held. */
async function emptyStories(pool: pg.Pool): Promise<{ previous: Map<string, string>; aliases: { old_id: string; story_id: string }[] }> {
  const client = await checkOut(pool);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCKS.lease]);
    return await transaction(client, async () => {
      const previous = new Map((await client.query<{ article_id: string; story_id: string }>('SELECT article_id, story_id FROM story_members')).rows.map((r) => [r.article_id, r.story_id]));
      const aliases = (await client.query<{ old_id: string; story_id: string }>('SELECT old_id, story_id FROM story_aliases')).rows;
      await client.query(`TRUNCATE story_members, stories, storylines, story_facets, cluster_df, cluster_state, cluster_index, analysis_queue;
        UPDATE store_meta SET value = 0 WHERE key LIKE 'docs:%' OR key LIKE 'next_order:%' OR key IN ('unassigned', 'settled');
        UPDATE store_meta SET value = value + 1 WHERE key = 'data_version'`);
      return { previous, aliases };
    });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.lease]).catch(() => {});
    client.release();
  }
}
