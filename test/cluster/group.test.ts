import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { REPO, SHARED } from '../cli/run-cli.ts';
import type { Article } from '../../src/records.ts';

const load = (paths: string[]) => {
  const store = openStore(':memory:');
  ingestPaths(store, paths);
  const articles = store.listArticles();
  store.close();
  return articles;
};

/** Group articles the way `recluster` does, in a fresh store fed in the given order. */
function groupArticles(articles: Article[]) {
  const store = openStore(':memory:');
  // Originals go in before their copies (the store's foreign key); otherwise the given order.
  const ordered = [...articles.filter((a) => !a.duplicateOf), ...articles.filter((a) => a.duplicateOf)];
  store.transaction(() => {
    for (const a of ordered) store.insertArticle(a, new Uint32Array(64), []);
  });
  store.recluster();
  const stories = store.listStories();
  store.close();
  return { stories };
}

const canonical = (stories: { articleIds: string[] }[]) => stories.map((s) => [...s.articleIds].sort().join(',')).sort();

test('the same articles in any order give the same stories and storylines', () => {
  const articles = load([`${REPO}examples`, `${SHARED}corpora/seeds`]);
  const a = groupArticles(articles);
  const b = groupArticles([...articles].reverse());
  const shuffled = [...articles].sort((x, y) => (x.text.length % 7) - (y.text.length % 7) || x.ref.localeCompare(y.ref));
  const c = groupArticles(shuffled);
  assert.deepEqual(canonical(b.stories), canonical(a.stories));
  assert.deepEqual(canonical(c.stories), canonical(a.stories));
  assert.deepEqual(a.stories.map((s) => s.id), c.stories.map((s) => s.id));
});

test('bundled examples: three events and two follow-ups in their storylines, a German report with its English story, the syndicated copy with its original, the most representative headline', () => {
  const articles = load([`${REPO}examples`]);
  const { stories } = groupArticles(articles);
  const refsOf = (s: { articleIds: string[] }) => s.articleIds.map((id) => articles.find((a) => a.id === id)!.ref.replace(`${REPO}examples/`, '')).sort();
  assert.deepEqual(stories.map(refsOf).sort(), [
    ['archive/lanmore-evening-star.atom.gz#1', 'lanmorer-anzeiger-flug.html', 'radio-meridian-flight.txt', 'syndicated-calder-times-flight.txt'],
    ['calder-courier-bridge.html', 'northshore-daily.rss#1', 'vw-2031-0312-bridge'].map((r) => r).sort(),
    ['northshore-daily.rss#2', 'orvale-post-drought.txt', 'vw-2031-0311-drought'].sort(),
    ['hr-2031-0320-bridge-repairs'],
    ['hr-2031-0325-hosepipe-ban'],
  ].sort());
  const bridge = stories.find((s) => s.articleIds.length === 3 && /bridge/i.test(s.headline ?? ''))!;
  assert.equal(bridge.firstPublished, '2031-03-12T07:40:00+01:00');
  // A follow-up a week or two later is its own story in the storyline of the event it follows.
  const storyOf = (ref: string) => stories.find((s) => refsOf(s).includes(ref))!;
  assert.equal(storyOf('hr-2031-0320-bridge-repairs').storylineId, bridge.storylineId);
  assert.equal(storyOf('hr-2031-0325-hosepipe-ban').storylineId, storyOf('vw-2031-0311-drought').storylineId);
});

test('seeds mixed into wikiref220: the visit is one story no other article joins; the background piece is its own story in the same storyline', () => {
  const articles = load([`${SHARED}corpora/wikiref220`, `${SHARED}corpora/seeds`]);
  const { stories } = groupArticles(articles);
  const seed = (k: string) => articles.find((a) => a.ref.includes(`seeds/${k}`))!.id;
  const visit = ['000', '001', '002', '004'].map(seed);
  const story = stories.find((s) => s.articleIds.includes(visit[0]!))!;
  assert.deepEqual([...story.articleIds].sort(), [...visit].sort());
  const background = stories.find((s) => s.articleIds.includes(seed('003')))!;
  assert.notEqual(background.id, story.id);
  assert.equal(background.storylineId, story.storylineId);
});
