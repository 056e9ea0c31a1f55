/** `storyline storylines`: the storylines, each with its stories and their articles. */
import { listStories } from '../../app/stories.ts';
import { listStorylines } from '../../app/storylines.ts';
import { json, noArguments, withReader, type CommandContext } from '../io.ts';

export function storylines({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  noArguments('storylines', rest);
  return withReader(dbFile, async (store) => {
    // Every story listed once, its articles gathered by storyline (in the storyline's story order).
    const refs = new Map<string, string[]>();
    for (const s of (await listStories(store, { sort: 'oldest', limit: Infinity }, Infinity)).items) (refs.get(s.storylineId) ?? refs.set(s.storylineId, []).get(s.storylineId)!).push(...s.articleRefs);
    const lines = (await listStorylines(store, { limit: Infinity }, Infinity)).items.map((l) => (
      { id: l.id, title: l.title, storyIds: l.storyIds, articleRefs: refs.get(l.id) ?? [], firstPublished: l.firstPublished, lastPublished: l.lastPublished }));
    if (values.json) io.out(json(lines));
    else for (const l of lines) io.out(`${l.id}  ${String(l.storyIds.length).padStart(3)} stories ${String(l.articleRefs.length).padStart(4)} articles  ${l.title ?? ''}\n`);
    return 0;
  });
}
