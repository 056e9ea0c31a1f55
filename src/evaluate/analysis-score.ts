/**
 * Scores a story's analysis against a reader's annotation of it (a `*.gold.json` file: the people and
 * their spellings, every direct quote with its speaker, scare quotes, dated mentions, the facts with
 * the sentence each article says them in, the conflicts). Pure: takes the annotation and what the
 * analysis gave; gives counts per measure, so that several stories add up before ratios are taken,
 * and the misses, so that a figure that falls short can be read on its examples.
 *
 * Matching is strict where it matters to a reader: a fact's article counts only when the sentence the
 * analysis cites for it is one the annotation names; a quote's speaker must be the annotated person.
 */
import type { Conflict, Entity, Fact, Quote } from '../records.ts';
import { nameKey } from '../cluster/features.ts';

export interface AnalysisGold {
  story: string;
  articles: { ref: string; path: string; publishedAt: string | null; lang?: string }[];
  /** Each person: every form the articles use, the full name first. */
  people: string[][];
  quotes: { ref: string; text: string; speaker: string | null }[];
  /** Words in quotation marks that nobody is quoted as saying. */
  notQuotes: string[];
  /** A dated mention: the article, words of its sentence, the words of the date, its ISO value. */
  dates: { ref: string; sentence: string; text: string; date: string }[];
  /** Per article, the words of the sentence (or any of several) that says it. */
  facts: { about: string; says: Record<string, string | string[]> }[];
  conflicts: { kind: Conflict['kind']; about: string; values: string[] }[];
}

/** What the analysis gave for the story, including every resolved date mention by sentence. */
export interface AnalysisOutput {
  entities: Entity[];
  quotes: Quote[];
  facts: Fact[];
  conflicts: Conflict[];
  sentences: { ref: string; text: string; dates: { text: string; date: string }[] }[];
}

/** Counts: `hit` of `of`. */
export interface Tally { hit: number; of: number }

export interface AnalysisScore {
  peopleRecall: Tally;
  peoplePrecision: Tally;
  quoteSpeaker: Tally;
  scareQuotesAvoided: Tally;
  dates: Tally;
  factRecall: Tally;
  factPrecision: Tally;
  conflictRecall: Tally;
  conflictPrecision: Tally;
  misses: string[];
}

export type Measure = Exclude<keyof AnalysisScore, 'misses'>;
export const MEASURES: Measure[] = [
  'peopleRecall', 'peoplePrecision', 'quoteSpeaker', 'scareQuotesAvoided', 'dates',
  'factRecall', 'factPrecision', 'conflictRecall', 'conflictPrecision',
];

const tally = (): Tally => ({ hit: 0, of: 0 });
const fold = (s: string) => s.normalize('NFC').replace(/[“”„"«»‘’‚]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

export function scoreAnalysis(gold: AnalysisGold, out: AnalysisOutput): AnalysisScore {
  const score = Object.fromEntries(MEASURES.map((m) => [m, tally()])) as Omit<AnalysisScore, 'misses'>;
  const misses: string[] = [];
  const miss = (what: string) => misses.push(`${gold.story}: ${what}`);

  // People: a gold person is found when one predicted person carries one of its forms; a predicted
  // person is right when it is the first found for a gold person (a split person counts against).
  const people = out.entities.filter((e) => e.type === 'person');
  const groupOf = (name: string) => gold.people.findIndex((g) => g.some((n) => nameKey(n) === nameKey(name)));
  const claimed = new Set<number>();
  for (const e of people) {
    const groups = new Set([e.name, ...e.aliases].map(groupOf).filter((g) => g >= 0));
    score.peoplePrecision.of++;
    const g = groups.size === 1 ? [...groups][0]! : -1;
    if (g >= 0 && !claimed.has(g)) {
      claimed.add(g);
      score.peoplePrecision.hit++;
    } else miss(`person ${e.name} (${e.aliases.join('/')}) ${groups.size > 1 ? 'merges several people' : g >= 0 ? 'splits a person' : 'is not a person'}`);
  }
  gold.people.forEach((g, i) => {
    score.peopleRecall.of++;
    if (claimed.has(i)) score.peopleRecall.hit++;
    else miss(`person ${g[0]} not found`);
  });

  // Quotes: found in the right article, with the annotated speaker (or none when the text names none).
  for (const q of gold.quotes) {
    score.quoteSpeaker.of++;
    const found = out.quotes.find((p) => p.articleRef === q.ref && fold(p.text).includes(fold(q.text)));
    const right = found && (q.speaker === null ? found.speaker === null : found.speaker !== null && groupOf(found.speaker) === groupOf(q.speaker));
    if (right) score.quoteSpeaker.hit++;
    else miss(found ? `quote "${q.text}" given to ${found.speaker}, not ${q.speaker}` : `quote "${q.text}" (${q.ref}) not found`);
  }
  for (const s of gold.notQuotes) {
    score.scareQuotesAvoided.of++;
    const reported = out.quotes.find((p) => fold(p.text) === fold(s));
    if (!reported) score.scareQuotesAvoided.hit++;
    else miss(`scare quote "${s}" reported as a quote`);
  }

  // Dates: the mention in the annotated sentence whose words overlap the annotated words.
  for (const d of gold.dates) {
    score.dates.of++;
    const sentence = out.sentences.find((s) => s.ref === d.ref && fold(s.text).includes(fold(d.sentence))
      && s.dates.some((m) => overlaps(m.text, d.text)));
    const mention = sentence?.dates.find((m) => overlaps(m.text, d.text));
    if (mention?.date === d.date) score.dates.hit++;
    else miss(`date "${d.text}" in "${d.sentence}" (${d.ref}) is ${mention ? mention.date : 'not found'}, not ${d.date}`);
  }

  // Facts: the predicted fact citing most of the annotated sentences; an article it cites counts when
  // the cited sentence is one the annotation names for that article.
  for (const f of gold.facts) {
    const says = new Map(Object.entries(f.says).map(([ref, s]) => [ref, (Array.isArray(s) ? s : [s]).map(fold)]));
    const right = (fact: Fact) => fact.evidence.filter((e) => says.get(e.articleRef)?.some((s) => fold(e.text).includes(s)));
    const best = out.facts.map((fact) => ({ fact, right: right(fact) })).sort((a, b) => b.right.length - a.right.length)[0];
    const got = best && best.right.length ? best : null;
    score.factRecall.of += says.size;
    score.factRecall.hit += got?.right.length ?? 0;
    if (got) {
      score.factPrecision.of += got.fact.evidence.length;
      score.factPrecision.hit += got.right.length;
    }
    const missing = [...says.keys()].filter((r) => !got?.right.some((e) => e.articleRef === r));
    const wrong = got ? got.fact.evidence.filter((e) => !got.right.includes(e)) : [];
    if (missing.length || wrong.length) {
      miss(`fact "${f.about}": ${got ? `"${got.fact.text}"` : 'not found'}${missing.length ? `; missing ${missing.join(', ')}` : ''}`
        + wrong.map((e) => `; cites ${e.articleRef} for "${e.text}"`).join(''));
    }
  }

  // Conflicts: a predicted conflict of the annotated kind whose claims give every annotated value.
  const matched = new Set<Conflict>();
  for (const c of gold.conflicts) {
    score.conflictRecall.of++;
    const found = out.conflicts.find((p) => p.kind === c.kind && !matched.has(p)
      && c.values.every((v) => p.claims.some((x) => fold(x.value).includes(fold(v)))));
    if (found) {
      matched.add(found);
      score.conflictRecall.hit++;
    } else miss(`conflict "${c.about}" (${c.kind}: ${c.values.join(' vs ')}) not found`);
  }
  for (const p of out.conflicts) {
    score.conflictPrecision.of++;
    if (matched.has(p)) score.conflictPrecision.hit++;
    else miss(`conflict reported that the annotation does not hold: ${p.kind} ${p.claims.map((x) => x.value).join(' vs ')} (${p.about})`);
  }
  return { ...score, misses };
}

/** Two date phrases name the same words when one holds the other ("Tuesday" in "on Tuesday afternoon"). */
function overlaps(a: string, b: string): boolean {
  const x = fold(a);
  const y = fold(b);
  return x.includes(y) || y.includes(x);
}

/** Several stories' scores added up. */
export function addScores(scores: AnalysisScore[]): AnalysisScore {
  const total = Object.fromEntries(MEASURES.map((m) => [m, tally()])) as Omit<AnalysisScore, 'misses'>;
  for (const s of scores) for (const m of MEASURES) {
    total[m].hit += s[m].hit;
    total[m].of += s[m].of;
  }
  return { ...total, misses: scores.flatMap((s) => s.misses) };
}

export const ratio = (t: Tally) => (t.of ? t.hit / t.of : 1);
