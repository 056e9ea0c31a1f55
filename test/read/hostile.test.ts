// Inputs that were lost or garbled: references to no character, NUL, HTML nested thousands deep, a
// <meta charset> that lies, Atom titles in XHTML, JSON records sharing an id or giving their body as a
// list, UTF-16 without a byte order mark. Each is read, or only the part that cannot be is rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readInput } from '../../src/read/index.ts';
import { cleanItem } from '../../src/clean/index.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from 'htmlparser2';
import { TREE_DEPTH } from '../../src/read/html-main-text.ts';
import { SHARED } from '../cli/run-cli.ts';

const BRIDGE = 'The council said the Tarn bridge would close for repairs on Tuesday, after engineers found cracks in two of its piers.';
const FERRY = 'The ferry between Port Ebb and Tarn Point runs again from Monday, the harbour office said, after a month of repairs.';
const MARKET = 'The covered market of Port Ebb reopens on Saturday with forty stalls, the council said, three years after a fire.';

const rss = (items: string[]) => Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Ebb Gazette</title>${items.map((i) => `<item>${i}</item>`).join('')}</channel></rss>`);

test('a feed item with a character reference outside Unicode keeps the feed: U+FFFD in its place; &#0; and other controls are dropped', () => {
  const r = readInput('f.rss', rss([
    `<title>Bridge &#99999999; closes</title><description>${BRIDGE} &#x110000; &#xD800;</description>`,
    `<title>Ferry&#0; runs</title><description>${FERRY}&#1;&#x7f;</description>`,
    `<title>Market</title><description>${MARKET}</description>`,
  ]));
  assert.equal(r.items.length, 3);
  assert.deepEqual(r.problems, []);
  assert.equal(r.items[0]!.meta.title, 'Bridge \ufffd closes');
  assert.ok(r.items[0]!.text.endsWith('\ufffd \ufffd'));
  assert.equal(r.items[1]!.meta.title, 'Ferry runs');
  assert.ok(!/[\u0000-\u0008\u007f]/.test(r.items[1]!.text));
  // Escaped HTML decoded a second time gets the same treatment.
  const escaped = readInput('g.rss', rss([`<title>x</title><description>&lt;p&gt;${BRIDGE} &amp;#99999999;&lt;/p&gt;</description>`]));
  assert.ok(escaped.items[0]!.text.includes('\ufffd'));
});

test('a JSON string with NUL stores no NUL', () => {
  const r = readInput('a.jsonl', Buffer.from(`${JSON.stringify({ id: 'n', title: 'Null\u0000 title', text: `${BRIDGE}\u0000 ${FERRY}` })}\n${JSON.stringify({ id: 'm', text: MARKET })}\n`));
  assert.equal(r.items[0]!.meta.title, 'Null title');
  assert.ok(!r.items[0]!.text.includes('\u0000'));
});

test('HTML nested 3,000 deep is read: no stack overflow, and the article text is all there', () => {
  const depth = 3000;
  const html = `<html><head><title>Deep page</title></head><body>${'<div>'.repeat(depth)}<p>${BRIDGE}</p><p>${FERRY}</p><p>${MARKET}</p>${'</div>'.repeat(depth)}</body></html>`;
  const r = readInput('deep.html', Buffer.from(html));
  const a = cleanItem(r.items[0]!).article!;
  assert.equal(a.text, [BRIDGE, FERRY, MARKET].join('\n\n'));
  // Branching at every level too.
  const branching = `<html><body>${Array.from({ length: 2000 }, (_, i) => `<div><p>Paragraph ${i}: ${BRIDGE}</p>`).join('')}${'</div>'.repeat(2000)}</body></html>`;
  const b = cleanItem(readInput('branching.html', Buffer.from(branching)).items[0]!).article!;
  assert.ok(b.text.length > 10_000);
});

test('real news pages stay below the depth where wrappers are unwrapped, so the bound changes nothing on them', () => {
  const dir = `${SHARED}corpora/article-extraction/html`;
  let deepest = 0;
  for (const f of readdirSync(dir)) {
    const stack: [{ children?: unknown[] }, number][] = [[parseDocument(gunzipSync(readFileSync(`${dir}/${f}`)).toString('utf8')), 0]];
    while (stack.length) {
      const [node, depth] = stack.pop()!;
      deepest = Math.max(deepest, depth);
      for (const c of node.children ?? []) stack.push([c as { children?: unknown[] }, depth + 1]);
    }
  }
  assert.ok(deepest > 10 && deepest < TREE_DEPTH.unwrapAt, `deepest real page: ${deepest}`);
});

test('a <meta charset> that lies: Latin-1 bytes labelled shift_jis, or a page labelled utf-16, are read as Windows-1252; a true label is kept', () => {
  const body = '<p>Le café de la place rouvre cet été, après des travaux qui ont duré trois mois. Les habitués étaient ravis, a dit une cliente âgée.</p><p>La mairie a financé la rénovation, selon le conseil municipal réuni jeudi soir à la salle des fêtes.</p>';
  for (const label of ['shift_jis', 'utf-16', 'UTF-16LE']) {
    const page = Buffer.from(`<html><head><meta charset="${label}"><title>Le café rouvre</title></head><body><article>${body}</article></body></html>`, 'latin1');
    const a = cleanItem(readInput('p.html', page).items[0]!).article!;
    assert.equal(a.title, 'Le café rouvre', label);
    assert.match(a.text, /^Le café de la place rouvre cet été, après des travaux/, label);
  }
  // A page that really is Windows-1251, and says so.
  const cyrillic = 'Мэр открыл новый мост через реку в понедельник, сообщил городской совет. Строительство заняло два года и обошлось в сорок миллионов.';
  const cp1251 = Buffer.from([...cyrillic].map((c) => (c.charCodeAt(0) >= 0x410 && c.charCodeAt(0) <= 0x44f ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
  const page = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"><title>Most</title></head><body><article><p>'), cp1251, Buffer.from('</p></article></body></html>')]);
  const ruArticle = cleanItem(readInput('ru.html', page).items[0]!).article!;
  assert.equal(ruArticle.text, cyrillic);
});

test('Atom titles of type xhtml and html are read as text and are not replaced by the first paragraph', () => {
  const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Kranich &lt;b&gt;Island&lt;/b&gt; Bulletin</title>
  <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Ferry <em>resumes</em> service &amp; timetable</div></title><link href="https://kib.example/bac"/>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${FERRY}</p><p>${MARKET}</p></div></content></entry>
  <entry><title>Plain &amp; simple</title><link href="https://kib.example/2"/><summary>${BRIDGE}</summary></entry></feed>`;
  const r = readInput('k.atom', Buffer.from(atom));
  const first = cleanItem(r.items[0]!).article!;
  assert.equal(first.title, 'Ferry resumes service & timetable');
  assert.equal(first.text, `${FERRY}\n\n${MARKET}`);
  assert.equal(first.outlet, 'Kranich Island Bulletin');
  assert.equal(cleanItem(r.items[1]!).article!.title, 'Plain & simple');
});

test('JSON records sharing an id get distinct refs, and say so; a body given as a list is paragraphs', () => {
  const lines = [{ id: 'a1', text: BRIDGE }, { id: 'a1', text: FERRY }, { id: 'a1', text: MARKET }, { id: 'b', text: ['The storm hit Port Ebb on Sunday night.', 'Roofs were torn off in the old town.'] }];
  const r = readInput('d.jsonl', Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')));
  assert.deepEqual(r.items.map((i) => i.ref), ['a1', 'a1#2', 'a1#3', 'b']);
  assert.equal(r.notices?.length, 1);
  assert.match(r.notices![0]!.reason, /3 records give the id a1/);
  assert.equal(r.items[3]!.text, 'The storm hit Port Ebb on Sunday night.\n\nRoofs were torn off in the old town.');
});

test('UTF-16 without a byte order mark is decoded, little- and big-endian', () => {
  const text = `${BRIDGE}\n\n${FERRY}\n`;
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const [name, bytes] of [['le.txt', le], ['be.txt', be]] as const) {
    const r = readInput(name, bytes);
    assert.equal(r.items[0]!.text, text, name);
  }
});
