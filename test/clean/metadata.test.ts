import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanItem, dateFromUrl, outletFromUrl } from '../../src/clean/index.ts';
import { cleanTitle } from '../../src/clean/title.ts';
import { detectLanguage } from '../../src/clean/language.ts';

test('publication date from the URL only when it spells a full date', () => {
  const rows: [string, string | null][] = [
    ['https://news.example/2031/05/02/ferry-returns', '2031-05-02'],
    ['https://news.example/politics/20310502-ferry.html', '2031-05-02'],
    ['https://news.example/2031/05/ferry-returns', null],
    ['https://news.example/story/12345678', null],
    ['https://news.example/2031/13/02/x', null],
  ];
  for (const [url, date] of rows) assert.equal(dateFromUrl(url), date, url);
});

test('metadata beats the stamp, the stamp beats the URL, and nothing is taken from today', () => {
  const base = { ref: 'r', path: 'p', fromHtml: false, text: 'Updated on 05/03/2031 at 9:00 am\n\nThe ferry returned on Friday after repairs to its engine, the operator said.' };
  assert.equal(cleanItem({ ...base, meta: { published: '2031-05-02T10:00:00Z', url: 'https://x.example/2031/05/01/a' } }).article!.publishedAt, '2031-05-02T10:00:00Z');
  assert.equal(cleanItem({ ...base, meta: { url: 'https://x.example/2031/05/01/a' } }).article!.publishedAt, '2031-05-03');
  const noStamp = { ...base, text: 'The ferry returned on Friday after repairs to its engine, the operator said.' };
  assert.equal(cleanItem({ ...noStamp, meta: { url: 'https://x.example/2031/05/01/a' } }).article!.publishedAt, '2031-05-01');
  assert.equal(cleanItem({ ...noStamp, meta: {} }).article!.publishedAt, null);
});

test('outlet from the URL host without www; titles lose site and section suffixes', () => {
  assert.equal(outletFromUrl('https://www.calder.example/a'), 'calder.example');
  assert.equal(outletFromUrl(null), null);
  const rows: [string, string | null, string][] = [
    ['Ferry returns to Kranich island | The Wellmar Post', 'The Wellmar Post', 'Ferry returns to Kranich island'],
    ['Ferry returns to Kranich island – Local', null, 'Ferry returns to Kranich island'],
    ['Ferry returns to Kranich island - a long story of repairs and delays', null, 'Ferry returns to Kranich island - a long story of repairs and delays'],
    ['Ferry returns.', null, 'Ferry returns'],
  ];
  for (const [raw, outlet, title] of rows) assert.equal(cleanTitle(raw, outlet), title, raw);
});

test('language is detected from the text; a stated code is the fallback for text too short to tell', () => {
  assert.equal(detectLanguage('Die Fähre fährt wieder, nachdem die Reparatur am Motor abgeschlossen wurde.', 'en'), 'de');
  assert.equal(detectLanguage('Le bac reprend son service mardi après trois semaines de réparations.'), 'fr');
  assert.equal(detectLanguage('El transbordador vuelve a funcionar tras tres semanas de reparaciones.'), 'es');
  assert.equal(detectLanguage('OK', 'nl-NL'), 'nl');
});
