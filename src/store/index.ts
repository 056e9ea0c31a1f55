/**
 * The store: one SQLite file (better-sqlite3, WAL). Takes Articles and their dedup evidence; gives
 * them back by id, ref or order. Every input file is written in one transaction, so a crash or kill
 * leaves whole files or nothing, and a re-run completes what was missing.
 */
import Database from 'better-sqlite3';
import type { Article, Story, Storyline } from '../records.ts';
import { MIGRATIONS } from './migrations.ts';
import { bandKeys, type Candidate } from '../dedup/index.ts';

export type Store = ReturnType<typeof openStore>;

/** The article record's columns (not the MinHash signature), for every query that returns articles. */
const COLUMNS = ['id', 'ref', 'path', 'url', 'outlet', 'title', 'published_at', 'lang', 'author', 'text', 'duplicate_of'].map((c) => `a.${c}`).join(', ');

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
    byId: db.prepare(`SELECT ${COLUMNS} FROM articles a WHERE id = ?`),
    exists: db.prepare('SELECT 1 FROM articles WHERE id = ?').pluck(),
    insert: db.prepare(`INSERT INTO articles (id, ref, path, url, outlet, title, published_at, lang, author, text, duplicate_of, ingested_at, minhash)
      VALUES (@id, @ref, @path, @url, @outlet, @title, @publishedAt, @lang, @author, @text, @duplicateOf, @ingestedAt, @minhash)`),
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
    candidatesByIds: db.prepare('SELECT id, duplicate_of, minhash AS signature FROM articles WHERE id IN (SELECT value FROM json_each(?)) ORDER BY seq'),
    search: db.prepare(`SELECT ${COLUMNS} FROM articles_fts f JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`),
  };
  // Articles committed since the last sync, not yet in minhash_bands: their band keys → candidates.
  let pending = new Map<number, Candidate[]>();
  let staged: { bands: number[]; candidate: Candidate }[] = [];

  /**
   * Bring the derived indexes (full-text and LSH bands) up to the articles table, in one transaction
   * with their watermark. Per-file commits then write a few pages instead of twenty random ones.
   */
  const syncIndexes = () => {
    db.transaction(() => {
      const from = stmts.indexedSeq.get() as number;
      const to = stmts.maxSeq.get() as number;
      if (to <= from) return;
      stmts.indexFrom.run(from);
      for (const row of stmts.signaturesFrom.all(from) as { id: string; minhash: Buffer }[]) {
        for (const key of bandKeys(toSignature(row.minhash))) stmts.band.run(key, row.id);
      }
      stmts.setIndexedSeq.run(to);
    })();
    pending = new Map();
  };
  // A run killed before its last batch left articles the indexes have not seen yet.
  syncIndexes();

  return {
    db,
    hasArticle: (id: string) => stmts.exists.get(id) === 1,
    recordSighting: (ref: string, id: string) => void stmts.sighting.run(ref, id),
    insertArticle(article: Article, signature: Uint32Array, bands: number[]) {
      stmts.insert.run({ ...article, ingestedAt: new Date().toISOString(), minhash: Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength) });
      stmts.sighting.run(article.ref, article.id);
      staged.push({ bands, candidate: { id: article.id, duplicateOf: article.duplicateOf, signature } });
    },
    /** Articles sharing at least one LSH band bucket with the given keys, oldest first. */
    nearCandidates(bands: number[]): Candidate[] {
      const rows = stmts.candidates.all(JSON.stringify(bands)) as CandidateRow[];
      const found = rows.map(toCandidate);
      const ids = new Set(found.map((c) => c.id));
      for (const list of [...bands.map((k) => pending.get(k) ?? []), ...staged.filter((s) => s.bands.some((k) => bands.includes(k))).map((s) => [s.candidate])]) {
        for (const c of list) if (!ids.has(c.id)) (ids.add(c.id), found.push(c));
      }
      return found;
    },
    getArticle: (id: string) => toArticle(stmts.byId.get(id) as Row | undefined),
    articlesByRef: (ref: string) => (stmts.byRef.all(ref) as Row[]).map((r) => toArticle(r)!),
    listArticles: () => (stmts.all.all() as Row[]).map((r) => toArticle(r)!),
    countArticles: () => stmts.count.get() as number,
    /** Bring the full-text and LSH indexes up to date with the articles table. */
    syncIndexes,
    /** Full-text search over title and text (FTS5 query syntax), best match first. */
    search: (query: string, limit = 20) => (stmts.search.all(query, limit) as Row[]).map((r) => toArticle(r)!),
    /** Replace every story and storyline with a new grouping, in one transaction. */
    replaceStories(stories: Story[], storylines: Storyline[]) {
      db.transaction(() => {
        const previous = new Map((db.prepare('SELECT article_id, story_id FROM story_members').all() as { article_id: string; story_id: string }[]).map((r) => [r.article_id, r.story_id]));
        db.exec('DELETE FROM story_members; DELETE FROM stories; DELETE FROM storylines;');
        const line = db.prepare('INSERT INTO storylines (id, title) VALUES (?, ?)');
        const story = db.prepare('INSERT INTO stories (id, storyline_id, headline, first_published, last_published, position) VALUES (?, ?, ?, ?, ?, ?)');
        const member = db.prepare('INSERT INTO story_members (article_id, story_id) VALUES (?, ?)');
        const alias = db.prepare('INSERT OR REPLACE INTO story_aliases (old_id, story_id) VALUES (?, ?)');
        for (const l of storylines) line.run(l.id, l.title);
        stories.forEach((s, i) => {
          story.run(s.id, s.storylineId, s.headline, s.firstPublished, s.lastPublished, i);
          for (const a of s.articleIds) {
            member.run(a, s.id);
            // An id that no longer exists keeps pointing at the story that took its articles.
            const old = previous.get(a);
            if (old && old !== s.id && !stories.some((x) => x.id === old)) alias.run(old, s.id);
          }
        });
      })();
    },
    listStories(): (Story & { articleRefs: string[]; outlets: string[] })[] {
      const rows = db.prepare('SELECT id, storyline_id, headline, first_published, last_published FROM stories ORDER BY position').all() as {
        id: string; storyline_id: string; headline: string | null; first_published: string | null; last_published: string | null;
      }[];
      const members = db.prepare('SELECT a.id, a.ref, a.outlet FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.published_at IS NULL, a.published_at, a.seq');
      return rows.map((r) => {
        const arts = members.all(r.id) as { id: string; ref: string; outlet: string | null }[];
        return {
          id: r.id, storylineId: r.storyline_id, headline: r.headline, firstPublished: r.first_published, lastPublished: r.last_published,
          articleIds: arts.map((a) => a.id), articleRefs: arts.map((a) => a.ref),
          outlets: [...new Set(arts.map((a) => a.outlet).filter((o): o is string => !!o))],
        };
      });
    },
    listStorylines(): { id: string; title: string | null }[] {
      return db.prepare('SELECT id, title FROM storylines ORDER BY id').all() as { id: string; title: string | null }[];
    },
    /** A story id, or an id it was merged from, to the story that holds it now. */
    resolveStoryId(id: string): string | null {
      const direct = db.prepare('SELECT id FROM stories WHERE id = ?').pluck().get(id) as string | undefined;
      if (direct) return direct;
      return (db.prepare('SELECT story_id FROM story_aliases WHERE old_id = ?').pluck().get(id) as string | undefined) ?? null;
    },
    /** Run fn in one transaction: all of it lands or none of it does. */
    transaction: <T>(fn: () => T): T => {
      staged = [];
      try {
        const result = db.transaction(fn)();
        for (const { bands, candidate } of staged) {
          for (const key of bands) pending.set(key, [...(pending.get(key) ?? []), candidate]);
        }
        return result;
      } finally {
        staged = [];
      }
    },
    close: () => {
      syncIndexes();
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
