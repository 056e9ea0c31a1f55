/**
 * The streaming clusterer's state kept in the store, so that each new article is assigned at once,
 * by looking up only the clusters that share a key with it. Per key only the most recent clusters are
 * read: news returns to a name for years, an event lasts days.
 */
import type Database from 'better-sqlite3';
import type { Cluster, ClusterState } from '../cluster/clusterer.ts';

/** Clusters read per lookup key, newest first. */
const CANDIDATES_PER_KEY = 10;
/** A key found in more than this share of documents names no event ("president", "league"). */
const MAX_KEY_SHARE = 0.05;
/** Documents seen before the share rule applies: early on, every key is rare. */
const MIN_DOCS_FOR_SHARE = 200;
/** Clusters kept parsed in memory between lookups (the recent ones are the ones asked for). */
const CLUSTER_CACHE = 20_000;

interface Row {
  id: string;
  ord: number;
  data: string;
}

export function storeClusterState(db: Database.Database, level: 'story' | 'storyline'): ClusterState {
  const s = {
    docs: db.prepare('SELECT value FROM store_meta WHERE key = ?').pluck(),
    setDocs: db.prepare('UPDATE store_meta SET value = value + 1 WHERE key = ?'),
    df: db.prepare('SELECT df FROM cluster_df WHERE level = ? AND key = ?').pluck(),
    incDf: db.prepare('INSERT INTO cluster_df (level, key, df) VALUES (?, ?, 1) ON CONFLICT (level, key) DO UPDATE SET df = df + 1'),
    idsForKey: db.prepare('SELECT id FROM cluster_index WHERE level = ? AND key = ? ORDER BY ord DESC LIMIT ?').pluck(),
    get: db.prepare('SELECT id, ord, data FROM cluster_state WHERE level = ? AND id = ?'),
    count: db.prepare('SELECT COUNT(*) FROM cluster_state WHERE level = ?').pluck(),
    put: db.prepare('INSERT INTO cluster_state (level, id, ord, data) VALUES (?, ?, ?, ?) ON CONFLICT (level, id) DO UPDATE SET data = excluded.data'),
    index: db.prepare('INSERT OR IGNORE INTO cluster_index (level, key, ord, id) VALUES (?, ?, ?, ?)'),
  };
  const docsKey = `docs:${level}`;
  const dfCache = new Map<string, number>();
  const clusterCache = new Map<string, Cluster>();
  const remember = (c: Cluster) => {
    clusterCache.delete(c.id);
    clusterCache.set(c.id, c);
    if (clusterCache.size > CLUSTER_CACHE) clusterCache.delete(clusterCache.keys().next().value!);
  };
  return {
    docCount: () => Number(s.docs.get(docsKey)),
    df(key) {
      let v = dfCache.get(key);
      if (v === undefined) {
        v = (s.df.get(level, key) as number | undefined) ?? 0;
        dfCache.set(key, v);
      }
      return v;
    },
    addDocument(keys) {
      s.setDocs.run(docsKey);
      for (const k of new Set(keys)) {
        s.incDf.run(level, k);
        if (dfCache.has(k)) dfCache.set(k, dfCache.get(k)! + 1);
      }
    },
    candidates(keys) {
      const docs = this.docCount();
      const ids = new Set<string>();
      for (const k of keys) {
        if (docs >= MIN_DOCS_FOR_SHARE && this.df(k) > docs * MAX_KEY_SHARE) continue;
        for (const id of s.idsForKey.all(level, k, CANDIDATES_PER_KEY) as string[]) ids.add(id);
      }
      return [...ids].map((id) => {
        const cached = clusterCache.get(id);
        if (cached) return cached;
        const c = fromRow(s.get.get(level, id) as Row);
        remember(c);
        return c;
      });
    },
    clusterCount: () => s.count.get(level) as number,
    save(c, keys) {
      s.put.run(level, c.id, c.order, toData(c));
      remember(c);
      for (const k of keys) s.index.run(level, k, c.order, c.id);
    },
  };
}

function toData(c: Cluster): string {
  return JSON.stringify({ size: c.size, norm: c.norm, vector: [...c.vector], names: [...c.names], numbers: [...c.numbers], times: c.times });
}

function fromRow(r: Row): Cluster {
  const d = JSON.parse(r.data) as { size: number; norm: number; vector: [string, number][]; names: [string, number][]; numbers: [string, number][]; times: number[] };
  return { id: r.id, order: r.ord, size: d.size, norm: d.norm, vector: new Map(d.vector), names: new Map(d.names), numbers: new Map(d.numbers), times: d.times };
}
