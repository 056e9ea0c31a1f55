import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeArticles, findConflicts } from '../../src/analyze/index.ts';
import { REPO } from '../cli/run-cli.ts';

// The dam fixtures and what a reader expects of them are described in test/fixtures/analysis/README.md.
const dam = (name: string, publishedAt: string | null) => ({
  ref: name, title: null, lang: 'en', publishedAt, text: readFileSync(`${REPO}test/fixtures/analysis/${name}.txt`, 'utf8'),
});
const DAM = [dam('dam-a', '2031-04-16'), dam('dam-b', null), dam('dam-c', '2031-04-17')];

test('timeline: relative dates resolved against the article, undated articles against the story, future only when said', () => {
  const { timeline } = analyzeArticles(DAM);
  const dated = (start: string) => timeline.filter((t) => t.text.startsWith(start)).map((t) => t.date);
  assert.deepEqual(dated('The Ostra Dam above the town'), ['2031-04-13']); // "on Sunday" in a Wednesday article
  assert.deepEqual(dated('The Ostra Dam failed'), ['2031-04-12']); // "Saturday, April 12": no "after a week" date
  assert.ok(dated('The dam was built').includes('2028'), 'three years ago'); // and 1968 is one entry shared with dam-c
  const inquiry = timeline.find((t) => t.date === '2031-04-14');
  assert.ok(inquiry, '"on Monday" is 14 April in both dated articles and in the undated one');
  assert.deepEqual(inquiry.articleRefs, ['dam-a', 'dam-b', 'dam-c']);
  const built = timeline.find((t) => t.date === '1968');
  assert.deepEqual(built?.articleRefs, ['dam-a', 'dam-c']);
  assert.deepEqual(timeline.find((t) => t.date === '2031-05')?.articleRefs, ['dam-a', 'dam-c'], '"next month" and "in May" are May 2031');
  // Ordered by date.
  const starts = timeline.map((t) => t.date.slice(0, 10));
  assert.deepEqual(starts, [...starts].sort());
});

test('facts: what several outlets say in other words carries every supporting article', () => {
  const { facts } = analyzeArticles(DAM);
  const inquiry = facts.find((f) => /ordered an inquiry/.test(f.text));
  assert.deepEqual(inquiry?.articleRefs, ['dam-a', 'dam-b', 'dam-c']);
  const evacuated = facts.find((f) => /evacuated/.test(f.text));
  assert.ok(evacuated && evacuated.articleRefs.includes('dam-a') && evacuated.articleRefs.includes('dam-c'));
  // The most supported come first.
  const counts = facts.map((f) => f.articleRefs.length);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
});

test('conflicts: different dates of one event and different counts, contradiction or precision', () => {
  const { claims } = analyzeArticles(DAM);
  const conflicts = findConflicts(claims);
  const of = (a: string, b: string) => conflicts.find((c) => c.claims.some((x) => x.value === a) && c.claims.some((x) => x.value === b));
  assert.equal(of('2031-04-13', '2031-04-12')?.kind, 'contradiction', 'Sunday vs Saturday for the failure');
  const dead = of('Four', 'Five');
  assert.equal(dead?.kind, 'contradiction');
  assert.deepEqual(dead.claims.find((x) => x.value === 'Four')!.articleRefs, ['dam-a', 'dam-c']);
  assert.equal(of('1,200', 'More than a thousand')?.kind, 'precision');
  // Evacuated and killed are different counts; the weekend holds the Sunday.
  assert.equal(of('1,200', 'Five'), undefined);
  assert.equal(conflicts.length, 3, conflicts.map((c) => `${c.about}: ${c.claims.map((x) => x.value).join(' vs ')}`).join('; '));
});

test('entities and quotes of the dam story: spelling variants, a scare quote', () => {
  const { entities, quotes } = analyzeArticles(DAM);
  const governor = entities.find((e) => e.aliases.includes('Pavel Hrabek'));
  assert.ok(governor?.aliases.includes('Hrabec'));
  assert.equal(entities.find((e) => e.aliases.includes('Ostra Dam'))?.type, 'place');
  assert.equal(quotes.find((q) => q.text.startsWith('Nobody should'))?.speaker, governor!.name);
  assert.ok(!quotes.some((q) => q.text === 'wake-up call'));
});

test('facts: the inner sentences of a quote that runs over several sentences are quotes, not statements', () => {
  const harbour = ['harbour-a', 'harbour-b'].map((n) => dam(n, '2031-06-03'));
  const { facts, quotes } = analyzeArticles(harbour);
  assert.ok(quotes.some((q) => q.text.includes('We owe that to the commuters')), 'the quote is read as a quote');
  assert.ok(!facts.some((f) => f.text.includes('We owe that')), facts.map((f) => f.text).join('\n'));
});

// Four short reports of one fictional event, each sentence a variant of what the others say.
const report = (ref: string, text: string, publishedAt: string | null = '2031-09-10') => ({ ref, title: null, lang: 'en', publishedAt, text });

test('facts: a denial is supported by other denials, not by the same words asserted; frame words are not what is said', () => {
  const { facts } = analyzeArticles([
    report('a', 'Premier Ilona Marsh has repeatedly promised that she does not want to send ships to the strait. The port reopened.'),
    report('b', 'Marsh stated that she was not planning to send ships to the strait.'),
    report('c', 'Officials discussed plans to send ships to the strait, though Marsh was not directly involved.'),
    report('d', 'Marsh again ruled out sending ships to the strait.'),
  ]);
  const denial = facts.find((f) => f.articleRefs.includes('a') && /send ships/.test(f.text));
  assert.ok(denial, facts.map((f) => f.text).join('\n'));
  assert.deepEqual(denial.articleRefs, ['a', 'b', 'd'], '"plans to send ships" is not a denial, "ruled out sending" is');
  // Each supporting article is cited with the sentence that says it.
  assert.deepEqual(denial.evidence.map((e) => e.articleRef), ['a', 'b', 'd']);
  assert.match(denial.evidence.find((e) => e.articleRef === 'd')!.text, /ruled out/);
});

test('facts: a role phrase names the one person a single descriptor fits ("the Varnian premier" is the Varnian Prime Minister)', () => {
  const { facts, entities } = analyzeArticles([
    report('a', 'Varnian Prime Minister Teodor Vask of Varnia flew to Halvik on Tuesday. Kestrian President Ilya Baranek met him.'),
    report('b', 'The Varnian premier arrived in Halvik on Tuesday, officials said.'),
  ]);
  assert.ok(entities.some((e) => e.name === 'Teodor Vask' && e.type === 'person'), 'the name ends before "of Varnia"');
  assert.ok(!entities.some((e) => e.name.includes(' of ')), entities.map((e) => e.name).join(', '));
  const arrival = facts.find((f) => /Halvik on Tuesday/.test(f.text));
  assert.deepEqual(arrival?.articleRefs, ['a', 'b']);
});

test('conflicts: an article that gives both dates dates two events, not one event twice', () => {
  const { claims } = analyzeArticles([
    report('a', 'The premier arrived in Halvik on Tuesday. Hundreds protested against the visit in Halvik on Monday.'),
    report('b', 'The premier visited Halvik on Tuesday.'),
  ]);
  assert.deepEqual(findConflicts(claims).filter((c) => c.about.startsWith('date')), []);
});

test('facts: a negation ends with its clause — a relative or subordinate clause after it is not denied', async () => {
  const { readStory } = await import('../../src/analyze/index.ts');
  const negatedIn = (text: string) => [...readStory([report('a', text)]).sentences[0]!.negated].sort();
  assert.deepEqual(negatedIn('The mayor did not say which ferries would sail.'), []);
  assert.deepEqual(negatedIn('The council did not close the bridge because engineers found cracks.'), ['c:bridg', 'c:close']);
  // A list joined by "or" is still inside the clause: "no specific or credible threat" denies both.
  assert.deepEqual(negatedIn('Officials saw no specific or credible threat.'), ['c:credibl', 'c:specif']);
});
