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
function snapshotState(level: Level, docs: number, nextOrder: number, df: Map<string, number>, index: Map<string, IndexEntry[]>, clusters: Map<string, Cluster | null>) {
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
      for (const key of keys) {
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
    async write(db: Queryable) {
      await db.query('UPDATE store_meta SET value = value + $1 WHERE key = $2', [docsAdded, `docs:${level}`]);
      await db.query('UPDATE store_meta SET value = GREATEST(value, $1) WHERE key = $2', [next, `next_order:${level}`]);
      if (dfDelta.size) {
        await db.query(`INSERT INTO cluster_df (level, key, df) SELECT $1, k, n FROM unnest($2::text[], $3::int[]) AS t(k, n)
          ON CONFLICT (level, key) DO UPDATE SET df = cluster_df.df + excluded.df`, [level, [...dfDelta.keys()], [...dfDelta.values()]]);
      }
      if (dirty.size) {
        const list = [...dirty.values()];
        await db.query(`INSERT INTO cluster_state (level, id, ord, data) SELECT $1, i, o, d FROM unnest($2::text[], $3::int[], $4::text[]) AS t(i, o, d)
          ON CONFLICT (level, id) DO UPDATE SET data = excluded.data`, [level, list.map((c) => c.id), list.map((c) => c.order), list.map(toData)]);
      }
      if (removed.size) await db.query('DELETE FROM cluster_state WHERE level = $1 AND id = ANY($2)', [level, [...removed]]);
      if (indexWrites.length) {
        await db.query(`INSERT INTO cluster_index (level, key, ord, id) SELECT DISTINCT $1, k, o, i FROM unnest($2::text[], $3::int[], $4::text[]) AS t(k, o, i)
          ON CONFLICT DO NOTHING`, [level, indexWrites.map((w) => w.key), indexWrites.map((w) => w.ord), indexWrites.map((w) => w.id)]);
      }
    },
  };
}

// SQLite walks the index (level, key, ord, id) backwards: newest order first, ties by id descending.
const newestFirst = (a: IndexEntry, b: IndexEntry) => b.ord - a.ord || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

interface StoryRow { storyline_id: string; headline: string | null; headline_score: number | null; first_published: string | null; last_published: string | null }

/** The keys under which a document's frequencies are counted and its clusters looked up. */
const keysOf = (f: ArticleFeatures) => [...[...f.terms.keys()].map((t) => `t:${t}`), ...[...f.names.keys()].map((n) => `n:${n}`)];

/**
 * Assign articles (in the given order) in one transaction on `db`: gives the stories whose members
 * changed (those merged away included).
 */
export async function assignBatch(db: Queryable, articles: Article[], placed: Map<string, MentionedTime>): Promise<Set<string>> {
  const features = new Map<string, ArticleFeatures>();
  const keys = new Set<string>();
  // Near-duplicates too: one published before its original is clustered like any article (its original has no story yet).
  for (const a of articles) {
    const f = articleFeatures(a);
    features.set(a.id, f);
    for (const k of keysOf(f)) keys.add(k);
  }
  const keyList = [...keys];
  const meta = new Map((await db.query<{ key: string; value: number }>('SELECT key, value FROM store_meta')).rows.map((r) => [r.key, r.value]));
  // The newest clusters under each key, for both levels at once.
  const index = new Map(LEVELS.map((l) => [l, new Map(keyList.map((k) => [k, [] as IndexEntry[]]))]));
  for (const r of (await db.query<{ level: Level; key: string; ord: number; id: string }>(`SELECT l.level, k.key, i.ord, i.id
      FROM unnest($1::text[]) AS k(key) CROSS JOIN (VALUES ('story'), ('storyline')) AS l(level)
      CROSS JOIN LATERAL (SELECT ord, id FROM cluster_index c WHERE c.level = l.level AND c.key = k.key ORDER BY ord DESC, id DESC LIMIT ${CANDIDATES_PER_KEY}) i`, [keyList])).rows) {
    index.get(r.level)!.get(r.key)!.push({ ord: r.ord, id: r.id });
  }
  // The stories of near-duplicates' originals (an original may be assigned earlier in this batch).
  const originals = [...new Set(articles.flatMap((a) => (a.duplicateOf ? [a.duplicateOf] : [])))];
  const memberOf = new Map((await db.query<{ article_id: string; story_id: string }>('SELECT article_id, story_id FROM story_members WHERE article_id = ANY($1)', [originals])).rows
    .map((r) => [r.article_id, r.story_id]));
  // The clusters found, the rows of the stories among them (and of the originals' stories), and the storylines of those stories.
  const clusters = new Map(LEVELS.map((l) => [l, new Map<string, Cluster | null>()]));
  const storyIds = new Set([...index.get('story')!.values()].flatMap((list) => list.map((e) => e.id)));
  for (const id of memberOf.values()) storyIds.add(id);
  const stories = new Map<string, StoryRow>();
  for (const r of (await db.query<StoryRow & { id: string }>('SELECT id, storyline_id, headline, headline_score, first_published, last_published FROM stories WHERE id = ANY($1)', [[...storyIds]])).rows) {
    const { id, ...row } = r;
    stories.set(id, row);
  }
  const lineIds = new Set([...index.get('storyline')!.values()].flatMap((list) => list.map((e) => e.id)));
  for (const s of stories.values()) lineIds.add(s.storyline_id);
  const wanted: Record<Level, string[]> = { story: [...storyIds], storyline: [...lineIds] };
  for (const level of LEVELS) {
    const found = clusters.get(level)!;
    for (const id of wanted[level]) found.set(id, null);
    for (const r of (await db.query<ClusterRow>('SELECT id, ord, data FROM cluster_state WHERE level = $1 AND id = ANY($2)', [level, wanted[level]])).rows) found.set(r.id, fromRow(r));
  }
  // Frequencies of the batch's keys, and of every name of the clusters read (a candidate's names are weighed by rarity).
  const dfKeys = new Set(keyList);
  for (const level of LEVELS) for (const c of clusters.get(level)!.values()) for (const n of c?.names.keys() ?? []) dfKeys.add(`n:${n}`);
  const df = new Map(LEVELS.map((l) => [l, new Map([...dfKeys].map((k) => [k, 0]))]));
  for (const r of (await db.query<{ level: Level; key: string; df: number }>(`SELECT c.level, c.key, c.df FROM unnest($1::text[]) AS k(key)
      CROSS JOIN (VALUES ('story'), ('storyline')) AS l(level) JOIN cluster_df c ON c.level = l.level AND c.key = k.key`, [[...dfKeys]])).rows) df.get(r.level)!.set(r.key, r.df);
  const states = Object.fromEntries(LEVELS.map((l) => [l, snapshotState(l, meta.get(`docs:${l}`) ?? 0, meta.get(`next_order:${l}`) ?? 0, df.get(l)!, index.get(l)!, clusters.get(l)!)])) as
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

  // Written in an order the deferred foreign keys accept at commit: storylines, moves, stories, members.
  if (newLines.size) await db.query('INSERT INTO storylines (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...newLines]]);
  for (const [sql, params] of moves) await db.query(sql, params);
  const rows = [...stories];
  if (rows.length) {
    await db.query(`INSERT INTO stories (id, storyline_id, headline, headline_score, first_published, last_published)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[])
      ON CONFLICT (id) DO UPDATE SET storyline_id = excluded.storyline_id, headline = excluded.headline, first_published = excluded.first_published, last_published = excluded.last_published`,
    [rows.map(([id]) => id), rows.map(([, s]) => s.storyline_id), rows.map(([, s]) => s.headline), rows.map(([, s]) => s.headline_score), rows.map(([, s]) => s.first_published), rows.map(([, s]) => s.last_published)]);
  }
  if (goneStories.size) await db.query('DELETE FROM stories WHERE id = ANY($1)', [[...goneStories]]);
  if (lostLines.size) await db.query('DELETE FROM storylines WHERE id = ANY($1)', [[...lostLines]]);
  if (members.size) {
    await db.query(`INSERT INTO story_members (article_id, story_id) SELECT * FROM unnest($1::text[], $2::text[])
      ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`, [[...members.keys()], [...members.values()]]);
  }
  const ids = [...touched];
  await db.query('UPDATE stories s SET article_count = (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id) WHERE s.id = ANY($1)', [ids]);
  await db.query('DELETE FROM story_facets WHERE story_id = ANY($1)', [ids]);
  await db.query(`INSERT INTO story_facets (kind, value, story_id) SELECT 'publisher', a.publisher, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id
    WHERE m.story_id = ANY($1) AND a.publisher IS NOT NULL ON CONFLICT DO NOTHING`, [ids]);
  await db.query(`INSERT INTO story_facets (kind, value, story_id) SELECT 'lang', a.lang, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id
    WHERE m.story_id = ANY($1) ON CONFLICT DO NOTHING`, [ids]);
  for (const level of LEVELS) await states[level].write(db);
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

