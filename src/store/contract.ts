/**
 * The store's read contract: what the application's read use cases (CLI listings, briefs, the web app
 * and API) ask of a store, as one async interface. SQLite implements it by wrapping its synchronous
 * calls (`sqliteReader`); PostgreSQL by queries over a connection pool (`store/postgres`). The
 * application sees only this, so a use case reads the same from either backend.
 */
import type { Article, Story } from '../records.ts';
import type { ClaimReach, ClaimRecord } from '../analyze/corroborate.ts';
import type { HitRow, MemberRow, StoryFilter, StoryRow } from './queries.ts';
import type { Store } from './index.ts';
import type { StoryRevision } from '../brief/revisions.ts';
import { sqliteRevisions, type Alert, type Watchlist } from './revisions.ts';

export type ListedStory = Story & { articleRefs: string[]; outlets: string[] };
export interface SourceRow { id: string; ref: string; title: string | null; outlet: string | null; publishedAt: string | null; url: string | null }
export interface StorylineRow { id: string; title: string | null; stories: number; articles: number; firstPublished: string | null; lastPublished: string | null }
export interface EntityRow { entity: string; name: string; type: string; stories: number }
export interface StoreStats { articles: number; stories: number; storylines: number }

export interface StoreReader {
  /** 'sqlite' or 'postgres': what full-text query syntax `searchArticles` takes. */
  readonly backend: 'sqlite' | 'postgres';
  stats(): Promise<StoreStats>;
  storyRow(id: string): Promise<StoryRow | null>;
  /** A story id, or an id it was merged from, to the story that holds it now. */
  resolveStoryId(id: string): Promise<string | null>;
  storylineOf(storyId: string): Promise<string | null>;
  /** Every story, or those of one storyline, oldest first, with their members in publication order. */
  listStories(storylineId?: string): Promise<ListedStory[]>;
  queryStories(f: StoryFilter, sort: 'newest' | 'coverage' | 'oldest', offset: number, limit: number): Promise<{ total: number; rows: StoryRow[] }>;
  membersOf(storyIds: string[]): Promise<Map<string, MemberRow[]>>;
  aliasesOf(storyIds: string[]): Promise<Map<string, string[]>>;
  queryStorylines(offset: number, limit: number): Promise<{ total: number; rows: StorylineRow[] }>;
  storiesOfLines(lineIds: string[]): Promise<Map<string, string[]>>;
  getAnalysis<T>(storyId: string): Promise<T | null>;
  analysisFailure(storyId: string): Promise<string | null>;
  claimsInReach(storyIds: string[], reach: ClaimReach): Promise<Map<string, ClaimRecord[]>>;
  /** Every claim of these stories, in each story's order. */
  claimsOf(storyIds: string[]): Promise<Map<string, ClaimRecord[]>>;
  getArticle(id: string): Promise<Article | null>;
  articlesByRef(ref: string): Promise<Article[]>;
  listArticles(): Promise<Article[]>;
  getSource(id: string): Promise<SourceRow | null>;
  storyOfArticle(articleId: string): Promise<string | null>;
  refsOf(articleId: string): Promise<string[]>;
  copiesOf(articleId: string): Promise<MemberRow[]>;
  searchArticles(match: string, f: StoryFilter, offset: number, limit: number, countLimit?: number): Promise<{ total: number; rows: HitRow[] }>;
  queryEntities(prefix: string | null, type: string | null, offset: number, limit: number): Promise<{ total: number; rows: EntityRow[] }>;
  entityNames(key: string): Promise<{ name: string; type: string; stories: number }[]>;
  publishers(): Promise<{ name: string; articles: number }[]>;
  languages(): Promise<{ lang: string; articles: number }[]>;
  /** A story's revisions (by its own id, not an alias), oldest first. */
  storyRevisions(storyId: string): Promise<StoryRevision[]>;
  watchlists(): Promise<Watchlist[]>;
  /** A watchlist's alerts, newest first. */
  watchAlerts(watchlistId: number, limit: number): Promise<Alert[]>;
  /** Run fn against one consistent view of the store (what a concurrent writer commits meanwhile is not seen). */
  snapshot<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T>;
}

/** The read methods a SQLite store answers synchronously, as the contract's promises. */
const READS = ['stats', 'storyRow', 'resolveStoryId', 'storylineOf', 'listStories', 'queryStories', 'membersOf', 'aliasesOf', 'queryStorylines',
  'storiesOfLines', 'getAnalysis', 'analysisFailure', 'claimsInReach', 'claimsOf', 'getArticle', 'articlesByRef', 'listArticles', 'getSource', 'storyOfArticle',
  'refsOf', 'copiesOf', 'searchArticles', 'queryEntities', 'entityNames', 'publishers', 'languages'] as const satisfies readonly (keyof Store & keyof StoreReader)[];

/**
 * A SQLite store as the read contract. Its calls finish before the promise is returned, so a snapshot
 * is one SQLite read transaction; snapshots run one after another (one connection holds one transaction).
 */
export function sqliteReader(store: Store): StoreReader {
  const reader = { backend: 'sqlite' } as Record<string, unknown>;
  for (const name of READS) {
    const method = store[name] as (...args: unknown[]) => unknown;
    reader[name] = async (...args: unknown[]) => method(...args);
  }
  const book = sqliteRevisions(store.db);
  reader.storyRevisions = book.revisions;
  reader.watchlists = book.watchlists;
  reader.watchAlerts = book.alerts;
  let queue: Promise<unknown> = Promise.resolve();
  reader.snapshot = <T>(fn: (r: StoreReader) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      if (store.db.inTransaction) return fn(reader as unknown as StoreReader);
      store.db.exec('BEGIN');
      try {
        return await fn(reader as unknown as StoreReader);
      } finally {
        store.db.exec('COMMIT');
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return reader as unknown as StoreReader;
}
