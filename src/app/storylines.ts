/** Use case: storylines (stories that belong together over weeks), latest first, each with its stories. Read only. */
import type { Store } from '../store/index.ts';
import { pageOf, paging, type Paging } from './stories.ts';

export function listStorylines(store: Store, q: Paging = {}, max?: number) {
  const { page, limit, offset } = paging(q, max);
  const { total, rows } = store.queryStorylines(offset, limit === Infinity ? -1 : limit);
  const stories = new Map<string, string[]>();
  for (const l of rows) stories.set(l.id, store.queryStories({ storyline: l.id }, 'oldest', 0, -1).rows.map((s) => s.id));
  return pageOf(rows.map((l) => ({ ...l, storyIds: stories.get(l.id) ?? [] })), total, page, limit);
}
