import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreClustering, parseGold } from '../../src/evaluate/cluster-metrics.ts';

const labels = (xs: (string | number)[]) => new Map(xs.map((l, i) => [`a${i}`, String(l)]));
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

test('a perfect clustering scores 1 everywhere, whatever the label names', () => {
  const s = scoreClustering(labels(['x', 'x', 'y', 'z']), labels([1, 1, 2, 3]));
  close(s.bcubed.f1, 1);
  close(s.pairwise.f1, 1);
  close(s.ari, 1);
  assert.equal(s.clustersFound, 3);
});

test('adjusted Rand index matches the published reference values', () => {
  // Values as computed by scikit-learn's adjusted_rand_score (documented examples).
  close(scoreClustering(labels([0, 0, 1, 2]), labels([0, 0, 1, 1])).ari, 0.5714285714285715);
  close(scoreClustering(labels([0, 0, 1, 1]), labels([0, 0, 0, 0])).ari, 0);
  close(scoreClustering(labels([0, 1, 2, 3]), labels([0, 0, 1, 1])).ari, 0);
});

test('BCubed by hand: one cluster holding two classes', () => {
  // Gold {a0,a1,a2} {a3}; predicted all in one cluster.
  const s = scoreClustering(labels([1, 1, 1, 1]), labels(['g', 'g', 'g', 'h']));
  // precision: three items see 3/4 correct, one sees 1/4 → (3·0.75 + 0.25)/4 = 0.625; recall 1.
  close(s.bcubed.precision, 0.625);
  close(s.bcubed.recall, 1);
  // pairwise: 3 correct pairs of 6 predicted; all 3 gold pairs found.
  close(s.pairwise.precision, 0.5);
  close(s.pairwise.recall, 1);
});

test('gold files: ref<TAB>label, comments and blank lines skipped, refs may hold spaces', () => {
  const g = parseGold('# gold\nwikiref220/ParisAttacks2015 (1).txt\tParisAttacks2015\n\nb.txt\tother\n');
  assert.deepEqual([...g.entries()], [['wikiref220/ParisAttacks2015 (1).txt', 'ParisAttacks2015'], ['b.txt', 'other']]);
  assert.throws(() => parseGold('no tab here'), /line 1/);
});
