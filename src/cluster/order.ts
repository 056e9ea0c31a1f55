/** The order in which articles are assigned: by publication, undated last (placed by content alone), then by id. */
import type { Article } from '../records.ts';

export function publicationOrder(articles: Article[]): Article[] {
  return [...articles].sort(
    (a, b) => (a.publishedAt === null ? 1 : 0) - (b.publishedAt === null ? 1 : 0) || (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.id.localeCompare(b.id),
  );
}
