/**
 * `storyline follow [<source>...]` polls the store's sources (and the ones given, added first) as they
 * fall due, and delivers the alerts due to webhooks after each round, until SIGINT or SIGTERM (`--once`: each source once, then exit, for cron);
 * `storyline sources add|list|remove|import|export` keeps the book of sources (OPML in and out). The store is opened for each round
 * of polls and closed between them, so `ingest` and other writers get their turn.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readOpml, writeOpml } from '../../follow/opml.ts';
import { groupedIngest, ingestUploads, ingestUploadsIntoPostgres } from '../../app/ingest.ts';
import { DEFAULT_INTERVAL_S, FOLDER_INTERVAL_S, IN_FLIGHT, PER_HOST, parseDuration, pollDue, sourceKind, type FollowTarget, type PollReport } from '../../app/follow.ts';
import { DEFAULT_MAX_BYTES } from '../../read/index.ts';
import { deliverDueAlerts } from '../../app/alerts.ts';
import { robotsCheck } from '../../follow/robots.ts';
import { hostLimit, oneAtATime } from '../../follow/limit.ts';
import { printDeliveries, withRevisionBook } from './watch.ts';
import { openPostgresStore } from '../../store/postgres/index.ts';
import { isPostgresUrl } from '../../store/postgres/pool.ts';
import { postgresSources, sqliteSources, type Source, type SourceBook } from '../../store/sources.ts';
import type { StoreOptions } from '../../store/index.ts';
import { json, oneLine, READ, rejectionLine, str, UsageError, timeoutOption, withReadsAndWriterTurns, type CommandContext, type Io } from '../io.ts';

/**
 * The store as the follower uses it. SQLite: reads through a read-only handle held for the round, and
 * each write (a source's ingest, its poll record) in a writer session of its own, one at a time — so
 * the writer lock is held while a source's news is stored, not while the network is waited on, and
 * `ingest`, `serve` and others get their turns during a round.
 */
export async function withTarget<T>(db: string, opts: StoreOptions, maxBytes: number, fn: (target: FollowTarget) => Promise<T>): Promise<T> {
  if (!isPostgresUrl(db)) {
    return withReadsAndWriterTurns(db, opts, (reader, writing) => {
      const reads = sqliteSources(reader.db);
      const book: SourceBook = {
        list: reads.list, due: reads.due, unseen: reads.unseen,
        add: (...a) => writing((store) => sqliteSources(store.db).add(...a)),
        remove: (...a) => writing((store) => sqliteSources(store.db).remove(...a)),
        record: (...a) => writing((store) => sqliteSources(store.db).record(...a)),
      };
      return fn({ book, ingest: groupedIngest((inputs) => writing((store) => ingestUploads(store, inputs, maxBytes))) });
    });
  }
  const store = await openPostgresStore(db, { access: opts.access, connections: 2 });
  try {
    return await fn({ book: postgresSources(store.pool), ingest: oneAtATime((inputs) => ingestUploadsIntoPostgres(db, inputs, maxBytes)) });
  } finally {
    await store.close();
  }
}

const withBook = <T>(db: string, opts: StoreOptions, fn: (book: SourceBook) => Promise<T>) => withTarget(db, opts, DEFAULT_MAX_BYTES, (t) => fn(t.book));

/** Sources as given on the command line: URLs as written, folders made absolute. */
function addresses(given: string[]): { address: string; kind: 'feed' | 'folder' }[] {
  return given.map((g) => {
    const kind = sourceKind(g);
    if (!kind) throw new UsageError(`${g} is neither an http(s) feed URL nor an existing folder`);
    return { address: kind === 'folder' ? resolve(g) : g, kind };
  });
}

/** `--every`, else the default of the source's kind. */
function interval(values: CommandContext['values']): (kind: 'feed' | 'folder') => number {
  const every = str(values.every);
  if (every === undefined) return (kind) => (kind === 'folder' ? FOLDER_INTERVAL_S : DEFAULT_INTERVAL_S);
  const s = parseDuration(every);
  if (s === null) throw new UsageError(`--every takes a duration such as 90s, 15m, 2h or 1d, got ${every}`);
  return () => s;
}

export async function sources({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  const [verb, ...args] = rest;
  if (verb === 'add') {
    if (!args.length) throw new UsageError('sources add takes feed URLs or folders');
    const everyS = interval(values);
    const wanted = addresses(args);
    const added = await withBook(dbFile, write, (book) => book.add(wanted.map((w) => ({ ...w, everyS: everyS(w.kind) })), new Date().toISOString()));
    for (const s of added) io.out(`added ${s.id}  ${s.kind}  ${s.address}\n`);
    const known = wanted.length - added.length;
    if (known) io.err(`${known} already followed\n`);
    return 0;
  }
  if (verb === 'remove') {
    if (!args.length) throw new UsageError('sources remove takes source ids or addresses');
    const removed = await withBook(dbFile, write, (book) => book.remove(args.map((a) => (sourceKind(a) === 'folder' ? resolve(a) : a))));
    io.err(`removed ${removed}\n`);
    return removed === args.length ? 0 : 1;
  }
  if (verb === 'import') {
    if (args.length !== 1) throw new UsageError('sources import takes one OPML file (- for standard input)');
    let feeds;
    try {
      feeds = readOpml(readFileSync(args[0] === '-' ? 0 : args[0]!, 'utf8'));
    } catch (e) {
      throw new UsageError(`${args[0]}: ${(e as Error).message}`);
    }
    const everyS = interval(values);
    const added = await withBook(dbFile, write, (book) => book.add(feeds.map((f) => ({ address: f.url, kind: 'feed' as const, everyS: everyS('feed') })), new Date().toISOString()));
    for (const s of added) io.out(`added ${s.id}  ${s.kind}  ${s.address}\n`);
    io.err(`${feeds.length} feeds in the OPML, ${added.length} added, ${feeds.length - added.length} already followed\n`);
    return 0;
  }
  if (verb === 'export') {
    const list = await withBook(dbFile, READ, (book) => book.list());
    io.out(writeOpml(list.filter((s) => s.kind === 'feed').map((s) => ({ url: s.address, title: s.title }))));
    return 0;
  }
  if (verb === 'list' || verb === undefined) {
    const list = await withBook(dbFile, READ, (book) => book.list());
    if (values.json) io.out(json(list));
    else for (const s of list) io.out(`${sourceLine(s)}\n`);
    return 0;
  }
  throw new UsageError(`sources takes add, list, remove, import or export, not ${verb}`);
}

/** One line a source: id, kind, state, interval, next poll, items, address (and the last error of a failing one). */
function sourceLine(s: Source): string {
  const state = s.failures ? `failing ×${s.failures}` : s.lastOk ? 'ok' : 'new';
  const every = s.everyS >= 3600 ? `${(s.everyS / 3600).toFixed(1)}h` : s.everyS >= 60 ? `${Math.round(s.everyS / 60)}m` : `${s.everyS}s`;
  return `${String(s.id).padStart(4)}  ${s.kind.padEnd(6)}  ${state.padEnd(11)}  every ${every.padEnd(5)}  next ${s.nextPoll.slice(0, 16).replace('T', ' ')}  ${String(s.items).padStart(6)} items  ${s.address}${s.lastError ? `\n      last error: ${oneLine(s.lastError)}` : ''}`;
}

/** What follow takes from the command line (serve --follow takes the same). */
export function followOptions(values: CommandContext['values']) {
  const maxBytes = Math.round(Number(str(values['max-size']) ?? 20) * 1024 * 1024);
  const timeoutMs = timeoutOption(values);
  const allowPrivate = values['allow-private'] === true;
  // One limit on requests per host for the whole run; sites' robots.txt kept for it (a day each), not fetched again every round.
  const limit = hostLimit(PER_HOST, IN_FLIGHT);
  return { allowPrivate, maxBytes, timeoutMs, limit, robots: robotsCheck({ allowPrivate, timeoutMs, limit }) };
}

export async function follow({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  const once = values.once === true;
  const everyS = interval(values);
  const opts = followOptions(values);
  const given = addresses(rest);
  let only: number[] | undefined;
  if (given.length) {
    await withBook(dbFile, write, async (book) => {
      await book.add(given.map((g) => ({ ...g, everyS: everyS(g.kind) })), new Date().toISOString());
      const all = await book.list();
      // With --once, the sources named are polled now whatever their schedule.
      if (once) only = all.filter((s) => given.some((g) => g.address === s.address)).map((s) => s.id);
    });
  }
  // --once without sources named: every source, due or not.
  if (once && !only) only = await withBook(dbFile, write, async (book) => (await book.list()).map((s) => s.id));
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const failedAny = await runFollower(dbFile, write, opts, io, { once, only, stopped: () => stop });
    return once && failedAny ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Rounds of polls as sources fall due, each followed by the webhook deliveries due, until `stopped`
 * (or one round with `once`). Gives whether a source failed.
 */
export async function runFollower(dbFile: string, write: StoreOptions, opts: ReturnType<typeof followOptions>, io: Io,
  run: { once: boolean; only?: number[]; stopped: () => boolean }): Promise<boolean> {
  let failedAny = false;
  do {
    const reports = await withTarget(dbFile, write, opts.maxBytes, (target) => pollDue(target, opts, run.once ? run.only : undefined));
    for (const r of reports) {
      // Running on, the log says what happened, not every quiet poll.
      if (run.once || r.outcome === 'new' || r.outcome === 'failed' || r.notes?.length) printReport(io, r);
      if (r.outcome === 'failed') failedAny = true;
    }
    // What the round changed may have raised alerts: their webhooks are called now (and retried as they fall due).
    printDeliveries(io, await withRevisionBook(dbFile, write, (book) => deliverDueAlerts(book, { allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs })));
    if (run.once) break;
    const next = await withBook(dbFile, READ, async (book) => (await book.list()).map((s) => Date.parse(s.nextPoll)).sort((a, b) => a - b)[0]);
    const wait = Math.min(60_000, Math.max(1000, (next ?? Date.now() + 60_000) - Date.now()));
    for (let waited = 0; waited < wait && !run.stopped(); waited += 250) await new Promise((r) => setTimeout(r, 250));
  } while (!run.stopped());
  return failedAny;
}

function printReport(io: Io, r: PollReport): void {
  for (const rej of r.rejected) io.err(rejectionLine(rej));
  for (const note of r.notes ?? []) io.err(`${r.source.address}: ${oneLine(note)}\n`);
  const what = r.outcome === 'failed' ? `failed: ${oneLine(r.error ?? '')} (failure ${r.source.failures + 1} in a row)`
    : r.outcome === 'not-modified' ? 'not modified'
      : r.outcome === 'unchanged' ? 'nothing new'
        : `ingested ${r.ingested}, duplicates ${r.duplicates}`;
  io.err(`${r.source.address}: ${what}; next poll ${r.nextPoll.slice(0, 19).replace('T', ' ')}Z\n`);
}
