/**
 * Streaming clustering, one level: each document is compared with the clusters that share an index
 * key with it (a top term or a name), never with every cluster, and joins the best one above the
 * threshold or starts its own. The same function groups articles into stories (short time scale,
 * high threshold) and stories into storylines (long time scale, lower threshold).
 *
 * Similarity = cosine of TF-IDF vectors (log tf, smoothed idf over everything seen so far)
 *            + weight × share of the document's name weight that the cluster shares (rare names weigh most)
 *            + weight × share of shared numbers,
 * discounted by the time between the document and the cluster when both are dated.
 *
 * Across languages the term cosine is near zero whatever the event, so a document in a language the
 * cluster is not mostly written in is also scored on the evidence that survives translation alone:
 * the share of the cluster's names it contains (the cluster's side, because a German text capitalises
 * every noun and would dilute its own) and the share of its numbers the cluster has, rescaled to the
 * range of the full score. The higher of the two scores counts.
 */

export interface ClusterDoc {
  id: string;
  terms: Map<string, number>;
  names: Map<string, number>;
  numbers: Set<string>;
  time: number | null;
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
  clusterCount(): number;
  /** Store a new or changed cluster and the index keys that now lead to it. */
  save(cluster: Cluster, indexKeys: string[]): void;
}

export function memoryState(): ClusterState & { all(): Cluster[] } {
  const df = new Map<string, number>();
  let docs = 0;
  const clusters = new Map<string, Cluster>();
  const index = new Map<string, Set<string>>();
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
      return [...ids].map((id) => clusters.get(id)!);
    },
    clusterCount: () => clusters.size,
    save(c, keys) {
      clusters.set(c.id, c);
      for (const k of keys) {
        let set = index.get(k);
        if (!set) index.set(k, (set = new Set()));
        set.add(c.id);
      }
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
  /** Assign a document: the id of the cluster it joins or starts, and whether it started it. */
  add(doc: ClusterDoc): { id: string; created: boolean; cluster: Cluster };
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
  }

  const probe = (doc: ClusterDoc, vec: Map<string, number>): Probe => {
    const nameWeights = [...doc.names.keys()].map((n) => [n, idf(`n:${n}`)] as [string, number]);
    return { doc, vec, nameWeights, nameTotal: nameWeights.reduce((a, [, w]) => a + w, 0) };
  };

  /** The most any cluster can score before the time discount: cosine 1, all names, all numbers. */
  const maxScore = 1 + params.nameWeight + params.numberWeight;

  const similarity = (p: Probe, c: Cluster): number => {
    const time = timeFactor(p.doc.time, c.times);
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
    const across = ((params.nameWeight * clusterNameShare(p.doc, c) + params.numberWeight * numbers) / (params.nameWeight + params.numberWeight)) * maxScore;
    return Math.max(full, across) * time;
  };

  /** The document's language is not the one most of the cluster is written in. */
  const isForeign = (lang: string, c: Cluster): boolean => {
    let top = '';
    let most = 0;
    for (const [l, n] of c.langs) if (n > most || (n === most && l < top)) (top = l), (most = n);
    return most > 0 && top !== lang;
  };

  /** Share of the cluster's name weight (mentions × rarity) that the document names too. */
  const clusterNameShare = (doc: ClusterDoc, c: Cluster): number => {
    let total = 0;
    let shared = 0;
    for (const [n, k] of c.names) {
      const w = (1 + Math.log(k)) * idf(`n:${n}`);
      total += w;
      if (doc.names.has(n)) shared += w;
    }
    return total ? shared / total : 0;
  };

  const timeFactor = (t: number | null, times: number[]): number => {
    if (t === null || times.length === 0) return 1;
    // `times` is kept sorted as members join, so the median is read, not sorted for every candidate.
    const median = times[Math.floor(times.length / 2)]!;
    const days = Math.abs(t - median) / 86_400_000;
    return days <= params.graceDays ? 1 : Math.exp(-(days - params.graceDays) / params.decayDays);
  };

  const join = (c: Cluster, doc: ClusterDoc, vec: Map<string, number>): string[] => {
    c.size++;
    for (const [t, w] of vec) c.vector.set(t, (c.vector.get(t) ?? 0) + w);
    if (c.vector.size > CLUSTER_TERMS * 1.5) {
      c.vector = new Map([...c.vector].sort((a, b) => b[1] - a[1]).slice(0, CLUSTER_TERMS));
    }
    let sq = 0;
    for (const w of c.vector.values()) sq += w * w;
    c.norm = Math.sqrt(sq);
    for (const [n, k] of doc.names) c.names.set(n, (c.names.get(n) ?? 0) + k);
    for (const n of doc.numbers) c.numbers.set(n, (c.numbers.get(n) ?? 0) + 1);
    c.langs.set(doc.lang, (c.langs.get(doc.lang) ?? 0) + 1);
    if (doc.time !== null) {
      const at = c.times.findIndex((t) => t > doc.time!);
      c.times.splice(at < 0 ? c.times.length : at, 0, doc.time);
    }
    return [
      ...[...c.vector].sort((a, b) => b[1] - a[1]).slice(0, INDEXED_TERMS).map(([t]) => `t:${t}`),
      ...[...doc.names.keys()].map((n) => `n:${n}`),
    ];
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
      let best: Cluster | null = null;
      let bestScore = params.threshold;
      // Candidates in creation order, so ties go to the older cluster and results are deterministic.
      for (const c of state.candidates(keys).sort((a, b) => a.order - b.order)) {
        const s = similarity(p, c);
        if (s > bestScore || (s === bestScore && best === null)) {
          best = c;
          bestScore = s;
        }
      }
      const created = !best;
      const cluster: Cluster = best ?? { id: newId(doc.id), order: state.clusterCount(), size: 0, vector: new Map(), norm: 0, names: new Map(), numbers: new Map(), times: [], langs: new Map() };
      state.save(cluster, join(cluster, doc, vec));
      return { id: cluster.id, created, cluster };
    },
  };
}
