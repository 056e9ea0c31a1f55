// wikiref220 as published: Windows-1252 / ISO-8859-1, CRLF, some NEL bytes. Every file must land
// readable: no U+FFFD, no mojibake, no stray control characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { SHARED } from '../cli/run-cli.ts';

test('wikiref220: 220 articles, no replacement characters, no mojibake, no control characters', () => {
  const store = openStore(':memory:');
  const rejected: string[] = [];
  const counts = ingestPaths(store, [`${SHARED}corpora/wikiref220`], { onRejection: (r) => rejected.push(`${r.path}: ${r.reason}`) });
  assert.deepEqual(rejected, []);
  const articles = store.listArticles();
  assert.equal(articles.length, 220);
  assert.equal(counts.ingested + counts.duplicates, 220);
  for (const a of articles) {
    assert.ok(!a.text.includes('\ufffd'), `${a.ref}: U+FFFD`);
    assert.ok(!/â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]/.test(a.text + (a.title ?? '')), `${a.ref}: mojibake`);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u0080-\u009f]/.test(a.text), `${a.ref}: control character`);
    assert.ok(a.text.length > 100, `${a.ref}: text too short`);
  }
  // The curly quotes and dashes of Windows-1252 come through as themselves.
  assert.ok(articles.some((a) => /[“”’–…]/.test(a.text)));
  store.close();
});
