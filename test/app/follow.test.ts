// Following sources with the real CLI against a real HTTP server on 127.0.0.1 whose feeds change:
// new items land once, 304 answers fetch nothing, broken sources are reported (each on its own) while
// the others go on, a failing source backs off, a folder's settled files are taken and a file still
// being written is not, and a follower killed mid-poll again and again ends with every item once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { BIN, cli, cliLive, REPO, tempDir } from '../cli/run-cli.ts';
import { stopTestServer, testDatabase } from '../store/postgres-server.ts';

const TOWNS = ['Aldmere', 'Brockhollow', 'Caddenford', 'Durnsey', 'Eskwold', 'Fallowmere', 'Grimsby Reach', 'Hollin', 'Ivelstone', 'Jessop Bay'];
const EVENTS = ['a new ferry pier', 'a flood barrier', 'a library extension', 'a tram depot', 'a school roof', 'a harbour wall', 'a cycle bridge', 'a water tower'];

/** An item of a fictional local paper: its own event, town, people and numbers. */
function item(feed: string, n: number): string {
  const town = TOWNS[n % TOWNS.length]!;
  const what = EVENTS[(n * 3 + feed.length) % EVENTS.length]!;
  const body = `The council of ${town} approved ${what} on ${['Monday', 'Tuesday', 'Wednesday', 'Thursday'][n % 4]} after a vote of ${7 + n} to ${n % 5}. `
    + `Councillor ${['Mara Quill', 'Tobias Wren', 'Ada Fenwick', 'Jory Lusk', 'Pell Oakes'][n % 5]} said the work on ${what} in ${town} would cost ${2 + n} million crowns. `
    + `Work is due to start in ${['March', 'April', 'May', 'June'][n % 4]} and last ${10 + n} months, the ${feed} reported in item ${n}.`;
  return `<item><title>${town} approves ${what} (${feed} ${n})</title><link>https://${feed}.example/news/${n}</link><guid>https://${feed}.example/news/${n}</guid>`
    + `<pubDate>Mon, ${String(1 + (n % 27)).padStart(2, '0')} Jun 2031 09:00:00 GMT</pubDate><description>${body}</description></item>`;
}

const rss = (feed: string, items: number[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${feed}</title>${items.map((n) => item(feed, n)).join('')}</channel></rss>`;

/** Each feed's items; a feed's ETag is its item count, so a conditional GET of an unchanged feed gets 304. */
const feeds: Record<string, number[]> = { 'valley-herald': [1, 2] };
const requests: { path: string; conditional: boolean }[] = [];
let delayMs = 0;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const path = req.url!;
  requests.push({ path, conditional: req.headers['if-none-match'] !== undefined });
  setTimeout(() => {
    const name = /^\/feeds\/([\w-]+)\.rss$/.exec(path)?.[1];
    if (name && feeds[name]) {
      const etag = `"${feeds[name]!.length}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
      return void res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(rss(name, feeds[name]!));
    }
    if (path === '/broken.rss') return void res.writeHead(500).end('internal error');
    if (path === '/malformed.rss') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</tit');
    if (path === '/entities.rss') {
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY boom "boom">]><rss version="2.0"><channel><title>&boom;</title></channel></rss>');
    }
    res.writeHead(404).end();
  }, delayMs);
});
let base = '';
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
after(stopTestServer);

const run = cliLive;

const listed = (db: string) => JSON.parse(cli(['sources', 'list', '--db', db, '--json']).stdout) as { address: string; failures: number; lastError: string | null; items: number; etag: string | null; nextPoll: string }[];
const articleUrls = (db: string) => (JSON.parse(cli(['articles', '--db', db, '--json']).stdout) as { url: string }[]).map((a) => a.url).sort();

test('feeds followed: new items land once, an unchanged feed answers 304, broken feeds are reported each on its own', { timeout: 120_000 }, async () => {
  const db = join(tempDir(), 'follow.db');
  const good = `${base}/feeds/valley-herald.rss`;
  const first = await run(['follow', good, `${base}/broken.rss`, `${base}/malformed.rss`, `${base}/entities.rss`, '--once', '--allow-private', '--db', db]);
  assert.equal(first.status, 1, first.stderr);
  assert.match(first.stderr, /valley-herald\.rss: ingested 2, duplicates 0/);
  assert.match(first.stderr, /broken\.rss: failed: HTTP 500 Internal Server Error \(failure 1 in a row\)/);
  assert.match(first.stderr, /malformed\.rss: failed: /);
  assert.match(first.stderr, /entities\.rss: failed: .*entit/i);
  assert.deepEqual(articleUrls(db), ['https://valley-herald.example/news/1', 'https://valley-herald.example/news/2']);
  const state = listed(db);
  assert.deepEqual(state.map((s) => [s.address.replace(base, ''), s.failures, s.items]), [['/feeds/valley-herald.rss', 0, 2], ['/broken.rss', 1, 0], ['/malformed.rss', 1, 0], ['/entities.rss', 1, 0]]);
  assert.equal(state[1]!.lastError, 'HTTP 500 Internal Server Error');
  // A failing source waits longer than a good one: its next poll is after the good one's.
  assert.ok(state[1]!.nextPoll > state[0]!.nextPoll, 'a failing source backs off');

  // Unchanged: the feed answers 304 to the validator it gave; nothing is read or stored.
  const before = requests.length;
  const second = await run(['follow', '--once', '--allow-private', '--db', db]);
  assert.match(second.stderr, /valley-herald\.rss: not modified/);
  assert.ok(requests.slice(before).some((r) => r.path === '/feeds/valley-herald.rss' && r.conditional), 'a conditional GET was made');
  assert.equal(listed(db)[1]!.failures, 2, 'the broken feed failed a second time in a row');

  // A new item: it lands; the two already stored are not stored again.
  feeds['valley-herald']!.push(3);
  const third = await run(['follow', '--once', '--allow-private', '--db', db]);
  assert.match(third.stderr, /valley-herald\.rss: ingested 1, duplicates 2/);
  assert.equal(articleUrls(db).length, 3);
  assert.equal(listed(db)[0]!.items, 3);
});

test('a private address is refused without --allow-private, and the source says why', { timeout: 60_000 }, async () => {
  const db = join(tempDir(), 'private.db');
  const r = await run(['follow', `${base}/feeds/valley-herald.rss`, '--once', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /failed: 127\.0\.0\.1 is a private or reserved address \(--allow-private allows it\)/);
  assert.match(cli(['sources', 'list', '--db', db]).stdout, /failing ×1.*\n\s+last error: 127\.0\.0\.1 is a private or reserved address/);
});

test('a folder followed: settled files are ingested within one poll, a file still being written waits', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const folder = join(dir, 'drop');
  mkdirSync(folder);
  const db = join(dir, 'folder.db');
  const past = new Date(Date.now() - 60_000);
  // A file modified a moment ago may still be being written; one quiet for a minute is settled.
  const write = (name: string, n: number, settled: boolean) => {
    writeFileSync(join(folder, name), `${rss('drop-box', [n]).replace(/<[^>]+>/g, ' ')}\n`);
    const when = settled ? past : new Date(Date.now() + 30_000);
    utimesSync(join(folder, name), when, when);
  };
  cli(['sources', 'add', folder, '--db', db]);
  write('one.txt', 11, true);
  write('two.txt', 12, false); // just written: may still be being written
  const first = await run(['follow', '--once', '--db', db]);
  assert.match(first.stderr, /drop: ingested 1, duplicates 0/);
  utimesSync(join(folder, 'two.txt'), past, past);
  write('three.txt', 13, true);
  const second = await run(['follow', '--once', '--db', db]);
  assert.match(second.stderr, /drop: ingested 2, duplicates 0/);
  const third = await run(['follow', '--once', '--db', db]);
  assert.match(third.stderr, /drop: nothing new/);
  assert.equal((JSON.parse(cli(['articles', '--db', db, '--json']).stdout) as unknown[]).length, 3);
});

test('the follower killed with SIGKILL mid-poll, again and again, ends with every item stored once', { timeout: 300_000 }, async () => {
  const db = join(tempDir(), 'killed.db');
  const names = ['north-gazette', 'south-courier', 'east-ledger', 'west-bulletin'];
  for (const [i, name] of names.entries()) feeds[name] = [1, 2, 3, 4, 5].map((n) => 100 * (i + 1) + n);
  cli(['sources', 'add', ...names.map((n) => `${base}/feeds/${n}.rss`), '--db', db]);
  delayMs = 150;
  try {
    // Killed at several moments after its first request: while fetching, while storing, between feeds.
    for (const killAfter of [50, 200, 400, 650, 900]) {
      const asked = requests.length;
      const p = spawn(process.execPath, [BIN, 'follow', '--once', '--allow-private', '--db', db], { cwd: REPO, stdio: 'ignore' });
      // Listened for from the start: a round that ends before its kill has exited already.
      const exited = new Promise((r) => p.once('exit', r));
      while (requests.length === asked && p.exitCode === null) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, killAfter));
      p.kill('SIGKILL');
      await exited;
    }
  } finally {
    delayMs = 0;
  }
  const last = await run(['follow', '--once', '--allow-private', '--db', db, '--wait', '30']);
  assert.equal(last.status, 0, last.stderr);
  const urls = articleUrls(db).filter((u) => names.some((n) => u.includes(n)));
  assert.equal(urls.length, 20, 'every item stored');
  assert.equal(new Set(urls).size, 20, 'none twice');
  assert.deepEqual(listed(db).map((s) => s.items).reduce((a, b) => a + b, 0), 20);
});

test('a PostgreSQL store follows too: the same book of sources, the same answers', { timeout: 120_000 }, async () => {
  const url = await testDatabase();
  feeds['lakeside-ledger'] = [21, 22, 23];
  const feed = `${base}/feeds/lakeside-ledger.rss`;
  const first = await run(['follow', feed, '--once', '--allow-private', '--db', url]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /lakeside-ledger\.rss: ingested 3, duplicates 0/);
  const second = await run(['follow', '--once', '--allow-private', '--db', url]);
  assert.match(second.stderr, /lakeside-ledger\.rss: not modified/);
  const [source] = JSON.parse(cli(['sources', 'list', '--db', url, '--json']).stdout) as { address: string; items: number; etag: string }[];
  assert.deepEqual([source!.address, source!.items, source!.etag], [feed, 3, '"3"']);
  assert.equal((JSON.parse(cli(['articles', '--db', url, '--json']).stdout) as unknown[]).length, 3);
  assert.equal(cli(['sources', 'remove', feed, '--db', url]).status, 0);
  assert.deepEqual(JSON.parse(cli(['sources', 'list', '--db', url, '--json']).stdout), []);
});

test('sources import an OPML file (folders flattened, each feed once, DTDs refused) and export one that imports back the same', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const db = join(dir, 'opml.db');
  const opml = join(dir, 'reader.opml');
  writeFileSync(opml, `<?xml version="1.0"?><opml version="1.0"><head><title>My reader</title></head><body>
    <outline text="Local"><outline type="rss" text="Valley Herald &amp; Post" xmlUrl="https://valley-herald.example/rss"/>
      <outline type="rss" text="Quay Times" xmlUrl="https://quay-times.example/atom.xml"/></outline>
    <outline type="rss" text="Valley Herald again" xmlUrl="https://valley-herald.example/rss"/>
    <outline text="a folder label only"/><outline type="rss" text="not http" xmlUrl="ftp://old.example/feed"/></body></opml>`);
  const imported = cli(['sources', 'import', opml, '--db', db]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stderr, /^2 feeds in the OPML, 2 added, 0 already followed$/m);
  const exported = cli(['sources', 'export', '--db', db]);
  assert.match(exported.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<opml version="2\.0">/);
  const again = join(dir, 'exported.opml');
  writeFileSync(again, exported.stdout);
  const db2 = join(dir, 'opml2.db');
  assert.equal(cli(['sources', 'import', again, '--db', db2]).status, 0);
  const addresses = (file: string) => (JSON.parse(cli(['sources', 'list', '--db', file, '--json']).stdout) as { address: string }[]).map((s) => s.address);
  assert.deepEqual(addresses(db2), addresses(db));
  assert.deepEqual(addresses(db), ['https://valley-herald.example/rss', 'https://quay-times.example/atom.xml']);
  writeFileSync(opml, '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "y">]><opml version="1.0"><body/></opml>');
  const refused = cli(['sources', 'import', opml, '--db', db]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /reader\.opml: the OPML declares XML entities; they are refused/);
});

test('follow runs on until SIGTERM: a file dropped into a followed folder lands within a few seconds, and quiet polls are not logged', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const folder = join(dir, 'inbox');
  mkdirSync(folder);
  const db = join(dir, 'running.db');
  const p = spawn(process.execPath, [BIN, 'follow', folder, '--db', db], { cwd: REPO, env: { ...process.env, STORYLINE_DB: undefined } });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => p.once('exit', r));
  try {
    while (!stderr && cli(['sources', 'list', '--db', db]).stdout.indexOf('ok') === -1) await new Promise((r) => setTimeout(r, 200));
    writeFileSync(join(folder, 'late.txt'), `${rss('inbox-post', [31]).replace(/<[^>]+>/g, ' ')}\n`);
    const dropped = Date.now();
    let count = 0;
    while (count === 0 && Date.now() - dropped < 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      const listed = cli(['articles', '--db', db, '--json']);
      count = listed.status === 0 ? (JSON.parse(listed.stdout) as unknown[]).length : 0;
    }
    assert.equal(count, 1, `the dropped file landed (follower said: ${stderr})`);
  } finally {
    p.kill('SIGTERM');
  }
  assert.equal(await exited, 0, 'stops cleanly on SIGTERM');
  assert.match(stderr, /inbox: ingested 1, duplicates 0/);
  assert.doesNotMatch(stderr, /nothing new/);
});

test('serve --follow: the server follows its sources and takes an upload meanwhile; SIGTERM stops both', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const db = join(dir, 'served.db');
  feeds['harbour-notes'] = [41, 42];
  assert.equal(cli(['sources', 'add', `${base}/feeds/harbour-notes.rss`, '--db', db]).status, 0);
  const p = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0', '--follow', '--allow-private'], { cwd: REPO, env: { ...process.env, STORYLINE_DB: undefined, STORYLINE_TOKEN: '' } });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => p.once('exit', r));
  try {
    while (!/http:\/\/[\d.]+:\d+/.test(stderr) && p.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    const server = /http:\/\/[\d.]+:\d+/.exec(stderr)![0];
    assert.match(stderr, /following its sources/);
    let stored = 0;
    for (const started = Date.now(); stored < 2 && Date.now() - started < 30_000;) {
      await new Promise((r) => setTimeout(r, 250));
      stored = (await (await fetch(`${server}/healthz`)).json() as { articles: number }).articles;
    }
    assert.equal(stored, 2, `the feed's items were followed in (server said: ${stderr})`);
    const upload = await fetch(`${server}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Ferry timetable changes', outlet: 'Quay Times', publishedAt: '2031-06-09', text: 'The harbour ferry will run every twenty minutes from Monday, the operator said on Sunday, after a month of complaints about crowded boats at the morning rush.' }) });
    assert.equal(upload.status, 201, await upload.text());
    assert.equal((await (await fetch(`${server}/healthz`)).json() as { articles: number }).articles, 3);
  } finally {
    p.kill('SIGTERM');
  }
  assert.equal(await exited, 0, 'stops cleanly on SIGTERM');
  assert.match(stderr, /harbour-notes\.rss: ingested 2, duplicates 0/);
});
