import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rougeN, rougeNMulti, tokenize } from '../../src/evaluate/rouge.ts';

const close = (actual: number, expected: number, places = 5) => assert.ok(Math.abs(actual - expected) < 10 ** -places / 2 + 1e-12, `${actual} ≠ ${expected}`);

// Published examples: Google's rouge-score tests (rouge/rouge_scorer_test.py), whose "AgainstRouge155"
// figures come from runs of the official ROUGE-1.5.5 on its synthetic test lines (rouge/testdata).
const TARGETS = [
  "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L",
  "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN",
];
const PREDICTIONS = [
  "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi",
  "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD",
];

test('ROUGE-N: the simple cases of rouge-score\'s tests', () => {
  assert.deepEqual(rougeN('testing', 'testing one two', 1), { precision: 1, recall: 1 / 3, f1: 1 / 2 });
  const r2 = rougeN('testing one', 'testing one two', 2);
  close(r2.precision, 1); close(r2.recall, 1 / 2); close(r2.f1, 2 / 3);
  assert.deepEqual(rougeN('', 'testing one two', 1), { precision: 0, recall: 0, f1: 0 });
  assert.deepEqual(rougeN('testing', '', 2), { precision: 0, recall: 0, f1: 0 });
});

test('ROUGE-N: agrees with ROUGE-1.5.5 on its test lines (five places)', () => {
  const expected = [
    { n: 1, i: 0, r: 0.40741, p: 0.68750, f: 0.51163 },
    { n: 1, i: 1, r: 0.40476, p: 0.65385, f: 0.50000 },
    { n: 2, i: 0, r: 0.30769, p: 0.53333, f: 0.39024 },
    { n: 2, i: 1, r: 0.29268, p: 0.48000, f: 0.36364 },
  ];
  for (const e of expected) {
    const s = rougeN(PREDICTIONS[e.i]!, TARGETS[e.i]!, e.n);
    close(s.recall, e.r); close(s.precision, e.p); close(s.f1, e.f);
  }
});

test('ROUGE-N: Lin (2004)\'s example — "police kill the gunman" and "the gunman kill police" score alike', () => {
  const ref = 'police killed the gunman';
  for (const n of [1, 2]) assert.deepEqual(rougeN('police kill the gunman', ref, n), rougeN('the gunman kill police', ref, n));
  close(rougeN('police kill the gunman', ref, 1).recall, 3 / 4);
  close(rougeN('police kill the gunman', ref, 2).recall, 1 / 3);
  // Counts are clipped: a word repeated in the candidate matches only as often as the reference has it.
  close(rougeN('the the the the', 'the cat sat on the mat', 1).precision, 2 / 4);
  // Several references: the best-matching one counts.
  assert.equal(rougeNMulti('police kill the gunman', ['a b c', ref], 1).recall, 3 / 4);
  // Letters of any script are letters; punctuation and case are not words.
  assert.deepEqual(tokenize('Über-Größe, 9,000 «Soldaten»!'), ['über', 'größe', '9', '000', 'soldaten']);
});
