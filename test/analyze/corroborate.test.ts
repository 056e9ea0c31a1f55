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
  // "No" before a noun denies its whole clause, a list joined by "or" included: "no specific or credible threat".
  assert.deepEqual(negatedIn('Officials saw no specific or credible threat.'), ['c:credibl', 'c:fear', 'c:specif']);
  assert.deepEqual(negatedIn('No Varnian soldiers will take part in the fighting, the minister said.'), ['c:send', 'c:troops']);
  // An adverb does not use up a negation's reach; a phrase ("interfered in the fighting": taking part) is denied whole.
  assert.deepEqual(negatedIn('Halvik has not actively interfered in the fighting.'), ['c:activ', 'c:send']);
  assert.deepEqual(negatedIn('Halvik did not take part in the talks.'), ['c:meet', 'c:send']);
});

test('facts: a possibility does not support what happened — "fears there could be an offensive" is not "launched an offensive"', () => {
  const { facts } = analyzeArticles([
    report('a', 'Varnia launched an offensive against Halvik from Kestrian territory. The port reopened.'),
    report('b', 'Halvik fears that there could be a Varnian offensive from Kestrian territory. The port stayed shut.'),
    report('c', 'Officials in Halvik warned of a possible Varnian offensive from Kestrian territory.'),
    report('d', 'Halvik has long feared an offensive, which would be launched from Kestrian territory.'),
  ]);
  const launched = facts.find((f) => /launched an offensive/.test(f.text));
  assert.deepEqual(launched?.articleRefs, ['a'], JSON.stringify(facts.map((f) => [f.text, f.articleRefs])));
  // Two outlets that tell the same possibility agree.
  assert.ok(facts.some((f) => f.articleRefs.includes('b') && f.articleRefs.includes('c') && !f.articleRefs.includes('a')), JSON.stringify(facts.map((f) => [f.text, f.articleRefs])));
});

test('conflicts: only counts of the same thing at the same time — not another year, a time before, another owner, a change against a level, a volume against a height', () => {
  const values = (articles: ReturnType<typeof report>[]) => findConflicts(analyzeArticles(articles).claims).map((c) => `${c.kind}: ${c.claims.map((x) => x.value).sort().join(' / ')}`).sort();
  // Another time: a year of its own, "before the invasion", what was against what will be.
  assert.deepEqual(values([
    report('a', 'Up to 2,500 Varnian soldiers will be stationed in Halvik from the summer.', '2032-02-10'),
    report('b', 'In the spring of 2030, some 20,000 Varnian soldiers had massed on the border.', '2032-02-10'),
    report('c', 'Even before the invasion, tens of thousands of Varnian soldiers gathered near Halvik.', '2032-02-10'),
    report('d', 'Thousands of Varnian troops will be based in Halvik under last year\'s treaty.', '2032-02-10'),
    report('e', 'Kestria\'s own army has 35,000 soldiers.', '2032-02-10'),
  ]), ['precision: Thousands / Up to 2,500']);
  // A change is not a level, a volume is not a height; a flood of 2019 is not this one.
  assert.deepEqual(values([
    report('a', 'The river peaked at 6.4 metres on Sunday night, and the water rose two metres in six hours.', '2032-03-15'),
    report('b', 'The river rose to more than six metres. The reservoir upstream holds 40 million cubic metres.', '2032-03-15'),
    report('c', 'About 1,200 people had to leave their homes. In the flood of 2019, 5,000 people were evacuated.', '2032-03-15'),
    report('d', 'More than a thousand people were moved to safety, and crews rescued 60 people from rooftops.', '2032-03-15'),
  ]), ['precision: 6.4 / more than six', 'precision: About 1,200 / More than a thousand']);
  // "Up to 2,500" and "2,500" state one number; "thousands" is set against the most precise figure only.
  assert.deepEqual(values([
    report('a', 'Up to 2,500 Varnian soldiers will be stationed in Halvik.', '2032-02-10'),
    report('b', 'Varnia will station 2,500 troops in Halvik.', '2032-02-10'),
    report('c', 'Thousands of Varnian troops will be based in Halvik.', '2032-02-10'),
  ]), ['precision: 2,500 / Thousands']);
});

test('facts in other words: "has ruled since 2009" / "in power since" / "leader since" / "has governed since" are one fact; figures of different precision support it, figures that differ do not', () => {
  const alliance = ['a', 'b', 'c', 'd'].map((x) => ({ ref: `alliance-${x}`, title: null, lang: 'en', publishedAt: x === 'c' ? null : '2032-02-10', text: readFileSync(`${REPO}test/fixtures/analysis/alliance-${x}.txt`, 'utf8') }));
  const { facts } = analyzeArticles(alliance);
  const fact = (re: RegExp) => facts.find((f) => re.test(f.text));
  assert.deepEqual(fact(/since 2009/)?.articleRefs, ['alliance-a', 'alliance-b', 'alliance-c', 'alliance-d']);
  // "a grain agreement worth 800 million euros", "a grain deal valued at €800 million", "grain exports worth 800 million euros".
  assert.deepEqual(fact(/grain/)?.articleRefs, ['alliance-a', 'alliance-b', 'alliance-d']);
  // "up to 2,500", "thousands of" and "2,500" troops: one fact.
  assert.deepEqual(fact(/2,500|[Tt]housands of Duravian/)?.articleRefs, ['alliance-a', 'alliance-b', 'alliance-c']);
  // "Talked for three hours" does not support "met for four hours".
  for (const f of facts) if (/four hours/.test(f.text)) assert.ok(!f.evidence.some((e) => /three hours/.test(e.text)), f.text);
  // Every cited sentence is one the fact's article says.
  for (const f of facts) for (const e of f.evidence) assert.ok(alliance.find((a) => a.ref === e.articleRef)!.text.includes(e.text.slice(0, 30)));
});
