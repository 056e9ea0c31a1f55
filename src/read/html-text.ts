/** An HTML fragment (feed content, a JSON text field, an articleBody) → plain-text paragraphs. */
import { renderParagraphs } from './html-blocks.ts';
import { htmlparser2Tree, parseHtml } from './html-main-text.ts';

export function decodeXmlEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(+d))
    .replace(/&amp;/g, '&');
}

export function htmlToText(html: string): string {
  // Escaped markup ("&lt;p&gt;") is one level of entities away from HTML.
  const source = !/<[a-z!/]/i.test(html) && /&lt;\/?[a-z]/i.test(html) ? decodeXmlEntities(html) : html;
  if (!/<[a-z!/]/i.test(source)) return decodeXmlEntities(source).trim();
  return renderParagraphs(parseHtml(source).children, htmlparser2Tree);
}
