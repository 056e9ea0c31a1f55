// Reads never write: listing stories, reading briefs, searching and every GET of the server leave the
// store's files exactly as they were (the database and its WAL, byte for byte).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cli } from '../cli/run-cli.ts';
import { seededStore, startServer } from './serve-fixture.ts';

// SQLite opens an empty WAL beside the store for any connection, a reader's too: an empty WAL holds
// nothing, so it counts as absent; any frame written to it would count.
const fingerprint = (db: string) => [db, `${db}-wal`].map((f) => {
  const bytes = existsSync(f) ? readFileSync(f) : Buffer.alloc(0);
  return bytes.length ? createHash('sha256').update(bytes).digest('hex') : 'empty';
}).join(' ');

test('the CLI reads and every GET of the server leave the store file unchanged', async () => {
  const db = seededStore();
  const before = fingerprint(db);
  const stories = JSON.parse(cli(['stories', '--db', db, '--json']).stdout) as { id: string; articleIds: string[] }[];
  assert.ok(stories.length >= 3);
  for (const args of [['storylines', '--json'], ['brief', '--all', '--format', 'json'], ['brief', stories[0]!.id], ['search', 'bridge', '--json'], ['entities', '--json'], ['articles', '--json'], ['show', stories[0]!.articleIds[0]!]]) {
    const r = cli([...args, '--db', db]);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  assert.equal(fingerprint(db), before, 'CLI reads changed the store');

  const server = await startServer({ db });
  try {
    const entity = ((await (await fetch(`${server.base}/api/entities?limit=1`)).json()) as { items: { id: string }[] }).items[0]!.id;
    const paths = ['/healthz', '/api/stories', '/api/stories?sort=coverage&from=2031-01-01', `/api/stories/${stories[0]!.id}`, '/api/storylines', `/api/articles/${stories[0]!.articleIds[0]}`,
      '/api/entities', `/api/entities/${entity}`, '/api/search?q=bridge', '/api/openapi.json', '/', '/?sort=coverage', '/search?q=bridge', `/stories/${stories[0]!.id}`,
      `/articles/${stories[0]!.articleIds[0]}?s=1`, '/entities', `/entities/${entity}`, '/add', '/static/app.css', '/api/stories/unknown', '/nowhere'];
    for (const p of paths) {
      const r = await fetch(server.base + p);
      assert.ok(r.status === 200 || r.status === 404, `${p}: ${r.status}`);
      await r.arrayBuffer();
    }
  } finally {
    await server.close();
  }
  assert.equal(fingerprint(db), before, 'GETs changed the store');
});
