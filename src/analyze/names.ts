/**
 * Name mentions in one sentence: runs of capitalised words (with "of", "von", "de"… inside), the
 * role words stripped off their front ("Defense Minister Sergey Shoygu"), typed by the evidence the
 * sentence gives (a given name, a role, an age in brackets, a speech verb, an organisation word, a
 * known place), and the descriptors the text attaches to a person. Pure: a sentence in, mentions out.
 * Written here because the npm NER options are weak on this text (see ../shared/notes/libraries.md:
 * compromise missed 5 of 11 people in the seeds; wink-nlp has no person/org/place types).
 */
import { nameKey } from '../cluster/features.ts';
import { DEMONYM, GIVEN_NAMES, NOT_NAMES, ORG_WORDS, PLACE_WORDS, PLACES, ROLE_WORDS } from './lexicon.ts';
import type { EntityType } from '../records.ts';

export interface Mention {
  /** The name as written, role words and possessive removed. */
  surface: string;
  tokens: string[];
  /** Offset of the name in the sentence. */
  start: number;
  end: number;
  /** Type the sentence gives evidence for; null when it gives none. */
  type: EntityType | null;
  descriptors: string[];
  /** The name opens its sentence (or stands in a title-case line), where every word is capitalised anyway. */
  initial: boolean;
  /** The type rests only on a preposition ("to X"): it counts less and does not keep entities apart. */
  weakType: boolean;
}

const CONNECTORS = new Set(['of', 'de', 'del', 'der', 'den', 'von', 'van', 'la', 'le', 'du', 'da', 'dos', 'bin', 'al', 'el', 'for']);
// English only, on purpose for now: with the other languages' verbs (SPEECH_VERBS) "sagte
// Bürgermeisterin Ilona Vasquez" is typed before the plain name and the title sticks to it.
const SPEECH = /^(?:says?|said|told|tells|adds?|added|explain(?:s|ed)?|stress(?:es|ed)?|believes?|thinks?|admit(?:s|ted)?|warn(?:s|ed)?|insist(?:s|ed)?|argues?|argued|noted?|writes?|wrote|asks?|asked|stated?|analy[sz]es?|replied|according)$/i;
const PLACE_PREPOSITIONS = /\b(?<!according )(?:in|from|to|into|near|across|towards?|via|outside|inside|(?:town|city|village|region|province|port|capital) of)\s*$/i;
/** Lower-case words that can stand in a role phrase before the role noun ("former foreign minister"). */
const ROLE_MODIFIER = /^(?:former|deputy|foreign|senior|top|vice|acting|interim|chief|defen[cs]e|interior|finance|prime|political|military|economic|\p{Ll}+(?:al|ic|ian|ary|ive))$/u;
const ACRONYM_PLACES = new Set(['US', 'USA', 'UK', 'UAE', 'EU']);
const TOKEN = /\p{Lu}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*\.?|[\p{Ll}][\p{L}\p{M}]*/gu;

const isCapital = (t: string) => /^\p{Lu}/u.test(t);
const clean = (t: string) => t.replace(/['’]s$/u, '').replace(/\.$/, (m) => (/^(?:St|Mt|Dr|Jr|Sr)\.$/.test(t) ? m : ''));

export function findMentions(sentence: string): Mention[] {
  const tokens = [...sentence.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
  // "Does Putin Need Help in Ukraine War?": in a title-case line capitals say nothing.
  const titleCase = tokens.length >= 4 && tokens.filter((t) => isCapital(t.text)).length / tokens.length > 0.6;
  const out: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isCapital(tokens[i]!.text) || NOT_NAMES.has(nameKey(clean(tokens[i]!.text)))) {
      i++;
      continue;
    }
    // Extend the run over capitalised words and inner connectors, only across a space or hyphen.
    let j = i;
    while (j + 1 < tokens.length) {
      const gap = sentence.slice(tokens[j]!.end, tokens[j + 1]!.start);
      if (!/^[ -]$/.test(gap) || /['’]s$/.test(tokens[j]!.text)) break;
      const next = tokens[j + 1]!.text;
      if (isCapital(next) && !NOT_NAMES.has(nameKey(clean(next)))) j++;
      // "(Prime Minister) Teodor Vask of Varnia": a person's name ends before "of"; "University of Amsterdam"
      // and "Minister of Defence" do not.
      else if ((next === 'of' || next === 'for') && !ROLE_WORDS.has(tokens[j]!.text.toLowerCase()) && tokens.slice(i, j + 1).some((t) => GIVEN_NAMES.has(nameKey(clean(t.text))) || ROLE_WORDS.has(t.text.toLowerCase()))) break;
      else if (CONNECTORS.has(next) && j + 2 < tokens.length && isCapital(tokens[j + 2]!.text) && sentence.slice(tokens[j + 1]!.end, tokens[j + 2]!.start) === ' ') j += 2;
      else break;
    }
    const run = tokens.slice(i, j + 1);
    const mention = readRun(sentence, run, titleCase || i === 0 || /^[\s“"„«‘(–—-]*$/.test(sentence.slice(0, run[0]!.start)));
    if (mention) out.push(mention);
    i = j + 1;
  }
  return out;
}

function readRun(sentence: string, run: { text: string; start: number; end: number }[], initial: boolean): Mention | null {
  const words = run.map((t) => clean(t.text));
  const descriptors: string[] = [];
  let type: EntityType | null = null;
  // Role words in front of a name are its descriptor: "Ukrainian President Zelensky".
  let from = 0;
  for (let k = words.length - 2; k >= 0; k--) {
    if (ROLE_WORDS.has(words[k]!.toLowerCase())) {
      from = k + 1;
      break;
    }
  }
  if (from > 0) {
    descriptors.push(words.slice(0, from).join(' '));
    type = 'person';
  } else if (words.length > 1 && DEMONYM.test(words[0]!) && !ORG_WORDS.has(nameKey(words.at(-1)!))) {
    from = 1; // "Belarusian ruler" is handled below; "Russian Lavrov" keeps only the name
  }
  // A title in another language before a given name: "Bürgermeisterin Ilona Vasquez".
  const given = words.findIndex((w, k) => k > from && k < words.length - 1 && GIVEN_NAMES.has(nameKey(w)));
  if (given > from && !GIVEN_NAMES.has(nameKey(words[from]!)) && !words.slice(from, given).some((w) => CONNECTORS.has(w))) {
    descriptors.push(words.slice(from, given).join(' '));
    from = given;
  }
  while (from < words.length && CONNECTORS.has(words[from]!)) from++;
  const name = words.slice(from);
  if (!name.length || (name.length === 1 && (DEMONYM.test(name[0]!) && !GIVEN_NAMES.has(nameKey(name[0]!))))) return null;
  if (name.length === 1 && ROLE_WORDS.has(name[0]!.toLowerCase())) return null;
  const start = run[from]!.start;
  const end = run.at(-1)!.end - (run.at(-1)!.text.length - words.at(-1)!.length);
  const before = sentence.slice(0, run[0]!.start);
  const after = sentence.slice(end);
  const keys = name.map((w) => nameKey(w));
  const last = keys.at(-1)!;

  // The head of "Armed Forces of Ukraine" is "Forces": the word before the first connector.
  const connector = name.findIndex((w) => CONNECTORS.has(w));
  const head = connector > 0 ? keys[connector - 1]! : last;
  if (ORG_WORDS.has(last) || ORG_WORDS.has(head) || (/^\p{Lu}{2,6}$/u.test(name.join('')) && !ACRONYM_PLACES.has(name.join('')))) type = 'org';
  else if ((name.length >= 2 && PLACE_WORDS.has(last)) || ACRONYM_PLACES.has(name.join(' ')) || PLACES.has(keys.join('-')) || (name.length === 1 && PLACES.has(last)) || (name.length === 2 && PLACES.has(last) && /^(?:north|south|east|west|new|saint|st|upper|lower)/.test(keys[0]!))) type = 'place';
  else if (name.length >= 2 && GIVEN_NAMES.has(keys[0]!)) type = 'person';

  // Evidence around the name.
  const roleBefore = roleBeforeName(before);
  if (roleBefore && type !== 'place' && type !== 'org') {
    descriptors.push(roleBefore);
    type = 'person';
  }
  const age = /^\s*\((\d{1,3})\)/.exec(after);
  if (age && type !== 'org' && type !== 'place') {
    descriptors.push(`age ${age[1]}`);
    type = 'person';
  }
  const appositive = appositiveAfter(after.slice(age ? age[0].length : 0));
  if (appositive && type !== 'org' && type !== 'place') {
    descriptors.push(appositive);
    type = 'person';
  }
  let weakType = false;
  if (type === null) {
    const prev = /(\p{L}+)\s*$/u.exec(before)?.[1] ?? '';
    const next = /^\s*,?\s*(\p{L}+)/u.exec(after)?.[1] ?? '';
    // "said Ukraine Pravda": a speech verb next to a place-led name is a source, not a person.
    if ((SPEECH.test(next) || (SPEECH.test(prev) && !/according/i.test(prev))) && !keys.some((k) => PLACES.has(k))) type = 'person';
    else if (PLACE_PREPOSITIONS.test(before)) (type = 'place'), (weakType = true);
  }
  return { surface: name.join(' '), tokens: name, start, end, type, descriptors, initial: initial && from === 0, weakType };
}

/** "Kremlin spokesman", "Belarusian political expert" right before a name. */
function roleBeforeName(before: string): string | null {
  const words = before.trimEnd().split(/\s+/);
  const last = words.at(-1)?.toLowerCase() ?? '';
  if (!ROLE_WORDS.has(last) || /[,.;:]$/.test(before.trimEnd())) return null;
  const phrase = [words.at(-1)!];
  for (let k = words.length - 2; k >= 0 && phrase.length < 4; k--) {
    const w = words[k]!;
    if (/[,.;:“”"]/.test(w) || NOT_NAMES.has(nameKey(w)) || /^\d/.test(w) || SPEECH.test(w) || !(isCapital(w) || ROLE_MODIFIER.test(w))) break;
    phrase.unshift(w);
  }
  return phrase.join(' ');
}

/** ", spokesman for the Russian president," or ", professor of … at …" after a name. */
/** "Foreign Minister Sergei Lavrov and …": a role followed by a name introduces someone else. */
const introducesAnother = (phrase: string) => {
  const words = phrase.split(/\s+/);
  return words.some((w, i) => ROLE_WORDS.has(w.toLowerCase()) && /^\p{Lu}/u.test(words[i + 1] ?? '') && !ROLE_WORDS.has(words[i + 1]!.toLowerCase()));
};

function appositiveAfter(after: string): string | null {
  const m = /^\s*,\s*((?:the\s+|a\s+|an\s+)?([\p{L}-]+)[^,;:“”"()]*?)(?=\s*(?:[,;:“”"()]|(?<!\b(?:St|Dr|Mt|Jr|Sr))\.(?:\s|$)|$))/u.exec(after);
  if (m && m[1]!.split(/\s+/).slice(0, 3).some((w) => ROLE_WORDS.has(w.toLowerCase())) && !introducesAnother(m[1]!)) return m[1]!.replace(/^(?:the|a|an)\s+/i, '');
  const is = /^\s+(?:is|was)\s+(?:the\s+|a\s+|an\s+)?(\p{Lu}?[\p{L}-]+(?:\s+[^.;:]*?)?)(?=\.(?:\s|$)|[;:]|$)/u.exec(after);
  if (is && is[1]!.split(/\s+/).slice(0, 2).some((w) => ROLE_WORDS.has(w.toLowerCase())) && !introducesAnother(is[1]!)) return is[1]!;
  return null;
}
