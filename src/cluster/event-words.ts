/**
 * Kinds of event named in any of the lexicon's languages: "Erdbeben", "σεισμός" and "earthquake" all
 * give the concept `earthquake`. The lexicon is data (data/event-words.json, with its source); this
 * reads it once and matches it against a text folded the way the entries are (lower case, no accents,
 * one apostrophe, final sigma as sigma). Takes a text and its language; gives concept → occurrences.
 * Stems in other languages differ too much for the term vectors to meet; these shared words are what a
 * Greek and a German report of one earthquake have in common besides the place and the magnitude.
 */
import { readFileSync } from 'node:fs';

interface Lexicon {
  languages: string[];
  concepts: Record<string, Record<string, string[]>>;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function foldForLexicon(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’ʼ`]/g, "'").replace(/ς/g, 'σ');
}

const lexicon = JSON.parse(readFileSync(new URL('../../data/event-words.json', import.meta.url), 'utf8')) as Lexicon;

/** One regular expression per language: each entry a named alternative would be slow, so the concept is looked up by the matched text. */
const matchers = new Map<string, { re: RegExp; conceptOf: (match: string) => string | undefined } | null>();

function matcherFor(lang: string) {
  let m = matchers.get(lang);
  if (m !== undefined) return m;
  const exact = new Map<string, string>();
  const starts: [string, string][] = [];
  const alternatives: string[] = [];
  for (const [concept, byLang] of Object.entries(lexicon.concepts)) {
    for (const entry of byLang[lang] ?? []) {
      const e = foldForLexicon(entry);
      const stem = e.endsWith('*');
      const word = stem ? e.slice(0, -1) : e;
      if (stem) starts.push([word, concept]);
      else exact.set(word, concept);
      alternatives.push(escapeRegExp(word).replace(/ /g, '\\s+') + (stem ? '\\p{L}*' : ''));
    }
  }
  if (!alternatives.length) {
    matchers.set(lang, null);
    return null;
  }
  // Longest first, so that "prime minister" is read before "minister" could be.
  alternatives.sort((a, b) => b.length - a.length);
  starts.sort((a, b) => b[0].length - a[0].length);
  m = {
    re: new RegExp(`(?<![\\p{L}'])(?:${alternatives.join('|')})(?![\\p{L}])`, 'gu'),
    conceptOf: (match) => {
      const w = match.replace(/\s+/g, ' ');
      return exact.get(w) ?? starts.find(([s]) => w.startsWith(s))?.[1];
    },
  };
  matchers.set(lang, m);
  return m;
}

/** Concepts the text names in its language, with how often; empty for a language the lexicon lacks. */
export function eventConcepts(text: string, lang: string): Map<string, number> {
  const found = new Map<string, number>();
  const m = matcherFor(lang);
  if (!m) return found;
  for (const hit of foldForLexicon(text).matchAll(m.re)) {
    const concept = m.conceptOf(hit[0]);
    if (concept) found.set(concept, (found.get(concept) ?? 0) + 1);
  }
  return found;
}
