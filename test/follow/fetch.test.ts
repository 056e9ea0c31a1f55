// The follower's fetcher against a real HTTP server on 127.0.0.1: conditional GET, compressed bodies,
// redirects and their limit, size and time limits, 429/503 with Retry-After, other failures, and the
// refusal of private addresses (which the tests then allow, as `--allow-private` does).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { isPrivateAddress, politeGet, retryAfter, USER_AGENT } from '../../src/follow/fetch.ts';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Radio</title><item><title>Pier reopens</title></item></channel></rss>';
const seen: { path: string; ua: string | undefined; inm: string | undefined; ims: string | undefined }[] = [];
let base = '';

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/feed': (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }).end(FEED);
  },
  '/gzip': (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(FEED)),
  '/br': (_req, res) => void res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(FEED)),
  '/deflate': (_req, res) => void res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync(FEED)),
  '/hop1': (_req, res) => void res.writeHead(301, { location: '/hop2' }).end(),
  '/hop2': (_req, res) => void res.writeHead(302, { location: `${base}/feed` }).end(),
  '/loop': (_req, res) => void res.writeHead(302, { location: '/loop' }).end(),
  '/to-file': (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/big': (_req, res) => void res.writeHead(200, { 'content-length': String(5000) }).end('x'.repeat(5000)),
  '/big-chunked': (_req, res) => {
    res.writeHead(200);
    for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
    res.end();
  },
  '/bomb': (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(10_000_000))),
  '/endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const t = setInterval(() => res.write('<p>more</p>'), 50);
    res.on('close', () => clearInterval(t));
  },
  '/busy': (_req, res) => void res.writeHead(429, { 'retry-after': '120' }).end(),
  '/down': (_req, res) => void res.writeHead(503, { 'retry-after': 'Wed, 02 Dec 2026 12:00:00 GMT' }).end(),
  '/broken': (_req, res) => void res.writeHead(500).end('oops'),
};

const server = createServer((req, res) => {
  seen.push({ path: req.url!, ua: req.headers['user-agent'], inm: req.headers['if-none-match'] as string | undefined, ims: req.headers['if-modified-since'] as string | undefined });
  (routes[req.url!] ?? ((_q, r) => void r.writeHead(404).end()))(req, res);
});

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const get = (path: string, opts: Parameters<typeof politeGet>[1] = {}) => politeGet(`${base}${path}`, { allowPrivate: true, ...opts });

test('a feed is fetched with a User-Agent naming Storyline; given its ETag back, the server answers 304 and nothing is fetched', async () => {
  const first = await get('/feed');
  assert.equal(first.kind, 'ok');
  if (first.kind !== 'ok') return;
  assert.equal(Buffer.from(first.body).toString(), FEED);
  assert.equal(first.etag, '"v1"');
  assert.equal(first.lastModified, 'Tue, 01 Dec 2026 10:00:00 GMT');
  assert.match(seen.at(-1)!.ua!, /^Storyline\//);
  assert.equal(seen.at(-1)!.ua, USER_AGENT);
  const again = await get('/feed', { etag: first.etag, lastModified: first.lastModified });
  assert.deepEqual(again, { kind: 'not-modified', url: `${base}/feed` });
  assert.equal(seen.at(-1)!.inm, '"v1"');
  assert.equal(seen.at(-1)!.ims, 'Tue, 01 Dec 2026 10:00:00 GMT');
});

test('gzip, brotli and (raw) deflate bodies come out as sent', async () => {
  for (const path of ['/gzip', '/br', '/deflate']) {
    const r = await get(path);
    assert.equal(r.kind === 'ok' && Buffer.from(r.body).toString(), FEED, path);
  }
});

test('redirects are followed (the final URL reported); a loop stops after 5; a redirect off http(s) is refused', async () => {
  const r = await get('/hop1');
  assert.equal(r.kind, 'ok');
  assert.equal(r.url, `${base}/feed`);
  const loop = await get('/loop');
  assert.equal(loop.kind, 'failed');
  assert.match(loop.kind === 'failed' ? loop.reason : '', /^more than 5 redirects \(.*\/loop → .*\/loop/);
  const file = await get('/to-file');
  assert.deepEqual(file, { kind: 'failed', url: 'file:///etc/passwd', reason: 'only http and https are fetched, not file' });
});

test('a body over the size limit is refused, declared or not, compressed or not; a body that never ends is cut at the deadline', async () => {
  for (const path of ['/big', '/big-chunked', '/bomb']) {
    const r = await get(path, { maxBytes: 4096 });
    assert.equal(r.kind, 'failed', path);
    assert.match(r.kind === 'failed' ? r.reason : '', /over the limit of 4096/, path);
  }
  const started = Date.now();
  const endless = await get('/endless', { timeoutMs: 600 });
  assert.equal(endless.kind, 'failed');
  assert.match(endless.kind === 'failed' ? endless.reason : '', /no complete answer within 1 s/);
  assert.ok(Date.now() - started < 10_000, 'the deadline holds');
});

test('429 and 503 say how long to wait (Retry-After in seconds or as a date); a 500 is a failure with its status', async () => {
  const busy = await get('/busy');
  assert.equal(busy.kind === 'failed' && busy.retryAfterMs, 120_000);
  assert.equal(busy.kind === 'failed' && busy.status, 429);
  const down = await get('/down');
  assert.equal(down.kind === 'failed' && down.status, 503);
  assert.equal(typeof (down.kind === 'failed' && down.retryAfterMs), 'number');
  assert.equal(retryAfter('Wed, 02 Dec 2026 12:00:00 GMT', Date.parse('2026-12-02T11:59:00Z')), 60_000);
  const broken = await get('/broken');
  assert.deepEqual(broken.kind === 'failed' && [broken.status, broken.reason], [500, 'HTTP 500 Internal Server Error']);
});

test('private and loopback addresses are refused unless allowed, by literal address and by name', async () => {
  const before = seen.length;
  const literal = await politeGet(`${base}/feed`);
  assert.equal(literal.kind, 'failed');
  assert.match(literal.kind === 'failed' ? literal.reason : '', /^127\.0\.0\.1 is a private or reserved address \(--allow-private allows it\)$/);
  const byName = await politeGet(`${base.replace('127.0.0.1', 'localhost')}/feed`);
  assert.equal(byName.kind, 'failed');
  assert.match(byName.kind === 'failed' ? byName.reason : '', /^localhost resolves to (127\.0\.0\.1|::1), a private or reserved address/);
  assert.equal(seen.length, before, 'nothing reached the server');
});

test('which addresses are private or reserved', () => {
  for (const a of ['10.1.2.3', '127.0.0.1', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', 'not-an-address']) {
    assert.equal(isPrivateAddress(a), true, a);
  }
  for (const a of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(a), false, a);
});
