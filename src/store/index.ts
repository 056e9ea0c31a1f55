/**
 * The store: one SQLite file (better-sqlite3, WAL). Takes Articles and their dedup evidence; gives
 * them back by id, ref or order. Every input file is written in one transaction, so a crash or kill
 * leaves whole files or nothing, and a re-run completes what was missing.
 */
import Database from 'better-sqlite3';
import type { Article } from '../records.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Candidate } from '../dedup/index.ts';

export type Store = ReturnType<typeof openStore>;

export function openStore(file: string) {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only a power loss can drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Ingest commits once per file; a larger cache and rarer checkpoints keep the hot FTS pages in
  // memory between commits instead of rewriting them to the database file every 1,000 pages.
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 8000');
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const stmts = {
    byId: db.prepare('SELECT * FROM articles WHERE id = ?'),
    exists: db.prepare('SELECT 1 FROM articles WHERE id = ?').pluck(),
    insert: db.prepare(`INSERT INTO articles (id, ref, path, url, outlet, title, published_at, lang, author, text, duplicate_of, ingested_at)
      VALUES (@id, @ref, @path, @url, @outlet, @title, @publishedAt, @lang, @author, @text, @duplicateOf, @ingestedAt)`),
    sighting: db.prepare('INSERT OR IGNORE INTO article_sightings (ref, article_id) VALUES (?, ?)'),
    signature: db.prepare('INSERT INTO minhash_signatures (article_id, signature) VALUES (?, ?)'),
    band: db.prepare('INSERT OR IGNORE INTO minhash_bands (key, article_id) VALUES (?, ?)'),
    candidates: db.prepare(`SELECT a.id, a.duplicate_of, s.signature FROM articles a JOIN minhash_signatures s ON s.article_id = a.id
      WHERE a.id IN (SELECT article_id FROM minhash_bands WHERE key IN (SELECT value FROM json_each(?))) ORDER BY a.seq`),
    all: db.prepare('SELECT * FROM articles ORDER BY seq'),
    byRef: db.prepare('SELECT a.* FROM article_sightings s JOIN articles a ON a.id = s.article_id WHERE s.ref = ? ORDER BY a.seq'),
    count: db.prepare('SELECT COUNT(*) FROM articles').pluck(),
    indexedSeq: db.prepare("SELECT value FROM store_meta WHERE key = 'search_indexed_seq'").pluck(),
    indexFrom: db.prepare('INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ? ORDER BY seq'),
    maxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM articles').pluck(),
    setIndexedSeq: db.prepare("UPDATE store_meta SET value = ? WHERE key = 'search_indexed_seq'"),
    search: db.prepare(`SELECT a.* FROM articles_fts f JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`),
  };
  const syncSearchIndex = () =>
    db.transaction(() => {
      const from = stmts.indexedSeq.get() as number;
      const to = stmts.maxSeq.get() as number;
      if (to > from) {
        stmts.indexFrom.run(from);
        stmts.setIndexedSeq.run(to);
      }
    })();
  // A run killed before its last batch left articles the search index has not seen yet.
  syncSearchIndex();

  return {
    db,
    hasArticle: (id: string) => stmts.exists.get(id) === 1,
    recordSighting: (ref: string, id: string) => void stmts.sighting.run(ref, id),
    insertArticle(article: Article, signature: Uint32Array, bands: number[]) {
      stmts.insert.run({ ...article, ingestedAt: new Date().toISOString() });
      stmts.sighting.run(article.ref, article.id);
      stmts.signature.run(article.id, Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength));
      for (const key of bands) stmts.band.run(key, article.id);
    },
    /** Articles sharing at least one LSH band bucket with the given keys, oldest first. */
    nearCandidates(bands: number[]): Candidate[] {
      const rows = stmts.candidates.all(JSON.stringify(bands)) as { id: string; duplicate_of: string | null; signature: Buffer }[];
      return rows.map((row) => ({
        id: row.id,
        duplicateOf: row.duplicate_of,
        signature: new Uint32Array(row.signature.buffer.slice(row.signature.byteOffset, row.signature.byteOffset + row.signature.byteLength)),
      }));
    },
    getArticle: (id: string) => toArticle(stmts.byId.get(id) as Row | undefined),
    articlesByRef: (ref: string) => (stmts.byRef.all(ref) as Row[]).map((r) => toArticle(r)!),
    listArticles: () => (stmts.all.all() as Row[]).map((r) => toArticle(r)!),
    countArticles: () => stmts.count.get() as number,
    /** Bring the full-text index up to date with the articles table. */
    syncSearchIndex,
    /** Full-text search over title and text (FTS5 query syntax), best match first. */
    search: (query: string, limit = 20) => (stmts.search.all(query, limit) as Row[]).map((r) => toArticle(r)!),
    /** Run fn in one transaction: all of it lands or none of it does. */
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => {
      syncSearchIndex();
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`store schema version ${current} is newer than this Storyline (${MIGRATIONS.length}); upgrade Storyline`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
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
