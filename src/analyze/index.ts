/**
 * Analyze stage. Takes a story's Articles; gives what an analyst would dig out across ten tabs: the
 * people, organisations and places (variants merged, people described), and every direct quote with
 * its speaker — each pointing back to the article it came from. Pure functions of the text.
 * Dates, facts and conflicts are the next part of this stage (issue 5, not yet built).
 */
import type { Article, Entity, Quote } from '../records.ts';
import { findMentions } from './names.ts';
import { resolveEntities, type LocatedMention } from './entities.ts';
import { findQuotes, type ParagraphMention } from './quotes.ts';
import { readParagraphs } from './sentences.ts';

export function analyzeArticles(articles: Pick<Article, 'ref' | 'title' | 'text' | 'lang'>[]): { entities: Entity[]; quotes: Quote[] } {
  // Each article is split and its names found once; the entities and the quotes both read them.
  const mentions: LocatedMention[] = [];
  const read = articles.map((a) => {
    const { paragraphs, sentences } = readParagraphs(a.text, a.lang);
    const placed: ParagraphMention[] = [];
    for (const s of sentences) {
      for (const m of findMentions(s.text)) {
        mentions.push({ ...m, articleRef: a.ref, sentence: s.index });
        placed.push({ paragraph: s.paragraph, at: s.offset + m.start, mention: m });
      }
    }
    return { ref: a.ref, paragraphs, placed };
  });
  const index = resolveEntities(mentions);
  const person = (surface: string) => {
    const e = index.byName(surface);
    return e && e.type === 'person' ? e : null;
  };
  const quotes = read.flatMap((a) => findQuotes(a.paragraphs, a.placed, a.ref, { person }));
  return { entities: index.entities, quotes };
}
