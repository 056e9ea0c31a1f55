/**
 * Paragraphs and sentences of an article body, with their offsets. Intl.Segmenter (ICU, built in)
 * finds the boundaries; it splits after every abbreviation ("St. Gallen", "Dr. Smith", "Feb. 24"),
 * so a boundary after a known abbreviation or a single initial is undone.
 */

export interface Sentence {
  text: string;
  /** Index of the paragraph in the article (0-based). */
  paragraph: number;
  /** Where the sentence starts in its paragraph. */
  offset: number;
  /** Index of the sentence in the article (0-based). */
  index: number;
}

/** Abbreviations that end with a period without ending the sentence (lower-cased, no period). */
const ABBREVIATIONS = new Set([
  'st', 'dr', 'mr', 'mrs', 'ms', 'prof', 'gen', 'lt', 'col', 'sgt', 'capt', 'cpt', 'maj', 'adm', 'gov', 'sen', 'rep', 'rev', 'hon',
  'jr', 'sr', 'mt', 'ft', 'no', 'nos', 'vs', 'etc', 'inc', 'corp', 'ltd', 'co', 'dept', 'univ', 'approx', 'ca', 'cf', 'al',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'u.s', 'u.k', 'u.n',
  'bzw', 'z.b', 'nr', 'hr', 'fr', 'mme', 'mlle', 'sra', 'dra',
]);

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'sentence' });
    segmenters.set(lang, s);
  }
  return s;
}

/** Does this piece end with an abbreviation or an initial, so that the next piece continues it? */
function endsWithAbbreviation(piece: string): boolean {
  const m = /(?:^|[\s(“"„«])([\p{L}.]+)\.\s*$/u.exec(piece);
  if (!m) return false;
  const word = m[1]!;
  return ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word);
}

export function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
}

export function splitSentences(paragraph: string, lang = 'en'): string[] {
  const out: string[] = [];
  let carry = '';
  for (const { segment } of segmenter(lang).segment(paragraph)) {
    const piece = carry + segment;
    if (endsWithAbbreviation(piece)) {
      carry = piece;
      continue;
    }
    carry = '';
    if (piece.trim()) out.push(piece.trim());
  }
  if (carry.trim()) out.push(carry.trim());
  return out;
}

/**
 * Bounds on what of one article is read, so that analysis costs at most linearly in the input and one
 * huge article cannot stall a story. No real news article comes near them (the longest of our corpora:
 * 527 sentences, 58 KB); past them the rest of the article is not analyzed (it is still stored).
 */
export const ANALYSIS_BOUNDS = {
  /** Characters of an article read (at a word boundary). */
  chars: 150_000,
  /** Sentences of an article read. */
  sentences: 600,
  /** A run of text with no sentence end is read in pieces of at most this many characters. */
  sentenceChars: 3_000,
};

/**
 * The paragraphs of a text and every sentence in them, numbered, with where it starts; within
 * ANALYSIS_BOUNDS (`truncated` says the text went past them, and the paragraphs end where reading stopped).
 */
export function readParagraphs(text: string, lang = 'en'): { paragraphs: string[]; sentences: Sentence[]; truncated: boolean } {
  let truncated = false;
  if (text.length > ANALYSIS_BOUNDS.chars) {
    const cut = text.lastIndexOf(' ', ANALYSIS_BOUNDS.chars);
    text = text.slice(0, cut > ANALYSIS_BOUNDS.chars / 2 ? cut : ANALYSIS_BOUNDS.chars);
    truncated = true;
  }
  const paragraphs = paragraphsOf(text);
  const sentences: Sentence[] = [];
  for (let paragraph = 0; paragraph < paragraphs.length; paragraph++) {
    const p = paragraphs[paragraph]!;
    let cursor = 0;
    for (const whole of splitSentences(p, lang)) {
      for (const s of piecesOf(whole)) {
        const offset = p.indexOf(s, cursor);
        cursor = offset + s.length;
        sentences.push({ text: s, paragraph, offset, index: sentences.length });
        if (sentences.length === ANALYSIS_BOUNDS.sentences) {
          truncated ||= cursor < p.length || paragraph < paragraphs.length - 1;
          paragraphs.length = paragraph + 1;
          paragraphs[paragraph] = p.slice(0, cursor);
          return { paragraphs, sentences, truncated };
        }
      }
    }
  }
  return { paragraphs, sentences, truncated };
}

/** A sentence longer than the bound, cut at spaces into pieces within it. */
function piecesOf(sentence: string): string[] {
  const max = ANALYSIS_BOUNDS.sentenceChars;
  if (sentence.length <= max) return [sentence];
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const at = space > max / 2 ? space : max;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces.filter(Boolean);
}

const OPENING = new Set(['“', '„', '«']);
const CLOSING = new Set(['”', '»']);

/** Words of a text that have a letter in them (numbers and dashes alone are not words). */
export const countWords = (s: string) => s.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

const QUOTE_MARK = /["“”„«»]/;

/** Quoted stretches of a sentence; a quote may open before it or close after it (quotes run over sentences). */
export function quotedSpans(sentence: string): [number, number][] {
  // Most sentences have no quotation mark: one native scan says so.
  if (!QUOTE_MARK.test(sentence)) return [];
  const spans: [number, number][] = [];
  let open: number | null = null;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence[i]!;
    const opens = OPENING.has(c) || (c === '"' && open === null);
    const closes = CLOSING.has(c) || (c === '"' && open !== null) || (c === '“' && open !== null && sentence[open] === '„');
    if (closes && !(OPENING.has(c) && open === null)) {
      spans.push([open ?? 0, i + 1]);
      open = null;
    } else if (opens) open = i;
  }
  if (open !== null) spans.push([open, sentence.length]);
  return spans;
}

/** A sentence with where it stands in the whole text: `start`/`end` are character offsets into it. */
export interface PlacedSentence extends Sentence {
  start: number;
  end: number;
}

/**
 * The sentences of a text as the analysis numbers them, each with its character span in the text: what
 * a citation (article, sentence index) is turned into to mark the exact words on a page.
 */
export function placedSentences(text: string, lang = 'en'): PlacedSentence[] {
  const { paragraphs, sentences } = readParagraphs(text, lang);
  // Where each paragraph starts in the text (paragraphsOf trims them and drops empty ones).
  const starts: number[] = [];
  let cursor = 0;
  for (const p of paragraphs) {
    const at = text.indexOf(p, cursor);
    starts.push(at < 0 ? cursor : at);
    cursor = (at < 0 ? cursor : at) + p.length;
  }
  return sentences.map((s) => {
    const start = starts[s.paragraph]! + s.offset;
    return { ...s, start, end: start + s.text.length };
  });
}
