/**
 * WARC archives (`.warc`, `.warc.gz`, as Common Crawl's CC-NEWS and web archiving tools write them) →
 * the HTML pages they captured. Takes an archive's bytes; gives each `response` (or `resource`) record
 * whose payload is an HTML page, with its target URL and capture date, and counts every other record
 * (requests, metadata, warcinfo, responses that are not HTML or not 2xx). An archive cut off inside a
 * record keeps the records before the cut and says where it stopped.
 *
 * Written here rather than with warcio: warcio reads from asynchronous streams, while the read stage is
 * a synchronous function of one file's bytes (run in worker threads), and a WARC's framing is small:
 * a header block, then exactly Content-Length bytes, then a blank line.
 */
import { brotliDecompressSync, constants as zlib, gunzipSync } from 'node:zlib';
import { inflateEither } from './decode.ts';
import { constants as buffer } from 'node:buffer';
import { InputError } from './input-error.ts';

export interface WarcPage {
  /** The record's position in the archive, from 1. */
  record: number;
  url: string;
  /** WARC-Date: when the page was captured (ISO 8601). */
  captured: string;
  /** The HTTP payload, de-chunked and decompressed. */
  body: Uint8Array;
  /** The charset the HTTP Content-Type named, if any. */
  charset: string | null;
}

export interface WarcRead {
  pages: WarcPage[];
  /** Records that are not HTML pages, by kind ("request", "metadata", "response image/jpeg", "response 404"…). */
  skipped: Map<string, number>;
  /** Records whose payload could not be unpacked, with the reason. */
  problems: { record: number; reason: string }[];
  /** Where the archive stops inside a record (the record and the byte of the uncompressed archive), or null. */
  truncated: { record: number; at: number } | null;
}

const WARC_MAGIC = Buffer.from('WARC/');

export const looksLikeWarc = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 5)).equals(WARC_MAGIC);

/**
 * The archive uncompressed. A `.warc.gz` is one gzip member per record; a cut-off last member gives
 * what it holds instead of failing the archive (Z_SYNC_FLUSH at the end).
 */
export function unpackArchive(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const limit = Math.min(maxBytes, buffer.MAX_LENGTH);
  try {
    return gunzipSync(bytes, { finishFlush: zlib.Z_SYNC_FLUSH, maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /too large|exceeds/i.test(String(e))) {
      throw new InputError('too-large', `the archive uncompressed exceeds the limit of ${limit} bytes`);
    }
    throw new InputError('malformed', `corrupt gzip data in the archive (${String((e as Error).message ?? e)})`);
  }
}

/** Header lines up to a blank line: name (lowercased) → value; gives where the block ends, or -1. */
function headerBlock(buf: Buffer, from: number): { headers: Map<string, string>; first: string; end: number } {
  let end = buf.indexOf('\r\n\r\n', from, 'latin1');
  let sep = 4;
  const lf = buf.indexOf('\n\n', from, 'latin1');
  if (lf !== -1 && (end === -1 || lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end === -1) return { headers: new Map(), first: '', end: -1 };
  const lines = buf.toString('latin1', from, end).split(/\r?\n/);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, first: lines[0] ?? '', end: end + sep };
}

/** The records of an uncompressed archive, the HTML pages among them. */
export function readWarc(archive: Uint8Array): WarcRead {
  const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  const out: WarcRead = { pages: [], skipped: new Map(), problems: [], truncated: null };
  const skip = (kind: string) => out.skipped.set(kind, (out.skipped.get(kind) ?? 0) + 1);
  let pos = 0;
  let record = 0;
  for (;;) {
    while (pos < buf.length && (buf[pos] === 0x0d || buf[pos] === 0x0a)) pos++;
    if (pos >= buf.length) break;
    record++;
    if (!buf.subarray(pos, pos + 5).equals(WARC_MAGIC)) {
      if (record === 1) throw new InputError('malformed', 'not a WARC archive: it does not begin with a WARC/ version line');
      out.truncated = { record, at: pos };
      break;
    }
    const { headers, end } = headerBlock(buf, pos);
    const length = Number(headers.get('content-length'));
    if (end === -1 || !Number.isInteger(length) || length < 0 || end + length > buf.length) {
      out.truncated = { record, at: pos };
      break;
    }
    const block = buf.subarray(end, end + length);
    pos = end + length;
    const type = headers.get('warc-type') ?? 'unknown';
    if (type !== 'response' && type !== 'resource') {
      skip(type);
      continue;
    }
    const url = (headers.get('warc-target-uri') ?? '').replace(/^<(.*)>$/, '$1');
    const captured = headers.get('warc-date') ?? '';
    try {
      const page = type === 'response' ? httpPayload(block) : { status: 200, contentType: headers.get('content-type') ?? '', body: block };
      const mime = page.contentType.split(';')[0]!.trim().toLowerCase();
      if (page.status < 200 || page.status >= 300) skip(`${type} ${page.status}`);
      else if (mime !== 'text/html' && mime !== 'application/xhtml+xml') skip(`${type} ${mime || 'without a content type'}`);
      else out.pages.push({ record, url, captured, body: page.body, charset: /charset\s*=\s*"?([\w:.-]+)/i.exec(page.contentType)?.[1] ?? null });
    } catch (e) {
      out.problems.push({ record, reason: `record ${record} (${url || 'no URL'}): ${(e as Error).message}` });
    }
  }
  return out;
}

/** An HTTP response as archived: status, content type and the body as the server meant it (de-chunked, decompressed). */
function httpPayload(block: Buffer): { status: number; contentType: string; body: Uint8Array } {
  const { headers, first, end } = headerBlock(block, 0);
  if (end === -1) throw new Error('the HTTP response has no end of headers');
  const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(first)?.[1] ?? NaN);
  if (!Number.isFinite(status)) throw new Error(`not an HTTP response (${first.slice(0, 40)})`);
  let body: Buffer = block.subarray(end);
  // Archivers keep the bytes as sent: many record chunked and compressed bodies.
  if (/\bchunked\b/i.test(headers.get('transfer-encoding') ?? '')) body = dechunk(body);
  const coding = (headers.get('content-encoding') ?? '').toLowerCase().trim();
  if (coding === 'gzip' || coding === 'x-gzip') body = gunzipSync(body, { finishFlush: zlib.Z_SYNC_FLUSH });
  else if (coding === 'deflate') body = inflateEither(body);
  else if (coding === 'br') body = brotliDecompressSync(body);
  else if (coding && coding !== 'identity') throw new Error(`a content encoding this reader does not know (${coding})`);
  return { status, contentType: headers.get('content-type') ?? '', body };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', pos, 'latin1');
    if (eol === -1) break; // cut off: keep what came
    const size = parseInt(body.toString('latin1', pos, eol).split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size)) throw new Error('a chunked body with a broken chunk size');
    if (size === 0) break;
    parts.push(body.subarray(eol + 2, Math.min(eol + 2 + size, body.length)));
    pos = eol + 2 + size + 2;
    if (pos > body.length) break;
  }
  return Buffer.concat(parts);
}
