/**
 * Sentences a summary may be made of. Takes the story's statements with their support and its facts;
 * gives the statements that keep their meaning out of context, each with the facts it expresses, the
 * articles that say what it says, its dates and its place in its article. Which of them make the
 * summary is decided at brief time (`src/brief/summarize.ts`), under the reader's word budget.
 *
 * Out of context a sentence must not lean on the one before it: a leading "However," or "But" is
 * dropped; a leading "He"/"She" becomes the person last named before it, in brackets ("[Putin] was
 * welcomed…"), and a sentence whose pronoun or demonstrative cannot be resolved that way is left out.
 */
import type { Fact } from '../records.ts';
import { containment, sentenceKey, sortRefs, type ArticleRank, type ReadSentence, type SupportedStatement } from './corroborate.ts';
import { FINITE_VERB } from './lexicon.ts';

export interface SummaryCandidate {
  articleRef: string;
  /** Index of the sentence in its article. */
  sentence: number;
  /** As a summary shows it (connective dropped, leading pronoun resolved). */
  text: string;
  words: number;
  /** Where in its article: 0 the lead, towards 1 the end. */
  position: number;
  /** Indices of the facts (in the analysis' list) the sentence expresses. */
  facts: number[];
  /** Every article that says what the sentence says, its own first. */
  articleRefs: string[];
  /** The dates it gives (ISO). */
  dates: string[];
}

/** Discourse openers that point at the sentence before; the rest of the sentence stands alone. */
const CONNECTIVE = /^(?:however|but|and|so(?! far\b)|that is why|this is why|that's why|for this reason|meanwhile|also|instead|still|yet|now|then|moreover|furthermore|in addition|nevertheless|nonetheless|thus|therefore|indeed|after all|at the same time|on the other hand)\b,?\s+/i;
/** Openers whose referent is in another sentence and cannot be named from here. */
const UNRESOLVABLE_OPENER = /^(?:it|they|this|these|that|those|his|her|its|their|such|him|them|here|because|although|though|whereas|which|whose|so that)\b/i;
/** A list bullet, dash or item number the body kept in front of a sentence ("13 The five clubs …"). */
const BULLET = /^(?:[-–—•*·]\s+)+|^\d{1,3}\.?\s+(?=(?:The|These|This|Those|In|On|At|A|An|It|He|She|They|We)\s)/;
const SUBJECT_PRONOUN = /^(?:he|she)\b/i;
/** A personal pronoun before any person is named in the sentence points outside it. */
const PRONOUN = /\b(?:he|she|him|his|her|they|them|their)\b/i;
const OBJECT_PRONOUN = /\bhim\b/;

export function summaryCandidates(statements: SupportedStatement[], facts: Fact[], sentences: ReadSentence[], rank: ArticleRank): SummaryCandidate[] {
  const length = new Map<string, number>();
  for (const s of sentences) length.set(s.ref, Math.max(length.get(s.ref) ?? 0, s.index + 1));
  const at = new Map(sentences.map((s) => [sentenceKey(s.ref, s.index), s]));
  // The facts each sentence expresses: those citing it, and those whose statement it says (found when
  // the statements' support was scored, through the key postings, not by testing every pair again).
  const bySentence = new Map(statements.map((x) => [x.s, x]));
  const expressing = new Map<ReadSentence, Set<number>>();
  const note = (s: ReadSentence, fact: number) => {
    let set = expressing.get(s);
    if (!set) expressing.set(s, (set = new Set()));
    set.add(fact);
  };
  facts.forEach((f, i) => {
    for (const e of f.evidence) {
      const s = at.get(sentenceKey(e.articleRef, e.sentence));
      if (s) note(s, i);
    }
    const statement = at.get(sentenceKey(f.evidence[0]!.articleRef, f.evidence[0]!.sentence));
    // A sentence that carries the statement but is mostly about something else ("Regarding Putin's
    // reception, Lukashenko said Minsk and Moscow remain open to dialogue …") does not state it.
    for (const o of (statement && bySentence.get(statement)?.expressedBy) ?? []) if (mostlyAbout(o, statement!)) note(o, i);
  });

  const out: SummaryCandidate[] = [];
  for (const { s, support } of statements) {
    const text = standalone(s, (i) => at.get(sentenceKey(s.ref, i)));
    if (text === null || isTitleCase(s.text)) continue;
    const expressed = expressing.get(s);
    if (!expressed?.size) continue;
    out.push({
      articleRef: s.ref,
      sentence: s.index,
      text,
      words: text.split(/\s+/).length,
      position: s.index / Math.max(1, length.get(s.ref)!),
      facts: [...expressed].sort((a, b) => a - b),
      articleRefs: [s.ref, ...sortRefs([...new Set(support.map((o) => o.ref))].filter((r) => r !== s.ref), rank)],
      dates: [...new Set(s.dates.map((d) => d.date))],
    });
  }
  return out;
}

/** At least half of what `o` says (its names, concepts, dates and counts, each counted once) is in `statement`. */
function mostlyAbout(o: ReadSentence, statement: ReadSentence): boolean {
  return containment([...o.keys.keys()].filter((k) => k[0] !== 'r'), statement.keys, () => 1) >= 0.5;
}

/** The sentence as it reads on its own, or null when it cannot. */
function standalone(s: ReadSentence, sentenceAt: (index: number) => ReadSentence | undefined): string | null {
  let text = s.text;
  let offset = 0; // characters cut from the front: mention offsets are the original sentence's
  for (const opener of [BULLET, CONNECTIVE]) {
    const m = opener.exec(text);
    if (m) {
      offset += m[0].length;
      text = capitalise(text.slice(m[0].length));
    }
  }
  if (UNRESOLVABLE_OPENER.test(text) || isFragment(text) || !isFluent(text)) return null;
  const firstPerson = s.people[0]?.at ?? Infinity;
  const subject = SUBJECT_PRONOUN.exec(text);
  if (subject) {
    // Who the sentence's subject pronoun is, as its keys read it (the subject before, gender-compatible).
    const who = s.referent?.name;
    // "He's" is "he is" or "he has": a bracketed name before it would read as a possessive.
    if (!who || /^['’]/.test(text.slice(subject[0].length))) return null;
    // Any later "he" now follows the bracketed name.
    return `${bracketed(who)}${text.slice(subject[0].length)}`;
  }
  const pronoun = PRONOUN.exec(text);
  if (pronoun && pronoun.index + offset < firstPerson) return null;
  // "Baranek received him": an object pronoun after the one person named is someone else, the person
  // last named before who is not in this sentence.
  const object = OBJECT_PRONOUN.exec(text);
  if (object && s.people.length) {
    const named = new Set(s.people.map((p) => p.name));
    const who = lastPersonBefore(s, sentenceAt, named);
    if (!who) return null;
    return `${text.slice(0, object.index)}${bracketed(who)}${text.slice(object.index + object[0].length)}`;
  }
  return text;
}

/** The person last named in the two sentences before (the referent of a leading "He"), other than `except`. */
function lastPersonBefore(s: ReadSentence, sentenceAt: (index: number) => ReadSentence | undefined, except = new Set<string>()): string | null {
  for (let i = s.index - 1; i >= Math.max(0, s.index - 2); i--) {
    const people = (sentenceAt(i)?.people ?? []).filter((p) => !except.has(p.name));
    if (people.length) return people.at(-1)!.name;
  }
  return null;
}

/**
 * A subordinate clause or an appositive with no main clause after it: "When thousands went out on the
 * street in protest." or "Lukashenko, who has been in power since 1994." (no comma closes either).
 */
function isFragment(text: string): boolean {
  return /^(?:when|while|if|as|after|before|since|until|unless|once)\b[^,;:]*$/i.test(text) || /^[^,]+,\s*(?:who|which|whose)\b[^,;:]*$/i.test(text);
}

/**
 * A sentence a reader can read: not two sentences run together ("… flew Putin For the first time …":
 * a capitalised function word inside it, followed by a lower-case word, with no mark before it), not a
 * clause whose verb comes before its subject after an opening phrase ("On Monday flew Putin" — word
 * order machine translation kept from German or Russian), not two finite verbs in a row ("is has").
 */
export function isFluent(text: string): boolean {
  return !RUN_TOGETHER.test(text) && !INVERTED.test(text) && !TWO_FINITE.test(text);
}
const RUN_TOGETHER = /(?<=[\p{L}\p{N}])\s+(?:The|For|He|She|It|They|We|In|On|At|But|And|This|That|These|Those|His|Her|Its|Their|There)\s+\p{Ll}/u;
// The opening phrase: a preposition or a day and at most two more words, none a subject or an article.
const INVERTED = new RegExp(String.raw`^(?:On|In|At|After|Before|During|Since|Today|Yesterday|Last)(?:\s+(?!(?:a|an|the|he|she|it|they|we|i|you)\b)[^\s,;:]+){0,2}\s+${FINITE_VERB}\s+\p{Lu}\p{Ll}`, 'u');
const TWO_FINITE = /\b(?:is|are|was|were)\s+(?:is|are|was|were|has|have)\b/;

/** A person put in for a pronoun, by surname, marked as an addition: "[Vask]". */
const bracketed = (name: string) => `[${name.split(' ').at(-1)!}]`;

const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** A headline or a heading repeated in the body: most words capitalised. */
function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}+/gu) ?? [];
  return words.length >= 4 && words.filter((x) => /^\p{Lu}/u.test(x)).length / words.length > 0.6;
}
