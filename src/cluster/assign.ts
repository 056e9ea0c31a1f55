/**
 * Assigning one article as it arrives: to a story (or a new one), and a new story to a storyline.
 * The same steps rebuild everything in `recluster`, over all articles in publication order, so the
 * stream and the rebuild agree. Takes an Article and the two levels' states; gives where it went.
 */
import type { Article } from '../records.ts';
import { articleFeatures, type ArticleFeatures } from './features.ts';
import { createClusterer, type Cluster, type ClusterState } from './clusterer.ts';
import { mentionedTime, type MentionedTime } from './mentioned-dates.ts';
import { STORY_PARAMS, STORYLINE_PARAMS, storyIdFor, storylineIdFor } from './params.ts';

export interface Assignment {
  storyId: string;
  /** Set when the article started a story: the storyline that story joined or started. */
  newStory: { storylineId: string; storylineCreated: boolean; storylinesMerged: string[] } | null;
  /** The article's headline candidate and its score against the story, for choosing the headline. */
  headline: { text: string; score: number } | null;
  /** The story's term summary after the article joined: re-score the current headline against it. */
  storyVector: Map<string, number>;
  /** Stories merged into `storyId` because this article showed they report one event. */
  merged: string[];
}

export function createAssigner(storyState: ClusterState, lineState: ClusterState) {
  const stories = createClusterer(STORY_PARAMS, storyIdFor, storyState);
  const lines = createClusterer(STORYLINE_PARAMS, storylineIdFor, lineState);
  return {
    /**
     * Assign an article; a near-duplicate goes to its original's story without being clustered.
     * `mentioned` is where the dates of an undated article's text place it, when the caller has read
     * them already (to order the articles); `features`, the article's, when the caller has computed
     * them (to read what the batch needs from the store).
     */
    assign(article: Article, originalStory: string | null, mentioned?: MentionedTime, computed?: ArticleFeatures): Assignment {
      if (originalStory) return { storyId: originalStory, newStory: null, headline: null, storyVector: new Map(), merged: [] };
      const features = computed ?? articleFeatures(article);
      const stated = features.time;
      // An undated article is placed in time by the latest full date it mentions, or in its season by
      // a day and month, for the story level only: a lower bound tells two events apart but is too
      // weak to part a storyline.
      const placed = features.time === null ? mentioned ?? mentionedTime(article.text, article.lang) : { time: null, day: null };
      if (features.time === null) features.time = placed.time;
      const { id, created, cluster, merged } = stories.add({ id: article.id, ...features, day: placed.day, lang: article.lang });
      const headline = headlineCandidate(article);
      const scored = headline ? { text: headline, score: headlineScore(headline, article.lang, cluster) } : null;
      if (!created) return { storyId: id, newStory: null, headline: scored, storyVector: cluster.vector, merged };
      const line = lines.add({ id, ...features, time: stated, lang: article.lang });
      return { storyId: id, newStory: { storylineId: line.id, storylineCreated: line.created, storylinesMerged: line.merged }, headline: scored, storyVector: cluster.vector, merged };
    },
    /** Two stories merged and were in different storylines: those are one too. Gives the surviving storyline. */
    mergeStorylines(a: string, b: string): string | null {
      return lines.merge(a, b);
    },
  };
}

/** The title, or without one the lead sentence. */
export function headlineCandidate(a: Article): string | null {
  return a.title ?? a.text.split(/(?<=[.!?])\s+/)[0]?.slice(0, 200) ?? null;
}

/** How much of the story a headline speaks of: its terms' weight in the story, per square-rooted term. */
export function headlineScore(text: string, lang: string, story: Pick<Cluster, 'vector'>): number {
  const terms = articleFeatures({ title: null, text, lang, publishedAt: null }).terms;
  let score = 0;
  for (const t of terms.keys()) score += Math.log(1 + (story.vector.get(t) ?? 0));
  return score / Math.sqrt(terms.size || 1);
}
