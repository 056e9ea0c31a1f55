/**
 * Read stage. Takes the bytes of one input and the path it was reached by; gives RawItems (one per
 * article found) and per-item problems. Whole-file problems are thrown as InputError. The form is
 * decided by the extension (under any `.gz`) and confirmed by sniffing the content, so a page saved
 * as `.txt` or a feed without an extension is still read as what it is.
 */
import type { RawItem, Rejection } from '../records.ts';
import { decodeBytes, dropControls, gunzipIfNeeded, normalizeText } from './decode.ts';
import { extractHtml } from './html.ts';
import { looksLikeFeed, readFeed } from './feed.ts';
import { htmlToText } from './html-text.ts';
import { InputError } from './input-error.ts';
import { readJson } from './json.ts';
import { looksLikeWarc, readWarc, unpackArchive, type WarcPage } from './warc.ts';

export type InputForm = 'text' | 'html' | 'json' | 'jsonl' | 'feed' | 'warc';

export interface ReadResult {
  items: RawItem[];
  problems: Rejection[];
  /** Things the user should know that lost nothing (records sharing an id, renamed). */
  notices?: Rejection[];
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export function readInput(path: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): ReadResult {
  if (bytes.length > maxBytes) throw new InputError('too-large', `file is ${mb(bytes.length)}, over the size limit of ${mb(maxBytes)}`);
  if (/\.warc(?:\.gz)?$/i.test(path) || looksLikeWarc(bytes)) return readArchive(path, bytes, maxBytes);
  const plain = gunzipIfNeeded(bytes, maxBytes);
  const decoded = decodeBytes(plain);
  if (!decoded.trim()) throw new InputError('empty', 'no text in file');
  const form = detectForm(path, decoded);
  if (form === 'html') return { items: [htmlItem(path, decoded)], problems: [] };
  const source = normalizeText(decoded);
  switch (form) {
    case 'feed': {
      const r = readFeed(source);
      return multi(path, r.entries, r.problems, false, true);
    }
    case 'json':
    case 'jsonl': {
      const r = readJson(source, form === 'jsonl');
      return multi(path, r.records, r.problems, r.single, true);
    }
    default:
      return { items: [{ ref: path, path, text: source, fromHtml: false, meta: {} }], problems: [] };
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;

export function detectForm(path: string, source: string): InputForm {
  const ext = /\.([a-z0-9]+)$/i.exec(path.replace(/\.gz$/i, ''))?.[1]?.toLowerCase() ?? '';
  const head = source.slice(0, 2048).trimStart();
  const sniffed: InputForm | null = looksLikeFeed(head) && /^<\?xml|^<(?:rss|feed|rdf)/i.test(head)
    ? 'feed'
    : /^(?:<!doctype html|<html|<head|<body|<meta|<!--)/i.test(head) || (/^</.test(head) && /<(?:p|div|article|body)\b/i.test(head))
      ? 'html'
      : /^[[{]/.test(head)
        ? /^\{[^\n]*\}\s*\n\s*\{/.test(source.slice(0, 100000).trimStart()) ? 'jsonl' : 'json'
        : null;
  if (['html', 'htm', 'xhtml', 'shtml'].includes(ext)) return 'html';
  if (['rss', 'atom'].includes(ext)) return 'feed';
  if (ext === 'xml') return sniffed === 'html' ? 'html' : 'feed';
  if (['jsonl', 'ndjson'].includes(ext)) return 'jsonl';
  if (ext === 'json') return sniffed === 'jsonl' ? 'jsonl' : 'json';
  return sniffed ?? 'text';
}

function htmlItem(path: string, source: string): RawItem {
  if (isTruncatedHtml(source)) throw new InputError('malformed', 'truncated HTML: the document ends inside its body');
  const { text, meta } = extractHtml(source);
  for (const k of Object.keys(meta) as (keyof typeof meta)[]) meta[k] = normalizeText(meta[k]!).replace(/\s+/g, ' ').trim();
  return { ref: path, path, text: normalizeText(text), fromHtml: true, meta };
}

/**
 * A web archive: one article per archived HTML page, with the URL it was captured at; a page without
 * a date of its own is dated by its capture. Records that are not pages are counted in a notice.
 */
function readArchive(path: string, bytes: Uint8Array, maxBytes: number): ReadResult {
  const archive = readWarc(unpackArchive(bytes, maxBytes));
  const items: RawItem[] = [];
  const problems: Rejection[] = archive.problems.map((p) => ({ path, reason: p.reason }));
  for (const page of archive.pages) {
    try {
      const item = htmlItem(path, decodePage(page));
      item.ref = `${path}#${page.record}`;
      if (page.url) item.meta.url = page.url;
      if (!item.meta.published && page.captured) item.meta.published = page.captured;
      items.push(item);
    } catch (e) {
      problems.push({ path, reason: `record ${page.record} (${page.url || 'no URL'}): ${(e as Error).message}` });
    }
  }
  if (archive.truncated) {
    problems.push({ path, reason: `the archive ends inside record ${archive.truncated.record} (byte ${archive.truncated.at} of the uncompressed archive); the ${archive.truncated.record - 1} records before it were read` });
  }
  const notices: Rejection[] = [];
  const skipped = [...archive.skipped].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = skipped.reduce((n, [, k]) => n + k, 0);
  if (total) notices.push({ path, reason: `${total} archive record${total > 1 ? 's' : ''} skipped, not HTML pages: ${skipped.map(([kind, n]) => `${n} ${kind}`).join(', ')}` });
  if (!items.length && !problems.length) throw new InputError('empty', `no HTML pages in the archive (${total} other records)`);
  return { items, problems, notices };
}

/** An archived page's text: the charset its HTTP header named wins over what the page says of itself. */
function decodePage(page: WarcPage): string {
  if (page.charset && !/^(?:utf-?8)$/i.test(page.charset)) {
    try {
      return new TextDecoder(page.charset).decode(page.body);
    } catch {
      // a label TextDecoder does not know: the page's own declaration, then the usual guesses
    }
  }
  return decodeBytes(page.body);
}

/** A page cut off in transfer has no closing body/html and stops mid-tag or mid-text. */
export function isTruncatedHtml(source: string): boolean {
  if (/<\/(?:body|html)\s*>/i.test(source.slice(-4096))) return false;
  if (!/<(?:html|body)\b/i.test(source.slice(0, 4096))) return false;
  const tail = source.trimEnd();
  return !tail.endsWith('>') || tail.lastIndexOf('<') > tail.lastIndexOf('>');
}

function multi(
  path: string,
  records: { index: number; text: string; meta: RawItem['meta'] }[],
  problems: { index: number; reason: string }[],
  single: boolean,
  textMayBeHtml: boolean,
): ReadResult {
  const items = records.map((raw): RawItem => {
    const r = { ...raw, text: dropControls(raw.text), meta: { ...raw.meta } };
    for (const k of Object.keys(r.meta) as (keyof RawItem['meta'])[]) r.meta[k] = dropControls(r.meta[k]!);
    const isHtml = textMayBeHtml && /<\/?(?:p|div|br|span|a|strong|em|b|i|h[1-6]|ul|ol|li|blockquote|article|html|body)\b[^>]*>/i.test(r.text);
    let text = r.text;
    let meta = r.meta;
    if (isHtml && /<(?:html|body)\b/i.test(text)) {
      const page = extractHtml(text);
      text = page.text;
      meta = { ...page.meta, ...meta };
    } else if (isHtml) {
      text = htmlToText(text);
    }
    return { ref: meta.id ?? (single ? path : `${path}#${r.index}`), path, text, fromHtml: isHtml, meta };
  });
  // Records that give the same id are distinct refs (`id#2`, `id#3`…), so `show` finds each of them.
  const seen = new Map<string, number>();
  const notices: Rejection[] = [];
  for (const item of items) {
    const n = (seen.get(item.ref) ?? 0) + 1;
    seen.set(item.ref, n);
    if (n > 1) item.ref = `${item.ref}#${n}`;
  }
  for (const [ref, n] of seen) if (n > 1) notices.push({ path, reason: `${n} records give the id ${ref}; stored as ${ref}, ${ref}#2${n > 2 ? ` … ${ref}#${n}` : ''}` });
  return { items, problems: problems.map((p) => ({ path, reason: p.reason })), notices };
}
