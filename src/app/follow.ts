/**
 * Follow sources as they publish: poll each source that is due (feeds over HTTP, folders on disk),
 * ingest what is new through the same readers and writer as `ingest`, and keep in the store what the
 * next poll needs (validators, interval, failures, the items seen). Takes a store target (its book of
 * sources and a way to ingest inputs); gives one report per source polled.
 *
 * - A feed answering 304 costs nothing; one with new items is polled more often (the interval halves,
 *   not below a minute), one without less often (×1.5, up to six hours). A folder keeps its interval
 *   (5 s unless told): polling one is a directory listing.
 * - A failing source backs off exponentially (up to a day), or as its 429/503 Retry-After asks; its
 *   failures and last error are kept and shown by `sources list`, never retried at full rate.
 * - Each item is ingested once: the store refuses an exact repeat by content, and the book remembers
 *   the guid or link of every item (and the name, size and time of every file) it has taken.
 * - Killed at any moment, nothing is lost: articles are committed before the poll is recorded, so a
 *   poll cut short is simply made again and its items come back as duplicates, not new articles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { politeGet } from '../follow/fetch.ts';
import { readInput, DEFAULT_MAX_BYTES } from '../read/index.ts';
import type { PollRecord, Source, SourceBook, SourceKind } from '../store/sources.ts';
import type { IngestReport } from './ingest.ts';

export const MIN_INTERVAL_S = 60;
export const MAX_INTERVAL_S = 6 * 3600;
export const MAX_BACKOFF_S = 24 * 3600;
export const DEFAULT_INTERVAL_S = 900;
/** A folder costs a directory listing to poll: it is polled often, and at its own pace whatever it holds. */
export const FOLDER_INTERVAL_S = 5;
/** A file changed this recently may still be being written: it waits for the next poll. */
export const QUIET_MS = 2000;

export interface FollowTarget {
  book: SourceBook;
  ingest(inputs: { path: string; bytes: Uint8Array }[]): Promise<IngestReport>;
}

export interface FollowOptions {
  allowPrivate?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  now?: () => Date;
}

export interface PollReport {
  source: Source;
  outcome: 'new' | 'unchanged' | 'not-modified' | 'failed';
  ingested: number;
  duplicates: number;
  rejected: IngestReport['rejections'];
  error: string | null;
  nextPoll: string;
}

/** What a source address is: an http(s) URL is a feed, an existing folder is a folder. */
export function sourceKind(address: string): SourceKind | null {
  if (/^https?:\/\//i.test(address)) return 'feed';
  try {
    return statSync(address).isDirectory() ? 'folder' : null;
  } catch {
    return null;
  }
}

/** "90s", "15m", "2h", "1d" or a number of seconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/i.exec(text.trim());
  if (!m) return null;
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's').toLowerCase() as 's']!;
  return seconds > 0 ? Math.round(seconds) : null;
}

/** Poll every source due now (or only `only`, by id, due or not), one after another. */
export async function pollDue(target: FollowTarget, opts: FollowOptions = {}, only?: number[]): Promise<PollReport[]> {
  const now = (opts.now ?? (() => new Date()))();
  const sources = only ? (await target.book.list()).filter((s) => only.includes(s.id)) : await target.book.due(now.toISOString());
  const reports: PollReport[] = [];
  for (const source of sources) reports.push(await pollOne(target, source, opts, now));
  return reports;
}

async function pollOne(target: FollowTarget, source: Source, opts: FollowOptions, now: Date): Promise<PollReport> {
  const at = now.toISOString();
  const after = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
  const failed = async (error: string, retryAfterMs?: number): Promise<PollReport> => {
    const failures = source.failures + 1;
    const backoff = Math.min(MAX_BACKOFF_S, source.everyS * 2 ** Math.min(failures, 16));
    const nextPoll = after(Math.max(backoff, Math.ceil((retryAfterMs ?? 0) / 1000)));
    await target.book.record(source.id, { ...keep(source), lastPolled: at, lastError: error, failures, nextPoll, newItems: 0 });
    return { source, outcome: 'failed', ingested: 0, duplicates: 0, rejected: [], error, nextPoll };
  };
  // `taken`: items (files, for a folder) seen for the first time, however many of them the store already held.
  const succeeded = async (outcome: PollReport['outcome'], report: IngestReport | null, taken: number, fields: Partial<PollRecord> = {}): Promise<PollReport> => {
    const ingested = report?.ingested ?? 0;
    const everyS = source.kind === 'folder' ? source.everyS
      : ingested > 0 ? Math.max(MIN_INTERVAL_S, Math.round(source.everyS / 2)) : Math.min(MAX_INTERVAL_S, Math.round(source.everyS * 1.5));
    const nextPoll = after(everyS);
    await target.book.record(source.id, { ...keep(source), everyS, nextPoll, lastPolled: at, lastOk: at, lastError: null, failures: 0, newItems: taken, ...fields });
    return { source, outcome: outcome === 'new' && ingested === 0 ? 'unchanged' : outcome, ingested, duplicates: report?.duplicates ?? 0, rejected: report?.rejections ?? [], error: null, nextPoll };
  };

  if (source.kind === 'folder') {
    let files: { path: string; key: string }[];
    try {
      files = settledFiles(source.address, now.getTime());
    } catch (e) {
      return failed(`the folder could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const fresh = new Set(await target.book.unseen(source.id, files.map((f) => f.key)));
    const inputs: { path: string; bytes: Uint8Array }[] = [];
    const taken: string[] = [];
    for (const f of files.filter((x) => fresh.has(x.key))) {
      try {
        const bytes = readFileSync(f.path);
        // Written to while it was read: it waits for the next poll.
        if (statSync(f.path).size !== bytes.length) continue;
        inputs.push({ path: f.path, bytes });
      } catch {
        continue; // gone since the listing: nothing to take
      }
      taken.push(f.key);
    }
    const report = inputs.length ? await target.ingest(inputs) : null;
    await target.book.markSeen(source.id, taken, at);
    return succeeded(inputs.length ? 'new' : 'unchanged', report, taken.length);
  }

  const answer = await politeGet(source.address, { etag: source.etag, lastModified: source.lastModified, allowPrivate: opts.allowPrivate, maxBytes: opts.maxBytes, timeoutMs: opts.timeoutMs });
  if (answer.kind === 'failed') return failed(answer.reason, answer.retryAfterMs);
  if (answer.kind === 'not-modified') return succeeded('not-modified', null, 0);
  // A feed that cannot be read at all is the source's failure; an item that cannot is a rejection of that item.
  let keys: string[];
  let title: string | null = null;
  try {
    const read = readInput(source.address, answer.body, opts.maxBytes ?? DEFAULT_MAX_BYTES);
    keys = read.items.map((i) => i.meta.url ?? i.meta.id ?? i.ref);
    title = read.items[0]?.meta.outlet ?? null;
  } catch (e) {
    return failed(`${(e as Error).message}`);
  }
  const fresh = await target.book.unseen(source.id, keys);
  const report = fresh.length ? await target.ingest([{ path: source.address, bytes: answer.body }]) : null;
  await target.book.markSeen(source.id, fresh, at);
  return succeeded('new', report, fresh.length, { etag: answer.etag, lastModified: answer.lastModified, title });
}

/** What a poll does not change unless it says so. */
const keep = (s: Source): PollRecord => ({ everyS: s.everyS, nextPoll: s.nextPoll, etag: s.etag, lastModified: s.lastModified, lastPolled: s.lastPolled, lastOk: s.lastOk, lastError: s.lastError, failures: s.failures, newItems: 0 });

/** Files under a folder (hidden ones skipped) that have been quiet for QUIET_MS, each keyed by its place, size and time. */
function settledFiles(folder: string, now: number): { path: string; key: string }[] {
  const out: { path: string; key: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && now - st.mtimeMs >= QUIET_MS) out.push({ path, key: `file:${relative(folder, path)}\0${st.size}\0${Math.round(st.mtimeMs)}` });
    }
  };
  walk(folder);
  return out;
}
