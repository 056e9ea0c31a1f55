import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeArticles } from '../../src/analyze/index.ts';
import { composeBrief, type Source } from '../../src/brief/index.ts';
import { summarize } from '../../src/brief/summarize.ts';
import type { AnalysisGold } from '../../src/evaluate/analysis-score.ts';
import { REPO, SHARED } from '../cli/run-cli.ts';

// The visit story (four fictional outlets) and its annotation: which sentence of which article says each fact.
const gold = JSON.parse(readFileSync(`${REPO}eval/analysis/visit.gold.json`, 'utf8')) as AnalysisGold;
const articles = gold.articles.map((a) => ({
  ref: a.ref, title: null, lang: 'en', publishedAt: a.publishedAt, text: readFileSync(`${REPO}test/fixtures/analysis/${a.ref}.txt`, 'utf8'),
}));
const analysis = analyzeArticles(articles);
const wordsOf = (s: { text: string }[]) => s.reduce((n, x) => n + x.text.split(/\s+/).length, 0);

test('summary: 4–8 sentences within the budget, what most outlets report, nothing said twice', () => {
  const summary = summarize(analysis.facts, analysis.candidates, { words: 130, firstPublished: '2031-09-10' });
  assert.ok(summary.length >= 4 && summary.length <= 8, `${summary.length} sentences`);
  assert.ok(wordsOf(summary) <= 130);
  assert.equal(new Set(summary.map((s) => s.text)).size, summary.length);
  // The facts all four outlets report are in it (the annotation's sentences, in any of their words).
  const expressed = (about: string) => {
    const says = Object.values(gold.facts.find((f) => f.about === about)!.says).flat();
    return summary.some((s) => says.some((x) => s.text.includes(x)));
  };
  for (const about of ['first visit in five years', 'Kestria will not join the blockade']) assert.ok(expressed(about), about);
  // A smaller budget, a shorter summary.
  const short = summarize(analysis.facts, analysis.candidates, { words: 60, firstPublished: '2031-09-10' });
  assert.ok(wordsOf(short) < wordsOf(summary));
});

test('summary: every article cited for a sentence reports what it says (checked against the annotation)', () => {
  const summary = summarize(analysis.facts, analysis.candidates, { words: 200, firstPublished: '2031-09-10' });
  let checked = 0;
  for (const s of summary) {
    // The annotated fact this sentence states, if any: then each cited article must be one that says it.
    const fact = gold.facts.find((f) => Object.values(f.says).flat().some((x) => s.text.includes(x)));
    if (!fact) continue;
    checked++;
    for (const ref of s.articleRefs) assert.ok(ref in fact.says, `${ref} cited for "${s.text}" but does not say "${fact.about}"`);
    assert.ok(s.articleRefs.length >= 2, `"${s.text}" is reported by ${Object.keys(fact.says).length} articles`);
  }
  assert.ok(checked >= 3, `${checked} summary sentences matched annotated facts`);
});

test('summary: sentences read on their own — no leading connective or pronoun, "him" named', () => {
  const texts = analysis.candidates.map((c) => c.text);
  for (const t of texts) assert.doesNotMatch(t, /^(?:He|She|It|They|This|These|But|However|Because)\b/, t);
  assert.ok(texts.includes('President Ilya Baranek received [Vask] at the airport.'), texts.join('\n'));
  // Facts are shown in words that read alone when one of their sentences does.
  for (const f of analysis.facts.filter((x) => x.articleRefs.length > 1)) assert.doesNotMatch(f.text, /^(?:He|She)\b/, f.text);
});

test('summary: in the order of events — Monday\'s protest before Tuesday\'s visit, background after', () => {
  const summary = summarize(analysis.facts, analysis.candidates, { words: 200, firstPublished: '2031-09-10' });
  const at = (re: RegExp) => summary.findIndex((s) => re.test(s.text));
  const protest = at(/protest|demonstrat/);
  const visit = at(/visited Halvik on Tuesday|arrived in Kestria on Tuesday|flew to Halvik on Tuesday/);
  assert.ok(protest >= 0 && visit >= 0, summary.map((s) => s.text).join('\n'));
  assert.ok(protest < visit);
});

test('what each outlet adds: facts and quotes no other outlet reports, under the outlet\'s name', () => {
  const sources: Source[] = articles.map((a, i) => ({ id: a.ref, ref: a.ref, title: `Report ${i + 1}`, outlet: `Outlet ${'ABCD'[i]}`, publishedAt: a.publishedAt, url: null }));
  const brief = composeBrief({ id: 's1', storylineId: 'l1', headline: 'Visit', firstPublished: '2031-09-10', lastPublished: '2031-09-11', articleIds: [], articleRefs: articles.map((a) => a.ref), outlets: [] }, analysis, [], sources);
  const b = brief.outletUnique.find((o) => o.outlet === 'Outlet B')!;
  assert.ok(b.items.some((i) => /Katya Lind/.test(i.text) && /voted for a pipeline/.test(i.text)), JSON.stringify(b));
  for (const o of brief.outletUnique) for (const i of o.items) assert.equal(i.articleRefs.length, 1);
  // Nothing listed as one outlet's own is reported by another: the protest is in three.
  assert.ok(!brief.outletUnique.some((o) => o.items.some((i) => /protested|demonstrated|protesters gathered/.test(i.text))));
  assert.equal(brief.outletUnique.flatMap((o) => o.items).filter((i) => /Our navy/.test(i.text)).length, 1, "a quoted sentence once");
  assert.deepEqual(brief.sources.map((s) => s.ref), articles.map((a) => a.ref));
});

test('summary: no sentence that runs two together, puts its verb before its subject or has two finite verbs in a row', async () => {
  const { isFluent } = await import('../../src/analyze/summary.ts');
  for (const t of ['On Monday flew Putin For the first time since 2019, he returned to Minsk.', 'In October announced Varnia an alliance.', 'The plan is has failed.', 'The newspaper The standard he said, he sees a manoeuvre.']) assert.equal(isFluent(t), false, t);
  for (const t of ['On Monday, Vask flew to Halvik.', 'Then she met Ilya Baranek.', 'He met officials in The Hague on Monday.', 'If IS is behind the attack, the army will respond.', 'At around 10 pm a heavily armed Swat team arrived.', 'Passage from point A to point B is safe.']) assert.equal(isFluent(t), true, t);
  // On the seeds (machine-translated): every sentence a summary may use reads as a sentence.
  // Read and cleaned as ingest reads them (the files' header lines dropped, titles found).
  const { readInput } = await import('../../src/read/index.ts');
  const { cleanItem } = await import('../../src/clean/index.ts');
  const seeds = ['000_5213c89b19238682', '001_3ae8f0881ffd1851', '002_3396f7b0be424c1a', '004_b173c4609fccae96'].map((f) => {
    const path = `${SHARED}corpora/seeds/${f}.txt`;
    const article = cleanItem(readInput(path, readFileSync(path)).items[0]!).article!;
    return { ref: f, title: article.title, lang: 'en', publishedAt: article.publishedAt, text: article.text };
  });
  const { candidates, facts } = analyzeArticles(seeds, { reference: '2022-12-21' });
  for (const c of candidates) assert.ok(isFluent(c.text), c.text);
  const summary = summarize(facts, candidates, { words: 130, firstPublished: '2022-12-21' });
  assert.doesNotMatch(summary.map((s) => s.text).join(' '), /flew Putin For/);
  // What all four report leads: the arrival.
  assert.deepEqual(summary[0]!.articleRefs.length, 4, summary[0]!.text);
});

test('summary: on the alliance and flood stories (written before the analysis ran on them) every article cited for a sentence says it', () => {
  for (const story of ['alliance', 'flood']) {
    const g = JSON.parse(readFileSync(`${REPO}eval/analysis/${story}.gold.json`, 'utf8')) as AnalysisGold;
    const arts = g.articles.map((a) => ({ ref: a.ref, title: null, lang: 'en', publishedAt: a.publishedAt, text: readFileSync(`${REPO}test/fixtures/analysis/${a.ref}.txt`, 'utf8') }));
    const { facts, candidates } = analyzeArticles(arts);
    const summary = summarize(facts, candidates, { words: 200, firstPublished: arts[0]!.publishedAt });
    let checked = 0;
    for (const s of summary) {
      const fact = g.facts.find((f) => Object.values(f.says).flat().some((x) => s.text.includes(x)));
      if (!fact) continue;
      checked++;
      for (const ref of s.articleRefs) assert.ok(ref in fact.says, `${story}: ${ref} cited for "${s.text}" but does not say "${fact.about}"`);
    }
    assert.ok(checked >= 3, `${story}: ${checked} summary sentences matched annotated facts`);
  }
});
