/**
 * Use case: full-text search over the stored articles (the FTS5 index ingest keeps: accents folded),
 * best match first, each hit with a snippet whose matched words are marked and the story it belongs
 * to; the story list's filters apply. What a user types is turned into a safe FTS5 query: words and
 * "quoted phrases" must all match, a trailing * matches a prefix, OR between two terms is kept;
 * every other character is a separator, so no input is a syntax error. Read only.
 */
import type { StoreReader } from '../store/contract.ts';
import type { StoryFilter } from '../store/queries.ts';
import { MARK_CLOSE, MARK_OPEN } from '../store/queries.ts';
import { checkFilter, pageOf, paging, type Paging } from './stories.ts';
import { presentMember } from './present.ts';
import { badRequest } from './errors.ts';

/** The most matches counted for a search's total ("1000+"). */
export const SEARCH_COUNT_LIMIT = 1000;

/** The FTS5 query for what a user typed, or null when it holds no word. */
export function ftsQuery(input: string): string | null {
  const terms: string[] = [];
  for (const m of input.normalize('NFC').matchAll(/(?<![\p{L}\p{N}])(OR)(?![\p{L}\p{N}])|"([^"]*)"|([\p{L}\p{N}]+(?:['’][\p{L}]+)?)(\*)?/gu)) {
    if (m[1]) {
      if (terms.length && terms.at(-1) !== 'OR') terms.push('OR');
      continue;
    }
    const words = (m[2] ?? m[3] ?? '').match(/[\p{L}\p{N}]+/gu);
    if (!words) continue;
    terms.push(`"${words.join(' ')}"${m[4] && !m[2] ? '*' : ''}`);
  }
  while (terms.at(-1) === 'OR') terms.pop();
  return terms.length ? terms.join(' ') : null;
}

/** A snippet as segments: plain text, and the words the query matched (`mark`). */
export function snippetParts(snippet: string): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  for (const piece of snippet.split(MARK_OPEN)) {
    const close = piece.indexOf(MARK_CLOSE);
    if (close < 0) {
      if (piece) parts.push({ text: piece, mark: false });
      continue;
    }
    parts.push({ text: piece.slice(0, close), mark: true });
    if (piece.length > close + 1) parts.push({ text: piece.slice(close + 1), mark: false });
  }
  return parts;
}

export async function searchArticles(store: StoreReader, q: StoryFilter & Paging & { q?: string }, max?: number) {
  const text = (q.q ?? '').trim();
  if (!text) throw badRequest('q (what to search for) is empty');
  if (text.length > 500) throw badRequest('q is longer than 500 characters');
  const match = ftsQuery(text);
  if (!match) throw badRequest(`q has no word to search for: ${JSON.stringify(text)}`);
  const { q: _q, page: _p, limit: _l, ...rest } = q;
  const filter = checkFilter(rest);
  const { page, limit, offset, take } = paging(q, max);
  const { total, rows } = await store.searchArticles(match, filter, offset, take, SEARCH_COUNT_LIMIT);
  const stories = new Map(await Promise.all(rows.filter((r) => r.storyId).map(async (r) => [r.storyId!, await store.storyRow(r.storyId!)] as const)));
  const hits = rows.map((r) => ({
    article: presentMember(r),
    snippet: snippetParts(r.snippet),
    story: r.storyId && stories.get(r.storyId) ? { id: r.storyId, headline: stories.get(r.storyId)!.headline } : null,
  }));
  return { query: text, ...pageOf(hits, total, page, limit), totalIsLowerBound: total >= SEARCH_COUNT_LIMIT };
}
export type SearchResult = Awaited<ReturnType<typeof searchArticles>>;
