/**
 * The article-body metric of the Zyte article-extraction benchmark, reimplemented so our figure is
 * comparable with the published ones: tokens are Unicode `\w+` runs, 4-token shingles are counted on
 * both sides as multisets, per page tp/fp/fn are normalised to sum to 1, and precision and recall
 * are averaged over pages before F1 = 2PR/(P+R).
 */
const TOKEN = /[\p{L}\p{N}_]+/gu;
const SHINGLE = 4;

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
}

function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - SHINGLE + 1);
  for (let i = 0; i < last; i++) {
    const s = tokens.slice(i, i + SHINGLE).join(' ');
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}

export function scorePage(truth: string, predicted: string): PageScore {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const tc = t.get(key) ?? 0;
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
    fn += Math.max(0, tc - pc);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

export function pagePrecision({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function pageRecall({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export function aggregate(scores: PageScore[]): { precision: number; recall: number; f1: number } {
  const n = scores.length || 1;
  const precision = scores.reduce((s, x) => s + pagePrecision(x), 0) / n;
  const recall = scores.reduce((s, x) => s + pageRecall(x), 0) / n;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
