/**
 * Streaming clustering, one level: each document is compared with the clusters that share an index
 * key with it (a top term or a name), never with every cluster, and joins the best one above the
 * threshold or starts its own. The same function groups articles into stories (short time scale,
 * high threshold) and stories into storylines (long time scale, lower threshold).
 *
 * Similarity = cosine of TF-IDF vectors (log tf, smoothed idf over everything seen so far)
 *            + weight × share of the document's name weight that the cluster shares (rare names weigh most)
 *            + weight × share of shared numbers,
 * discounted by the time between the document and the cluster when both are dated. An undated
 * document that names a day and month but no year is placed in its season: its day of the year is
 * compared with the cluster's modulo a year, so that the same two leaders meeting in the same city in
 * March and again in September are two stories even when no report carries a date.
 *
 * Across languages the term cosine is near zero whatever the event, so a document in a language the
 * cluster is not mostly written in is also scored on the evidence that survives translation alone:
 * the share of the cluster's names it contains (the cluster's side, because a German text capitalises
 * every noun and would dilute its own) and the share of its numbers the cluster has, rescaled to the
 * range of the full score. The higher of the two scores counts. A name inflected in the document's
 * language ("Rantanenom" for Rantanen) counts when it differs from the cluster's spelling by a few
 * letters after a shared stem; the event lexicon's concepts (`~earthquake`) are terms of every
 * language, so they count in the cosine either way.
 */
import { commonPrefixLength } from './features.ts';
import { dayOfYear } from './mentioned-dates.ts';

export interface ClusterDoc {
  id: string;
  terms: Map<string, number>;
  names: Map<string, number>;
  numbers: Set<string>;
  time: number | null;
  /** Without a time: the day of the year (0–365) of the day and month it names, if any. */
  day?: number | null;
  /** ISO 639-1 language of the document. */
  lang: string;
}

export interface ClusterParams {
  /** Minimum similarity to join a cluster. */
  threshold: number;
  /** Days within which time does not count against a match. */
  graceDays: number;
  /** Days over which the time discount falls by e after the grace period. */
  decayDays: number;
  /** Weight of shared names and of shared numbers next to the term cosine. */
  nameWeight: number;
  numberWeight: number;
  /**
   * Minimum similarity of two clusters, both matched by one document, for them to become one: a
   * story that began as two (two first reports that shared too little) joins once a later report
   * bridges them.
   */
  mergeThreshold: number;
}

/** What the clusterer keeps of a cluster: a summary, not its members (they live with the caller). */
export interface Cluster {
  id: string;
  /** Creation order: ties go to the older cluster. */
  order: number;
  size: number;
  /** Sum of member vectors (unnormalised), trimmed to the heaviest terms, and its norm. */
  vector: Map<string, number>;
  norm: number;
  names: Map<string, number>;
  numbers: Map<string, number>;
  times: number[];
  /** Days of the year of members placed only by a day and month (sorted). */
  days: number[];
  /** Members per language. */
  langs: Map<string, number>;
}

/**
 * Where the clusterer's state lives: in memory for a batch (recluster), in the store for the stream
 * (ingest). The clusterer only ever asks for the clusters that share a key with a document.
 */
export interface ClusterState {
  docCount(): number;
  /** Document frequencies of `t:term` and `n:name` keys. */
  df(key: string): number;
  /** Count one more document with these keys. */
  addDocument(keys: string[]): void;
  candidates(keys: string[]): Cluster[];
  /**
   * The order number the next new cluster takes: one past the highest in use (a merged-away youngest
   * cluster's number can be given again after the store is reopened; orders only break ties).
   */
  clusterCount(): number;
  /** Store a new or changed cluster and the index keys that now lead to it. */
  save(cluster: Cluster, indexKeys: string[]): void;
  /** A cluster by id, or null when there is none (merged away). */
  get(id: string): Cluster | null;
  /** Forget a cluster merged into another; index keys that still lead to it are skipped on lookup. */
  remove(id: string): void;
}

export function memoryState(): ClusterState & { all(): Cluster[] } {
  const df = new Map<string, number>();
  let docs = 0;
  const clusters = new Map<string, Cluster>();
  const index = new Map<string, Set<string>>();
  let next = 0;
  return {
    docCount: () => docs,
    df: (k) => df.get(k) ?? 0,
    addDocument(keys) {
      docs++;
      for (const k of keys) df.set(k, (df.get(k) ?? 0) + 1);
    },
    candidates(keys) {
      const ids = new Set<string>();
      for (const k of keys) for (const id of index.get(k) ?? []) ids.add(id);
      return [...ids].flatMap((id) => clusters.get(id) ?? []);
    },
    clusterCount: () => next,
    save(c, keys) {
      if (c.order >= next) next = c.order + 1;
      clusters.set(c.id, c);
      for (const k of keys) {
        let set = index.get(k);
        if (!set) index.set(k, (set = new Set()));
        set.add(c.id);
      }
    },
    get: (id) => clusters.get(id) ?? null,
    remove(id) {
      clusters.delete(id);
    },
    all: () => [...clusters.values()].sort((a, b) => a.order - b.order),
  };
}

/** How many of a document's heaviest terms look up candidate clusters. */
const LOOKUP_TERMS = 12;
/** How many of the names a document is most about (mentions × rarity) look up candidate clusters. */
const LOOKUP_NAMES = 16;
/** How many of a cluster's heaviest terms are kept in the index (refreshed as it grows). */
const INDEXED_TERMS = 40;
/** Cluster vectors are trimmed to their heaviest terms to bound memory and time. */
const CLUSTER_TERMS = 300;

export interface Clusterer {
  /**
   * Assign a document: the id of the cluster it joins or starts, whether it started it, and the ids
   * of clusters merged into that one because the document bridged them (older survives).
   */
  add(doc: ClusterDoc): { id: string; created: boolean; cluster: Cluster; merged: string[] };
  /** Merge two clusters, the younger into the older (when the level below merged); gives the survivor's id. */
  merge(aId: string, bId: string): string | null;
}

export function createClusterer(params: ClusterParams, newId: (firstMember: string) => string, state: ClusterState): Clusterer {
  const idf = (key: string) => Math.log((state.docCount() + 1) / (state.df(key) + 1)) + 1;

  const weigh = (terms: Map<string, number>) => {
    const v = new Map<string, number>();
    let sq = 0;
    for (const [t, tf] of terms) {
      const w = (1 + Math.log(tf)) * idf(`t:${t}`);
      v.set(t, w);
      sq += w * w;
    }
    const norm = Math.sqrt(sq) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  };

  /** What the candidate comparisons share: computed once per document, not once per candidate. */
  interface Probe {
    doc: ClusterDoc;
    vec: Map<string, number>;
    nameWeights: [string, number][];
    nameTotal: number;
    /** The document's names by their first four letters, for the inflected spellings of another language. */
    namesByStart: Map<string, string[]>;
  }

  const probe = (doc: ClusterDoc, vec: Map<string, number>): Probe => {
    const nameWeights = [...doc.names.keys()].map((n) => [n, idf(`n:${n}`)] as [string, number]);
    const namesByStart = new Map<string, string[]>();
    for (const n of doc.names.keys()) {
      if (n.length < 4) continue;
      const list = namesByStart.get(n.slice(0, 4));
      if (list) list.push(n);
      else namesByStart.set(n.slice(0, 4), [n]);
    }
    return { doc, vec, nameWeights, nameTotal: nameWeights.reduce((a, [, w]) => a + w, 0), namesByStart };
  };

  /** The most any cluster can score before the time discount: cosine 1, all names, all numbers. */
  const maxScore = 1 + params.nameWeight + params.numberWeight;

  const similarity = (p: Probe, c: Cluster): number => {
    const time = timeFactor(p.doc.time, p.doc.day ?? null, c);
    // A cluster too far away in time cannot reach the threshold whatever it shares.
    if (time * maxScore < params.threshold) return 0;
    let dot = 0;
    for (const [t, w] of p.vec) {
      const cw = c.vector.get(t);
      if (cw !== undefined) dot += w * cw;
    }
    const cosine = dot / (c.norm || 1);
    let nameShared = 0;
    for (const [n, w] of p.nameWeights) if (c.names.has(n)) nameShared += w;
    const names = p.nameTotal ? nameShared / p.nameTotal : 0;
    let numShared = 0;
    for (const n of p.doc.numbers) if (c.numbers.has(n)) numShared++;
    const numbers = p.doc.numbers.size ? numShared / p.doc.numbers.size : 0;
    const full = cosine + params.nameWeight * names + params.numberWeight * numbers;
    if (!isForeign(p.doc.lang, c)) return full * time;
    const across = ((params.nameWeight * nameShare(c.names, { has: (n) => p.doc.names.has(n) || hasInflected(p, n) }) + params.numberWeight * numbers) / (params.nameWeight + params.numberWeight)) * maxScore;
    return Math.max(full, across) * time;
  };

  /** The document's language is not the one most of the cluster is written in. */
  const isForeign = (lang: string, c: Cluster): boolean => {
    let top = '';
    let most = 0;
    for (const [l, n] of c.langs) if (n > most || (n === most && l < top)) (top = l), (most = n);
    return most > 0 && top !== lang;
  };

  /**
   * The document names `name` in another form of the word: one extends the other, or both share a
   * stem of five letters and differ in at most three letters after it (Rantanen/Rantanenom,
   * Chania/Chanion, Tallinn/Tallinnassa).
   */
  const hasInflected = (p: Probe, name: string): boolean => {
    if (name.length < 4) return false;
    for (const d of p.namesByStart.get(name.slice(0, 4)) ?? []) {
      const [short, long] = d.length <= name.length ? [d, name] : [name, d];
      const common = commonPrefixLength(short, long);
      if ((common === short.length || common >= 5) && short.length - common <= 3 && long.length - common <= 3) return true;
    }
    return false;
  };

  /** Share of the name weight (mentions × rarity) of `names` that `other` names too. */
  const nameShare = (names: Map<string, number>, other: { has(name: string): boolean }): number => {
    let total = 0;
    let shared = 0;
    for (const [n, k] of names) {
      const w = (1 + Math.log(k)) * idf(`n:${n}`);
      total += w;
      if (other.has(n)) shared += w;
    }
    return total ? shared / total : 0;
  };

  const timeFactor = (t: number | null, day: number | null, c: Pick<Cluster, 'times' | 'days'>): number => {
    const time = median(c.times);
    if (t !== null && time !== null) return decay(Math.abs(t - time) / 86_400_000);
    // One side is placed only by a day and month: compare days of the year, the nearer way round.
    const mine = t !== null ? dayOfYear(t) : day;
    const theirs = time !== null ? dayOfYear(time) : median(c.days);
    if (mine === null || theirs === null) return 1;
    const apart = Math.abs(mine - theirs);
    return decay(Math.min(apart, 366 - apart));
  };

  const decay = (days: number) => (days <= params.graceDays ? 1 : Math.exp(-(days - params.graceDays) / params.decayDays));

  /** Add term weights to a cluster's summed vector, trimmed to its heaviest terms, and renew its norm. */
  const addVector = (c: Cluster, vec: Map<string, number>) => {
    for (const [t, w] of vec) c.vector.set(t, (c.vector.get(t) ?? 0) + w);
    if (c.vector.size > CLUSTER_TERMS * 1.5) {
      c.vector = new Map([...c.vector].sort((a, b) => b[1] - a[1]).slice(0, CLUSTER_TERMS));
    }
    let sq = 0;
    for (const w of c.vector.values()) sq += w * w;
    c.norm = Math.sqrt(sq);
  };

  const join = (c: Cluster, doc: ClusterDoc, vec: Map<string, number>): string[] => {
    c.size++;
    addVector(c, vec);
    for (const [n, k] of doc.names) c.names.set(n, (c.names.get(n) ?? 0) + k);
    for (const n of doc.numbers) c.numbers.set(n, (c.numbers.get(n) ?? 0) + 1);
    c.langs.set(doc.lang, (c.langs.get(doc.lang) ?? 0) + 1);
    if (doc.time !== null) insertSorted(c.times, doc.time);
    else if (doc.day != null) insertSorted(c.days, doc.day);
    return [
      ...[...c.vector].sort((a, b) => b[1] - a[1]).slice(0, INDEXED_TERMS).map(([t]) => `t:${t}`),
      ...[...doc.names.keys()].map((n) => `n:${n}`),
    ];
  };

  /**
   * How alike two clusters are, on the scale of a document's score: the cosine of their summed
   * vectors, the share of the smaller one's names and numbers the larger has, the time between
   * their medians. Summed vectors are smoother than one document's, so this asks for more.
   */
  const clusterSimilarity = (a: Cluster, b: Cluster): number => {
    const [small, big] = a.size < b.size || (a.size === b.size && a.order > b.order) ? [a, b] : [b, a];
    const time = timeFactor(median(small.times), median(small.days), big);
    let dot = 0;
    for (const [t, w] of small.vector) {
      const bw = big.vector.get(t);
      if (bw !== undefined) dot += w * bw;
    }
    const cosine = dot / ((small.norm || 1) * (big.norm || 1));
    let numShared = 0;
    for (const n of small.numbers.keys()) if (big.numbers.has(n)) numShared++;
    const numbers = small.numbers.size ? numShared / small.numbers.size : 0;
    return (cosine + params.nameWeight * nameShare(small.names, big.names) + params.numberWeight * numbers) * time;
  };

  /** Fold `from` into `into` and give the index keys that now lead to `into`. */
  const absorb = (into: Cluster, from: Cluster): string[] => {
    into.size += from.size;
    addVector(into, from.vector);
    for (const [n, k] of from.names) into.names.set(n, (into.names.get(n) ?? 0) + k);
    for (const [n, k] of from.numbers) into.numbers.set(n, (into.numbers.get(n) ?? 0) + k);
    for (const [l, k] of from.langs) into.langs.set(l, (into.langs.get(l) ?? 0) + k);
    into.times = [...into.times, ...from.times].sort((x, y) => x - y);
    into.days = [...into.days, ...from.days].sort((x, y) => x - y);
    return [
      ...[...into.vector].sort((a, b) => b[1] - a[1]).slice(0, INDEXED_TERMS).map(([t]) => `t:${t}`),
      ...[...from.names.keys()].map((n) => `n:${n}`),
    ];
  };

  /** Merge the younger of two clusters into the older; gives the survivor. */
  const mergePair = (a: Cluster, b: Cluster): { survivor: Cluster; gone: Cluster } => {
    const [survivor, gone] = a.order <= b.order ? [a, b] : [b, a];
    state.save(survivor, absorb(survivor, gone));
    state.remove(gone.id);
    return { survivor, gone };
  };

  return {
    add(doc) {
      state.addDocument([...[...doc.terms.keys()].map((t) => `t:${t}`), ...[...doc.names.keys()].map((n) => `n:${n}`)]);
      const vec = weigh(doc.terms);
      const p = probe(doc, vec);
      const keys = [
        ...[...vec].sort((a, b) => b[1] - a[1]).slice(0, LOOKUP_TERMS).map(([t]) => `t:${t}`),
        // The names the article is most about (mentions × rarity) find its event; a name in passing only adds candidates.
        ...p.nameWeights
          .map(([n, w]) => [n, w * (1 + Math.log(doc.names.get(n)!))] as const)
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, LOOKUP_NAMES)
          .map(([n]) => `n:${n}`),
      ];
      // Every cluster the document could join, best first; ties go to the older (candidates come in
      // creation order and the sort is stable), so results are deterministic.
      const matched: { c: Cluster; s: number }[] = [];
      for (const c of state.candidates(keys).sort((a, b) => a.order - b.order)) {
        const s = similarity(p, c);
        if (s >= params.threshold) matched.push({ c, s });
      }
      matched.sort((a, b) => b.s - a.s);
      const best = matched[0]?.c ?? null;
      const created = !best;
      let cluster: Cluster = best ?? { id: newId(doc.id), order: state.clusterCount(), size: 0, vector: new Map(), norm: 0, names: new Map(), numbers: new Map(), times: [], days: [], langs: new Map() };
      state.save(cluster, join(cluster, doc, vec));
      // The document matched other clusters too: where those are alike the story was one all along.
      const merged: string[] = [];
      // (A level that never merges, like storylines, does not pay for comparing clusters.)
      for (const { c } of Number.isFinite(params.mergeThreshold) ? matched.slice(1) : []) {
        if (clusterSimilarity(cluster, c) < params.mergeThreshold) continue;
        const { survivor, gone } = mergePair(cluster, c);
        merged.push(gone.id);
        cluster = survivor;
      }
      return { id: cluster.id, created, cluster, merged };
    },
    merge(aId, bId) {
      const a = state.get(aId);
      const b = state.get(bId);
      if (!a || !b) return a?.id ?? b?.id ?? null;
      return a === b ? a.id : mergePair(a, b).survivor.id;
    },
  };
}

/** The middle of a list kept sorted as members join: read, not sorted for every candidate. */
const median = (sorted: number[]): number | null => (sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null);

function insertSorted(list: number[], value: number): void {
  const at = list.findIndex((t) => t > value);
  list.splice(at < 0 ? list.length : at, 0, value);
}
