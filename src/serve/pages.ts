/**
 * The web app's pages, drawn on the server from the same presented records the API returns: the story
 * list, search, a story (its brief, every citation a link to the sentence that says it, coverage over
 * time per outlet, the storyline's other stories), an article (the cited sentence marked, names and
 * quotes marked), an entity, and the form that adds articles. Plain HTML that works without script,
 * with landmarks, labels and headings; escaped everywhere through `html`. Pure.
 */
import { html, raw, externalHref, query, type Safe } from './html.ts';
import type { Page, StoryPage } from '../app/stories.ts';
import type { BriefJson, MemberJson, StoryItemJson, WatchlistJson } from '../app/present.ts';
import type { ArticleView } from '../app/articles.ts';
import type { EntityView } from '../app/entities.ts';
import type { SearchResult } from '../app/search.ts';
import type { IngestReport } from '../app/ingest.ts';
import type { StoryFilter } from '../store/queries.ts';
import { findMentions } from '../analyze/names.ts';
import { quotedSpans } from '../analyze/sentences.ts';
import { changesView, corroboratedFacts, coverageLine, quotesBySpeaker, storyCoverage } from '../render/sections.ts';

export interface Facets {
  publishers: { name: string; articles: number }[];
  languages: { lang: string; articles: number }[];
}

export interface LayoutOptions {
  /** What the search box shows. */
  q?: string;
}

export function layout(title: string, main: Safe, opts: LayoutOptions): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Storyline</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<nav aria-label="Main">
<a class="brand" href="/">Storyline</a>
<a href="/">Stories</a>
<a href="/entities">Entities</a>
<a href="/watchlists">Watchlists</a>
<a href="/add">Add articles</a>
</nav>
<form class="search" role="search" action="/search" method="get">
<label for="site-q" class="visually-hidden">Search articles</label>
<input id="site-q" name="q" type="search" value="${opts.q ?? ''}" placeholder="Search articles">
<button type="submit">Search</button>
</form>
</header>
<main id="main">
${main}
</main>
<footer class="site"><p>Storyline reads the articles stored on this machine; nothing leaves it.</p></footer>
</body>
</html>`.value}\n`;
}

const dateOf = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);
const span = (first: string | null, last: string | null) => {
  const a = dateOf(first);
  const b = dateOf(last);
  return a ? (b && b !== a ? `${a} – ${b}` : a) : 'undated';
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const publisherText = (p: { name: string; kind: string }) => (p.kind === 'file' ? `file ${p.name}` : p.name);

/** The filters form shared by the story list and search. */
function filterForm(action: string, f: StoryFilter & { sort?: string; q?: string }, facets: Facets, withSort: boolean): Safe {
  const option = (value: string, label: string, current: string | undefined) => html`<option value="${value}"${raw(current === value ? ' selected' : '')}>${label}</option>`;
  return html`<form class="filters" action="${action}" method="get">
${action === '/search' ? html`<p><label for="f-q">Words</label><input id="f-q" name="q" type="search" value="${f.q ?? ''}" required></p>` : ''}
<p><label for="f-from">From</label><input id="f-from" name="from" type="date" value="${f.from ?? ''}"></p>
<p><label for="f-to">To</label><input id="f-to" name="to" type="date" value="${f.to ?? ''}"></p>
<p><label for="f-outlet">Outlet</label><select id="f-outlet" name="outlet">${option('', 'Any outlet', f.publisher ?? '')}${facets.publishers.map((p) => option(p.name, `${p.name} (${p.articles})`, f.publisher))}</select></p>
<p><label for="f-lang">Language</label><select id="f-lang" name="lang">${option('', 'Any language', f.lang ?? '')}${facets.languages.map((l) => option(l.lang, `${l.lang} (${l.articles})`, f.lang))}</select></p>
<p><label for="f-entity">Entity</label><input id="f-entity" name="entity" value="${f.entity ?? ''}" placeholder="e.g. alexander-lukashenko"></p>
${f.storyline ? html`<input type="hidden" name="storyline" value="${f.storyline}">` : ''}
${withSort ? html`<p><label for="f-sort">Order</label><select id="f-sort" name="sort">${option('newest', 'Newest first', f.sort ?? 'newest')}${option('coverage', 'Most covered first', f.sort)}${option('oldest', 'Oldest first', f.sort)}</select></p>` : ''}
<p><button type="submit">Apply</button> <a href="${action}${action === '/search' && f.q ? query({ q: f.q }) : ''}">Clear</a></p>
</form>`;
}

/** A filter as the query string of a page link says it. */
const filterParams = (f: StoryFilter) => ({ from: f.from, to: f.to, outlet: f.publisher, lang: f.lang, entity: f.entity, storyline: f.storyline });

function pager(page: { page: number; pages: number }, base: string, params: Record<string, string | number | undefined>): Safe {
  if (page.pages <= 1) return html``;
  const link = (n: number, label: string, rel: string) => html`<a href="${base}${query({ ...params, page: n })}" rel="${rel}">${label}</a>`;
  return html`<nav class="pager" aria-label="Pages">
${page.page > 1 ? link(page.page - 1, '← Newer', 'prev') : ''}
<span>Page ${page.page} of ${page.pages}</span>
${page.page < page.pages ? link(page.page + 1, 'Older →', 'next') : ''}
</nav>`;
}

function storyItem(s: StoryItemJson): Safe {
  return html`<li class="story">
<h2><a href="/stories/${encodeURIComponent(s.id)}">${s.headline ?? '(no headline)'}</a></h2>
<p class="meta">${span(s.firstPublished, s.lastPublished)} · ${coverageLine(s.articleCount, s.outlets, s.files)} · ${s.languages.join(', ')}
· <a href="/${query({ storyline: s.storylineId })}">storyline</a></p>
</li>`;
}

export function storiesPage(page: Page<StoryItemJson>, f: StoryFilter & { sort?: string }, facets: Facets, opts: LayoutOptions): string {
  const params = { ...filterParams(f), sort: f.sort };
  const main = html`<h1>${f.storyline ? 'Stories of one storyline' : 'Stories'}</h1>
${filterForm('/', f, facets, true)}
<p class="count" role="status">${plural(page.total, 'story', 'stories')}</p>
${page.items.length ? html`<ol class="stories">${page.items.map(storyItem)}</ol>` : html`<p>No story matches. <a href="/add">Add articles</a>.</p>`}
${pager(page, '/', params)}`;
  return layout('Stories', main, opts);
}

export function searchPage(result: SearchResult | null, f: StoryFilter & { q?: string }, facets: Facets, opts: LayoutOptions): string {
  const params = { q: f.q, ...filterParams(f) };
  const hits = result
    ? html`<p class="count" role="status">${result.total}${result.totalIsLowerBound ? '+' : ''} ${result.total === 1 ? 'article matches' : 'articles match'}</p>
<ol class="hits">${result.items.map((h) => html`<li>
<h2><a href="/articles/${encodeURIComponent(h.article.id)}">${h.article.title ?? h.article.ref}</a></h2>
<p class="meta">${publisherText(h.article.publisher)} · ${dateOf(h.article.publishedAt) ?? 'undated'} · ${h.article.lang}</p>
<p class="snippet">${h.snippet.map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}</p>
${h.story ? html`<p class="meta">Story: <a href="/stories/${encodeURIComponent(h.story.id)}">${h.story.headline ?? h.story.id}</a></p>` : ''}
</li>`)}</ol>
${pager(result, '/search', params)}`
    : html``;
  return layout(f.q ? `Search: ${f.q}` : 'Search', html`<h1>Search</h1>${filterForm('/search', f, facets, false)}${hits}`, { ...opts, q: f.q });
}

/**
 * A brief's citation links: for an item, each article's number, linking to the sentence of it that
 * says the item. The numbering is made once per brief, not once per item.
 */
function citations(b: BriefJson): (refs: string[], evidence?: { articleRef: string; sentence: number | null }[]) => Safe {
  const number = new Map(b.sources.map((s, i) => [s.ref, i]));
  return (refs, evidence = []) => {
    const sentenceOf = new Map(evidence.map((e) => [e.articleRef, e.sentence]));
    const links = [...new Set(refs)].map((ref) => ({ ref, i: number.get(ref) })).filter((x): x is { ref: string; i: number } => x.i !== undefined)
      .sort((a, b) => a.i - b.i)
      .map(({ ref, i }) => {
        const source = b.sources[i]!;
        const s = sentenceOf.get(ref) ?? -1;
        const href = `/articles/${encodeURIComponent(source.id)}${s >= 0 ? `?s=${s}#s-${s}` : ''}`;
        const label = `Source ${i + 1}: ${publisherText(source.publisher)}${s >= 0 ? `, sentence ${s + 1}` : ''}`;
        return html`<a href="${href}" aria-label="${label}" title="${label}">${i + 1}</a>`;
      });
    return links.length ? html` <sup class="cite">[${links.flatMap((l, k) => (k ? [raw(', '), l] : [l]))}]</sup>` : html``;
  };
}

const PALETTE = ['#1a5fb4', '#c64600', '#26a269', '#813d9c', '#a51d2d', '#5e5c64', '#986a44', '#0b7285'];

/** Articles per day per outlet, as stacked bars: an SVG drawn here, each bar titled, the totals in its legend. */
function coverageChart(c: StoryPage['coverage']): Safe {
  if (!c.days.length) return html`<p>No article of this story is dated.</p>`;
  const totals = c.days.map((_, d) => c.series.reduce((n, s) => n + s.counts[d]!, 0));
  const max = Math.max(...totals);
  const barW = 36;
  const gap = 14;
  const h = 120;
  const width = c.days.length * (barW + gap) + gap;
  const bars: Safe[] = [];
  c.days.forEach((day, d) => {
    let y = h;
    c.series.forEach((s, k) => {
      const n = s.counts[d]!;
      if (!n) return;
      const bh = (n / max) * (h - 10);
      y -= bh;
      bars.push(html`<rect x="${gap + d * (barW + gap)}" y="${y.toFixed(1)}" width="${barW}" height="${bh.toFixed(1)}" fill="${PALETTE[k % PALETTE.length]!}"><title>${s.publisher}, ${day}: ${plural(n, 'article')}</title></rect>`);
    });
    bars.push(html`<text x="${gap + d * (barW + gap) + barW / 2}" y="${h + 14}" text-anchor="middle" font-size="10" fill="#333">${day.slice(5)}</text>`);
  });
  return html`<figure class="chart">
<svg viewBox="0 0 ${width} ${h + 20}" width="${width}" height="${h + 20}" role="img" aria-label="Articles per day and outlet">${bars}</svg>
<figcaption><ul class="legend">${c.series.map((s, k) => html`<li><span class="swatch" data-color="${k % PALETTE.length}"></span>${s.publisher}: ${s.counts.reduce((a, b) => a + b, 0)}</li>`)}</ul>
${c.undated ? html`<p>${plural(c.undated, 'article')} without a date not shown.</p>` : ''}</figcaption>
</figure>`;
}

/** How much of a long list a story page shows; the JSON (`/api/stories/:id`) has all of it. */
const SHOWN = { conflicts: 25, speakers: 15, entities: 40 };
const more = (n: number, shown: number, what: string) => (n > shown ? html`<p class="meta">The ${shown} first of ${n} ${what}; all of them are in the story's JSON.</p>` : '');

export function storyPage(p: StoryPage, opts: LayoutOptions): string {
  const b = p.brief;
  const cite = citations(b);
  const speakers = quotesBySpeaker(b.quotes);
  const facts = corroboratedFacts(b.facts);
  const entityLink = (e: BriefJson['entities'][number]) => html`<a href="/entities/${encodeURIComponent(e.id)}">${e.name}</a>`;
  const section = (id: string, title: string, body: Safe | false) => (body ? html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body}</section>` : '');
  const main = html`<article class="brief">
<h1>${b.headline ?? '(no headline)'}</h1>
<p class="meta">${span(b.firstPublished, b.lastPublished)} · ${storyCoverage(b.sources.slice(0, b.articleRefs.length)).line}</p>
${b.changesSince ? changesSection(b.changesSince, b.articleRefs.length) : ''}
${b.analysisFailure ? html`<p class="note" role="note">Not analyzed: ${b.analysisFailure}. Its sources are listed below.</p>` : ''}
${section('summary', 'Summary', b.summary.length > 0 && html`<p>${b.summary.map((s) => html`${s.text}${cite(s.articleRefs, s.evidence)} `)}</p>`)}
${section('adds', 'What each outlet adds', b.outletUnique.some((o) => o.items.length) && html`${b.outletUnique.filter((o) => o.items.length).map((o) => html`<h3>${o.outlet}</h3><ul>${o.items.map((i) => html`<li>${i.text}${cite(i.articleRefs, i.evidence)}</li>`)}</ul>`)}`)}
${section('facts', 'Confirmed by several outlets', facts.length > 0 && html`<ul>${facts.map((f) => html`<li>${f.text}${cite(f.articleRefs, f.evidence)} <span class="count">${plural(f.articleRefs.length, 'article')}</span></li>`)}</ul>`)}
${section('conflicts', 'Where the outlets differ', b.conflicts.length > 0 && html`${more(b.conflicts.length, SHOWN.conflicts, 'conflicts')}<ul>${b.conflicts.slice(0, SHOWN.conflicts).map((c) => html`<li><span class="kind">${c.kind}</span> ${c.about}:<ul>${c.claims.map((x) => html`<li><strong>${x.value}</strong>${cite(x.articleRefs, x.evidence)} — “${x.text}”</li>`)}</ul></li>`)}</ul>`)}
${section('quotes', 'Who said what', speakers.length > 0 && html`${more(speakers.length, SHOWN.speakers, 'speakers')}${speakers.slice(0, SHOWN.speakers).map(({ speaker: who, quotes: qs }) => html`<h3>${who}</h3>${qs.slice(0, 6).map((q) => html`<blockquote><p>“${q.text}”${cite([q.articleRef], [{ articleRef: q.articleRef, sentence: q.sentence }])}</p></blockquote>`)}`)}`)}
${section('timeline', 'Timeline', b.timeline.length > 0 && html`<ul class="timeline">${b.timeline.slice(0, 30).map((t) => html`<li><time datetime="${/^\d{4}(-\d{2}){0,2}$/.test(t.date) ? t.date : ''}">${t.date}</time> ${t.text}${cite(t.articleRefs, t.evidence)}</li>`)}</ul>`)}
${section('coverage', 'Coverage over time', coverageChart(p.coverage))}
${section('people', 'People, organisations and places', b.entities.length > 0 && html`<ul>${b.entities.filter((e) => e.type === 'person').slice(0, SHOWN.entities).map((e) => html`<li>${entityLink(e)}${e.descriptors.length ? ` — ${[...new Set(e.descriptors)].join('; ')}` : ''}</li>`)}
${b.entities.some((e) => e.type === 'org') ? html`<li>Organisations: ${b.entities.filter((e) => e.type === 'org').slice(0, SHOWN.entities).map((e, i) => html`${i ? ', ' : ''}${entityLink(e)}`)}</li>` : ''}
${b.entities.some((e) => e.type === 'place') ? html`<li>Places: ${b.entities.filter((e) => e.type === 'place').slice(0, SHOWN.entities).map((e, i) => html`${i ? ', ' : ''}${entityLink(e)}`)}</li>` : ''}</ul>`)}
${section('sources', 'Sources', html`<ol class="sources">${b.sources.map((s, i) => {
    const href = externalHref(s.url);
    return html`<li id="src-${i + 1}">${i >= b.articleRefs.length ? html`<em>another story of this storyline:</em> ` : ''}<a href="/articles/${encodeURIComponent(s.id)}">${s.title ?? '(untitled)'}</a> — ${publisherText(s.publisher)}${s.publishedAt ? `, ${dateOf(s.publishedAt)}` : ''}${href ? html` — <a class="url" href="${href}" rel="noopener noreferrer nofollow">original</a>` : ''}</li>`;
  })}</ol>`)}
${section('history', 'History', p.history.length > 0 && html`${p.revisions > p.history.length ? html`<p class="meta">The latest ${p.history.length} of ${p.revisions} updates.</p>` : ''}<ol class="history" reversed>${p.history.map((r) => html`<li><time datetime="${r.at}">${r.at.slice(0, 16).replace('T', ' ')} UTC</time> · ${plural(r.articles, 'article')} · <a href="/stories/${encodeURIComponent(b.id)}?since=${encodeURIComponent(new Date(Date.parse(r.at) - 1).toISOString())}">what changed since just before</a><ul>${r.changes.slice(0, 5).map((c) => html`<li>${c.text}</li>`)}${r.changes.length > 5 ? html`<li>… and ${r.changes.length - 5} more</li>` : ''}</ul></li>`)}</ol>`)}
${section('storyline', 'The storyline', p.storyline.length > 0 && html`<p>${plural(p.storylineSize, 'story', 'stories')} in this storyline. <a href="/${query({ storyline: p.storylineId, sort: 'oldest' })}">All of them</a>.</p><ol>${p.storyline.map((s) => html`<li><a href="/stories/${encodeURIComponent(s.id)}">${s.headline ?? s.id}</a> <span class="meta">${span(s.firstPublished, s.lastPublished)} · ${plural(s.articleCount, 'article')}</span></li>`)}</ol>`)}
</article>`;
  return layout(b.headline ?? 'Story', main, opts);
}

/** "What's new since …": the changes a reader asked about, worded as the CLI words them. */
function changesSection(c: NonNullable<BriefJson['changesSince']>, articlesNow: number): Safe {
  const v = changesView(c, articlesNow);
  return html`<section id="changes" class="changes" aria-labelledby="changes-h"><h2 id="changes-h">${v.title}</h2><ul>${v.lines.map((l) => html`<li>${l}</li>`)}${v.more ? html`<li>… and ${v.more} more (all of them in the story's JSON)</li>` : ''}</ul></section>`;
}

/** One sentence with the names its story knows and the quoted stretches in it marked. */
function markSentence(text: string, known: Map<string, string>): Safe {
  const quotes = quotedSpans(text);
  const inQuote = (i: number) => quotes.findIndex(([a, b]) => i >= a && i < b);
  const names = findMentions(text).filter((m) => known.has(m.surface) && inQuote(m.start) === inQuote(m.end - 1));
  const out: (Safe | string)[] = [];
  let at = 0;
  const events: { pos: number; open: boolean; kind: 'q' | 'n'; id?: string }[] = [];
  for (const [a, b] of quotes) events.push({ pos: a, open: true, kind: 'q' }, { pos: b, open: false, kind: 'q' });
  for (const m of names) events.push({ pos: m.start, open: true, kind: 'n', id: known.get(m.surface) }, { pos: m.end, open: false, kind: 'n' });
  // Closings before openings at one position; a quote opens before and closes after the names in it.
  events.sort((x, y) => x.pos - y.pos || (x.open === y.open ? (x.open ? (x.kind === 'q' ? -1 : 1) : x.kind === 'q' ? 1 : -1) : x.open ? 1 : -1));
  for (const e of events) {
    out.push(text.slice(at, e.pos));
    at = e.pos;
    if (e.kind === 'q') out.push(raw(e.open ? '<span class="quote">' : '</span>'));
    else out.push(e.open ? html`<a class="name" href="/entities/${encodeURIComponent(e.id!)}">` : raw('</a>'));
  }
  out.push(text.slice(at));
  return html`${out}`;
}

export function articlePage(a: ArticleView, highlight: number | null, opts: LayoutOptions): string {
  const href = externalHref(a.url);
  const paragraphs = new Map<number, Safe[]>();
  const known = new Map(a.names.map((n) => [n.alias, n.id]));
  a.sentences.forEach((s, i) => {
    const list = paragraphs.get(s.paragraph) ?? [];
    const gap = i > 0 && a.sentences[i - 1]!.paragraph === s.paragraph ? a.text.slice(a.sentences[i - 1]!.end, s.start) : '';
    const body = markSentence(a.text.slice(s.start, s.end), known);
    list.push(html`${gap}${s.index === highlight ? html`<mark id="s-${s.index}" class="cited" tabindex="-1">${body}</mark>` : html`<span id="s-${s.index}">${body}</span>`}`);
    paragraphs.set(s.paragraph, list);
  });
  const main = html`<article class="article">
<h1 id="title">${a.title ?? '(no title)'}</h1>
<dl class="facts">
<dt>Outlet</dt><dd>${a.publisher.kind === 'file' ? `none named (file ${a.publisher.name})` : a.publisher.name}</dd>
<dt>Published</dt><dd>${a.publishedAt ?? 'no date given'}</dd>
<dt>Language</dt><dd>${a.lang}</dd>
${a.author ? html`<dt>Author</dt><dd>${a.author}</dd>` : ''}
${a.url ? html`<dt>Original</dt><dd>${href ? html`<a class="url" href="${href}" rel="noopener noreferrer nofollow">${a.url}</a>` : html`<span class="url">${a.url}</span> (not a web address: no link)`}</dd>` : ''}
<dt>Seen as</dt><dd>${a.seenAs.map((r, i) => html`${i ? ', ' : ''}<code>${r}</code>`)}</dd>
<dt>Story</dt><dd>${a.story ? html`<a href="/stories/${encodeURIComponent(a.story.id)}">${a.story.headline ?? a.story.id}</a>` : 'not yet assigned'}</dd>
${a.duplicateOf ? html`<dt>Copy of</dt><dd><a href="/articles/${encodeURIComponent(a.duplicateOf)}">${a.duplicateOf}</a></dd>` : ''}
</dl>
${highlight !== null ? html`<p class="note" role="note"><a href="#s-${highlight}">Go to the cited sentence</a> (marked below).</p>` : ''}
<div class="text">${[...paragraphs.values()].map((p) => html`<p>${p}</p>`)}</div>
${a.copies.length ? html`<section aria-labelledby="copies"><h2 id="copies">Near-duplicate copies</h2><ul>${a.copies.map((c: MemberJson) => html`<li><a href="/articles/${encodeURIComponent(c.id)}">${c.title ?? c.ref}</a> — ${publisherText(c.publisher)}${c.publishedAt ? `, ${dateOf(c.publishedAt)}` : ''}</li>`)}</ul></section>` : ''}
</article>`;
  return layout(a.title ?? 'Article', main, opts);
}

export function entityPage(e: EntityView, opts: LayoutOptions): string {
  const main = html`<h1>${e.name}</h1>
<p class="meta">${e.type === 'org' ? 'organisation' : e.type} · named in ${plural(e.stories.total, 'story', 'stories')}</p>
${e.aliases.length > 1 ? html`<p>Also written: ${e.aliases.filter((x) => x !== e.name).join(', ')}</p>` : ''}
${e.descriptors.length ? html`<section aria-labelledby="desc"><h2 id="desc">Described as</h2><ul>${e.descriptors.map((d) => html`<li>${d}</li>`)}</ul></section>` : ''}
<section aria-labelledby="over-time"><h2 id="over-time">Stories over time</h2>
<ol class="stories">${e.stories.items.map(storyItem)}</ol>
${pager(e.stories, `/entities/${encodeURIComponent(e.id)}`, {})}
</section>`;
  return layout(e.name, main, opts);
}

export function entitiesPage(page: Page<{ id: string; name: string; type: string; stories: number }>, f: { type?: string; prefix?: string }, opts: LayoutOptions): string {
  const main = html`<h1>Entities</h1>
<form class="filters" action="/entities" method="get">
<p><label for="e-prefix">Name starts with</label><input id="e-prefix" name="prefix" value="${f.prefix ?? ''}"></p>
<p><label for="e-type">Kind</label><select id="e-type" name="type">${[['', 'Any'], ['person', 'People'], ['org', 'Organisations'], ['place', 'Places']].map(([v, l]) => html`<option value="${v!}"${raw((f.type ?? '') === v ? ' selected' : '')}>${l!}</option>`)}</select></p>
<p><button type="submit">Apply</button></p>
</form>
<p class="count" role="status">${plural(page.total, 'entity', 'entities')}</p>
<ul class="entities">${page.items.map((e) => html`<li><a href="/entities/${encodeURIComponent(e.id)}">${e.name}</a> <span class="meta">${e.type === 'org' ? 'organisation' : e.type} · ${plural(e.stories, 'story', 'stories')}</span></li>`)}</ul>
${pager(page, '/entities', { type: f.type, prefix: f.prefix })}`;
  return layout('Entities', main, opts);
}

export function addPage(opts: LayoutOptions & { tokenRequired: boolean; maxMb: number }, report: IngestReport | null = null, error: string | null = null): string {
  const main = html`<h1>Add articles</h1>
${error ? html`<p class="note error" role="alert">${error}</p>` : ''}
${report ? html`<section aria-labelledby="result" class="result"><h2 id="result">Result</h2>
<p role="status">Ingested ${report.ingested}, duplicates ${report.duplicates}, rejected ${report.rejected}.</p>
${report.rejections.length ? html`<ul>${report.rejections.map((r) => html`<li>Rejected <code>${r.path}</code>: ${r.reason}</li>`)}</ul>` : ''}
<p><a href="/">See the stories</a></p></section>` : ''}
<form class="add" action="/add" method="post" enctype="multipart/form-data">
<fieldset><legend>Paste an article</legend>
<p><label for="a-title">Title</label><input id="a-title" name="title"></p>
<p><label for="a-outlet">Outlet</label><input id="a-outlet" name="outlet"></p>
<p><label for="a-url">Web address (optional)</label><input id="a-url" name="url" type="url"></p>
<p><label for="a-date">Published</label><input id="a-date" name="published" type="date"></p>
<p><label for="a-text">Text</label><textarea id="a-text" name="text" rows="10"></textarea></p>
</fieldset>
<fieldset><legend>Or upload files</legend>
<p><label for="a-files">Files (text, HTML, JSON, JSON Lines, RSS/Atom; .gz too; up to ${opts.maxMb} MB in all)</label><input id="a-files" name="files" type="file" multiple></p>
</fieldset>
${opts.tokenRequired ? html`<p><label for="a-token">Access token</label><input id="a-token" name="token" type="password" required autocomplete="off"></p>` : ''}
<p><button type="submit">Add</button></p>
</form>`;
  return layout('Add articles', main, opts);
}

/** A watchlist just added, with its webhook secret when one was made (shown once). */
export interface AddedWatchlist { name: string; secret: string | null }

export function watchlistsPage(list: WatchlistJson[], opts: LayoutOptions & { tokenRequired: boolean }, message: { error?: string; added?: AddedWatchlist } = {}): string {
  const main = html`<h1>Watchlists</h1>
<p>A watchlist raises an alert when a story matching it appears, gains an outlet or a conflict, or has a fact reach a number of outlets. Subscribe to its feed in any feed reader, or give it a webhook.</p>
${message.error ? html`<p class="note error" role="alert">${message.error}</p>` : ''}
${message.added ? html`<p class="note" role="status">Added “${message.added.name}”.${message.added.secret ? html` Its webhook secret (shown once; the receiver checks <code>X-Storyline-Signature</code> with it): <code>${message.added.secret}</code>` : ''}</p>` : ''}
${list.length ? html`<table class="watchlists"><thead><tr><th scope="col">Name</th><th scope="col">Matches</th><th scope="col">Alerts</th></tr></thead><tbody>${list.map((w) => html`<tr><td>${w.name}</td><td>${[
    ...w.query.terms.map((t) => `“${t}”`), ...w.query.outlets.map((o) => `outlet ${o}`), ...w.query.languages.map((l) => `language ${l}`)].join(', ')}; a fact at ${w.query.minOutlets} outlets</td>
<td><a href="${w.feed}">Atom feed</a>${w.webhook ? html` · webhook ${w.webhook}` : ''}</td></tr>`)}</tbody></table>` : html`<p>No watchlists yet.</p>`}
<form class="add" action="/watchlists" method="post" enctype="multipart/form-data">
<fieldset><legend>New watchlist</legend>
<p><label for="w-terms">Words and names, comma-separated (each must appear)</label><input id="w-terms" name="terms"></p>
<p><label for="w-outlets">Outlets, comma-separated (any of them; optional)</label><input id="w-outlets" name="outlets"></p>
<p><label for="w-languages">Languages, comma-separated codes (optional)</label><input id="w-languages" name="languages"></p>
<p><label for="w-min">Alert when a fact reaches this many outlets</label><input id="w-min" name="minOutlets" type="number" min="2" value="3"></p>
<p><label for="w-name">Name (optional)</label><input id="w-name" name="name"></p>
<p><label for="w-webhook">Webhook URL (optional)</label><input id="w-webhook" name="webhook" type="url"></p>
</fieldset>
${opts.tokenRequired ? html`<p><label for="w-token">Access token</label><input id="w-token" name="token" type="password" required autocomplete="off"></p>` : ''}
<p><button type="submit">Add the watchlist</button></p>
</form>`;
  return layout('Watchlists', main, opts);
}

export function errorPage(status: number, message: string, opts: LayoutOptions): string {
  return layout(status === 404 ? 'Not found' : 'Error', html`<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1><p>${message}</p><p><a href="/">Back to the stories</a></p>`, opts);
}
