import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeText, gunzipIfNeeded, repairMojibake } from '../../src/read/decode.ts';
import { InputError } from '../../src/read/input-error.ts';

const bytes = (...xs: number[]) => Uint8Array.from(xs);
const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);

test('decodes UTF-8 with and without BOM, UTF-16 with BOM in both byte orders', () => {
  const s = 'Zürich café — “quoted” naïve';
  assert.equal(decodeText(Buffer.from(s, 'utf8')), s);
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')])), s);
  assert.equal(decodeText(utf16le(s)), s);
  assert.equal(decodeText(utf16be(s)), s);
});

test('detects Windows-1252 / ISO-8859-1 without a flag, including the 0x80–0x9F punctuation', () => {
  // "café “x” … – €" in Windows-1252
  const cp = bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x78, 0x94, 0x20, 0x85, 0x20, 0x96, 0x20, 0x80);
  assert.equal(decodeText(cp), 'café “x” … – €');
});

test('normalizes CR, CRLF, NEL, LS and PS line ends to \\n and composes to NFC', () => {
  assert.equal(decodeText(Buffer.from('a\r\nb\rc\u0085d\u2028e', 'utf8')), 'a\nb\nc\nd\ne');
  assert.equal(decodeText(Buffer.from('Gu\u0308rth', 'utf8')), 'Gürth');
});

test('repairs mojibake runs and leaves genuine Latin-1 text alone', () => {
  assert.equal(repairMojibake('Itâ€™s a cafÃ© in ZÃ¼rich'), 'It’s a café in Zürich');
  assert.equal(repairMojibake('Ã la carte'), 'Ã la carte');
  assert.equal(repairMojibake('São Paulo, Müller'), 'São Paulo, Müller');
});

test('rejects empty and binary input with a reason', () => {
  assert.throws(() => decodeText(bytes()), (e: unknown) => e instanceof InputError && e.code === 'empty');
  assert.throws(() => decodeText(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d)), (e: unknown) => e instanceof InputError && e.code === 'binary');
});

test('gunzips transparently and refuses a gzip that inflates past the limit', () => {
  const text = 'hello '.repeat(1000);
  assert.equal(Buffer.from(gunzipIfNeeded(gzipSync(text), 1e6)).toString(), text);
  assert.throws(() => gunzipIfNeeded(gzipSync(Buffer.alloc(2e6)), 1e6), (e: unknown) => e instanceof InputError && e.code === 'too-large');
  assert.throws(() => gunzipIfNeeded(bytes(0x1f, 0x8b, 1, 2, 3), 1e6), (e: unknown) => e instanceof InputError && e.code === 'malformed');
});

test('a page that is not UTF-8 is decoded with the charset it declares', () => {
  // "Привет, мир" in Windows-1251 inside a page that says so.
  const cyr = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0]);
  const page = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"></head><body><p>'), cyr, Buffer.from('</p></body></html>')]);
  assert.match(decodeText(page), /<p>Привет, мир<\/p>/);
  const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>'), cyr, Buffer.from('</title></channel></rss>')]);
  assert.match(decodeText(xml), /<title>Привет, мир<\/title>/);
  // A page that declares a legacy charset but is really UTF-8 stays UTF-8.
  assert.match(decodeText(Buffer.from('<meta charset="windows-1251"><p>Zürich</p>', 'utf8')), /Zürich/);
});
