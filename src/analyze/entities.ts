/**
 * One story's entities from its articles' name mentions. Spellings across outlets and
 * transliterations are one entity when their folded forms are equal (nameKey: Peskov/Peskow,
 * Shoigu/Shoygu, Nayev/Najew, Gürth/Gurth) or they sound alike by Double Metaphone with the same
 * first letter (Kyiv/Kiev) — Minsk and Pinsk differ in both. A surname alone joins the full name of
 * the same story. A word only ever seen opening a sentence is not a name unless another sentence
 * capitalises it mid-way ("Does Putin Need Help" gives Putin). Untyped names are not reported.
 */
import { doubleMetaphone } from 'double-metaphone';
import { nameKey } from '../cluster/features.ts';
import type { Entity, EntityType } from '../records.ts';
import type { Mention } from './names.ts';

export interface LocatedMention extends Mention {
  articleRef: string;
  sentence: number;
}

export interface EntityIndex {
  entities: Entity[];
  /** The entity a mention (as found in the story) belongs to, or null when it was not kept. */
  entityOf(m: Mention): Entity | null;
  /** The entity a name as written belongs to (exactly an alias, else its longest tail that is one). */
  byName(surface: string): Entity | null;
}

/** Metaphone codes are cached: names repeat across a story's articles. Emptied when it grows large. */
const sounds = new Map<string, string[]>();
const SOUND_CACHE_LIMIT = 100_000;
function soundOf(word: string): string[] {
  let s = sounds.get(word);
  if (!s) {
    if (sounds.size >= SOUND_CACHE_LIMIT) sounds.clear();
    sounds.set(word, (s = [...new Set(doubleMetaphone(word.normalize('NFD').replace(/\p{M}/gu, '')))]));
  }
  return s;
}

/** Two name words are one spelling apart. */
export function sameWord(a: string, b: string): boolean {
  return sameFolded(a, nameKey(a), b, nameKey(b));
}

/** `sameWord` with both words' folded keys already known (a story compares each name with every entity). */
function sameFolded(a: string, ka: string, b: string, kb: string): boolean {
  if (ka === kb) return true;
  if (Math.abs(ka.length - kb.length) > 3 || ka.length < 3 || kb.length < 3) return false;
  const sa = soundOf(a);
  const sb = soundOf(b);
  if (!sa.some((x) => sb.includes(x))) return false;
  // Sounding alike is not enough on its own (Gurth/Great): the spellings must be close too.
  if (editDistance(ka, kb) > Math.max(1, Math.floor(Math.min(ka.length, kb.length) / 4))) return false;
  // Same sound: with the same first letter, or a long enough code that a first-letter shift (Z/S) is safe.
  return ka[0] === kb[0] || Math.max(...sa.map((x) => x.length)) >= 5;
}

/** Initials and given-name variants: "V." meets "Vladimir"; "Dmitry" meets "Dmitri". */
const sameGiven = (a: string, ka: string, b: string, kb: string) => sameFolded(a, ka, b, kb) || (/^\p{Lu}\.?$/u.test(a) && b.startsWith(a[0]!)) || (/^\p{Lu}\.?$/u.test(b) && a.startsWith(b[0]!));

interface Draft {
  forms: Map<string, number>;
  tokens: string[];
  /** The tokens folded (nameKey). */
  keys: string[];
  types: Map<EntityType, number>;
  /** The type most of its mentions give (kept as mentions join, not sorted again on every comparison). */
  top: EntityType | null;
  refs: Set<string>;
  descriptors: Map<string, string>;
  order: number;
  mentions: number;
}

export function resolveEntities(mentions: LocatedMention[]): EntityIndex {
  // Words seen capitalised mid-sentence somewhere in the story.
  const nameLike = new Set<string>();
  for (const m of mentions) if (!m.initial) for (const t of m.tokens) nameLike.add(nameKey(t));
  const kept: LocatedMention[] = [];
  const trimmed = new Map<Mention, Mention>();
  for (const m of mentions) {
    // An opening word stays a name when the sentence itself says so (a given name, a role, an age).
    if (!m.initial || (m.type && !m.weakType) || m.tokens.every((t) => nameLike.has(nameKey(t)) || /^(?:of|de|von|van|der|for)$/.test(t))) {
      kept.push(m);
      continue;
    }
    // Keep the longest stretch of words that are names elsewhere in the story.
    let best: string[] = [];
    let cur: string[] = [];
    for (const t of m.tokens) {
      if (nameLike.has(nameKey(t))) cur.push(t);
      else cur = [];
      if (cur.length > best.length) best = [...cur];
    }
    if (!best.length) continue;
    const sub: LocatedMention = { ...m, surface: best.join(' '), tokens: best, type: best.length === m.tokens.length ? m.type : null, initial: false };
    trimmed.set(m, sub);
    kept.push(sub);
  }

  const drafts: Draft[] = [];
  const owner = new Map<Mention, Draft>();
  const matches = (d: Draft, m: Mention, mk: string[]): boolean => {
    const [a, ak] = [d.tokens, d.keys];
    const b = m.tokens;
    // A surname alone joins a person's full name; "Ukraine" does not join "Armed Forces of Ukraine".
    if (b.length === 1) return a.length === 1 ? sameFolded(a[0]!, ak[0]!, b[0]!, mk[0]!) : d.top === 'person' && sameFolded(a.at(-1)!, ak.at(-1)!, b[0]!, mk[0]!);
    // An unknown title before a person's full name: "Bürgermeisterin Ilona Vasquez".
    if (b.length > a.length && a.length >= 2 && d.top === 'person') {
      const off = b.length - a.length;
      return a.every((t, k) => (k === 0 ? sameGiven(t, ak[k]!, b[off + k]!, mk[off + k]!) : sameFolded(t, ak[k]!, b[off + k]!, mk[off + k]!)));
    }
    if (a.length !== b.length) return false;
    return b.every((t, k) => (k === 0 && a.length > 1 ? sameGiven(a[0]!, ak[0]!, t, mk[0]!) : sameFolded(a[k]!, ak[k]!, t, mk[k]!)));
  };
  // Typed names first, longest first: a surname alone then finds the full name it belongs to, and a
  // name under an unknown title ("Bürgermeisterin Ilona Vasquez") the person it names.
  const typed = (m: Mention) => (m.type && !m.weakType ? 0 : 1);
  const ordered = [...kept].map((m, i) => ({ m, i })).sort((x, y) => typed(x.m) - typed(y.m) || y.m.tokens.length - x.m.tokens.length || x.i - y.i);
  for (const { m, i } of ordered) {
    const mk = m.tokens.map((t) => nameKey(t));
    const candidates = drafts.filter((d) => matches(d, m, mk) && (m.weakType || !clash(d, m.type)));
    // Several people share the surname: the one the story names most.
    const d = candidates.sort((x, y) => y.mentions - x.mentions || x.order - y.order)[0] ?? null;
    const draft: Draft = d ?? { forms: new Map(), tokens: m.tokens, keys: mk, types: new Map(), top: null, refs: new Set(), descriptors: new Map(), order: i, mentions: 0 };
    if (!d) drafts.push(draft);
    draft.forms.set(m.surface, (draft.forms.get(m.surface) ?? 0) + 1);
    if (m.type) {
      draft.types.set(m.type, (draft.types.get(m.type) ?? 0) + (m.weakType ? 1 : 2));
      draft.top = topType(draft);
    }
    draft.refs.add(m.articleRef);
    for (const desc of m.descriptors) if (!draft.descriptors.has(desc.toLowerCase())) draft.descriptors.set(desc.toLowerCase(), desc);
    draft.order = Math.min(draft.order, i);
    draft.mentions++;
    owner.set(m, draft);
  }

  const entityOfDraft = new Map<Draft, Entity>();
  for (const d of drafts.sort((a, b) => b.mentions - a.mentions || a.order - b.order)) {
    const type = [...d.types].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!type) continue;
    // The fullest form, but not one with a title glued on (longer than the name the entity began with).
    const n = (f: string) => f.split(' ').length;
    const over = (f: string) => (n(f) > d.tokens.length ? 1 : 0);
    const forms = [...d.forms].sort((a, b) => over(a[0]) - over(b[0]) || n(b[0]) - n(a[0]) || b[1] - a[1] || a[0].localeCompare(b[0]));
    entityOfDraft.set(d, {
      name: forms[0]![0],
      type,
      aliases: forms.map(([f]) => f),
      articleRefs: [...d.refs].sort(),
      descriptors: type === 'person' ? [...d.descriptors.values()] : [],
    });
  }
  const byAlias = new Map<string, Entity>();
  for (const e of entityOfDraft.values()) for (const a of e.aliases) if (!byAlias.has(a)) byAlias.set(a, e);
  return {
    entities: [...entityOfDraft.values()],
    byName: (surface) => {
      const words = surface.split(' ');
      for (let k = 0; k < words.length; k++) {
        const e = byAlias.get(words.slice(k).join(' '));
        if (e) return e;
      }
      return null;
    },
    entityOf: (m) => {
      const d = owner.get(trimmed.get(m) ?? m);
      return d ? entityOfDraft.get(d) ?? null : null;
    },
  };
}

/** A mention typed as a place does not join a person of the same sound, and so on. */
function clash(d: Draft, type: EntityType | null): boolean {
  return !!type && !!d.top && d.top !== type;
}

function topType(d: Draft): EntityType | null {
  return [...d.types].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
