// Analysis costs at most linearly in the input: one article is read within stated bounds, a story's
// work is bounded, and a story past its bound is recorded as not analyzed without blocking the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_BOUNDS, readParagraphs } from '../../src/analyze/sentences.ts';
import { AnalysisBudgetError, analyzeArticles } from '../../src/analyze/index.ts';
import { openStore } from '../../src/store/index.ts';
import { analyzeChangedStories, ingestPaths } from '../../src/ingest/index.ts';
import { cli, tempDir, SHARED } from '../cli/run-cli.ts';

const SENTENCE = 'The council said the bridge over the Tarn would close for repairs on Tuesday. ';

test('an article is read up to its sentence bound; the paragraphs end where reading stopped', () => {
  const paragraph = SENTENCE.repeat(10).trim();
  const text = Array.from({ length: 100 }, () => paragraph).join('\n\n'); // 1,000 sentences
  const { paragraphs, sentences, truncated } = readParagraphs(text);
  assert.equal(sentences.length, ANALYSIS_BOUNDS.sentences);
  assert.ok(truncated);
  const last = sentences.at(-1)!;
  assert.equal(paragraphs.length, last.paragraph + 1);
  assert.ok(paragraphs.at(-1)!.endsWith(last.text));
  // Within the bound nothing is cut.
  const short = readParagraphs(Array.from({ length: 5 }, () => paragraph).join('\n\n'));
  assert.equal(short.sentences.length, 50);
  assert.equal(short.truncated, false);
});

test('a run of text with no sentence end is read in pieces within the bound, and no further than the character bound', () => {
  const text = 'word '.repeat(400_000); // 2 MB, one "sentence"
  const { sentences, truncated } = readParagraphs(text);
  assert.ok(truncated);
  assert.ok(sentences.every((s) => s.text.length <= ANALYSIS_BOUNDS.sentenceChars), 'pieces within the bound');
  const read = sentences.reduce((n, s) => n + s.text.length + 1, 0);
  assert.ok(read <= ANALYSIS_BOUNDS.chars, `read ${read} characters`);
});

test('a 2 MB article is stored and analyzed; the next ingest into the same store and its brief go through', { timeout: 180_000 }, () => {
  const dir = tempDir();
  const big = join(dir, 'big.jsonl');
  writeFileSync(big, `${JSON.stringify({ id: 'huge', text: SENTENCE.repeat(Math.ceil(2e6 / SENTENCE.length)) })}\n`);
  const db = join(dir, 's.db');
  const first = cli(['ingest', big, '--db', db]);
  assert.equal(first.status, 0, first.stderr);
  const second = cli(['ingest', `${SHARED}corpora/seeds`, '--db', db]);
  assert.equal(second.status, 0, second.stderr);
  const briefs = JSON.parse(cli(['brief', '--all', '--db', db, '--format', 'json']).stdout) as { articleRefs: string[]; facts: unknown[]; analysisFailure: string | null }[];
  const huge = briefs.find((b) => b.articleRefs.includes('huge'))!;
  assert.equal(huge.analysisFailure, null);
  assert.ok(briefs.some((b) => b.articleRefs.length >= 4 && b.facts.length > 0), 'the seeds story is analyzed');
});

test('a story past its work bound is stored as not analyzed with the reason, not retried until it changes, and the others are analyzed', () => {
  const articles = [0, 1, 2].map((i) => ({ ref: `a${i}`, title: null, lang: 'en', publishedAt: '2031-06-04', text: SENTENCE.repeat(40) }));
  assert.throws(() => analyzeArticles(articles, { work: 1000 }), AnalysisBudgetError);
  assert.ok(analyzeArticles(articles).facts.length > 0, 'within the default bound it is analyzed');

  const store = openStore(':memory:');
  ingestPaths(store, [`${SHARED}corpora/seeds`]);
  store.clearAnalyses();
  const failed: string[] = [];
  // A bound so small that only the one-sentence-title stories fit: the seeds' big story fails.
  const analyzed = analyzeChangedStories(store, undefined, (id, reason) => failed.push(`${id}: ${reason}`), 5_000);
  const stories = store.listStories();
  assert.equal(analyzed, stories.length, 'every story was tried');
  assert.ok(failed.length >= 1 && failed.length < stories.length, failed.join('\n'));
  assert.match(failed[0]!, /too large to analyze/);
  const failedId = failed[0]!.split(':')[0]!;
  assert.match(store.analysisFailure(failedId)!, /too large to analyze/);
  assert.deepEqual(store.getAnalysis<{ facts: unknown[] }>(failedId)!.facts, []);
  assert.ok(stories.some((s) => s.id !== failedId && store.analysisFailure(s.id) === null && store.getAnalysis(s.id)));
  // Nothing changed: nothing is retried.
  assert.equal(analyzeChangedStories(store, undefined, undefined, 5_000), 0);
  store.close();
});
