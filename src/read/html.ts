/**
 * HTML page → RawItem. Takes the page source; gives the main text as paragraphs plus the metadata the
 * page states (title, Open Graph, article:published_time, JSON-LD NewsArticle, <html lang>, canonical).
 *
 * Main text comes from Mozilla Readability (well kept, the reference extractor of the field) on a
 * linkedom DOM (same output as jsdom at a seventh of the cost). Readability's own result is then
 * turned into paragraphs from block elements — its textContent loses paragraph breaks — and the
 * line-level boilerplate filter of the clean stage runs over it afterwards.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { StatedMeta } from '../records.ts';
import { pickArticleBody } from './html-body.ts';
import { blocksToParagraphs } from './html-blocks.ts';

export interface HtmlExtraction {
  text: string;
  meta: StatedMeta;
}

/** Extract main text and stated metadata from one HTML document. */
export function extractHtml(html: string): HtmlExtraction {
  // Scripts, styles and comments are most of a page's bytes and none of its text; JSON-LD stays.
  const { document } = parseHTML(stripInert(html));
  const meta = readHtmlMeta(document as unknown as Document);
  const jsonLdBody = readJsonLdBody(document as unknown as Document);
  // Readability mutates the DOM it is given, so metadata is read first. Its serializer option hands
  // back the article element itself, so the main text is walked without a second parse.
  let readable: { content?: unknown; title?: string | null; byline?: string | null } | null = null;
  try {
    readable = new Readability<unknown>(document as unknown as Document, {
      charThreshold: READABILITY_CHAR_THRESHOLD,
      keepClasses: false,
      serializer: (node) => node,
    }).parse();
  } catch {
    readable = null;
  }
  const readableText = readable?.content ? blocksToParagraphs(readable.content as Element) : '';
  const text = pickArticleBody(readableText, jsonLdBody);
  if (!meta.title && readable?.title) meta.title = readable.title;
  if (!meta.author && readable?.byline) meta.author = readable.byline;
  return { text, meta };
}

const INERT = /<script\b(?![^>]*ld\+json)[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<!--[\s\S]*?-->|<svg\b[^>]*>[\s\S]*?<\/svg\s*>/gi;

function stripInert(html: string): string {
  return html.replace(INERT, '');
}

/** Readability's default is 500 characters; short news items (briefs, wire alerts) are shorter. */
const READABILITY_CHAR_THRESHOLD = 250;

function attr(doc: Document, selector: string, name = 'content'): string | undefined {
  const v = doc.querySelector(selector)?.getAttribute(name)?.trim();
  return v ? v : undefined;
}

export function readHtmlMeta(doc: Document): StatedMeta {
  const ld = readJsonLdArticle(doc);
  const meta: StatedMeta = {};
  meta.title =
    str(ld?.headline) ??
    attr(doc, 'meta[property="og:title"]') ??
    attr(doc, 'meta[name="twitter:title"]') ??
    (doc.querySelector('title')?.textContent?.trim() || undefined);
  meta.published =
    str(ld?.datePublished) ??
    attr(doc, 'meta[property="article:published_time"]') ??
    attr(doc, 'meta[name="article:published_time"]') ??
    attr(doc, 'meta[itemprop="datePublished"]') ??
    attr(doc, 'meta[name="pubdate"]') ??
    attr(doc, 'meta[name="date"]') ??
    attr(doc, 'meta[name="dc.date"]') ??
    attr(doc, 'meta[name="DC.date.issued"]') ??
    attr(doc, 'time[itemprop="datePublished"]', 'datetime') ??
    attr(doc, 'time[datetime]', 'datetime');
  meta.url =
    attr(doc, 'link[rel="canonical"]', 'href') ?? attr(doc, 'meta[property="og:url"]') ?? str(ld?.url) ?? str(ld?.mainEntityOfPage);
  meta.outlet = nameOf(ld?.publisher) ?? attr(doc, 'meta[property="og:site_name"]') ?? attr(doc, 'meta[name="application-name"]');
  meta.author = nameOf(ld?.author) ?? attr(doc, 'meta[name="author"]') ?? attr(doc, 'meta[property="article:author"]');
  meta.lang =
    doc.documentElement?.getAttribute('lang')?.trim() ||
    attr(doc, 'meta[http-equiv="content-language"]') ||
    attr(doc, 'meta[property="og:locale"]') ||
    str(ld?.inLanguage);
  meta.description = attr(doc, 'meta[property="og:description"]') ?? attr(doc, 'meta[name="description"]');
  for (const k of Object.keys(meta) as (keyof StatedMeta)[]) if (meta[k] === undefined) delete meta[k];
  return meta;
}

type Json = Record<string, unknown>;
const ARTICLE_TYPES = /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BlogPosting|LiveBlogPosting|WebPage|Report|ScholarlyArticle|BackgroundNewsArticle|SocialMediaPosting)$/;

/** The most article-like JSON-LD object on the page (NewsArticle over Article over WebPage). */
export function readJsonLdArticle(doc: Document): Json | undefined {
  let best: Json | undefined;
  let bestRank = Infinity;
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse((script.textContent ?? '').trim());
    } catch {
      continue; // a broken JSON-LD block is common and only costs us this hint
    }
    for (const obj of flattenLd(data)) {
      const types = ([] as unknown[]).concat(obj['@type'] ?? []).map(String);
      const rank = Math.min(...types.map((t) => (ARTICLE_TYPES.test(t) ? (/News|Reportage|Analysis|Opinion|Background/.test(t) ? 0 : t === 'WebPage' ? 2 : 1) : Infinity)));
      if (rank < bestRank) {
        best = obj;
        bestRank = rank;
      }
    }
  }
  return best;
}

function flattenLd(data: unknown): Json[] {
  if (Array.isArray(data)) return data.flatMap(flattenLd);
  if (data && typeof data === 'object') {
    const obj = data as Json;
    const graph = obj['@graph'];
    return [obj, ...(graph ? flattenLd(graph) : [])];
  }
  return [];
}

function readJsonLdBody(doc: Document): string {
  const ld = readJsonLdArticle(doc);
  return str(ld?.articleBody) ?? '';
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object' && '@id' in v) return str((v as Json)['@id']);
  return undefined;
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) {
    const names = v.map(nameOf).filter((x): x is string => !!x);
    return names.length ? names.join(', ') : undefined;
  }
  if (v && typeof v === 'object') return str((v as Json).name);
  return undefined;
}
