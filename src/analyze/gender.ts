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

const wordsIn = (s: string) => s.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

/** Quoted words are someone else's "he" and "she": blank them, keeping offsets. */
const blankQuotes = (text: string) => text.replace(/[“„«"][^”“»"]*[”“»"]/g, (q) => ' '.repeat(q.length));

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
    a.sentences.forEach((s, i) => {
      const people = bySentence.get(i) ?? [];
      for (const p of people) {
        const title = TITLE_BEFORE.exec(s.text.slice(0, p.at))?.[1]?.toLowerCase();
        if (title) vote(p.name, FEMALE_TITLES.has(title) ? 'f' : 'm', 3);
      }
      if (a.lang !== 'en') return;
      const text = blankQuotes(s.text);
      const pronouns = [...text.matchAll(PRONOUN)];
      if (!pronouns.length) return;
      const genders = new Set(pronouns.map((m) => (FEMALE_PRONOUNS.has(m[1]!.toLowerCase()) ? 'f' : 'm')));
      if (genders.size !== 1) return;
      const g = [...genders][0] as Gender;
      const first = pronouns[0]!;
      // People named inside quotation marks are spoken of, not the sentence's subject.
      const outside = (list: PlacedPerson[], sentence: string) => list.filter((p) => blankQuotes(sentence)[p.at] !== ' ' || sentence[p.at] === ' ');
      const subjectOf = (list: PlacedPerson[], sentence: string) => {
        const p = outside(list, sentence)[0];
        return p && wordsIn(sentence.slice(0, p.at)) <= 3 ? p : null;
      };
      const here = outside(people, s.text).filter((p) => p.at < first.index!);
      if (here.length) {
        // "Kostan … his first visit", "… said herself": a possessive or reflexive after the subject of
        // its own sentence ("her" may be an object too: "Vinge met her" says nothing about Vinge).
        const subject = subjectOf(people, s.text);
        if (subject && new Set(here.map((p) => p.name)).size === 1 && /^(?:his|himself|herself)$/i.test(first[1]!)) vote(subject.name, g);
        return;
      }
      // "Kostan arrived on Tuesday. It is her first visit": a sentence that names no one and opens
      // with the pronoun (within its first few words) is about the subject of the sentence before.
      if (wordsIn(text.slice(0, first.index!)) > 2) return;
      const subject = subjectOf(bySentence.get(i - 1) ?? [], a.sentences[i - 1]?.text ?? '');
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
