/** `storyline articles`: the stored articles, as lines or the JSON the API gives. */
import { listArticles } from '../../app/articles.ts';
import type { ArticleJson } from '../../app/present.ts';
import { json, noArguments, withReader, type CommandContext } from '../io.ts';

export function articles({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  noArguments('articles', rest);
  return withReader(dbFile, async (store) => {
    const list = await listArticles(store);
    if (values.json) io.out(json(list));
    else for (const a of list) io.out(`${articleLine(a)}\n`);
    return 0;
  });
}

function articleLine(a: ArticleJson): string {
  const date = (a.publishedAt ?? '—').slice(0, 10).padEnd(10);
  const dup = a.duplicateOf ? ` (copy of ${a.duplicateOf})` : '';
  const from = a.publisher.kind === 'file' ? '(file)' : a.publisher.name;
  return `${a.id}  ${date}  ${a.lang}  ${from.slice(0, 24).padEnd(24)}  ${a.title ?? `[${a.ref}]`}${dup}`;
}
