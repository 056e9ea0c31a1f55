/**
 * HTML page → main text and stated metadata. Takes the page source; gives paragraphs plus what the
 * page says about itself (title, Open Graph, article:published_time, JSON-LD NewsArticle,
 * <html lang>, canonical link).
 *
 * One parse with htmlparser2 serves both: metadata is read from the tree, then content scoring
 * (html-main-text.ts, Readability's method on a light DOM, ~5× faster) finds the article. Pages where
 * scoring finds too little get Mozilla Readability's full pass on linkedom as a second opinion, and
 * a JSON-LD articleBody that holds clearly more text wins over both (html-body.ts). The clean
 * stage's line filter runs over the result.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { AnyNode, Document as HpDocument, Element as HpElement } from 'domhandler';
import type { StatedMeta } from '../records.ts';
import { pickArticleBody } from './html-body.ts';
import { blocksToParagraphs, renderParagraphs } from './html-blocks.ts';
import { DomUtils } from 'htmlparser2';
import { findMainContent, htmlparser2Tree, LENIENT_PASS, parseBoundedHtml, STRICT_PASS, textOf, undoEdits, type ScoringPass, type TreeEdits } from './html-main-text.ts';

export interface HtmlExtraction {
  text: string;
  meta: StatedMeta;
}

/** Extract main text and stated metadata from one HTML document. */
export function extractHtml(html: string): HtmlExtraction {
  // Scripts, styles and comments are most of a page's bytes and none of its text; JSON-LD stays.
  const source = stripInert(html);
  const { doc, unwrapped } = parseBoundedHtml(source);
  const facts = collectPageFacts(doc);
  const meta = readHtmlMeta(facts);
  const jsonLdBody = str(readJsonLdArticle(facts.jsonLd)?.articleBody) ?? '';
  const edits: TreeEdits = [];
  const mainText = (pass: ScoringPass) => {
    const main = findMainContent(doc, pass, edits);
    return main ? renderParagraphs<AnyNode>(main, htmlparser2Tree) : '';
  };
  let text = mainText(STRICT_PASS);
  if (text.length < SCORING_MIN_CHARS) {
    undoEdits(edits);
    const retry = mainText(LENIENT_PASS);
    if (retry.length > text.length) text = retry;
  }
  // A page where scoring finds no article (a short brief, odd markup) gets Readability's full pass.
  if (text.length < SCORING_MIN_CHARS) {
    // A page nested too deep for a DOM walk is given to Readability as the bounded tree, not as written.
    const fallback = extractWithReadability(unwrapped ? DomUtils.getOuterHTML(doc) : source);
    if (fallback.text.length > text.length) text = fallback.text;
    if (!meta.author && fallback.byline) meta.author = fallback.byline;
  }
  return { text: pickArticleBody(text, jsonLdBody), meta };
}

const INERT = /<script\b(?![^>]*ld\+json)[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<!--[\s\S]*?-->|<svg\b[^>]*>[\s\S]*?<\/svg\s*>/gi;

function stripInert(html: string): string {
  return html.replace(INERT, '');
}

/** Below this many characters the scored text is not trusted and Readability is asked too. */
const SCORING_MIN_CHARS = 400;

function extractWithReadability(html: string): { text: string; byline: string | null } {
  const { document } = parseHTML(html);
  try {
    const r = new Readability<unknown>(document as unknown as Document, {
      charThreshold: READABILITY_CHAR_THRESHOLD,
      keepClasses: false,
      serializer: (node) => node,
    }).parse();
    return { text: r?.content ? blocksToParagraphs(r.content as Element) : '', byline: r?.byline ?? null };
  } catch {
    return { text: '', byline: null };
  }
}


/** What a page states about itself, gathered in one walk: meta tags, links, title, JSON-LD, times. */
export interface PageFacts {
  meta: Map<string, string>;
  canonical?: string;
  title?: string;
  lang?: string;
  jsonLd: unknown[];
  time?: string;
}

export function collectPageFacts(doc: HpDocument): PageFacts {
  const facts: PageFacts = { meta: new Map(), jsonLd: [] };
  const walk = (node: AnyNode) => {
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'root') return;
    const el = node as HpElement;
    if (node.type !== 'root') {
      const a = el.attribs;
      if (el.name === 'html' && a.lang) facts.lang = a.lang.trim();
      else if (el.name === 'meta' && a.content) {
        for (const key of [a.property, a.name, a.itemprop, a['http-equiv']]) {
          if (key && !facts.meta.has(key.toLowerCase())) facts.meta.set(key.toLowerCase(), a.content.trim());
        }
      } else if (el.name === 'link' && /\bcanonical\b/i.test(a.rel ?? '') && a.href) facts.canonical ??= a.href.trim();
      else if (el.name === 'title' && !facts.title) facts.title = textOf(el).trim();
      else if (el.name === 'script' && /ld\+json/i.test(a.type ?? '')) {
        try {
          facts.jsonLd.push(JSON.parse(textOf(el).trim()));
        } catch {
          // a broken JSON-LD block is common and only costs us this hint
        }
      } else if (el.name === 'time' && a.datetime && (a.itemprop === 'datePublished' || !facts.time)) facts.time = a.datetime.trim();
    }
    for (const c of el.children) walk(c);
  };
  walk(doc as unknown as AnyNode);
  return facts;
}

/** Readability's default is 500 characters; short news items (briefs, wire alerts) are shorter. */
const READABILITY_CHAR_THRESHOLD = 250;

export function readHtmlMeta(facts: PageFacts): StatedMeta {
  const ld = readJsonLdArticle(facts.jsonLd);
  const m = (key: string) => facts.meta.get(key) || undefined;
  const meta: StatedMeta = {};
  meta.title = str(ld?.headline) ?? m('og:title') ?? m('twitter:title') ?? facts.title;
  meta.published =
    str(ld?.datePublished) ?? m('article:published_time') ?? m('datepublished') ?? m('pubdate') ?? m('publishdate') ??
    m('date') ?? m('dc.date') ?? m('dc.date.issued') ?? m('dcterms.created') ?? m('sailthru.date') ?? m('parsely-pub-date') ??
    m('og:published_time') ?? m('article:published') ?? m('publish-date') ?? m('article.published') ?? m('published_time') ??
    str(ld?.dateCreated) ?? facts.time;
  meta.url = facts.canonical ?? m('og:url') ?? str(ld?.url) ?? str(ld?.mainEntityOfPage);
  meta.outlet = (nameOf(ld?.publisher) ?? m('og:site_name') ?? m('application-name'))?.replace(/^@/, '');
  meta.author = nameOf(ld?.author) ?? m('author') ?? m('article:author');
  meta.lang = facts.lang || m('content-language') || m('og:locale') || str(ld?.inLanguage);
  meta.description = m('og:description') ?? m('description');
  for (const k of Object.keys(meta) as (keyof StatedMeta)[]) if (meta[k] === undefined) delete meta[k];
  return meta;
}

type Json = Record<string, unknown>;
const ARTICLE_TYPES = /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BlogPosting|LiveBlogPosting|WebPage|Report|ScholarlyArticle|BackgroundNewsArticle|SocialMediaPosting)$/;

/** The most article-like JSON-LD object on the page (NewsArticle over Article over WebPage). */
export function readJsonLdArticle(blocks: unknown[]): Json | undefined {
  let best: Json | undefined;
  let bestRank = Infinity;
  for (const obj of blocks.flatMap(flattenLd)) {
    const types = ([] as unknown[]).concat(obj['@type'] ?? []).map(String);
    const rank = Math.min(...types.map((t) => (ARTICLE_TYPES.test(t) ? (/News|Reportage|Analysis|Opinion|Background/.test(t) ? 0 : t === 'WebPage' ? 2 : 1) : Infinity)));
    if (rank < bestRank) {
      best = obj;
      bestRank = rank;
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
