import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { analyzeArticles, readStory } from '../../src/analyze/index.ts';
import { REPO, SHARED } from '../cli/run-cli.ts';

const fixture = (name: string, lang = 'en') => ({ ref: name, title: null, lang, text: readFileSync(`${REPO}test/fixtures/analysis/${name}.txt`, 'utf8') });
const HARBOUR = [fixture('harbour-a'), fixture('harbour-b'), fixture('harbour-c', 'de')];
/** One article's paragraphs read into sentences; `at` finds the sentence that starts so. */
const readOne = (...paragraphs: string[]) => {
  const { sentences } = readStory([{ ref: 'k', title: null, lang: 'en', publishedAt: '2031-03-02', text: paragraphs.join('\n\n') }]);
  return (start: string) => sentences.find((s) => s.text.startsWith(start))!;
};

test('entities: spelling variants and a surname alone are one person; roles and ages become descriptors; near-identical places stay apart', () => {
  const { entities } = analyzeArticles(HARBOUR);
  const byName = (n: string) => entities.find((e) => e.aliases.includes(n));
  const mayor = byName('Vazquez')!;
  assert.ok(mayor, 'Vazquez found');
  assert.equal(mayor.type, 'person');
  assert.ok(mayor.aliases.includes('Ilona Vasquez') && mayor.aliases.includes('Vasquez'));
  assert.deepEqual(mayor.articleRefs, ['harbour-a', 'harbour-b', 'harbour-c']);
  assert.ok(mayor.descriptors.includes('age 52'), mayor.descriptors.join('; '));
  assert.ok(mayor.descriptors.some((d) => /mayor/i.test(d)));
  const engineer = byName('Tomasz Wróbel')!;
  assert.equal(engineer, byName('Tomasz Wrobel'));
  assert.ok(engineer.descriptors.some((d) => /engineer/i.test(d)));
  assert.equal(byName('Henrik Saldana')?.type, 'person');
  assert.ok(byName('Henrik Saldana')!.descriptors.some((d) => /former engineer/.test(d)));
  assert.equal(byName('Torvik')?.type, 'place');
  assert.notEqual(byName('Dorvik'), byName('Torvik'));
  assert.equal(byName('Dorvik')?.type, 'place');
  // Capitalised words that are not names: weekdays, sentence openers, German nouns.
  for (const junk of ['Tuesday', 'Today', 'Nothing', 'Critics', 'Träger', 'Die Brücke']) assert.equal(byName(junk), undefined, junk);
});

test('quotes: every speaker form, in English, German and French marks; scare quotes are not quotes', () => {
  const { quotes } = analyzeArticles(HARBOUR);
  const speakerOf = (start: string) => {
    const q = quotes.find((x) => x.text.startsWith(start));
    assert.ok(q, `quote “${start}…” found`);
    return q.speaker;
  };
  assert.equal(speakerOf('The bridge is back'), 'Ilona Vasquez'); // ”, X said
  assert.equal(speakerOf('We replaced every girder'), 'Tomasz Wrobel'); // X said: “…” over two sentences
  assert.match(quotes.find((q) => q.text.startsWith('We replaced'))!.text, /Nothing was left to chance/);
  assert.equal(speakerOf('A bridge like this'), 'Ada Lindqvist'); // X: “…”
  assert.equal(speakerOf('Today the city is whole'), 'Ilona Vasquez'); // ”, said X (a variant spelling)
  assert.equal(speakerOf('The tolls will fall'), 'Ilona Vasquez'); // ”, she said
  assert.equal(speakerOf('Tolls are a matter'), 'Henrik Saldana'); // ”, X told
  assert.equal(speakerOf('Ships will pass'), 'Jonas Pell'); // ”, says role X
  assert.equal(speakerOf('Die Brücke ist zurück'), 'Ilona Vasquez'); // „…“, sagte X
  assert.equal(speakerOf('Jeder Träger wurde ersetzt'), 'Tomasz Wrobel'); // X erklärte: „…“
  assert.equal(speakerOf('Nous sommes fiers'), 'Tomasz Wrobel'); // « … », a déclaré X
  assert.ok(!quotes.some((q) => q.text === 'victory lap'), 'a scare quote is not a quote');
  assert.equal(quotes.find((q) => q.text.startsWith('Today the city'))!.cue, 'said');
});

test('seeds: the people named in the five reports, variants merged; quotes with their speakers', () => {
  const dir = `${SHARED}corpora/seeds/`;
  const articles = readdirSync(dir).sort().map((f) => ({ ref: f.slice(0, 3), title: null, lang: 'en', text: readFileSync(dir + f, 'utf8') }));
  const { entities, quotes } = analyzeArticles(articles);
  const people = entities.filter((e) => e.type === 'person');
  const find = (n: string) => people.find((e) => e.aliases.includes(n));
  // Variant groups the corpus README names: each must be one entity.
  for (const [a, b] of [['Dmitri Peskov', 'Peskow'], ['Sergey Shoygu', 'Sergei Shoigu'], ['Lisa Gürth', 'Lisa Gurth'], ['Serhiy Nayev', 'Najew'], ['Dmitry Peskov', 'Dmitri Peskov']]) {
    assert.ok(find(a) && find(a) === find(b), `${a} and ${b} are one person`);
  }
  assert.ok(!people.some((p) => /War$|^Does|Minsk|Belarus/.test(p.name)), people.map((p) => p.name).join(', '));
  const place = (n: string) => entities.find((e) => e.aliases.includes(n));
  assert.equal(place('Kyiv'), place('Kiev'));
  assert.equal(place('Minsk')?.type, 'place');
  assert.equal(quotes.find((q) => q.text.startsWith('unfounded'))?.speaker, 'Dmitri Peskov');
  assert.ok(!quotes.some((q) => q.text === 'defensive' || q.text === 'tactical'), 'scare quotes are not quotes');
});

test('speakers: a role phrase names the person it describes and "He said" is the subject before it; a role beside a name is its title; scare quotes in running text are not quotes', () => {
  const { quotes } = analyzeArticles([{
    ref: 'k', title: null, lang: 'en', text: [
      'Kestrian ruler Ilya Baranek received Halvard Vask at the airport of Ostrava Bay on Monday.',
      'The Kestrian ruler is visibly fighting the impression that he is only a junior partner of Halvard Vask. He said it himself at the weekend: “Nobody but us runs Kestria, and nobody ever will.”',
      'It should not be forgotten that Kestria lies in the “traditional sphere of influence” of its neighbour.',
      'Transport Minister Ada Marsh, who is also the country\'s harbour minister, said the port would reopen. “The cranes are safe again and the ships may come in,” she said.',
      'A fan shouted “He is not my boyfriend” as the minister left.',
    ].join('\n\n'),
  }]);
  const said = (start: string) => quotes.find((q) => q.text.startsWith(start));
  assert.equal(said('Nobody but us')?.speaker, 'Ilya Baranek', JSON.stringify(quotes));
  assert.equal(said('The cranes are safe')?.speaker, 'Ada Marsh');
  assert.equal(said('traditional sphere'), undefined, 'a term in quotation marks is not a quote');
  assert.ok(said('He is not my boyfriend'), 'words in the first person are speech, even unattributed');
});

test('role phrases: a role in a complement belongs to someone else — "spokesman for the Kestrian president" is not the Kestrian president', () => {
  const at = readOne(
    'Olek Varga, spokesman for the Kestrian president, dismissed the rumours.',
    'The Kestrian president is travelling to Ostrava Bay for the first time in three years.',
    'Transport Minister Ada Marsh, spokeswoman for the harbour board, said the port would reopen. The transport minister said so twice.',
  );
  const keysOf = (start: string) => [...at(start).keys.keys()];
  assert.ok(!keysOf('The Kestrian president').includes('e:olek varga'), keysOf('The Kestrian president').join(' '));
  // A role the person holds still names them.
  assert.ok(keysOf('The transport minister').includes('e:ada marsh'));
});

test('subject pronouns: "he"/"she" opening a sentence is the subject before it, carried on, never someone of the other pronoun', () => {
  const at = readOne(
    'Ilya Baranek seems to be playing for time with Pavel Vask. That is why he has so far refused to join the war.',
    'Anna Marsh met Oleg Varga in Ostrava Bay. In 2029 she joined the harbour board. She has also led its reform.',
    'Oleg Varga said his ferries would sail. He praised Anna Marsh. She said the port would reopen.',
  );
  assert.equal(at('That is why he').referent?.name, 'Ilya Baranek');
  assert.ok([...at('That is why he').keys.keys()].some((k) => k.startsWith('e:') && k.endsWith('baranek')), 'the referent is among the sentence\'s keys');
  assert.equal(at('In 2029 she').referent?.name, 'Anna Marsh');
  assert.equal(at('She has also led').referent?.name, 'Anna Marsh', 'the subject carried on from a sentence whose subject was a pronoun');
  // The subject before is a man; "she" is the woman that sentence names.
  assert.equal(at('She said the port').referent?.name, 'Anna Marsh');
  assert.equal(at('He praised').referent?.name, 'Oleg Varga');
  // A sentence that opens on "He" is about him, whatever "she" comes after a comma.
  const next = readOne('Oleg Varga said his ferries would sail. Anna Marsh said her port would open. He arrived on Monday, she said.');
  assert.equal(next('He arrived').referent?.name, 'Oleg Varga');
});
