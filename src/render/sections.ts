/**
 * Render stage, shared part. Takes briefs; gives the sections a reader sees, in order, as plain
 * records that the Markdown and HTML renderers only format: citations already numbered, lists already
 * cut to what a page should show, labels already worded. Pure.
 */
import type { Brief } from '../brief/index.ts';
import { publisherOf } from '../brief/index.ts';
import { describeChange, type ChangesSince } from '../brief/revisions.ts';

/** Numbered citations: positions (from 1) of the refs in the brief's sources. */
export type Citation = number[];

export interface Cited { text: string; cite: Citation }

export interface BriefView {
  id: string;
  headline: string;
  /** First and last publication dates ("2022-12-21 – 2022-12-22"), ISO. */
  span: string | null;
  /** The outlets (or sites) of the story's own articles; files with no outlet named are counted in `files`. */
  outlets: string[];
  files: number;
  /** "4 articles from Outlet A, site.example and 1 file with no outlet named". */
  coverage: string;
  summary: Cited[];
  outletUnique: { outlet: string; items: Cited[] }[];
  facts: (Cited & { count: number })[];
  conflicts: { about: string; kind: string; claims: (Cited & { value: string })[] }[];
  quotesBySpeaker: { speaker: string; quotes: Cited[] }[];
  timeline: (Cited & { date: string })[];
  people: { name: string; detail: string }[];
  organisations: string[];
  places: string[];
  /** `inStory` false: an article of another story of the storyline, cited by a conflict. */
  sources: { n: number; title: string; outlet: string; file: boolean; date: string | null; link: string; isUrl: boolean; inStory: boolean }[];
  /** How many articles the story itself has. */
  articles: number;
  /** Why the story was not analyzed, or null. */
  analysisFailure: string | null;
  /** What is new since the moment asked about (`brief --since`), or null when not asked. */
  changes: ChangesView | null;
}

export interface ChangesView {
  /** "What's new since 2026-12-01 09:00 UTC (2 updates; 3 articles then, 5 now)". */
  title: string;
  lines: string[];
  /** Changes not shown (the JSON has them all). */
  more: number;
}

const MAX_CHANGES = 30;

/** The changes since a moment, worded, the first MAX_CHANGES of them. */
export function changesView(c: ChangesSince, articlesNow: number): ChangesView {
  const when = `${c.since.slice(0, 16).replace('T', ' ')} UTC`;
  const then = c.articlesBefore ? `${c.articlesBefore} ${c.articlesBefore === 1 ? 'article' : 'articles'} then, ${articlesNow} now` : 'the story is newer';
  const title = c.revisions ? `What's new since ${when} (${c.revisions} ${c.revisions === 1 ? 'update' : 'updates'}; ${then})` : `Nothing new since ${when}`;
  return { title, lines: c.changes.slice(0, MAX_CHANGES).map(describeChange), more: Math.max(0, c.changes.length - MAX_CHANGES) };
}

/** How many corroborated facts and timeline entries a page shows. */
const MAX_FACTS = 12;
const MAX_TIMELINE = 20;
const MAX_QUOTES_PER_SPEAKER = 4;

export function viewOf(brief: Brief): BriefView {
  const number = new Map(brief.sources.map((s, i) => [s.ref, i + 1]));
  const cite = (refs: string[]): Citation => [...new Set(refs.map((r) => number.get(r)).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
  const first = brief.firstPublished?.slice(0, 10) ?? null;
  const last = brief.lastPublished?.slice(0, 10) ?? null;
  const people = brief.entities.filter((e) => e.type === 'person');
  const sources = brief.sources.map((s, i) => {
    const publisher = publisherOf(s);
    return {
      n: i + 1,
      title: s.title ?? '(untitled)',
      outlet: publisher.kind === 'file' ? 'file, no outlet named' : publisher.name,
      file: publisher.kind === 'file',
      date: s.publishedAt?.slice(0, 10) ?? null,
      link: s.url ?? s.ref,
      isUrl: !!s.url && /^https?:\/\//i.test(s.url),
      inStory: i < brief.articleRefs.length,
    };
  });
  const { outlets, files, line } = storyCoverage(brief.sources.slice(0, brief.articleRefs.length));
  return {
    id: brief.id,
    headline: brief.headline ?? brief.facts[0]?.text ?? brief.id,
    span: first ? (last && last !== first ? `${first} – ${last}` : first) : null,
    outlets,
    files,
    coverage: line,
    articles: brief.articleRefs.length,
    analysisFailure: brief.analysisFailure,
    changes: brief.changesSince ? changesView(brief.changesSince, brief.articleRefs.length) : null,
    summary: brief.summary.map((s) => ({ text: s.text, cite: cite(s.articleRefs) })),
    outletUnique: brief.outletUnique.filter((o) => o.items.length).map((o) => ({ outlet: o.outlet, items: o.items.map((i) => ({ text: i.text, cite: cite(i.articleRefs) })) })),
    facts: corroboratedFacts(brief.facts).map((f) => ({ text: f.text, cite: cite(f.articleRefs), count: f.articleRefs.length })),
    conflicts: brief.conflicts.map((c) => ({ about: c.about, kind: c.kind, claims: c.claims.map((x) => ({ value: x.value, text: x.text, cite: cite(x.articleRefs) })) })),
    quotesBySpeaker: quotesBySpeaker(brief.quotes)
      .map(({ speaker, quotes }) => ({ speaker, quotes: quotes.slice(0, MAX_QUOTES_PER_SPEAKER).map((q) => ({ text: q.text, cite: cite([q.articleRef]) })) })),
    timeline: brief.timeline.slice(0, MAX_TIMELINE).map((t) => ({ date: t.date, text: t.text, cite: cite(t.articleRefs) })),
    people: people.map((e) => ({
      name: e.name,
      detail: [...new Set(e.descriptors)].join('; ') + (e.aliases.length > 1 ? `${e.descriptors.length ? '; ' : ''}also ${e.aliases.filter((a) => a !== e.name).join(', ')}` : ''),
    })),
    organisations: brief.entities.filter((e) => e.type === 'org').map((e) => e.name),
    places: brief.entities.filter((e) => e.type === 'place').map((e) => e.name),
    sources,
  };
}

/** The facts several articles report, the most reported first, as many as a page shows. */
export const corroboratedFacts = <F extends { articleRefs: string[] }>(facts: F[]): F[] => facts.filter((f) => f.articleRefs.length > 1).slice(0, MAX_FACTS);

/**
 * Quotes by speaker, the most quoted first and the unattributed last; a word or two in quotation
 * marks is a phrase, not what someone said.
 */
export function quotesBySpeaker<Q extends { text: string; speaker: string | null }>(quotes: Q[]): { speaker: string; quotes: Q[] }[] {
  const speakers = new Map<string, Q[]>();
  for (const q of quotes) {
    if (q.text.split(/\s+/).length < 3) continue;
    const who = q.speaker ?? 'Unattributed';
    (speakers.get(who) ?? speakers.set(who, []).get(who)!).push(q);
  }
  return [...speakers]
    .sort((a, b) => (a[0] === 'Unattributed' ? 1 : 0) - (b[0] === 'Unattributed' ? 1 : 0) || b[1].length - a[1].length)
    .map(([speaker, said]) => ({ speaker, quotes: said }));
}

/** Who covers a story, from its own sources: outlets and sites, files that name none, and the line that says so. */
export function storyCoverage(own: { outlet: string | null; url: string | null; ref: string }[]): { outlets: string[]; files: number; line: string } {
  const publishers = own.map(publisherOf);
  const outlets = [...new Set(publishers.filter((p) => p.kind !== 'file').map((p) => p.name))];
  const files = publishers.filter((p) => p.kind === 'file').length;
  return { outlets, files, line: coverageLine(own.length, outlets, files) };
}

/** "3 articles from Outlet A, Outlet B and 1 file with no outlet named". */
export function coverageLine(articles: number, outlets: string[], files: number): string {
  const parts = [...outlets];
  if (files) parts.push(`${files} ${files === 1 ? 'file' : 'files'} with no outlet named`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0] ?? '';
  return `${articles} ${articles === 1 ? 'article' : 'articles'}${list ? ` from ${list}` : ''}`;
}
