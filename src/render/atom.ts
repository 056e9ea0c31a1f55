/**
 * Render stage: a watchlist's alerts as an Atom feed (RFC 4287), so any feed reader can subscribe to
 * it. Takes the watchlist, its alerts (newest first) and the address the server is reached at; gives
 * the XML. Each entry's id is the alert's idempotency key as a URN: a reader shows an alert once
 * however often the feed is fetched. Pure.
 */
import { describeChange } from '../brief/revisions.ts';
import type { Alert, Watchlist } from '../store/revisions.ts';
import { idempotencyKey } from '../brief/watch.ts';

const xml = (text: string) => text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`)
  // Characters XML 1.0 does not allow, whatever an article carried.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

export function renderAlertFeed(w: Watchlist, alerts: Alert[], base: string): string {
  const root = base.replace(/\/+$/, '');
  const self = `${root}/watchlists/${w.id}/feed.atom`;
  const updated = alerts[0]?.at ?? w.createdAt;
  const entries = alerts.map((a) => {
    const title = `${a.kind === 'new-match' ? 'New' : 'Changed'}: ${a.headline ?? a.storyId}`;
    const lines = a.changes.map(describeChange);
    const link = `${root}/stories/${encodeURIComponent(a.storyId)}`;
    const content = `<ul>${lines.map((l) => `<li>${xml(l)}</li>`).join('')}</ul><p><a href="${xml(link)}">The story</a></p>`;
    return `  <entry>
    <id>urn:storyline:${xml(idempotencyKey(a))}</id>
    <title>${xml(title)}</title>
    <updated>${xml(a.at)}</updated>
    <link rel="alternate" type="text/html" href="${xml(link)}"/>
    <summary>${xml(lines.join(' · '))}</summary>
    <content type="html">${xml(content)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:storyline:watchlist:${w.id}:${xml(w.createdAt)}</id>
  <title>${xml(`Storyline watchlist: ${w.name}`)}</title>
  <updated>${xml(updated)}</updated>
  <author><name>Storyline</name></author>
  <generator>Storyline</generator>
  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${root}/watchlists`)}"/>
${entries.join('\n')}
</feed>
`;
}
