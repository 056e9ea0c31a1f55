import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.ts';
import { ingestPaths, ingestPathsWithPool } from '../../src/ingest/index.ts';
import { startWorkerPool } from '../../src/ingest/pool.ts';
import { allBriefs } from '../../src/app/briefs.ts';
import { sqliteReader } from '../../src/store/contract.ts';
import { tempDir, SHARED, REPO } from '../cli/run-cli.ts';

// What a store holds, as a reader sees it: articles (ids, first copies), stories and storylines, briefs.
async function contents(file: string) {
  const db = new Database(file, { readonly: true });
  const rows = {
    articles: db.prepare('SELECT id, ref, path, duplicate_of, title, published_at, lang FROM articles ORDER BY seq').all(),
    members: db.prepare('SELECT story_id, article_id FROM story_members ORDER BY story_id, article_id').all(),
    stories: db.prepare('SELECT id, storyline_id FROM stories ORDER BY id').all(),
  };
  db.close();
  const store = openStore(file, { access: 'read' });
  const briefs = JSON.stringify(await allBriefs(sqliteReader(store), 'oldest'));
  store.close();
  return { ...rows, briefs };
}

test('workers: ingest with a pool of threads stores the same articles, stories and briefs as one thread, problems reported in walk order', async () => {
  const dir = tempDir();
  // Bad inputs among good ones: their reports come in the walk's place whoever prepared the files.
  const bad = join(dir, 'bad');
  mkdirSync(bad);
  writeFileSync(join(bad, 'a-broken.json'), '{"title": "cut off');
  writeFileSync(join(bad, 'b-empty.txt'), '   \n');
  const paths = [`${SHARED}corpora/seeds`, bad, `${REPO}examples`, `${SHARED}corpora/wikiref220/paris.attacks.1.txt`, join(dir, 'missing')];
  const one = join(dir, 'one.db');
  const many = join(dir, 'many.db');
  const problemsOne: string[] = [];
  const problemsMany: string[] = [];
  const s1 = openStore(one);
  const c1 = ingestPaths(s1, paths, { onRejection: (r) => problemsOne.push(`${r.path}: ${r.reason}`) });
  s1.close();
  // Every file and story handed to the threads, however little there is.
  const pool = startWorkerPool(3, { inlineBytes: 0 });
  const s2 = openStore(many);
  const c2 = await ingestPathsWithPool(s2, paths, pool, { onRejection: (r) => problemsMany.push(`${r.path}: ${r.reason}`) });
  s2.close();
  await pool.close();
  assert.deepEqual(c2, c1);
  assert.ok(c1.ingested > 10 && c1.rejected >= 3, JSON.stringify(c1));
  assert.deepEqual(problemsMany, problemsOne);
  const [a, b] = [await contents(one), await contents(many)];
  assert.ok(a.stories.length > 3);
  assert.deepEqual(b.articles, a.articles);
  assert.deepEqual(b.members, a.members);
  assert.deepEqual(b.stories, a.stories);
  assert.equal(b.briefs, a.briefs);
});

test('workers: stories analyzed while a long run goes on (after each assignment batch) end as one pass at the end gives them', async () => {
  const dir = tempDir();
  const wikiref = `${SHARED}corpora/wikiref220`;
  const paths = [`${SHARED}corpora/seeds`, wikiref];
  const one = join(dir, 'one.db');
  const many = join(dir, 'many.db');
  // Small assignment batches: stories are assigned, analyzed, then joined by later articles and analyzed again.
  const s1 = openStore(one);
  ingestPaths(s1, paths, { storyBatch: 40 });
  s1.close();
  const pool = startWorkerPool(2, { inlineBytes: 0 });
  const s2 = openStore(many);
  await ingestPathsWithPool(s2, paths, pool, { storyBatch: 40 });
  s2.close();
  await pool.close();
  const [a, b] = [await contents(one), await contents(many)];
  assert.ok(a.articles.length > 200);
  assert.deepEqual(b.members, a.members);
  assert.equal(b.briefs, a.briefs);
  // Nothing left stale or orphaned: the analyses are exactly the stories'.
  const analyses = (file: string) => {
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT story_id, signature FROM story_analysis ORDER BY story_id').all();
    db.close();
    return rows;
  };
  assert.deepEqual(analyses(many), analyses(one));
  assert.equal(analyses(many).length, a.stories.length);
});
