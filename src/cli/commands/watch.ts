/**
 * `storyline watch add|list|remove|alerts|feed|deliver`: saved queries over the stories, the alerts
 * they raise as stories appear and change, each watchlist's alerts as an Atom feed, and the delivery
 * of alerts to webhooks (which `follow` also does after each round of polls).
 */
import { addWatchlist, deliverDueAlerts, findWatchlist } from '../../app/alerts.ts';
import { presentAlert, presentWatchlist } from '../../app/present.ts';
import { notFound } from '../../app/errors.ts';
import { renderAlertFeed } from '../../render/atom.ts';
import { openPostgresStore } from '../../store/postgres/index.ts';
import { isPostgresUrl } from '../../store/postgres/pool.ts';
import { postgresRevisions, sqliteRevisions, type RevisionBook, type Watchlist } from '../../store/revisions.ts';
import type { StoreOptions } from '../../store/index.ts';
import { json, READ, str, strs, timeoutOption, UsageError, withReadsAndWriterTurns, withStore, type CommandContext, type Io } from '../io.ts';

/** The book of revisions and watchlists; on SQLite, written in short writer sessions (deliveries wait on the network). */
export async function withRevisionBook<T>(db: string, opts: StoreOptions, fn: (book: RevisionBook) => Promise<T>): Promise<T> {
  if (!isPostgresUrl(db) && opts.access !== 'write') return withStore(db, opts, (store) => fn(sqliteRevisions(store.db)));
  if (!isPostgresUrl(db)) {
    return withReadsAndWriterTurns(db, opts, (reader, writing) => fn({
      ...sqliteRevisions(reader.db),
      record: (...a) => writing((store) => sqliteRevisions(store.db).record(...a)),
      addWatchlist: (...a) => writing((store) => sqliteRevisions(store.db).addWatchlist(...a)),
      removeWatchlist: (...a) => writing((store) => sqliteRevisions(store.db).removeWatchlist(...a)),
      attempted: (...a) => writing((store) => sqliteRevisions(store.db).attempted(...a)),
    }));
  }
  const store = await openPostgresStore(db, { access: opts.access, connections: 2 });
  try {
    return await fn(postgresRevisions(store.pool));
  } finally {
    await store.close();
  }
}


function watchLine(w: Watchlist): string {
  const q = w.query;
  const parts = [...q.terms.map((t) => JSON.stringify(t)), ...q.outlets.map((o) => `--outlet ${JSON.stringify(o)}`), ...q.languages.map((l) => `--lang ${l}`), `--min-outlets ${q.minOutlets}`];
  return `${String(w.id).padStart(4)}  ${w.name}  ${parts.join(' ')}${w.webhook ? `  → ${w.webhook.url}` : ''}`;
}


export function printDeliveries(io: Io, r: Awaited<ReturnType<typeof deliverDueAlerts>>): void {
  for (const f of r.failed) io.err(`alert ${f.alert}: delivery failed: ${f.error}; ${f.nextAttempt ? `next attempt ${f.nextAttempt.slice(0, 19).replace('T', ' ')}Z` : 'given up'}\n`);
  if (r.delivered) io.err(`delivered ${r.delivered} alert${r.delivered === 1 ? '' : 's'}\n`);
}

export async function watch({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  const [verb, ...args] = rest;
  if (verb === 'add') {
    const minText = str(values['min-outlets']);
    const minOutlets = minText === undefined ? undefined : Number(minText);
    const webhookUrl = str(values.webhook);
    const secret = str(values.secret);
    if (secret !== undefined && webhookUrl === undefined) throw new UsageError('--secret goes with --webhook');
    const w = await withRevisionBook(dbFile, write, async (book) => {
      try {
        return await addWatchlist(book, { name: str(values.name), query: { terms: args, outlets: strs(values.outlet), languages: strs(values.lang), minOutlets }, webhookUrl, secret });
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    });
    io.out(`${watchLine(w)}\n`);
    if (w.webhook && secret === undefined) io.err(`webhook secret (shown once; the receiver checks X-Storyline-Signature with it): ${w.webhook.secret}\n`);
    return 0;
  }
  if (verb === 'list' || verb === undefined) {
    const list = await withRevisionBook(dbFile, READ, (book) => book.watchlists());
    if (values.json) io.out(json(list.map(presentWatchlist)));
    else for (const w of list) io.out(`${watchLine(w)}\n`);
    return 0;
  }
  if (verb === 'remove') {
    if (args.length !== 1) throw new UsageError('watch remove takes one watchlist id or name');
    const removed = await withRevisionBook(dbFile, write, (book) => book.removeWatchlist(args[0]!));
    if (!removed) throw notFound('watchlist', args[0]!);
    io.err('removed 1\n');
    return 0;
  }
  if (verb === 'alerts' || verb === 'feed') {
    if (args.length !== 1) throw new UsageError(`watch ${verb} takes one watchlist id or name`);
    const limit = Number(str(values.limit) ?? 50);
    return withRevisionBook(dbFile, READ, async (book) => {
      const w = findWatchlist(await book.watchlists(), args[0]!);
      const alerts = await book.alerts(w.id, limit);
      if (verb === 'feed') io.out(renderAlertFeed(w, alerts, str(values.host) ?? 'http://127.0.0.1:4173'));
      else if (values.json) io.out(json(alerts.map((a) => ({ ...presentAlert(a, w), delivery: { attempts: a.attempts, deliveredAt: a.deliveredAt, nextAttempt: a.nextAttempt, lastError: a.lastError } }))));
      else {
        for (const a of alerts) {
          const p = presentAlert(a, w);
          const state = !w.webhook ? '' : a.deliveredAt ? '  delivered' : a.nextAttempt ? `  pending (${a.attempts} attempts${a.lastError ? `; ${a.lastError}` : ''})` : `  failed: ${a.lastError ?? ''}`;
          io.out(`${a.at.slice(0, 16).replace('T', ' ')}  ${p.kind === 'new-match' ? 'new    ' : 'changed'}  ${a.storyId}  ${a.headline ?? ''}${state}\n${p.changes.map((c) => `    ${c.text}\n`).join('')}`);
        }
      }
      return 0;
    });
  }
  if (verb === 'deliver') {
    const report = await withRevisionBook(dbFile, write, (book) => deliverDueAlerts(book, { allowPrivate: values['allow-private'] === true, timeoutMs: timeoutOption(values) }));
    printDeliveries(io, report);
    return report.failed.length ? 1 : 0;
  }
  throw new UsageError(`watch takes add, list, remove, alerts, feed or deliver, not ${verb}`);
}
