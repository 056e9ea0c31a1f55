/**
 * Body text → body text without the lines that are not article content. Takes the paragraphs of one
 * item and what is known of it (title); gives the kept paragraphs, the date read from a stamp line,
 * a headline candidate, and why each dropped line went (for `--explain` and tests).
 *
 * The mechanism is a classifier over lines, not a list of strings: a line is judged by its shape
 * (length, terminal punctuation, separators), by the class a pattern names (call to action, site
 * notice, credit, stamp), and by its position (header zone, trailer after the body). Patterns only
 * apply to short lines, so a real sentence that mentions "share" or "cookies" stays.
 */
import { PATTERNS } from './patterns.ts';
import { readDateStamp } from './date-stamp.ts';
import { normalizeForCompare, wordCount } from './text-shape.ts';

/** A line with at most this many words can be a call to action, credit, byline or heading. */
const SHORT_LINE_WORDS = 12;
/** A site notice is a sentence or two; longer paragraphs that mention cookies are content. */
const NOTICE_MAX_WORDS = 45;
/** Lines this close to the top may be repeats of the headline or standfirst. */
const HEADER_ZONE_LINES = 6;
/** A trailer heading this far into the body (by characters) ends the article. */
const TRAILER_START_SHARE = 0.5;
/** Navigation: this many consecutive very short non-sentences in a row are a menu, not content. */
const NAV_RUN_MIN = 4;
const NAV_LINE_MAX_WORDS = 3;
/** A stamp line after the body with at most this many paragraphs after it starts an appended teaser. */
const TEASER_MAX_PARAGRAPHS = 3;

export type DropReason =
  | 'breadcrumb' | 'call-to-action' | 'site-notice' | 'self-reference' | 'credit' | 'byline' | 'reading-time'
  | 'date-stamp' | 'headline-repeat' | 'repeat' | 'navigation' | 'trailer' | 'teaser' | 'section-label'
  | 'promotion' | 'caption' | 'author-box';

export interface FilterResult {
  paragraphs: string[];
  stampDate: string | null;
  /** The first line when it reads as a headline and no title was known (text inputs). */
  headline: string | null;
  dropped: { line: string; reason: DropReason }[];
}

interface Line {
  text: string;
  words: number;
  drop?: DropReason;
  /** normalizeForCompare(text), computed once when first needed. */
  norm?: string;
}

const normOf = (l: Line) => (l.norm ??= normalizeForCompare(l.text));

const endsSentence = (s: string) => /[.!?…:;"”’»)\]]\s*$/.test(s);

export function filterLines(paragraphs: string[], knownTitle: string | null, wantHeadline: boolean, knownAuthor: string | null = null): FilterResult {
  const lines: Line[] = paragraphs.map((text) => ({ text: text.trim(), words: wordCount(text) })).filter((l) => l.text);
  let stampDate: string | null = null;
  const crumbTitles: string[] = [];

  // Pass 1: what a line is, on its own.
  lines.forEach((line, i) => {
    const crumb = readBreadcrumb(line.text);
    if (crumb !== null) {
      line.drop = 'breadcrumb';
      if (crumb) crumbTitles.push(crumb);
      return;
    }
    if (line.words <= SHORT_LINE_WORDS || PATTERNS.stampLead.test(line.text)) {
      const stamp = line.words <= 40 ? readDateStamp(line.text) : null;
      if (stamp) {
        if (!stampDate && stamp.date && i < lines.length / 2) stampDate = stamp.date;
        if (stamp.rest) line.text = stamp.rest;
        else line.drop = 'date-stamp';
        line.words = wordCount(line.text);
        if (line.drop) return;
      }
    }
    line.drop = classifyAlone(line);
  });

  // Pass 2: trailers. An author-box or comments heading, or a late stamp line, after most of the
  // body ends the article; a link-list heading takes only the short items under it.
  const total = lines.reduce((s, l) => s + (l.drop ? 0 : l.text.length), 0);
  let seen = 0;
  // Lines after the current one still kept, counted down as the walk passes or drops them (counting
  // them afresh at every line made a text of 100,000 paragraphs take minutes).
  let remaining = lines.filter((l) => !l.drop).length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.drop) remaining--;
    const late = seen >= total * TRAILER_START_SHARE;
    const short = line.words <= SHORT_LINE_WORDS;
    const endsArticle = short && PATTERNS.trailerHeading.test(line.text);
    const isTeaserStamp = line.drop === 'date-stamp' && seen > 0 && late && remaining <= TEASER_MAX_PARAGRAPHS;
    if ((endsArticle && late) || isTeaserStamp) {
      for (let j = i; j < lines.length; j++) lines[j]!.drop ??= endsArticle ? 'trailer' : 'teaser';
      if (endsArticle) line.drop = 'trailer';
      break;
    }
    if ((!line.drop || line.drop === 'call-to-action') && short && (endsArticle || PATTERNS.listHeading.test(line.text))) {
      line.drop ??= 'trailer';
      for (let j = i + 1; j < lines.length && isListItem(lines[j]!); j++) {
        if (!lines[j]!.drop) remaining--;
        lines[j]!.drop ??= 'trailer';
      }
    }
    if (!line.drop) seen += line.text.length;
  }

  // Pass 2b: an author box without a heading: the closing paragraphs that introduce the byline's author.
  const authorOpening = authorBoxOpening(knownAuthor);
  if (authorOpening) {
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 3); i--) {
      if (!lines[i]!.drop && authorOpening.test(lines[i]!.text)) lines[i]!.drop = 'author-box';
    }
  }

  // Pass 3: navigation runs — menus that slipped through as one word a line.
  markRuns(lines, (l) => !l.drop && l.words <= NAV_LINE_MAX_WORDS && !endsSentence(l.text) && !PATTERNS.bullet.test(l.text), NAV_RUN_MIN, 'navigation');

  // Pass 4: the headline and its repeats.
  const kept = () => lines.filter((l) => !l.drop);
  let headline: string | null = null;
  if (wantHeadline && !knownTitle) {
    const crumb = crumbTitles[crumbTitles.length - 1];
    const first = kept()[0];
    if (crumb && crumb.split(/\s+/).length >= 3) headline = crumb;
    else if (first && readsAsHeadline(first.text) && kept().length > 1) headline = first.text;
  }
  const titles = [knownTitle, headline, ...crumbTitles].filter((t): t is string => !!t).map(normalizeForCompare);
  const seenText = new Set<string>();
  lines.forEach((line, i) => {
    const inHeader = i < HEADER_ZONE_LINES * 2;
    // Only the header and one-word labels can be repeats worth dropping; long lines below are skipped.
    if (line.drop || (!inHeader && line.words > NAV_LINE_MAX_WORDS)) return;
    const norm = normOf(line);
    if (!norm) return;
    if (inHeader && titles.some((t) => t === norm || (t.length > 20 && norm.startsWith(t) && norm.length - t.length < 30 && line.words <= 25))) {
      line.drop = 'headline-repeat';
    } else if (seenText.has(norm)) {
      // Repeats are dropped where boilerplate repeats (the header, one-word labels); a repeated
      // sentence further down (an embedded tweet quoted twice) is the author's choice.
      line.drop = 'repeat';
    }
    seenText.add(norm);
  });
  // A standfirst repeated as the opening of the first paragraph: the short copy goes.
  const body = kept();
  body.slice(0, HEADER_ZONE_LINES).forEach((line, i) => {
    const norm = normOf(line);
    if (norm.length < 20) return;
    if (body.slice(i + 1, i + HEADER_ZONE_LINES).some((later) => normOf(later).startsWith(norm))) line.drop = 'repeat';
  });

  // Pass 5: section labels before the first sentence ("Politics", "Opinion Columnist").
  for (const line of lines) {
    if (line.drop) continue;
    if (line.words <= NAV_LINE_MAX_WORDS && !endsSentence(line.text)) line.drop = 'section-label';
    else break;
  }

  return {
    paragraphs: kept().map((l) => l.text),
    stampDate,
    headline,
    dropped: lines.filter((l) => l.drop).map((l) => ({ line: l.text, reason: l.drop! })),
  };
}

function classifyAlone(line: Line): DropReason | undefined {
  const t = line.text;
  if (line.words <= SHORT_LINE_WORDS) {
    if (PATTERNS.callToAction.test(t)) return 'call-to-action';
    if (PATTERNS.credit.test(t)) return 'credit';
    if (PATTERNS.readingTime.test(t)) return 'reading-time';
    if (PATTERNS.byline.test(t) && !endsSentence(t)) return 'byline';
    if (PATTERNS.imperativeLinkText.test(t) && line.words <= 8) return 'call-to-action';
  }
  if (line.words <= SHORT_LINE_WORDS && PATTERNS.productionCredit.test(t)) return 'credit';
  if (line.words <= NOTICE_MAX_WORDS) {
    if (PATTERNS.productionCredit.test(t) && /;|\band\b/.test(t)) return 'credit';
    if (/[(/|]|photo|image|picture|credit/i.test(t) && PATTERNS.captionCredit.test(t)) return 'caption';
    if (PATTERNS.promotion.test(t) && promotesTheOutlet(t)) return 'promotion';
    if (PATTERNS.documentSelfReference.test(t)) return 'self-reference';
    if (PATTERNS.siteNotice.test(t) && addressesReaderOrSite(t)) return 'site-notice';
  }
  return undefined;
}

/** "Jane Doe is a…", "Doe has covered…": how an author box without a heading opens. */
function authorBoxOpening(author: string | null): RegExp | null {
  const names = (author ?? '').split(/\s*(?:,|\band\b|&)\s*/).map((n) => n.trim()).filter((n) => /^\p{Lu}/u.test(n));
  if (!names.length) return null;
  const forms = names.flatMap((n) => [n, n.split(/\s+/)[0]!, n.split(/\s+/).pop()!]).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${[...new Set(forms)].join('|')})\\s+(?:is|was|has|writes|covers|reports|joined|lives)\\b`, 'u');
}

/** Promotion speaks for the outlet ("our", "here") or opens with an imperative; a bullet is a list's item. */
function promotesTheOutlet(t: string): boolean {
  if (PATTERNS.bullet.test(t)) return false;
  return PATTERNS.promotionOpening.test(t) || /\b(?:our|us|here|this (?:site|website|newsletter|page))\b/i.test(t);
}

/** Site notices talk to the reader or about the site; a news sentence about cookies talks about others. */
function addressesReaderOrSite(t: string): boolean {
  return /\b(?:you|your|we|we['’]ll|our|us|this (?:site|website|page|slideshow)|please)\b/i.test(t) || wordCount(t) <= 6;
}

/**
 * "Home » World » Headline": returns the last segment when it is long enough to be the headline,
 * '' for a crumb trail without one, null when the line is not a breadcrumb.
 */
function readBreadcrumb(t: string): string | null {
  // A trail may end on its separator ("Home » News »"): that counts as a trail without a headline.
  const trailing = /\s(?:»|›|>|\/|→|::)\s*$/.test(t);
  const parts = t.replace(/\s(?:»|›|>|\/|→|::)\s*$/, '').split(PATTERNS.breadcrumbSeparator);
  if (trailing && parts.length >= 2 && parts.every((p) => wordCount(p) <= 4)) return '';
  if (parts.length < 3) return null;
  // Crumbs are short labels: no punctuation inside them, and a short last crumb is no sentence end.
  const head = parts.slice(0, -1);
  if (head.some((p) => wordCount(p) > 4 || /[.,;:!?]/.test(p))) return null;
  const last = parts[parts.length - 1]!.trim();
  if (wordCount(last) > 4) return last;
  return /[.,;!?]$/.test(last) ? null : '';
}

function isListItem(l: Line): boolean {
  return l.words <= 20 && !/[.!?]$/.test(l.text);
}

/** Headlines are one short unit of text: few words, at most one sentence, not a bullet. */
export function readsAsHeadline(t: string): boolean {
  const words = wordCount(t);
  if (words < 2 || words > 25 || PATTERNS.bullet.test(t)) return false;
  // "?" and "!" inside headlines are common ("Is X worth it? Not so much"); a full stop is not.
  const sentences = t.split(/(?<=[.])\s+(?=\p{Lu})/u).length;
  return sentences === 1 && !/[,;]$/.test(t);
}

function markRuns(lines: Line[], test: (l: Line) => boolean, minRun: number, reason: DropReason): void {
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const inRun = i < lines.length && (lines[i]!.drop ? start >= 0 : test(lines[i]!));
    if (inRun && start < 0) start = i;
    if (!inRun && start >= 0) {
      const members = lines.slice(start, i).filter((l) => !l.drop);
      if (members.length >= minRun) members.forEach((l) => (l.drop = reason));
      start = -1;
    }
  }
}
