/**
 * OPML, the list of subscriptions every feed reader imports and exports. Takes an OPML document; gives
 * the feed URLs of its outlines (nested folders flattened), with their titles. Gives back an OPML
 * document for a list of feeds. Pure; DTDs refused before parsing, as for feeds.
 */
import { declaresEntities } from '../read/feed.ts';
import { XMLParser } from 'fast-xml-parser';

export interface OpmlFeed {
  url: string;
  title: string | null;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, htmlEntities: false, isArray: (name) => name === 'outline' });

type Node = Record<string, unknown>;

/** The feeds an OPML document lists, in document order, each URL once. */
export function readOpml(xml: string): OpmlFeed[] {
  if (declaresEntities(xml)) throw new Error('the OPML declares XML entities; they are refused');
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (e) {
    throw new Error(`malformed OPML: ${String((e as Error).message).split('\n')[0]}`);
  }
  const body = (doc.opml as Node | undefined)?.body as Node | undefined;
  if (!body) throw new Error('not an OPML document (no <opml><body>)');
  const out: OpmlFeed[] = [];
  const seen = new Set<string>();
  const walk = (outlines: unknown) => {
    for (const o of (outlines as Node[] | undefined) ?? []) {
      const url = String(o['@_xmlUrl'] ?? o['@_xmlurl'] ?? '').trim();
      if (url && /^https?:\/\//i.test(url) && !seen.has(url)) {
        seen.add(url);
        const title = String(o['@_title'] ?? o['@_text'] ?? '').trim();
        out.push({ url, title: title || null });
      }
      walk(o.outline);
    }
  };
  walk(body.outline);
  return out;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An OPML 2.0 document listing these feeds. */
export function writeOpml(feeds: OpmlFeed[], title = 'Storyline sources'): string {
  const lines = feeds.map((f) => `    <outline type="rss" text="${attr(f.title ?? f.url)}" title="${attr(f.title ?? f.url)}" xmlUrl="${attr(f.url)}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>${attr(title)}</title></head>\n  <body>\n${lines.join('\n')}\n  </body>\n</opml>\n`;
}
