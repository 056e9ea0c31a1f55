/**
 * Fetching for the follower, as a good citizen of the web. Takes a URL and what the last answer said
 * (its ETag and Last-Modified); gives the body, "not modified", or a failure with its reason and, for
 * 429 and 503, how long the server asked us to wait.
 *
 * - only http(s); at most 5 redirects, each one checked again;
 * - addresses in private, loopback, link-local and other special ranges are refused (unless
 *   `allowPrivate`): the check is made on the address the name resolves to, at connect time, so a
 *   name that resolves somewhere else on the second lookup cannot slip past it;
 * - conditional GET (If-None-Match, If-Modified-Since); gzip, deflate and brotli;
 * - a deadline for the whole exchange (a body that never ends is cut), a size limit on the body as
 *   inflated, a User-Agent naming Storyline.
 *
 * Written on node:http rather than fetch: fetch gives no hook to vet the resolved address before it
 * connects, and a redirect must be vetted hop by hop.
 */
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { inflateEither } from '../read/decode.ts';
import type { Readable } from 'node:stream';

export const USER_AGENT = 'Storyline/0.1 (news story follower; +https://github.com/storyline)';
export const MAX_REDIRECTS = 5;

export interface FetchOptions {
  /** ETag and Last-Modified of the last good answer, sent back so an unchanged resource costs nothing. */
  etag?: string | null;
  lastModified?: string | null;
  /** Allow private, loopback and link-local addresses (a local test server, an intranet feed). */
  allowPrivate?: boolean;
  /** For the whole exchange, redirects included (default 30 s). */
  timeoutMs?: number;
  /** Of the body as inflated (default 20 MB). */
  maxBytes?: number;
  accept?: string;
  /** POST this body (a webhook) instead of a GET; a POST is not followed through redirects. */
  post?: { body: Uint8Array; headers: Record<string, string> };
}

export type FetchOutcome =
  | { kind: 'ok'; url: string; status: number; body: Uint8Array; contentType: string | null; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified'; url: string }
  | { kind: 'failed'; url: string; reason: string; status?: number; retryAfterMs?: number };

const special = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) special.addSubnet(net, bits, 'ipv4');
const special6 = new BlockList();
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32], ['100::', 64]] as const) special6.addSubnet(net, bits, 'ipv6');

/** True for an address no public feed lives at: private, loopback, link-local, multicast, reserved. */
export function isPrivateAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4mapped) return special.check(v4mapped, 'ipv4');
  const family = isIP(address);
  if (family === 4) return special.check(address, 'ipv4');
  if (family === 6) {
    // IPv4-mapped in hex form (::ffff:7f00:1): BlockList reads it as its IPv4 address.
    if (/^::ffff:/i.test(address)) return special.check(address, 'ipv6');
    return special6.check(address, 'ipv6');
  }
  return true; // not an address at all: refuse
}

class Refused extends Error {}

/** dns.lookup, refusing any address in a special range. */
const vettedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: false }, (err, address, family) => {
    if (err) return callback(err, '', 0);
    if (isPrivateAddress(String(address))) return callback(new Refused(`${hostname} resolves to ${address}, a private or reserved address (--allow-private allows it)`), '', 0);
    callback(null, address as string, family);
  });
};

/** GET a URL politely; never throws for what the network or the server does. */
export async function politeGet(start: string, opts: FetchOptions = {}): Promise<FetchOutcome> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let url = start;
  const seen: string[] = [];
  for (let hop = 0; ; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { kind: 'failed', url, reason: `not a URL: ${url}` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { kind: 'failed', url, reason: `only http and https are fetched, not ${parsed.protocol.replace(/:$/, '')}` };
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    // A literal address is never looked up: vet it here.
    if (isIP(host) && !opts.allowPrivate && isPrivateAddress(host)) return { kind: 'failed', url, reason: `${host} is a private or reserved address (--allow-private allows it)` };
    const answer = await exchange(parsed, opts, hop === 0, deadline);
    if (answer.kind !== 'redirect') return answer;
    if (opts.post) return { kind: 'failed', url, reason: `redirected to ${answer.location} (a POST is not followed through redirects)` };
    seen.push(url);
    if (hop + 1 > MAX_REDIRECTS) return { kind: 'failed', url: start, reason: `more than ${MAX_REDIRECTS} redirects (${[...seen, answer.location].join(' → ')})` };
    url = answer.location;
  }
}

type Exchange = FetchOutcome | { kind: 'redirect'; location: string };

function exchange(url: URL, opts: FetchOptions, first: boolean, deadline: number): Promise<Exchange> {
  const href = url.toString();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (o: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(o);
    };
    const headers: Record<string, string> = {
      ...opts.post?.headers,
      'user-agent': USER_AGENT,
      accept: opts.accept ?? 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    };
    // Validators belong to the URL they were given for, not to where a redirect leads.
    if (first && opts.etag) headers['if-none-match'] = opts.etag;
    if (first && opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const agent = url.protocol === 'https:' ? https : http;
    if (opts.post) headers['content-length'] = String(opts.post.body.length);
    // A connection of its own (agent: false): a pooled keep-alive socket that the server closed while this
    // thread was busy storing (its idle timeout is often 5 s) fails the next request with ECONNRESET.
    const req = agent.request(url, { agent: false, method: opts.post ? 'POST' : 'GET', headers, lookup: opts.allowPrivate ? undefined : vettedLookup }, (res) => {
      const status = res.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status)) {
        const location = res.headers.location;
        if (!location) return finish({ kind: 'failed', url: href, status, reason: `HTTP ${status} without a Location` });
        return finish({ kind: 'redirect', location: new URL(location, url).toString() });
      }
      if (status === 304) return finish({ kind: 'not-modified', url: href });
      if (status < 200 || status >= 300) {
        const retryAfterMs = status === 429 || status === 503 ? retryAfter(res.headers['retry-after']) : undefined;
        return finish({ kind: 'failed', url: href, status, reason: `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
      }
      const limit = opts.maxBytes ?? 20 * 1024 * 1024;
      let body: Readable = res;
      const coding = String(res.headers['content-encoding'] ?? '').toLowerCase().trim();
      if (coding === 'gzip' || coding === 'x-gzip') body = res.pipe(createGunzip());
      else if (coding === 'br') body = res.pipe(createBrotliDecompress());
      // deflate: gathered as sent (within the limit) and inflated at the end, once its wrapping is known.
      else if (coding && coding !== 'identity' && coding !== 'deflate') return finish({ kind: 'failed', url: href, status, reason: `a content encoding this reader does not know (${coding})` });
      const declared = Number(res.headers['content-length']);
      if (!coding && Number.isFinite(declared) && declared > limit) return finish({ kind: 'failed', url: href, status, reason: `the body is ${declared} bytes, over the limit of ${limit}` });
      const parts: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) return finish({ kind: 'failed', url: href, status, reason: `the body is over the limit of ${limit} bytes` });
        parts.push(chunk);
      });
      body.on('error', (e) => finish({ kind: 'failed', url: href, status, reason: `the body could not be read (${e.message})` }));
      body.on('end', () => {
        let bytes: Buffer = Buffer.concat(parts);
        if (coding === 'deflate') {
          try {
            bytes = inflateEither(bytes, limit);
          } catch (e) {
            const over = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
            return finish({ kind: 'failed', url: href, status, reason: over ? `the body is over the limit of ${limit} bytes` : 'the deflated body could not be read' });
          }
        }
        finish({ kind: 'ok', url: href, status, body: bytes, contentType: res.headers['content-type'] ?? null, etag: headerOf(res.headers.etag), lastModified: headerOf(res.headers['last-modified']) });
      });
    });
    const timer = setTimeout(() => finish({ kind: 'failed', url: href, reason: `no complete answer within ${Math.round((opts.timeoutMs ?? 30_000) / 1000)} s` }), Math.max(0, deadline - Date.now()));
    req.on('error', (e) => finish({ kind: 'failed', url: href, reason: e instanceof Refused ? e.message : `could not fetch (${(e as NodeJS.ErrnoException).code ?? e.message})` }));
    req.end(opts.post ? Buffer.from(opts.post.body) : undefined);
  });
}

const headerOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/** Retry-After: seconds, or an HTTP date; in milliseconds from now. */
export function retryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = headerOf(value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
