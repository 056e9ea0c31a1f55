import { test } from 'node:test';
import assert from 'node:assert/strict';
import { json, jsonArray } from '../../src/cli/io.ts';

test('brief --all --format json is written one brief at a time, byte for byte the JSON of the whole list', () => {
  const cases: unknown[][] = [[], [1], [{ a: 1, b: [1, 2, { c: 'line\nbreak' }] }, { d: null }], [[1, [2]], 'a"b', {}], [{}], [[]]];
  for (const items of cases) assert.equal([...jsonArray(items)].join(''), json(items), JSON.stringify(items));
  // One piece per element: no single string holds the whole list.
  assert.equal([...jsonArray([{ a: 1 }, { b: 2 }, { c: 3 }])].length, 3);
});
