import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestMentionedDate } from '../../src/cluster/mentioned-dates.ts';

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
  for (const [text, expected] of rows) assert.equal(iso(latestMentionedDate(text)), expected, text);
});
