/** The order in which articles are assigned: by publication, undated last (placed by content alone), then by id. */
import type { Article } from '../records.ts';
import { publicationTime } from './features.ts';

export function publicationOrder<T extends Pick<Article, 'id' | 'publishedAt'>>(articles: T[]): T[] {
  // Compared as instants, not as strings: "…T10:00+02:00" is earlier than "…T09:00Z".
  const keyed = articles.map((a) => ({ a, t: publicationTime(a.publishedAt) ?? Infinity }));
  keyed.sort((x, y) => x.t - y.t || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0));
  return keyed.map((k) => k.a);
}
