import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDates } from '../../src/analyze/dates.ts';
import { findQuantities, compareQuantities } from '../../src/analyze/quantities.ts';

const dates = (s: string, ref: string | null = '2022-12-21') => findDates(s, 'en', ref).map((d) => d.date);

test('dates: weekdays and days of the year resolve to the past unless the sentence speaks of the future', () => {
  assert.deepEqual(dates('The leader arrived in the capital on Monday.'), ['2022-12-19']); // a Wednesday article
  assert.deepEqual(dates('Troops crossed the border on February 24.'), ['2022-02-24']);
  assert.deepEqual(dates('They attacked again this Monday.'), ['2022-12-19']);
  assert.deepEqual(dates('The summit will be held next Tuesday.'), ['2022-12-27']);
  assert.deepEqual(dates('They invaded on Friday, February 25.'), ['2022-02-25'], 'the weekday picks the year');
  assert.deepEqual(dates('The ministers met in mid-October.'), ['2022-10']);
  // A weekday right after a future verb is the coming one, even in reported speech; the day of saying is not.
  assert.deepEqual(dates('He said restrictions would start on Saturday.'), ['2022-12-24']);
  assert.deepEqual(dates('He said on Monday that the talks would resume.'), ['2022-12-19']);
  // "on a weekday" is habitual, not a date.
  assert.deepEqual(dates('About 12,000 people cross it on a weekday.'), []);
});

test('dates: years, periods and durations', () => {
  assert.deepEqual(dates('He has ruled since 1994.'), ['1994']);
  assert.deepEqual(dates('He has been in power since July 1994.'), ['1994-07']);
  assert.deepEqual(dates('It was his first visit in three years.'), ['2019']);
  assert.deepEqual(dates('He was last there three years ago.'), ['2019']);
  assert.deepEqual(dates('An attack is feared in the first few months of 2023.'), ['2023-01/2023-03']);
  assert.deepEqual(dates('He spoke at the weekend.'), ['2022-12-17/2022-12-18']);
  assert.deepEqual(dates('It rained for a week after the storm.'), []);
  assert.deepEqual(dates('The 2020 protests were crushed.'), ['2020']);
  assert.deepEqual(dates('Up to 2000 soldiers marched.'), [], 'a count is not a year');
});

test('dates: without a reference only what is written in full resolves, never from today', () => {
  assert.deepEqual(dates('The leader arrived on Monday.', null), []);
  assert.deepEqual(dates('It happened on 3 March 2021.', null), ['2021-03-03']);
  assert.deepEqual(dates('They crossed on February 24.', null), []);
});

test('dates: a quoted "today" speaks of when it was said, and the tense of a quote is not the narration\'s', () => {
  assert.deepEqual(dates('He said it at the weekend: “Everyone will say we failed.”'), ['2022-12-17/2022-12-18']);
  assert.deepEqual(dates('“We will win today,” he told the rally.'), []);
  // A month or a year is robust to when exactly the words were said; the quote's own tense decides.
  assert.deepEqual(dates('“Prices will fall next year,” she said.'), ['2023']);
  assert.deepEqual(dates('“Ships will sail again from May,” he said.'), ['2023-05'], 'a month gone by, said of the future');
  assert.deepEqual(dates('“We lost everything in May,” he said.'), ['2022-05']);
  // "would" is intent reported from the past, not the future: October stays this year's.
  assert.deepEqual(dates('When they agreed the alliance in mid-October, he insisted it would be defensive.'), ['2022-10']);
});

test('quantities: counts read as intervals; thousands and 9,000 differ in precision, tens of thousands contradict', () => {
  const q = (s: string) => findQuantities(s)[0]!;
  const nine = q('The force can include up to 9,000 Russian soldiers.');
  assert.deepEqual([nine.unit, nine.qualifiers, nine.high], ['troops', ['russian'], 9000]);
  const thousands = q('Thousands of Russian troops will be stationed there.');
  assert.equal(thousands.unit, 'troops');
  const tens = q('Several tens of thousands of soldiers gathered.');
  assert.equal(compareQuantities(nine, thousands), 'precision');
  assert.equal(compareQuantities(nine, tens), 'contradiction');
  // Two round figures whose margins touch still disagree; one that holds the other's value is vaguer.
  assert.equal(compareQuantities(q('About 12,000 commuters cross it.'), q('Some 15,000 commuters cross it.')), 'contradiction');
  assert.equal(compareQuantities(q('About 3,000 people marched.'), q('Thousands of people marched.')), 'precision');
  assert.equal(compareQuantities(q('More than a thousand residents left.'), q('1,200 residents left.')), 'precision');
  assert.equal(q('The repair cost 41 million euros.').high, 41e6);
  assert.deepEqual(findQuantities('He is 69 years old and has ruled for 28 years.'), []);
  assert.equal(q('About a thousand kilometers of border.').unit, 'kilometer');
});
