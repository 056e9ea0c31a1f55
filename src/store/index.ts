/**
 * The store: one SQLite file (better-sqlite3, WAL). Takes Articles and their dedup evidence; gives
 * them back by id, ref or order. Every input file is written in one transaction, so a crash or kill
 * leaves whole files or nothing, and a re-run completes what was missing.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Article, Story } from '../records.ts';
import { dateReach, type ClaimReach, type ClaimRecord } from '../analyze/corroborate.ts';
import { createAssigner, headlineScore } from '../cluster/assign.ts';
import { mentionedTime, type MentionedTime } from '../cluster/mentioned-dates.ts';
import { publicationOrder } from '../cluster/order.ts';
import { storeClusterState, type StoreClusterState } from './cluster-state.ts';
import { MIGRATIONS } from './migrations.ts';
import { bandKeys, type Candidate } from '../dedup/index.ts';
import { notADatabase, StoreError, toStoreError } from './store-error.ts';
import { takeWriterLock, type WriterLock } from './writer-lock.ts';
import { publisherName } from '../clean/publisher.ts';
import { nameKey } from '../cluster/features.ts';
import { readQueries } from './queries.ts';

export type Store = ReturnType<typeof openStore>;

/** Articles assigned to stories per transaction. */
export const ASSIGN_BATCH = 500;

/** The article record's columns (not the MinHash signature), for every query that returns articles. */
const COLUMNS = ['id', 'ref', 'path', 'url', 'outlet', 'title', 'published_at', 'lang', 'author', 'text', 'duplicate_of'].map((c) => `a.${c}`).join(', ');

/** How long a writer waits for another process writing to the same store before it gives up. */
export const WRITER_WAIT_MS = 30_000;

export interface StoreOptions {
  /**
   * 'write' (default) takes the store's writer lock, waiting up to `waitMs`, and fails with a
   * StoreError when another process keeps it. 'read' never takes it and never writes: it opens the
   * store read-only and sees what is committed, whoever is writing.
   */
  access?: 'write' | 'read';
  waitMs?: number;
}

/** Open a store; whatever SQLite or the file system refuses comes out as a one-line StoreError. */
export function openStore(file: string, opts: StoreOptions = {}) {
  try {
    return open(file, opts);
  } catch (e) {
    throw toStoreError(file, e) ?? e;
  }
}

function open(file: string, opts: StoreOptions) {
  const memory = file === ':memory:';
  if (!memory) checkStoreFile(file);
  const access = opts.access ?? 'write';
  const waitMs = opts.waitMs ?? WRITER_WAIT_MS;
  if (access === 'read' && !memory && !existsSync(file)) {
    throw new StoreError('cannot-open', file, existsSync(dirname(file)) ? 'no store here yet; ingest articles first (storyline ingest <path> --db FILE)'
      : `cannot open: the folder ${dirname(file)} does not exist`);
  }
  const lock: WriterLock | null = memory || access === 'read' ? null : takeWriterLock(file, waitMs);
  if (access === 'write' && !memory && !lock) {
    throw new StoreError('busy', file, `another process is writing to it (waited ${Math.round(waitMs / 1000)} s); run this again when it has finished`);
  }
  // A handle writes for its whole life or never: a reader takes no lock (an in-memory store has no other reader).
  const canWrite = memory || access === 'write';
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: !canWrite, fileMustExist: !canWrite });
    db.pragma('busy_timeout = 5000');
    if (canWrite) configureWriter(db, file);
    else checkSchema(db, file);
    return storeApi(file, db, canWrite, lock);
  } catch (e) {
    db?.close();
    lock?.release();
    throw e;
  }
}

/**
 * Refuse a path that cannot be a store before anything is written beside it (the writer lock): a
 * directory, or a file that is neither empty nor an SQLite database.
 */
function checkStoreFile(file: string): void {
  let fd: number;
  try {
    if (statSync(file).isDirectory()) throw new StoreError('cannot-open', file, 'cannot open: it is a directory');
    fd = openSync(file, 'r');
  } catch (e) {
    if (e instanceof StoreError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // a new store
    throw e;
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n > 0 && head.toString('latin1', 0, n) !== 'SQLite format 3\0'.slice(0, n)) throw notADatabase(file);
  } finally {
    closeSync(fd);
  }
}

/** A reader cannot migrate: the schema must be the one this Storyline knows. */
function checkSchema(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) throw newerSchema(file, version);
  if (version < MIGRATIONS.length) {
    throw new StoreError('older-schema', file, `its schema version ${version} is older than this Storyline (${MIGRATIONS.length}); bring it up to date with: storyline upgrade --db ${file}`);
  }
}

const newerSchema = (file: string, version: number) =>
  new StoreError('newer-schema', file, `its schema version ${version} is newer than this Storyline (${MIGRATIONS.length}); upgrade Storyline`);

function configureWriter(db: Database.Database, file: string): void {
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only a power loss can drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Ingest commits once per file; a larger cache keeps the hot pages in memory between commits.
  db.pragma('cache_size = -65536');
  // The WAL is copied back into the database at batch boundaries (checkpoint below), not by SQLite
  // on whichever commit crosses its threshold: that copy takes 30-50 ms, and the commit it lands on
  // is one article's assignment.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('temp_store = MEMORY');
  migrate(db, file);
}

function storeApi(file: string, db: Database.Database, canWrite: boolean, lock: WriterLock | null) {
  const stmts = {
    byId: db.prepare(`SELECT ${COLUMNS} FROM articles a WHERE id = ?`),
    exists: db.prepare('SELECT 1 FROM articles WHERE id = ?').pluck(),
    source: db.prepare('SELECT id, ref, title, outlet, published_at AS publishedAt, url FROM articles WHERE id = ?'),
    insert: db.prepare(`INSERT INTO articles (id, ref, path, url, outlet, title, published_at, lang, author, text, duplicate_of, ingested_at, minhash, publisher)
      VALUES (@id, @ref, @path, @url, @outlet, @title, @publishedAt, @lang, @author, @text, @duplicateOf, @ingestedAt, @minhash, @publisher)`),
    sighting: db.prepare('INSERT OR IGNORE INTO article_sightings (ref, article_id) VALUES (?, ?)'),
    band: db.prepare('INSERT OR IGNORE INTO minhash_bands (key, article_id) VALUES (?, ?)'),
    candidates: db.prepare(`SELECT a.id, a.duplicate_of, a.minhash AS signature FROM articles a
      WHERE a.id IN (SELECT article_id FROM minhash_bands WHERE key IN (SELECT value FROM json_each(?))) ORDER BY a.seq`),
    all: db.prepare(`SELECT ${COLUMNS} FROM articles a ORDER BY seq`),
    byRef: db.prepare(`SELECT ${COLUMNS} FROM article_sightings s JOIN articles a ON a.id = s.article_id WHERE s.ref = ? ORDER BY a.seq`),
    count: db.prepare('SELECT COUNT(*) FROM articles').pluck(),
    indexedSeq: db.prepare("SELECT value FROM store_meta WHERE key = 'indexed_seq'").pluck(),
    indexFrom: db.prepare('INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ? ORDER BY seq'),
    signaturesFrom: db.prepare('SELECT id, minhash FROM articles WHERE seq > ? ORDER BY seq'),
    maxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM articles').pluck(),
    setIndexedSeq: db.prepare("UPDATE store_meta SET value = ? WHERE key = 'indexed_seq'"),
    storyOfArticle: db.prepare('SELECT story_id FROM story_members WHERE article_id = ?').pluck(),
    insertLine: db.prepare('INSERT INTO storylines (id) VALUES (?)'),
    insertStory: db.prepare(`INSERT INTO stories (id, storyline_id, headline, headline_score, first_published, last_published)
      VALUES (?, ?, ?, ?, ?, ?)`),
    storyRow: db.prepare('SELECT headline FROM stories WHERE id = ?'),
    updateStory: db.prepare(`UPDATE stories SET
        first_published = CASE WHEN @date IS NOT NULL AND (first_published IS NULL OR @date < first_published) THEN @date ELSE first_published END,
        last_published = CASE WHEN @date IS NOT NULL AND (last_published IS NULL OR @date > last_published) THEN @date ELSE last_published END,
        headline = COALESCE(@headline, headline)
      WHERE id = @id`),
    insertMember: db.prepare('INSERT OR REPLACE INTO story_members (article_id, story_id) VALUES (?, ?)'),
    storyForMerge: db.prepare('SELECT storyline_id, headline, first_published, last_published FROM stories WHERE id = ?'),
    moveMembers: db.prepare('UPDATE story_members SET story_id = ? WHERE story_id = ?'),
    foldStory: db.prepare(`UPDATE stories SET headline = @headline,
        first_published = CASE WHEN first_published IS NULL OR (@first IS NOT NULL AND @first < first_published) THEN @first ELSE first_published END,
        last_published = CASE WHEN last_published IS NULL OR (@last IS NOT NULL AND @last > last_published) THEN @last ELSE last_published END
      WHERE id = @id`),
    deleteStory: db.prepare('DELETE FROM stories WHERE id = ?'),
    alias: db.prepare('INSERT OR REPLACE INTO story_aliases (old_id, story_id) VALUES (?, ?)'),
    repointAliases: db.prepare('UPDATE story_aliases SET story_id = ? WHERE story_id = ?'),
    moveStories: db.prepare('UPDATE stories SET storyline_id = ? WHERE storyline_id = ?'),
    deleteLine: db.prepare('DELETE FROM storylines WHERE id = ?'),
    unassigned: db.prepare('SELECT a.id, a.published_at FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id)'),
    revisionPending: db.prepare('INSERT OR IGNORE INTO revisions_pending (story_id) VALUES (?)'),
    saveAnalysis: db.prepare('INSERT OR REPLACE INTO story_analysis (story_id, signature, data, failure) VALUES (?, ?, ?, ?)'),
    analysis: db.prepare('SELECT data FROM story_analysis WHERE story_id = ?').pluck(),
    dropClaims: db.prepare('DELETE FROM story_claims WHERE story_id = ?'),
    insertClaim: db.prepare('INSERT INTO story_claims (story_id, seq, kind, unit, low, high, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    ownClaims: db.prepare('SELECT data FROM story_claims WHERE story_id = ? ORDER BY seq').pluck(),
    quantitiesInReach: db.prepare(`SELECT story_id, seq, data FROM story_claims WHERE story_id IN (SELECT value FROM json_each(@stories))
      AND kind = 'quantity' AND unit IN (SELECT value FROM json_each(@units))`),
    datesOf: db.prepare(`SELECT story_id, seq, low, high FROM story_claims WHERE story_id IN (SELECT value FROM json_each(@stories)) AND kind = 'date'`),
    claimsOf: db.prepare('SELECT story_id, seq, data FROM story_claims WHERE story_id IN (SELECT value FROM json_each(?))'),
    claimData: db.prepare('SELECT data FROM story_claims WHERE story_id = ? AND seq = ?').pluck(),
    analysisFailure: db.prepare('SELECT failure FROM story_analysis WHERE story_id = ?').pluck(),
    storylineOf: db.prepare('SELECT storyline_id FROM stories WHERE id = ?').pluck(),
    dropFacets: db.prepare('DELETE FROM story_facets WHERE story_id IN (SELECT value FROM json_each(?))'),
    publisherFacets: db.prepare(`INSERT OR IGNORE INTO story_facets SELECT 'publisher', a.publisher, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id
      WHERE m.story_id IN (SELECT value FROM json_each(?)) AND a.publisher IS NOT NULL`),
    langFacets: db.prepare(`INSERT OR IGNORE INTO story_facets SELECT 'lang', a.lang, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id
      WHERE m.story_id IN (SELECT value FROM json_each(?))`),
    countMembers: db.prepare('UPDATE stories SET article_count = (SELECT COUNT(*) FROM story_members m WHERE m.story_id = stories.id) WHERE id IN (SELECT value FROM json_each(?))'),
    dropEntities: db.prepare('DELETE FROM story_entities WHERE story_id = ? RETURNING entity').pluck(),
    dropEntityRows: db.prepare('DELETE FROM entities WHERE entity IN (SELECT value FROM json_each(?))'),
    countEntities: db.prepare(`INSERT INTO entities (entity, name, type, stories) ${ENTITY_COUNTS}
      WHERE entity IN (SELECT value FROM json_each(?)) GROUP BY entity HAVING MAX(canonical) = 1`),
    insertEntity: db.prepare('INSERT OR IGNORE INTO story_entities (story_id, entity, name, type, canonical) VALUES (?, ?, ?, ?, ?)'),
    search: db.prepare(`SELECT ${COLUMNS} FROM articles_fts f JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`),
  };
  let clustering: { assigner: ReturnType<typeof createAssigner>; states: StoreClusterState[] } | null = null;
  // Entity keys whose stories changed: their counts in `entities` are redone once per analysis run.
  let dirtyEntities = new Set<string>();
  // Articles committed since the last sync, not yet in minhash_bands: their band keys → candidates.
  let pending = new Map<number, Candidate[]>();
  // The order the pending articles were stored in: candidates are offered oldest first, whether they
  // are in the band table yet or not (ties between equally near candidates then go the same way on
  // every backend and whenever the indexes were last synced).
  let pendingRank = new Map<string, number>();
  // Articles written in the open transaction, by band key: a file of 50,000 items looks each new item
  // up here, so it must be an index, not a list to scan.
  let staged = new Map<number, Candidate[]>();
  let stagedOrder = new Map<string, number>();
  const addTo = (index: Map<number, Candidate[]>, key: number, c: Candidate) => {
    const list = index.get(key);
    if (list) list.push(c);
    else index.set(key, [c]);
  };

  /**
   * Bring the derived indexes (full-text and LSH bands) up to the articles table, in one transaction
   * with their watermark. Per-file commits then write a few pages instead of twenty random ones.
   */
  const syncIndexes = () => {
    const indexed = db.transaction(() => {
      const from = stmts.indexedSeq.get() as number;
      const to = stmts.maxSeq.get() as number;
      if (to <= from) return false;
      stmts.indexFrom.run(from);
      for (const row of stmts.signaturesFrom.all(from) as { id: string; minhash: Buffer }[]) {
        for (const key of bandKeys(toSignature(row.minhash))) stmts.band.run(key, row.id);
      }
      stmts.setIndexedSeq.run(to);
      return true;
    })();
    pending = new Map();
    pendingRank = new Map();
    if (indexed) checkpoint();
  };
  /** Copy the WAL back into the database file; PASSIVE never waits for readers. */
  const checkpoint = () => {
    if (file !== ':memory:') db.pragma('wal_checkpoint(PASSIVE)');
  };
  // A run killed before its last batch left articles the indexes have not seen yet.
  if (canWrite) syncIndexes();

  const clusteringState = () => {
    if (!clustering) {
      const states = [storeClusterState(db, 'story'), storeClusterState(db, 'storyline')];
      clustering = { assigner: createAssigner(states[0]!, states[1]!), states };
    }
    return clustering;
  };

  type StoryRow = { storyline_id: string; headline: string | null; first_published: string | null; last_published: string | null };

  /**
   * Fold a merged story into the one that absorbed it: its members, time span, the better headline
   * of the two, its old id as an alias (and the aliases that pointed at it). Different storylines
   * holding the two stories are one storyline from now on.
   */
  const mergeStory = (into: string, gone: string, lang: string, vector: Map<string, number>) => {
    const keep = stmts.storyForMerge.get(into) as StoryRow;
    const fold = stmts.storyForMerge.get(gone) as StoryRow;
    const score = (h: string | null) => (h ? headlineScore(h, lang, { vector }) : -1);
    stmts.moveMembers.run(into, gone);
    stmts.foldStory.run({ id: into, headline: score(fold.headline) > score(keep.headline) ? fold.headline : keep.headline, first: fold.first_published, last: fold.last_published });
    stmts.deleteStory.run(gone);
    stmts.repointAliases.run(into, gone);
    stmts.alias.run(gone, into);
    if (keep.storyline_id === fold.storyline_id) return;
    const line = clusteringState().assigner.mergeStorylines(keep.storyline_id, fold.storyline_id);
    foldStoryline(line ?? keep.storyline_id, line === keep.storyline_id ? fold.storyline_id : keep.storyline_id);
  };

  /** A storyline merged into another: its stories move, its row goes. */
  const foldStoryline = (into: string, lost: string) => {
    stmts.moveStories.run(into, lost);
    stmts.deleteLine.run(lost);
  };

  /** Assign one stored article to a story; inside a transaction, flushed by the caller. */
  const assignStory = (article: Article, mentioned?: MentionedTime) => {
    const original = article.duplicateOf ? (stmts.storyOfArticle.get(article.duplicateOf) as string | undefined) ?? null : null;
    const a = clusteringState().assigner.assign(article, original, mentioned);
    for (const gone of a.merged) mergeStory(a.storyId, gone, article.lang, a.storyVector);
    const date = article.publishedAt;
    if (a.newStory) {
      if (a.newStory.storylineCreated) stmts.insertLine.run(a.newStory.storylineId);
      for (const lost of a.newStory.storylinesMerged) foldStoryline(a.newStory.storylineId, lost);
      stmts.insertStory.run(a.storyId, a.newStory.storylineId, a.headline?.text ?? null, a.headline?.score ?? null, date, date);
    } else {
      const row = stmts.storyRow.get(a.storyId) as { headline: string | null } | undefined;
      const current = row?.headline ? headlineScore(row.headline, article.lang, { vector: a.storyVector }) : -1;
      const better = a.headline && a.headline.score > current ? a.headline : null;
      stmts.updateStory.run({ date, headline: better?.text ?? null, id: a.storyId });
    }
    stmts.insertMember.run(article.id, a.storyId);
    // The stories whose members changed (those merged away are gone: their rows elsewhere go too).
    return [a.storyId, ...a.merged];
  };

  return {
    db,
    ...readQueries(db),
    /** True when this handle holds the writer lock (a store opened for writing). */
    canWrite,
    hasArticle: (id: string) => stmts.exists.get(id) === 1,
    recordSighting: (ref: string, id: string) => void stmts.sighting.run(ref, id),
    insertArticle(article: Article, signature: Uint32Array, bands: number[]) {
      stmts.insert.run({ ...article, publisher: publisherName(article), ingestedAt: new Date().toISOString(), minhash: Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength) });
      stmts.sighting.run(article.ref, article.id);
      const candidate = { id: article.id, duplicateOf: article.duplicateOf, signature };
      stagedOrder.set(article.id, stagedOrder.size);
      for (const key of bands) addTo(staged, key, candidate);
    },
    /** Articles sharing at least one LSH band bucket with the given keys, oldest first. */
    nearCandidates(bands: number[]): Candidate[] {
      const rows = stmts.candidates.all(JSON.stringify(bands)) as CandidateRow[];
      const found = rows.map(toCandidate);
      const ids = new Set(found.map((c) => c.id));
      const recent: Candidate[] = [];
      for (const k of bands) for (const c of pending.get(k) ?? []) if (!ids.has(c.id)) (ids.add(c.id), recent.push(c));
      found.push(...recent.sort((a, b) => pendingRank.get(a.id)! - pendingRank.get(b.id)!));
      const inFile: Candidate[] = [];
      for (const k of bands) for (const c of staged.get(k) ?? []) if (!ids.has(c.id)) (ids.add(c.id), inFile.push(c));
      // In the order they were written (ties between equally near candidates go to the later one).
      return [...found, ...inFile.sort((a, b) => stagedOrder.get(a.id)! - stagedOrder.get(b.id)!)];
    },
    getArticle: (id: string) => toArticle(stmts.byId.get(id) as Row | undefined),
    /** How an article is cited: ref, title, outlet, date and URL, without reading its text. */
    getSource: (id: string) => (stmts.source.get(id) as { id: string; ref: string; title: string | null; outlet: string | null; publishedAt: string | null; url: string | null } | undefined) ?? null,
    articlesByRef: (ref: string) => (stmts.byRef.all(ref) as Row[]).map((r) => toArticle(r)!),
    listArticles: () => (stmts.all.all() as Row[]).map((r) => toArticle(r)!),
    countArticles: () => stmts.count.get() as number,
    /** Bring the full-text and LSH indexes up to date with the articles table (and checkpoint the WAL). */
    syncIndexes,
    checkpoint,
    /** Full-text search over title and text (FTS5 query syntax), best match first. */
    search: (query: string, limit = 20) => (stmts.search.all(query, limit) as Row[]).map((r) => toArticle(r)!),
    /**
     * Assign every article that is not yet in a story, in publication order, committing every
     * ASSIGN_BATCH articles. Ingest calls this after each run of files, so a run's articles are
     * placed in the order they were published, not the order their files were read; a run killed
     * before it leaves unassigned articles that the next call picks up.
     */
    assignPending(onProgress?: (done: number, total: number) => void): number {
      const pendingRows = stmts.unassigned.all() as { id: string; published_at: string | null }[];
      // Undated articles are placed by the dates their text mentions: read only for those, and kept
      // (not the texts: an archive may be all undated) for their assignment.
      const placed = new Map<string, MentionedTime>();
      const ordered = publicationOrder(
        pendingRows.map((r) => ({ id: r.id, publishedAt: r.published_at })),
        (r) => {
          const a = toArticle(stmts.byId.get(r.id) as Row)!;
          const m = mentionedTime(a.text, a.lang);
          placed.set(r.id, m);
          return m;
        },
      );
      for (let i = 0; i < ordered.length; i += ASSIGN_BATCH) {
        const batch = ordered.slice(i, i + ASSIGN_BATCH);
        this.assignBatch(batch.map((r) => toArticle(stmts.byId.get(r.id) as Row)!), placed);
        onProgress?.(Math.min(i + ASSIGN_BATCH, ordered.length), ordered.length);
      }
      if (ordered.length) checkpoint();
      return ordered.length;
    },
    /** Assign articles in the given order, in one transaction (`placed`: undated articles' mentioned times, when read already). */
    assignBatch(articles: Article[], placed?: Map<string, MentionedTime>) {
      try {
        db.transaction(() => {
          const touched = new Set<string>();
          for (const article of articles) for (const id of assignStory(article, placed?.get(article.id))) touched.add(id);
          const ids = JSON.stringify([...touched]);
          stmts.countMembers.run(ids);
          stmts.dropFacets.run(ids);
          stmts.publisherFacets.run(ids);
          stmts.langFacets.run(ids);
          for (const state of clusteringState().states) state.flush();
        })();
      } catch (e) {
        // The in-memory state ran ahead of what was rolled back: start again from the committed rows.
        clustering = null;
        throw e;
      }
    },
    /** Forget every story and storyline and assign all articles again, in publication order. */
    recluster(onProgress?: (done: number, total: number) => void) {
      const previous = new Map((db.prepare('SELECT article_id, story_id FROM story_members').all() as { article_id: string; story_id: string }[]).map((r) => [r.article_id, r.story_id]));
      // Old ids that were already aliases keep resolving: they follow their story to its new id.
      const aliases = db.prepare('SELECT old_id, story_id FROM story_aliases').all() as { old_id: string; story_id: string }[];
      clustering = null;
      db.transaction(() => {
        db.exec(`DELETE FROM story_members; DELETE FROM stories; DELETE FROM storylines; DELETE FROM story_facets; DELETE FROM cluster_df;
          DELETE FROM cluster_state; DELETE FROM cluster_index; UPDATE store_meta SET value = 0 WHERE key LIKE 'docs:%';`);
      })();
      // In batches like ingest: a kill part-way leaves unassigned articles, which the next ingest,
      // recluster or listing assigns (the old ids are then lost, the grouping is not).
      this.assignPending(onProgress);
      db.transaction(() => {
        const now = new Map((db.prepare('SELECT article_id, story_id FROM story_members').all() as { article_id: string; story_id: string }[]).map((r) => [r.article_id, r.story_id]));
        const exists = db.prepare('SELECT 1 FROM stories WHERE id = ?').pluck();
        const alias = db.prepare('INSERT OR REPLACE INTO story_aliases (old_id, story_id) VALUES (?, ?)');
        for (const [old, to] of aliasesAfterRebuild(previous, now, aliases, (id) => exists.get(id) === 1)) alias.run(old, to);
      })();
    },
    /** Every story, or those of one storyline (an indexed lookup: a single brief needs no more). */
    listStories(storylineId?: string): (Story & { articleRefs: string[]; outlets: string[] })[] {
      const rows = db.prepare(`SELECT id, storyline_id, headline, first_published, last_published FROM stories
        ${storylineId === undefined ? '' : 'WHERE storyline_id = ?'} ORDER BY first_published IS NULL, first_published, id`).all(...(storylineId === undefined ? [] : [storylineId])) as {
        id: string; storyline_id: string; headline: string | null; first_published: string | null; last_published: string | null;
      }[];
      // Members of all the stories listed in one query (a storyline's hundreds of stories: one read, not hundreds).
      const byStory = new Map<string, { id: string; ref: string; outlet: string | null }[]>();
      const memberRows = db.prepare(`SELECT m.story_id, a.id, a.ref, a.outlet FROM story_members m JOIN articles a ON a.id = m.article_id
        ${storylineId === undefined ? '' : 'WHERE m.story_id IN (SELECT id FROM stories WHERE storyline_id = ?)'}
        ORDER BY a.published_at IS NULL, a.published_at, a.seq`).all(...(storylineId === undefined ? [] : [storylineId])) as { story_id: string; id: string; ref: string; outlet: string | null }[];
      for (const { story_id, ...m } of memberRows) {
        const list = byStory.get(story_id);
        if (list) list.push(m);
        else byStory.set(story_id, [m]);
      }
      const merged = new Map<string, string[]>();
      for (const a of db.prepare('SELECT old_id, story_id FROM story_aliases ORDER BY old_id').all() as { old_id: string; story_id: string }[]) {
        const list = merged.get(a.story_id);
        if (list) list.push(a.old_id);
        else merged.set(a.story_id, [a.old_id]);
      }
      return rows.map((r) => {
        const arts = byStory.get(r.id) ?? [];
        return {
          id: r.id, storylineId: r.storyline_id, headline: r.headline, firstPublished: r.first_published, lastPublished: r.last_published,
          articleIds: arts.map((a) => a.id), articleRefs: arts.map((a) => a.ref), mergedIds: merged.get(r.id) ?? [],
          outlets: [...new Set(arts.map((a) => a.outlet).filter((o): o is string => !!o))],
        };
      });
    },
    /** Storylines, each titled after its largest story. */
    listStorylines(): { id: string; title: string | null }[] {
      return db.prepare(`SELECT l.id, (SELECT s.headline FROM stories s WHERE s.storyline_id = l.id
          ORDER BY (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id) DESC, s.id LIMIT 1) AS title
        FROM storylines l ORDER BY l.id`).all() as { id: string; title: string | null }[];
    },
    /**
     * Every story with its members (publication order) and the date its undated articles are read
     * against: its own earliest date, else its storyline's. One pass over the members table.
     */
    storiesToAnalyze(): { id: string; storylineId: string; articleIds: string[]; reference: string | null; signature: string | null }[] {
      const rows = db.prepare(`SELECT s.id, s.storyline_id, s.first_published, a.signature,
          (SELECT MIN(o.first_published) FROM stories o WHERE o.storyline_id = s.storyline_id) AS line_first
        FROM stories s LEFT JOIN story_analysis a ON a.story_id = s.id`).all() as
        { id: string; storyline_id: string; first_published: string | null; signature: string | null; line_first: string | null }[];
      const members = new Map<string, string[]>();
      for (const m of db.prepare(`SELECT m.story_id, m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id
          ORDER BY a.published_at IS NULL, a.published_at, a.seq`).all() as { story_id: string; article_id: string }[]) {
        const list = members.get(m.story_id);
        if (list) list.push(m.article_id);
        else members.set(m.story_id, [m.article_id]);
      }
      return rows.map((r) => ({ id: r.id, storylineId: r.storyline_id, articleIds: members.get(r.id) ?? [],
        reference: (r.first_published ?? r.line_first)?.slice(0, 10) ?? null, signature: r.signature }));
    },
    /** A story's analysis, or (with `failure`) the empty one that stands for it and why it failed. */
    saveAnalysis(storyId: string, signature: string, data: { claims: ClaimRecord[]; entities?: { name: string; type: string; aliases?: string[] }[] }, failure: string | null = null): void {
      const { claims, ...rest } = data;
      stmts.saveAnalysis.run(storyId, signature, JSON.stringify(rest), failure);
      // Its revision is recorded once the run's analyses are done (recordPendingRevisions).
      stmts.revisionPending.run(storyId);
      stmts.dropClaims.run(storyId);
      claims.forEach((c, i) => stmts.insertClaim.run(storyId, i, c.kind, c.unit, c.low, c.high, JSON.stringify(c)));
      for (const key of stmts.dropEntities.all(storyId) as string[]) dirtyEntities.add(key);
      for (const key of insertEntities(stmts.insertEntity, storyId, data.entities ?? [])) dirtyEntities.add(key);
    },
    /** Why a story's analysis failed, or null. */
    analysisFailure: (storyId: string): string | null => (stmts.analysisFailure.get(storyId) as string | null | undefined) ?? null,
    /**
     * Of the given stories, the claims within `reach` (the same unit counted, a date near one of the
     * given spans), by story, in each story's order: an indexed read, not whole analyses.
     */
    /** Every claim of these stories (a caller that composes many briefs of one storyline filters them itself). */
    claimsOf(storyIds: string[]): Map<string, ClaimRecord[]> {
      return storyIds.length ? claimsByStory(stmts.claimsOf.all(JSON.stringify(storyIds)) as { story_id: string; seq: number; data: string }[]) : new Map();
    },
    claimsInReach(storyIds: string[], reach: ClaimReach): Map<string, ClaimRecord[]> {
      const out = new Map<string, ClaimRecord[]>();
      if (!storyIds.length || (!reach.units.length && !reach.dates.length)) return out;
      type ClaimRow = { story_id: string; seq: number; data: string };
      const stories = JSON.stringify(storyIds);
      const rows = reach.units.length ? stmts.quantitiesInReach.all({ stories, units: JSON.stringify(reach.units) }) as ClaimRow[] : [];
      if (reach.dates.length) {
        // Dates are tested here, not in SQL: testing each row against every span of the story in SQL
        // cost a story with hundreds of dates 100 ms.
        const near = dateReach(reach);
        // Spans first, the claim itself only for those in reach.
        for (const r of stmts.datesOf.all({ stories }) as { story_id: string; seq: number; low: number; high: number }[]) {
          if (near(r.low, r.high)) rows.push({ story_id: r.story_id, seq: r.seq, data: stmts.claimData.get(r.story_id, r.seq) as string });
        }
      }
      return claimsByStory(rows);
    },
    /**
     * Analyses of stories that no longer exist (merged away, reclustered) are dropped, and the counts of
     * the entities whose stories changed since the last call are brought up to date.
     */
    dropOrphanAnalyses(): number {
      db.prepare('DELETE FROM story_claims WHERE story_id NOT IN (SELECT id FROM stories)').run();
      for (const key of db.prepare('DELETE FROM story_entities WHERE story_id NOT IN (SELECT id FROM stories) RETURNING entity').pluck().all() as string[]) dirtyEntities.add(key);
      if (dirtyEntities.size) {
        const keys = JSON.stringify([...dirtyEntities]);
        db.transaction(() => {
          stmts.dropEntityRows.run(keys);
          stmts.countEntities.run(keys);
        })();
        dirtyEntities = new Set();
      }
      return db.prepare('DELETE FROM story_analysis WHERE story_id NOT IN (SELECT id FROM stories)').run().changes;
    },
    /** Forget every analysis (the next `analyzeChangedStories` redoes them all). */
    clearAnalyses: (): void => void db.exec('DELETE FROM story_analysis; DELETE FROM story_claims; DELETE FROM story_entities; DELETE FROM entities;'),
    getAnalysis<T>(storyId: string): T | null {
      const data = stmts.analysis.get(storyId) as string | undefined;
      if (data === undefined) return null;
      const analysis = JSON.parse(data) as Record<string, unknown>;
      analysis.claims = (stmts.ownClaims.all(storyId) as string[]).map((c) => JSON.parse(c) as ClaimRecord);
      return analysis as T;
    },
    /** The storyline a story is in, or null. */
    storylineOf: (storyId: string): string | null => (stmts.storylineOf.get(storyId) as string | undefined) ?? null,
    /** A story id, or an id it was merged from, to the story that holds it now. */
    resolveStoryId(id: string): string | null {
      const direct = db.prepare('SELECT id FROM stories WHERE id = ?').pluck().get(id) as string | undefined;
      if (direct) return direct;
      return (db.prepare('SELECT story_id FROM story_aliases WHERE old_id = ?').pluck().get(id) as string | undefined) ?? null;
    },
    /** Run fn in one transaction: all of it lands or none of it does. */
    transaction: <T>(fn: () => T): T => {
      staged = new Map();
      stagedOrder = new Map();
      try {
        const result = db.transaction(fn)();
        for (const [key, list] of staged) for (const c of list) addTo(pending, key, c);
        const base = pendingRank.size;
        for (const [id, order] of stagedOrder) pendingRank.set(id, base + order);
        return result;
      } finally {
        staged = new Map();
        stagedOrder = new Map();
      }
    },
    close: () => {
      try {
        if (canWrite) syncIndexes();
      } finally {
        db.close();
        lock?.release();
      }
    },
  };
}

function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) throw newerSchema(file, current);
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      BACKFILL[v + 1]?.(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** What a migration's SQL cannot compute, done in the same transaction. */
const BACKFILL: Record<number, (db: Database.Database) => void> = {
  7: (db) => {
    const insert = db.prepare('INSERT OR IGNORE INTO story_entities (story_id, entity, name, type, canonical) VALUES (?, ?, ?, ?, ?)');
    for (const r of db.prepare('SELECT story_id, data FROM story_analysis').all() as { story_id: string; data: string }[]) {
      const entities = (JSON.parse(r.data) as { entities?: { name: string; type: string; aliases?: string[] }[] }).entities ?? [];
      insertEntities(insert, r.story_id, entities.filter((e) => e.aliases?.length));
    }
    db.exec(`INSERT INTO entities (entity, name, type, stories) ${ENTITY_COUNTS} GROUP BY entity HAVING MAX(canonical) = 1`);
  },
  6: (db) => {
    const set = db.prepare('UPDATE articles SET publisher = ? WHERE seq = ?');
    for (const r of db.prepare('SELECT seq, outlet, url, ref FROM articles WHERE outlet IS NOT NULL OR url IS NOT NULL').all() as { seq: number; outlet: string | null; url: string | null; ref: string }[]) {
      set.run(publisherName(r), r.seq);
    }
  },
};

/** Claim rows as each story's claims, in the story's order. */
export function claimsByStory(rows: { story_id: string; seq: number; data: string }[]): Map<string, ClaimRecord[]> {
  const out = new Map<string, ClaimRecord[]>();
  rows.sort((a, b) => (a.story_id < b.story_id ? -1 : a.story_id > b.story_id ? 1 : a.seq - b.seq));
  for (const r of rows) {
    const list = out.get(r.story_id);
    const claim = JSON.parse(r.data) as ClaimRecord;
    if (list) list.push(claim);
    else out.set(r.story_id, [claim]);
  }
  return out;
}

/**
 * After a rebuild, the aliases that keep old story ids resolving: a story id the rebuild no longer has
 * points at the story holding most of its articles (ties by id); an old alias follows its story.
 */
export function aliasesAfterRebuild(previous: Map<string, string>, now: Map<string, string>, aliases: { old_id: string; story_id: string }[], exists: (storyId: string) => boolean): [string, string][] {
  const votes = new Map<string, Map<string, number>>();
  for (const [articleId, storyId] of previous) {
    const to = now.get(articleId);
    if (!to || to === storyId || exists(storyId)) continue;
    const v = votes.get(storyId) ?? new Map<string, number>();
    v.set(to, (v.get(to) ?? 0) + 1);
    votes.set(storyId, v);
  }
  const target = new Map([...votes].map(([old, v]) => [old, [...v].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]]));
  const out: [string, string][] = [...target];
  for (const { old_id, story_id } of aliases) {
    const to = exists(story_id) ? story_id : target.get(story_id);
    if (to) out.push([old_id, to]);
  }
  return out;
}

/**
 * A story's entities as rows: the canonical name's key, then the keys of its other spellings. A
 * person's one-word spelling (a surname alone) is not one: another story's "Vasquez" may be another person.
 */
export function entityRows(entities: { name: string; type: string; aliases?: string[] }[]): { entity: string; name: string; type: string; canonical: 0 | 1 }[] {
  const rows: { entity: string; name: string; type: string; canonical: 0 | 1 }[] = [];
  for (const e of entities) rows.push({ entity: entityKey(e.name), name: e.name, type: e.type, canonical: 1 });
  for (const e of entities) {
    for (const alias of e.aliases ?? []) {
      if (e.type === 'person' && !/\s/.test(alias.trim())) continue;
      rows.push({ entity: entityKey(alias), name: e.name, type: e.type, canonical: 0 });
    }
  }
  return rows;
}

function insertEntities(insert: Database.Statement, storyId: string, entities: { name: string; type: string; aliases?: string[] }[]): string[] {
  const rows = entityRows(entities);
  for (const r of rows) insert.run(storyId, r.entity, r.name, r.type, r.canonical);
  return rows.map((r) => r.entity);
}

/** An entity's row of the `entities` table, from its rows in `story_entities` (append WHERE/GROUP BY). */
export const ENTITY_COUNTS = `SELECT entity, COALESCE(MAX(CASE WHEN canonical = 1 THEN name END), MIN(name)), MIN(type), COUNT(DISTINCT story_id) FROM story_entities`;

/** An entity's id across stories: the folded key of its name, as a URL path segment reads it. */
export const entityKey = (name: string) => nameKey(name).replace(/\s+/g, '-');

interface CandidateRow {
  id: string;
  duplicate_of: string | null;
  signature: Buffer;
}

function toSignature(blob: Buffer): Uint32Array {
  return new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

function toCandidate(row: CandidateRow): Candidate {
  return { id: row.id, duplicateOf: row.duplicate_of, signature: toSignature(row.signature) };
}

interface Row {
  id: string; ref: string; path: string; url: string | null; outlet: string | null; title: string | null;
  published_at: string | null; lang: string; author: string | null; text: string; duplicate_of: string | null;
}

function toArticle(r: Row | undefined): Article | null {
  if (!r) return null;
  return {
    id: r.id, ref: r.ref, path: r.path, url: r.url, outlet: r.outlet, title: r.title, publishedAt: r.published_at,
    lang: r.lang, author: r.author, text: r.text, duplicateOf: r.duplicate_of,
  };
}
