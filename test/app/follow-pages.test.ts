// The follower beyond feeds that carry their articles, with the real CLI against a server on
// 127.0.0.1: a feed of teasers has its linked pages fetched and read (robots.txt honoured, a disallowed
// page's summary kept and said), a news sitemap's articles are fetched likewise, and a redirect loop,
// an oversized body, a body that never ends and a timeout are each reported for their own source while
// the others go on — the timed-out one recovering at the next poll. No more than two requests are ever
// in flight to the one host.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { cliLive, tempDir } from '../cli/run-cli.ts';

/** Fictional reports, each its own (not near copies of one another), long enough to be articles. */
const REPORTS = [
  'Workers on the Ostrava line laid the last rail between Pellow and Carrick Down on Thursday, the regional rail office said. The stretch took eleven months to build. Engineer Talia Brenn said the crews had worked through two floods and a frozen spring. "Every metre was argued for," she said. Test trains will run from next month.',
  'The town council of Mirefield voted to close the old tannery bridge to lorries after inspectors found rust in its main beams. Mayor Odile Franck said buses could still cross at walking pace. Hauliers will be sent round by the ring road, which adds nine minutes to the trip. Repairs are planned for the summer holidays.',
  'A storm knocked out power to four thousand homes in the hill villages above Lanmorer overnight, and crews were still working on Friday morning. The grid operator blamed a fallen pylon near Cray Top. Schools in two villages stayed shut. "We hope to reconnect everyone by the evening," a spokesman said.',
  'Fishermen in Port Selby landed the largest herring catch in a decade this week, the harbour master reported. Prices at the morning auction fell by a third as buyers struggled to keep up. The cooperative plans to freeze part of the catch. Older crews said they had not seen shoals so close to shore since the eighties.',
  'The Vellan Museum reopened its west wing on Saturday after a four-year restoration of the painted ceiling. Curator Bastian Roe said volunteers had cleaned nearly two hundred panels by hand. Entry will be free for the first month. Queues stretched around the square within an hour of the doors opening.',
  'Students at Harrow Vale college walked out of lectures on Monday over a planned rise in rents at the campus halls. The union said nine hundred took part. The college said the rise covered heating costs and would be reviewed in the spring. Talks between the two sides are set for next week.',
];
function articleText(n: number): string {
  return `${REPORTS[n - 1]} Page marker P${n}Q.`;
}
const page = (n: number) => `<!doctype html><html><head><title>Section ${n} of the Ostrava line is laid</title>
<meta property="og:site_name" content="Rail Ledger"><meta property="article:published_time" content="2031-06-0${n}T08:00:00Z"></head>
<body><nav>Home · Rail · Weather</nav><article><h1>Section ${n} of the Ostrava line is laid</h1>${articleText(n).split(/(?<=\.) /).map((s) => `<p>${s}</p>`).join('')}</article>
<footer>© Rail Ledger</footer></body></html>`;

let base = '';
const teaser = (n: number, path: string) => `<item><title>Section ${n} laid</title><link>${base}${path}</link><guid>${base}${path}</guid>`
  + `<pubDate>Thu, 0${n} Jun 2031 08:00:00 GMT</pubDate><description>The last rail of section ${n} is down.</description></item>`;
let inFlight = 0;
let maxInFlight = 0;
const robotsFetches: number[] = [];
let slowFirst = true;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const path = req.url!;
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  // Done when sent whole, or when the client cut it (an endless or oversized body).
  let done = false;
  const end = () => {
    if (!done) inFlight--;
    done = true;
  };
  res.on('finish', end);
  res.on('close', end);
  setTimeout(() => {
    if (path === '/robots.txt') {
      robotsFetches.push(Date.now());
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /articles/private/\n\nUser-agent: OtherBot\nDisallow: /\n');
    }
    const n = /^\/articles\/(?:private\/)?(\d+)$/.exec(path)?.[1];
    if (n) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(Number(n)));
    if (path === '/teasers.rss') {
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Rail Ledger</title>${teaser(1, '/articles/1')}${teaser(2, '/articles/2')}${teaser(3, '/articles/private/3')}</channel></rss>`);
    }
    if (path === '/news-sitemap.xml') {
      const entry = (n: number, p: string) => `<url><loc>${base}${p}</loc><news:news><news:publication><news:name>Rail Ledger</news:name><news:language>en</news:language></news:publication>`
        + `<news:publication_date>2031-06-0${n}T08:00:00Z</news:publication_date><news:title>Sitemap title ${n}</news:title></news:news></url>`;
      return void res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${entry(4, '/articles/4')}${entry(5, '/articles/5')}${entry(6, '/articles/private/6')}</urlset>`);
    }
    if (path === '/loop.rss') return void res.writeHead(302, { location: '/loop.rss' }).end();
    if (path === '/huge.rss') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>${'x'.repeat(2 * 1024 * 1024)}</title></channel></rss>`);
    if (path === '/endless.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>never ends</title>');
      const drip = setInterval(() => res.write('<!-- more -->'), 100);
      res.on('close', () => clearInterval(drip));
      return;
    }
    if (path === '/slow.rss') {
      const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow Post</title><item><title>Slow</title><link>https://slow.example/1</link><description>${articleText(6)}</description></item></channel></rss>`;
      if (slowFirst) {
        slowFirst = false;
        return void setTimeout(() => res.writeHead(200).end(body), 4000);
      }
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    }
    res.writeHead(404).end();
  }, 150);
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const run = cliLive;

test('teasers and a news sitemap have their pages fetched (robots.txt honoured); broken sources are each reported; two requests at most to a host', async () => {
  const db = join(tempDir(), 's.db');
  const sources = ['/teasers.rss', '/news-sitemap.xml', '/loop.rss', '/huge.rss', '/endless.rss', '/slow.rss'].map((p) => base + p);
  const first = await run(['follow', ...sources, '--once', '--allow-private', '--timeout', '2s', '--max-size', '1', '--db', db]);
  assert.equal(first.status, 1, 'some sources failed');
  const line = (source: string) => first.stderr.split('\n').filter((l) => l.startsWith(`${base}${source}:`)).join('\n');
  assert.match(line('/loop.rss'), /failed: more than 5 redirects/);
  assert.match(line('/huge.rss'), /failed: .*over the limit/);
  assert.match(line('/endless.rss'), /failed: no complete answer within 2 s/);
  assert.match(line('/slow.rss'), /failed: no complete answer within 2 s/);
  assert.match(line('/teasers.rss'), /private\/3: not fetched: .*robots\.txt disallows it; its summary is kept/);
  assert.match(line('/teasers.rss'), /ingested 3/);
  assert.match(line('/news-sitemap.xml'), /private\/6: not fetched: .*robots\.txt disallows it/);
  assert.match(line('/news-sitemap.xml'), /ingested 2/);
  assert.equal(robotsFetches.length, 1, 'one robots.txt for the host, kept for the run');
  assert.ok(maxInFlight <= 2, `at most two requests in flight to the host (saw ${maxInFlight})`);
  assert.equal(maxInFlight, 2, 'sources are polled side by side');

  const articles = JSON.parse((await run(['articles', '--json', '--db', db])).stdout) as { url: string; title: string; text: string; publisher: { name: string } }[];
  const byUrl = new Map(articles.map((a) => [a.url, a]));
  // The teasers' pages were read as `ingest` reads a page: the article text, not the navigation.
  for (const n of [1, 2]) {
    const a = byUrl.get(`${base}/articles/${n}`);
    assert.ok(a, `article ${n} stored`);
    assert.match(a.text, new RegExp(`Page marker P${n}Q`));
    assert.doesNotMatch(a.text, /Home · Rail · Weather|© Rail Ledger/);
    assert.equal(a.title, `Section ${n} laid`, "the feed's own title for its item");
  }
  assert.equal(byUrl.get(`${base}/articles/private/3`)?.text, 'The last rail of section 3 is down.', 'a disallowed page: its summary is kept');
  for (const n of [4, 5]) {
    const a = byUrl.get(`${base}/articles/${n}`);
    assert.ok(a, `sitemap article ${n} stored`);
    assert.match(a.text, new RegExp(`Page marker P${n}Q`));
    assert.equal(a.title, `Sitemap title ${n}`);
    assert.equal(a.publisher.name, 'Rail Ledger');
  }
  assert.equal(byUrl.has(`${base}/articles/private/6`), false, 'nothing to keep of a sitemap entry whose page is disallowed');

  // The next poll: the timed-out source recovers; nothing is stored twice; the others still fail, on their own.
  const second = await run(['follow', '--once', '--allow-private', '--timeout', '2s', '--max-size', '1', '--db', db]);
  assert.match(second.stderr, new RegExp(`${base}/slow.rss: ingested 1`));
  assert.match(second.stderr, new RegExp(`${base}/teasers.rss: nothing new`));
  const list = JSON.parse((await run(['sources', 'list', '--json', '--db', db])).stdout) as { address: string; failures: number; lastError: string | null }[];
  const state = new Map(list.map((s) => [s.address.slice(base.length), s]));
  assert.equal(state.get('/slow.rss')!.failures, 0);
  assert.equal(state.get('/loop.rss')!.failures, 2);
  assert.equal(state.get('/endless.rss')!.failures, 2);
  assert.equal(state.get('/teasers.rss')!.failures, 0);
  const again = JSON.parse((await run(['articles', '--json', '--db', db])).stdout) as unknown[];
  assert.equal(again.length, articles.length + 1, 'only the slow feed\'s item is new');
  assert.ok(maxInFlight <= 2);
});
