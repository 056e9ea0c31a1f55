/**
 * Direct quotations and who said them. A quote is a span between quotation marks (“…”, "…", „…“,
 * «…», »…«) that is reported speech; a short phrase in marks with no speech cue beside it is a scare
 * quote ("purely “defensive” purposes") and is not reported. Headings are skipped: a quote there
 * repeats the body. The speaker is found by an ordered list of small rules, as chrono orders its
 * parsers — the first that answers wins:
 *   1. after the quote:  ”, says X / ”, X said / ”, he said / ”, according to X
 *   2. before it:        X said: “ / X: “ / says X, “ / according to X, “
 *   3. the next sentence: “…” But then …, he said.
 *   4. continuation:     a second fragment in the same sentence, or a paragraph that is all quote
 *                        after one that introduced the speaker
 * "he"/"she" is the person last named before the quote whom the story does not call by the other
 * pronoun (`gender.ts`): "She told reporters" after a paragraph about the chancellor, a man, goes back
 * to the president named before him. A speaker that is not a known person entity is null: the text
 * did not say who, or said only a role ("an expert").
 */
import type { Entity, Quote } from '../records.ts';
import type { Mention } from './names.ts';
import { SPEECH_VERBS } from './lexicon.ts';
import { countWords } from './sentences.ts';

const VERB = String.raw`(?:${SPEECH_VERBS.join('|')})(?![\p{L}])`;
// The speaker rules' patterns, compiled once.
const AFTER_PRONOUN = new RegExp(String.raw`^\s*[,.]?\s*(he|she)\s+${VERB}`, 'iu');
const AFTER_VERB = new RegExp(String.raw`^\s*[,.]?\s*(${VERB}|according to\b)`, 'iu');
const AFTER_NAME_VERB = new RegExp(String.raw`^\s*,?\s*[^,.;“”"]{1,60}?\s(${VERB})`, 'iu');
const BEFORE_PRONOUN = new RegExp(String.raw`\b(he|she)\s+(${VERB})[^“”"]*:?\s*$`, 'iu');
const BEFORE_VERB = new RegExp(String.raw`\b(${VERB}|according to)[^“”"]*?[:,]?\s*$`, 'iu');
const NEXT_PRONOUN = new RegExp(String.raw`\b(he|she)\s+${VERB}`, 'iu');
const CUE_BESIDE_AFTER = new RegExp(String.raw`^\s*[,.]?\s*(?:(?:he|she)\s+)?(?:${VERB}|according to)`, 'iu');
const CUE_BESIDE_BEFORE = new RegExp(String.raw`(?:${VERB}|according to)\s*[:,]?\s*$|:\s*$`, 'iu');
const PAIRS: Record<string, string> = { '“': '”', '„': '“”', '«': '»', '»': '«', '"': '"' };
/** Fewer words than this, with no cue beside it, is a scare quote or a term, not speech. */
const MIN_SPEECH_WORDS = 4;
/** A phrase shorter than this, quoted inside a sentence with no cue and no speaker, is a term in quotation marks. */
const MAX_SCARE_WORDS = 8;

interface Span {
  text: string;
  start: number;
  end: number;
}

function quoteSpans(p: string): Span[] {
  const out: Span[] = [];
  // A closing mark with no opening one before it: the quote began with the paragraph (the opening
  // mark was lost, as machine translation and copy-paste often do).
  const firstClose = p.search(/[”]/);
  const firstOpen = p.search(/[“„«"]/);
  let i0 = 0;
  if (firstClose > 0 && (firstOpen < 0 || firstClose < firstOpen) && countWords(p.slice(0, firstClose)) >= MIN_SPEECH_WORDS) {
    out.push({ text: p.slice(0, firstClose).trim().replace(/,$/, ''), start: -1, end: firstClose + 1 });
    i0 = firstClose + 1;
  }
  for (let i = i0; i < p.length; i++) {
    const closers = PAIRS[p[i]!];
    if (!closers) continue;
    let j = i + 1;
    while (j < p.length && !closers.includes(p[j]!)) j++;
    if (j >= p.length) break;
    const text = p.slice(i + 1, j).trim().replace(/[,]$/, '').trim();
    if (text) out.push({ text, start: i, end: j + 1 });
    i = j;
  }
  return out;
}


export interface PersonLookup {
  /** The person entity a name as written refers to, or null. */
  person(surface: string): Entity | null;
  /** Whether the story calls the person "he" ('m') or "she" ('f'), when it says. */
  gender?(person: Entity): 'm' | 'f' | null;
}

/** A person named outside quotation marks: where in its paragraph, in which sentence of the article, whether as "X's". */
interface Named {
  at: number;
  e: Entity;
  sentence: number;
  possessive: boolean;
}

/** A name found in an article, placed by paragraph and offset in it. */
export interface ParagraphMention {
  paragraph: number;
  at: number;
  mention: Mention;
  /** The person a role phrase describes ("the Belarusian autocrat"), when the mention is one. */
  person?: Entity;
}

/**
 * `sentenceAt` gives the index of the article's sentence holding a paragraph's offset (where a quote
 * opens), so each quote can be traced to its sentence.
 */
export function findQuotes(paragraphs: string[], mentions: ParagraphMention[], articleRef: string, lookup: PersonLookup,
  sentenceAt: (paragraph: number, at: number) => number): Quote[] {
  const quotes: Quote[] = [];
  // People named in the paragraphs so far, in order, with the article sentence each was named in:
  // "he said" looks back sentence by sentence.
  const history: Named[] = [];
  const recentWithRole = (role: string) => [...history].reverse().find((h) => h.e.descriptors.some((d) => d.toLowerCase().includes(role)))?.e ?? null;
  // A paragraph with no quote that ends with a colon introduces the one that follows.
  let introduced: { speaker: Entity | null } | null = null;
  paragraphs.forEach((paragraph, index) => {
    const heading = !/[.!?…]["”“»«]?$/.test(paragraph) && countWords(paragraph) < 15;
    const spans = heading ? [] : quoteSpans(paragraph);
    const inQuote = (pos: number) => spans.some((s) => pos > s.start && pos < s.end);
    // People named in the paragraph outside quotes, in order, with their positions.
    const named: Named[] = [];
    for (const { paragraph: p, at, mention, person } of mentions) {
      if (p !== index) continue;
      const e = person ?? lookup.person(mention.surface);
      if (e && !inQuote(at)) named.push({ at, e, sentence: sentenceAt(index, at), possessive: /^['’]s/.test(paragraph.slice(at + mention.end - mention.start)) });
    }
    // Whether "he"/"she" can mean this person: the story does not call them by the other pronoun.
    const fits = (e: Entity, pronoun: string) => {
      const g = lookup.gender?.(e) ?? null;
      return g === null || g === (/^she$/i.test(pronoun) ? 'f' : 'm');
    };
    // "he"/"she": the last person its own sentence names before it; else the subject of the nearest
    // sentence before that names someone (the first person it names, not a possessive: in "Peskov told
    // reporters that Putin would … “…,” he said" it is Peskov) — whoever the story calls by this pronoun
    // or does not say, never someone it calls by the other.
    const referentBefore = (pos: number, pronoun: string): Entity | null => {
      const here = sentenceAt(index, pos);
      const inSentence = named.filter((n) => n.at < pos && !n.possessive && n.sentence === here);
      const last = [...inSentence].reverse().find((n) => fits(n.e, pronoun));
      if (last) return last.e;
      const earlier = [...history, ...named.filter((n) => n.at < pos)].filter((h) => h.sentence < here);
      for (let i = earlier.length - 1; i >= 0;) {
        let j = i;
        while (j >= 0 && earlier[j]!.sentence === earlier[i]!.sentence) j--;
        const group = earlier.slice(j + 1, i + 1);
        const pick = group.find((h) => !h.possessive && fits(h.e, pronoun)) ?? group.find((h) => fits(h.e, pronoun));
        if (pick) return pick.e;
        i = j;
      }
      return null;
    };
    const withRole = (role: string, pos: number) => {
      for (const n of [...named].reverse()) if (n.at < pos && n.e.descriptors.some((d) => d.toLowerCase().includes(role))) return n.e;
      return recentWithRole(role);
    };
    // Where the sentence holding `pos` ends the one before: the last ". ", "? " or "! " before it (-1: none).
    const endBefore = (pos: number) => Math.max(paragraph.lastIndexOf('. ', pos), paragraph.lastIndexOf('? ', pos), paragraph.lastIndexOf('! ', pos));
    const subjectBefore = (pos: number) => {
      const start = endBefore(pos - 1);
      if (start < 0) return null;
      const prevStart = endBefore(start - 1) + 1;
      const first = named.find((n) => n.at >= prevStart && n.at < start);
      // The subject: the first person of the sentence, with at most an article and a word before it.
      return first && !first.possessive && countWords(paragraph.slice(prevStart, first.at)) <= 2 ? first.e : null;
    };
    const personIn = (from: number, to: number) => named.find((n) => n.at >= from && n.at < to && !n.possessive)?.e ?? null;
    let prevSpan: (Span & { speaker: Entity | null }) | null = null;
    let pending: Span[] = [];
    for (const span of spans) {
      const sentenceStart = Math.max(paragraph.lastIndexOf('. ', span.start) + 1, paragraph.lastIndexOf('? ', span.start) + 1, 0);
      const before = paragraph.slice(prevSpan && prevSpan.end > sentenceStart ? prevSpan.end : sentenceStart, span.start);
      const beforeFrom = span.start - before.length;
      const rest = paragraph.slice(span.end);
      // A quote that ends with its own full stop ends its sentence.
      // ("…?" he said: a lower-case cue goes on; "…?" He said, "…" begins the next sentence.)
      const afterEnd = /[.!?…]$/.test(span.text) && !/^\s*,?\s*(?:he|she|says|said|according)\b/.test(rest) ? span.end : span.end + (/[.!?](?=\s|$)/.exec(rest)?.index ?? rest.length);
      const after = paragraph.slice(span.end, afterEnd);
      let speaker: Entity | null = null;
      let cue: string | null = null;
      let m: RegExpExecArray | null;
      if ((m = AFTER_PRONOUN.exec(after))) {
        speaker = referentBefore(span.start, m[1]!);
        cue = `${m[1]!.toLowerCase()} ${/\S+$/.exec(m[0])![0]}`;
      } else if ((m = AFTER_VERB.exec(after))) {
        // "says the expert": the person last named with that role.
        const role = /^\s*(?:the|this|that|our)\s+(\p{L}+)/iu.exec(after.slice(m[0].length))?.[1]?.toLowerCase();
        speaker = personIn(span.end, afterEnd) ?? (role ? withRole(role, span.start) : null);
        cue = m[1]!.toLowerCase();
      } else if ((m = AFTER_NAME_VERB.exec(after)) && personIn(span.end, span.end + m[0].length)) {
        speaker = personIn(span.end, span.end + m[0].length);
        cue = m[1]!.toLowerCase();
      } else if ((m = BEFORE_PRONOUN.exec(before))) {
        // "He said it himself: …" opening its sentence: "he" is who the sentence before was about (its
        // subject, a name or a role phrase at its start), not whoever it named last.
        const subject = /^\s*(?:he|she)\b/i.test(before) ? subjectBefore(beforeFrom) : null;
        speaker = subject && fits(subject, m[1]!) ? subject : referentBefore(beforeFrom, m[1]!);
        cue = `${m[1]!.toLowerCase()} ${m[2]!.toLowerCase()}`;
      } else if ((m = BEFORE_VERB.exec(before)) && personIn(beforeFrom, span.start)) {
        speaker = personIn(beforeFrom, span.start);
        cue = m[1]!.toLowerCase();
      } else if (/:\s*$/.test(before)) {
        speaker = personIn(beforeFrom, span.start) ?? (prevSpan?.speaker ?? null);
        cue = ':';
      } else if (prevSpan && prevSpan.speaker && /^[\s,]*$|^\s*,?\s*[^.!?]{0,80}$/.test(paragraph.slice(prevSpan.end, span.start)) && !/[.!?]\s/.test(paragraph.slice(prevSpan.end, span.start))) {
        speaker = prevSpan.speaker; // the second fragment of one sentence
        cue = 'continued';
      } else if (/^\s*$/.test(before) && prevSpan?.speaker && !named.some((n) => n.at > prevSpan!.end && n.at < span.start && n.e !== prevSpan!.speaker)) {
        speaker = prevSpan.speaker; // “A,” said X. “B.”: B is X's too
        cue = 'continued';
      } else if (/^\s*$/.test(before) && span.start <= 0 && introduced) {
        speaker = introduced.speaker;
        cue = 'continued';
      } else {
        const next = /^[.!?]?\s*([^.!?]*[.!?])/.exec(paragraph.slice(afterEnd))?.[1] ?? '';
        if (!after.trim() && (m = NEXT_PRONOUN.exec(next)) && !/[“"„«]/.test(next)) {
          speaker = referentBefore(span.start, m[1]!);
          cue = `${m[1]!.toLowerCase()} ${/\S+$/.exec(m[0])![0].toLowerCase()}`;
        } else if (!/^\s*$/.test(before) && personIn(sentenceStart, span.start)) {
          // A partial quote inside a sentence: "X, who dismissed the rumours as “foolish inventions”".
          speaker = [...named].reverse().find((n) => n.at >= sentenceStart && n.at < span.start && !n.possessive)!.e;
          cue = null;
        } else if (/^\s*$/.test(before) && span.start > 0) {
          // "Schmidt does not believe that … . “It is highly unlikely …”": introduced by the sentence before.
          const prevSentence = paragraph.lastIndexOf('. ', span.start - 2);
          const intro = personIn(Math.max(0, paragraph.lastIndexOf('. ', prevSentence - 1) + 1), span.start);
          if (intro) (speaker = intro), (cue = 'introduced');
        }
      }
      const short = countWords(span.text) < MIN_SPEECH_WORDS;
      // A short phrase counts as speech only with its cue right beside it: ", said X" or "X said: ".
      const adjacent = CUE_BESIDE_AFTER.test(after) || CUE_BESIDE_BEFORE.test(before);
      const attached = cue !== null && (!short || adjacent);
      // "“stupid” and “unfounded,” said X": a short fragment joined by "and" to a cued one is cued too.
      if (short && !attached && /^\s*(?:and|or|,)\s*[“"„«]/.test(paragraph.slice(span.end))) {
        pending.push(span);
        prevSpan = { ...span, speaker: null };
        continue;
      }
      // A phrase in quotation marks inside a running sentence, tied to no one ("it is in Russia's
      // “traditional sphere of influence”"): the writer's marks on a term, not what someone said —
      // unless it speaks in the first or second person ("He's not my boyfriend").
      const scare = cue === null && speaker === null && !/^\s*$/.test(before) && !/[.!?…]$/.test(span.text) && countWords(span.text) < MAX_SCARE_WORDS
        && !/\b(?:I|me|my|we|us|our|you|your)\b|\b(?:I|we|you)['’]/i.test(span.text);
      if ((!short || attached) && !scare) {
        for (const p of attached ? pending : []) quotes.push({ text: p.text, sentence: sentenceAt(index, p.start), speaker: speaker?.name ?? null, cue, articleRef });
        quotes.push({ text: span.text, sentence: sentenceAt(index, span.start), speaker: speaker?.name ?? null, cue, articleRef });
      }
      pending = [];
      prevSpan = { ...span, speaker };
    }
    introduced = !spans.length && /:\s*$/.test(paragraph) ? { speaker: named.at(-1)?.e ?? null } : null;
    history.push(...named);
  });
  return quotes;
}
