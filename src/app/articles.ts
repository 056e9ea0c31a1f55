/**
 * Use cases on articles: the list (CLI), and one article as its page shows it — clean text cut into
 * the sentences citations point at (with their character spans), its story, its near-duplicate copies
 * and every ref it was seen under. Take a store opened for reading; give presented records or throw an
 * AppError. Read only.
 */
import type { StoreReader } from '../store/contract.ts';
import { placedSentences } from '../analyze/sentences.ts';
import { presentArticle, presentMember } from './present.ts';
import { notFound } from './errors.ts';
import type { StoryAnalysis } from '../analyze/index.ts';
import { entityKey } from '../store/index.ts';

export async function listArticles(store: StoreReader) {
  return (await store.listArticles()).map(presentArticle);
}

/** An article by id, or by a ref it was seen under (the first stored). */
export async function articleView(store: StoreReader, key: string) {
  const article = (await store.getArticle(key)) ?? (await store.articlesByRef(key))[0] ?? null;
  if (!article) throw notFound('article', key);
  const storyId = await store.storyOfArticle(article.id);
  const story = storyId ? await store.storyRow(storyId) : null;
  // The names its story's analysis resolved in this article (people, organisations, places), to mark.
  const analysis = storyId ? await store.getAnalysis<StoryAnalysis>(storyId) : null;
  const names = (analysis?.entities ?? []).filter((e) => e.articleRefs.includes(article.ref))
    .flatMap((e) => e.aliases.map((alias) => ({ alias, id: entityKey(e.name), type: e.type })));
  return {
    ...presentArticle(article),
    seenAs: await store.refsOf(article.id),
    story: story ? { id: story.id, headline: story.headline, storylineId: story.storylineId, articleCount: story.articleCount } : null,
    copies: (await store.copiesOf(article.id)).filter((c) => c.id !== article.id).map(presentMember),
    names,
    sentences: placedSentences(article.text, article.lang).map((s) => ({ index: s.index, paragraph: s.paragraph, start: s.start, end: s.end })),
  };
}
export type ArticleView = Awaited<ReturnType<typeof articleView>>;
