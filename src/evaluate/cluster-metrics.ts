/**
 * Scores of a clustering against gold labels, each item identified by a key (the article ref):
 * BCubed precision/recall/F1 (Bagga & Baldwin 1998; Amigó et al. 2009 show it is the one metric that
 * satisfies all four formal constraints), pairwise precision/recall/F1, and the adjusted Rand index
 * (Hubert & Arabie 1985). Items missing from either side are left out of every score.
 */
export interface ClusterScores {
  items: number;
  bcubed: { precision: number; recall: number; f1: number };
  pairwise: { precision: number; recall: number; f1: number };
  ari: number;
  clustersFound: number;
  clustersExpected: number;
}

const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
const pairs = (n: number) => (n * (n - 1)) / 2;

export function scoreClustering(predicted: Map<string, string>, gold: Map<string, string>): ClusterScores {
  const keys = [...gold.keys()].filter((k) => predicted.has(k));
  const byPred = groupBy(keys, predicted);
  const byGold = groupBy(keys, gold);
  // Contingency counts n_ij: items in predicted cluster i and gold class j.
  const cell = new Map<string, number>();
  for (const k of keys) {
    const c = `${predicted.get(k)}\u0000${gold.get(k)}`;
    cell.set(c, (cell.get(c) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const k of keys) {
    const same = cell.get(`${predicted.get(k)}\u0000${gold.get(k)}`)!;
    precision += same / byPred.get(predicted.get(k)!)!;
    recall += same / byGold.get(gold.get(k)!)!;
  }
  const n = keys.length || 1;
  precision /= n;
  recall /= n;

  let sumCells = 0;
  for (const v of cell.values()) sumCells += pairs(v);
  let sumPred = 0;
  for (const v of byPred.values()) sumPred += pairs(v);
  let sumGold = 0;
  for (const v of byGold.values()) sumGold += pairs(v);
  const pp = sumPred ? sumCells / sumPred : 1;
  const pr = sumGold ? sumCells / sumGold : 1;
  const total = pairs(keys.length);
  const expected = total ? (sumPred * sumGold) / total : 0;
  const max = (sumPred + sumGold) / 2;
  const ari = max - expected === 0 ? 1 : (sumCells - expected) / (max - expected);

  return {
    items: keys.length,
    bcubed: { precision, recall, f1: f1(precision, recall) },
    pairwise: { precision: pp, recall: pr, f1: f1(pp, pr) },
    ari,
    clustersFound: byPred.size,
    clustersExpected: byGold.size,
  };
}

function groupBy(keys: string[], labels: Map<string, string>): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const k of keys) sizes.set(labels.get(k)!, (sizes.get(labels.get(k)!) ?? 0) + 1);
  return sizes;
}

/** Gold file: one `ref<TAB>label` a line; blank lines and lines starting with # are skipped. */
export function parseGold(text: string): Map<string, string> {
  const gold = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const tab = line.lastIndexOf('\t');
    if (tab <= 0) throw new Error(`gold line ${i + 1}: expected ref<TAB>label`);
    gold.set(line.slice(0, tab), line.slice(tab + 1).trim());
  });
  return gold;
}
