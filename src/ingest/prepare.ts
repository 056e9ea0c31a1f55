/**
 * The pure part of ingest, done for one input file or one story at a time, in the writer's thread or
 * in a worker thread (`pool.ts`): a file's bytes → its items read, cleaned, folded and signed for
 * de-duplication; a story's articles → its analysis. Neither touches the store: the writer stores what
 * they give in the order the inputs were walked, so the outcome is the same with any number of workers.
 */
import type { CleanArticle, Rejection } from '../records.ts';
import { readInput } from '../read/index.ts';
import { InputError } from '../read/input-error.ts';
import { cleanItem } from '../clean/index.ts';
import { bandKeys, contentId, foldText, minhashSignature } from '../dedup/index.ts';
import { AnalysisBudgetError, analyzeArticles, type AnalyzableArticle, type StoryAnalysis } from '../analyze/index.ts';

/** One item of a file, ready to store: its clean article with the content id and the near-duplicate signature. */
export interface PreparedItem {
  ref: string;
  /** Null when no article text was left after removing boilerplate. */
  cleaned: CleanArticle | null;
  id: string;
  signature: Uint32Array;
  bands: number[];
}

export interface PreparedInput {
  problems: Rejection[];
  notices: Rejection[];
  items: PreparedItem[];
  /** Why the file could not be read at all (it is then reported like bad input). */
  failure: string | null;
}

export function prepareInput(path: string, bytes: Uint8Array, maxBytes: number): PreparedInput {
  try {
    const result = readInput(path, bytes, maxBytes);
    const items = result.items.map((item): PreparedItem => {
      const cleaned = cleanItem(item).article;
      if (!cleaned) return { ref: item.ref, cleaned: null, id: '', signature: new Uint32Array(0), bands: [] };
      const folded = foldText(cleaned.text);
      const signature = minhashSignature(folded);
      return { ref: item.ref, cleaned, id: contentId(folded), signature, bands: bandKeys(signature) };
    });
    return { problems: result.problems, notices: result.notices ?? [], items, failure: null };
  } catch (e) {
    // A reader or cleaner that trips over an input it should have handled is our bug, but one odd
    // file must not stop a crawl of thousands: it is reported like bad input and the run goes on.
    const failure = e instanceof InputError ? e.message : `could not be read (internal error: ${String((e as Error)?.message ?? e).split('\n')[0]})`;
    return { problems: [], notices: [], items: [], failure };
  }
}

const EMPTY_ANALYSIS: StoryAnalysis = { entities: [], quotes: [], timeline: [], facts: [], claims: [], candidates: [] };

/**
 * One story's analysis, or why it has none: past its work bound, or a bug on odd text. Such a story is
 * stored as failed with the reason and tried again when its articles change; it never stops the others.
 */
export function analyzeStory(articles: AnalyzableArticle[], reference: string | null, work: number): { analysis: StoryAnalysis; failure: string | null } {
  try {
    return { analysis: analyzeArticles(articles, { reference, work }), failure: null };
  } catch (e) {
    const failure = e instanceof AnalysisBudgetError ? e.message : `analysis failed (internal error: ${String((e as Error)?.message ?? e).split('\n')[0]})`;
    return { analysis: EMPTY_ANALYSIS, failure };
  }
}
