/**
 * Story assignment on PostgreSQL, one batch of articles at a time: read in a few queries what the
 * batch can touch (the document frequencies of its keys, the newest clusters under each key, those
 * clusters, their stories and storylines, the stories of its near-duplicates' originals), run the
 * same assigner as SQLite over that snapshot in memory, and write what changed as one change set in
 * the same transaction. The snapshot answers exactly what SQLite's per-key lookups would (the same
 * CANDIDATES_PER_KEY newest clusters under a key, counting those merged away; the same frequencies),
 * so the grouping is the same on both backends. Only the holder of the assignment lease calls this.
 */
import type { Article } from '../../records.ts';
import { createAssigner, headlineScore } from '../../cluster/assign.ts';
import type { Cluster, ClusterState } from '../../cluster/clusterer.ts';
import { articleFeatures, type ArticleFeatures } from '../../cluster/features.ts';
import { mentionedTime, type MentionedTime } from '../../cluster/mentioned-dates.ts';
import { publicationOrder } from '../../cluster/order.ts';
import { CANDIDATES_PER_KEY, fromRow, MAX_KEY_SHARE, MIN_DOCS_FOR_SHARE, toData, type ClusterRow } from '../cluster-state.ts';
import { toArticle } from './reader.ts';
import type { Queryable } from './pool.ts';

type Level = 'story' | 'storyline';
const LEVELS: Level[] = ['story', 'storyline'];

interface IndexEntry { ord: number; id: string }

/** What one level's state read for a batch, and what the batch changed. */
function snapshotState(level: Level, docs: number, nextOrder: number, df: Map<string, number>, index: Map<string, IndexEntry[]>, clusters: Map<string, Cluster | null>, indexed: Map<string, Set<string>>) {
  const dfDelta = new Map<string, number>();
  const dirty = new Map<string, Cluster>();
  const removed = new Set<string>();
  const indexWrites: { key: string; ord: number; id: string }[] = [];
  let docsAdded = 0;
  let next = nextOrder;
  const dfOf = (key: string) => {
    const v = df.get(key);
    if (v === undefined) throw new Error(`assignment snapshot (${level}): the frequency of ${key} was not read`);
    return v + (dfDelta.get(key) ?? 0);
  };
  const get = (id: string): Cluster | null => {
    const c = clusters.get(id);
    if (c === undefined) throw new Error(`assignment snapshot (${level}): cluster ${id} was not read`);
    return c;
  };
  const state: ClusterState = {
    docCount: () => docs + docsAdded,
    df: dfOf,
    addDocument(keys) {
      docsAdded++;
      for (const k of new Set(keys)) dfDelta.set(k, (dfDelta.get(k) ?? 0) + 1);
    },
    candidates(keys) {
      const ids = new Set<string>();
      const total = docs + docsAdded;
      for (const k of keys) {
        if (total >= MIN_DOCS_FOR_SHARE && dfOf(k) > total * MAX_KEY_SHARE) continue;
        for (const e of index.get(k) ?? []) ids.add(e.id);
      }
      return [...ids].flatMap((id) => get(id) ?? []);
    },
    clusterCount: () => next,
    save(c, keys) {
      if (c.order >= next) next = c.order + 1;
      clusters.set(c.id, c);
      dirty.set(c.id, c);
      removed.delete(c.id);
      // A join re-offers the cluster's top terms, most of them already in the index.
      let known = indexed.get(c.id);
      if (!known) indexed.set(c.id, (known = new Set()));
      for (const key of keys) {
        if (known.has(key)) continue;
        known.add(key);
        indexWrites.push({ key, ord: c.order, id: c.id });
        const list = index.get(key);
        // Only keys the batch looks up are kept in memory (every other key is written, never read here).
        if (!list || list.some((e) => e.id === c.id && e.ord === c.order)) continue;
        list.push({ ord: c.order, id: c.id });
        list.sort(newestFirst);
        if (list.length > CANDIDATES_PER_KEY) list.length = CANDIDATES_PER_KEY;
      }
    },
    get,
    remove(id) {
      clusters.set(id, null);
      dirty.delete(id);
      removed.add(id);
    },
  };
  return {
    state,
    /** The statements that write what the batch changed at this level (and bring the cache up to them). */
    changes(): Part[] {
      const parts: Part[] = [
        { sql: `UPDATE store_meta m SET value = CASE WHEN t.add THEN m.value + t.v ELSE GREATEST(m.value, t.v) END
          FROM unnest($1::text[], $2::int8[], $3::bool[]) AS t(k, v, add) WHERE m.key = t.k`, params: [[`docs:${level}`, `next_order:${level}`], [docsAdded, next], [true, false]] },
      ];
      if (dfDelta.size) {
        parts.push({ sql: `INSERT INTO cluster_df (level, key, df) SELECT $1, k, n FROM unnest($2::text[], $3::int[]) AS t(k, n)
          ON CONFLICT (level, key) DO UPDATE SET df = cluster_df.df + excluded.df`, params: [level, [...dfDelta.keys()], [...dfDelta.values()]] });
        // The cache now holds what the store will hold once this commits.
        for (const [k, n] of dfDelta) df.set(k, df.get(k)! + n);
        dfDelta.clear();
      }
      // `dirty` and `removed` never share an id (saving a cluster takes it off `removed` and removing it off `dirty`).
      if (dirty.size) {
        const list = [...dirty.values()];
        parts.push({ sql: `INSERT INTO cluster_state (level, id, ord, data) SELECT $1, i, o, d FROM unnest($2::text[], $3::int[], $4::text[]) AS t(i, o, d)
          ON CONFLICT (level, id) DO UPDATE SET data = excluded.data`, params: [level, list.map((c) => c.id), list.map((c) => c.order), list.map(toData)] });
      }
      if (removed.size) parts.push({ sql: 'DELETE FROM cluster_state WHERE level = $1 AND id = ANY($2)', params: [level, [...removed]] });
      if (indexWrites.length) {
        parts.push({ sql: `INSERT INTO cluster_index (level, key, ord, id) SELECT DISTINCT $1, k, o, i FROM unnest($2::text[], $3::int[], $4::text[]) AS t(k, o, i)
          ON CONFLICT DO NOTHING`, params: [level, indexWrites.map((w) => w.key), indexWrites.map((w) => w.ord), indexWrites.map((w) => w.id)] });
      }
      return parts;
    },
  };
}

/** One data-modifying statement and its parameters, numbered from $1. */
interface Part { sql: string; params: unknown[] }

/**
 * Run statements that touch disjoint rows as one (data-modifying WITH clauses): one round trip instead
 * of one each. They see the same snapshot, so none may depend on another's rows.
 */
async function runTogether(db: Queryable, parts: Part[]): Promise<void> {
  if (!parts.length) return;
  const params: unknown[] = [];
  const clauses = parts.map((p, i) => {
    const offset = params.length;
    params.push(...p.params);
    return `w${i} AS (${p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  await db.query(`WITH ${clauses.join(',\n')} SELECT 1`, params);
}

// SQLite walks the index (level, key, ord, id) backwards: newest order first, ties by id descending.
const newestFirst = (a: IndexEntry, b: IndexEntry) => b.ord - a.ord || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

interface StoryRow { storyline_id: string; headline: string | null; headline_score: number | null; first_published: string | null; last_published: string | null }

/** The keys under which a document's frequencies are counted and its clusters looked up. */
const keysOf = (f: ArticleFeatures) => [...[...f.terms.keys()].map((t) => `t:${t}`), ...[...f.names.keys()].map((n) => `n:${n}`)];

/** Clusters, frequencies and index keys kept between batches; past these sizes a level's map is emptied and refilled. */
const CLUSTER_CACHE = 20_000;
const DF_CACHE = 500_000;
const INDEX_CACHE = 200_000;

/**
 * What the lease holder keeps between batches: the clusters it read or wrote, the frequencies and the
 * newest clusters of the keys it looked up. Only the lease holder writes the clusterer's state, so
 * what it read stays true while it holds the lease and its own writes are applied here as it makes
 * them; whoever loses the lease, or sees a batch fail, drops the cache and reads afresh.
 */
export interface AssignCache {
  levels: Record<Level, { df: Map<string, number>; index: Map<string, IndexEntry[]>; clusters: Map<string, Cluster | null>; namesCounted: WeakSet<Cluster>; indexed: Map<string, Set<string>> }>;
  /** Story rows (only the assigner writes them). */
  stories: Map<string, StoryRow>;
}

export const createAssignCache = (): AssignCache => ({
  levels: Object.fromEntries(LEVELS.map((l) => [l, { df: new Map(), index: new Map(), clusters: new Map(), namesCounted: new WeakSet(), indexed: new Map() }])) as AssignCache['levels'],
  stories: new Map(),
});

/**
 * Assign articles (in the given order) in one transaction on `db`: gives the stories whose members
 * changed (those merged away included). With a cache, only what it lacks is read; the caller drops
 * the cache if the transaction does not commit.
 */
export async function assignBatch(db: Queryable, articles: Article[], placed: Map<string, MentionedTime>, cache: AssignCache = createAssignCache()): Promise<Set<string>> {
  const features = new Map<string, ArticleFeatures>();
  const keys = new Set<string>();
  // Near-duplicates too: one published before its original is clustered like any article (its original has no story yet).
  for (const a of articles) {
    const f = articleFeatures(a);
    features.set(a.id, f);
    for (const k of keysOf(f)) keys.add(k);
  }
  const keyList = [...keys];
  if (cache.stories.size > CLUSTER_CACHE) cache.stories.clear();
  for (const level of LEVELS) {
    const c = cache.levels[level];
    if (c.clusters.size > CLUSTER_CACHE) {
      c.clusters.clear();
      c.indexed.clear();
    }
    if (c.df.size > DF_CACHE) {
      c.df.clear();
      c.namesCounted = new WeakSet();
    }
    if (c.index.size > INDEX_CACHE) c.index.clear();
  }
  const meta = new Map((await db.query<{ key: string; value: number }>('SELECT key, value FROM store_meta')).rows.map((r) => [r.key, r.value]));
  // The newest clusters under each key not yet looked up, for both levels at once.
  const index = new Map(LEVELS.map((l) => [l, cache.levels[l].index]));
  const unindexed = keyList.filter((k) => LEVELS.some((l) => !index.get(l)!.has(k)));
  if (unindexed.length) {
    const found = new Map(LEVELS.map((l) => [l, new Map(unindexed.map((k) => [k, [] as IndexEntry[]]))]));
    for (const r of (await db.query<{ level: Level; key: string; ord: number; id: string }>(`SELECT l.level, k.key, i.ord, i.id
        FROM unnest($1::text[]) AS k(key) CROSS JOIN (VALUES ('story'), ('storyline')) AS l(level)
        CROSS JOIN LATERAL (SELECT ord, id FROM cluster_index c WHERE c.level = l.level AND c.key = k.key ORDER BY ord DESC, id DESC LIMIT ${CANDIDATES_PER_KEY}) i`, [unindexed])).rows) {
      found.get(r.level)!.get(r.key)!.push({ ord: r.ord, id: r.id });
    }
    for (const l of LEVELS) for (const [k, list] of found.get(l)!) if (!index.get(l)!.has(k)) index.get(l)!.set(k, list);
  }
  // The stories of near-duplicates' originals (an original may be assigned earlier in this batch).
  const originals = [...new Set(articles.flatMap((a) => (a.duplicateOf ? [a.duplicateOf] : [])))];
  const memberOf = new Map(originals.length ? (await db.query<{ article_id: string; story_id: string }>('SELECT article_id, story_id FROM story_members WHERE article_id = ANY($1)', [originals])).rows
    .map((r) => [r.article_id, r.story_id]) : []);
  // The clusters under the batch's keys, the rows of the stories among them (and of the originals' stories), and the storylines of those stories.
  const clusters = new Map(LEVELS.map((l) => [l, cache.levels[l].clusters]));
  const under = (level: Level) => keyList.flatMap((k) => index.get(level)!.get(k)!.map((e) => e.id));
  const storyIds = new Set(under('story'));
  for (const id of memberOf.values()) storyIds.add(id);
  const stories = cache.stories;
  const unread = [...storyIds].filter((id) => !stories.has(id));
  if (unread.length) {
    for (const r of (await db.query<StoryRow & { id: string }>('SELECT id, storyline_id, headline, headline_score, first_published, last_published FROM stories WHERE id = ANY($1)', [unread])).rows) {
      const { id, ...row } = r;
      stories.set(id, row);
    }
  }
  const lineIds = new Set(under('storyline'));
  for (const id of storyIds) {
    const row = stories.get(id);
    if (row) lineIds.add(row.storyline_id);
  }
  const wanted: Record<Level, string[]> = { story: [...storyIds], storyline: [...lineIds] };
  for (const level of LEVELS) {
    const found = clusters.get(level)!;
    const missing = wanted[level].filter((id) => !found.has(id));
    if (!missing.length) continue;
    for (const id of missing) found.set(id, null);
    for (const r of (await db.query<ClusterRow>('SELECT id, ord, data FROM cluster_state WHERE level = $1 AND id = ANY($2)', [level, missing])).rows) found.set(r.id, fromRow(r));
  }
  // Frequencies of the batch's keys, and of every name of the clusters it can reach (a candidate's names are weighed by rarity).
  const df = new Map(LEVELS.map((l) => [l, cache.levels[l].df]));
  const dfMissing = new Map(LEVELS.map((l) => [l, new Set<string>()]));
  for (const level of LEVELS) {
    const known = df.get(level)!;
    const want = dfMissing.get(level)!;
    for (const k of keyList) if (!known.has(k)) want.add(k);
    // A cluster's names, once counted, stay counted: the names it gains are its new members' keys, counted with the batch.
    const counted = cache.levels[level].namesCounted;
    for (const id of wanted[level]) {
      const c = clusters.get(level)!.get(id);
      if (!c || counted.has(c)) continue;
      for (const n of c.names.keys()) if (!known.has(`n:${n}`)) want.add(`n:${n}`);
      counted.add(c);
    }
  }
  const dfKeys = [...new Set(LEVELS.flatMap((l) => [...dfMissing.get(l)!]))];
  if (dfKeys.length) {
    const read = new Map(LEVELS.map((l) => [l, new Map<string, number>()]));
    for (const r of (await db.query<{ level: Level; key: string; df: number }>(`SELECT c.level, c.key, c.df FROM unnest($1::text[]) AS k(key)
        CROSS JOIN (VALUES ('story'), ('storyline')) AS l(level) JOIN cluster_df c ON c.level = l.level AND c.key = k.key`, [dfKeys])).rows) read.get(r.level)!.set(r.key, r.df);
    for (const l of LEVELS) for (const k of dfMissing.get(l)!) df.get(l)!.set(k, read.get(l)!.get(k) ?? 0);
  }
  const states = Object.fromEntries(LEVELS.map((l) => [l, snapshotState(l, meta.get(`docs:${l}`) ?? 0, meta.get(`next_order:${l}`) ?? 0, df.get(l)!, index.get(l)!, clusters.get(l)!, cache.levels[l].indexed)])) as
    Record<Level, ReturnType<typeof snapshotState>>;
  const assigner = createAssigner(states.story.state, states.storyline.state);

  // The batch's changes: rows as they end, and the statements that move rows the batch did not read.
  const moves: [string, unknown[]][] = [];
  const newLines = new Set<string>();
  const lostLines = new Set<string>();
  const goneStories = new Set<string>();
  const members = new Map<string, string>();
  const touched = new Set<string>();
  const repoint = (into: string, gone: string) => {
    for (const map of [members, memberOf]) for (const [k, v] of map) if (v === gone) map.set(k, into);
  };
  const foldStoryline = (into: string, lost: string) => {
    moves.push(['UPDATE stories SET storyline_id = $1 WHERE storyline_id = $2', [into, lost]]);
    for (const s of stories.values()) if (s.storyline_id === lost) s.storyline_id = into;
    if (newLines.delete(lost)) return;
    lostLines.add(lost);
  };
  const mergeStory = (into: string, gone: string, lang: string, vector: Map<string, number>) => {
    const keep = stories.get(into)!;
    const fold = stories.get(gone)!;
    const score = (h: string | null) => (h ? headlineScore(h, lang, { vector }) : -1);
    moves.push(['UPDATE story_members SET story_id = $1 WHERE story_id = $2', [into, gone]]);
    repoint(into, gone);
    keep.headline = score(fold.headline) > score(keep.headline) ? fold.headline : keep.headline;
    if (keep.first_published === null || (fold.first_published !== null && fold.first_published < keep.first_published)) keep.first_published = fold.first_published;
    if (keep.last_published === null || (fold.last_published !== null && fold.last_published > keep.last_published)) keep.last_published = fold.last_published;
    stories.delete(gone);
    goneStories.add(gone);
    moves.push(['UPDATE story_aliases SET story_id = $1 WHERE story_id = $2', [into, gone]]);
    moves.push(['INSERT INTO story_aliases (old_id, story_id) VALUES ($1, $2) ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id', [gone, into]]);
    if (keep.storyline_id === fold.storyline_id) return;
    const line = assigner.mergeStorylines(keep.storyline_id, fold.storyline_id);
    foldStoryline(line ?? keep.storyline_id, line === keep.storyline_id ? fold.storyline_id : keep.storyline_id);
  };
  for (const article of articles) {
    const original = article.duplicateOf ? members.get(article.duplicateOf) ?? memberOf.get(article.duplicateOf) ?? null : null;
    const a = assigner.assign(article, original, placed.get(article.id), features.get(article.id));
    for (const gone of a.merged) mergeStory(a.storyId, gone, article.lang, a.storyVector);
    const date = article.publishedAt;
    if (a.newStory) {
      if (a.newStory.storylineCreated) newLines.add(a.newStory.storylineId);
      for (const lost of a.newStory.storylinesMerged) foldStoryline(a.newStory.storylineId, lost);
      stories.set(a.storyId, { storyline_id: a.newStory.storylineId, headline: a.headline?.text ?? null, headline_score: a.headline?.score ?? null, first_published: date, last_published: date });
      goneStories.delete(a.storyId);
    } else {
      const row = stories.get(a.storyId)!;
      const current = row.headline ? headlineScore(row.headline, article.lang, { vector: a.storyVector }) : -1;
      const better = a.headline && a.headline.score > current ? a.headline : null;
      if (date !== null && (row.first_published === null || date < row.first_published)) row.first_published = date;
      if (date !== null && (row.last_published === null || date > row.last_published)) row.last_published = date;
      if (better) row.headline = better.text;
    }
    members.set(article.id, a.storyId);
    touched.add(a.storyId);
    for (const gone of a.merged) touched.add(gone);
  }

  // Written in an order the deferred foreign keys accept at commit: storylines and moves first (rare),
  // then every row the batch changed in one statement, then what is counted from the members.
  if (newLines.size) await db.query('INSERT INTO storylines (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...newLines]]);
  for (const [sql, params] of moves) await db.query(sql, params);
  const parts: Part[] = [];
  // Only the stories the batch changed: a story it merely read was moved (if at all) by the statements above.
  const rows = [...stories].filter(([id]) => touched.has(id));
  if (rows.length) {
    parts.push({ sql: `INSERT INTO stories (id, storyline_id, headline, headline_score, first_published, last_published)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[])
      ON CONFLICT (id) DO UPDATE SET storyline_id = excluded.storyline_id, headline = excluded.headline, first_published = excluded.first_published, last_published = excluded.last_published`,
    params: [rows.map(([id]) => id), rows.map(([, s]) => s.storyline_id), rows.map(([, s]) => s.headline), rows.map(([, s]) => s.headline_score), rows.map(([, s]) => s.first_published), rows.map(([, s]) => s.last_published)] });
  }
  if (goneStories.size) {
    parts.push({ sql: 'DELETE FROM stories WHERE id = ANY($1)', params: [[...goneStories]] });
    parts.push({ sql: 'DELETE FROM story_facets WHERE story_id = ANY($1)', params: [[...goneStories]] });
  }
  if (lostLines.size) parts.push({ sql: 'DELETE FROM storylines WHERE id = ANY($1)', params: [[...lostLines]] });
  if (members.size) {
    parts.push({ sql: `INSERT INTO story_members (article_id, story_id) SELECT * FROM unnest($1::text[], $2::text[])
      ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`, params: [[...members.keys()], [...members.values()]] });
  }
  for (const level of LEVELS) parts.push(...states[level].changes());
  await runTogether(db, parts);
  // A story's facets only grow as articles join it (a merge brings the other story's members along).
  const live = [...touched].filter((id) => !goneStories.has(id));
  if (live.length) {
    await runTogether(db, [
      { sql: 'UPDATE stories s SET article_count = (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id) WHERE s.id = ANY($1)', params: [live] },
      { sql: `INSERT INTO story_facets (kind, value, story_id) SELECT f.kind, f.value, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id
          CROSS JOIN LATERAL (VALUES ('publisher', a.publisher), ('lang', a.lang)) AS f(kind, value)
          WHERE m.story_id = ANY($1) AND f.value IS NOT NULL ON CONFLICT DO NOTHING`, params: [live] },
    ]);
  }
  return touched;
}

/**
 * Every article not yet in a story, in publication order, as SQLite's `assignPending` orders them:
 * undated ones placed by the dates their text mentions. Gives the order and those placements.
 */
export async function pendingInOrder(db: Queryable): Promise<{ ids: string[]; placed: Map<string, MentionedTime> }> {
  const rows = (await db.query<{ id: string; published_at: string | null; text: string | null; lang: string }>(`SELECT a.id, a.published_at, a.lang,
      CASE WHEN a.published_at IS NULL THEN a.text END AS text
    FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id)`)).rows;
  const placed = new Map<string, MentionedTime>();
  const ordered = publicationOrder(rows.map((r) => ({ id: r.id, publishedAt: r.published_at, text: r.text, lang: r.lang })), (r) => {
    const m = mentionedTime(r.text ?? '', r.lang);
    placed.set(r.id, m);
    return m;
  });
  return { ids: ordered.map((r) => r.id), placed };
}

/** Articles by id, in the order asked. */
export async function articlesById(db: Queryable, ids: string[]): Promise<Article[]> {
  const rows = (await db.query(`SELECT a.id, a.ref, a.path, a.url, a.outlet, a.title, a.published_at, a.lang, a.author, a.text, a.duplicate_of
    FROM articles a WHERE a.id = ANY($1)`, [ids])).rows;
  const byId = new Map(rows.map((r) => [r.id as string, toArticle(r)]));
  return ids.map((id) => byId.get(id)!);
}

