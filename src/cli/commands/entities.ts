/** `storyline entities`: people, organisations and places across stories, by how many stories name them. */
import { listEntities } from '../../app/entities.ts';
import { json, noArguments, str, wholeNumber, withReader, type CommandContext } from '../io.ts';

export function entities({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  noArguments('entities', rest);
  return withReader(dbFile, async (store) => {
    const page = await listEntities(store, { type: str(values.type), prefix: str(values.prefix), page: wholeNumber('page', str(values.page)), limit: wholeNumber('limit', str(values.limit)) ?? Infinity }, Infinity);
    if (values.json) io.out(json(page.items));
    else for (const e of page.items) io.out(`${e.id.padEnd(28)}  ${e.type.padEnd(6)}  ${String(e.stories).padStart(4)} ${e.stories === 1 ? 'story  ' : 'stories'}  ${e.name}\n`);
    return 0;
  });
}
