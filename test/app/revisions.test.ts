// What changed in a story, watchlists and alerts, with the real CLI and server: a story fed in three
// steps records a new outlet, a fact gaining support and a new conflict, and `brief --since` shows what
// came after a moment; a watchlist's webhook receiver (on 127.0.0.1) gets each alert once though its
// first delivery attempt fails, every attempt signed and carrying the same idempotency key; the
// watchlist's Atom feed is valid Atom and lists the alerts. On SQLite, and the revisions on PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { cli, cliAsync, cliLive, SHARED, tempDir } from '../cli/run-cli.ts';
import { stopTestServer, testDatabase } from '../store/postgres-server.ts';

/** A fictional dam failure, told by four outlets: two at first, a third agreeing, a fourth with another count. */
function record(id: string, outlet: string, date: string, title: string, text: string): string {
  return JSON.stringify({ id, title, url: `https://${outlet.toLowerCase().replace(/\s/g, '')}.example/${id}`, date, source: outlet, lang: 'en', text });
}
const OPENING = 'The Harlow Gap dam on the river Tessel gave way early on Tuesday, flooding the village of Marrick';
const RESCUE = 'Rescue teams from Dunmore evacuated the village school and the care home before noon.';
const STEPS = [
  [
    record('tc-1', 'Tarn Courier', '2031-05-06', 'Harlow Gap dam gives way, Marrick flooded', `${OPENING} below it. ${RESCUE}\n\nRegional governor Edda Voss said the reservoir had been rising for a week. "We warned the operator twice," she said.\n\nThe flood damaged 40 homes in Marrick, according to the fire service.`),
    record('wp-1', 'Wexmoor Post', '2031-05-06', 'Dam breaks above Marrick', `Early on Tuesday the Harlow Gap dam on the river Tessel gave way and flooded the village of Marrick. ${RESCUE}\n\nThe flood damaged 40 homes in Marrick, the fire service said. Engineers will inspect the remaining walls on Wednesday.`),
  ],
  [record('bt-1', 'Brannock Times', '2031-05-06', 'Governor blames operator for Harlow Gap dam failure', `${OPENING}. ${RESCUE}\n\nGovernor Edda Voss blamed the operator, Tessel Hydro. "This was not a surprise to anyone," she said.`)],
  [record('oh-1', 'Ostry Herald', '2031-05-07', 'Marrick counts the damage after dam failure', `Floodwater from the broken Harlow Gap dam on the river Tessel reached the village of Marrick early on Tuesday. ${RESCUE}\n\nThe flood damaged 70 homes in Marrick, the fire service said on Wednesday.`)],
];

interface Change { kind: string; outlets?: string[]; from?: number; to?: number; about?: string; values?: string[]; text: string }

function ok(r: ReturnType<typeof cli>): string {
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Feed the three steps into `db`, noting the time between them; gives the story's id and the two moments. */
function feedInSteps(dir: string, db: string): { id: string; between: string[] } {
  const between: string[] = [];
  STEPS.forEach((lines, i) => {
    if (i > 0) between.push(new Date().toISOString());
    const file = join(dir, `step${i + 1}.jsonl`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    ok(cli(['ingest', file, '--db', db]));
  });
  const stories = JSON.parse(ok(cli(["stories", "--db", db, "--json"]))) as { id: string; articleCount: number }[];
  assert.equal(stories.length, 1, 'the four reports are one story');
  assert.equal(stories[0]!.articleCount, 4);
  return { id: stories[0]!.id, between };
}

async function checkRevisions(db: string, id: string, between: string[]): Promise<void> {
  const revisions = JSON.parse(ok(cli(['brief', id, '--db', db, '--format', 'json', '--since', '2000-01-01'])))[0].changesSince;
  assert.equal(revisions.revisions, 3, 'one revision a step');
  assert.equal(revisions.articlesBefore, 0, 'the story is newer than 2000');

  // After step 1: a third outlet, agreeing, raised the support of the dam's failure; nothing disputed yet.
  const sinceFirst = JSON.parse(ok(cli(['brief', id, '--db', db, '--format', 'json', '--since', between[0]!])))[0].changesSince;
  assert.equal(sinceFirst.revisions, 2);
  assert.equal(sinceFirst.articlesBefore, 2);
  // After step 2: only what the fourth report brought.
  const sinceSecond = JSON.parse(ok(cli(['brief', id, '--db', db, '--format', 'json', '--since', between[1]!])))[0].changesSince;
  assert.equal(sinceSecond.revisions, 1);
  assert.equal(sinceSecond.articlesBefore, 3);
  const kinds = (c: { changes: Change[] }, kind: string) => c.changes.filter((x) => x.kind === kind);
  assert.deepEqual(kinds(sinceSecond, 'new-outlets').flatMap((c) => c.outlets), ['Ostry Herald'], 'the new outlet since step 2');
  const conflict = kinds(sinceSecond, 'new-conflict');
  assert.equal(conflict.length, 1, 'the 40 and 70 homes disagree');
  assert.match(conflict[0]!.about!, /homes/);
  assert.deepEqual([...conflict[0]!.values!].sort(), ['40', '70']);
  assert.deepEqual(kinds(sinceFirst, 'new-outlets').flatMap((c) => c.outlets).sort(), ['Brannock Times', 'Ostry Herald']);
  assert.equal(kinds(sinceFirst, 'new-conflict').length, 1);
  // The dam's failure: said by two outlets at step 1, by four now; since step 1 it gained support from 2 to 4 in one change.
  const dam = kinds(sinceFirst, 'fact-support').find((c) => /Harlow Gap dam/.test(c.text));
  assert.ok(dam, 'the dam failure gained support');
  assert.equal(dam.from, 2);
  assert.equal(dam.to, 4);
  assert.deepEqual([...dam.outlets!].sort(), ['Brannock Times', 'Ostry Herald']);
  const damSinceSecond = kinds(sinceSecond, 'fact-support').find((c) => /Harlow Gap dam/.test(c.text));
  assert.equal(damSinceSecond?.from, 3);
  assert.equal(kinds(sinceSecond, 'new-outlets').flatMap((c) => c.outlets).includes('Brannock Times'), false, 'what came before the moment is not new');

  // The brief in Markdown says it first, in words.
  const md = ok(cli(['brief', id, '--db', db, '--since', between[1]!]));
  assert.match(md, /## What's new since .* \(1 update; 3 articles then, 4 now\)/);
  assert.match(md, /New outlet: Ostry Herald/);
  assert.match(md, /Outlets disagree \(contradiction\) on number of homes/);
  // --all --since: only the stories that changed since; none changed after now.
  assert.match(ok(cli(['brief', '--all', '--db', db, '--since', between[1]!])), /Ostry Herald/);
  assert.equal(ok(cli(['brief', '--all', '--db', db, '--since', new Date().toISOString()])).trim(), '');
  // Nonsense is refused, not read as the epoch.
  const bad = cli(['brief', id, '--db', db, '--since', 'last tuesday-ish']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--since takes/);
}

test('a story fed in three steps records each change, and brief --since shows what came after', async () => {
  const dir = tempDir();
  const db = join(dir, 's.db');
  const { id, between } = feedInSteps(dir, db);
  await checkRevisions(db, id, between);
  // The same ingest again changes nothing: no new revision.
  ok(cli(['ingest', join(dir, 'step3.jsonl'), '--db', db]));
  assert.equal(JSON.parse(ok(cli(['brief', id, '--db', db, '--format', 'json', '--since', '2000-01-01'])))[0].changesSince.revisions, 3);
});

test('revisions and alerts on a PostgreSQL store (recorded in the transaction of the analysis)', async () => {
  const url = await testDatabase();
  const dir = tempDir();
  ok(cli(['watch', 'add', 'Marrick', '--name', 'marrick', '--db', url]));
  const { id, between } = feedInSteps(dir, url);
  await checkRevisions(url, id, between);
  const alerts = JSON.parse(ok(cli(['watch', 'alerts', 'marrick', '--json', '--db', url]))) as { kind: string; story: { id: string } }[];
  assert.deepEqual(alerts.map((a) => a.kind), ['changed', 'changed', 'new-match']);
  assert.ok(alerts.every((a) => a.story.id === id));
});

// --- watchlists ------------------------------------------------------------------------------

const received: { key: string; signature: string; body: string; answered: number }[] = [];
let failFirst = true;
const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const answered = failFirst && !received.some((r) => r.key === key) ? 503 : 200;
    received.push({ key, signature: String(req.headers['x-storyline-signature'] ?? ''), body: Buffer.concat(parts).toString('utf8'), answered });
    // The first attempt of each alert fails, asking to come back in a second.
    if (answered === 503) return void res.writeHead(503, { 'retry-after': '1' }).end('busy');
    res.writeHead(200).end('ok');
  });
});
let hook = '';
before(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
after(() => new Promise<void>((r) => (receiver.closeAllConnections(), receiver.close(() => r()))));
after(stopTestServer);

const SECRET = 'test-secret-of-the-watchlist';

test('a watchlist alert reaches its webhook once though the first attempt fails, and its Atom feed lists it', async () => {
  const dir = tempDir();
  const db = join(dir, 's.db');
  ok(cli(['watch', 'add', 'Marrick', 'dam', '--name', 'marrick', '--min-outlets', '3', '--webhook', hook, '--secret', SECRET, '--db', db]));
  ok(cli(['watch', 'add', 'Velmora', '--db', db])); // matches nothing
  const { id } = feedInSteps(dir, db);

  // New story (step 1), a fact reaching 3 outlets and a new outlet (step 2), a conflict (step 3): three alerts.
  const alerts = JSON.parse(ok(cli(['watch', 'alerts', 'marrick', '--json', '--db', db]))) as { id: string; kind: string; story: { id: string }; changes: Change[] }[];
  assert.deepEqual(alerts.map((a) => a.kind), ['changed', 'changed', 'new-match'], 'newest first');
  assert.ok(alerts.every((a) => a.story.id === id));
  assert.ok(alerts[1]!.changes.some((c) => c.kind === 'fact-support' && c.to === 3), 'a fact reached 3 outlets');
  assert.ok(alerts[0]!.changes.some((c) => c.kind === 'new-conflict'));
  assert.deepEqual(JSON.parse(ok(cli(['watch', 'alerts', 'Velmora', '--json', '--db', db]))), []);

  // First round: each alert's first attempt is refused (503, Retry-After: 1); delivery reports it and exits 1.
  const first = await cliLive(['watch', 'deliver', '--allow-private', '--db', db]);
  assert.equal(first.status, 1);
  assert.match(first.stderr, /HTTP 503/);
  assert.equal(received.length, 3);
  // Each waits as the receiver asked (Retry-After: 1), then is due again.
  type Delivery = { delivery: { attempts: number; deliveredAt: string | null; nextAttempt: string | null; lastError: string | null } };
  const waiting = JSON.parse(ok(cli(['watch', 'alerts', 'marrick', '--json', '--db', db]))) as Delivery[];
  assert.ok(waiting.every((a) => a.delivery.attempts === 1 && a.delivery.deliveredAt === null && /HTTP 503/.test(a.delivery.lastError ?? '')));
  const due = Math.max(...waiting.map((a) => Date.parse(a.delivery.nextAttempt!)));
  await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 50));
  const second = await cliLive(['watch', 'deliver', '--allow-private', '--db', db]);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /delivered 3 alerts/);
  // Delivered: never sent again.
  ok(await cliLive(['watch', 'deliver', '--allow-private', '--db', db]));
  assert.equal(received.length, 6);

  const accepted = received.filter((r) => r.answered === 200);
  assert.deepEqual(accepted.map((r) => r.key).sort(), alerts.map((a) => a.id).sort(), 'each alert accepted once, under its own key');
  for (const r of received) {
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature);
    assert.ok(m, `signed: ${r.signature}`);
    assert.equal(m[2], createHmac('sha256', SECRET).update(`${m[1]}.${r.body}`).digest('hex'), 'the signature is the HMAC of the timestamp and body');
    assert.equal(JSON.parse(r.body).id, r.key, 'the body carries the key the header gives');
  }
  for (const key of new Set(received.map((r) => r.key))) assert.equal(received.filter((r) => r.key === key).length, 2, 'the retry repeats the same key');
  const state = JSON.parse(ok(cli(['watch', 'alerts', 'marrick', '--json', '--db', db]))) as Delivery[];
  assert.ok(state.every((a) => a.delivery.attempts === 2 && a.delivery.deliveredAt !== null));

  // The feed, from the server.
  const server = cliAsync(['serve', '--db', db, '--port', '0']);
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stderr!.on('data', (c) => {
        out += c;
        const m = /http:\/\/[\d.]+:\d+/.exec(out);
        if (m) resolve(m[0]);
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const lists = await (await fetch(`${base}/api/watchlists`)).json() as { id: number; name: string; feed: string }[];
    const marrick = lists.find((w) => w.name === 'marrick')!;
    assert.equal(JSON.stringify(lists).includes(SECRET), false, 'the secret never leaves the store');
    const res = await fetch(`${base}${marrick.feed}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/atom\+xml/);
    const xml = await res.text();
    checkAtom(xml);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' }).parse(xml).feed;
    assert.equal(feed.entry.length, 3);
    assert.deepEqual(feed.entry.map((e: { id: string }) => e.id).sort(), alerts.map((a) => `urn:storyline:${a.id}`).sort());
    assert.ok(feed.entry.every((e: { link: { '@_href': string }[] }) => e.link[0]!['@_href'] === `${base}/stories/${id}`));
    assert.match(xml, /Outlets disagree \(contradiction\) on number of homes/);
    // The web app lists the watchlist with its feed, and the story page its history.
    assert.match(await (await fetch(`${base}/watchlists`)).text(), new RegExp(`href="${marrick.feed}"`));
    const page = await (await fetch(`${base}/stories/${id}?since=2000-01-01`)).text();
    assert.match(page, /id="history-h">History/);
    assert.match(page, /What&#39;s new since 2000-01-01 00:00 UTC|What's new since 2000-01-01 00:00 UTC/);
    const revisions = await (await fetch(`${base}/api/stories/${id}/revisions`)).json() as { revisions: { seq: number }[] };
    assert.deepEqual(revisions.revisions.map((r) => r.seq), [1, 2, 3]);
    // A watchlist added from the web app's form is kept, listed, and raises alerts as the CLI's do.
    const form = new FormData();
    form.set('terms', 'Edda Voss, Tessel');
    form.set('outlets', 'Ostry Herald, Tarn Courier');
    form.set('minOutlets', '2');
    const added = await fetch(`${base}/watchlists`, { method: 'POST', body: form });
    assert.equal(added.status, 201);
    assert.match(await added.text(), /Added “Edda Voss Tessel outlet:Ostry Herald outlet:Tarn Courier”/);
    const kept = (await (await fetch(`${base}/api/watchlists`)).json() as { name: string; query: { terms: string[]; outlets: string[]; minOutlets: number } }[]).at(-1)!;
    assert.deepEqual(kept.query, { terms: ['Edda Voss', 'Tessel'], outlets: ['Ostry Herald', 'Tarn Courier'], languages: [], minOutlets: 2 });
    const refused = new FormData();
    refused.set('terms', ' ');
    assert.equal((await fetch(`${base}/watchlists`, { method: 'POST', body: refused })).status, 400);
  } finally {
    server.kill('SIGTERM');
  }
});

/** What RFC 4287 requires of a feed and its entries: ids as IRIs, titles, RFC 3339 times, an author, unique entry ids. */
function checkAtom(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' || name === 'author' }).parse(xml);
  const feed = parsed.feed;
  assert.equal(feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  const iri = /^[a-z][a-z0-9+.-]*:\S+$/i;
  assert.match(String(feed.id), iri);
  assert.ok(String(feed.title).length > 0);
  assert.match(String(feed.updated), rfc3339);
  assert.ok(feed.author?.[0]?.name, 'a feed author (its entries have none of their own)');
  assert.ok(feed.link.some((l: Record<string, string>) => l['@_rel'] === 'self' && /^https?:\/\//.test(l['@_href']!)));
  const ids = new Set<string>();
  for (const e of feed.entry) {
    assert.match(String(e.id), iri);
    assert.ok(!ids.has(e.id), 'entry ids are unique');
    ids.add(e.id);
    assert.ok(String(e.title).length > 0);
    assert.match(String(e.updated), rfc3339);
    assert.ok(e.link.some((l: Record<string, string>) => (l['@_rel'] ?? 'alternate') === 'alternate'), 'an entry without content of its own would need one; each has an alternate link');
    assert.equal(e.content['@_type'], 'html');
  }
}

test('revisions compose briefs with each story\'s claims read once: the same briefs as the store\'s own reach', async () => {
  const { openStore } = await import('../../src/store/index.ts');
  const { sqliteReader } = await import('../../src/store/contract.ts');
  const { briefsFromStore } = await import('../../src/app/briefs.ts');
  const { claimsKept } = await import('../../src/app/revisions.ts');
  const db = join(tempDir(), 'kept.db');
  ok(cli(['ingest', 'examples', `${SHARED}corpora/seeds`, '--db', db]));
  const store = openStore(db, { access: 'read' });
  try {
    const reader = sqliteReader(store);
    const stories = await reader.listStories();
    const plain = await briefsFromStore(reader, stories, stories);
    assert.ok(plain.some((b) => b.conflicts.length > 0), 'conflicts to compare');
    assert.deepEqual(await briefsFromStore(claimsKept(reader), stories, stories), plain);
  } finally {
    store.close();
  }
});
