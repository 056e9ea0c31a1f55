/** An HTML fragment (feed content, a JSON text field, an articleBody) → plain-text paragraphs. */
import { renderParagraphs } from './html-blocks.ts';
import { dropControls } from './decode.ts';
import { htmlparser2Tree, parseHtml } from './html-main-text.ts';

export function decodeXmlEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => characterOf(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => characterOf(Number(d)))
    .replace(/&amp;/g, '&');
}

/**
 * The character a numeric reference names. One that names none (past U+10FFFF, a surrogate) is
 * U+FFFD, as the HTML standard reads it; NUL and the other control characters `dropControls` drops
 * are dropped here too.
 */
export function characterOf(cp: number): string {
  if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return dropControls(String.fromCodePoint(cp));
}

/** Numeric references in XML source made safe before parsing: each becomes the character `characterOf` gives. */
export function repairCharacterReferences(xml: string): string {
  return xml.replace(/&#(?:x([0-9a-f]+)|([0-9]+));/gi, (whole, hex: string | undefined, dec: string | undefined) => {
    const c = characterOf(hex ? parseInt(hex, 16) : Number(dec));
    // Markup characters stay references, so the parser still reads them as text.
    return c === '' ? '' : c === '\ufffd' ? '&#xFFFD;' : whole;
  });
}

export function htmlToText(html: string): string {
  // Escaped markup ("&lt;p&gt;") is one level of entities away from HTML.
  const source = !/<[a-z!/]/i.test(html) && /&lt;\/?[a-z]/i.test(html) ? decodeXmlEntities(html) : html;
  if (!/<[a-z!/]/i.test(source)) return decodeXmlEntities(source).trim();
  return renderParagraphs(parseHtml(source).children, htmlparser2Tree);
}
