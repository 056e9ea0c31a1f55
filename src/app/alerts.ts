/**
 * Application layer: watchlists and the delivery of their alerts. Takes the store's book of revisions
 * (watchlists, alerts); adds and removes watchlists, and POSTs each alert due to its watchlist's
 * webhook: JSON, signed with the watchlist's secret (HMAC-SHA256 over the timestamp and the body),
 * with an idempotency key that stays the same on every attempt, retried with exponential backoff until
 * the receiver answers 2xx or MAX_ATTEMPTS have failed. At least once: an attempt whose answer is lost
 * is made again, and the receiver drops the repeat by its key.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { politeGet } from '../follow/fetch.ts';
import { idempotencyKey, watchQuery, type WatchQuery } from '../brief/watch.ts';
import { presentAlert } from './present.ts';
import { notFound } from './errors.ts';
import type { RevisionBook, Watchlist } from '../store/revisions.ts';

export const MAX_ATTEMPTS = 12;
/** The first retry waits this long; each next one twice as long, up to MAX_RETRY_S. */
export const FIRST_RETRY_S = 30;
export const MAX_RETRY_S = 6 * 3600;
/** Alerts delivered in one round (the rest wait for the next). */
export const DELIVERY_BATCH = 50;

/** A watchlist by id or name. */
export function findWatchlist(list: Watchlist[], which: string): Watchlist {
  const w = list.find((x) => String(x.id) === which || x.name === which);
  if (!w) throw notFound('watchlist', which);
  return w;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: a receiver recomputes it with the shared secret and checks the time is recent. */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

export const newSecret = () => randomBytes(24).toString('base64url');

export async function addWatchlist(book: RevisionBook, input: { name?: string; query: Partial<WatchQuery>; webhookUrl?: string; secret?: string }, now = new Date()): Promise<Watchlist> {
  const query = watchQuery(input.query);
  if (input.webhookUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(input.webhookUrl)) throw new Error(`a webhook is an http(s) URL, not ${input.webhookUrl}`);
  const name = (input.name ?? [...query.terms, ...query.outlets.map((o) => `outlet:${o}`), ...query.languages.map((l) => `lang:${l}`)].join(' ')).trim();
  if (!name) throw new Error('a watchlist needs a name');
  if ((await book.watchlists()).some((w) => w.name === name)) throw new Error(`a watchlist is already called ${name}`);
  const webhook = input.webhookUrl ? { url: input.webhookUrl, secret: input.secret ?? newSecret() } : null;
  return book.addWatchlist(name, query, webhook, now.toISOString());
}

export interface DeliveryReport {
  delivered: number;
  failed: { alert: number; error: string; nextAttempt: string | null }[];
}

/** POST every alert due now to its webhook, once each, in order. */
export async function deliverDueAlerts(book: RevisionBook, opts: { allowPrivate?: boolean; timeoutMs?: number; now?: () => Date } = {}): Promise<DeliveryReport> {
  const now = opts.now ?? (() => new Date());
  const due = await book.dueDeliveries(now().toISOString(), DELIVERY_BATCH);
  const names = new Map((await book.watchlists()).map((w) => [w.id, w]));
  const report: DeliveryReport = { delivered: 0, failed: [] };
  for (const a of due) {
    const body = JSON.stringify(presentAlert(a, names.get(a.watchlistId) ?? { id: a.watchlistId, name: String(a.watchlistId) }));
    const t = Math.floor(now().getTime() / 1000);
    const answer = await politeGet(a.webhook.url, {
      allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs ?? 10_000, maxBytes: 64 * 1024, accept: '*/*',
      post: { body: Buffer.from(body), headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey(a), 'x-storyline-signature': signBody(a.webhook.secret, body, t) } },
    });
    const at = now();
    if (answer.kind === 'ok') {
      await book.attempted(a.id, { deliveredAt: at.toISOString() });
      report.delivered++;
      continue;
    }
    const error = answer.kind === 'failed' ? answer.reason : 'HTTP 304';
    const attempts = a.attempts + 1;
    // A receiver's Retry-After (429, 503) is its own word on when to come back; else the backoff doubles.
    const retryAfterMs = answer.kind === 'failed' ? answer.retryAfterMs : undefined;
    const waitS = retryAfterMs !== undefined ? Math.min(MAX_RETRY_S, Math.ceil(retryAfterMs / 1000)) : Math.min(MAX_RETRY_S, FIRST_RETRY_S * 2 ** (attempts - 1));
    const nextAttempt = attempts >= MAX_ATTEMPTS ? null : new Date(at.getTime() + waitS * 1000).toISOString();
    await book.attempted(a.id, { error: nextAttempt ? error : `${error}; gave up after ${attempts} attempts`, nextAttempt });
    report.failed.push({ alert: a.id, error, nextAttempt });
  }
  return report;
}
