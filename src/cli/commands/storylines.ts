/** `storyline storylines`: the storylines, each with its stories and their articles. */
import { listStories } from '../../app/stories.ts';
import { listStorylines } from '../../app/storylines.ts';
import { json, noArguments, READ, withStore, type CommandContext } from '../io.ts';

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
