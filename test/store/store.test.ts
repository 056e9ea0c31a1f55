import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { analyzeChangedStories, ingestPaths } from '../../src/ingest/index.ts';
import { tempDir, SHARED, REPO } from '../cli/run-cli.ts';

test('a new store is a WAL SQLite file at the latest schema version', () => {
  const file = join(tempDir(), 's.db');
  openStore(file).close();
  const db = new Database(file);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  db.close();
  // Re-opening applies nothing twice.
  openStore(file).close();
});

test('a store from a newer Storyline is refused rather than misread', () => {
  const file = join(tempDir(), 'future.db');
  const db = new Database(file);
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  db.close();
  assert.throws(() => openStore(file), /newer than this Storyline/);
});

test('a store one schema behind: readers say to upgrade it; upgrade migrates it and fills what the migration adds as the writer would', () => {
  const file = join(tempDir(), 'older.db');
  const store = openStore(file);
  ingestPaths(store, [`${REPO}examples`]);
  store.close();
  const rows = (db: Database.Database) => ({
    names: db.prepare('SELECT story_id, entity, name, type, canonical FROM story_entities ORDER BY story_id, entity').all(),
    entities: db.prepare('SELECT * FROM entities ORDER BY entity').all(),
    facets: db.prepare('SELECT * FROM story_facets ORDER BY kind, value, story_id').all(),
  });
  const db = new Database(file);
  const written = rows(db);
  assert.ok((written.names as { canonical: number }[]).some((r) => r.canonical === 0), 'other spellings are rows too');
  assert.ok((written.entities as { entity: string; stories: number }[]).some((e) => e.entity === 'ilona-vazquez' && e.stories === 2), 'the mayor in both bridge stories');
  // Back to schema 6: no other spellings, no entities table (and none of 8's follower tables, nor 9's revisions and watchlists).
  db.exec(`DROP TABLE alerts; DROP TABLE watchlists; DROP TABLE revisions_pending; DROP TABLE story_revisions; DROP TABLE story_digests;
    DROP TABLE source_items; DROP TABLE sources; DELETE FROM story_entities WHERE canonical = 0; ALTER TABLE story_entities DROP COLUMN canonical; DROP TABLE entities; DROP TABLE story_facets;
    DROP INDEX stories_newest; DROP INDEX stories_coverage; CREATE INDEX stories_last ON stories(last_published); CREATE INDEX stories_count ON stories(article_count, last_published);`);
  db.pragma('user_version = 6');
  db.close();
  assert.throws(() => openStore(file, { access: 'read' }), /older than this Storyline.*storyline upgrade/);
  openStore(file).close();
  const after = new Database(file, { readonly: true });
  assert.deepEqual(rows(after), written);
  assert.equal(after.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('sources', 'source_items', 'story_revisions', 'watchlists', 'alerts')").pluck().get(), 5);
  after.close();
});

test('what the writer keeps for the story list (article counts, outlets and languages per story, entity counts) equals what it is kept for, after ingests, merges and a recluster', () => {
  const file = join(tempDir(), 'kept.db');
  const check = (when: string) => {
    const db = new Database(file, { readonly: true });
    const q = (sql: string) => db.prepare(sql).all();
    assert.deepEqual(q('SELECT id, article_count FROM stories ORDER BY id'), q('SELECT s.id, COUNT(m.article_id) AS article_count FROM stories s LEFT JOIN story_members m ON m.story_id = s.id GROUP BY s.id ORDER BY s.id'), `${when}: article counts`);
    assert.deepEqual(q('SELECT kind, value, story_id FROM story_facets ORDER BY kind, value, story_id'),
      q(`SELECT DISTINCT 'lang' AS kind, a.lang AS value, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id
         UNION SELECT DISTINCT 'publisher', a.publisher, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id WHERE a.publisher IS NOT NULL
         ORDER BY kind, value, story_id`), `${when}: outlets and languages`);
    assert.deepEqual(q('SELECT entity, stories FROM entities ORDER BY entity'),
      q('SELECT entity, COUNT(DISTINCT story_id) AS stories FROM story_entities GROUP BY entity HAVING MAX(canonical) = 1 ORDER BY entity'), `${when}: entity counts`);
    assert.equal(q("SELECT 1 FROM story_entities WHERE story_id NOT IN (SELECT id FROM stories)").length, 0, `${when}: no entity of a story that is gone`);
    db.close();
  };
  let store = openStore(file);
  ingestPaths(store, [`${REPO}examples`]);
  store.close();
  check('after the examples');
  store = openStore(file);
  ingestPaths(store, [`${SHARED}corpora/seeds`, `${SHARED}corpora/wikiref220`]);
  store.close();
  check('after wikiref220 and the seeds');
  store = openStore(file);
  store.recluster();
  analyzeChangedStories(store);
  store.close();
  check('after recluster');
});

test('full-text search finds articles by title and text, diacritics folded', () => {
  const file = join(tempDir(), 's.db');
  const store = openStore(file);
  ingestPaths(store, [`${SHARED}corpora/seeds`, `${REPO}examples`]);
  assert.deepEqual(store.search('Gurth').map((a) => a.ref.slice(-30)), [`${SHARED}corpora/seeds/001_3ae8f0881ffd1851.txt`.slice(-30)]);
  assert.equal(store.search('Shoigu OR Shoygu').length, 2);
  assert.ok(store.search('bridge').every((a) => /bridge/i.test(a.title + a.text)));
  assert.ok(store.search('"harbour bridge"').length >= 1);
  store.close();
});
