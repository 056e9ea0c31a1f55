/** Use case: storylines (stories that belong together over weeks), latest first, each with its stories. Read only. */
import type { Store } from '../store/index.ts';
import { pageOf, paging, type Paging } from './stories.ts';

export function listStorylines(store: Store, q: Paging = {}, max?: number) {
  const { page, limit, offset, take } = paging(q, max);
  const { total, rows } = store.queryStorylines(offset, take);
  const stories = store.storiesOfLines(rows.map((l) => l.id));
  return pageOf(rows.map((l) => ({ ...l, storyIds: stories.get(l.id) ?? [] })), total, page, limit);
}
