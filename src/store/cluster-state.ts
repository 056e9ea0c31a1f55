/**
 * The streaming clusterer's state kept in the store, so that each new article is assigned at once,
 * by looking up only the clusters that share a key with it. Per key only the most recent clusters are
 * read: news returns to a name for years, an event lasts days.
 *
 * Reads go through memory (document count, document frequencies, recently used clusters); writes of
 * frequencies and cluster summaries are held until `flush`, which the store calls inside the
 * transaction that commits the assignments. A batch of articles then writes each changed row once
 * instead of once per article (an article touches ~200 frequency keys). If the transaction fails,
 * the store drops this state and a fresh one reads the committed rows.
 */
import type Database from 'better-sqlite3';
import type { Cluster, ClusterState } from '../cluster/clusterer.ts';

/** Clusters read per lookup key, newest first. */
export const CANDIDATES_PER_KEY = 10;
/** A key found in more than this share of documents names no event ("president", "league"). */
export const MAX_KEY_SHARE = 0.05;
/** Documents seen before the share rule applies: early on, every key is rare. */
export const MIN_DOCS_FOR_SHARE = 200;
/** Clusters kept parsed in memory between lookups (the recent ones are the ones asked for). */
const CLUSTER_CACHE = 20_000;
/** Document frequencies kept in memory; past this the cache is emptied and refilled from the store. */
const DF_CACHE = 500_000;

export interface ClusterRow {
  id: string;
  ord: number;
  data: string;
}

export interface StoreClusterState extends ClusterState {
  /** Write what changed since the last flush. Call inside the transaction that commits the batch. */
  flush(): void;
}

export function storeClusterState(db: Database.Database, level: 'story' | 'storyline'): StoreClusterState {
  const s = {
    docs: db.prepare('SELECT value FROM store_meta WHERE key = ?').pluck(),
    // A delta, not the count this handle saw: what another handle committed meanwhile is kept.
    addDocs: db.prepare('UPDATE store_meta SET value = value + ? WHERE key = ?'),
    df: db.prepare('SELECT df FROM cluster_df WHERE level = ? AND key = ?').pluck(),
    addDf: db.prepare('INSERT INTO cluster_df (level, key, df) VALUES (?, ?, ?) ON CONFLICT (level, key) DO UPDATE SET df = df + excluded.df'),
    idsForKey: db.prepare('SELECT id FROM cluster_index WHERE level = ? AND key = ? ORDER BY ord DESC LIMIT ?').pluck(),
    get: db.prepare('SELECT id, ord, data FROM cluster_state WHERE level = ? AND id = ?'),
    // Merged clusters leave gaps: the next order is one past the highest, not the count.
    nextOrder: db.prepare('SELECT COALESCE(MAX(ord) + 1, 0) FROM cluster_state WHERE level = ?').pluck(),
    remove: db.prepare('DELETE FROM cluster_state WHERE level = ? AND id = ?'),
    put: db.prepare('INSERT INTO cluster_state (level, id, ord, data) VALUES (?, ?, ?, ?) ON CONFLICT (level, id) DO UPDATE SET data = excluded.data'),
    index: db.prepare('INSERT OR IGNORE INTO cluster_index (level, key, ord, id) VALUES (?, ?, ?, ?)'),
  };
  const docsKey = `docs:${level}`;
  let docs = Number(s.docs.get(docsKey));
  let docsAdded = 0;
  let clusters = s.nextOrder.get(level) as number;
  const dfCache = new Map<string, number>();
  const dfDelta = new Map<string, number>();
  const clusterCache = new Map<string, Cluster>();
  // Index keys already written for a cached cluster: a join re-offers its top terms, most unchanged.
  const indexed = new Map<string, Set<string>>();
  const dirty = new Set<Cluster>();
  const removed = new Set<string>();
  // Ids merged away: their index keys stay behind, and each lookup through one would otherwise
  // cost a query that finds nothing.
  const gone = new Set<string>();
  const remember = (c: Cluster) => {
    clusterCache.delete(c.id);
    clusterCache.set(c.id, c);
    if (clusterCache.size > CLUSTER_CACHE) {
      const oldest = clusterCache.keys().next().value!;
      clusterCache.delete(oldest);
      indexed.delete(oldest);
    }
  };
  const df = (key: string) => {
    let v = dfCache.get(key);
    if (v === undefined) {
      v = ((s.df.get(level, key) as number | undefined) ?? 0) + (dfDelta.get(key) ?? 0);
      if (dfCache.size >= DF_CACHE) dfCache.clear();
      dfCache.set(key, v);
    }
    return v;
  };
  /** A cluster from memory or the store; null once merged away (its index keys may still lead here). */
  const get = (id: string): Cluster | null => {
    const cached = clusterCache.get(id);
    if (cached) return cached;
    if (gone.has(id)) return null;
    const row = s.get.get(level, id) as ClusterRow | undefined;
    if (!row) {
      if (gone.size >= CLUSTER_CACHE) gone.clear();
      gone.add(id);
      return null;
    }
    const c = fromRow(row);
    remember(c);
    return c;
  };
  return {
    docCount: () => docs,
    df,
    addDocument(keys) {
      docs++;
      docsAdded++;
      for (const k of new Set(keys)) {
        dfDelta.set(k, (dfDelta.get(k) ?? 0) + 1);
        const cached = dfCache.get(k);
        if (cached !== undefined) dfCache.set(k, cached + 1);
      }
    },
    candidates(keys) {
      const ids = new Set<string>();
      for (const k of keys) {
        if (docs >= MIN_DOCS_FOR_SHARE && df(k) > docs * MAX_KEY_SHARE) continue;
        for (const id of s.idsForKey.all(level, k, CANDIDATES_PER_KEY) as string[]) ids.add(id);
      }
      return [...ids].flatMap((id) => get(id) ?? []);
    },
    get,
    remove(id) {
      const c = clusterCache.get(id);
      if (c) dirty.delete(c);
      clusterCache.delete(id);
      indexed.delete(id);
      removed.add(id);
      gone.add(id);
    },
    clusterCount: () => clusters,
    save(c, keys) {
      // A new cluster takes the next order number (clusterCount at its creation).
      if (c.order >= clusters) clusters = c.order + 1;
      remember(c);
      dirty.add(c);
      let known = indexed.get(c.id);
      if (!known) indexed.set(c.id, (known = new Set()));
      for (const k of keys) {
        if (known.has(k)) continue;
        known.add(k);
        s.index.run(level, k, c.order, c.id);
      }
    },
    flush() {
      if (docsAdded) s.addDocs.run(docsAdded, docsKey);
      docsAdded = 0;
      for (const [k, n] of dfDelta) s.addDf.run(level, k, n);
      dfDelta.clear();
      for (const c of dirty) s.put.run(level, c.id, c.order, toData(c));
      dirty.clear();
      for (const id of removed) s.remove.run(level, id);
      removed.clear();
    },
  };
}

export function toData(c: Cluster): string {
  return JSON.stringify({ size: c.size, norm: c.norm, vector: [...c.vector], names: [...c.names], numbers: [...c.numbers], times: c.times, days: c.days, langs: [...c.langs] });
}

export function fromRow(r: ClusterRow): Cluster {
  const d = JSON.parse(r.data) as { size: number; norm: number; vector: [string, number][]; names: [string, number][]; numbers: [string, number][]; times: number[]; days?: number[]; langs?: [string, number][] };
  return { id: r.id, order: r.ord, size: d.size, norm: d.norm, vector: new Map(d.vector), names: new Map(d.names), numbers: new Map(d.numbers), times: d.times, days: d.days ?? [], langs: new Map(d.langs ?? []) };
}
