/**
 * RSS 2.0 / RSS 1.0 (RDF) / Atom → RawItems, one per item or entry. fast-xml-parser gives the tree
 * and fields are mapped here (rss-parser wraps Atom xhtml in a div and ignores xml:lang; feed-extractor
 * reports `updated` as `published`). Full content wins over the summary; the feed's title is the
 * outlet only when the item names no source. Any DTD with an internal subset or entity declaration
 * is refused before parsing: no entity is ever expanded, internal or external.
 */
import { XMLParser } from 'fast-xml-parser';
import type { StatedMeta } from '../records.ts';
import { InputError } from './input-error.ts';
import { decodeXmlEntities, htmlToText, repairCharacterReferences } from './html-text.ts';

export interface FeedEntry {
  text: string;
  meta: StatedMeta;
}

/** A feed's entries, and the ones that could not be read (by position, from 1) with the reason. */
export interface FeedRead {
  entries: (FeedEntry & { index: number })[];
  problems: { index: number; reason: string }[];
}

/** Each entry read on its own: one that trips the reader is reported, and the feed's others still land. */
function eachEntry(nodes: Node[], read: (node: Node) => FeedEntry): FeedRead {
  const out: FeedRead = { entries: [], problems: [] };
  nodes.forEach((node, i) => {
    try {
      out.entries.push({ index: i + 1, ...read(node) });
    } catch (e) {
      out.problems.push({ index: i + 1, reason: `item ${i + 1}: could not be read (${String((e as Error)?.message ?? e).split('\n')[0]})` });
    }
  });
  return out;
}

type Node = Record<string, unknown>;

const RAW_CONTENT = ['rss.channel.item.description', 'rss.channel.item.content:encoded', 'feed.entry.content', 'feed.entry.summary', 'rdf:RDF.item.description', 'rdf:RDF.item.content:encoded',
  // Atom titles are text constructs too: type="xhtml" holds markup the tree would otherwise split up.
  'feed.title', 'feed.entry.title', 'feed.entry.source.title'];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  stopNodes: RAW_CONTENT,
  isArray: (name) => ['item', 'entry', 'link', 'category', 'author'].includes(name),
  parseTagValue: false,
  trimValues: true,
});

export function looksLikeFeed(head: string): boolean {
  return /<(?:rss|feed|rdf:RDF)\b/i.test(head);
}

/** XML that declares entities (an internal subset) or points at an external DTD: refused wherever XML is read. */
export const declaresEntities = (xml: string) => /<!ENTITY/i.test(xml) || /<!DOCTYPE[^>]*(?:\[|\bSYSTEM\b|\bPUBLIC\b)/i.test(xml);

export function readFeed(xml: string): FeedRead {
  if (declaresEntities(xml)) {
    throw new InputError('unsafe-xml', 'feed declares XML entities; entity expansion and external entities are refused');
  }
  let doc: Node;
  try {
    doc = parser.parse(repairCharacterReferences(xml), true) as Node;
  } catch (e) {
    throw new InputError('malformed', `malformed XML: ${String((e as Error).message).split('\n')[0]}`);
  }
  if (doc.rss) return readRss((doc.rss as Node).channel as Node, 'item');
  if (doc['rdf:RDF']) {
    const rdf = doc['rdf:RDF'] as Node;
    return readRss({ ...(rdf.channel as Node), item: rdf.item }, 'item');
  }
  if (doc.feed) return readAtom(doc.feed as Node);
  throw new InputError('malformed', 'XML is neither an RSS nor an Atom feed');
}

function readRss(channel: Node | undefined, key: string): FeedRead {
  if (!channel) throw new InputError('malformed', 'RSS feed without a channel');
  const feedTitle = text(channel.title);
  const feedLang = text(channel.language) ?? text(channel['dc:language']);
  const items = (channel[key] as Node[] | undefined) ?? [];
  return eachEntry(items, (item) => {
    const full = rawContent(item['content:encoded']);
    const body = full || rawContent(item.description);
    const meta: StatedMeta = {
      id: undefined,
      title: text(item.title),
      url: text(first(item.link)) ?? (guidIsLink(item.guid) ? text(item.guid) : undefined),
      published: text(item.pubDate) ?? text(item['dc:date']),
      outlet: text(item.source) ?? text(item['dc:publisher']) ?? feedTitle,
      author: text(item['dc:creator']) ?? text(first(item.author)),
      lang: text(item['dc:language']) ?? feedLang,
    };
    return summarized(htmlToText(body), meta, !full);
  });
}

function readAtom(feed: Node): FeedRead {
  const feedTitle = atomText(feed.title);
  const feedLang = attr(feed, 'xml:lang');
  const entries = (feed.entry as Node[] | undefined) ?? [];
  return eachEntry(entries, (entry) => {
    const links = (entry.link as Node[] | undefined) ?? [];
    const alt = links.find((l) => !attr(l, 'rel') || attr(l, 'rel') === 'alternate') ?? links[0];
    const full = rawContent(entry.content);
    const body = full || rawContent(entry.summary);
    const source = entry.source as Node | undefined;
    const meta: StatedMeta = {
      title: atomText(entry.title),
      url: alt ? attr(alt, 'href') : undefined,
      // `updated` is only a fallback: it says when the entry last changed, not when it appeared.
      published: text(entry.published) ?? text(entry.issued) ?? text(entry.updated),
      outlet: (source && atomText(source.title)) ?? feedTitle,
      author: text((first(entry.author) as Node | undefined)?.name),
      lang: attr(entry, 'xml:lang') ?? (entry.content ? attr(entry.content as Node, 'xml:lang') : undefined) ?? feedLang,
    };
    return summarized(htmlToText(body), meta, !full);
  });
}

/**
 * An entry whose text is only its summary (an RSS description or an Atom summary, no full content)
 * says so: the summary is its `description` too, and a follower may fetch the page for the article.
 */
function summarized(body: string, meta: StatedMeta, summaryOnly: boolean): FeedEntry {
  return { text: body, meta: prune(summaryOnly && body.trim() ? { ...meta, description: body } : meta) };
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function guidIsLink(guid: unknown): boolean {
  const g = guid as Node | string | undefined;
  if (!g) return false;
  if (typeof g === 'string') return /^https?:\/\//.test(g);
  return attr(g, 'isPermaLink') !== 'false' && /^https?:\/\//.test(text(g) ?? '');
}

function attr(node: Node | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || undefined;
  if (typeof v === 'object') {
    const node = v as Node;
    if ('#text' in node) return text(node['#text']);
    if ('@_href' in node) return text(node['@_href']);
  }
  return undefined;
}

/** Content kept raw by stopNodes: CDATA or escaped HTML or inline XHTML, all → HTML string. */
function rawContent(v: unknown): string {
  const raw = typeof v === 'string' ? v : v && typeof v === 'object' ? String((v as Node)['#text'] ?? '') : '';
  let s = raw.trim();
  const cdata = /^<!\[CDATA\[([\s\S]*?)\]\]>$/.exec(s);
  if (cdata) return cdata[1]!;
  s = s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
  // Escaped HTML (type="html" or RSS description): one level of entities hides the markup.
  if (!/<[a-z]/i.test(s) && /&lt;|&amp;|&#/.test(s)) s = decodeXmlEntities(s);
  return s;
}

/**
 * An Atom text construct (a title) as plain text: type "text" (the default) has only entities, "html"
 * escaped markup, "xhtml" inline markup in a div. Kept raw by the parser, so each is read as what it is.
 */
function atomText(v: unknown): string | undefined {
  const type = v && typeof v === 'object' ? attr(v as Node, 'type') : undefined;
  const raw = (typeof v === 'string' ? v : v && typeof v === 'object' ? String((v as Node)['#text'] ?? '') : '').trim();
  const body = /^<!\[CDATA\[([\s\S]*?)\]\]>$/.exec(raw)?.[1] ?? raw;
  const plain = type === 'xhtml' ? htmlToText(body) : type === 'html' ? htmlToText(/<[a-z]/i.test(body) ? body : decodeXmlEntities(body)) : decodeXmlEntities(body);
  return plain.replace(/\s+/g, ' ').trim() || undefined;
}

function prune(meta: StatedMeta): StatedMeta {
  for (const k of Object.keys(meta) as (keyof StatedMeta)[]) if (meta[k] === undefined) delete meta[k];
  return meta;
}
