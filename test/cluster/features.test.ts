import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleFeatures, nameKey } from '../../src/cluster/features.ts';

test('name keys meet across spellings and transliterations, and stay apart for different names', () => {
  const same: [string, string][] = [['Peskov', 'Peskow'], ['Shoigu', 'Shoygu'], ['Sergey', 'Sergei'], ['Dmitry', 'Dmitri'], ['Gürth', 'Gurth'], ['Nayev', 'Najew'], ['Lukashenko', 'Lukaschenko'], ['Vasquez', 'Vasquez']];
  for (const [a, b] of same) assert.equal(nameKey(a), nameKey(b), `${a} ~ ${b}`);
  const apart: [string, string][] = [['Minsk', 'Pinsk'], ['Putin', 'Lukashenko'], ['Lavrov', 'Shoigu'], ['Schmidt', 'Kemper']];
  for (const [a, b] of apart) assert.notEqual(nameKey(a), nameKey(b), `${a} ≠ ${b}`);
});

test('terms are stemmed content words; names are capitalised words inside sentences; numbers normalised', () => {
  const f = articleFeatures({
    title: 'Ferry returns to Kranich island',
    text: 'The ferries of Wellmar resumed service on Tuesday. Mayor Anke Dorsch said 9,000 passengers had waited. Dorsch thanked the crews.',
    lang: 'en',
    publishedAt: '2031-05-02',
  });
  assert.ok(f.terms.has('ferri'));
  assert.equal(f.terms.get('ferri'), 3, 'title counts twice');
  for (const stop of ['the', 'on', 'said', 'tuesday', 'had']) assert.ok(!f.terms.has(stop), stop);
  assert.deepEqual([...f.names.keys()].sort(), ['anke', 'dorsh', 'kranich', 'velmar'].sort());
  assert.ok(f.numbers.has('9000'));
  assert.equal(f.time, Date.parse('2031-05-02T12:00:00Z'));
});

test('German text is stemmed and stopped as German, and shares its names with the English report', () => {
  const de = articleFeatures({ title: null, text: 'Die Fähren von Wellmar fahren wieder. Bürgermeisterin Anke Dorsch sagte, 9.000 Fahrgäste hätten gewartet.', lang: 'de', publishedAt: null });
  assert.ok(!de.terms.has('die') && !de.terms.has('von'));
  assert.ok(de.names.has(nameKey('Dorsch')) && de.names.has(nameKey('Wellmar')));
  assert.ok(de.numbers.has('9000'));
  assert.equal(de.time, null);
});

test('names in Cyrillic and Greek fold like their Latin spellings; Ukrainian letters as Ukrainian romanises them', () => {
  const same: [string, string, string][] = [
    ['Гриценко', 'Hrytsenko', 'uk'],
    ['Гельсінкі', 'Helsinki', 'uk'],
    ['Лукашенко', 'Lukashenko', 'ru'],
    ['Παπαδάκη', 'Papadaki', 'el'],
    ['Στρατάκης', 'Stratakis', 'el'],
  ];
  for (const [a, b, lang] of same) assert.equal(nameKey(a, lang), nameKey(b), `${a} ~ ${b}`);
  // Russian romanisation for a Russian text: Г is G there.
  assert.equal(nameKey('Горбунов', 'ru'), nameKey('Gorbunov'));
  assert.notEqual(nameKey('Гриценко', 'uk'), nameKey('Παπαδάκη', 'el'));
});

test('event words of the lexicon are shared terms across languages; decimals read with either mark', () => {
  const concepts = (text: string, lang: string) => [...articleFeatures({ title: null, text, lang, publishedAt: null }).terms.keys()].filter((t) => t.startsWith('~')).sort();
  assert.deepEqual(concepts('A magnitude 5.9 earthquake injured 14 people.', 'en'), ['~earthquake', '~injured']);
  assert.deepEqual(concepts('Ein Erdbeben der Stärke 5,9: vierzehn Menschen wurden verletzt.', 'de'), ['~earthquake', '~injured']);
  assert.deepEqual(concepts('Σεισμός 5,9 βαθμών: δεκατέσσερις τραυματίστηκαν.', 'el'), ['~earthquake', '~injured']);
  assert.deepEqual(concepts('Un incendio destruyó el tejado de la catedral.', 'es'), ['~cathedral', '~fire', '~roof']);
  // A word that merely begins like an entry is not it: "firefighters" is not "fire".
  assert.deepEqual(concepts('Firefighters arrived.', 'en'), ['~firefighters']);
  assert.deepEqual(concepts('Kein Ereigniswort hier.', 'xx'), []);
  const numbers = (text: string) => [...articleFeatures({ title: null, text, lang: 'en', publishedAt: null }).numbers].sort();
  assert.deepEqual(numbers('magnitude 5,9 and 5.9, 2,3 milliards, 9,000 and 9.000 people'), ['2.3', '5.9', '9000']);
});
