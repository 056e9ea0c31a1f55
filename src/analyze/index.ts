/**
 * Analyze stage. Takes a story's Articles; gives what an analyst would dig out across ten tabs: the
 * people, organisations and places (variants merged, people described), and every direct quote with
 * its speaker — each pointing back to the article it came from. Pure functions of the text.
 * Dates, facts and conflicts are the next part of this stage (issue 5, not yet built).
 */
import type { Article, Entity, Quote } from '../records.ts';
import { findMentions } from './names.ts';
import { resolveEntities, type LocatedMention } from './entities.ts';
import { findQuotes } from './quotes.ts';
import { sentencesOf } from './sentences.ts';

export { sentencesOf } from './sentences.ts';

export function analyzeArticles(articles: Pick<Article, 'ref' | 'title' | 'text' | 'lang'>[]): { entities: Entity[]; quotes: Quote[] } {
  const mentions: LocatedMention[] = [];
  for (const a of articles) {
    for (const s of sentencesOf(a.text, a.lang)) for (const m of findMentions(s.text)) mentions.push({ ...m, articleRef: a.ref, sentence: s.index });
  }
  const index = resolveEntities(mentions);
  const person = (surface: string) => {
    const e = index.byName(surface);
    return e && e.type === 'person' ? e : null;
  };
  const quotes = articles.flatMap((a) => findQuotes(a.text, a.ref, a.lang, { person }));
  return { entities: index.entities, quotes };
}
