/**
 * The order in which articles are assigned: by publication, then the undated ones — first those the
 * dates they mention place in time (by that time), then those placed only in a season by a day and
 * month (by that day), then those with nothing to place them (by content alone) — ties by id. An
 * undated report with no date of its own then meets stories its dated and placed fellows have
 * already begun, instead of starting one that reports of another time would join.
 */
import type { Article } from '../records.ts';
import { publicationTime } from './features.ts';
import type { MentionedTime } from './mentioned-dates.ts';

export function publicationOrder<T extends Pick<Article, 'id' | 'publishedAt'>>(articles: T[], placeUndated?: (article: T) => MentionedTime): T[] {
  // Compared as instants, not as strings: "…T10:00+02:00" is earlier than "…T09:00Z".
  const keyed = articles.map((a) => {
    const t = publicationTime(a.publishedAt);
    if (t !== null) return { a, tier: 0, t };
    const m = placeUndated?.(a) ?? { time: null, day: null };
    return m.time !== null ? { a, tier: 1, t: m.time } : m.day !== null ? { a, tier: 2, t: m.day } : { a, tier: 3, t: 0 };
  });
  keyed.sort((x, y) => x.tier - y.tier || x.t - y.t || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0));
  return keyed.map((k) => k.a);
}
