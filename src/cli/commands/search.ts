/** `storyline search <query>`: full-text hits with their snippets and stories, as the API gives them. */
import { searchArticles } from '../../app/search.ts';
import { json, str, UsageError, wholeNumber, withReader, type CommandContext } from '../io.ts';

export function search({ rest, values, dbFile, io }: CommandContext): Promise<number> {
  if (!rest.length) throw new UsageError('search needs what to search for');
  return withReader(dbFile, async (store) => {
    const result = await searchArticles(store, {
      q: rest.join(' '), from: str(values.from), to: str(values.to), publisher: str(values.outlet), lang: str(values.lang),
      entity: str(values.entity), storyline: str(values.storyline), page: wholeNumber('page', str(values.page)), limit: wholeNumber('limit', str(values.limit)),
    });
    if (values.json) {
      io.out(json(result));
      return 0;
    }
    io.out(`${result.total}${result.totalIsLowerBound ? '+' : ''} ${result.total === 1 ? 'article matches' : 'articles match'} ${result.query}${result.pages > 1 ? ` (page ${result.page} of ${result.pages})` : ''}\n`);
    for (const h of result.items) {
      const from = h.article.publisher.kind === 'file' ? `file ${h.article.publisher.name}` : h.article.publisher.name;
      io.out(`\n${h.article.id}  ${(h.article.publishedAt ?? '—').slice(0, 10)}  ${from}  ${h.article.title ?? ''}\n`);
      // Matched words in brackets: the terminal has no marks.
      io.out(`  ${h.snippet.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('').replace(/\s+/g, ' ').trim()}\n`);
      if (h.story) io.out(`  story ${h.story.id}  ${h.story.headline ?? ''}\n`);
    }
    return 0;
  });
}
