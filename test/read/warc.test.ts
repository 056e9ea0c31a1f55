// WARC archives written here by hand, as crawlers write them: a warcinfo record, requests, responses
// (plain, chunked and gzip-encoded, a legacy charset named only in the HTTP header), records that are
// not HTML pages, and an archive cut off inside its last record, both as .warc and as .warc.gz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readInput } from '../../src/read/index.ts';
import { cleanItem } from '../../src/clean/index.ts';
import { cli, tempDir } from '../cli/run-cli.ts';

function record(type: string, headers: Record<string, string>, block: Buffer): Buffer {
  const head = ['WARC/1.1', `WARC-Type: ${type}`, `WARC-Record-ID: <urn:uuid:${type}-${Math.abs(block.length * 7919) % 100000}>`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${block.length}`].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), block, Buffer.from('\r\n\r\n')]);
}

function http(status: string, headers: Record<string, string>, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'latin1'), body]);
}

const chunked = (body: Buffer) => Buffer.concat([
  ...[body.subarray(0, 100), body.subarray(100)].map((part) => Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])),
  Buffer.from('0\r\n\r\n'),
]);

/** Windows-1251 bytes of Cyrillic text (А–я are 0xC0–0xFF; ASCII as is). */
const cp1251 = (s: string) => Buffer.from([...s].map((c) => {
  const code = c.codePointAt(0)!;
  if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
  if (code < 0x80) return code;
  throw new Error(`no windows-1251 byte for ${c} in this test`);
}));

const page = (title: string, paragraphs: string[], date?: string) => `<!doctype html><html><head><title>${title}</title>${date ? `<meta property="article:published_time" content="${date}">` : ''}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article><footer>All rights reserved</footer></body></html>`;

const FERRY = page('Ferry service to Skerrin Island resumes after storm repairs', [
  'The ferry between Portmallow and Skerrin Island sailed again on Thursday morning after three weeks of repairs to the storm-damaged pier.',
  'The harbour master, Orla Quennel, said the new pier could take both ferries at once and would stand winds of up to 120 kilometres an hour.',
  'Islanders had relied on a fishing boat for supplies since the storm, and the island school had closed for nine days.',
  'The operator said a reduced timetable of four crossings a day would run until the end of the month.',
], '2031-03-06T08:15:00Z');
const ORCHARD = page('Orchard growers in the Tamsel valley count frost losses', [
  'Apple growers in the Tamsel valley lost about a third of their blossom to two nights of hard frost, the growers association said.',
  'Its chairwoman, Bettina Ahlgren, said candles and wind machines had saved the higher orchards but not those along the river.',
  'The regional government will decide next week whether the valley qualifies for the disaster fund.',
]);
const BRIDGE = page('Лемарск', [
  'Городской совет Лемарска утвердил строительство нового моста через реку Вель в среду вечером.',
  'Мост длиной четыреста метров соединит старый город с новым районом на левом берегу реки.',
  'Работы начнутся весной и продлятся два года, сообщил глава городского совета Артем Белов.',
]);

function records(): Buffer[] {
  const html = (body: Buffer, extra: Record<string, string> = {}) => http('200 OK', { 'Content-Type': 'text/html; charset=utf-8', ...extra }, body);
  return [
    record('warcinfo', { 'WARC-Date': '2031-03-07T00:00:00Z', 'Content-Type': 'application/warc-fields' }, Buffer.from('software: a test\r\nformat: WARC File Format 1.1\r\n')),
    record('request', { 'WARC-Target-URI': 'https://portmallow-post.example/ferry', 'WARC-Date': '2031-03-07T10:00:00Z', 'Content-Type': 'application/http; msgtype=request' },
      Buffer.from('GET /ferry HTTP/1.1\r\nHost: portmallow-post.example\r\n\r\n')),
    record('response', { 'WARC-Target-URI': 'https://portmallow-post.example/ferry', 'WARC-Date': '2031-03-07T10:00:01Z', 'Content-Type': 'application/http; msgtype=response' },
      html(Buffer.from(FERRY))),
    record('response', { 'WARC-Target-URI': 'https://tamsel-courier.example/frost', 'WARC-Date': '2031-04-12T06:30:00Z', 'Content-Type': 'application/http; msgtype=response' },
      html(chunked(gzipSync(Buffer.from(ORCHARD))), { 'Transfer-Encoding': 'chunked', 'Content-Encoding': 'gzip' })),
    record('response', { 'WARC-Target-URI': 'https://tamsel-courier.example/logo.png', 'WARC-Date': '2031-04-12T06:30:02Z', 'Content-Type': 'application/http; msgtype=response' },
      http('200 OK', { 'Content-Type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))),
    record('response', { 'WARC-Target-URI': 'https://tamsel-courier.example/gone', 'WARC-Date': '2031-04-12T06:30:03Z', 'Content-Type': 'application/http; msgtype=response' },
      http('404 Not Found', { 'Content-Type': 'text/html' }, Buffer.from('<html><body><p>Not found</p></body></html>'))),
    record('response', { 'WARC-Target-URI': 'https://lemarsk-vestnik.example/most', 'WARC-Date': '2031-05-20T12:00:00Z', 'Content-Type': 'application/http; msgtype=response' },
      http('200 OK', { 'Content-Type': 'text/html; charset=windows-1251' }, cp1251(BRIDGE))),
    record('metadata', { 'WARC-Target-URI': 'https://lemarsk-vestnik.example/most', 'WARC-Date': '2031-05-20T12:00:00Z', 'Content-Type': 'application/warc-fields' }, Buffer.from('fetchTimeMs: 120\r\n')),
    record('response', { 'WARC-Target-URI': 'https://portmallow-post.example/late', 'WARC-Date': '2031-05-21T12:00:00Z', 'Content-Type': 'application/http; msgtype=response' },
      html(Buffer.from(page('A page the crawler never finished writing', ['It was cut off.'])))),
  ];
}

/** The archive with its last record cut in half. */
function truncatedWarc(): Buffer {
  const all = records();
  const last = all.pop()!;
  return Buffer.concat([...all, last.subarray(0, Math.floor(last.length / 2))]);
}

/** The same as a .warc.gz: one gzip member per record, the last member cut in half. */
function truncatedWarcGz(): Buffer {
  const all = records().map((r) => gzipSync(r));
  const last = all.pop()!;
  return Buffer.concat([...all, last.subarray(0, Math.floor(last.length / 2))]);
}

for (const [name, bytes] of [['crawl.warc', truncatedWarc()], ['crawl.warc.gz', truncatedWarcGz()]] as const) {
  test(`${name}: each archived HTML page is an article with its URL; other records counted; the cut reported`, () => {
    const r = readInput(`archive/${name}`, bytes);
    assert.deepEqual(r.items.map((i) => [i.ref, i.meta.url]), [
      [`archive/${name}#3`, 'https://portmallow-post.example/ferry'],
      [`archive/${name}#4`, 'https://tamsel-courier.example/frost'],
      [`archive/${name}#7`, 'https://lemarsk-vestnik.example/most'],
    ]);
    const [ferry, orchard, bridge] = r.items.map((i) => cleanItem(i).article!);
    assert.equal(ferry!.title, 'Ferry service to Skerrin Island resumes after storm repairs');
    assert.equal(ferry!.publishedAt, '2031-03-06T08:15:00Z', "the page's own date wins over its capture");
    assert.match(ferry!.text, /^The ferry between Portmallow and Skerrin Island sailed again/);
    assert.ok(!ferry!.text.includes('All rights reserved'));
    assert.match(orchard!.text, /Bettina Ahlgren, said candles and wind machines/, 'a chunked, gzip-encoded body is unpacked');
    assert.equal(orchard!.publishedAt, '2031-04-12T06:30:00Z', 'a page without a date is dated by its capture');
    assert.match(bridge!.text, /утвердил строительство нового моста через реку Вель/, 'the charset of the HTTP header decodes the page');
    assert.deepEqual(r.notices?.map((n) => n.reason), ['5 archive records skipped, not HTML pages: 1 metadata, 1 request, 1 response 404, 1 response image/png, 1 warcinfo']);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.reason, /^the archive ends inside record 9 \(byte \d+ of the uncompressed archive\); the 8 records before it were read$/);
  });
}

test('storyline ingest of a folder with a .warc.gz: its pages land, the cut archive is reported with its path', () => {
  const dir = tempDir();
  const input = join(dir, 'crawls');
  mkdirSync(input);
  writeFileSync(join(input, 'crawl.warc.gz'), truncatedWarcGz());
  writeFileSync(join(input, 'not-an-archive.warc'), 'this is not a web archive at all\n');
  const db = join(dir, 'store.db');
  const r = cli(['ingest', input, '--db', db]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /crawl\.warc\.gz: .*the archive ends inside record 9/);
  assert.match(r.stderr, /not-an-archive\.warc: .*not a WARC archive/);
  assert.match(r.stderr, /crawl\.warc\.gz: 5 archive records skipped/);
  assert.match(r.stderr, /ingested 3, duplicates 0, rejected 2/);
  const listed = JSON.parse(cli(['articles', '--db', db, '--json']).stdout) as { url: string | null }[];
  assert.deepEqual(listed.map((a) => a.url).sort(), ['https://lemarsk-vestnik.example/most', 'https://portmallow-post.example/ferry', 'https://tamsel-courier.example/frost']);
  // The same archive again changes nothing.
  const again = cli(['ingest', input, '--db', db]);
  assert.match(again.stderr, /ingested 0, duplicates 3, rejected 2/);
});
