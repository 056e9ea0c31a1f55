/**
 * Analyze stage. Takes a story's Articles; gives what an analyst would dig out across ten tabs: the
 * people, organisations and places (variants merged, people described), every direct quote with its
 * speaker, the timeline of dated events, the facts with the articles that support each, and the
 * counts and dates outlets give (claims), from which `findConflicts` finds where outlets differ —
 * within the story and against the other stories of its storyline. Pure functions of the text.
 */
import type { Article, Entity, Fact, Quote, TimelineEntry } from '../records.ts';
import { nameKey, stemmerFor, stopwordsFor } from '../cluster/features.ts';
import { findMentions, type Mention } from './names.ts';
import { resolveEntities, type LocatedMention } from './entities.ts';
import { findQuotes, type ParagraphMention } from './quotes.ts';
import { personGenders, type Gender } from './gender.ts';
import { countWords, quotedSpans, readParagraphs, type Sentence } from './sentences.ts';
import { findDates } from './dates.ts';
import { findQuantities } from './quantities.ts';
import { CONCEPT_OF, DEMONYM, FRAME_WORDS_EN, FUNCTION_PHRASES, FUNCTION_WORDS_EN, PHRASE_CONCEPTS, ROLE_WORDS } from './lexicon.ts';
import { articleOrder, buildTimeline, collectClaims, countKey, findConflicts, findFacts, keyWeights, sentenceKey, supportStatements, workBudget, type WorkBudget, type ClaimRecord, type ReadSentence } from './corroborate.ts';
import { summaryCandidates, type SummaryCandidate } from './summary.ts';

export type { ClaimRecord } from './corroborate.ts';
export { AnalysisBudgetError, STORY_WORK, workBudget, claimReach, inReach, type ClaimReach } from './corroborate.ts';
export type { SummaryCandidate } from './summary.ts';

export interface StoryAnalysis {
  entities: Entity[];
  quotes: Quote[];
  timeline: TimelineEntry[];
  facts: Fact[];
  /** Counts and dates the articles give; compared with the storyline's to find conflicts. */
  claims: ClaimRecord[];
  /** Sentences that read on their own, with the facts each expresses: what a summary is chosen from. */
  candidates: SummaryCandidate[];
}

export type AnalyzableArticle = Pick<Article, 'ref' | 'title' | 'text' | 'lang'> & { publishedAt?: string | null };

const WORD = /[\p{L}][\p{L}\p{N}'’-]*/gu;
/** Polarity is part of what a sentence says: "will not send troops" is not "will send troops". */
const NEGATION = /^(?:not|no|never|none|nobody|neither|nor|without|refus\w*|den(?:y|ies|ied)|\w+n['’]t|nicht|kein\w*|nie|ne|pas|jamais|nunca|niet|geen)$/i;
const NO_WORDS: ReadonlySet<string> = new Set();
/** How many content words after it a negation covers, and the punctuation or conjunction that ends its clause first. */
const NEGATION_REACH = 2;
/**
 * Words that make what follows a possibility rather than something that happened: "fears that there
 * could be an offensive" does not report an offensive. Each covers the next content word of its clause
 * (the event it makes possible); a subject before a modal verb ("an offensive could come") is not
 * covered. "Would" only after a relative pronoun ("an offensive, which would be launched from …"): in
 * reported speech it is a past "will".
 */
const HEDGE = /^(?:could|might|may|possible|possibly|perhaps|potential|potentially|probably|likely|unlikely|allegedly)$/;
/** A belief or a suspicion attributed, not a fact stated: "is believed to have crashed", "suspected of". */
const ATTRIBUTED_BELIEF = /^(?:believed|thought|suspected|alleged|feared|presumed)$/;
/** "Possible" qualifies a noun ("possible debris"); "made possible through" enables, it does not hedge. */
const HEDGE_ADJECTIVE = /^(?:possible|potential)$/;
/**
 * Whether `word` (after the word `before`, ending at `end` of `text`) makes the next content word a
 * possibility. Case kept: "May" is a month.
 */
function opensPossibility(word: string, before: string, text: string, end: number, stop: ReadonlySet<string>): boolean {
  if (word === 'would') return /^(?:which|that|who)$/i.test(before);
  const belief = ATTRIBUTED_BELIEF.test(word);
  if (!belief && !HEDGE.test(word)) return false;
  const after = text.slice(end, end + 24);
  if (belief) return /^\s+(?:to|of)\b/.test(after);
  return !HEDGE_ADJECTIVE.test(word) || !stop.has(/^\s+(\p{L}+)/u.exec(after)?.[1]?.toLowerCase() ?? '');
}
const CLAUSE_BREAK = ',;:()–—';
/** A clause break between two words (the few characters between them, read without copying them out). */
function breaksClause(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CLAUSE_BREAK.includes(text[i]!)) return true;
  return false;
}
const CLAUSE_WORD = /^(?:but|while|whereas|because|although|which|who|that)$/i;
/** Role words that say the same role, whatever the outlet calls it: the one who leads, the head of a government. */
const ROLE_CLASS = new Map<string, string>([
  ...['leader', 'chief', 'head', 'boss', 'ruler', 'autocrat', 'dictator', 'despot', 'strongman'].map((w): [string, string] => [w, 'leader']),
  ...['premier', 'prime', 'chancellor'].map((w): [string, string] => [w, 'premier']),
]);
const roleClass = (word: string) => ROLE_CLASS.get(word) ?? word;
/**
 * The words of a descriptor that describe its own person: "spokesman for the Russian president" is a
 * spokesman, not a Russian president — a complement that holds another role names someone else
 * ("Minister of Defence" keeps its complement).
 */
function ownRole(descriptor: string): string[] {
  const words = descriptor.toLowerCase().split(/[\s']+/);
  const cut = words.findIndex((w, i) => /^(?:of|for|to|at|with|under)$/.test(w) && words.slice(i + 1).some((x) => ROLE_WORDS.has(x)));
  return cut > 0 ? words.slice(0, cut) : words;
}

/**
 * Analyze one story. `reference` is the date relative expressions of undated articles are read
 * against (the story's earliest publication date); without one they stay unresolved.
 */
export function analyzeArticles(articles: AnalyzableArticle[], options: { reference?: string | null; work?: number } = {}): StoryAnalysis {
  return analyzeReadStory(readStory(articles, options), workBudget(options.work));
}

/** The findings of a story already read (`readStory`): for callers that also want the sentences. */
export function analyzeReadStory({ entities, quotes, sentences }: ReadStory, budget: WorkBudget = workBudget()): StoryAnalysis {
  const w = keyWeights(sentences.map((s) => s.keys.keys()));
  const rank = articleOrder(sentences);
  const statements = supportStatements(sentences, w, budget);
  const facts = findFacts(statements, rank);
  const candidates = summaryCandidates(statements, facts, sentences, rank);
  return {
    entities,
    quotes,
    timeline: buildTimeline(sentences, w, rank, budget),
    facts: readableFacts(facts, candidates),
    claims: collectClaims(sentences),
    candidates,
  };
}

/**
 * A fact is shown in the words of its first evidence sentence that reads on its own ("He was welcomed…"
 * gives way to "Lukashenko received Putin…"); when none does, in its statement's own words.
 */
function readableFacts(facts: Fact[], candidates: SummaryCandidate[]): Fact[] {
  const readable = new Map(candidates.map((c) => [sentenceKey(c.articleRef, c.sentence), c.text]));
  return facts.map((f) => {
    const text = f.evidence.map((e) => readable.get(sentenceKey(e.articleRef, e.sentence))).find((t) => t !== undefined);
    return text && text !== f.text ? { ...f, text } : f;
  });
}

/** The story's entities and quotes, and every sentence (titles included) read into keys for corroboration. */
export interface ReadStory { entities: Entity[]; quotes: Quote[]; sentences: ReadSentence[] }

export function readStory(articles: AnalyzableArticle[], options: { reference?: string | null } = {}): ReadStory {
  const fallback = options.reference ?? earliest(articles);
  // Each article is split and its names found once; entities, quotes and keys all read them.
  const mentions: LocatedMention[] = [];
  const read = articles.map((a) => {
    const { paragraphs, sentences } = readParagraphs(a.text, a.lang);
    const placed: ParagraphMention[] = [];
    const bySentence: Mention[][] = [];
    for (const s of sentences) {
      // The located copies are what the entity index knows; keys are read through them.
      const found = findMentions(s.text).map((m): LocatedMention => ({ ...m, articleRef: a.ref, sentence: s.index }));
      bySentence.push(found);
      for (const m of found) {
        mentions.push(m);
        placed.push({ paragraph: s.paragraph, at: s.offset + m.start, mention: m });
      }
    }
    return { article: a, paragraphs, sentences, placed, bySentence };
  });
  const index = resolveEntities(mentions);
  const person = (surface: string) => {
    const e = index.byName(surface);
    return e && e.type === 'person' ? e : null;
  };

  // "Russian soldiers", "the Belarusian capital": a demonym names its place.
  const places = index.entities.filter((e) => e.type === 'place').map((e) => nameKey(e.name));
  const demonymPlace = (word: string) => {
    const k = nameKey(word);
    return places.find((p) => p.length >= 4 && k.startsWith(p.slice(0, -1))) ?? null;
  };

  // "The Kremlin leader", "the Belarusian ruler": a role with a qualifier names the one person the
  // story describes that way ("Kremlin chief Vladimir Putin"); when two people fit, it names neither.
  // Role and qualifier must come from one descriptor: "Kremlin ally" and "ruler" do not make a "Kremlin leader".
  const people = index.entities.filter((e) => e.type === 'person').map((e) => ({
    entity: e,
    name: e.name,
    key: nameKey(e.name),
    descriptors: e.descriptors.map((d) => new Set(ownRole(d).map(roleClass))),
  }));
  const personByRole = (role: string, qualifier: string) => {
    const r = roleClass(role);
    const q = roleClass(qualifier.toLowerCase().replace(/['’]s$/, ''));
    // "The chancellor" alone: the one person of the story with that role.
    const fits = people.filter((p) => p.descriptors.some((d) => d.has(r) && (q === 'the' || d.has(q))));
    return fits.length === 1 ? fits[0]! : null;
  };

  // Role phrases ("the Belarusian autocrat") name the person they describe, for quotes as for keys.
  const placedWithRoles = read.map((a) => {
    const roles: ParagraphMention[] = [];
    for (const s of a.sentences) {
      let previous: { word: string; at: number } | null = null;
      for (const w of s.text.matchAll(WORD)) {
        const word = w[0].replace(/['’]s$/, '');
        if (previous && ROLE_WORDS.has(word.toLowerCase()) && !describesAName(s.text, previous.at, w.index! + w[0].length)) {
          const who = personByRole(word.toLowerCase(), previous.word);
          if (who) {
            const at = previous.at;
            roles.push({ paragraph: s.paragraph, at: s.offset + at, person: who.entity,
              mention: { surface: `${previous.word} ${word}`, tokens: [previous.word, word], start: at, end: w.index! + word.length, type: 'person', descriptors: [], initial: false, weakType: false } });
          }
        }
        previous = { word, at: w.index! };
      }
    }
    return [...a.placed, ...roles].sort((x, y) => x.paragraph - y.paragraph || x.at - y.at);
  });
  // Who is "he" and who "she", over the whole story: one article's "her first visit" tells another's "she said".
  const locators = read.map((a) => sentenceLocator(a.sentences));
  const genders = personGenders(
    read.map((a, i) => {
      const locate = locators[i]!;
      const people = placedWithRoles[i]!.flatMap((p) => {
        const e = p.person ?? person(p.mention.surface);
        const sentence = locate(p.paragraph, p.at);
        return e && sentence >= 0 ? [{ sentence, at: p.at - a.sentences[sentence]!.offset, name: e.name }] : [];
      });
      return { lang: a.article.lang, sentences: a.sentences, people };
    }),
    new Map(people.map((p) => [p.name, p.entity.descriptors])),
  );
  const quotes = read.flatMap((a, i) => findQuotes(a.paragraphs, placedWithRoles[i]!, a.article.ref, { person, gender: (e) => genders.get(e.name) ?? null }, locators[i]!));

  const readSentences: ReadSentence[] = [];
  for (const { article, sentences, bySentence } of read) {
    const ref = article.publishedAt?.slice(0, 10) || fallback;
    const stop = article.lang === 'en' ? FUNCTION_WORDS_EN : stopwordsFor(article.lang);
    const stem = stemmerFor(article.lang);
    const frame = article.lang === 'en' ? FRAME_WORDS_EN : NO_WORDS;
    const keysOf = (text: string, found: Mention[], entityOf: (m: Mention) => Entity | null) => {
      const keys = new Map<string, string>();
      const people: { name: string; at: number }[] = [];
      const dates = findDates(text, article.lang, ref);
      const quantities = findQuantities(text, dates);
      for (const m of found) {
        const e = entityOf(m);
        if (!e) continue;
        keys.set(`e:${nameKey(e.name)}`, m.surface);
        if (e.type === 'person') people.push({ name: e.name, at: m.start });
      }
      // A phrase is one concept: "red carpet" is a welcome, not also something red.
      const phrases: { from: number; to: number; concept: string }[] = [];
      for (const [re, concept] of PHRASE_CONCEPTS) {
        for (const m of text.matchAll(re)) {
          keys.set(`c:${concept}`, m[0]);
          phrases.push({ from: m.index!, to: m.index! + m[0].length, concept });
        }
      }
      for (const m of text.matchAll(FUNCTION_PHRASES)) phrases.push({ from: m.index!, to: m.index! + m[0].length, concept: '' });
      // A negation covers the next content words of its clause: "does not want to send troops" denies
      // sending troops; "was not addressed …, including plans to send" denies nothing about sending.
      const negated = new Set<string>();
      const hedged = new Set<string>();
      let negating = 0;
      let hedging = 0;
      let previous = '';
      let previousEnd = 0;
      for (const w of text.matchAll(WORD)) {
        const at = w.index!;
        const before = previous;
        if (breaksClause(text, previousEnd, at)) negating = hedging = 0;
        previous = w[0];
        previousEnd = at + w[0].length;
        const phrase = phrases.find((p) => at >= p.from && at < p.to);
        // "Ruled out joining": a phrase that denies starts a negation as "not" does.
        if (phrase?.concept === 'not' && at === phrase.from) negating = NEGATION_REACH;
        // A phrase is one content word to a negation or a possibility before it: "did not take part".
        else if (phrase?.concept && at === phrase.from) {
          if (negating > 0) negated.add(`c:${phrase.concept}`), negating--;
          if (hedging > 0) hedged.add(`c:${phrase.concept}`), hedging--;
        }
        if (phrase || found.some((m) => at >= m.start && at < m.end) || dates.some((d) => at >= d.start && at < d.end)) continue;
        const word = w[0].replace(/['’]s$/, '');
        // A title before a name ("Chancellor Pieter Vandam") is how the person is named, not what is said.
        const end = at + w[0].length;
        if (ROLE_WORDS.has(word.toLowerCase()) && found.some((m) => m.start > end && /^\s+$/.test(text.slice(end, m.start)) && entityOf(m)?.type === 'person')) continue;
        if (CLAUSE_WORD.test(word)) negating = hedging = 0;
        if (opensPossibility(word, before, text, end, stop)) {
          hedging = 1;
          continue;
        }
        if (NEGATION.test(word)) {
          keys.set('c:not', word);
          // "No soldiers will take part": "no" before a noun denies its whole clause.
          negating = /^no$/i.test(word) ? Infinity : NEGATION_REACH;
          continue;
        }
        if (ROLE_WORDS.has(word.toLowerCase()) && before) {
          const who = personByRole(word.toLowerCase(), before);
          if (who) {
            // "The Kremlin leader" is a person; the qualifier and the role are how they are named, not what is said.
            for (const [k, v] of keys) if (v === before) keys.delete(k);
            keys.set(`e:${who.key}`, `${before} ${word}`);
            people.push({ name: who.name, at });
            continue;
          }
        }
        if (DEMONYM.test(word)) {
          const p = demonymPlace(word);
          if (p) keys.set(`e:${p}`, word);
          continue;
        }
        const lower = word.toLowerCase();
        if (frame.has(lower)) {
          keys.set(`r:${stem(lower)}`, word);
          continue;
        }
        // Listed concepts first: the stop lists hold some of them ("began", "came").
        const concept = CONCEPT_OF.get(lower) ?? (lower.length < 3 || stop.has(lower) ? null : stem(lower));
        if (!concept) continue;
        if (!keys.has(`c:${concept}`)) keys.set(`c:${concept}`, word);
        // An adverb does not use up a negation's or a possibility's reach: "has not actively interfered".
        const spent = /^\p{L}{3,}ly$/u.test(lower) ? 0 : 1;
        if (negating > 0) negated.add(`c:${concept}`), (negating -= spent);
        if (hedging > 0) hedged.add(`c:${concept}`), (hedging -= spent);
      }
      for (const d of dates) keys.set(`d:${d.date}`, d.text);
      // A count is keyed by what it counts, not its value: "thousands" and "up to 9,000" can state one
      // fact (support then checks that the figures are compatible).
      for (const q of quantities) keys.set(countKey(text, q), q.text);
      // Quotes run over sentences: the inner sentences of a long quote are quoted too, not statements.
      const quotedChars = quotedSpans(text).reduce((n, [a, b]) => n + b - a, 0);
      people.sort((a, b) => a.at - b.at);
      return { keys, negated, hedged, people, dates, quantities, quoted: quotedChars / Math.max(1, text.length), words: text.split(/\s+/).length };
    };
    if (article.title) {
      readSentences.push({ ref: article.ref, reference: ref, index: -1, text: article.title, ...keysOf(article.title, findMentions(article.title), (m) => index.byName(m.surface) ?? null) });
    }
    const own: ReadSentence[] = [];
    for (const s of sentences) {
      const read: ReadSentence = { ref: article.ref, reference: ref, index: s.index, text: s.text, ...keysOf(s.text, bySentence[s.index]!, (m) => index.entityOf(m) ?? null) };
      const referent = subjectPronounReferent(read, own.slice(-2), (name) => genders.get(name) ?? null);
      if (referent) {
        read.referent = referent;
        read.keys.set(`e:${nameKey(referent.name)}`, referent.pronoun);
      }
      own.push(read);
    }
    readSentences.push(...own);
  }
  return { entities: index.entities, quotes, sentences: readSentences };
}

/** "He"/"she" as a sentence's subject: before any person it names, after at most an opening phrase. */
// The opener is tried last (`??`): a sentence that opens on "He" has that subject, whatever "she" follows a comma.
const SUBJECT_PRONOUN = /^(?:[^,;:“”"]{0,40}?,\s*|(?:that|this) is why\s+|(?:and|but|so|yet|then|now)\s+|(?:in|on|at|after|before|during|since|later|earlier|today|yesterday)\s+(?:[^\s,;:“”"]+\s+){0,3}?)??(he|she)\b/i;

/**
 * Who a sentence's subject "he"/"she" is ("That is why he had refused …"): the subject of the sentence
 * before (its first person, near its start, or its own subject pronoun's referent), else the last person
 * the two sentences before name — never someone the story calls by the other pronoun. Null when no one fits.
 */
function subjectPronounReferent(s: ReadSentence, before: ReadSentence[], gender: (name: string) => Gender | null): { name: string; pronoun: string } | null {
  const m = SUBJECT_PRONOUN.exec(s.text);
  if (!m || (s.people[0] && s.people[0].at < m.index + m[0].length)) return null;
  const pronoun = m[1]!;
  const wanted: Gender = /^she$/i.test(pronoun) ? 'f' : 'm';
  // Someone the story calls by this pronoun first; someone it calls by neither only when no one is.
  for (const fits of [(name: string) => gender(name) === wanted, (name: string) => gender(name) === null]) {
    const previous = before.at(-1);
    const subject = previous?.people[0];
    if (subject && countWords(previous!.text.slice(0, subject.at)) <= 3 && fits(subject.name)) return { name: subject.name, pronoun };
    // "In 1999 he joined AC Milan … . He has also led his country …": the same subject goes on.
    if (previous?.referent && (!subject || subject.at > previous.text.indexOf(previous.referent.pronoun)) && fits(previous.referent.name)) return { name: previous.referent.name, pronoun };
    for (const o of [...before].reverse()) {
      const last = [...o.people].reverse().find((p) => fits(p.name));
      if (last) return { name: last.name, pronoun };
    }
  }
  return null;
}

/**
 * A role phrase (from `start` to `end` of the text) beside a name describes that name: its title
 * ("Transport Minister Warren Truss", "chief executive Richard Scudamore"), an apposition after it
 * ("Richard Scudamore, Premier League chief executive,") or what it is said to be ("who is also the
 * country's defence minister"). The name says who, not the role.
 */
function describesAName(text: string, start: number, end: number): boolean {
  return /^(?:\s+[\p{Ll}-]+){0,2}\s+\p{Lu}/u.test(text.slice(end))
    || /(?:,|\b(?:is|was|are|were|be|been|becomes?|became|named|appointed|as))\s*(?:also\s+)?(?:(?:the|a|an)\s+)?(?:[\p{L}'’-]+\s+){0,2}$/iu.test(text.slice(0, start));
}

/** The sentence (its index) holding a paragraph's offset: the last one of the paragraph starting at or before it. */
function sentenceLocator(sentences: Sentence[]): (paragraph: number, at: number) => number {
  return (paragraph, at) => {
    let found = -1;
    for (const s of sentences) {
      if (s.paragraph > paragraph) break;
      if (s.paragraph === paragraph && s.offset <= Math.max(0, at)) found = s.index;
    }
    return found;
  };
}

/** The earliest publication date among the articles: what undated ones are read against. */
export function earliest(articles: AnalyzableArticle[]): string | null {
  const dates = articles.map((a) => a.publishedAt?.slice(0, 10)).filter((d): d is string => !!d).sort();
  return dates[0] ?? null;
}

export { findConflicts };
