import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleFeatures } from '../../src/cluster/features.ts';
import { createClusterer, memoryState, type ClusterParams } from '../../src/cluster/clusterer.ts';

const STORY: ClusterParams = { threshold: 0.3, graceDays: 3, decayDays: 7, nameWeight: 0.3, numberWeight: 0.1, mergeThreshold: 0.5 };
const doc = (id: string, text: string, publishedAt: string | null = null, lang = 'en') => ({ id, lang, ...articleFeatures({ title: null, text, lang, publishedAt }) });

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
  const state = memoryState();
  const c = createClusterer(STORY, (m) => m, state);
  const ids = [...BRIDGE.map((t, i) => c.add(doc(`b${i}`, t)).id), ...DROUGHT.map((t, i) => c.add(doc(`d${i}`, t)).id)];
  assert.equal(new Set(ids.slice(0, 3)).size, 1);
  assert.equal(new Set(ids.slice(3)).size, 1);
  assert.notEqual(ids[0], ids[3]);
  assert.deepEqual(state.all().map((x) => [x.id, x.size]), [['b0', 3], ['d0', 2]]);
});

test('the same wording months apart is another event', () => {
  const c = createClusterer(STORY, (m) => m, memoryState());
  const a = c.add(doc('a', BRIDGE[0]!, '2031-03-12')).id;
  const b = c.add(doc('b', BRIDGE[1]!, '2031-03-13')).id;
  const later = c.add(doc('c', BRIDGE[2]!, '2031-09-20')).id;
  assert.equal(a, b);
  assert.notEqual(a, later);
});

test('a German report joins the English story through its names and numbers', () => {
  const c = createClusterer(STORY, (m) => m, memoryState());
  const en = c.add(doc('en', BRIDGE[1]!)).id;
  c.add(doc('d', DROUGHT[0]!));
  const de = c.add(doc('de', 'Port Calder hat die Vennick Harbour Bridge gesperrt, nachdem Risse in einem Träger gefunden wurden. Bürgermeisterin Ilona Vasquez nannte kein Datum.', null, 'de')).id;
  assert.equal(de, en);
});

test('across languages: the same event joins despite German nouns; the same mayor at another event does not', () => {
  const c = createClusterer(STORY, (m) => m, memoryState());
  const ids = BRIDGE.map((t, i) => c.add(doc(`b${i}`, t, '2031-03-12')).id);
  const report = c.add(doc('de1', 'Die Stadtverwaltung von Port Calder hat am Dienstag die Vennick Harbour Bridge für den Verkehr gesperrt. Prüfer entdeckten Risse in einem Stahlträger der Hauptspannweite. Bürgermeisterin Ilona Vasquez sagte, Pendler müssten mit langen Umleitungen rechnen.', '2031-03-12', 'de')).id;
  assert.equal(report, ids[0]);
  const other = c.add(doc('de2', 'Bürgermeisterin Ilona Vasquez hat in Port Calder ein neues Hallenbad eröffnet. Das Becken ist 50 Meter lang, die Baukosten lagen bei 12 Millionen Euro. Schulen dürfen es vormittags kostenlos nutzen.', '2031-03-13', 'de')).id;
  assert.notEqual(other, ids[0]);
});
