/**
 * News sitemaps (Google's `<news:news>` extension of sitemaps.org): the articles a site published in
 * the last two days, each a URL with its title, date, publication name and language — no text, so the
 * follower fetches each page. Takes the XML; gives the entries, or throws for what is not a news
 * sitemap. Entity declarations are refused, as feeds' are.
 */
import { XMLParser } from 'fast-xml-parser';
import { declaresEntities, text } from '../read/feed.ts';

export interface SitemapEntry {
  url: string;
  title?: string;
  published?: string;
  outlet?: string;
  lang?: string;
}

/** True when the text opens as a sitemap (a `<urlset>` or a `<sitemapindex>`). */
export function looksLikeSitemap(text: string): boolean {
  return /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:urlset|sitemapindex)\b/.test(text.slice(0, 4096));
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function readNewsSitemap(xml: string): SitemapEntry[] {
  if (declaresEntities(xml)) throw new Error('the sitemap declares XML entities; they are refused');
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, processEntities: true, htmlEntities: false }).parse(xml, true);
  } catch (e) {
    throw new Error(`the sitemap is not well-formed XML (${(e as Error).message.split('\n')[0]})`);
  }
  if (doc.sitemapindex) throw new Error('a sitemap index, not a sitemap: follow its news sitemaps themselves');
  const urlset = doc.urlset as { url?: unknown } | undefined;
  if (!urlset) throw new Error('not a sitemap (no <urlset>)');
  const entries: SitemapEntry[] = [];
  for (const u of list(urlset.url as Record<string, unknown> | Record<string, unknown>[])) {
    const loc = text(u.loc);
    const news = list(u.news as Record<string, unknown> | Record<string, unknown>[])[0];
    if (!loc || !/^https?:\/\//i.test(loc) || !news) continue;
    const publication = (news.publication ?? {}) as Record<string, unknown>;
    entries.push({ url: loc, title: text(news.title), published: text(news.publication_date), outlet: text(publication.name), lang: text(publication.language) });
  }
  if (!entries.length && list(urlset.url).length) throw new Error('a sitemap without news entries (<news:news>): only news sitemaps are followed');
  return entries;
}
