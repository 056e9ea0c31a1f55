/**
 * Dedup stage. Takes a CleanArticle; gives its content id (exact-duplicate key) and MinHash signature
 * (near-duplicate evidence). The store's LSH index turns the signature into candidates; this module
 * decides which candidate, if any, the article is a copy of.
 */
import { createHash } from 'node:crypto';
import { normalizeForCompare } from '../clean/text-shape.ts';
import { estimatedJaccard } from './minhash.ts';

export { minhashSignature, bandKeys } from './minhash.ts';

/**
 * Syndicated and lightly edited copies measure 0.88–0.90 on 5-shingles, different articles on the
 * same event ≤ 0.01 (shared/notes/libraries.md); half-way keeps reworded copies and leaves reports apart.
 */
export const NEAR_DUPLICATE_JACCARD = 0.5;

/** Stable id from folded text (see foldText): the same normalized text gives the same id on every run and every machine. */
export function contentId(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex').slice(0, 16);
}

/** The one folding of the text that both the id and the signature are computed from. */
export const foldText = normalizeForCompare;

export interface Candidate {
  id: string;
  duplicateOf: string | null;
  signature: Uint32Array;
}

/** The original this signature copies, or null: the most similar candidate above the threshold. */
export function findOriginal(signature: Uint32Array, candidates: Candidate[]): string | null {
  let best: Candidate | null = null;
  let bestScore = NEAR_DUPLICATE_JACCARD;
  for (const c of candidates) {
    const score = estimatedJaccard(signature, c.signature);
    if (score >= bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best ? (best.duplicateOf ?? best.id) : null;
}
