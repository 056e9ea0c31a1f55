/**
 * Render stage: briefs as Markdown. Takes briefs; gives one Markdown text, stories separated by a rule.
 * Article text is untrusted: characters that would make Markdown or HTML markup are escaped, so a
 * `<script>` or a `[link](…)` in an article shows as text.
 */
import type { Brief } from '../brief/index.ts';
import { viewOf, type Citation } from './sections.ts';

/** Backslash-escape what CommonMark would read as markup, and `<` `>` `&` as entities. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]{}#+!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\s+/g, ' ');
}

const cites = (c: Citation) => (c.length ? ` [${c.join(', ')}]` : '');

export function renderMarkdown(briefs: Brief[]): string {
  return briefs.map(renderOne).join('\n---\n\n');
}

function renderOne(brief: Brief): string {
  const v = viewOf(brief);
  const e = escapeMarkdown;
  const out: string[] = [];
  out.push(`# ${e(v.headline)}`, '');
  out.push(`${v.span ? `${v.span} · ` : ''}${e(v.coverage)} · story \`${v.id}\``, '');
  if (v.changes) {
    out.push(`## ${e(v.changes.title)}`, '');
    for (const line of v.changes.lines) out.push(`- ${e(line)}`);
    if (v.changes.more) out.push(`- … and ${v.changes.more} more (all of them in the JSON)`);
    out.push('');
  }
  if (v.analysisFailure) out.push(`> Not analyzed: ${e(v.analysisFailure)}. Its sources are listed below.`, '');
  if (v.summary.length) {
    out.push('## Summary', '');
    out.push(v.summary.map((s) => `${e(s.text)}${cites(s.cite)}`).join(' '), '');
  }
  if (v.outletUnique.length) {
    out.push('## What each outlet adds', '');
    for (const o of v.outletUnique) {
      out.push(`**${e(o.outlet)}**`, '');
      for (const i of o.items) out.push(`- ${e(i.text)}${cites(i.cite)}`);
      out.push('');
    }
  }
  if (v.facts.length) {
    out.push('## Confirmed by several outlets', '');
    for (const f of v.facts) out.push(`- ${e(f.text)}${cites(f.cite)} — ${f.count} articles`);
    out.push('');
  }
  if (v.conflicts.length) {
    out.push('## Where the outlets differ', '');
    for (const c of v.conflicts) {
      out.push(`- **${e(c.about)}** (${c.kind === 'contradiction' ? 'contradiction' : 'differ in precision'}): `
        + c.claims.map((x) => `${e(x.value)}${cites(x.cite)} — “${e(x.text)}”`).join(' vs. '));
    }
    out.push('');
  }
  if (v.quotesBySpeaker.length) {
    out.push('## Who said what', '');
    for (const s of v.quotesBySpeaker) {
      out.push(`**${e(s.speaker)}**`, '');
      for (const q of s.quotes) out.push(`- “${e(q.text)}”${cites(q.cite)}`);
      out.push('');
    }
  }
  if (v.timeline.length) {
    out.push('## Timeline', '');
    for (const t of v.timeline) out.push(`- **${t.date}** ${e(t.text)}${cites(t.cite)}`);
    out.push('');
  }
  if (v.people.length || v.organisations.length || v.places.length) {
    out.push('## People and places', '');
    for (const p of v.people) out.push(`- ${e(p.name)}${p.detail ? ` — ${e(p.detail)}` : ''}`);
    if (v.organisations.length) out.push(`- Organisations: ${v.organisations.map(e).join(', ')}`);
    if (v.places.length) out.push(`- Places: ${v.places.map(e).join(', ')}`);
    out.push('');
  }
  out.push('## Sources', '');
  for (const s of v.sources) {
    out.push(`${s.n}. ${s.inStory ? '' : '(another story of this storyline) '}${e(s.title)} — ${e(s.outlet)}${s.date ? `, ${s.date}` : ''} — ${s.isUrl ? `<${s.link.replace(/[<>\s]/g, encodeURIComponent)}>` : `\`${s.link.replace(/`/g, "'")}\``}`);
  }
  out.push('');
  return out.join('\n');
}
