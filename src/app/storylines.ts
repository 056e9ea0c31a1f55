/** Use case: storylines (stories that belong together over weeks), latest first, each with its stories. Read only. */
import type { StoreReader } from '../store/contract.ts';
import { pageOf, paging, type Paging } from './stories.ts';

export async function listStorylines(store: StoreReader, q: Paging = {}, max?: number) {
  const { page, limit, offset, take } = paging(q, max);
  const { total, rows } = await store.queryStorylines(offset, take);
  const stories = await store.storiesOfLines(rows.map((l) => l.id));
  return pageOf(rows.map((l) => ({ ...l, storyIds: stories.get(l.id) ?? [] })), total, page, limit);
}
