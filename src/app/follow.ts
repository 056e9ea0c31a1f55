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
import { hostLimit, type HostLimit } from '../follow/limit.ts';
import { robotsCheck, type RobotsCheck } from '../follow/robots.ts';
import { looksLikeSitemap, readNewsSitemap } from '../follow/sitemap.ts';
import type { RawItem } from '../records.ts';
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
  /** Called by sources side by side: the target makes them take turns (or go in together). */
  ingest(inputs: { path: string; bytes: Uint8Array }[]): Promise<IngestReport>;
}

export interface FollowOptions {
  /** Pages' robots.txt, kept across polls (made for the call when not given). */
  robots?: RobotsCheck;
  /** Requests in flight per host and in all (made for the call when not given). */
  limit?: HostLimit;
  allowPrivate?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  now?: () => Date;
}

export interface PollReport {
  source: Source;
  /** What went wrong with single items (a page not fetched, robots.txt), the poll still good. */
  notes?: string[];
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

/** Requests in flight to one host, and in all. */
export const PER_HOST = 2;
export const IN_FLIGHT = 8;
export const POLLS_AHEAD = 50;

/** "90s", "15m", "2h", "1d" or a number of seconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/i.exec(text.trim());
  if (!m) return null;
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's').toLowerCase() as 's']!;
  return seconds > 0 ? Math.round(seconds) : null;
}

/** Poll every source due now (or only `only`, by id, due or not), side by side. */
export async function pollDue(target: FollowTarget, opts: FollowOptions = {}, only?: number[]): Promise<PollReport[]> {
  const now = (opts.now ?? (() => new Date()))();
  const sources = only ? (await target.book.list()).filter((s) => only.includes(s.id)) : await target.book.due(now.toISOString());
  // Sources are polled side by side, at most two requests to a host and eight in all (the target's
  // ingests take turns: the store has one writer).
  const limit = opts.limit ?? hostLimit(PER_HOST, IN_FLIGHT);
  const shared: PollOptions = { ...opts, limit, robots: opts.robots ?? robotsCheck({ ...opts, limit }) };
  // At most POLLS_AHEAD sources between their fetch and their ingest: the thread that stores a run does
  // not also answer the network, so fetches started far ahead of the store would run out their deadlines.
  const ahead = hostLimit(POLLS_AHEAD, POLLS_AHEAD);
  return Promise.all(sources.map((source) => ahead('polls', () => pollOne(target, source, shared, now))));
}

/** The options a poll runs with: the limit and the robots.txt check made once for the round. */
type PollOptions = FollowOptions & Required<Pick<FollowOptions, 'limit' | 'robots'>>;

async function pollOne(target: FollowTarget, source: Source, opts: PollOptions, now: Date): Promise<PollReport> {
  const at = now.toISOString();
  const after = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
  const failed = async (error: string, retryAfterMs?: number): Promise<PollReport> => {
    const failures = source.failures + 1;
    const backoff = Math.min(MAX_BACKOFF_S, source.everyS * 2 ** Math.min(failures, 16));
    const nextPoll = after(Math.max(backoff, Math.ceil((retryAfterMs ?? 0) / 1000)));
    await target.book.record(source.id, { ...keep(source), lastPolled: at, lastError: error, failures, nextPoll, newItems: 0 });
    return { source, outcome: 'failed', ingested: 0, duplicates: 0, rejected: [], error, nextPoll };
  };
  // `taken`: keys of the items (files, for a folder) seen for the first time, however many of them the
  // store already held; recorded with the poll in one transaction, so the count of items and the
  // items seen never part.
  const succeeded = async (outcome: PollReport['outcome'], report: IngestReport | null, taken: string[], fields: Partial<PollRecord> = {}): Promise<PollReport> => {
    const ingested = report?.ingested ?? 0;
    const everyS = source.kind === 'folder' ? source.everyS
      : ingested > 0 ? Math.max(MIN_INTERVAL_S, Math.round(source.everyS / 2)) : Math.min(MAX_INTERVAL_S, Math.round(source.everyS * 1.5));
    const nextPoll = after(everyS);
    await target.book.record(source.id, { ...keep(source), everyS, nextPoll, lastPolled: at, lastOk: at, lastError: null, failures: 0, newItems: taken.length, ...fields }, taken);
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
    return succeeded(inputs.length ? 'new' : 'unchanged', report, taken);
  }

  const answer = await opts.limit(source.address, () =>
    politeGet(source.address, { etag: source.etag, lastModified: source.lastModified, allowPrivate: opts.allowPrivate, maxBytes: opts.maxBytes, timeoutMs: opts.timeoutMs }));
  if (answer.kind === 'failed') return failed(answer.reason, answer.retryAfterMs);
  if (answer.kind === 'not-modified') return succeeded('not-modified', null, []);
  // A feed that cannot be read at all is the source's failure; an item that cannot is a rejection of that item.
  let items: FeedItem[];
  try {
    items = looksLikeSitemap(Buffer.from(answer.body.subarray(0, 4096)).toString('utf8')) ? sitemapItems(Buffer.from(answer.body).toString('utf8')) : readInput(source.address, answer.body, opts.maxBytes ?? DEFAULT_MAX_BYTES).items.map((i) => ({ key: i.meta.url ?? i.meta.id ?? i.ref, item: i }));
  } catch (e) {
    return failed(`${(e as Error).message}`);
  }
  const title = items[0]?.item.meta.outlet ?? null;
  const freshKeys = new Set(await target.book.unseen(source.id, items.map((i) => i.key)));
  const fresh = items.filter((i) => freshKeys.has(i.key));
  const thin = fresh.filter((i) => isThin(i.item));
  if (!thin.length) {
    // Every new item carries its text: the feed is ingested as it came, as `ingest` would read the file.
    const report = fresh.length ? await target.ingest([{ path: source.address, bytes: answer.body }]) : null;
    return succeeded('new', report, fresh.map((i) => i.key), { etag: answer.etag, lastModified: answer.lastModified, title });
  }
  // Items with only a summary (and a sitemap's, with none): their pages are fetched and read as `ingest`
  // reads a page; the new items then go in as records, the page's text in place of the summary.
  const pages = new Map(await Promise.all(thin.map(async (i) => [i, await fullPage(i.item, opts)] as const)));
  const records: string[] = [];
  const taken: string[] = [];
  const notes: string[] = [];
  for (const i of fresh) {
    const page = pages.get(i);
    let text = i.item.text;
    let meta = i.item.meta;
    if (page && 'text' in page && page.text.length > text.length) {
      text = page.text;
      meta = { ...page.meta, ...Object.fromEntries(Object.entries(i.item.meta).filter(([, v]) => v)) };
    } else if (page && 'error' in page) {
      notes.push(`${i.item.meta.url}: ${page.error}${text ? '; its summary is kept' : ''}`);
    }
    // An item with no text of its own whose page failed is not taken: it is tried again at the next poll.
    if (!text.trim()) continue;
    records.push(JSON.stringify({ id: meta.id ?? meta.url ?? i.item.ref, title: meta.title, url: meta.url, date: meta.published, source: meta.outlet ?? title ?? undefined, author: meta.author, lang: meta.lang, text }));
    taken.push(i.key);
  }
  const report = records.length ? await target.ingest([{ path: `${source.address}#items.jsonl`, bytes: Buffer.from(`${records.join('\n')}\n`) }]) : null;
  // Items left for the next poll need the feed read again, not a 304: its validators are not kept.
  const whole = taken.length === fresh.length;
  const polled = await succeeded('new', report, taken, { etag: whole ? answer.etag : null, lastModified: whole ? answer.lastModified : null, title });
  return { ...polled, notes };
}

interface FeedItem { key: string; item: RawItem }

/**
 * A teaser, not an article: an item with only its summary (no full content) of fewer words than the
 * shortest report has, or a sitemap entry (no text at all). Many feeds put whole articles in the
 * summary element: those are long, and read as they are.
 */
export const THIN_WORDS = 50;
const isThin = (i: RawItem) => /^https?:\/\//i.test(i.meta.url ?? '')
  && (!i.text.trim() || (i.meta.description !== undefined && (i.text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) < THIN_WORDS));

function sitemapItems(xml: string): FeedItem[] {
  return readNewsSitemap(xml).map((e) => ({ key: e.url, item: { ref: e.url, path: e.url, text: '', fromHtml: true, meta: { url: e.url, title: e.title, published: e.published, outlet: e.outlet, lang: e.lang } } }));
}

/** An item's linked page, fetched if robots.txt allows and read by the HTML reader; or why not. */
async function fullPage(item: RawItem, opts: PollOptions): Promise<{ text: string; meta: RawItem['meta'] } | { error: string }> {
  const url = item.meta.url!;
  const robots = await opts.robots(url);
  if (!robots.allowed) return { error: `not fetched: ${robots.reason}` };
  const answer = await opts.limit(url, () => politeGet(url, { allowPrivate: opts.allowPrivate, maxBytes: opts.maxBytes, timeoutMs: opts.timeoutMs, accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5' }));
  if (answer.kind !== 'ok') return { error: `the page could not be fetched (${answer.kind === 'failed' ? answer.reason : 'not modified'})` };
  try {
    const page = readInput(url.replace(/[?#].*$/, '').replace(/\/?$/, '') + '#page.html', answer.body, opts.maxBytes ?? DEFAULT_MAX_BYTES).items[0];
    if (!page?.text.trim()) return { error: 'the page has no article text' };
    return { text: page.text, meta: page.meta };
  } catch (e) {
    return { error: `the page could not be read (${(e as Error).message})` };
  }
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
