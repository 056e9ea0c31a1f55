import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArticles } from '../../src/analyze/index.ts';
import { personGenders } from '../../src/analyze/gender.ts';

const article = (ref: string, text: string) => ({ ref, title: null, lang: 'en', text });

test('genders: a pronoun votes for the one person it can mean, a title for its name; quoted pronouns, an object "her" and two-gender sentences do not vote', () => {
  const sentences = [
    { text: 'President Anja Roll arrived in Tresk on Monday.' },
    { text: 'It is her first visit since 2027.' },
    { text: 'Haldor Vinge met her at the airport.' },
    { text: '“He is a friend,” Roll said.' },
    { text: 'Vinge said he and she had agreed.' },
    { text: 'Vinge brought his deputy.' },
  ];
  const people = [
    { sentence: 0, at: 10, name: 'Anja Roll' },
    { sentence: 2, at: 0, name: 'Haldor Vinge' },
    { sentence: 3, at: 18, name: 'Anja Roll' },
    { sentence: 4, at: 0, name: 'Haldor Vinge' },
    { sentence: 5, at: 0, name: 'Haldor Vinge' },
  ];
  const genders = personGenders([{ lang: 'en', sentences, people }]);
  assert.equal(genders.get('Anja Roll'), 'f');
  assert.equal(genders.get('Haldor Vinge'), 'm');
  assert.equal(personGenders([{ lang: 'en', sentences: sentences.slice(2, 3), people: [{ sentence: 0, at: 0, name: 'Haldor Vinge' }] }]).get('Haldor Vinge'), undefined, 'an object "her" is not his');
  assert.equal(personGenders([{ lang: 'en', sentences: [{ text: 'Mrs Ada Holm spoke.' }], people: [{ sentence: 0, at: 4, name: 'Ada Holm' }] }]).get('Ada Holm'), 'f');
  // German "sie" is also "they": no pronoun votes outside English.
  assert.equal(personGenders([{ lang: 'de', sentences, people: people.slice(0, 1) }]).size, 0);
  // A spokeswoman is a woman whatever the pronouns say.
  assert.equal(personGenders([], new Map([['Lea Brandt', ['government spokeswoman']]])).get('Lea Brandt'), 'f');
  assert.equal(personGenders([], new Map([['Ola German', ['German chancellor']]])).get('Ola German'), undefined);
});

test('speakers: "she said" is never given to a man; it goes back to the subject of the sentence before that names a woman', () => {
  const { quotes } = analyzeArticles([
    article('a', 'President Anja Roll arrived in Tresk on Tuesday for talks with Chancellor Haldor Vinge. It is her first visit since 2027.\n\nVinge\'s office said the talks would cover grain.\n\nThe two leaders talked for three hours.\n\nShe told reporters afterwards: “Our alliance threatens nobody.”'),
    article('b', 'Chancellor Haldor Vinge welcomed Anja Roll. “Tresk will defend its own borders,” he said.'),
  ]);
  const q = (t: string) => quotes.find((x) => x.text.startsWith(t));
  assert.equal(q('Our alliance')?.speaker, 'Anja Roll');
  assert.equal(q('Tresk will defend')?.speaker, 'Haldor Vinge');
});

test('speakers: "he said" goes to the subject of the sentence before, not to the last name in it', () => {
  const { quotes } = analyzeArticles([
    article('a', 'Kremlin spokesman Dmitri Pavlov told reporters that Ivan Sorin would not travel. “The schedule is full this month,” he said.'),
  ]);
  assert.equal(quotes[0]?.speaker, 'Dmitri Pavlov');
});
