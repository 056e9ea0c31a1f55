import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleFeatures } from '../../src/cluster/features.ts';
import { createClusterer, type ClusterParams } from '../../src/cluster/clusterer.ts';

const STORY: ClusterParams = { threshold: 0.3, graceDays: 3, decayDays: 7, nameWeight: 0.3, numberWeight: 0.1 };
const doc = (id: string, text: string, publishedAt: string | null = null, lang = 'en') => ({ id, ...articleFeatures({ title: null, text, lang, publishedAt }) });

const BRIDGE = [
  'The Vennick Harbour Bridge in Port Calder was closed on Tuesday after inspectors found cracks in a girder of its main span.',
  'Port Calder shut the Vennick Harbour Bridge after cracks were found in a steel girder; Mayor Ilona Vasquez gave no date for reopening.',
  'Commuters in Port Calder face detours after the Vennick Harbour Bridge closed over cracks in a girder, Mayor Ilona Vazquez said.',
];
const DROUGHT = [
  'The Orvale regional government declared a drought emergency as the Lake Sorrel reservoir fell to 31 percent of capacity.',
  'Farmers in the Orvale valley asked for drought aid after Lake Sorrel fell to 31 percent, the lowest level since 1976.',
];

test('reports of one event join one cluster; another event starts its own', () => {
  const c = createClusterer(STORY);
  const ids = [...BRIDGE.map((t, i) => c.add(doc(`b${i}`, t))), ...DROUGHT.map((t, i) => c.add(doc(`d${i}`, t)))];
  assert.equal(new Set(ids.slice(0, 3)).size, 1);
  assert.equal(new Set(ids.slice(3)).size, 1);
  assert.notEqual(ids[0], ids[3]);
  assert.deepEqual(c.clusters().map((x) => x.members), [['b0', 'b1', 'b2'], ['d0', 'd1']]);
});

test('the same wording months apart is another event', () => {
  const c = createClusterer(STORY);
  const a = c.add(doc('a', BRIDGE[0]!, '2031-03-12'));
  const b = c.add(doc('b', BRIDGE[1]!, '2031-03-13'));
  const later = c.add(doc('c', BRIDGE[2]!, '2031-09-20'));
  assert.equal(a, b);
  assert.notEqual(a, later);
});

test('a German report joins the English story through its names and numbers', () => {
  const c = createClusterer(STORY);
  const en = c.add(doc('en', BRIDGE[1]!));
  c.add(doc('d', DROUGHT[0]!));
  const de = c.add(doc('de', 'Port Calder hat die Vennick Harbour Bridge gesperrt, nachdem Risse in einem Träger gefunden wurden. Bürgermeisterin Ilona Vasquez nannte kein Datum.', null, 'de'));
  assert.equal(de, en);
});
