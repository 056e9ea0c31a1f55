import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readInput, detectForm, isTruncatedHtml } from '../../src/read/index.ts';
import { InputError } from '../../src/read/input-error.ts';
import { cleanItem } from '../../src/clean/index.ts';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const readFixture = (name: string) => readInput(fixture(name), readFileSync(fixture(name)));
const articleOf = (name: string, i = 0) => cleanItem(readFixture(name).items[i]!).article!;
const isInputError = (code: string) => (e: unknown) => e instanceof InputError && e.code === code;

test('HTML: main text without navigation, cookie banner, related links, share prompt or footer', () => {
  const a = articleOf('html/news-with-related.html');
  assert.equal(a.title, 'Fenwick library reopens after two-year rebuild');
  assert.equal(a.publishedAt, '2031-06-04T10:00:00Z');
  assert.equal(a.outlet, 'Fenwick Gazette');
  assert.equal(a.author, 'Lena Morrow');
  assert.match(a.text, /^The central library in Fenwick reopened on Saturday/);
  // A real sentence that contains "share" stays.
  assert.match(a.text, /Readers who share a library card/);
  assert.match(a.text, /Monday to Friday \| 9:00 to 22:00/);
  for (const junk of ['Home', 'Related stories', 'Council approves library budget', 'Share this article', 'All rights reserved', 'Updated June 4']) {
    assert.ok(!a.text.includes(junk), `kept: ${junk}`);
  }
  assert.equal(a.text.split('\n\n').length, 7); // 4 paragraphs and 3 table rows
});

test('HTML: comments section and cookie notice dropped, language detected, date from <meta name=date>', () => {
  const a = articleOf('html/blog-with-comments.html');
  assert.equal(a.lang, 'de');
  assert.equal(a.publishedAt, '2031-05-02');
  assert.equal(a.title, 'Neue Fähre für den Nordhafen');
  assert.match(a.text, /Die Stadt Wellmar hat am Dienstag/);
  assert.match(a.text, /Eine Entscheidung darüber soll im Juni fallen\.$/);
  for (const junk of ['Cookies', 'Kommentare', 'Endlich', 'Leave a Reply', 'Archiv']) assert.ok(!a.text.includes(junk), `kept: ${junk}`);
});

test('HTML: truncated page is an input error; a page without closing tags that ends cleanly is not', () => {
  assert.ok(isTruncatedHtml('<html><body><p>Half a para'));
  assert.ok(isTruncatedHtml('<html><body><p>Half a para</p><di'));
  assert.ok(!isTruncatedHtml('<html><body><p>Whole para</p>'));
  assert.ok(!isTruncatedHtml('<p>fragment without html element'));
  const page = readFileSync(fixture('html/news-with-related.html'), 'utf8');
  assert.throws(() => readInput('cut.html', Buffer.from(page.slice(0, 1500))), isInputError('malformed'));
});

test('Atom: xhtml content, xml:lang, alternate link, updated used only when nothing else dates it', () => {
  const { items } = readFixture('atom-xhtml.atom');
  assert.equal(items.length, 2);
  assert.ok(items[0]!.ref.endsWith('atom-xhtml.atom#1'));
  const fr = cleanItem(items[0]!).article!;
  assert.equal(fr.lang, 'fr');
  assert.equal(fr.url, 'https://kib.example/bac');
  assert.equal(fr.outlet, 'Kranich Island Bulletin');
  assert.equal(fr.publishedAt, '2031-07-02T08:00:00Z');
  assert.equal(fr.text.split('\n\n').length, 2);
  assert.ok(!fr.text.includes('<'));
  const summaryOnly = cleanItem(items[1]!).article!;
  assert.match(summaryOnly.text, /^The island council met on Monday/);
  assert.equal(summaryOnly.publishedAt, '2031-07-01T08:00:00Z');
});

test('RSS: content:encoded over description, pubDate with offset, creator, feed title as outlet', () => {
  const path = new URL('../../examples/northshore-daily.rss', import.meta.url).pathname;
  const { items } = readInput(path, readFileSync(path));
  assert.equal(items.length, 2);
  const a = cleanItem(items[0]!).article!;
  assert.equal(a.outlet, 'Northshore Daily');
  assert.equal(a.author, 'Maren Holt');
  assert.equal(a.publishedAt, '2031-03-12T08:15:00Z');
  assert.match(a.text, /^Some 15,000 commuters/);
  assert.ok(!a.text.includes('closed indefinitely'), 'description must not be appended to full content');
});

test('XML entity bombs and external entities are refused without expansion', () => {
  assert.throws(() => readFixture('billion-laughs.xml'), isInputError('unsafe-xml'));
  assert.throws(() => readFixture('external-entity.rss'), isInputError('unsafe-xml'));
});

test('JSONL: a broken line is reported with its number and the other lines land; ids become refs', () => {
  const src = [
    JSON.stringify({ id: 'a1', title: 'One', text: 'First article text about the harbour that is long enough.', date: '2031-01-02' }),
    '{"id": "a2", "title": "Two", "text": "unterminated',
    JSON.stringify({ headline: 'Three', content: '<p>Third <b>article</b> body.</p><p>Second paragraph.</p>', link: 'https://x.example/3', publisher: 'X Daily' }),
    JSON.stringify({ title: 'No text' }),
  ].join('\n');
  const r = readInput('feed.jsonl', Buffer.from(src));
  assert.deepEqual(r.items.map((i) => i.ref), ['a1', 'feed.jsonl#3']);
  assert.deepEqual(r.problems.map((p) => p.reason.split(':')[0]), ['line 2', 'record 4']);
  const third = cleanItem(r.items[1]!).article!;
  assert.equal(third.text, 'Third article body.\n\nSecond paragraph.');
  assert.equal(third.outlet, 'X Daily');
});

test('JSON: arrays, wrapped arrays and single objects; a single object keeps the bare path as ref', () => {
  const one = readInput('one.json', Buffer.from(JSON.stringify({ body: 'Only article text here.', url: 'https://www.site.example/a' })));
  assert.deepEqual(one.items.map((i) => i.ref), ['one.json']);
  assert.equal(cleanItem(one.items[0]!).article!.outlet, 'site.example');
  const wrapped = readInput('w.json', Buffer.from(JSON.stringify({ articles: [{ text: 'A text.' }, { text: 'B text.' }] })));
  assert.deepEqual(wrapped.items.map((i) => i.ref), ['w.json#1', 'w.json#2']);
  assert.throws(() => readInput('bad.json', Buffer.from('{"text": ')), isInputError('malformed'));
});

test('gzip is read transparently and the form is decided under the .gz', () => {
  const path = new URL('../../examples/archive/lanmore-evening-star.atom.gz', import.meta.url).pathname;
  const { items } = readInput(path, readFileSync(path));
  assert.equal(items.length, 1);
  assert.match(items[0]!.text, /^Passengers on the Kestrel Air flight/);
  const gz = readInput('page.html.gz', gzipSync(readFileSync(fixture('html/news-with-related.html'))));
  assert.match(gz.items[0]!.text, /central library in Fenwick/);
});

test('form detection sniffs content when the extension is missing or wrong', () => {
  assert.equal(detectForm('a', '<!DOCTYPE html><html>'), 'html');
  assert.equal(detectForm('a.txt', '<?xml version="1.0"?><rss version="2.0">'), 'feed');
  assert.equal(detectForm('a', '{"text": "x"}\n{"text": "y"}'), 'jsonl');
  assert.equal(detectForm('a.dat', '[{"text": "x"}]'), 'json');
  assert.equal(detectForm('notes', 'Plain words < and > here'), 'text');
});

test('size limit applies to the file and to what it decompresses to', () => {
  assert.throws(() => readInput('big.txt', Buffer.alloc(2048, 97), 1024), isInputError('too-large'));
  assert.throws(() => readInput('big.txt.gz', gzipSync(Buffer.alloc(4096, 97)), 1024), isInputError('too-large'));
});

test('JSON Feed: items with content_html or content_text, their dates and authors; the feed title as the outlet', () => {
  const feed = JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1', title: 'Quay Times', home_page_url: 'https://quay-times.example/',
    items: [
      { id: 'https://quay-times.example/a/1', url: 'https://quay-times.example/a/1', title: 'Quay wall repaired after winter storms', date_published: '2031-02-14T09:00:00Z',
        authors: [{ name: 'Tam Hosking' }, { name: 'Ida Rowe' }],
        content_html: '<p>The quay wall at Sennen harbour was repaired on Friday after three months of work, the harbour board said.</p><p>The chair, Rhoda Pellow, said the repairs cost 1.2 million pounds.</p>' },
      { id: '2', title: 'Lifeboat crew honoured', date_published: '2031-02-15T10:00:00Z',
        content_text: 'The Sennen lifeboat crew received a national award on Saturday for a rescue in the January gales. Coxswain Ben Trewin accepted it for the crew of eight.' },
    ],
  });
  const r = readInput('quay.json', Buffer.from(feed));
  assert.deepEqual(r.problems, []);
  const [wall, lifeboat] = r.items.map((i) => cleanItem(i).article!);
  assert.equal(wall!.outlet, 'Quay Times');
  assert.equal(wall!.author, 'Tam Hosking, Ida Rowe');
  assert.equal(wall!.publishedAt, '2031-02-14T09:00:00Z');
  assert.equal(wall!.text.split('\n\n').length, 2, 'content_html keeps its paragraphs');
  assert.match(lifeboat!.text, /^The Sennen lifeboat crew received a national award/);
  assert.equal(lifeboat!.outlet, 'Quay Times');
});
