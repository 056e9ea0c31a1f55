/**
 * Use cases that write: ingest files or folders (the CLI), ingest what a request carries (the server:
 * uploaded files, pasted text, JSON records — read by the same readers as files), and bring a store up to
 * date (`upgrade`: migrations, articles a killed run left unassigned, stale analyses). Each takes a
 * store opened as the writer; the writer's explicit work (assignment, analysis) is done here, never by
 * a read.
 */
import type { Store } from '../store/index.ts';
import type { Rejection } from '../records.ts';
import { finishIngest, ingestInputs, ingestPaths, type IngestCounts, type IngestOptions } from '../ingest/index.ts';

export interface IngestReport extends IngestCounts {
  rejections: Rejection[];
  notices: Rejection[];
  analysisFailures: { storyId: string; reason: string }[];
}

export function ingestFiles(store: Store, paths: string[], opts: IngestOptions = {}): IngestCounts {
  return ingestPaths(store, paths, opts);
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
export function upgradeStore(store: Store, onAnalysisFailure?: (storyId: string, reason: string) => void): { assigned: number } {
  return { assigned: finishIngest(store, { onAnalysisFailure }) };
}
