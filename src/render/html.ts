/**
 * Render stage: briefs as one self-contained HTML page. Takes briefs; gives a document with inline CSS
 * and no script, readable on a phone (fluid width, a viewport tag) and printable (print styles, links
 * written out). Article text is untrusted: every piece of it is escaped, so a `<script>` in an article
 * shows as text.
 */
import type { Brief } from '../brief/index.ts';
import { viewOf, type BriefView, type Citation } from './sections.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #dadce0; --accent: #1a5fb4; --warn: #9a3412; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.55 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 1.2rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1.6rem 0 .3rem; }
h2 { font: 600 .8rem/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1.8rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font: 600 1rem/1.4 system-ui, sans-serif; margin: 1rem 0 .3rem; }
.meta { font: .85rem/1.4 system-ui, sans-serif; color: var(--muted); margin: 0 0 1rem; }
.summary p { margin: 0 0 .6rem; }
ul { padding-left: 1.2rem; margin: .3rem 0; }
li { margin: .25rem 0; }
sup.cite { font: .7rem system-ui, sans-serif; white-space: nowrap; }
sup.cite a { color: var(--accent); text-decoration: none; }
.count { font: .75rem system-ui, sans-serif; color: var(--muted); }
.kind { font: 600 .75rem system-ui, sans-serif; color: var(--warn); text-transform: uppercase; }
.value { font-weight: 600; }
time { font: 600 .85rem system-ui, sans-serif; margin-right: .4rem; }
blockquote { margin: .3rem 0 .5rem; padding-left: .8rem; border-left: 3px solid var(--line); }
ol.sources { font: .85rem/1.45 system-ui, sans-serif; padding-left: 1.6rem; }
ol.sources a { color: var(--accent); word-break: break-all; }
code { font-size: .8rem; word-break: break-all; }
nav ol { font: .9rem system-ui, sans-serif; }
article + article { border-top: 2px solid var(--ink); margin-top: 2.5rem; }
@media (max-width: 30rem) { body { font-size: 16px; } h1 { font-size: 1.35rem; } }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  article + article { break-before: page; border: 0; }
  h2 { break-after: avoid; } li, blockquote { break-inside: avoid; }
  ol.sources a::after { content: ""; }
}`;

export function renderHtml(briefs: Brief[], title = briefs.length === 1 ? briefs[0]!.headline ?? 'Storyline brief' : 'Storyline briefs'): string {
  const views = briefs.map(viewOf);
  const toc = views.length > 1
    ? `<nav><h2>Stories</h2><ol>${views.map((v) => `<li><a href="#${anchor(v.id)}">${escapeHtml(v.headline)}</a></li>`).join('')}</ol></nav>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="storyline">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${toc}
${views.map(renderOne).join('\n')}
</main>
</body>
</html>
`;
}

const anchor = (id: string) => `story-${id.replace(/[^A-Za-z0-9_-]/g, '')}`;

function renderOne(v: BriefView): string {
  const e = escapeHtml;
  const a = anchor(v.id);
  const cite = (c: Citation) => (c.length ? ` <sup class="cite">[${c.map((n) => `<a href="#${a}-src-${n}">${n}</a>`).join(', ')}]</sup>` : '');
  const parts: string[] = [];
  parts.push(`<article id="${a}">`);
  parts.push(`<h1>${e(v.headline)}</h1>`);
  parts.push(`<p class="meta">${v.span ? `${e(v.span)} · ` : ''}${e(v.coverage)}</p>`);
  if (v.changes) parts.push(`<section class="changes"><h2>${e(v.changes.title)}</h2><ul>${v.changes.lines.map((l) => `<li>${e(l)}</li>`).join('')}${v.changes.more ? `<li>… and ${v.changes.more} more (all of them in the JSON)</li>` : ''}</ul></section>`);
  if (v.analysisFailure) parts.push(`<p class="note" role="note">Not analyzed: ${e(v.analysisFailure)}. Its sources are listed below.</p>`);
  if (v.summary.length) {
    parts.push(`<section class="summary"><h2>Summary</h2><p>${v.summary.map((s) => `${e(s.text)}${cite(s.cite)}`).join(' ')}</p></section>`);
  }
  if (v.outletUnique.length) {
    parts.push('<section><h2>What each outlet adds</h2>');
    for (const o of v.outletUnique) parts.push(`<h3>${e(o.outlet)}</h3><ul>${o.items.map((i) => `<li>${e(i.text)}${cite(i.cite)}</li>`).join('')}</ul>`);
    parts.push('</section>');
  }
  if (v.facts.length) {
    parts.push(`<section><h2>Confirmed by several outlets</h2><ul>${v.facts.map((f) => `<li>${e(f.text)}${cite(f.cite)} <span class="count">${f.count} articles</span></li>`).join('')}</ul></section>`);
  }
  if (v.conflicts.length) {
    parts.push(`<section><h2>Where the outlets differ</h2><ul>${v.conflicts.map((c) => `<li><span class="kind">${c.kind === 'contradiction' ? 'contradiction' : 'precision'}</span> ${e(c.about)}: ${c.claims.map((x) => `<span class="value">${e(x.value)}</span>${cite(x.cite)} — “${e(x.text)}”`).join(' <em>vs.</em> ')}</li>`).join('')}</ul></section>`);
  }
  if (v.quotesBySpeaker.length) {
    parts.push('<section><h2>Who said what</h2>');
    for (const s of v.quotesBySpeaker) parts.push(`<h3>${e(s.speaker)}</h3>${s.quotes.map((q) => `<blockquote>“${e(q.text)}”${cite(q.cite)}</blockquote>`).join('')}`);
    parts.push('</section>');
  }
  if (v.timeline.length) {
    parts.push(`<section><h2>Timeline</h2><ul>${v.timeline.map((t) => `<li><time>${e(t.date)}</time>${e(t.text)}${cite(t.cite)}</li>`).join('')}</ul></section>`);
  }
  if (v.people.length || v.organisations.length || v.places.length) {
    parts.push('<section><h2>People and places</h2><ul>');
    for (const p of v.people) parts.push(`<li>${e(p.name)}${p.detail ? ` — ${e(p.detail)}` : ''}</li>`);
    if (v.organisations.length) parts.push(`<li>Organisations: ${v.organisations.map(e).join(', ')}</li>`);
    if (v.places.length) parts.push(`<li>Places: ${v.places.map(e).join(', ')}</li>`);
    parts.push('</ul></section>');
  }
  parts.push(`<section><h2>Sources</h2><ol class="sources">${v.sources.map((s) => `<li id="${a}-src-${s.n}">${s.inStory ? '' : '<em>another story of this storyline:</em> '}${e(s.title)} — ${e(s.outlet)}${s.date ? `, ${e(s.date)}` : ''} — ${s.isUrl ? `<a href="${e(s.link)}" rel="noopener noreferrer">${e(s.link)}</a>` : `<code>${e(s.link)}</code>`}</li>`).join('')}</ol></section>`);
  parts.push('</article>');
  return parts.join('\n');
}
