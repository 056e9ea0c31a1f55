/** `storyline show <article-id|ref>`: one article, as text or the JSON the API gives (without its sentences). */
import { articleView, type ArticleView } from '../../app/articles.ts';
import { json, UsageError, withReader, type CommandContext } from '../io.ts';

export function show({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  if (rest.length !== 1) throw new UsageError('show needs one article id or ref');
  return withReader(dbFile, async (store) => {
    const a = await articleView(store, rest[0]!);
    if (values.json) {
      const { sentences: _s, seenAs: _r, copies: _c, story: _t, names: _n, ...article } = a;
      io.out(json(article));
    } else io.out(renderArticle(a));
    return 0;
  });
}

function renderArticle(a: ArticleView): string {
  const lines = [
    a.title ?? '(no title)',
    '',
    `id:        ${a.id}`,
    `ref:       ${a.ref}`,
    `outlet:    ${a.publisher.kind === 'file' ? `— (file ${a.publisher.name})` : a.publisher.name}`,
    `published: ${a.publishedAt ?? '—'}`,
    `language:  ${a.lang}`,
  ];
  if (a.url) lines.push(`url:       ${a.url}`);
  if (a.author) lines.push(`author:    ${a.author}`);
  if (a.duplicateOf) lines.push(`copy of:   ${a.duplicateOf}`);
  if (a.story) lines.push(`story:     ${a.story.id}  ${a.story.headline ?? ''}`);
  return `${lines.join('\n')}\n\n${a.text}\n`;
}
