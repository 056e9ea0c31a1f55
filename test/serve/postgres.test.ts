// The server on a PostgreSQL store (real HTTP on 127.0.0.1, a real database the real CLI filled):
// the same answers as the CLI gives from it, an upload stored, grouped and searchable at once, and
// ETags that change when another process writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, REPO, SHARED } from '../cli/run-cli.ts';
import { startServer } from './serve-fixture.ts';
import { stopTestServer, testDatabase } from '../store/postgres-server.ts';

let url: string;
let server: Awaited<ReturnType<typeof startServer>>;

before(async () => {
  url = await testDatabase();
  const r = cli(['ingest', join(SHARED, 'corpora/seeds'), join(REPO, 'examples'), '--db', url]);
  assert.equal(r.status, 0, r.stderr);
  server = await startServer({ db: url });
});
after(async () => {
  await server.close();
  await stopTestServer();
});

test('the API on PostgreSQL answers as the CLI does; an upload lands and is found; the ETag follows the store', async () => {
  const stories = await (await fetch(`${server.base}/api/stories?sort=coverage&limit=100`)).json();
  const fromCli = JSON.parse(cli(['stories', '--db', url, '--json', '--sort', 'coverage']).stdout);
  assert.deepEqual(stories.items, fromCli);
  const top = stories.items[0].id;
  const brief = await (await fetch(`${server.base}/api/stories/${top}`)).json();
  assert.deepEqual(brief, JSON.parse(cli(['brief', top, '--db', url, '--format', 'json']).stdout)[0]);
  const page = await fetch(`${server.base}/stories/${top}`);
  assert.equal(page.status, 200);
  assert.ok((await page.text()).includes(`<title>${brief.headline}`), 'the story page shows the story');
  const before = await fetch(`${server.base}/api/stories?limit=100`);
  const etag = before.headers.get('etag')!;
  const upload = await fetch(`${server.base}/api/articles`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Harbour crane collapses in Port Ebb', outlet: 'Ebb Gazette', publishedAt: '2031-04-02',
      text: 'A harbour crane collapsed in Port Ebb on Tuesday, the port authority said. Nobody was hurt when the crane fell onto an empty quay.' }),
  });
  assert.equal(upload.status, 201);
  assert.equal((await upload.json()).ingested, 1);
  const hits = await (await fetch(`${server.base}/api/search?q=crane`)).json();
  assert.equal(hits.total, 1);
  assert.ok(hits.items[0].story, 'the upload is in a story');
  const after = await fetch(`${server.base}/api/stories?limit=100`, { headers: { 'if-none-match': etag } });
  assert.equal(after.status, 200, 'a write changes the answer: no 304 for the old ETag');
  assert.equal((await after.json()).total, stories.total + 1);
  // Another process writes (the CLI): the server sees it.
  const r = cli(['ingest', join(REPO, 'test/fixtures/web/hostile.json'), '--db', url]);
  assert.equal(r.status, 0, r.stderr);
  const health = await (await fetch(`${server.base}/healthz`)).json();
  assert.equal(health.articles, fromCli.reduce((n: number, s: { articleCount: number }) => n + s.articleCount, 0) + 2);
});
