/**
 * Use cases on stories: a page of stories under filters, one story's brief, and the story page (the
 * brief with its coverage over time per outlet and the other stories of its storyline). Take a store
 * opened for reading; give presented records or throw an AppError. Read only.
 */
import type { StoreReader } from '../store/contract.ts';
import type { StoryFilter } from '../store/queries.ts';
import { entityKey } from '../store/index.ts';
import { briefOfStory } from './briefs.ts';
import { presentBrief, presentRevision, presentStoryItem, type BriefJson, type StoryItemJson } from './present.ts';
import { withChangesSince } from './revisions.ts';
import { publisherOf } from '../clean/publisher.ts';
import { badRequest, notFound } from './errors.ts';
import type { BriefOptions } from '../brief/index.ts';

/** The most a page may hold (the API's stated maximum). */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export interface Paging {
  /** 1-based page number. */
  page?: number;
  /** Items per page, at most MAX_PAGE (the CLI may ask for every story with `Infinity`). */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  pages: number;
}

export type StorySort = 'newest' | 'coverage' | 'oldest';

export interface StoryListQuery extends StoryFilter, Paging {
  sort?: StorySort;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Check a filter's values: what a user typed wrong is a bad request, not an empty list. An empty value
 * (a form's "any") is no filter.
 */
export function checkFilter(f: StoryFilter): StoryFilter {
  const clean: StoryFilter = {};
  for (const [k, v] of Object.entries(f) as [keyof StoryFilter, string | undefined][]) if (v !== undefined && v !== '') clean[k] = v;
  for (const k of ['from', 'to'] as const) {
    const v = clean[k];
    if (v !== undefined && !(DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v))) throw badRequest(`${k} must be a day as YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  if (clean.from && clean.to && clean.from > clean.to) throw badRequest(`from (${clean.from}) is after to (${clean.to})`);
  // An entity is given by its id or by a name as written ("Alexander Lukashenko"): both fold to the id.
  if (clean.entity) clean.entity = entityKey(clean.entity);
  return clean;
}

/** A page's number, size and offset, and `take`: its size as SQL's LIMIT reads it (-1: no limit). */
export function paging(p: Paging, max = MAX_PAGE): { page: number; limit: number; offset: number; take: number } {
  const page = p.page ?? 1;
  const limit = p.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(page) || page < 1) throw badRequest(`page must be a whole number from 1, got ${page}`);
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1 && limit <= max))) throw badRequest(`limit must be a whole number from 1 to ${max}, got ${limit}`);
  return limit === Infinity ? { page, limit, offset: 0, take: -1 } : { page, limit, offset: (page - 1) * limit, take: limit };
}

export function pageOf<T>(items: T[], total: number, page: number, limit: number): Page<T> {
  const shown = limit === Infinity ? Math.max(total, 1) : limit;
  return { items, page, limit: shown, total, pages: Math.max(1, Math.ceil(total / shown)) };
}

export async function listStories(store: StoreReader, q: StoryListQuery = {}, max = MAX_PAGE): Promise<Page<StoryItemJson>> {
  const filter = checkFilter(q);
  const { page, limit, offset, take } = paging(q, max);
  const sort = q.sort ?? 'newest';
  if (!['newest', 'coverage', 'oldest'].includes(sort)) throw badRequest(`sort must be newest, coverage or oldest, got ${sort}`);
  const { total, rows } = await store.queryStories(filter, sort, offset, take);
  const ids = rows.map((r) => r.id);
  const members = await store.membersOf(ids);
  const aliases = await store.aliasesOf(ids);
  return pageOf(rows.map((r) => presentStoryItem(r, members.get(r.id) ?? [], aliases.get(r.id) ?? [])), total, page, limit);
}

/** One story's brief as JSON; an id merged into another story resolves to it. */
export async function storyBrief(store: StoreReader, id: string, options: BriefOptions & { since?: string } = {}): Promise<BriefJson> {
  const brief = await briefOfStory(store, id, options);
  if (!brief) throw notFound('story', id);
  if (options.since !== undefined) await withChangesSince(store, brief, options.since);
  return presentBrief(brief);
}

/** A story's revisions, oldest first; an id merged into another story resolves to it. */
export async function storyRevisions(store: StoreReader, id: string) {
  const resolved = await store.resolveStoryId(id);
  if (resolved === null) throw notFound('story', id);
  return { id: resolved, revisions: (await store.storyRevisions(resolved)).map(presentRevision) };
}

/** How many of the latest revisions a story page lists. */
const HISTORY = 10;

/** How many of the storyline's other stories a story page lists (the story list filtered by storyline has them all). */
const SIBLINGS = 50;

/** Articles per publisher per day: what the story page charts. */
export interface Coverage {
  days: string[];
  series: { publisher: string; kind: 'outlet' | 'site' | 'file'; counts: number[] }[];
  undated: number;
}

export async function storyPage(store: StoreReader, id: string, options: BriefOptions & { since?: string } = {}) {
  const brief = await storyBrief(store, id, options);
  const history = (await store.storyRevisions(brief.id)).map(presentRevision).reverse();
  const row = (await store.storyRow(brief.id))!;
  const line = await listStories(store, { storyline: row.storylineId, sort: 'oldest', limit: SIBLINGS + 1 }, SIBLINGS + 1);
  const siblings = line.items.filter((s) => s.id !== brief.id).slice(0, SIBLINGS);
  return { brief, history: history.slice(0, HISTORY), revisions: history.length, storylineId: row.storylineId, coverage: coverageOf(brief.sources.slice(0, brief.articleRefs.length)), storyline: siblings, storylineSize: line.total };
}
export type StoryPage = Awaited<ReturnType<typeof storyPage>>;

function coverageOf(members: { outlet: string | null; url: string | null; ref: string; publishedAt: string | null }[]): Coverage {
  const days = [...new Set(members.map((m) => m.publishedAt?.slice(0, 10)).filter((d): d is string => !!d))].sort();
  const byPublisher = new Map<string, { publisher: string; kind: 'outlet' | 'site' | 'file'; counts: number[] }>();
  let undated = 0;
  for (const m of members) {
    const day = m.publishedAt?.slice(0, 10);
    if (!day) {
      undated++;
      continue;
    }
    const p = publisherOf(m);
    const name = p.kind === 'file' ? 'files (no outlet named)' : p.name;
    let s = byPublisher.get(name);
    if (!s) byPublisher.set(name, (s = { publisher: name, kind: p.kind, counts: days.map(() => 0) }));
    s.counts[days.indexOf(day)]!++;
  }
  return { days, series: [...byPublisher.values()].sort((a, b) => a.publisher.localeCompare(b.publisher)), undated };
}
