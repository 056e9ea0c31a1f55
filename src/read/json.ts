/**
 * JSON arrays and JSON Lines → records with the article fields the common crawl formats use
 * (`text|content|body`, `title|headline`, `url|link`, `date|published|publishedAt|pubDate`,
 * `source|outlet|publisher`, `id`, `lang`). A broken line of a JSONL file is reported on its own and
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
  text: ['text', 'content', 'body', 'articleBody', 'maintext'],
  title: ['title', 'headline'],
  url: ['url', 'link', 'canonical_url'],
  published: ['date', 'published', 'publishedAt', 'published_at', 'pubDate', 'date_publish', 'datePublished'],
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
    if (list) return collect(list.map((v, i) => [i + 1, v]), false);
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
    if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).name === 'string') return (v as { name: string }).name;
  }
  return undefined;
}
