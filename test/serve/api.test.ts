// The JSON API over real HTTP on 127.0.0.1, on a real SQLite store the real CLI ingested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { cli, cliAsync, tempDir } from '../cli/run-cli.ts';
import { seededStore, startServer } from './serve-fixture.ts';
import { createServer } from '../../src/serve/server.ts';
import { openStore } from '../../src/store/index.ts';

let db: string;
let server: Awaited<ReturnType<typeof startServer>>;
const get = async (path: string, init?: RequestInit) => {
  const r = await fetch(server.base + path, init);
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) };
};
const post = (path: string, body: string, type = 'application/json', headers: Record<string, string> = {}) =>
  get(path, { method: 'POST', body, headers: { 'content-type': type, ...headers } });

before(async () => {
  db = seededStore();
  server = await startServer({ db });
});
after(() => server.close());

test('stories: newest first by default, paged with a stated maximum, filtered by outlet, language, dates, entity and storyline', async () => {
  const all = (await get('/api/stories?limit=100')).json();
  assert.ok(all.total >= 5, `stories: ${all.total}`);
  const last = all.items.map((s: { lastPublished: string | null }) => s.lastPublished).filter(Boolean);
  assert.deepEqual(last, [...last].sort().reverse(), 'newest first');
  for (const k of ['id', 'headline', 'storylineId', 'firstPublished', 'lastPublished', 'articleCount', 'outlets', 'files', 'languages', 'articleIds']) assert.ok(k in all.items[0], k);
  const page2 = (await get('/api/stories?limit=2&page=2')).json();
  assert.deepEqual(page2.items.map((s: { id: string }) => s.id), all.items.slice(2, 4).map((s: { id: string }) => s.id));
  assert.equal(page2.pages, Math.ceil(all.total / 2));
  const covered = (await get('/api/stories?sort=coverage&limit=100')).json().items.map((s: { articleCount: number }) => s.articleCount);
  assert.deepEqual(covered, [...covered].sort((a: number, b: number) => b - a));
  const valley = (await get(`/api/stories?outlet=${encodeURIComponent('Valley Wire')}`)).json();
  assert.ok(valley.total >= 2 && valley.items.every((s: { outlets: string[] }) => s.outlets.includes('Valley Wire')), JSON.stringify(valley.items.map((s: { outlets: string[] }) => s.outlets)));
  const march = (await get('/api/stories?from=2031-03-12&to=2031-03-12')).json();
  assert.ok(march.total >= 1 && march.items.every((s: { firstPublished: string; lastPublished: string }) => s.firstPublished.slice(0, 10) <= '2031-03-12' && s.lastPublished.slice(0, 10) >= '2031-03-12'));
  const seeds = (await get('/api/stories?to=2022-12-31')).json();
  assert.ok(seeds.items.some((s: { articleCount: number }) => s.articleCount === 4), 'the seeds visit story');
  const entity = (await get('/api/stories?entity=alexander-lukashenko')).json();
  assert.ok(entity.total >= 1 && entity.items.every((s: { headline: string }) => /Lukashenko|Putin|Belarus/i.test(s.headline)), JSON.stringify(entity.items));
  assert.deepEqual((await get(`/api/stories?entity=${encodeURIComponent('Alexander Lukaschenko')}`)).json().items, entity.items, 'a name as written finds the entity');
  const okafor = (await get(`/api/stories?entity=${encodeURIComponent('Nadia Okafor')}&sort=oldest`)).json();
  assert.equal(okafor.total, 2, 'the water board chair is named in the drought story and its follow-up');
  const line = all.items[0].storylineId;
  const inLine = (await get(`/api/stories?storyline=${line}`)).json();
  assert.ok(inLine.items.every((s: { storylineId: string }) => s.storylineId === line));
  assert.equal((await get('/api/stories?lang=xx')).json().total, 0);
});

test('a story is its brief, the same JSON as `brief --format json`, and every citation reaches its sentence', async () => {
  const stories = (await get('/api/stories?sort=coverage&to=2022-12-31')).json();
  const id = stories.items[0].id;
  const brief = (await get(`/api/stories/${id}`)).json();
  const fromCli = JSON.parse(cli(['brief', id, '--db', db, '--format', 'json']).stdout)[0];
  assert.deepEqual(brief, fromCli);
  // Sources name files as files, never as outlets.
  assert.ok(brief.sources.every((s: { publisher: { kind: string } }) => s.publisher.kind === 'file'));
  const articles = new Map<string, { text: string; sentences: { index: number; start: number; end: number }[] }>();
  const article = async (ref: string) => {
    const source = brief.sources.find((s: { ref: string }) => s.ref === ref);
    if (!articles.has(ref)) articles.set(ref, (await get(`/api/articles/${source.id}`)).json());
    return articles.get(ref)!;
  };
  const sentenceText = async (ref: string, index: number) => {
    const a = await article(ref);
    const s = a.sentences.find((x) => x.index === index)!;
    return a.text.slice(s.start, s.end);
  };
  const words = (t: string) => new Set(t.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
  const overlap = (a: string, b: string) => [...words(a)].filter((w) => words(b).has(w)).length / Math.max(1, words(a).size);
  // Facts: the evidence's text is the exact sentence at that index.
  for (const f of brief.facts) for (const e of f.evidence) if (e.sentence >= 0) assert.equal(await sentenceText(e.articleRef, e.sentence), e.text);
  // Summary: the first evidence is the sentence shown (a leading pronoun may be resolved, a connective dropped).
  assert.ok(brief.summary.length >= 3);
  for (const s of brief.summary) {
    assert.ok(s.evidence.length >= 1 && s.evidence.every((e: { articleRef: string }) => s.articleRefs.includes(e.articleRef)));
    // A name put in for a pronoun is marked as an addition ("[Vask]"): it is not the sentence's own words.
    assert.ok(overlap(s.text.replace(/\[[^\]]*\]/g, ''), await sentenceText(s.evidence[0].articleRef, s.evidence[0].sentence)) >= 0.8, s.text);
  }
  // Quotes: the sentence holds the quote's opening words.
  for (const q of brief.quotes) {
    const opening = q.text.split(/\s+/).slice(0, 3).join(' ');
    assert.ok(q.sentence >= 0, q.text);
    const at = await sentenceText(q.articleRef, q.sentence);
    assert.ok(at.includes(opening) || overlap(q.text.slice(0, 80), at) >= 0.5, `${q.text} | ${at}`);
  }
  // Timeline and conflicts: each cited article's sentence gives the date or the value.
  for (const t of brief.timeline) assert.equal(await sentenceText(t.evidence[0].articleRef, t.evidence[0].sentence), t.text);
  for (const c of brief.conflicts) for (const x of c.claims) for (const e of x.evidence) if (articles.has(e.articleRef) || brief.sources.some((s: { ref: string }) => s.ref === e.articleRef)) {
    assert.ok((await sentenceText(e.articleRef, e.sentence)).length > 0);
  }
  for (const e of brief.entities) assert.ok(/^[^\s/A-Z]+$/.test(e.id), e.id);
});

test('articles, entities, storylines and search', async () => {
  const stories = (await get('/api/stories?limit=100')).json().items;
  const flight = stories.find((s: { headline: string }) => /Kestrel Air/.test(s.headline));
  const withCopy = await Promise.all(flight.articleIds.map(async (id: string) => (await get(`/api/articles/${id}`)).json()));
  const copy = withCopy.find((a: { duplicateOf: string | null }) => a.duplicateOf);
  assert.ok(copy, 'the syndicated copy');
  assert.ok(copy.copies.some((c: { id: string }) => c.id === copy.duplicateOf), 'a copy lists its original');
  assert.equal(copy.story.id, flight.id);
  assert.ok(copy.sentences.length > 2 && copy.sentences.every((s: { start: number; end: number }) => s.end > s.start && copy.text.slice(s.start, s.end).trim().length > 0));
  const byRef = (await get(`/api/articles/${encodeURIComponent(copy.ref)}`)).json();
  assert.equal(byRef.id, copy.id, 'an article is also found by its ref');

  const entities = (await get('/api/entities?type=person&limit=100')).json();
  assert.ok(entities.items.every((e: { type: string }) => e.type === 'person'));
  const okafor = entities.items.find((e: { name: string }) => /Okafor/.test(e.name));
  assert.ok(okafor, entities.items.map((e: { name: string }) => e.name).join(', '));
  const entity = (await get(`/api/entities/${okafor.id}`)).json();
  assert.ok(entity.stories.items.length >= 1 && entity.descriptors.length >= 1, JSON.stringify(entity));

  const lines = (await get('/api/storylines')).json();
  assert.ok(lines.total >= 1);
  const storyIds = lines.items.flatMap((l: { storyIds: string[] }) => l.storyIds);
  assert.ok(storyIds.length >= Math.min(lines.items.length, 1));

  const found = (await get('/api/search?q=girder')).json();
  assert.ok(found.total >= 2, JSON.stringify(found));
  const squash = (t: string) => t.replace(/\s+/g, ' ');
  for (const h of found.items) {
    assert.ok(h.snippet.some((p: { text: string; mark: boolean }) => p.mark && /girder/i.test(p.text)), JSON.stringify(h.snippet));
    assert.ok(h.story && h.story.id);
    // The snippet is taken from the hit's own text.
    const text = squash((await get(`/api/articles/${h.article.id}`)).json().text);
    for (const piece of h.snippet.map((p: { text: string }) => p.text).join('').split('…').map((x: string) => squash(x).trim()).filter(Boolean)) assert.ok(text.includes(piece), `${piece} | ${h.article.id}`);
  }
  const filtered = (await get(`/api/search?q=girder&outlet=${encodeURIComponent('Valley Wire')}`)).json();
  assert.ok(filtered.total >= 1 && filtered.total < found.total && filtered.items.every((h: { article: { publisher: { name: string } } }) => h.article.publisher.name === 'Valley Wire'));
  // What a user types is never an FTS syntax error.
  for (const q of ['"unbalanced', 'NEAR(', 'a:b', "Putin's", '*', 'OR']) {
    const r = await get(`/api/search?q=${encodeURIComponent(q)}`);
    assert.ok(r.status === 200 || (r.status === 400 && r.json().code === 'bad-request'), `${q}: ${r.status} ${r.text}`);
  }
});

test('bad requests are 4xx with { code, message }, never a 500 or a stack trace', async () => {
  const cases: [string, Promise<Awaited<ReturnType<typeof get>>>, number][] = [
    ['unknown story', get('/api/stories/s000000000000'), 404],
    ['unknown article', get('/api/articles/nope'), 404],
    ['unknown entity', get('/api/entities/nobody-at-all'), 404],
    ['unknown route', get('/api/nothing'), 404],
    ['limit too large', get('/api/stories?limit=101'), 400],
    ['limit zero', get('/api/stories?limit=0'), 400],
    ['page not a number', get('/api/stories?page=abc'), 400],
    ['bad sort', get('/api/stories?sort=random'), 400],
    ['bad day', get('/api/stories?from=2031-02-30'), 400],
    ['from after to', get('/api/stories?from=2031-03-02&to=2031-03-01'), 400],
    ['empty search', get('/api/search?q='), 400],
    ['no search', get('/api/search'), 400],
    ['bad words', get('/api/stories/x?words=5'), 400],
    ['malformed JSON', post('/api/articles', '{"text": "a'), 400],
    ['wrong type', post('/api/articles', '{"text": 5}'), 400],
    ['missing text', post('/api/articles', '{"title": "no body"}'), 400],
    ['unknown field', post('/api/articles', '{"text": "Some words here.", "colour": "red"}'), 400],
    ['empty list', post('/api/articles', '[]'), 400],
    ['wrong content type', post('/api/articles', 'text=hello', 'text/plain'), 415],
  ];
  for (const [what, response, status] of cases) {
    const r = await response;
    assert.equal(r.status, status, `${what}: ${r.status} ${r.text}`);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message'], what);
    assert.ok(!/\n\s+at /.test(body.message), `${what}: no stack trace`);
  }
});

test('POST /api/articles: one record, a list, or uploaded files land through the same readers as ingest; oversized bodies are refused', async () => {
  const one = await post('/api/articles', JSON.stringify({ text: 'The Fenwick ferry resumed service on Friday after a week of storms. The operator said all six crossings would run.', title: 'Fenwick ferry resumes', outlet: 'Test Gazette', publishedAt: '2031-04-04' }));
  assert.equal(one.status, 201, one.text);
  assert.equal(one.json().ingested, 1);
  const again = await post('/api/articles', JSON.stringify({ text: 'The Fenwick ferry resumed service on Friday after a week of storms. The operator said all six crossings would run.', title: 'Fenwick ferry resumes', outlet: 'Test Gazette', publishedAt: '2031-04-04' }));
  assert.equal(again.json().ingested, 0, 'the same article twice is stored once');
  const list = await post('/api/articles', JSON.stringify([
    { text: 'Fenwick harbour reopened its fish market on Saturday. Traders said the storms had cost them a week of sales.', title: 'Fish market reopens', outlet: 'Harbour Radio', publishedAt: '2031-04-05', id: 'hr-1' },
    { text: '   ', title: 'empty' },
  ]));
  assert.equal(list.status, 201);
  assert.equal(list.json().ingested, 1);
  assert.equal(list.json().rejected, 1);
  const form = new FormData();
  form.append('files', new Blob(['Fenwick council approved a new sea wall on Monday. Work starts in May, the council said, and will take two years.']), 'sea-wall.txt');
  const upload = await fetch(`${server.base}/api/articles`, { method: 'POST', body: form });
  assert.equal(upload.status, 201, await upload.clone().text());
  assert.equal((await upload.json()).ingested, 1);
  // One upload of a good file and a broken one: the good one lands, the broken one is reported.
  const mixed = new FormData();
  mixed.append('files', new Blob(['Fenwick anglers reported record catches of sea bass on Sunday, the harbour office said.']), 'anglers.txt');
  mixed.append('files', new Blob([Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 0, 0])]), 'broken.txt');
  const both = await fetch(`${server.base}/api/articles`, { method: 'POST', body: mixed });
  const report = await both.json();
  assert.equal(report.ingested, 1, JSON.stringify(report));
  assert.equal(report.rejected, 1);
  assert.match(report.rejections[0].path, /broken\.txt/);
  const found = (await get('/api/search?q=Fenwick')).json();
  assert.equal(found.total, 4);
  assert.ok(found.items.every((h: { story: unknown }) => h.story), 'the writer assigned them to stories');

  const small = await startServer({ db, maxBodyBytes: 2000 });
  try {
    const big = await fetch(`${small.base}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'word '.repeat(2000) }) });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).code, 'payload-too-large');
    const bigFile = new FormData();
    bigFile.append('files', new Blob(['word '.repeat(2000)]), 'big.txt');
    const r = await fetch(`${small.base}/api/articles`, { method: 'POST', body: bigFile });
    assert.equal(r.status, 413);
  } finally {
    await small.close();
  }
});

test('writing needs the token when one is set; a non-loopback address without one refuses to start; another writer gives 503 busy', async () => {
  await assert.rejects(createServer({ db, host: '0.0.0.0' }), /without a token/);
  const guarded = await startServer({ db, host: '0.0.0.0', token: 'sekret-token' });
  try {
    const body = JSON.stringify({ text: 'Fenwick lighthouse keepers marked the end of the storm season on Sunday with an open day.', title: 'Lighthouse open day' });
    const none = await fetch(`${guarded.base}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(none.status, 401);
    assert.equal((await none.json()).code, 'unauthorized');
    const wrong = await fetch(`${guarded.base}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body });
    assert.equal(wrong.status, 401);
    const right = await fetch(`${guarded.base}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sekret-token' }, body });
    assert.equal(right.status, 201, await right.clone().text());
    assert.equal((await fetch(`${guarded.base}/api/stories`)).status, 200, 'reading needs no token');
  } finally {
    await guarded.close();
  }
  const impatient = await startServer({ db, writerWaitMs: 0 });
  const holder = openStore(db, { access: 'write', waitMs: 0 });
  try {
    const r = await fetch(`${impatient.base}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Nothing lands while another process writes to the store, and nothing is lost.' }) });
    assert.equal(r.status, 503);
    assert.equal((await r.json()).code, 'busy');
    assert.equal((await fetch(`${impatient.base}/api/stories`)).status, 200, 'reads go on while another process writes');
  } finally {
    holder.close();
    await impatient.close();
  }
});

test('the OpenAPI document is valid OpenAPI 3.1 and lists exactly the API routes, each of which answers', async () => {
  const doc = (await get('/api/openapi.json')).json();
  const result = await new Validator().validate(doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors));
  assert.equal(doc.openapi, '3.1.0');
  const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
  assert.deepEqual(documented, [
    'GET /api/articles/{id}', 'GET /api/entities', 'GET /api/entities/{id}', 'GET /api/search', 'GET /api/storylines',
    'GET /api/stories', 'GET /api/stories/{id}', 'GET /healthz', 'POST /api/articles', 'GET /api/stories/{id}/revisions',
    'GET /api/watchlists', 'POST /api/watchlists', 'DELETE /api/watchlists/{id}', 'GET /api/watchlists/{id}/alerts', 'GET /watchlists/{id}/feed.atom',
  ].sort());
  const story = (await get('/api/stories?limit=1')).json().items[0];
  const article = story.articleIds[0];
  const entity = (await get('/api/entities?limit=1')).json().items[0].id;
  const added = await fetch(`${server.base}/api/watchlists`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ terms: ['bridge'], outlets: ['Calder Courier'] }) });
  assert.equal(added.status, 201, await added.clone().text());
  const watchlist = String((await added.json()).id);
  for (const route of documented.filter((r) => r.startsWith('GET'))) {
    const path = route.slice(4).replace('{id}', route.includes('stories') ? story.id : route.includes('articles') ? article : route.includes('watchlists') ? watchlist : entity);
    const r = await get(path + (path === '/api/search' ? '?q=bridge' : ''));
    assert.equal(r.status, 200, `${route}: ${r.text}`);
  }
});

test('ETag and 304; security headers; no CORS unless asked', async () => {
  const story = (await get('/api/stories?limit=1')).json().items[0].id;
  for (const path of [`/api/stories/${story}`, `/stories/${story}`, '/api/stories']) {
    const first = await get(path, { headers: { origin: 'https://elsewhere.example' } });
    const etag = first.headers.get('etag');
    assert.ok(etag, path);
    const second = await get(path, { headers: { 'if-none-match': etag! } });
    assert.equal(second.status, 304, path);
    assert.equal(first.headers.get('access-control-allow-origin'), null);
    assert.match(first.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(first.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(first.headers.get('referrer-policy'), 'no-referrer');
  }
  // Answers are gzipped for clients that accept it (fetch asks and unpacks): the same page either way.
  const zipped = await fetch(`${server.base}/stories/${story}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(zipped.headers.get('content-encoding'), 'gzip');
  const plain = await fetch(`${server.base}/stories/${story}`, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(await zipped.text(), await plain.text());
});

test('an ingest running beside the server: every read sees whole files or nothing, and the count only grows', async () => {
  const dir = join(tempDir(), 'incoming');
  mkdirSync(dir);
  const PER_FILE = 5;
  const FILES = 40;
  const places = ['Harlow', 'Brisk', 'Tamsin', 'Oddby', 'Wrenfield', 'Caddon', 'Pellam', 'Sorby'];
  for (let f = 0; f < FILES; f++) {
    const lines = Array.from({ length: PER_FILE }, (_, i) => {
      const n = f * PER_FILE + i;
      const place = places[n % places.length];
      return JSON.stringify({ id: `gen-${n}`, title: `${place} council meeting number ${n}`, date: `2031-05-${String(1 + (n % 28)).padStart(2, '0')}`, source: `Gen Outlet ${f % 3}`,
        text: `The ${place} council met for session ${n} and voted on item ${n * 7} of its agenda. Councillor ${['Ada', 'Bo', 'Cy', 'Di'][n % 4]} Vane-${n} proposed ${n % 2 ? 'a new footbridge' : 'longer library hours'} and the motion ${n % 3 ? 'passed' : 'failed'} by ${n % 9} votes.` });
    });
    writeFileSync(join(dir, `batch-${String(f).padStart(2, '0')}.jsonl`), `${lines.join('\n')}\n`);
  }
  const base = (await get('/healthz')).json().articles;
  const child = cliAsync(['ingest', dir, '--db', db]);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let done = false;
  void exited.then(() => (done = true));
  let last = base;
  let reads = 0;
  while (!done) {
    const [health, stories] = await Promise.all([get('/healthz'), get('/api/stories?limit=100')]);
    assert.equal(health.status, 200);
    assert.equal(stories.status, 200);
    const n = health.json().articles;
    assert.equal((n - base) % PER_FILE, 0, `a read saw part of a file: ${n - base} new articles`);
    assert.ok(n >= last, 'the count never goes back');
    last = n;
    for (const s of stories.json().items) assert.equal(s.articleIds.length, s.articleCount, 'a story is read in one snapshot');
    reads++;
  }
  assert.equal(await exited, 0);
  assert.ok(reads >= 2, `reads during the ingest: ${reads}`);
  assert.equal((await get('/healthz')).json().articles, base + PER_FILE * FILES);
});
