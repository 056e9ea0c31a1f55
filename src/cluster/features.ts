/**
 * What an article offers for grouping it with others, as pure functions of its text: stemmed content
 * terms (stop words removed; Snowball stemmers for 20+ languages), names (capitalised words, folded so
 * that transliterations meet: Peskov/Peskow, Shoigu/Shoygu, Sergey/Sergei, Najew/Nayev), numbers, and
 * its time. Names (written in Latin letters whatever their script), numbers and the words of the event
 * lexicon (`event-words.ts`) are the evidence that survives translation, which is how an article in
 * German, Greek or Ukrainian can join an English story.
 */
import { createRequire } from 'node:module';
import anyAscii from 'any-ascii';
import snowball from 'snowball-stemmers';
import { eventConcepts } from './event-words.ts';

// stopwords-iso's entry is a JSON file: required, so that compiled JavaScript loads it as the sources do.
const stopwords = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;

export interface ArticleFeatures {
  /** Stemmed content term → weight in this article (title terms count twice). */
  terms: Map<string, number>;
  /** Folded name key → occurrences. */
  names: Map<string, number>;
  /** Numbers of two or more digits, normalised ("9,000" → "9000"; "5,9" and "5.9" → "5.9"). */
  numbers: Set<string>;
  /** Publication time in ms since the epoch, or null when the article states none. */
  time: number | null;
}

const SNOWBALL: Record<string, string> = {
  ar: 'arabic', ca: 'catalan', cs: 'czech', da: 'danish', de: 'german', en: 'english', es: 'spanish', eu: 'basque',
  fi: 'finnish', fr: 'french', ga: 'irish', hu: 'hungarian', hy: 'armenian', it: 'italian', nl: 'dutch', no: 'norwegian',
  nb: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', sl: 'slovene', sv: 'swedish', ta: 'tamil', tr: 'turkish',
};

/** Stems are cached per language: news vocabulary repeats, and a Snowball call costs ~9 µs. */
const STEM_CACHE_LIMIT = 200_000;
const stemmers = new Map<string, { stem: (w: string) => string }>();

export function stemmerFor(lang: string): (w: string) => string {
  let s = stemmers.get(lang);
  if (!s) {
    const algorithm = SNOWBALL[lang];
    const stemmer = algorithm ? snowball.newStemmer(algorithm) : null;
    const cache = new Map<string, string>();
    s = {
      stem: (w) => {
        let r = cache.get(w);
        if (r === undefined) {
          r = stemmer ? stemmer.stem(w) : w;
          if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
          cache.set(w, r);
        }
        return r;
      },
    };
    stemmers.set(lang, s);
  }
  return s.stem;
}

const stopSets = new Map<string, Set<string>>();
export function stopwordsFor(lang: string): Set<string> {
  let set = stopSets.get(lang);
  if (!set) {
    // English is always included: quotes, names of English bodies and loanwords run through every language.
    set = new Set([...(stopwords[lang] ?? []), ...(stopwords.en ?? []), ...EXTRA_STOPWORDS]);
    stopSets.set(lang, set);
  }
  return set;
}

/** Words of news prose that carry no event: reporting verbs, time words, weekdays and months. */
const EXTRA_STOPWORDS = [
  'said', 'says', 'told', 'according', 'reported', 'reports', 'also', 'would', 'could', 'one', 'two', 'three', 'year', 'years',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'yesterday', 'week', 'weeks', 'month',
  'months', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'mr', 'mrs', 'ms', 'new', 'time', 'people', 'like', 'just', 'get', 'make', 'made', 'many', 'much', 'well', 'still',
];

/**
 * "9,000", "9.000", "9 000" and "9000" are one number; "5,9" and "5.9" (one or two decimals: a
 * magnitude, a share, "2,3 milliards") are one decimal, whichever mark a language uses.
 */
const NUMBER = /(?<![\d.,])(\d{1,3})[.,](\d{1,2})(?![\d]|[.,]\d)|(?<![\d.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?![\d])|(?<![\d.,])\d+(?![\d])/g;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Folded names are cached: entity resolution compares the same names many times over. */
const nameKeys = new Map<string, string>();
const NAME_KEY_CACHE_LIMIT = 200_000;

/**
 * Fold a name so spellings across outlets, transliterations and scripts meet: a name in Cyrillic,
 * Greek or another script is first written in Latin letters (any-ascii), so Гриценко, Παπαδάκη and
 * Papadaki fold like their Latin spellings. `lang` matters only for Cyrillic, whose Ukrainian
 * romanisation differs from the Russian one that any-ascii follows (Г is H, И is Y).
 */
export function nameKey(word: string, lang = ''): string {
  const cacheKey = lang === 'uk' && CYRILLIC.test(word) ? `uk:${word}` : word;
  let k = nameKeys.get(cacheKey);
  if (k === undefined) {
    if (nameKeys.size >= NAME_KEY_CACHE_LIMIT) nameKeys.clear();
    nameKeys.set(cacheKey, (k = foldName(cacheKey === word ? word : ukrainianLetters(word))));
  }
  return k;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const NOT_LATIN = /[^\p{Script=Latin}\p{M}\p{N}\p{P}\s]/u;
const UKRAINIAN: Record<string, string> = { Г: 'H', г: 'h', И: 'Y', и: 'y', Й: 'Y', й: 'y', Ї: 'Yi', ї: 'i', Є: 'Ye', є: 'ie', Ь: '', ь: '' };
const ukrainianLetters = (word: string) => word.replace(/[ГгИиЙйЇїЄєЬь]/g, (c) => UKRAINIAN[c]!);

function foldName(word: string): string {
  const latin = NOT_LATIN.test(word) ? anyAscii(word).replace(/['’`]/g, '') : word;
  return latin
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/ß/g, 'ss')
    .replace(/sch/g, 'sh')
    .replace(/[yj]/g, 'i')
    .replace(/w/g, 'v')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/(.)\1+/g, '$1');
}

/** A concept of the event lexicon is a term of its own, the same in every language: `~earthquake`. */
const CONCEPT_PREFIX = '~';

/** How many letters two words share from their start ("rantanen"/"rantanenom": 8). */
export function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export function articleFeatures(a: { title: string | null; text: string; lang: string; publishedAt: string | null }): ArticleFeatures {
  const stop = stopwordsFor(a.lang);
  const stem = stemmerFor(a.lang);
  const terms = new Map<string, number>();
  const names = new Map<string, number>();
  const numbers = new Set<string>();
  const add = (text: string, weight: number) => {
    for (const sentence of text.split(/(?<=[.!?:;"”»])\s+|\n+/)) {
      let first = true;
      for (const m of sentence.matchAll(WORD)) {
        const word = m[0];
        const lower = word.toLowerCase();
        if (/^\d/.test(word)) {
          // numbers are read below, with their thousands separators
        } else if (!stop.has(lower) && lower.length >= 2) {
          const t = stem(lower);
          terms.set(t, (terms.get(t) ?? 0) + weight);
          // A capitalised word that does not open its sentence is a name (or part of one).
          if (!first && /^\p{Lu}/u.test(word) && word.length >= 3 && !/^\p{Lu}+$/u.test(word.slice(1))) {
            const k = nameKey(word, a.lang);
            names.set(k, (names.get(k) ?? 0) + 1);
          }
        }
        first = false;
      }
    }
  };
  if (a.title) add(a.title, 2);
  add(a.text, 1);
  const addConcepts = (text: string, weight: number) => {
    for (const [c, n] of eventConcepts(text, a.lang)) terms.set(CONCEPT_PREFIX + c, (terms.get(CONCEPT_PREFIX + c) ?? 0) + n * weight);
  };
  if (a.title) addConcepts(a.title, 2);
  addConcepts(a.text, 1);
  for (const m of `${a.title ?? ''}\n${a.text}`.matchAll(NUMBER)) {
    const n = m[1] !== undefined ? `${m[1]}.${m[2]}` : m[0].replace(/\D/g, '');
    if (n.length >= 2) numbers.add(n);
  }
  return { terms, names, numbers, time: publicationTime(a.publishedAt) };
}

/** An ISO date or date-time as ms since the epoch; null when absent or unreadable. */
export function publicationTime(iso: string | null): number | null {
  if (!iso) return null;
  // A date without a time is taken at noon UTC: it is then never more than half a day off.
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : /^\d{4}-\d{2}$/.test(iso) ? `${iso}-15T12:00:00Z` : iso);
  return Number.isNaN(t) ? null : t;
}
