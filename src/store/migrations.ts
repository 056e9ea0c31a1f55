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
    ingested_at  TEXT NOT NULL,
    -- MinHash signature (64 × uint32), kept in the row: one page write instead of a random one.
    minhash      BLOB NOT NULL
  );
  CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

  CREATE TABLE article_sightings (
    ref        TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (ref, article_id)
  ) WITHOUT ROWID;

  -- LSH index: key = band × 2^32 + hash of the band's rows (see src/dedup/minhash.ts).
  CREATE TABLE minhash_bands (
    key        INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (key, article_id)
  ) WITHOUT ROWID;

  CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
  );
  -- The FTS index and minhash_bands are derived from articles and filled in batches by syncIndexes
  -- (one commit per batch, not per file: per-file FTS segments and twenty random B-tree pages cost
  -- more than the rest of the ingest). indexed_seq says how far they have got, written in the same
  -- transaction as their rows, so a crash never leaves it wrong.
  CREATE TABLE store_meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
  INSERT INTO store_meta (key, value) VALUES ('indexed_seq', 0);
  `,
  // 2: stories and storylines, rebuilt by the cluster stage; merged story ids stay resolvable.
  `
  CREATE TABLE storylines (
    id TEXT PRIMARY KEY
  ) WITHOUT ROWID;
  CREATE TABLE stories (
    id              TEXT PRIMARY KEY,
    storyline_id    TEXT NOT NULL REFERENCES storylines(id),
    headline        TEXT,
    headline_score  REAL,
    first_published TEXT,
    last_published  TEXT
  ) WITHOUT ROWID;
  CREATE INDEX stories_storyline ON stories(storyline_id);
  CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    story_id   TEXT NOT NULL REFERENCES stories(id)
  ) WITHOUT ROWID;
  CREATE INDEX story_members_story ON story_members(story_id);
  CREATE TABLE story_aliases (
    old_id   TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
  ) WITHOUT ROWID;
  -- The streaming clusterer's state, per level ('story', 'storyline'): document frequencies of
  -- term and name keys, a summary of each cluster, and the index from keys to clusters.
  CREATE TABLE cluster_df (
    level TEXT NOT NULL,
    key   TEXT NOT NULL,
    df    INTEGER NOT NULL,
    PRIMARY KEY (level, key)
  ) WITHOUT ROWID;
  CREATE TABLE cluster_state (
    level TEXT NOT NULL,
    id    TEXT NOT NULL,
    ord   INTEGER NOT NULL,
    data  TEXT NOT NULL,
    PRIMARY KEY (level, id)
  ) WITHOUT ROWID;
  CREATE TABLE cluster_index (
    level TEXT NOT NULL,
    key   TEXT NOT NULL,
    ord   INTEGER NOT NULL,
    id    TEXT NOT NULL,
    PRIMARY KEY (level, key, ord, id)
  ) WITHOUT ROWID;
  INSERT INTO store_meta (key, value) VALUES ('docs:story', 0), ('docs:storyline', 0);
  `,
  // 3: each story's analysis (entities, quotes, timeline, facts, claims) as JSON, with the signature
  // of what it was computed from (analysis version, members, reference date): stale when that differs.
  `
  CREATE TABLE story_analysis (
    story_id  TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    data      TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 4: a story whose analysis failed or went past its bound keeps the reason (and an empty analysis),
  // so it is not retried until its members change and every other story is still analyzed.
  `
  ALTER TABLE story_analysis ADD COLUMN failure TEXT;
  `,
  // 5: each story's claims (counts and dates), one row each, apart from the rest of its analysis: a
  // brief reads, of the stories near it, only the claims that can bear on its own (the same unit
  // counted, a date within reach), through this index, instead of whole analyses.
  `
  CREATE TABLE story_claims (
    story_id TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    unit     TEXT NOT NULL,
    low      REAL NOT NULL,
    high     REAL NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (story_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX story_claims_unit ON story_claims(story_id, kind, unit);
  `,
  // 6: what the web app and the API list and filter by, through indexes, not scans: each article's
  // publisher (its outlet, else its site; filled by the writer for older rows), each story's article
  // count, the entities of each story (by the folded key of their name, filled as stories are
  // analyzed), and indexes on dates, counts, publishers and languages.
  `
  ALTER TABLE articles ADD COLUMN publisher TEXT;
  CREATE INDEX articles_publisher ON articles(publisher) WHERE publisher IS NOT NULL;
  CREATE INDEX articles_lang ON articles(lang);
  ALTER TABLE stories ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
  UPDATE stories SET article_count = (SELECT COUNT(*) FROM story_members m WHERE m.story_id = stories.id);
  CREATE INDEX stories_last ON stories(last_published);
  CREATE INDEX stories_count ON stories(article_count, last_published);
  CREATE INDEX story_aliases_story ON story_aliases(story_id);
  CREATE TABLE story_entities (
    story_id TEXT NOT NULL,
    entity   TEXT NOT NULL,
    name     TEXT NOT NULL,
    type     TEXT NOT NULL,
    PRIMARY KEY (story_id, entity)
  ) WITHOUT ROWID;
  CREATE INDEX story_entities_entity ON story_entities(entity);
  `,
  // 7: an entity is also found under the keys of its other spellings (the mayor is "Ilona Vasquez" in
  // one story and "Ilona Vazquez" in the next): one row per spelling, the canonical one marked (filled
  // from the stored analyses by the writer). And the entities themselves, with the number of stories
  // naming them in any spelling, kept by the writer as analyses change: the entity list is a walk of
  // an index, not a count over every story's entities.
  `
  ALTER TABLE story_entities ADD COLUMN canonical INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE entities (
    entity  TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    stories INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX entities_stories ON entities(stories DESC, entity);
  CREATE INDEX entities_type ON entities(type, stories DESC, entity);
  -- The outlets and languages of each story's articles, kept by the writer as articles are assigned:
  -- the story list's outlet and language filters read the stories of one value through this index
  -- (a language filter joined 100,000 articles to their stories: 830 ms).
  CREATE TABLE story_facets (
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (kind, value, story_id)
  ) WITHOUT ROWID;
  CREATE INDEX story_facets_story ON story_facets(story_id);
  INSERT OR IGNORE INTO story_facets SELECT 'publisher', a.publisher, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id WHERE a.publisher IS NOT NULL;
  INSERT OR IGNORE INTO story_facets SELECT 'lang', a.lang, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id;
  -- Indexes in the story list's exact orders.
  DROP INDEX stories_last;
  DROP INDEX stories_count;
  CREATE INDEX stories_newest ON stories(last_published DESC, id);
  CREATE INDEX stories_coverage ON stories(article_count DESC, last_published DESC, id);
  `,
  // The sources the follower polls (feeds, sitemaps, folders), with what it needs to poll them politely
  // and to survive a restart; and the items it has ingested from each, by guid or link.
  `
  CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    address       TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    title         TEXT,
    added_at      TEXT NOT NULL,
    every_s       INTEGER NOT NULL,
    next_poll     TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    last_polled   TEXT,
    last_ok       TEXT,
    last_error    TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    items         INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE source_items (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (source_id, key)
  ) WITHOUT ROWID;
  `,
  // 9: what changed in each story, and who is told. The last digest of each story's brief and a
  // revision each time a new one differs; the stories whose analysis changed and whose revision is
  // still to record (filled with the analysis, drained by the writer at the end of its run, so a kill
  // between the two loses nothing); saved queries and the alerts they raised, with their delivery.
  `
  CREATE TABLE story_digests (story_id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE story_revisions (
    story_id TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    at       TEXT NOT NULL,
    articles INTEGER NOT NULL,
    changes  TEXT NOT NULL,
    PRIMARY KEY (story_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX story_revisions_at ON story_revisions(at);
  CREATE TABLE revisions_pending (story_id TEXT PRIMARY KEY) WITHOUT ROWID;
  CREATE TABLE watchlists (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    query          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    webhook_url    TEXT,
    webhook_secret TEXT
  );
  CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    story_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,
    delivered_at TEXT,
    last_error   TEXT,
    UNIQUE (watchlist_id, story_id, seq)
  );
  CREATE INDEX alerts_due ON alerts(next_attempt) WHERE next_attempt IS NOT NULL;
  CREATE INDEX alerts_watchlist ON alerts(watchlist_id, id);
  `,
];
