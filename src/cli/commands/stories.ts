/** `storyline stories`, `storyline storylines`, `storyline recluster`: the stories as the API lists them. */
import { listStories, type StorySort } from '../../app/stories.ts';
import { listStorylines } from '../../app/storylines.ts';
import { analyzeChangedStories } from '../../ingest/index.ts';
import { analysisFailureLine, json, noArguments, READ, str, wholeNumber, withStore, type CommandContext } from '../io.ts';

export function stories({ rest, values, dbFile, io }: CommandContext): number {
  noArguments('stories', rest);
  const sort = (str(values.sort) ?? 'oldest') as StorySort;
  const limit = wholeNumber('limit', str(values.limit));
  return withStore(dbFile, READ, (store) => {
    const page = listStories(store, {
      storyline: str(values.storyline), from: str(values.from), to: str(values.to), publisher: str(values.outlet),
      lang: str(values.lang), entity: str(values.entity), sort, page: wholeNumber('page', str(values.page)), limit: limit ?? Infinity,
    }, Infinity);
    if (values.json) io.out(json(page.items));
    else for (const s of page.items) io.out(`${s.id}  ${String(s.articleCount).padStart(3)} ${s.articleCount === 1 ? 'article ' : 'articles'}  ${(s.firstPublished ?? '—').slice(0, 10)}  ${s.headline ?? '(no headline)'}\n`);
    return 0;
  });
}

export function storylines({ rest, values, dbFile, io }: CommandContext): number {
  noArguments('storylines', rest);
  return withStore(dbFile, READ, (store) => {
    const lines = listStorylines(store, { limit: Infinity }, Infinity).items.map((l) => {
      const refs = listStories(store, { storyline: l.id, sort: 'oldest', limit: Infinity }, Infinity).items.flatMap((s) => s.articleRefs);
      return { id: l.id, title: l.title, storyIds: l.storyIds, articleRefs: refs, firstPublished: l.firstPublished, lastPublished: l.lastPublished };
    });
    if (values.json) io.out(json(lines));
    else for (const l of lines) io.out(`${l.id}  ${String(l.storyIds.length).padStart(3)} stories ${String(l.articleRefs.length).padStart(4)} articles  ${l.title ?? ''}\n`);
    return 0;
  });
}

export function recluster({ rest, dbFile, write, io }: CommandContext): number {
  noArguments('recluster', rest);
  return withStore(dbFile, write, (store) => {
    store.recluster();
    analyzeChangedStories(store, undefined, (id, reason) => io.err(analysisFailureLine(id, reason)));
    const { stories, storylines } = store.stats();
    io.err(`stories ${stories}, storylines ${storylines}\n`);
    return 0;
  });
}
