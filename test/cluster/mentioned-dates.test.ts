import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentionedTime } from '../../src/cluster/mentioned-dates.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString().slice(0, 10));

test('the latest full date an article names; weekdays fix a missing year among the years it names', () => {
  const rows: [string, string | null][] = [
    ['The ferry sank on May 2, 2031 and was raised on 14 June 2031.', '2031-06-14'],
    ['The council met on 2031-05-02.', '2031-05-02'],
    ['Protests began in August 2030. The ferry sailed again on Friday, May 2.', '2031-05-02'],
    ['The ferry sailed again on Friday, May 2.', null],
    ['It happened in 2030, in the spring.', null],
    ['On February 31, 2031 nothing happened.', null],
  ];
  for (const [text, expected] of rows) assert.equal(iso(mentionedTime(text).time), expected, text);
});

test('dates in the article’s own language and script, from the runtime’s month names', () => {
  const rows: [string, string, string | null][] = [
    ['de', 'Das vereinbarten beide am 13. März 2031 in Tallinn.', '2031-03-13'],
    ['fr', 'Le sommet s’est tenu le 4 juillet 2030 à Lyon.', '2030-07-04'],
    ['pt', 'O acordo foi assinado a 20 de novembro de 2031, em Lisboa.', '2031-11-20'],
    ['el', 'Ο σεισμός σημειώθηκε στις 7 Οκτωβρίου 2031 στην Κρήτη.', '2031-10-07'],
    ['uk', 'Угоду підписали 16 червня 2031 року в Гельсінкі.', '2031-06-16'],
    ['fi', 'Sopimus allekirjoitettiin 13. maaliskuuta 2031.', '2031-03-13'],
    ['de', 'Die Sitzung ist am 02.05.2031.', '2031-05-02'],
    ['de', 'Am 31. Februar 2031 geschah nichts.', null],
  ];
  for (const [lang, text, expected] of rows) assert.equal(iso(mentionedTime(text, lang).time), expected, text);
});

test('a day and month with no year anywhere gives the day of the year, not a date', () => {
  const day = (text: string, lang: string) => mentionedTime(text, lang);
  assert.deepEqual(day('The leaders met in Tallinn on 13 March.', 'en'), { time: null, day: 72 });
  assert.deepEqual(day('Les négociations reprennent le 11 février.', 'fr'), { time: null, day: 41 });
  assert.deepEqual(day('O satélite foi apresentado a 20 de novembro.', 'pt'), { time: null, day: 324 });
  // The later of two days; a month alone ("in March") is no day.
  assert.deepEqual(day('They last met in March. On 18 September they met again, after talks on 2 May.', 'en'), { time: null, day: 261 });
  assert.deepEqual(day('They last met in March.', 'en'), { time: null, day: null });
});
