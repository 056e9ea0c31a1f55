// The seeds are the model input: five real machine-translated reports of one event with real noise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../../src/read/decode.ts';
import { cleanItem } from '../../src/clean/index.ts';

const SEEDS = new URL('../../../shared/corpora/seeds/', import.meta.url).pathname;
const REFERENCE = JSON.parse(readFileSync(new URL('../../../shared/corpus/minsk-2022/reference.json', import.meta.url), 'utf8'));

function cleanSeed(prefix: string) {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
  const raw = decodeText(readFileSync(join(SEEDS, file)));
  const result = cleanItem({ ref: file, path: file, text: raw, fromHtml: false, meta: {} });
  return { raw, article: result.article! };
}

test('every boilerplate passage of the reference annotation is gone from the cleaned text', () => {
  for (const { article: id, text } of REFERENCE.boilerplate as { article: string; text: string }[]) {
    const { article } = cleanSeed(id);
    for (const piece of text.split('\n').map((s) => s.trim()).filter(Boolean)) {
      assert.ok(!article.text.includes(piece), `${id}: boilerplate still present: ${piece}`);
    }
  }
});

test('no content sentence is lost: every quote, fact and timeline evidence is still in the text', () => {
  const evidence: { article: string; text: string }[] = [
    ...REFERENCE.quotes.map((q: { evidence: { article: string; text: string } }) => q.evidence),
    ...REFERENCE.facts.flatMap((f: { evidence: { article: string; text: string }[] }) => f.evidence),
    ...REFERENCE.timeline.flatMap((t: { evidence: { article: string; text: string }[] }) => t.evidence),
  ];
  assert.ok(evidence.length > 30);
  for (const e of evidence) {
    assert.ok(cleanSeed(e.article).article.text.includes(e.text), `${e.article}: lost "${e.text}"`);
  }
});

test('headlines are read from the first line and never repeated in the body', () => {
  const expected: Record<string, string | null> = {
    '000': 'Great visit to Belarus: Lukashenko warmly welcomed Putin at Minsk airport on Monday',
    '001': null,
    '002': 'Russia: Putin’s visit to Belarus sparks new fears in Kyiv',
    '003': 'Putin’s Belarusian accomplice in split: ‘Sees own country being swallowed’',
    '004': 'Everything okay with Lukashenko?: Putin back in Minsk after a long time',
  };
  for (const [id, title] of Object.entries(expected)) {
    const { article } = cleanSeed(id);
    assert.equal(article.title, title, id);
    if (title) assert.ok(!article.text.includes(title), `${id}: headline repeated in body`);
  }
  // 004 also repeats its standfirst; exactly one copy of it must remain.
  const standfirst = "Belarus is of high strategic value in Putin's war against Ukraine.";
  assert.equal(cleanSeed('004').article.text.split(standfirst).length - 1, 1);
});

test('publication dates come from the date stamps in the text, null where none is stated', () => {
  for (const [id, info] of Object.entries(REFERENCE.articles as Record<string, { published: string | null }>)) {
    assert.equal(cleanSeed(id).article.publishedAt, info.published, id);
  }
});

test('paragraphs are separated by one blank line and the language is English', () => {
  for (const id of ['000', '001', '002', '003', '004']) {
    const { article } = cleanSeed(id);
    assert.equal(article.lang, 'en');
    assert.ok(!/\n{3,}/.test(article.text) && article.text.includes('\n\n'), id);
  }
});
