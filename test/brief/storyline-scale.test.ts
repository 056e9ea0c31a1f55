// A brief sets a story against the stories of its storyline near it in time, found through an index:
// a storyline of 1,000 stories (a war, a campaign) is briefed whole without comparing each story with
// every other, and a count given months apart is another count, not a conflict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArticles, claimReach, inReach, type StoryAnalysis } from '../../src/analyze/index.ts';
import { openStore } from '../../src/store/index.ts';
import { composeBriefs, CONTEXT_DAYS, CONTEXT_STORIES, type BriefStory } from '../../src/brief/index.ts';

const DAY = 86_400_000;

test('brief --all over a storyline of 1,000 stories: conflicts with near stories only, each brief against a bounded context', { timeout: 120_000 }, async () => {
  const start = Date.UTC(2031, 0, 1);
  const stories: BriefStory[] = [];
  const analyses = new Map<string, StoryAnalysis>();
  for (let i = 0; i < 1000; i++) {
    // One story every day for the first 500 days, then a burst of 500 stories on one day.
    const day = new Date(start + (i < 500 ? i : 600) * DAY).toISOString().slice(0, 10);
    const ref = `r${i}`;
    const text = `Floods in the Tarn valley killed ${(i % 5) + 3} people near Port Ebb, the council of Port Ebb said. Rescue teams searched the valley for a second night.`;
    stories.push({ id: `s${i}`, storylineId: 'line', headline: `Floods ${i}`, firstPublished: day, lastPublished: day, articleIds: [ref], articleRefs: [ref], outlets: [] });
    analyses.set(`s${i}`, analyzeArticles([{ ref, title: null, lang: 'en', text, publishedAt: day }]));
  }
  assert.ok(analyses.get('s0')!.claims.length > 0, 'each story gives a count');
  const contexts = new Map<string, number>();
  let claimReads = 0;
  const briefs = await composeBriefs(stories, stories, {
    analysis: async (id) => analyses.get(id)!,
    claimsInReach: async (ids, reach) => {
      claimReads += ids.length;
      return new Map(ids.map((id) => [id, analyses.get(id)!.claims.filter((c) => inReach(c, reach))]));
    },
    sources: async (s) => {
      contexts.set(s.id, (contexts.get(s.id) ?? 0) + 1);
      return s.articleRefs.map((ref) => ({ id: ref, ref, title: null, outlet: null, publishedAt: s.firstPublished, url: null }));
    },
    failure: async () => null,
  });
  assert.equal(briefs.length, 1000);
  const dayOf = new Map(stories.map((s) => [s.articleRefs[0]!, Date.parse(s.firstPublished!)]));
  let conflicts = 0;
  for (const [i, b] of briefs.entries()) {
    const own = dayOf.get(stories[i]!.articleRefs[0]!)!;
    for (const c of b.conflicts) {
      conflicts++;
      for (const ref of c.claims.flatMap((x) => x.articleRefs)) {
        assert.ok(Math.abs(dayOf.get(ref)! - own) <= CONTEXT_DAYS * DAY, `${b.id}: a conflict cites ${ref}, more than ${CONTEXT_DAYS} days away`);
      }
    }
    // The sources listed are the story's own and those its conflicts cite, from its bounded context.
    assert.ok(b.sources.length <= 1 + CONTEXT_STORIES);
  }
  assert.ok(conflicts > 0, 'counts of near days conflict');
  assert.ok(briefs[1]!.conflicts.some((c) => c.claims.some((x) => x.articleRefs.includes('r0'))), 'the day before is compared');
  // Each brief reads the claims of at most CONTEXT_STORIES stories, and its own sources and those of the
  // stories its conflicts cite: linear in the stories, not quadratic.
  assert.ok(claimReads <= stories.length * CONTEXT_STORIES, `${claimReads} claim reads for ${stories.length} briefs`);
  const reads = [...contexts.values()].reduce((a, b) => a + b, 0);
  assert.ok(reads <= stories.length * (1 + CONTEXT_STORIES), `${reads} source reads for ${stories.length} briefs`);
});

test('the claim index of the store gives, of the stories asked, only the claims within reach, as the in-memory test does', () => {
  const store = openStore(':memory:');
  const D = Date.UTC(2031, 5, 1);
  const claim = (kind: 'quantity' | 'date', unit: string, low: number, high: number) => ({
    kind, ref: 'r', sentence: 0, text: `${kind} ${unit}`, value: String(low), low, high, unit, outcome: null, qualifiers: [], about: '', keys: [], words: [],
  });
  const empty = { entities: [], quotes: [], timeline: [], facts: [], candidates: [] };
  const a = [claim('quantity', 'troops', 1000, 2000), claim('date', 'day', D, D + DAY), claim('date', 'year', Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1))];
  const b = [claim('quantity', 'euros', 5, 6), claim('date', 'day', D + 30 * DAY, D + 31 * DAY), claim('quantity', 'troops', 9000, 9000)];
  store.saveAnalysis('a', 'sig', { ...empty, claims: a });
  store.saveAnalysis('b', 'sig', { ...empty, claims: b });
  store.saveAnalysis('c', 'sig', { ...empty, claims: [claim('quantity', 'troops', 1, 1)] });
  const reach = claimReach([claim('quantity', 'troops', 3000, 4000), claim('date', 'day', D + 3 * DAY, D + 4 * DAY)]);
  const got = store.claimsInReach(['a', 'b'], reach);
  assert.deepEqual(got.get('a')!.map((c) => c.text), a.filter((c) => inReach(c, reach)).map((c) => c.text));
  assert.deepEqual(got.get('a')!.map((c) => c.text), ['quantity troops', 'date day']);
  assert.deepEqual(got.get('b')!.map((c) => c.text), ['quantity troops']);
  assert.ok(!got.has('c'), 'only the stories asked');
  // A story's own analysis still has all its claims, in order.
  assert.deepEqual(store.getAnalysis<StoryAnalysis>('b')!.claims.map((c) => c.text), b.map((c) => c.text));
  store.close();
});
