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

test('undated reports that name only a day and month: the same two leaders in March and in September are two events', () => {
  const c = createClusterer(STORY, (m) => m, memoryState());
  const withDay = (id: string, text: string, day: number | null) => ({ ...doc(id, text), day });
  const march = c.add(withDay('m1', 'President Aino Kettu and Prime Minister Rein Saar met in Tallinn on 13 March and signed a pact on undersea cables.', 72)).id;
  const marchToo = c.add(withDay('m2', 'Kettu and Saar signed the undersea cable pact in Tallinn, agreeing to patrol the cables together.', null)).id;
  const september = c.add(withDay('s1', 'President Aino Kettu and Prime Minister Rein Saar met in Tallinn on 18 September and signed a pact on a rail tunnel.', 261)).id;
  assert.equal(marchToo, march);
  assert.notEqual(september, march);
  // A day of the year meets a dated story the nearer way round the year: 30 December and 2 January.
  const d = createClusterer(STORY, (m) => m, memoryState());
  const dated = d.add(doc('d1', BRIDGE[0]!, '2031-01-02')).id;
  assert.equal(d.add(withDay('d2', BRIDGE[1]!, 364)).id, dated);
});

test('a Ukrainian report joins the English story through names written in Cyrillic', () => {
  const c = createClusterer(STORY, (m) => m, memoryState());
  const en = c.add(doc('en', 'Foreign Minister Oksana Hrytsenko met Ville Rantanen in Helsinki and signed a demining agreement worth 45 million euros for farmland near Niinisalo.', '2031-06-16')).id;
  c.add(doc('other', 'Foreign Minister Lars Holm opened a new embassy in Oslo, where Prime Minister Erna Vik praised the 45 staff.', '2031-06-16'));
  const uk = c.add(doc('uk', 'Оксана Гриценко зустрілася в Гельсінкі з Вілле Рантаненом. Фінляндія виділить 45 мільйонів євро на розмінування, сапери навчатимуться в Ніінісало.', '2031-06-16', 'uk')).id;
  assert.equal(uk, en);
});
