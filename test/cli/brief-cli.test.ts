import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, tempDir, SHARED } from './run-cli.ts';

interface BriefJson {
  id: string; headline: string | null; articleRefs: string[];
  entities: { name: string; type: string; aliases: string[]; articleRefs: string[]; descriptors: string[] }[];
  quotes: { text: string; speaker: string | null; cue: string | null; articleRef: string }[];
  timeline: { date: string; text: string; articleRefs: string[] }[];
  facts: { text: string; articleRefs: string[] }[];
  conflicts: { about: string; kind: string; claims: { value: string; text: string; articleRefs: string[] }[] }[];
}

const seed = (refs: string[]) => refs.map((r) => /seeds\/(\d{3})_/.exec(r)![1]).join(',');

test('brief on the seeds: the visit story read across outlets, stored once and served from the store', () => {
  const db = join(tempDir(), 'b.db');
  assert.equal(cli(['ingest', `${SHARED}corpora/seeds`, '--db', db]).status, 0);
  const r = cli(['brief', '--all', '--db', db, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const briefs = JSON.parse(r.stdout) as BriefJson[];
  const visit = briefs.find((b) => b.articleRefs.length === 4)!;
  assert.ok(visit, 'the four reports of the visit are one story');
  for (const k of ['id', 'headline', 'articleRefs', 'entities', 'quotes', 'timeline', 'facts', 'conflicts']) assert.ok(k in visit, k);

  // "on Monday" in the article of Wednesday 21 December 2022 (and in the undated ones) is the 19th.
  const monday = visit.timeline.find((t) => t.date === '2022-12-19' && /Monday/.test(t.text));
  assert.ok(monday, visit.timeline.map((t) => `${t.date} ${t.text.slice(0, 40)}`).join('\n'));
  assert.ok(visit.timeline.some((t) => t.date === '1994' && /since 1994/.test(t.text)));

  // The first visit in three years: said by all four (three years ago, since 2019, in three years).
  const firstVisit = visit.facts.find((f) => /three years/.test(f.text));
  assert.equal(seed(firstVisit!.articleRefs), '000,001,002,004');
  const alliance = visit.facts.find((f) => /October/.test(f.text) && /alliance/.test(f.text));
  assert.equal(seed(alliance!.articleRefs), '000,001,004');

  // The start of the invasion (24 vs 25 February, the background piece in the same storyline) and the troops.
  const invasion = visit.conflicts.find((c) => c.claims.some((x) => x.value === '2022-02-24') && c.claims.some((x) => x.value === '2022-02-25'));
  assert.equal(invasion?.kind, 'contradiction');
  const troops = visit.conflicts.find((c) => c.claims.some((x) => /9,000/.test(x.value)) && c.claims.some((x) => /^thousands$/i.test(x.value)));
  assert.equal(troops?.kind, 'precision');
  assert.equal(seed(troops.claims.find((x) => /9,000/.test(x.value))!.articleRefs), '001,002');

  // One stored analysis per story; a second ingest of the same files changes nothing.
  const count = () => new Database(db, { readonly: true }).prepare('SELECT COUNT(*) FROM story_analysis').pluck().get();
  assert.equal(count(), briefs.length);
  const signatures = () => new Database(db, { readonly: true }).prepare('SELECT story_id, signature FROM story_analysis ORDER BY story_id').all();
  const before = signatures();
  cli(['ingest', `${SHARED}corpora/seeds`, '--db', db]);
  assert.deepEqual(signatures(), before);
  assert.deepEqual(JSON.parse(cli(['brief', '--all', '--db', db, '--format', 'json']).stdout), briefs);

  // One story by id; an unknown id is an error, not an empty brief.
  const one = JSON.parse(cli(['brief', visit.id, '--db', db, '--format', 'json']).stdout) as BriefJson[];
  assert.deepEqual(one.map((b) => b.id), [visit.id]);
  const missing = cli(['brief', 'sdoesnotexist', '--db', db]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no story with id sdoesnotexist/);
  assert.equal(cli(['brief', '--db', db]).status, 2);
});

test('run: the one-shot job briefs every story of the seeds in Markdown, HTML or JSON; eval summary scores ROUGE', () => {
  const md = cli(['run', `${SHARED}corpora/seeds`, '--format', 'md']);
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stderr, /ingested 5/);
  // The visit story comes first (most articles), with a cited summary and numbered sources.
  const first = md.stdout.split('\n---\n')[0]!;
  assert.match(first, /## Summary\n\n[^\n]+\[\d(, \d)*\]/);
  assert.match(first, /## Sources\n\n1\. .*\n2\. .*\n3\. .*\n4\. /);
  // The troops sentence is cited to the three reports that say Lukashenko will not send soldiers (by reading).
  const troops = /Lukashenko has repeatedly promised that he does not want to send troops to Ukraine\. \[([\d, ]+)\]/.exec(first);
  assert.equal(troops?.[1], '1, 3, 4');
  const summaryWords = (out: string) => /## Summary\n\n([^\n]+)/.exec(out)![1]!.replace(/\[[\d, ]+\]/g, '').split(/\s+/).filter(Boolean).length;
  const short = cli(['run', `${SHARED}corpora/seeds`, '--words', '60']);
  assert.ok(summaryWords(short.stdout) < summaryWords(md.stdout));
  const html = cli(['run', `${SHARED}corpora/seeds`, '--format', 'html']);
  assert.match(html.stdout, /^<!doctype html>/);
  const json = JSON.parse(cli(['run', `${SHARED}corpora/seeds`, '--format', 'json']).stdout) as { summary: { text: string; articleRefs: string[] }[]; outletUnique: unknown[]; sources: unknown[] }[];
  assert.ok(json[0]!.summary.length >= 4 && json[0]!.summary.every((s) => s.articleRefs.length >= 1));
  // Its four articles, then the background piece of the same storyline that a conflict cites.
  assert.equal(json[0]!.sources.length, 5);
  assert.match(first, /4 articles from/);
  assert.match(first, /\n5\. \(another story of this storyline\) /);
  assert.match(first, /2022-02-25 \[5\]/);
  assert.equal(cli(['run', `${SHARED}corpora/seeds`, '--format', 'pdf']).status, 2);
  assert.equal(cli(['run']).status, 2);

  const rouge = cli(['eval', 'summary', 'eval/summary/fixtures.jsonl', '--floor', '0.2']);
  assert.equal(rouge.status, 0, rouge.stderr);
  assert.match(rouge.stdout, /mean of 2 \(words \d+\)\s+ROUGE-1 F1 0\.\d{4}\s+ROUGE-2 F1 0\.\d{4}/);
  assert.equal(cli(['eval', 'summary', 'eval/summary/fixtures.jsonl', '--floor', '0.99']).status, 1);
});
