// The store contract, run against both backends: a SQLite file and a real PostgreSQL database filled
// from the same inputs (the seeds, the bundled examples and a file with accented words). Each backend
// must answer the contract's questions as the contract says; and the two must give the same answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { openStore } from '../../src/store/index.ts';
import { sqliteReader, type StoreReader } from '../../src/store/contract.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { ingestFiles, ingestIntoPostgres } from '../../src/app/ingest.ts';
import { ftsQuery } from '../../src/app/search.ts';
import { claimReach, type StoryAnalysis } from '../../src/analyze/index.ts';
import { tempDir, SHARED, REPO } from '../cli/run-cli.ts';
import { stopTestServer, testDatabase } from './postgres-server.ts';

after(async () => {
  for (const close of closers) await close();
  await stopTestServer();
});

const dir = tempDir();
const accents = join(dir, 'accents.json');
writeFileSync(accents, JSON.stringify([
  { title: 'Café owners in Zürich protest the new tax', outlet: 'Lakeside Ledger', publishedAt: '2026-03-02',
    text: 'Owners of forty cafés in Zürich closed their doors on Monday to protest the new tax on terraces. The city council of Zürich said it would meet them on Friday.' },
]));
const inputs = [`${SHARED}corpora/seeds`, `${REPO}examples`, accents];

const backends: Record<string, () => Promise<{ reader: StoreReader; close(): Promise<void> }>> = {
  async sqlite() {
    const file = join(dir, 'contract.db');
    const store = openStore(file);
    await ingestFiles(store, inputs, { workers: 1 });
    store.close();
    const read = openStore(file, { access: 'read' });
    return { reader: sqliteReader(read), close: async () => read.close() };
  },
  async postgres() {
    const url = await testDatabase();
    await ingestIntoPostgres(url, inputs, { workers: 1 });
    const store = await openPostgresStore(url, { access: 'read' });
    return { reader: store.reader, close: () => store.close() };
  },
};

const opened = new Map<string, StoreReader>();
const closers: (() => Promise<void>)[] = [];

for (const [name, open] of Object.entries(backends)) {
  describe(`store contract: ${name}`, () => {
    let r: StoreReader;
    before(async () => {
      const store = await open();
      r = store.reader;
      opened.set(name, r);
      // Closed after every test: the cross-backend test below reads both.
      closers.push(store.close);
    });

    test('every article is in exactly one story; stories list their members in publication order', async () => {
      const stats = await r.stats();
      const articles = await r.listArticles();
      assert.equal(stats.articles, articles.length);
      const stories = await r.listStories();
      assert.equal(stories.length, stats.stories);
      const members = stories.flatMap((s) => s.articleIds);
      assert.equal(new Set(members).size, members.length, 'no article in two stories');
      assert.deepEqual([...members].sort(), articles.map((a) => a.id).sort());
      for (const s of stories) {
        assert.equal(await r.storyOfArticle(s.articleIds[0]!), s.id);
        assert.equal(await r.resolveStoryId(s.id), s.id);
        assert.equal((await r.storyRow(s.id))!.articleCount, s.articleIds.length);
        const dates = (await r.membersOf([s.id])).get(s.id)!.map((m) => m.publishedAt).filter((d): d is string => !!d);
        assert.deepEqual(dates, [...dates].sort());
      }
      assert.equal(await r.resolveStoryId('no-such-story'), null);
    });

    test('story pages: filters, orders and totals', async () => {
      const all = await r.queryStories({}, 'newest', 0, -1);
      assert.equal(all.total, (await r.stats()).stories);
      const last = all.rows.map((s) => s.lastPublished);
      const dated = last.filter((d): d is string => d !== null);
      assert.deepEqual(dated, [...dated].sort().reverse(), 'newest first');
      assert.ok(last.indexOf(null) === -1 || last.slice(last.indexOf(null)).every((d) => d === null), 'undated last');
      const page = await r.queryStories({}, 'coverage', 1, 2);
      assert.deepEqual(page.rows.map((s) => s.id), (await r.queryStories({}, 'coverage', 0, -1)).rows.slice(1, 3).map((s) => s.id));
      const lang = await r.queryStories({ lang: 'de' }, 'oldest', 0, -1);
      assert.ok(lang.total > 0 && lang.total < all.total, 'the German example is a story of its own');
      const publisher = (await r.publishers())[0]!;
      const byPublisher = await r.queryStories({ publisher: publisher.name }, 'oldest', 0, -1);
      for (const s of byPublisher.rows) assert.ok((await r.membersOf([s.id])).get(s.id)!.some((m) => m.publisher === publisher.name));
      const lines = await r.queryStorylines(0, -1);
      assert.equal(lines.total, (await r.stats()).storylines);
      const ofLines = await r.storiesOfLines(lines.rows.map((l) => l.id));
      assert.equal([...ofLines.values()].flat().length, all.total);
    });

    test('analyses, claims in reach, entities', async () => {
      const stories = await r.listStories();
      const visit = stories.find((s) => s.articleIds.length === 4)!;
      const analysis = (await r.getAnalysis<StoryAnalysis>(visit.id))!;
      assert.ok(analysis.entities.some((e) => /Lukashenko/.test(e.name)));
      assert.equal(await r.analysisFailure(visit.id), null);
      assert.equal(await r.getAnalysis('no-such-story'), null);
      const reach = await r.claimsInReach([visit.id], claimReach(analysis.claims));
      assert.deepEqual(reach.get(visit.id), analysis.claims, 'a story\'s own claims are all in its reach');
      const people = await r.queryEntities('alexander', 'person', 0, 10);
      assert.ok(people.rows.some((p) => p.entity === 'alexander-lukashenko') && people.rows.every((p) => p.entity.startsWith('alexander') && p.type === 'person'));
      assert.ok((await r.entityNames('alexander-lukashenko')).some((n) => n.name === 'Alexander Lukashenko'));
      assert.equal((await r.queryStories({ entity: 'alexander-lukashenko' }, 'oldest', 0, -1)).rows[0]!.id, visit.id);
    });

    test('articles by id and ref, their sources, copies and sightings', async () => {
      for (const a of (await r.listArticles()).slice(0, 8)) {
        assert.deepEqual(await r.getArticle(a.id), a);
        assert.equal((await r.articlesByRef(a.ref))[0]!.id, a.id);
        assert.ok((await r.refsOf(a.id)).includes(a.ref));
        assert.deepEqual(await r.getSource(a.id), { id: a.id, ref: a.ref, title: a.title, outlet: a.outlet, publishedAt: a.publishedAt, url: a.url });
      }
      const copy = (await r.listArticles()).find((a) => a.duplicateOf)!;
      assert.ok((await r.copiesOf(copy.id)).some((c) => c.id === copy.duplicateOf), 'a copy lists its original');
      assert.equal(await r.getArticle('no-such-article'), null);
    });

    test('full-text search folds accents and marks what matched', async () => {
      const hits = await r.searchArticles(ftsQuery('zurich cafes')!, {}, 0, 10);
      assert.equal(hits.total, 1);
      assert.match(hits.rows[0]!.title!, /Zürich/);
      const none = await r.searchArticles(ftsQuery('zurich lukashenko')!, {}, 0, 10);
      assert.equal(none.total, 0, 'every word must match');
      const either = await r.searchArticles(ftsQuery('zurich OR lukashenko')!, {}, 0, 20);
      assert.ok(either.total > 1);
      const prefix = await r.searchArticles(ftsQuery('Lukash*')!, { lang: 'en' }, 0, 20);
      assert.ok(prefix.total >= 4 && prefix.rows.every((h) => h.lang === 'en'));
      assert.ok(prefix.rows.some((h) => h.snippet.includes('\u0002')), 'matched words are marked');
    });

    test('a snapshot answers as the store does', async () => {
      const stats = await r.stats();
      assert.deepEqual(await r.snapshot(async (s) => s.stats()), stats);
      assert.deepEqual((await r.languages()).map((l) => l.lang).sort(), [...new Set((await r.listArticles()).map((a) => a.lang))].sort());
    });
  });
}

test('both backends give the same answers', async () => {
  const [a, b] = [opened.get('sqlite')!, opened.get('postgres')!];
  assert.ok(a && b, 'both backends opened');
  const stories = await a.listStories();
  assert.deepEqual(await b.listStories(), stories);
  const ids = stories.map((s) => s.id);
  for (const sort of ['newest', 'coverage', 'oldest'] as const) assert.deepEqual(await b.queryStories({}, sort, 0, -1), await a.queryStories({}, sort, 0, -1));
  assert.deepEqual(await b.membersOf(ids), await a.membersOf(ids));
  assert.deepEqual(await b.queryStorylines(0, -1), await a.queryStorylines(0, -1));
  assert.deepEqual(await b.listArticles(), await a.listArticles());
  assert.deepEqual(await b.queryEntities(null, null, 0, -1), await a.queryEntities(null, null, 0, -1));
  assert.deepEqual(await b.publishers(), await a.publishers());
  for (const id of ids) assert.deepEqual(await b.getAnalysis(id), await a.getAnalysis(id));
  const q = ftsQuery('Putin Minsk')!;
  const [ha, hb] = [await a.searchArticles(q, {}, 0, 100), await b.searchArticles(q, {}, 0, 100)];
  assert.equal(hb.total, ha.total);
  assert.deepEqual(hb.rows.map((h) => h.id).sort(), ha.rows.map((h) => h.id).sort(), 'the same articles match (ranked each by its own engine)');
});
