/**
 * Presenters: the JSON shapes users see, from `--json` on the command line and from the HTTP API alike.
 * Each picks and names its fields explicitly, so the records inside Storyline can change without
 * changing what scripts and other tools read. Pure.
 */
import type { Article } from '../records.ts';
import type { Brief } from '../brief/index.ts';
import { idempotencyKey } from '../brief/watch.ts';
import type { Alert, Watchlist } from '../store/revisions.ts';
import { describeChange, type ChangesSince, type StoryRevision } from '../brief/revisions.ts';
import { publisherOf } from '../clean/publisher.ts';
import { entityKey } from '../store/index.ts';
import type { MemberRow, StoryRow } from '../store/queries.ts';

export function presentArticle(a: Article) {
  return {
    id: a.id, ref: a.ref, url: a.url, outlet: a.outlet, publisher: publisherOf(a), title: a.title, publishedAt: a.publishedAt,
    lang: a.lang, author: a.author, duplicateOf: a.duplicateOf, text: a.text,
  };
}
export type ArticleJson = ReturnType<typeof presentArticle>;

/** An article as a list shows it (no text). */
export function presentMember(m: MemberRow) {
  return { id: m.id, ref: m.ref, title: m.title, publisher: publisherOf(m), url: m.url, lang: m.lang, publishedAt: m.publishedAt, duplicateOf: m.duplicateOf };
}
export type MemberJson = ReturnType<typeof presentMember>;

/** A story as a list shows it: headline, who covers it, how much, in which languages, over which days. */
export function presentStoryItem(s: StoryRow, members: MemberRow[], mergedIds: string[] = []) {
  const publishers = members.map(publisherOf);
  return {
    id: s.id,
    headline: s.headline,
    storylineId: s.storylineId,
    firstPublished: s.firstPublished,
    lastPublished: s.lastPublished,
    articleCount: s.articleCount,
    outlets: [...new Set(publishers.filter((p) => p.kind !== 'file').map((p) => p.name))],
    files: publishers.filter((p) => p.kind === 'file').length,
    languages: [...new Set(members.map((m) => m.lang))].sort(),
    articleIds: members.map((m) => m.id),
    articleRefs: members.map((m) => m.ref),
    mergedIds,
  };
}
export type StoryItemJson = ReturnType<typeof presentStoryItem>;

/**
 * A brief as JSON (`brief --format json`, `GET /api/stories/:id`): every cited item carries the
 * articles (refs, numbered by `sources`) and the sentence of each that says it (`evidence`), so a page
 * can link to the exact sentence; each entity carries the id its page has.
 */
export function presentBrief(b: Brief) {
  return {
    id: b.id,
    headline: b.headline,
    firstPublished: b.firstPublished,
    lastPublished: b.lastPublished,
    articleRefs: b.articleRefs,
    outlets: b.outlets,
    summary: b.summary.map((s) => ({ text: s.text, articleRefs: s.articleRefs, evidence: s.evidence })),
    outletUnique: b.outletUnique.map((o) => ({ outlet: o.outlet, items: o.items.map((i) => ({ text: i.text, articleRefs: i.articleRefs, evidence: i.evidence })) })),
    facts: b.facts.map((f) => ({ text: f.text, articleRefs: f.articleRefs, evidence: f.evidence.map((e) => ({ articleRef: e.articleRef, sentence: e.sentence, text: e.text })) })),
    conflicts: b.conflicts.map((c) => ({ about: c.about, kind: c.kind, claims: c.claims.map((x) => ({ value: x.value, text: x.text, articleRefs: x.articleRefs, evidence: x.evidence ?? [] })) })),
    quotes: b.quotes.map((q) => ({ text: q.text, speaker: q.speaker, cue: q.cue, articleRef: q.articleRef, sentence: q.sentence ?? null })),
    timeline: b.timeline.map((t) => ({ date: t.date, text: t.text, articleRefs: t.articleRefs, evidence: t.evidence ?? [] })),
    entities: b.entities.map((e) => ({ id: entityKey(e.name), name: e.name, type: e.type, aliases: e.aliases, descriptors: e.descriptors, articleRefs: e.articleRefs })),
    sources: b.sources.map((s) => ({ id: s.id, ref: s.ref, title: s.title, outlet: s.outlet, publisher: publisherOf(s), publishedAt: s.publishedAt, url: s.url })),
    analysisFailure: b.analysisFailure,
    ...(b.changesSince ? { changesSince: presentChanges(b.changesSince) } : {}),
  };
}

/** What changed in a story since a moment: each change a record with its `kind` and a `text` that words it. */
export function presentChanges(c: ChangesSince) {
  return { since: c.since, revisions: c.revisions, articlesBefore: c.articlesBefore, changes: c.changes.map((x) => ({ ...x, text: describeChange(x) })) };
}

/** A story's revisions, oldest first. */
export function presentRevision(r: StoryRevision) {
  return { seq: r.seq, at: r.at, articles: r.articles, changes: r.changes.map((x) => ({ ...x, text: describeChange(x) })) };
}
export type BriefJson = ReturnType<typeof presentBrief>;

/** The JSON a webhook receives (and `watch alerts --json` prints). */
export function presentAlert(a: Alert, watchlist: Pick<Watchlist, 'id' | 'name'>) {
  return {
    id: idempotencyKey(a),
    watchlist: { id: watchlist.id, name: watchlist.name },
    story: { id: a.storyId, headline: a.headline, revision: a.seq },
    kind: a.kind,
    at: a.at,
    changes: a.changes.map((c) => ({ ...c, text: describeChange(c) })),
  };
}

/** A watchlist as listed (its webhook's secret never leaves the store). */
export function presentWatchlist(w: Watchlist) {
  return { id: w.id, name: w.name, query: w.query, createdAt: w.createdAt, webhook: w.webhook?.url ?? null, feed: `/watchlists/${w.id}/feed.atom` };
}
export type WatchlistJson = ReturnType<typeof presentWatchlist>;
