/** `storyline articles` and `storyline show <id|ref>`: stored articles, as lines or the JSON the API gives. */
import { articleView, listArticles } from '../../app/articles.ts';
import type { ArticleJson } from '../../app/present.ts';
import { json, noArguments, READ, UsageError, withStore, type CommandContext } from '../io.ts';

export function articles({ rest, values, dbFile, io }: CommandContext): number {
  noArguments('articles', rest);
  return withStore(dbFile, READ, (store) => {
    const list = listArticles(store);
    if (values.json) io.out(json(list));
    else for (const a of list) io.out(`${articleLine(a)}\n`);
    return 0;
  });
}

export function show({ rest, values, dbFile, io }: CommandContext): number {
  if (rest.length !== 1) throw new UsageError('show needs one article id or ref');
  return withStore(dbFile, READ, (store) => {
    const a = articleView(store, rest[0]!);
    if (values.json) {
      const { sentences: _s, seenAs: _r, copies: _c, story: _t, ...article } = a;
      io.out(json(article));
    } else io.out(renderArticle(a));
    return 0;
  });
}

function articleLine(a: ArticleJson): string {
  const date = (a.publishedAt ?? '—').slice(0, 10).padEnd(10);
  const dup = a.duplicateOf ? ` (copy of ${a.duplicateOf})` : '';
  const from = a.publisher.kind === 'file' ? '(file)' : a.publisher.name;
  return `${a.id}  ${date}  ${a.lang}  ${from.slice(0, 24).padEnd(24)}  ${a.title ?? `[${a.ref}]`}${dup}`;
}

function renderArticle(a: ReturnType<typeof import('../../app/articles.ts').articleView>): string {
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
