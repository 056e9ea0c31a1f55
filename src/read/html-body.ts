/**
 * Choose between the extractor's text and the page's own JSON-LD `articleBody`. Publishers fill
 * articleBody from their CMS, so where it exists it is the body without navigation; but it is often
 * truncated to a teaser or stripped of paragraph breaks, so it only wins when it carries clearly more
 * of the article than the extractor found.
 */

import { htmlToText } from './html-text.ts';

/** articleBody must be this much longer than the extracted text to replace it. */
const LD_BODY_GAIN = 1.3;
/** Below this many characters an articleBody is a teaser, not a body. */
const LD_BODY_MIN_CHARS = 400;

export function pickArticleBody(extracted: string, jsonLdBody: string): string {
  // Some CMSs put the body's HTML, entity-escaped, into articleBody.
  const ld = (/<\/?[a-z][^>]*>|&lt;\/?[a-z]/i.test(jsonLdBody) ? htmlToText(jsonLdBody) : jsonLdBody).replace(/\r\n?/g, '\n').trim();
  if (ld.length < LD_BODY_MIN_CHARS) return extracted;
  if (extracted.length === 0 || ld.length > extracted.length * LD_BODY_GAIN) {
    return /\n/.test(ld) ? ld.split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean).join('\n\n') : ld;
  }
  return extracted;
}
