/**
 * What changed in a story. Takes a brief (and the languages of its articles); gives its digest — the
 * part of a brief a reader follows over time: headline, outlets, facts with the outlets that support
 * each, quotes, conflicts — and, from two digests, the changes between them. Pure. The writer stores
 * one digest per story and a revision whenever a new one differs; `changesSince` folds the revisions
 * after a moment into what is new since then.
 *
 * Identity across revisions is by what stays put when articles join: a fact is the same fact while
 * one sentence of one article still says it (its wording may be picked from another article), or by
 * its words; a quote by its speaker and words; a conflict by what it is about.
 */
import { outletLabel, type Brief } from './index.ts';

export interface DigestFact {
  text: string;
  /** `articleRef#sentence` of each sentence that says it. */
  evidence: string[];
  outlets: string[];
}

export interface BriefDigest {
  headline: string | null;
  articles: number;
  outlets: string[];
  languages: string[];
  facts: DigestFact[];
  quotes: { key: string; speaker: string | null; text: string; outlet: string }[];
  conflicts: { key: string; about: string; kind: 'contradiction' | 'precision'; values: string[] }[];
  /** Names and spellings of the story's people, organisations and places: what a watchlist matches. */
  names: string[];
}

export type StoryChange =
  | { kind: 'new-story'; headline: string | null; outlets: string[]; articles: number }
  | { kind: 'new-outlets'; outlets: string[] }
  | { kind: 'headline'; from: string | null; to: string | null }
  | { kind: 'new-fact'; text: string; outlets: string[] }
  | { kind: 'fact-support'; text: string; from: number; to: number; outlets: string[] }
  | { kind: 'new-quote'; speaker: string | null; text: string; outlet: string }
  | { kind: 'new-conflict'; about: string; conflict: 'contradiction' | 'precision'; values: string[] }
  | { kind: 'resolved-conflict'; about: string; conflict: 'contradiction' | 'precision' };

export interface StoryRevision {
  storyId: string;
  seq: number;
  /** When the change was recorded (the writer's clock), ISO. */
  at: string;
  /** Articles in the story after it. */
  articles: number;
  changes: StoryChange[];
}

/** Words as compared: accents off, lower case, anything not a letter or digit one space. */
export const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const unique = (list: string[]) => [...new Set(list)];

export function digestBrief(brief: Brief, languages: string[] = []): BriefDigest {
  const labels = new Map(brief.sources.map((s) => [s.ref, outletLabel(s)]));
  const outletsOf = (refs: string[]) => unique(refs.map((r) => labels.get(r) ?? r)).sort();
  return {
    headline: brief.headline,
    articles: brief.articleRefs.length,
    // Files without a publisher count as outlets of their own (by title and file name), as in "what each outlet adds".
    outlets: outletsOf(brief.articleRefs),
    languages: unique(languages).sort(),
    facts: brief.facts.map((f) => ({ text: f.text, evidence: unique(f.evidence.map((e) => `${e.articleRef}#${e.sentence}`)), outlets: outletsOf(f.articleRefs) })),
    quotes: unique(brief.quotes.map((q) => `${q.speaker ?? ''}\u0000${q.text}\u0000${labels.get(q.articleRef) ?? q.articleRef}`)).map((k) => {
      const [speaker, text, outlet] = k.split('\u0000') as [string, string, string];
      return { key: `${fold(speaker)}|${fold(text)}`, speaker: speaker || null, text, outlet };
    }),
    conflicts: brief.conflicts.map((c) => ({ key: `${c.kind}|${fold(c.about)}`, about: c.about, kind: c.kind, values: c.claims.map((x) => x.value) })),
    names: unique(brief.entities.flatMap((e) => [e.name, ...e.aliases])),
  };
}

/** The changes from `before` (null: the story was not seen before) to `after`; empty when nothing a reader follows changed. */
export function diffDigests(before: BriefDigest | null, after: BriefDigest): StoryChange[] {
  if (!before) return [{ kind: 'new-story', headline: after.headline, outlets: after.outlets, articles: after.articles }];
  const changes: StoryChange[] = [];
  const hadOutlet = new Set(before.outlets);
  const newOutlets = after.outlets.filter((o) => !hadOutlet.has(o));
  if (newOutlets.length) changes.push({ kind: 'new-outlets', outlets: newOutlets });
  if (before.headline !== after.headline) changes.push({ kind: 'headline', from: before.headline, to: after.headline });

  const byEvidence = new Map<string, DigestFact>();
  const byText = new Map<string, DigestFact>();
  for (const f of before.facts) {
    for (const e of f.evidence) byEvidence.set(e, f);
    byText.set(fold(f.text), f);
  }
  for (const f of after.facts) {
    const was = byText.get(fold(f.text)) ?? f.evidence.map((e) => byEvidence.get(e)).find((x) => x !== undefined);
    // A fact one outlet gives is what that outlet adds (its new outlet says so); a new fact is one several give.
    if (!was) {
      if (f.outlets.length > 1) changes.push({ kind: 'new-fact', text: f.text, outlets: f.outlets });
    }
    else if (f.outlets.length > was.outlets.length) {
      const had = new Set(was.outlets);
      changes.push({ kind: 'fact-support', text: f.text, from: was.outlets.length, to: f.outlets.length, outlets: f.outlets.filter((o) => !had.has(o)) });
    }
  }

  const quoted = new Set(before.quotes.map((q) => q.key));
  for (const q of after.quotes) if (!quoted.has(q.key)) changes.push({ kind: 'new-quote', speaker: q.speaker, text: q.text, outlet: q.outlet });

  const was = new Set(before.conflicts.map((c) => c.key));
  const is = new Set(after.conflicts.map((c) => c.key));
  for (const c of after.conflicts) if (!was.has(c.key)) changes.push({ kind: 'new-conflict', about: c.about, conflict: c.kind, values: c.values });
  for (const c of before.conflicts) if (!is.has(c.key)) changes.push({ kind: 'resolved-conflict', about: c.about, conflict: c.kind });
  return changes;
}

export interface ChangesSince {
  since: string;
  /** Revisions recorded after `since`. */
  revisions: number;
  /** Articles the story had at `since` (0: it is newer than that). */
  articlesBefore: number;
  changes: StoryChange[];
}

/**
 * What is new after `since`, from a story's revisions (any order): each change once, as it stands now —
 * a fact new since then and supported later is one new fact with its outlets now; support gained in two
 * steps is one step; a conflict that appeared and was resolved since is not news.
 */
export function changesSince(revisions: StoryRevision[], since: string): ChangesSince {
  const ordered = [...revisions].sort((a, b) => a.seq - b.seq);
  const after = ordered.filter((r) => r.at > since);
  const before = ordered.filter((r) => r.at <= since).at(-1);
  const out: (StoryChange | null)[] = [];
  const facts = new Map<string, StoryChange & ({ kind: 'new-fact' } | { kind: 'fact-support' })>();
  const conflicts = new Map<string, number>();
  const outlets = new Set<string>();
  for (const r of after) {
    for (const c of r.changes) {
      if (c.kind === 'new-outlets') {
        for (const o of c.outlets) outlets.add(o);
      } else if (c.kind === 'new-fact' || c.kind === 'fact-support') {
        const key = fold(c.text);
        const had = facts.get(key);
        if (!had) {
          facts.set(key, { ...c });
          out.push(facts.get(key)!);
        } else if (had.kind === 'new-fact') {
          had.outlets = unique([...had.outlets, ...c.outlets]).sort();
        } else if (c.kind === 'fact-support') {
          had.to = c.to;
          had.outlets = unique([...had.outlets, ...c.outlets]);
        }
      } else if (c.kind === 'new-conflict') {
        conflicts.set(`${c.conflict}|${fold(c.about)}`, out.length);
        out.push(c);
      } else if (c.kind === 'resolved-conflict' && conflicts.has(`${c.conflict}|${fold(c.about)}`)) {
        out[conflicts.get(`${c.conflict}|${fold(c.about)}`)!] = null;
        conflicts.delete(`${c.conflict}|${fold(c.about)}`);
      } else if (c.kind === 'headline') {
        const had = out.find((x): x is StoryChange & { kind: 'headline' } => x?.kind === 'headline');
        if (had) had.to = c.to;
        else out.push({ ...c });
      } else out.push(c);
    }
  }
  const changes = out.filter((c): c is StoryChange => c !== null);
  if (outlets.size) changes.unshift({ kind: 'new-outlets', outlets: [...outlets].sort() });
  return { since, revisions: after.length, articlesBefore: before?.articles ?? 0, changes };
}

/** One line of plain text for a change (alerts, the terminal). */
export function describeChange(c: StoryChange): string {
  switch (c.kind) {
    case 'new-story': return `New story${c.headline ? `: ${c.headline}` : ''} (${c.articles} article${c.articles === 1 ? '' : 's'}${c.outlets.length ? `; ${c.outlets.join(', ')}` : ''})`;
    case 'new-outlets': return `New outlet${c.outlets.length === 1 ? '' : 's'}: ${c.outlets.join(', ')}`;
    case 'headline': return `Headline now: ${c.to ?? '(none)'}`;
    case 'new-fact': return `New fact (${c.outlets.length} outlet${c.outlets.length === 1 ? '' : 's'}): ${c.text}`;
    case 'fact-support': return `Now ${c.to} outlets, was ${c.from} (+ ${c.outlets.join(', ')}): ${c.text}`;
    case 'new-quote': return `New quote${c.speaker ? ` from ${c.speaker}` : ''} (${c.outlet}): “${c.text}”`;
    case 'new-conflict': return `Outlets disagree (${c.conflict}) on ${c.about}: ${c.values.join(' vs ')}`;
    case 'resolved-conflict': return `No longer in dispute: ${c.about}`;
  }
}
