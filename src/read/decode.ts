/**
 * Bytes → clean Unicode string. Takes the raw bytes of one input; gives NFC text with `\n` line ends.
 *
 * Order matters: gzip first (crawls store pages compressed), then a BOM decides the encoding, else
 * strict UTF-8 is tried and legacy Windows-1252 (a superset of ISO-8859-1 for printable text) is the
 * fallback. Single-byte text is never valid UTF-8 once it holds an accented letter, so the strict
 * decoder is a reliable detector without a flag. Mojibake already baked into the text (UTF-8 read as
 * Windows-1252 upstream, "â€™") is repaired run by run, the way ftfy does it.
 */
import { constants, isUtf8 } from 'node:buffer';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { InputError } from './input-error.ts';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** How many leading bytes to inspect for NULs and control characters when deciding "binary". */
const SNIFF_BYTES = 8192;
/** Share of control bytes above which an input without a BOM is binary, not text. */
const MAX_CONTROL_SHARE = 0.02;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function gunzipIfNeeded(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    // maxOutputLength keeps a gzip bomb from exhausting memory.
    // A buffer cannot exceed buffer.constants.MAX_LENGTH (4 GB on Node 20): a larger limit is that one.
    return gunzipSync(bytes, { maxOutputLength: Math.min(maxBytes, constants.MAX_LENGTH) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /too large|exceeds/i.test(String(e))) {
      throw new InputError('too-large', `decompressed size exceeds the limit of ${Math.min(maxBytes, constants.MAX_LENGTH)} bytes`);
    }
    throw new InputError('malformed', 'corrupt gzip data');
  }
}

/** Decode bytes to normalized text; throws InputError for empty or binary input. */
export function decodeText(bytes: Uint8Array): string {
  return normalizeText(decodeBytes(bytes));
}

/**
 * Decode bytes to a string without normalizing it: an HTML page is normalized after extraction, on
 * the few kilobytes of text it holds rather than the whole page.
 */
export function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InputError('empty', 'empty file');
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    const utf16 = utf16WithoutBom(bytes);
    if (utf16) return new TextDecoder(utf16).decode(bytes);
    if (looksBinary(bytes)) throw new InputError('binary', 'binary data, not text');
    // isUtf8 and Buffer's decoder are simdutf: ~10× faster than a fatal TextDecoder on a 170 KB page.
    text = isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : (decodeDeclared(bytes) ?? decodeWindows1252(bytes));
  }
  return text;
}

/** Encodings Windows-1252 decoding already covers (its printable range is a superset of theirs). */
const LATIN1_LABELS = /^(?:windows-1252|cp1252|iso-8859-1|iso8859-1|latin-?1|us-ascii|ascii|l1)$/i;

/**
 * A page or feed that is not UTF-8 usually says what it is (<meta charset>, http-equiv, the XML
 * declaration): Windows-1251, Shift_JIS, EUC-KR, GBK… are decoded as declared. Only consulted when
 * strict UTF-8 fails, because pages declaring a legacy charset while serving UTF-8 are common.
 */
function decodeDeclared(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  let label = (/<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w:.-]+)/i.exec(head))?.[1];
  // The HTML standard reads a page that calls itself UTF-16 in a <meta> (which an ASCII-compatible
  // prescan could not have found in real UTF-16) as UTF-8, and x-user-defined as Windows-1252.
  if (label && /^utf-?16(?:[bl]e)?$/i.test(label)) label = 'utf-8';
  if (!label || LATIN1_LABELS.test(label) || /^x-user-defined$/i.test(label)) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder(label).decode(bytes);
  } catch {
    return null; // a label TextDecoder does not know: fall back to Windows-1252
  }
  // A label that lies: the bytes are not valid in it and come out as U+FFFD, where Windows-1252 (the
  // other candidate, strict UTF-8 having failed) reads every byte. More than one replacement in a
  // hundred non-ASCII characters is a wrong label, not a damaged byte or two.
  let nonAscii = 0;
  let replaced = 0;
  for (const c of decoded) {
    if (c.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (c === '\ufffd') replaced++;
  }
  return replaced > 0 && replaced * 100 > nonAscii ? null : decoded;
}

/**
 * UTF-16 saved without a byte order mark: text in a Latin or Cyrillic script then has a NUL in every
 * other byte, on the same side (odd positions little-endian, even big-endian), which binary data does
 * not. (UTF-16 in a script above U+00FF has few NULs and no such tell; it needs its BOM.)
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 8) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.4 && even < pairs * 0.02) return 'utf-16le';
  if (even > pairs * 0.4 && odd < pairs * 0.02) return 'utf-16be';
  return null;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return controls / n > MAX_CONTROL_SHARE;
}

/** Line ends to `\n` (CRLF, CR, NEL, LS, PS), mojibake repaired, stray controls dropped, NFC. */
export function normalizeText(text: string): string {
  return dropControls(repairMojibake(text).replace(/\r\n?|\u0085|\u2028|\u2029/g, '\n'))
    .replace(/\u000c/g, '\n')
    .normalize('NFC');
}

const CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufeff]/g;

/**
 * NUL and the other control characters (not tab, line ends or form feed) dropped: a field decoded
 * after the file was normalized (a feed's `&#0;`, a JSON string's `\u0000`) must not carry them in.
 */
export function dropControls(text: string): string {
  return text.replace(CONTROLS, '');
}

// Windows-1252 bytes 0x80–0x9F and the characters they decode to; Latin-1 covers the rest.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const byteOfChar = new Map<string, number>();
for (let i = 0; i < 32; i++) byteOfChar.set(CP1252_HIGH[i]!, 0x80 + i);
for (let b = 0xa0; b <= 0xff; b++) byteOfChar.set(String.fromCharCode(b), b);

const CONT = `[\\u0080-\\u00bf${CP1252_HIGH.replace(/[\u0081\u008d\u008f\u0090\u009d]/g, '')}]`;
// A lead byte of a 2-, 3- or 4-byte UTF-8 sequence followed by continuation bytes, as cp1252 shows them.
const MOJIBAKE = new RegExp(`(?:[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3})+`, 'g');

/**
 * Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x93 becomes a C1 control, not “), so
 * the 32 bytes where the two differ are mapped here; undefined bytes (0x81, 0x8D…) stay C1 controls
 * and are dropped by normalizeText.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    const end = Math.min(bytes.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes.push(b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** Undo UTF-8-read-as-Windows-1252 runs ("â€™" → "’", "Ã©" → "é"); leaves real Latin-1 text alone. */
export function repairMojibake(text: string): string {
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  return text.replace(MOJIBAKE, (run) => {
    const bytes = new Uint8Array(run.length);
    for (let i = 0; i < run.length; i++) {
      const b = byteOfChar.get(run[i]!);
      if (b === undefined) return run;
      bytes[i] = b;
    }
    try {
      return utf8Strict.decode(bytes);
    } catch {
      return run;
    }
  });
}

/** HTTP "deflate" is zlib-wrapped by the standard and raw by many servers: try one, then the other. */
export function inflateEither(body: Buffer, limit: number = constants.MAX_LENGTH): Buffer {
  try {
    return inflateSync(body, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw e;
    return inflateRawSync(body, { maxOutputLength: limit });
  }
}
