import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicationOrder } from '../../src/cluster/order.ts';
import { mentionedTime } from '../../src/cluster/mentioned-dates.ts';

test('dated articles by instant, then undated ones placed by the dates they mention, then the rest by id', () => {
  const articles = [
    { id: 'a', publishedAt: null, text: 'Nothing places this one in time.' },
    { id: 'b', publishedAt: null, text: 'The pact was signed on 13 March.' },
    { id: 'c', publishedAt: '2031-03-12T10:00:00+02:00', text: '' },
    { id: 'd', publishedAt: null, text: 'The accord of 10 April 2031 holds.' },
    { id: 'e', publishedAt: '2031-03-12T09:00:00Z', text: '' },
    { id: 'f', publishedAt: null, text: 'A study was launched on 2 February.' },
  ];
  const order = publicationOrder(articles, (a) => mentionedTime(a.text, 'en')).map((a) => a.id);
  assert.deepEqual(order, ['c', 'e', 'd', 'f', 'b', 'a']);
  // Without a way to place them, undated articles keep their order by id.
  assert.deepEqual(publicationOrder(articles).map((a) => a.id), ['c', 'e', 'a', 'b', 'd', 'f']);
});
