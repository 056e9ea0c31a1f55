/**
 * Schema migrations, applied in order; PRAGMA user_version records the last one applied. A migration
 * is never edited once released: a change to the schema is a new entry at the end.
 */
export const MIGRATIONS: string[] = [
  // 1: articles, where each ref was seen, the near-duplicate index and full-text search.
  `
  CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    ref          TEXT NOT NULL,
    path         TEXT NOT NULL,
    url          TEXT,
    outlet       TEXT,
    title        TEXT,
    published_at TEXT,
    lang         TEXT NOT NULL,
    author       TEXT,
    text         TEXT NOT NULL,
    duplicate_of TEXT REFERENCES articles(id),
    ingested_at  TEXT NOT NULL
  );
  CREATE INDEX articles_ref ON articles(ref);
  CREATE INDEX articles_published ON articles(published_at);
  CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

  CREATE TABLE article_sightings (
    ref        TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (ref, article_id)
  ) WITHOUT ROWID;

  CREATE TABLE minhash_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    signature  BLOB NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE minhash_bands (
    band       INTEGER NOT NULL,
    bucket     INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (band, bucket, article_id)
  ) WITHOUT ROWID;

  CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
  END;
  CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
  END;
  CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
  END;
  `,
];
