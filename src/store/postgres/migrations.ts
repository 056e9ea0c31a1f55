/**
 * PostgreSQL schema migrations, applied in order under an advisory lock (several processes may start
 * at once); `store_meta.schema_version` records the last one applied. As with SQLite's, a migration is
 * never edited once released. The tables mean what SQLite's do (`../migrations.ts`); what differs:
 * full-text search is a `tsvector` column over accent-folded title and text with a GIN index, and the
 * work that worker processes share (input files, analysis) has its own queue tables.
 */
export const PG_MIGRATIONS: string[] = [
  `
  CREATE TABLE store_meta (key TEXT COLLATE "C" PRIMARY KEY, value BIGINT NOT NULL);
  INSERT INTO store_meta (key, value) VALUES ('docs:story', 0), ('docs:storyline', 0), ('next_order:story', 0), ('next_order:storyline', 0),
    ('unassigned', 0), ('data_version', 0), ('scan', 0), ('settled', 1);

  CREATE TABLE articles (
    seq          BIGSERIAL PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE,
    ref          TEXT COLLATE "C" NOT NULL,
    path         TEXT COLLATE "C" NOT NULL,
    url          TEXT COLLATE "C",
    outlet       TEXT COLLATE "C",
    title        TEXT COLLATE "C",
    published_at TEXT COLLATE "C",
    lang         TEXT COLLATE "C" NOT NULL,
    author       TEXT COLLATE "C",
    text         TEXT COLLATE "C" NOT NULL,
    duplicate_of TEXT COLLATE "C" REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED,
    ingested_at  TEXT COLLATE "C" NOT NULL,
    minhash      BYTEA NOT NULL,
    publisher    TEXT COLLATE "C",
    search       TSVECTOR NOT NULL
  );
  CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
  CREATE INDEX articles_publisher ON articles(publisher) WHERE publisher IS NOT NULL;
  CREATE INDEX articles_lang ON articles(lang);
  CREATE INDEX articles_search ON articles USING GIN (search);

  CREATE TABLE article_sightings (
    ref        TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (ref, article_id)
  );
  CREATE INDEX article_sightings_article ON article_sightings(article_id);
  CREATE TABLE minhash_bands (
    key        BIGINT NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (key, article_id)
  );

  CREATE TABLE storylines (id TEXT COLLATE "C" PRIMARY KEY);
  CREATE TABLE stories (
    id              TEXT COLLATE "C" PRIMARY KEY,
    storyline_id    TEXT COLLATE "C" NOT NULL REFERENCES storylines(id) DEFERRABLE INITIALLY DEFERRED,
    headline        TEXT COLLATE "C",
    headline_score  DOUBLE PRECISION,
    first_published TEXT COLLATE "C",
    last_published  TEXT COLLATE "C",
    article_count   INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX stories_storyline ON stories(storyline_id);
  CREATE INDEX stories_newest ON stories(last_published DESC, id);
  CREATE INDEX stories_coverage ON stories(article_count DESC, last_published DESC, id);
  CREATE TABLE story_members (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) DEFERRABLE INITIALLY DEFERRED,
    story_id   TEXT COLLATE "C" NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED
  );
  CREATE INDEX story_members_story ON story_members(story_id);
  CREATE TABLE story_aliases (old_id TEXT COLLATE "C" PRIMARY KEY, story_id TEXT COLLATE "C" NOT NULL);
  CREATE INDEX story_aliases_story ON story_aliases(story_id);
  CREATE TABLE story_facets (
    kind     TEXT COLLATE "C" NOT NULL,
    value    TEXT COLLATE "C" NOT NULL,
    story_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (kind, value, story_id)
  );
  CREATE INDEX story_facets_story ON story_facets(story_id);

  CREATE TABLE cluster_df (
    level TEXT COLLATE "C" NOT NULL,
    key   TEXT COLLATE "C" NOT NULL,
    df    INTEGER NOT NULL,
    PRIMARY KEY (level, key)
  );
  CREATE TABLE cluster_state (
    level TEXT COLLATE "C" NOT NULL,
    id    TEXT COLLATE "C" NOT NULL,
    ord   INTEGER NOT NULL,
    data  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (level, id)
  );
  CREATE TABLE cluster_index (
    level TEXT COLLATE "C" NOT NULL,
    key   TEXT COLLATE "C" NOT NULL,
    ord   INTEGER NOT NULL,
    id    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (level, key, ord, id)
  );

  CREATE TABLE story_analysis (
    story_id  TEXT COLLATE "C" PRIMARY KEY,
    signature TEXT COLLATE "C" NOT NULL,
    data      TEXT COLLATE "C" NOT NULL,
    failure   TEXT COLLATE "C"
  );
  CREATE TABLE story_claims (
    story_id TEXT COLLATE "C" NOT NULL,
    seq      INTEGER NOT NULL,
    kind     TEXT COLLATE "C" NOT NULL,
    unit     TEXT COLLATE "C" NOT NULL,
    low      DOUBLE PRECISION NOT NULL,
    high     DOUBLE PRECISION NOT NULL,
    data     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, seq)
  );
  CREATE INDEX story_claims_unit ON story_claims(story_id, kind, unit);
  CREATE TABLE story_entities (
    story_id  TEXT COLLATE "C" NOT NULL,
    entity    TEXT COLLATE "C" NOT NULL,
    name      TEXT COLLATE "C" NOT NULL,
    type      TEXT COLLATE "C" NOT NULL,
    canonical INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (story_id, entity)
  );
  CREATE INDEX story_entities_entity ON story_entities(entity);
  CREATE TABLE entities (
    entity  TEXT COLLATE "C" PRIMARY KEY,
    name    TEXT COLLATE "C" NOT NULL,
    type    TEXT COLLATE "C" NOT NULL,
    stories INTEGER NOT NULL
  );
  CREATE INDEX entities_stories ON entities(stories DESC, entity);
  CREATE INDEX entities_type ON entities(type, stories DESC, entity);

  -- Work shared by processes. An ingest run queues its input files in the walk's order (seq); any
  -- worker prepares them (read, clean, signature); the one process holding the assignment lease
  -- stores them in seq order, so the first copy of a near-duplicate and every id are what one process
  -- would give, and assigns the stored articles to stories.
  CREATE TABLE ingest_runs (
    id       BIGSERIAL PRIMARY KEY,
    -- Open while its inputs are still being queued: the pending articles are not assigned at a drain
    -- of the queue that is only a pause in the walk.
    open     BOOLEAN NOT NULL DEFAULT TRUE,
    max_bytes BIGINT NOT NULL,
    story_batch INTEGER NOT NULL
  );
  CREATE TABLE ingest_inputs (
    seq      BIGSERIAL PRIMARY KEY,
    run_id   BIGINT NOT NULL REFERENCES ingest_runs(id) DEFERRABLE INITIALLY DEFERRED,
    path     TEXT COLLATE "C" NOT NULL,
    bytes    BYTEA,
    -- queued → prepared (the preparation, JSON) → stored (with what came of it, JSON); or a problem
    -- found by the walk, stored as such in its place.
    state    TEXT COLLATE "C" NOT NULL,
    prepared TEXT COLLATE "C",
    -- How many articles the preparation holds (the most storing it can add).
    items    INTEGER NOT NULL DEFAULT 0,
    outcome  TEXT COLLATE "C"
  );
  CREATE INDEX ingest_inputs_open ON ingest_inputs(seq) WHERE state <> 'stored';
  CREATE INDEX ingest_inputs_run ON ingest_inputs(run_id, seq);
  -- Stories whose members changed, to analyze: a row per change, so the writer never waits on a
  -- worker holding one (workers take rows with SKIP LOCKED and check the story's signature).
  CREATE TABLE analysis_queue (
    seq      BIGSERIAL PRIMARY KEY,
    story_id TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX analysis_queue_story ON analysis_queue(story_id);
  -- Entity keys whose stories' analyses changed: their rows of \`entities\` are recounted by the lease
  -- holder (one process), not by each worker as it saves. No unique key: two workers saving stories
  -- that share entities must not wait on each other's rows (they deadlocked).
  CREATE TABLE dirty_entities (seq BIGSERIAL PRIMARY KEY, entity TEXT COLLATE "C" NOT NULL);
  -- Every analysis stored, by story and signature: the fault tests check that none is stored twice.
  CREATE TABLE analysis_log (
    story_id  TEXT COLLATE "C" NOT NULL,
    signature TEXT COLLATE "C" NOT NULL,
    saves     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (story_id, signature)
  );
  `,
  // 2: a large story's signature is longer than a btree entry may be (2,704 bytes): the log is keyed by its digest.
  `
  ALTER TABLE analysis_log DROP CONSTRAINT analysis_log_pkey;
  ALTER TABLE analysis_log ADD COLUMN digest TEXT COLLATE "C";
  UPDATE analysis_log SET digest = md5(signature);
  ALTER TABLE analysis_log ALTER COLUMN digest SET NOT NULL;
  ALTER TABLE analysis_log ADD PRIMARY KEY (story_id, digest);
  `,
  // 3: the follower's sources and the items it has ingested from each (as SQLite's).
  `
  CREATE TABLE sources (
    id            BIGSERIAL PRIMARY KEY,
    address       TEXT COLLATE "C" NOT NULL UNIQUE,
    kind          TEXT COLLATE "C" NOT NULL,
    title         TEXT COLLATE "C",
    added_at      TEXT COLLATE "C" NOT NULL,
    every_s       INTEGER NOT NULL,
    next_poll     TEXT COLLATE "C" NOT NULL,
    etag          TEXT COLLATE "C",
    last_modified TEXT COLLATE "C",
    last_polled   TEXT COLLATE "C",
    last_ok       TEXT COLLATE "C",
    last_error    TEXT COLLATE "C",
    failures      INTEGER NOT NULL DEFAULT 0,
    items         INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE source_items (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key       TEXT COLLATE "C" NOT NULL,
    seen_at   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source_id, key)
  );
  `,
  // 4: what changed in each story, and who is told (as SQLite's; revisions are recorded in the
  // transaction that saves the analysis, so there is no pending list).
  `
  CREATE TABLE story_digests (story_id TEXT COLLATE "C" PRIMARY KEY, data TEXT NOT NULL);
  CREATE TABLE story_revisions (
    story_id TEXT COLLATE "C" NOT NULL,
    seq      INTEGER NOT NULL,
    at       TEXT COLLATE "C" NOT NULL,
    articles INTEGER NOT NULL,
    changes  TEXT NOT NULL,
    PRIMARY KEY (story_id, seq)
  );
  CREATE INDEX story_revisions_at ON story_revisions(at);
  CREATE TABLE watchlists (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT COLLATE "C" NOT NULL UNIQUE,
    query          TEXT NOT NULL,
    created_at     TEXT COLLATE "C" NOT NULL,
    webhook_url    TEXT,
    webhook_secret TEXT
  );
  CREATE TABLE alerts (
    id           BIGSERIAL PRIMARY KEY,
    watchlist_id BIGINT NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    story_id     TEXT COLLATE "C" NOT NULL,
    seq          INTEGER NOT NULL,
    at           TEXT COLLATE "C" NOT NULL,
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT COLLATE "C",
    delivered_at TEXT COLLATE "C",
    last_error   TEXT,
    UNIQUE (watchlist_id, story_id, seq)
  );
  CREATE INDEX alerts_due ON alerts(next_attempt) WHERE next_attempt IS NOT NULL;
  CREATE INDEX alerts_watchlist ON alerts(watchlist_id, id);
  `,
];
