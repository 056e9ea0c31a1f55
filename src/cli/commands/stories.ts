/** `storyline stories`: the stories as the API lists them, filtered and ordered. */
import { listStories, type StorySort } from '../../app/stories.ts';
import { json, noArguments, str, wholeNumber, withReader, type CommandContext } from '../io.ts';

export function stories({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  noArguments('stories', rest);
  const sort = (str(values.sort) ?? 'oldest') as StorySort;
  const limit = wholeNumber('limit', str(values.limit));
  return withReader(dbFile, async (store) => {
    const page = await listStories(store, {
      storyline: str(values.storyline), from: str(values.from), to: str(values.to), publisher: str(values.outlet),
      lang: str(values.lang), entity: str(values.entity), sort, page: wholeNumber('page', str(values.page)), limit: limit ?? Infinity,
    }, Infinity);
    if (values.json) io.out(json(page.items));
    else for (const s of page.items) io.out(`${s.id}  ${String(s.articleCount).padStart(3)} ${s.articleCount === 1 ? 'article ' : 'articles'}  ${(s.firstPublished ?? '—').slice(0, 10)}  ${s.headline ?? '(no headline)'}\n`);
    return 0;
  });
}
