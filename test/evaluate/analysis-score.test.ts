import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScores, ratio, scoreAnalysis, type AnalysisGold, type AnalysisOutput } from '../../src/evaluate/analysis-score.ts';
import { cli, tempDir } from '../cli/run-cli.ts';

const gold: AnalysisGold = {
  story: 'toy',
  articles: [],
  people: [['Ada Marsh', 'Marsh'], ['Ivo Kell']],
  quotes: [
    { ref: 'a', text: 'We will rebuild', speaker: 'Ada Marsh' },
    { ref: 'b', text: 'Nobody warned us', speaker: null },
  ],
  notQuotes: ['safe harbour'],
  dates: [{ ref: 'a', sentence: 'opened the bridge', text: 'Tuesday', date: '2031-06-03' }],
  facts: [{ about: 'the bridge opened', says: { a: 'opened the bridge', b: ['bridge reopened', 'bridge is open'] } }],
  conflicts: [{ kind: 'contradiction', about: 'cost', values: ['40 million', '50 million'] }],
};
const entity = (name: string, aliases: string[]) => ({ name, type: 'person' as const, aliases, articleRefs: ['a'], descriptors: [] });

test('analysis score: people found, split and invented; speakers; scare quotes; dates; cited sentences; conflicts', () => {
  const out: AnalysisOutput = {
    // Marsh split in two (the second counts against precision), Ivo Kell missing, one non-person.
    entities: [entity('Ada Marsh', ['Ada Marsh']), entity('Marsh', ['Marsh']), entity('Harbour Street', ['Harbour Street'])],
    quotes: [
      { text: 'We will rebuild, and soon', sentence: 1, speaker: 'Ada Marsh', cue: 'said', articleRef: 'a' },
      { text: 'Nobody warned us', sentence: 0, speaker: 'Ada Marsh', cue: 'said', articleRef: 'b' }, // the text names nobody
      { text: 'safe harbour', sentence: 2, speaker: null, cue: null, articleRef: 'a' },
    ],
    facts: [{
      text: 'Marsh opened the bridge on Tuesday.', articleRefs: ['a', 'b', 'c'],
      evidence: [
        { articleRef: 'a', sentence: 0, text: 'Marsh opened the bridge on Tuesday.' },
        { articleRef: 'b', sentence: 2, text: 'The bridge is open to lorries.' }, // an annotated sentence: right
        { articleRef: 'c', sentence: 1, text: 'The bridge cost 40 million.' }, // not annotated: wrong
      ],
    }],
    conflicts: [
      { about: 'number of euros', kind: 'contradiction', claims: [{ value: '40 million', text: '', articleRefs: ['a'], evidence: [{ articleRef: 'a', sentence: 0 }] }, { value: '50 million', text: '', articleRefs: ['b'], evidence: [{ articleRef: 'b', sentence: 0 }] }] },
      { about: 'date of opened', kind: 'precision', claims: [{ value: '2031-06', text: '', articleRefs: ['a'], evidence: [{ articleRef: 'a', sentence: 0 }] }, { value: '2031-06-03', text: '', articleRefs: ['b'], evidence: [{ articleRef: 'b', sentence: 0 }] }] },
    ],
    sentences: [{ ref: 'a', text: 'Marsh opened the bridge on Tuesday.', dates: [{ text: 'Tuesday', date: '2031-06-03' }] }],
  };
  const s = scoreAnalysis(gold, out);
  assert.deepEqual(s.peopleRecall, { hit: 1, of: 2 });
  assert.deepEqual(s.peoplePrecision, { hit: 1, of: 3 });
  assert.deepEqual(s.quoteSpeaker, { hit: 1, of: 2 });
  assert.deepEqual(s.scareQuotesAvoided, { hit: 0, of: 1 });
  assert.deepEqual(s.dates, { hit: 1, of: 1 });
  assert.deepEqual(s.factRecall, { hit: 2, of: 2 });
  assert.deepEqual(s.factPrecision, { hit: 2, of: 3 });
  assert.deepEqual(s.conflictRecall, { hit: 1, of: 1 });
  assert.deepEqual(s.conflictPrecision, { hit: 1, of: 2 });
  assert.ok(s.misses.some((m) => m.includes('Ivo Kell not found')));
  assert.ok(s.misses.some((m) => m.includes('cites c')));
  // Stories add up before the ratio is taken.
  const total = addScores([s, s]);
  assert.deepEqual(total.factPrecision, { hit: 4, of: 6 });
  assert.equal(ratio(total.factPrecision), 4 / 6);
});

test('eval analysis: the annotated stories score above their floors; a floor above the score fails with exit 1', () => {
  const ok = cli(['eval', 'analysis', 'eval/analysis/visit.gold.json', 'eval/analysis/dam.gold.json', '--floors', 'eval/baselines.json']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /quoteSpeaker\s+\d\.\d{3}\s+\(\d+\/\d+\)\s+floor/);
  const dir = tempDir();
  const floors = join(dir, 'floors.json');
  writeFileSync(floors, JSON.stringify({ analysis: { factRecall: 1.01 } }));
  const fail = cli(['eval', 'analysis', 'eval/analysis/dam.gold.json', '--floors', floors, '--explain']);
  assert.equal(fail.status, 1);
  assert.match(fail.stdout, /factRecall .* FAIL/);
  assert.match(fail.stdout, /miss /);
  assert.equal(cli(['eval', 'analysis']).status, 2);
});
