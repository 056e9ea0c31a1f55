/**
 * Which people of a story the text calls "he" and which "she", from the text alone: a pronoun outside
 * quotation marks votes for the one person it can refer to — the only person named before it in its
 * sentence, or else the subject of the sentence before ("Kostan arrived on Tuesday. It is her first
 * visit") — and a title ("Mrs", "Herr") or a gendered role word ("spokeswoman") votes for the name it
 * stands beside. Takes each article's sentences with the people placed in them; gives each person's
 * name → 'm' | 'f' where the votes agree (two to one at least). Pronoun resolution in quotes uses it
 * so that "she said" is never given to a man. English pronouns only: in German or French "sie"/"elle"
 * also mean "they" or "it".
 */
import { countWords, quotedSpans } from './sentences.ts';

export type Gender = 'm' | 'f';

export interface PlacedPerson {
  /** Index of the sentence in its article. */
  sentence: number;
  /** Offset of the mention in its sentence. */
  at: number;
  name: string;
}

const PRONOUN = /(?<![\p{L}])(he|him|his|himself|she|her|hers|herself)(?![\p{L}])/giu;
const FEMALE_PRONOUNS = new Set(['she', 'her', 'hers', 'herself']);
const TITLE_BEFORE = /(?:^|[^\p{L}])(mr|mrs|ms|miss|madam|herr|frau|monsieur|madame|mme|señor|señora|sra|sr)\.?\s+$/iu;
const FEMALE_TITLES = new Set(['mrs', 'ms', 'miss', 'madam', 'frau', 'madame', 'mme', 'señora', 'sra']);
const ROLE_STEMS = '(?:spokes|chair|business|congress|council|police|fire|sales|camera|country|anchor|news|states)';
const FEMALE_ROLE = new RegExp(`(?<![\\p{L}])(?:${ROLE_STEMS}woman|actress|queen|princess|duchess|empress|countess|widow|mother|sister|daughter|wife|girl)(?![\\p{L}])`, 'iu');
const MALE_ROLE = new RegExp(`(?<![\\p{L}])(?:${ROLE_STEMS}man|actor|king|prince|duke|emperor|widower|father|brother|son|husband|boy)(?![\\p{L}])`, 'iu');

/** Quoted words are someone else's "he" and "she": blank them, keeping offsets. */
const blankQuotes = (text: string) => {
  let out = text;
  for (const [a, b] of quotedSpans(text)) out = out.slice(0, a) + ' '.repeat(b - a) + out.slice(b);
  return out;
};

export function personGenders(articles: { lang: string; sentences: { text: string }[]; people: PlacedPerson[] }[], descriptors: Map<string, string[]> = new Map()): Map<string, Gender> {
  const votes = new Map<string, { m: number; f: number }>();
  const vote = (name: string, g: Gender, weight = 1) => {
    const v = votes.get(name) ?? { m: 0, f: 0 };
    v[g] += weight;
    votes.set(name, v);
  };
  for (const a of articles) {
    const bySentence = new Map<number, PlacedPerson[]>();
    for (const p of a.people) {
      const list = bySentence.get(p.sentence) ?? [];
      list.push(p);
      bySentence.set(p.sentence, list);
    }
    for (const list of bySentence.values()) list.sort((x, y) => x.at - y.at);
    // Each sentence blanked once: a sentence is read for its own pronouns and as the one before the next.
    const blanked = a.sentences.map((s) => blankQuotes(s.text));
    // People named inside quotation marks are spoken of, not a sentence's subject.
    const subjectOf = (i: number) => {
      const p = (bySentence.get(i) ?? []).find((x) => blanked[i]![x.at] !== ' ');
      return p && countWords(a.sentences[i]!.text.slice(0, p.at)) <= 3 ? p : null;
    };
    a.sentences.forEach((s, i) => {
      const people = bySentence.get(i) ?? [];
      for (const p of people) {
        const title = TITLE_BEFORE.exec(s.text.slice(0, p.at))?.[1]?.toLowerCase();
        if (title) vote(p.name, FEMALE_TITLES.has(title) ? 'f' : 'm', 3);
      }
      if (a.lang !== 'en') return;
      const text = blanked[i]!;
      const pronouns = [...text.matchAll(PRONOUN)];
      if (!pronouns.length) return;
      const genders = new Set(pronouns.map((m) => (FEMALE_PRONOUNS.has(m[1]!.toLowerCase()) ? 'f' : 'm')));
      if (genders.size !== 1) return;
      const g = [...genders][0] as Gender;
      const first = pronouns[0]!;
      const here = people.filter((p) => text[p.at] !== ' ' && p.at < first.index!);
      if (here.length) {
        // "Kostan … his first visit", "… said herself": a possessive or reflexive after the subject of
        // its own sentence ("her" may be an object too: "Vinge met her" says nothing about Vinge).
        const subject = subjectOf(i);
        if (subject && new Set(here.map((p) => p.name)).size === 1 && /^(?:his|himself|herself)$/i.test(first[1]!)) vote(subject.name, g);
        return;
      }
      // "Kostan arrived on Tuesday. It is her first visit": a sentence that names no one and opens
      // with the pronoun (within its first few words) is about the subject of the sentence before.
      if (countWords(text.slice(0, first.index!)) > 2) return;
      const subject = i > 0 ? subjectOf(i - 1) : null;
      if (subject) vote(subject.name, g);
    });
  }
  for (const [name, roles] of descriptors) {
    for (const d of roles) {
      if (FEMALE_ROLE.test(d)) vote(name, 'f');
      else if (MALE_ROLE.test(d)) vote(name, 'm');
    }
  }
  const out = new Map<string, Gender>();
  for (const [name, v] of votes) {
    if (v.m >= 2 * v.f && v.m > 0) out.set(name, 'm');
    else if (v.f >= 2 * v.m && v.f > 0) out.set(name, 'f');
  }
  return out;
}
