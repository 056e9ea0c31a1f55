/**
 * The typed records that flow between stages. Defined once; every stage imports from here.
 *
 * read  → RawItem      (one article-shaped thing found in an input, with whatever metadata the form carried)
 * clean → CleanArticle (body text without boilerplate, title, date, language, outlet decided)
 * dedup → Article      (with its stable id and, for near-duplicates, the id of the first copy)
 * cluster → Story, Storyline (articles grouped by event, stories grouped over weeks)
 */

/** Metadata an input form stated about an item. Every field is optional: readers report, they do not guess. */
export interface StatedMeta {
  /** The record's own id (JSON/JSONL `id`). */
  id?: string;
  title?: string;
  url?: string;
  /** Raw date string as found; the clean stage parses it. */
  published?: string;
  outlet?: string;
  author?: string;
  lang?: string;
  /** A short description (Open Graph / feed summary); used as a fallback body, never appended. */
  description?: string;
}

/** One item read from an input: an article before cleaning. */
export interface RawItem {
  /** `id` field of the record, else `path` or `path#N` for the N-th item (from 1) of a multi-item file. */
  ref: string;
  /** The path as reached from the command-line argument (or `-`). */
  path: string;
  /** Body as plain text with paragraphs separated by blank lines (HTML already extracted). */
  text: string;
  /** True when `text` came out of an HTML extractor (boilerplate was already partly removed). */
  fromHtml: boolean;
  meta: StatedMeta;
}

export interface CleanArticle {
  ref: string;
  path: string;
  url: string | null;
  outlet: string | null;
  title: string | null;
  /** ISO 8601 date or date-time; null when the input does not say. */
  publishedAt: string | null;
  /** ISO 639-1 code. */
  lang: string;
  author: string | null;
  /** Clean body, paragraphs separated by a blank line, headline not repeated. */
  text: string;
}

export interface Article extends CleanArticle {
  /** Stable across runs for the same content: derived from the normalized text. */
  id: string;
  /** Id of the first stored copy when this is a near-duplicate; null otherwise. */
  duplicateOf: string | null;
}

/** A rejected input: path and a one-line reason, never a stack trace. */
export interface Rejection {
  path: string;
  reason: string;
}

/** One event: the articles that report the same happening at the same time. */
export interface Story {
  id: string;
  storylineId: string;
  headline: string | null;
  articleIds: string[];
  firstPublished: string | null;
  lastPublished: string | null;
  /** Ids of stories merged into this one; they resolve to it. */
  mergedIds: string[];
}

/** Stories that belong together over days or weeks. */
export interface Storyline {
  id: string;
  title: string | null;
  storyIds: string[];
}

/*
 * analyze → Entity, Quote, TimelineEntry, Fact, Conflict: who is named, who said what, when things
 * happened, what several outlets confirm and where they differ — each pointing back to the articles
 * (`ref`) and sentences it came from.
 */

export type EntityType = 'person' | 'org' | 'place';

export interface Entity {
  /** Canonical name: the fullest form the articles use most. */
  name: string;
  type: EntityType;
  /** Every surface form seen, the canonical one included. */
  aliases: string[];
  articleRefs: string[];
  /** For people: roles, affiliations and ages the articles give ("Kremlin spokesman", "age 69"). */
  descriptors: string[];
}

export interface Quote {
  text: string;
  /** Index of the sentence of its article where the quote opens. */
  sentence: number;
  /** Canonical name of the speaker entity, or null when the text does not say who. */
  speaker: string | null;
  /** What ties the quote to its speaker: `says`, `said`, `according to`, `:`, `he said`… */
  cue: string | null;
  articleRef: string;
}

/** A dated event. `date` is ISO at the precision the text gives: YYYY-MM-DD, YYYY-MM, YYYY, or start/end. */
export interface TimelineEntry {
  date: string;
  text: string;
  articleRefs: string[];
  /** The sentence of each article that dates the event (the one shown first). */
  evidence: SentenceRef[];
}

/** A checkable statement of the story and every article that reports it. */
export interface Fact {
  text: string;
  articleRefs: string[];
  /** The sentence of each article that says it (the statement's own first); a title has index -1. */
  evidence: Evidence[];
}

/** Which sentence of which article says something: what a citation links to. A title has index -1. */
export interface SentenceRef {
  articleRef: string;
  sentence: number;
}

/** Where in an article something is said, with the sentence's words. */
export interface Evidence extends SentenceRef {
  text: string;
}

/** One value given for the thing in conflict, with the sentence that gives it and every article that does. */
export interface Claim {
  value: string;
  text: string;
  articleRefs: string[];
  /** The sentence of each article that gives the value. */
  evidence: SentenceRef[];
}

/** Outlets give different values for the same thing: incompatible (`contradiction`) or one vaguer (`precision`). */
export interface Conflict {
  about: string;
  kind: 'contradiction' | 'precision';
  claims: Claim[];
}
