/**
 * JSON arrays and JSON Lines → records with the article fields the common crawl formats use
 * (`text|content|body`, `title|headline`, `url|link`, `date|published|publishedAt|pubDate`,
 * `source|outlet|publisher`, `id`, `lang`), JSON Feed's items included (`content_html|content_text`,
 * `date_published`, `authors`, the feed's title as the outlet). A broken line of a JSONL file is reported on its own and
 * the other lines still land.
 */
import type { StatedMeta } from '../records.ts';
import { InputError } from './input-error.ts';

export interface JsonRecord {
  /** 1-based position of the record in the file. */
  index: number;
  text: string;
  meta: StatedMeta;
}

export interface JsonReadResult {
  records: JsonRecord[];
  /** Per-line problems (JSONL) or per-record problems; the file itself still counts as read. */
  problems: { index: number; reason: string }[];
  /** True when the file is a single object, not a list: its ref is the path without #N. */
  single: boolean;
}

const FIELDS = {
  // JSON Feed (jsonfeed.org): content_html, content_text, then the summary of an item that has only that.
  text: ['text', 'content', 'body', 'articleBody', 'maintext', 'content_html', 'content_text', 'summary'],
  title: ['title', 'headline'],
  url: ['url', 'link', 'canonical_url'],
  published: ['date', 'published', 'publishedAt', 'published_at', 'pubDate', 'date_publish', 'datePublished', 'date_published'],
  outlet: ['source', 'outlet', 'publisher', 'source_domain', 'site_name'],
  author: ['author', 'authors', 'byline'],
  id: ['id', '_id', 'guid'],
  lang: ['lang', 'language'],
} as const;

export function readJson(source: string, linesForm: boolean): JsonReadResult {
  if (!linesForm) {
    let data: unknown;
    try {
      data = JSON.parse(source);
    } catch (e) {
      // A .json file that is really JSON Lines is common in crawls: fall through to lines.
      if (/^\s*\{[^\n]*\}\s*\n\s*\{/.test(source)) return readLines(source);
      throw new InputError('malformed', `invalid JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(data) ? data : listInside(data);
    if (list) {
      const result = collect(list.map((v, i) => [i + 1, v]), false);
      // A JSON Feed's title names the outlet of items that do not name one.
      const feed = data as Record<string, unknown>;
      if (typeof feed.version === 'string' && feed.version.startsWith('https://jsonfeed.org/version/') && typeof feed.title === 'string' && feed.title.trim()) {
        for (const r of result.records) r.meta.outlet ??= feed.title.trim();
      }
      return result;
    }
    return collect([[1, data]], true);
  }
  return readLines(source);
}

function listInside(data: unknown): unknown[] | null {
  if (!data || typeof data !== 'object') return null;
  for (const key of ['articles', 'items', 'data', 'results', 'documents']) {
    const v = (data as Record<string, unknown>)[key];
    if (Array.isArray(v)) return v;
  }
  return null;
}

function readLines(source: string): JsonReadResult {
  const entries: [number, unknown][] = [];
  const problems: { index: number; reason: string }[] = [];
  source.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      entries.push([i + 1, JSON.parse(line)]);
    } catch (e) {
      problems.push({ index: i + 1, reason: `line ${i + 1}: invalid JSON (${(e as Error).message})` });
    }
  });
  const result = collect(entries, false);
  result.problems.unshift(...problems);
  return result;
}

function collect(entries: [number, unknown][], single: boolean): JsonReadResult {
  const records: JsonRecord[] = [];
  const problems: { index: number; reason: string }[] = [];
  for (const [index, value] of entries) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ index, reason: `record ${index}: not a JSON object` });
      continue;
    }
    const obj = value as Record<string, unknown>;
    // A body given as a list of strings is a list of paragraphs, not a list of names.
    const text = pick(obj, FIELDS.text, '\n\n');
    if (!text) {
      problems.push({ index, reason: `record ${index}: no text field (text, content or body)` });
      continue;
    }
    const meta: StatedMeta = {
      id: pick(obj, FIELDS.id),
      title: pick(obj, FIELDS.title),
      url: pick(obj, FIELDS.url),
      published: pick(obj, FIELDS.published),
      outlet: pick(obj, FIELDS.outlet),
      author: pick(obj, FIELDS.author),
      lang: pick(obj, FIELDS.lang),
    };
    for (const k of Object.keys(meta) as (keyof StatedMeta)[]) if (meta[k] === undefined) delete meta[k];
    records.push({ index, text, meta });
  }
  return { records, problems, single };
}

function pick(obj: Record<string, unknown>, keys: readonly string[], joiner = ', '): string | undefined {
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'string' && v.trim()) return v;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) return v.join(joiner);
    // JSON Feed's authors: [{ "name": … }, …]
    if (Array.isArray(v) && v.length && v.every((x) => x && typeof x === 'object' && typeof (x as Record<string, unknown>).name === 'string')) {
      return v.map((x) => (x as { name: string }).name).join(', ');
    }
    if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).name === 'string') return (v as { name: string }).name;
  }
  return undefined;
}
