/**
 * What every command of the CLI shares: where output goes, how a store is opened and closed, how
 * arguments are checked, and the one-line formats of what is reported (rejected inputs, notes,
 * stories not analyzed). An edge: no text work here.
 */
import { openStore, type Store, type StoreOptions } from '../store/index.ts';
import { toStoreError } from '../store/store-error.ts';
import { sqliteReader, type StoreReader } from '../store/contract.ts';
import { openPostgresStore, toPostgresStoreError } from '../store/postgres/index.ts';
import { isPostgresUrl } from '../store/postgres/pool.ts';
import type { Rejection } from '../records.ts';
import { DEFAULT_WORDS } from '../brief/index.ts';
import { defaultWorkers } from '../ingest/pool.ts';
import { turns } from '../follow/limit.ts';
import { parseDuration } from '../app/follow.ts';

export class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stderrIsTTY: boolean;
}

/** What a command gets: its positional arguments, the parsed options, the store file and how long a writer waits. */
export interface CommandContext {
  rest: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  dbFile: string;
  write: StoreOptions;
  io: Io;
}

export type Command = (ctx: CommandContext) => number | Promise<number>;

export const READ: StoreOptions = { access: 'read' };

export const str = (v: string | boolean | string[] | undefined): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) ? v.at(-1) : undefined);
/** Every value of an option that may be given more than once. */
export const strs = (v: string | boolean | string[] | undefined): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : []);

/** `--timeout`, a duration, in milliseconds (undefined when not given). */
export function timeoutOption(values: CommandContext['values']): number | undefined {
  const timeout = str(values.timeout);
  if (timeout === undefined) return undefined;
  const seconds = parseDuration(timeout);
  if (seconds === null) throw new UsageError(`--timeout takes a duration such as 30s, got ${timeout}`);
  return seconds * 1000;
}

/**
 * Open the store, run fn, close the store whatever happens. What SQLite refuses on the way (a full
 * disk, a damaged file, another writer) comes out as a StoreError.
 */
export function withStore<T>(file: string, opts: StoreOptions, fn: (store: Store) => T): T {
  const store = openStore(file, opts);
  const failed = (e: unknown) => {
    const error = toStoreError(file, e) ?? e;
    closeAfter(store, file, e);
    return error;
  };
  let result: T;
  try {
    result = fn(store);
  } catch (e) {
    throw failed(e);
  }
  // Work that waits on worker threads gives a promise: the store is closed when it settles.
  if (result instanceof Promise) {
    return result.then((value: unknown) => {
      closeAfter(store, file, null);
      return value;
    }, (e: unknown) => {
      throw failed(e);
    }) as T;
  }
  closeAfter(store, file, null);
  return result;
}

/**
 * Short writer sessions on one SQLite store, one at a time: each call opens the store as the writer,
 * runs its work and closes it. For long-running commands (follow, webhook delivery) that wait on the
 * network between writes: the writer lock is held for the writing only, so other writers get turns.
 */
export function writerTurns(file: string, opts: StoreOptions): <R>(work: (store: Store) => Promise<R>) => Promise<R> {
  const next = turns();
  return (work) => next(() => withStore(file, opts, work));
}

/**
 * A long-running command's hold on a SQLite store: a read-only handle for its reads (the store made
 * ready by a writer first: the handle needs the current schema) and writer turns for its writes.
 */
export async function withReadsAndWriterTurns<T>(file: string, opts: StoreOptions,
  fn: (reader: Store, writing: ReturnType<typeof writerTurns>) => Promise<T>): Promise<T> {
  withStore(file, opts, () => undefined);
  const reader = openStore(file, { access: 'read' });
  try {
    return await fn(reader, writerTurns(file, opts));
  } finally {
    reader.close();
  }
}

function closeAfter(store: Store, file: string, failure: unknown): void {
  try {
    store.close();
  } catch (e) {
    // A failure to close after the run failed is the same failure; after a good run it is its own.
    if (failure === null) throw toStoreError(file, e) ?? e;
  }
}

/**
 * Open the store for reading (never writing, never migrating), run fn against it, close it. Every read
 * command goes through here, whatever the store's backend.
 */
export async function withReader<T>(db: string, fn: (reader: StoreReader) => Promise<T>): Promise<T> {
  if (!isPostgresUrl(db)) return withStore(db, READ, (store) => fn(sqliteReader(store)));
  const store = await openPostgresStore(db, { access: 'read', connections: 2 });
  try {
    return await fn(store.reader);
  } catch (e) {
    throw toPostgresStoreError(db, e);
  } finally {
    await store.close();
  }
}

/** `--workers N`: worker threads for the per-file and per-story work; by default one per core but the writer's. */
export function workersOption(text: string | undefined): number {
  if (text === undefined) return defaultWorkers();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers must be a whole number from 1 to 256, got ${text}`);
  return n;
}

export function noArguments(name: string, rest: string[]): void {
  if (rest.length) throw new UsageError(`${name} takes no arguments, got ${rest.join(' ')}`);
}

/** `--floor`, a number, or null when not given. */
export function parseFloor(text: string | undefined): number | null {
  if (text === undefined) return null;
  const floor = Number(text);
  if (!Number.isFinite(floor)) throw new UsageError(`--floor must be a number, got ${text}`);
  return floor;
}

/** A whole number option (`--page`, `--limit`), or undefined when not given. */
export function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number from 1, got ${text}`);
  return n;
}

export type BriefFormat = 'md' | 'html' | 'json';

export function briefOptions(format: string | undefined, words: string | undefined): { format: BriefFormat; words: number } {
  const f = format ?? 'md';
  if (f !== 'md' && f !== 'html' && f !== 'json') throw new UsageError(`--format must be md, html or json, got ${f}`);
  const n = words === undefined ? DEFAULT_WORDS : Number(words);
  if (!Number.isInteger(n) || n < 20) throw new UsageError(`--words must be a whole number of at least 20, got ${words}`);
  return { format: f, words: n };
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A JSON array as `json` prints it, given out one element at a time: a whole store's briefs can be more
 * text than one string may hold.
 */
export function* jsonArray(items: unknown[]): Generator<string> {
  if (!items.length) {
    yield '[]\n';
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const element = JSON.stringify(items[i], null, 2).replace(/\n/g, '\n  ');
    yield `${i === 0 ? '[\n' : ''}  ${element}${i < items.length - 1 ? ',\n' : '\n]\n'}`;
  }
}

/** How an input is reported (`rejected`, or a `note` that lost nothing): one line, its path and the reason. */
export const inputLine = (kind: 'rejected' | 'note', r: Rejection) => `${kind} ${oneLine(r.path)}: ${oneLine(r.reason)}\n`;
export const rejectionLine = (r: Rejection) => inputLine('rejected', r);
/** A lost connection to PostgreSQL (a restart): the work goes on when it answers again. */
export const retryLine = (e: unknown) => `PostgreSQL did not answer (${oneLine(String((e as Error)?.message ?? e))}); retrying\n`;
export const analysisFailureLine = (storyId: string, reason: string) => `story ${storyId} not analyzed: ${oneLine(reason)}\n`;

/**
 * A file name or reason as one printable line: control characters (a newline, CR, ESC in a name) are
 * shown escaped, so one message is one line and a name cannot send escape sequences to the terminal.
 */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Progress goes to a terminal only, and only once a run is long enough to need it. */
export function makeProgress(io: Io) {
  const MIN_FILES = 200;
  let shown = false;
  let last = 0;
  return {
    update(p: { files: number; ingested: number; duplicates: number; rejected: number }) {
      if (!io.stderrIsTTY || p.files < MIN_FILES) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.err(`\r${p.files} files read — ingested ${p.ingested}, duplicates ${p.duplicates}, rejected ${p.rejected}`);
    },
    clear() {
      if (shown) io.err('\r\x1b[K');
      shown = false;
    },
  };
}
