/**
 * Clean stage. Takes a RawItem as a reader produced it; gives a CleanArticle — body without
 * boilerplate, title, publication date, language and outlet decided — or null when nothing of an
 * article is left. Pure: no I/O, the same item always gives the same article.
 */
import type { CleanArticle, RawItem } from '../records.ts';
import { parseStatedDate } from './date-stamp.ts';
import { detectLanguage } from './language.ts';
import { filterLines, type FilterResult } from './line-filter.ts';
import { cleanTitle } from './title.ts';
import { toParagraphs } from './paragraphs.ts';

export interface CleanResult {
  article: CleanArticle | null;
  filter: FilterResult;
}

export function cleanItem(item: RawItem): CleanResult {
  const statedTitle = item.meta.title ? cleanTitle(item.meta.title, item.meta.outlet) : null;
  const filter = filterLines(toParagraphs(item.text, item.fromHtml), statedTitle, true, item.meta.author ?? null);
  const text = filter.paragraphs.join('\n\n');
  if (!text.trim()) return { article: null, filter };
  const title = statedTitle || (filter.headline ? cleanTitle(filter.headline, item.meta.outlet) : null);
  const url = absoluteUrl(item.meta.url);
  return {
    filter,
    article: {
      ref: item.ref,
      path: item.path,
      url,
      outlet: item.meta.outlet?.trim() || outletFromUrl(url),
      title: title || null,
      publishedAt: parseStatedDate(item.meta.published) ?? filter.stampDate ?? dateFromUrl(url),
      lang: detectLanguage(text, item.meta.lang),
      author: item.meta.author?.trim() || null,
      text,
    },
  };
}

function absoluteUrl(u: string | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * News URLs often carry the publication date (/2019/11/18/, /20191118/): the last resort, after
 * metadata and stamps, and only a full year-month-day in a plausible range.
 */
export function dateFromUrl(url: string | null): string | null {
  if (!url) return null;
  const m = /\/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_-]|\.html?|$)/.exec(new URL(url).pathname);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** The outlet is the site's host without "www." — the best a bare URL can tell. */
export function outletFromUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^(?:www|m|amp|mobile)\./, '') || null;
  } catch {
    return null;
  }
}
