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
import { analyzeChangedStories, analyzeChangedStoriesWithPool, finishIngest, finishIngestWithPool, ingestInputs, ingestPaths, ingestPathsWithPool, type IngestCounts, type IngestOptions } from '../ingest/index.ts';
import { withWorkerPool } from '../ingest/pool.ts';

/** Worker threads for the per-file and per-story work; 1 does it all in the writer's thread. */
export interface Parallelism {
  workers?: number;
}

export interface IngestReport extends IngestCounts {
  rejections: Rejection[];
  notices: Rejection[];
  analysisFailures: { storyId: string; reason: string }[];
}

export function ingestFiles(store: Store, paths: string[], opts: IngestOptions & Parallelism = {}): Promise<IngestCounts> {
  return withWorkerPool(opts.workers ?? 1, (pool) => (pool ? ingestPathsWithPool(store, paths, pool, opts) : ingestPaths(store, paths, opts)));
}

/** Inputs carried by a request; every rejection and notice is reported, nothing already stored is lost. */
export function ingestUploads(store: Store, inputs: { path: string; bytes: Uint8Array }[], maxBytes: number): IngestReport {
  const rejections: Rejection[] = [];
  const notices: Rejection[] = [];
  const analysisFailures: { storyId: string; reason: string }[] = [];
  const counts = ingestInputs(store, inputs, {
    maxBytes,
    onRejection: (r) => rejections.push(r),
    onNotice: (r) => notices.push(r),
    onAnalysisFailure: (storyId, reason) => analysisFailures.push({ storyId, reason }),
  });
  return { ...counts, rejections, notices, analysisFailures };
}

/** Finish what a killed or older run left: unassigned articles, stories not (re)analyzed. */
export async function upgradeStore(store: Store, onAnalysisFailure?: (storyId: string, reason: string) => void, parallelism: Parallelism = {}): Promise<{ assigned: number }> {
  const assigned = await withWorkerPool(parallelism.workers ?? 1, (pool) => (pool ? finishIngestWithPool(store, pool, { onAnalysisFailure }) : finishIngest(store, { onAnalysisFailure })));
  return { assigned };
}

/** Rebuild every story and storyline from the stored articles, then analyze what changed. */
export async function reclusterStore(store: Store, onAnalysisFailure?: (storyId: string, reason: string) => void, parallelism: Parallelism = {}): Promise<void> {
  store.recluster();
  await withWorkerPool(parallelism.workers ?? 1, (pool) => (pool ? analyzeChangedStoriesWithPool(store, pool, undefined, onAnalysisFailure) : analyzeChangedStories(store, undefined, onAnalysisFailure)));
}
