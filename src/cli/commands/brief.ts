/**
 * `storyline brief <story-id>|--all`: briefs in Markdown, one HTML page, or the JSON the API gives
 * (`GET /api/stories/:id`).
 */
import { allBriefs, briefOfStory } from '../../app/briefs.ts';
import { presentBrief } from '../../app/present.ts';
import { notFound } from '../../app/errors.ts';
import { sinceTime, withChangesSince } from '../../app/revisions.ts';
import type { Brief } from '../../brief/index.ts';
import { renderMarkdown } from '../../render/markdown.ts';
import { renderHtml } from '../../render/html.ts';
import { briefOptions, json, jsonArray, str, UsageError, withReader, type BriefFormat, type CommandContext } from '../io.ts';

export function brief({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  if (values.all === (rest.length > 0) || rest.length > 1) throw new UsageError('brief needs one story id, or --all');
  const { format, words } = briefOptions(str(values.format), str(values.words));
  const sinceText = str(values.since);
  const since = sinceText === undefined ? undefined : sinceTime(sinceText) ?? undefined;
  if (sinceText !== undefined && since === undefined) throw new UsageError(`--since takes a date, a time (ISO 8601) or a duration back from now (6h, 2d), got ${sinceText}`);
  return withReader(dbFile, async (store) => {
    if (values.all) {
      let briefs = await allBriefs(store, 'oldest', { words });
      // With --since, the stories that changed since then, each with what changed.
      if (since !== undefined) {
        for (const b of briefs) await withChangesSince(store, b, since);
        briefs = briefs.filter((b) => b.changesSince!.revisions > 0);
      }
      if (format === 'json') for (const part of jsonArray(briefs.map(presentBrief))) io.out(part);
      else io.out(renderBriefs(briefs, format));
      return 0;
    }
    const one = await briefOfStory(store, rest[0]!, { words });
    if (!one) throw notFound('story', rest[0]!);
    if (since !== undefined) await withChangesSince(store, one, since);
    io.out(renderBriefs([one], format));
    return 0;
  });
}

export function renderBriefs(briefs: Brief[], format: BriefFormat): string {
  if (format === 'json') return json(briefs.map(presentBrief));
  return format === 'html' ? renderHtml(briefs) : renderMarkdown(briefs);
}
