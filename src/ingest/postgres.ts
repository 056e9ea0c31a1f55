/**
 * Ingest into PostgreSQL, shared by any number of processes on any number of machines. An `ingest`
 * walks its paths and queues the files (bytes and all) in the walk's order; every process running
 * `workOnce` — the ingest itself and any `storyline worker` — then takes what there is to do:
 *
 * - prepare queued files (read, clean, sign: pure, in parallel, claimed with SKIP LOCKED);
 * - if it holds the assignment lease (a session advisory lock: one process at a time, released by
 *   PostgreSQL when that process dies): store prepared files strictly in queue order, assign the new
 *   articles to stories at the same points a SQLite ingest does (every `storyBatch` stored articles and
 *   when the queue is drained), and queue the stories whose analysis is stale;
 * - analyze queued stories (claimed with SKIP LOCKED, one process per story at a time, skipped when
 *   the stored analysis already has the story's signature).
 *
 * Every step is one transaction, so a process killed at any moment leaves committed work whole and the
 * rest to whoever comes next. The lease holder keeps the clusterer's state it read and wrote in memory
 * while it holds the lease (no other process writes it meanwhile) and drops it with the lease. The outcome (ids,
 * first copies, stories, analyses) is the one a single SQLite process gives.
 */
import type pg from 'pg';
import type { Article, Rejection } from '../records.ts';
import { DEFAULT_MAX_BYTES } from '../read/index.ts';
import { STORY_WORK } from '../analyze/index.ts';
import { staleOf, STORY_BATCH_ARTICLES, type FileJob, type IngestCounts } from './index.ts';
import { analyzeStory, prepareInput } from './prepare.ts';
import type { WorkerPool } from './pool.ts';
import { LOCKS } from '../store/postgres/index.ts';
import { checkOut, inTransaction, transaction } from '../store/postgres/pool.ts';
import { postgresReader } from '../store/postgres/reader.ts';
import { postgresRevisions } from '../store/revisions.ts';
import { reviseStories } from '../app/revisions.ts';
import type { StoreReader } from '../store/contract.ts';
import { articlesById, assignBatch, createAssignCache, pendingInOrder, type AssignCache } from '../store/postgres/assign.ts';
import { ASSIGN_BATCH } from '../store/index.ts';
import { dropOrphanAnalyses, saveAnalysis, storeInputs, storiesToAnalyze, toQueued, type InputOutcome, type QueuedPreparation } from '../store/postgres/writer.ts';

export interface QueueOptions {
  maxBytes?: number;
  storyBatch?: number;
}

/** Bytes of files queued per insert. */
const QUEUE_BATCH_BYTES = 4 * 1024 * 1024;
/** Bytes of queued files one process claims to prepare at a time. */
const PREPARE_BATCH_BYTES = 256 * 1024;
/** Files the lease holder stores per transaction (fewer when an assignment point falls among them). */
const STORE_BATCH_FILES = 200;
/** Stories a process claims to analyze at a time. */
const ANALYZE_BATCH = 8;

/** Queue inputs (the walk of some paths, or inputs in memory), in order, as one run; gives the run's id. */
export async function queueRun(pool: pg.Pool, jobs: Iterable<FileJob>, opts: QueueOptions = {}): Promise<number> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  // The run is open while this connection holds its lock (taken before the run is visible): an ingest
  // killed in its walk leaves a run the lease holder sees as closed, so the files it queued are still
  // stored, assigned and analyzed.
  const owner = await checkOut(pool);
  let run = 0;
  try {
    run = await transaction(owner, async () => {
      const id = Number((await owner.query('INSERT INTO ingest_runs (max_bytes, story_batch) VALUES ($1, $2) RETURNING id', [maxBytes, opts.storyBatch ?? STORY_BATCH_ARTICLES])).rows[0].id);
      await owner.query('SELECT pg_advisory_lock($1, $2)', [LOCKS.run, id]);
      return id;
    });
    await queueJobs(pool, run, jobs, maxBytes);
    await pool.query('UPDATE ingest_runs SET open = FALSE WHERE id = $1', [run]);
  } finally {
    await owner.query('SELECT pg_advisory_unlock($1, $2)', [LOCKS.run, run]).catch(() => {});
    owner.release();
  }
  return run;
}

async function queueJobs(pool: pg.Pool, run: number, jobs: Iterable<FileJob>, maxBytes: number): Promise<void> {
  let batch: { path: string; bytes: Uint8Array | null; state: string; prepared: string | null }[] = [];
  let size = 0;
  const flush = async () => {
    if (!batch.length) return;
    await inTransaction(pool, async (c) => {
      await c.query(`INSERT INTO ingest_inputs (run_id, path, bytes, state, prepared) SELECT $1, * FROM unnest($2::text[], $3::bytea[], $4::text[], $5::text[])`,
        [run, batch.map((b) => b.path), batch.map((b) => (b.bytes ? Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength) : null)), batch.map((b) => b.state), batch.map((b) => b.prepared)]);
      await c.query("UPDATE store_meta SET value = 0 WHERE key = 'settled'");
    });
    batch = [];
    size = 0;
  };
  for (const job of jobs) {
    if ('rejection' in job) {
      const walkProblem: QueuedPreparation = { walkProblem: job.rejection, counted: job.counted };
      batch.push({ path: job.rejection.path, bytes: null, state: 'prepared', prepared: JSON.stringify(walkProblem) });
    } else {
      batch.push({ path: job.path, bytes: job.bytes, state: 'queued', prepared: null });
      size += job.bytes.length;
    }
    if (size >= QUEUE_BATCH_BYTES || batch.length >= 1000) await flush();
  }
  await flush();
}

/** Where a run stands: its inputs stored so far, and whether everything it gave is assigned and analyzed. */
export async function runState(pool: pg.Pool, run: number): Promise<{ unstored: number; settled: boolean }> {
  const r = (await pool.query(`SELECT (SELECT COUNT(*) FROM ingest_inputs WHERE run_id = $1 AND state <> 'stored')::int AS unstored,
    (SELECT value FROM store_meta WHERE key = 'settled') AS settled`, [run])).rows[0];
  return { unstored: r.unstored, settled: Number(r.settled) === 1 };
}

/** A run's counts and its rejections and notices, in the walk's order (once every input is stored). */
export async function runOutcome(pool: pg.Pool, run: number): Promise<IngestCounts & { rejections: Rejection[]; notices: Rejection[] }> {
  const counts = { ingested: 0, duplicates: 0, rejected: 0, rejections: [] as Rejection[], notices: [] as Rejection[] };
  for (const r of (await pool.query<{ outcome: string }>("SELECT outcome FROM ingest_inputs WHERE run_id = $1 AND state = 'stored' ORDER BY seq", [run])).rows) {
    const o = JSON.parse(r.outcome) as InputOutcome;
    counts.ingested += o.ingested;
    counts.duplicates += o.duplicates;
    counts.rejected += o.rejections.length;
    counts.rejections.push(...o.rejections);
    counts.notices.push(...o.notices);
  }
  return counts;
}

export interface Worker {
  /** One round of whatever there is to do; gives how much was done (0: nothing to do now). */
  workOnce(): Promise<number>;
  /** True while this process holds the assignment lease. */
  holdsLease(): boolean;
  close(): Promise<void>;
}

/**
 * A process's share of the work: prepare, (with the lease) store and assign, analyze. `threads` does
 * the pure work in worker threads (null: in this thread).
 */
export function createWorker(pool: pg.Pool, threads: WorkerPool | null, opts: { onAnalysisFailure?: (storyId: string, reason: string) => void; work?: number } = {}): Worker {
  let lease: pg.PoolClient | null = null;
  // The clusterer's state as the lease holder last wrote it: valid while the lease is held, dropped with it.
  let assignCache: AssignCache | null = null;

  const takeLease = async (): Promise<pg.PoolClient | null> => {
    if (lease) return lease;
    const client = await checkOut(pool);
    try {
      const got = (await client.query('SELECT pg_try_advisory_lock($1) AS got', [LOCKS.lease])).rows[0].got as boolean;
      if (got) {
        // The connection holds the lease: losing it (a restart of the server) loses the lease too.
        client.on('error', () => dropLease(client));
        assignCache = null;
        return (lease = client);
      }
    } catch {
      // fall through: no lease this round
    }
    client.release();
    return null;
  };
  let idle = false;
  const releaseLease = async () => {
    const c = lease;
    if (!c) return;
    lease = null;
    assignCache = null;
    await c.query('SELECT pg_advisory_unlock($1)', [LOCKS.lease]).catch(() => {});
    c.release();
  };
  const dropLease = (client: pg.PoolClient) => {
    if (lease !== client) return;
    lease = null;
    assignCache = null;
    client.release(true);
  };

  /** Claim queued files, prepare them, mark them prepared: one transaction, so a kill puts them back. */
  const prepareQueued = async (): Promise<number> => inTransaction(pool, async (c) => {
    const rows = (await c.query<{ seq: number; path: string; bytes: Buffer; max_bytes: number }>(`SELECT i.seq, i.path, i.bytes, r.max_bytes FROM ingest_inputs i
        JOIN ingest_runs r ON r.id = i.run_id WHERE i.state = 'queued' ORDER BY i.seq LIMIT 64 FOR UPDATE OF i SKIP LOCKED`)).rows;
    const claimed: typeof rows = [];
    let bytes = 0;
    for (const r of rows) {
      if (claimed.length && bytes + r.bytes.length > PREPARE_BATCH_BYTES) break;
      claimed.push(r);
      bytes += r.bytes.length;
    }
    if (!claimed.length) return 0;
    const maxBytes = claimed[0]!.max_bytes;
    const prepared = threads ? await threads.prepare(claimed.map((r) => ({ path: r.path, bytes: r.bytes })), maxBytes) : claimed.map((r) => prepareInput(r.path, r.bytes, r.max_bytes));
    await c.query(`UPDATE ingest_inputs i SET state = 'prepared', bytes = NULL, prepared = t.p, items = t.n FROM unnest($1::bigint[], $2::text[], $3::int[]) AS t(seq, p, n) WHERE i.seq = t.seq`,
      [claimed.map((r) => r.seq), prepared.map((p) => JSON.stringify(toQueued(p))), prepared.map((p) => p.items.filter((i) => i.cleaned).length)]);
    return claimed.length;
  });

  const meta = async (c: pg.PoolClient, key: string) => Number((await c.query('SELECT value FROM store_meta WHERE key = $1', [key])).rows[0]?.value ?? 0);
  const setMeta = (c: pg.PoolClient, key: string, value: number) => c.query("INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]);
  const tx = <T>(c: pg.PoolClient, fn: () => Promise<T>): Promise<T> => transaction(c, fn);

  /**
   * Assign every pending article, a batch per transaction (the last clears the counter and marks a
   * stale scan due), then queue the stories to analyze.
   */
  const assignPending = async (c: pg.PoolClient): Promise<number> => {
    const { ids, placed } = await pendingInOrder(c);
    for (let i = 0; i < ids.length || i === 0; i += ASSIGN_BATCH) {
      const batch = ids.slice(i, i + ASSIGN_BATCH);
      const cache = (assignCache ??= createAssignCache());
      try {
        await tx(c, async () => {
          if (batch.length) await assignBatch(c, await articlesById(c, batch), placed, cache);
          if (i + ASSIGN_BATCH >= ids.length) {
            await setMeta(c, 'unassigned', 0);
            await setMeta(c, 'scan', 1);
          }
          await c.query("UPDATE store_meta SET value = value + 1 WHERE key = 'data_version'");
        });
      } catch (e) {
        // The cache may hold this batch's uncommitted changes.
        assignCache = null;
        throw e;
      }
    }
    await queueStale(c);
    return Math.max(ids.length, 1);
  };

  /** Queue the stories whose analysis is stale (not already queued); gives how many. */
  const queueStale = async (c: pg.PoolClient): Promise<number> => tx(c, async () => {
    const stale = staleOf(await storiesToAnalyze(c));
    if (stale.length) {
      await c.query(`INSERT INTO analysis_queue (story_id) SELECT s FROM unnest($1::text[]) AS s
        WHERE NOT EXISTS (SELECT 1 FROM analysis_queue q WHERE q.story_id = s)`, [stale.map((s) => s.id)]);
    }
    await setMeta(c, 'scan', 0);
    return stale.length;
  });

  /** The lease holder's round: store prepared files in order, assign at the assignment points, settle a drained queue. */
  const leaseRound = async (c: pg.PoolClient): Promise<number> => {
    // A holder that died between reaching an assignment point and finishing the assignment left the counter past it.
    const due = await c.query<{ story_batch: number }>("SELECT story_batch FROM ingest_runs ORDER BY id DESC LIMIT 1");
    const storyBatch = due.rows[0]?.story_batch ?? STORY_BATCH_ARTICLES;
    const unassigned = await meta(c, 'unassigned');
    if (unassigned >= storyBatch) return assignPending(c);
    const rows = (await c.query<{ seq: number; path: string; state: string; items: number }>(`SELECT seq, path, state, items
        FROM ingest_inputs WHERE state <> 'stored' ORDER BY seq LIMIT ${STORE_BATCH_FILES}`)).rows;
    const chosen: typeof rows = [];
    // Files up to the next assignment point: no more articles than would reach it (counted as if all were new).
    let room = storyBatch - unassigned;
    for (const r of rows) {
      if (r.state !== 'prepared') break;
      chosen.push(r);
      // This file may reach the assignment point: the files after it wait for the assignment, as in SQLite.
      if (r.items >= room) break;
      room -= r.items;
    }
    if (chosen.length) {
      await tx(c, async () => {
        const texts = new Map((await c.query<{ seq: number; prepared: string }>('SELECT seq, prepared FROM ingest_inputs WHERE seq = ANY($1)', [chosen.map((r) => r.seq)])).rows
          .map((r) => [r.seq, r.prepared]));
        const ready = chosen.map((r) => ({ seq: r.seq, path: r.path, prepared: JSON.parse(texts.get(r.seq)!) as QueuedPreparation }));
        const outcomes = await storeInputs(c, ready);
        await c.query(`UPDATE ingest_inputs i SET state = 'stored', prepared = NULL, outcome = t.o FROM unnest($1::bigint[], $2::text[]) AS t(seq, o) WHERE i.seq = t.seq`,
          [ready.map((r) => r.seq), outcomes.map((o) => JSON.stringify(o))]);
        const stored = outcomes.reduce((n, o) => n + o.stored, 0);
        await c.query("UPDATE store_meta SET value = value + $1 WHERE key = 'unassigned'", [stored]);
        await c.query("UPDATE store_meta SET value = value + 1 WHERE key = 'data_version'");
      });
      if ((await meta(c, 'unassigned')) >= storyBatch) await assignPending(c);
      return chosen.length;
    }
    if (rows.length) return 0; // the next file in order is still being prepared
    // Drained: unless a run is still queueing its files, finish as one SQLite run finishes.
    if (await runStillQueueing(c)) return 0;
    const pending = Number((await c.query('SELECT COUNT(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id)')).rows[0].n);
    if (pending) return assignPending(c);
    if ((await meta(c, 'scan')) === 1) return (await queueStale(c)) || 1;
    if ((await c.query('SELECT 1 FROM analysis_queue LIMIT 1')).rows.length) return 0;
    if ((await meta(c, 'settled')) === 1) {
      // Nothing to store or assign: the lease is let go, so `recluster` (or another process) can take it.
      idle = true;
      return 0;
    }
    // The queue is empty: one more scan catches a story that changed while a worker analyzed it.
    if (await queueStale(c)) return 1;
    await tx(c, async () => {
      await dropOrphanAnalyses(c);
      await setMeta(c, 'settled', 1);
      await c.query("UPDATE store_meta SET value = value + 1 WHERE key = 'data_version'");
    });
    return 1;
  };

  /** Claim queued stories (one process per story at a time), analyze those whose signature changed, save. */
  const analyzeQueued = async (): Promise<number> => inTransaction(pool, async (c) => {
    const claimed = (await c.query<{ seq: number; story_id: string }>('SELECT seq, story_id FROM analysis_queue ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED', [ANALYZE_BATCH])).rows;
    if (!claimed.length) return 0;
    const mine: string[] = [];
    for (const id of new Set(claimed.map((r) => r.story_id))) {
      if ((await c.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS got', [LOCKS.analysis, id])).rows[0].got) mine.push(id);
    }
    const stale = staleOf(await storiesToAnalyze(c, mine));
    const members: Article[][] = [];
    for (const s of stale) members.push(await articlesById(c, s.articleIds));
    const work = opts.work ?? STORY_WORK;
    const results = threads ? await threads.analyze(stale.map((s, i) => ({ articles: members[i]!, reference: s.reference })), work)
      : stale.map((s, i) => analyzeStory(members[i]!, s.reference, work));
    for (const [i, s] of stale.entries()) {
      const r = results[i]!;
      if (r.failure !== null) opts.onAnalysisFailure?.(s.id, r.failure);
      await saveAnalysis(c, s.id, s.wanted, r.analysis, r.failure);
    }
    // Each story's revision and alerts commit with its analysis: a kill loses both or neither.
    if (stale.length) {
      const reader: StoreReader = postgresReader(c, (fn) => fn(reader));
      await reviseStories(reader, postgresRevisions(c), stale.map((s) => s.id), new Date().toISOString());
    }
    await c.query('DELETE FROM analysis_queue WHERE seq = ANY($1)', [claimed.filter((r) => mine.includes(r.story_id)).map((r) => r.seq)]);
    if (stale.length) await c.query("UPDATE store_meta SET value = value + 1 WHERE key = 'data_version'");
    // Stories another process is analyzing are not work done here: a process with nothing else waits instead of spinning.
    return mine.length;
  });

  return {
    holdsLease: () => lease !== null,
    async workOnce() {
      let done = await prepareQueued();
      const c = await takeLease();
      if (c) {
        try {
          idle = false;
          done += await leaseRound(c);
          if (idle) await releaseLease();
        } catch (e) {
          // A lost connection loses the lease with it; any other failure is the caller's to report.
          if (isConnectionError(e)) dropLease(c);
          throw e;
        }
      }
      done += await analyzeQueued();
      return done;
    },
    close: releaseLease,
  };
}

/** A run still being queued by a live ingest; a run whose ingest died is closed here. */
async function runStillQueueing(c: pg.PoolClient): Promise<boolean> {
  for (const { id } of (await c.query<{ id: number }>('SELECT id FROM ingest_runs WHERE open ORDER BY id')).rows) {
    const ownerGone = (await c.query('SELECT pg_try_advisory_lock($1, $2) AS got', [LOCKS.run, id])).rows[0].got as boolean;
    if (!ownerGone) return true;
    await c.query('UPDATE ingest_runs SET open = FALSE WHERE id = $1', [id]);
    await c.query('SELECT pg_advisory_unlock($1, $2)', [LOCKS.run, id]);
  }
  return false;
}

/** PostgreSQL gone (killed, restarted, unreachable): the work is retried once it answers again. */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08003', '08001'].includes(err?.code ?? '')
    || /Connection terminated|connection ended|not queryable|Client has encountered a connection error/i.test(err?.message ?? '');
}

/** A deadlock or serialization failure: the transaction was rolled back and can be run again. */
const isConflict = (e: unknown) => ['40P01', '40001'].includes((e as { code?: string })?.code ?? '');

/**
 * Work until `done` says so, retrying through lost connections (a restarted server): a worker keeps
 * going; an ingest stops when its run is settled.
 */
export async function workUntil(worker: Worker, done: () => Promise<boolean>, opts: { idleMs?: number; onRetry?: (e: unknown) => void; stopped?: () => boolean } = {}): Promise<void> {
  const idle = opts.idleMs ?? 100;
  for (;;) {
    if (opts.stopped?.()) return;
    try {
      const did = await worker.workOnce();
      if (!did) {
        if (await done()) return;
        await new Promise((r) => setTimeout(r, idle));
      }
    } catch (e) {
      // Two transactions that wait on each other: PostgreSQL rolled one back; it is simply done again.
      if (isConflict(e)) continue;
      if (!isConnectionError(e)) throw e;
      opts.onRetry?.(e);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}


