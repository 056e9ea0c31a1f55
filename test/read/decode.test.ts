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
