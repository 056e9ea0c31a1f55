// The pure parts of "what changed": digests compared, changes folded since a moment, watchlists
// matched and the alerts they raise, on hand-made digests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesSince, diffDigests, type BriefDigest, type StoryRevision } from '../../src/brief/revisions.ts';
import { alertFor, matchesWatch, watchQuery } from '../../src/brief/watch.ts';

function digest(over: Partial<BriefDigest> = {}): BriefDigest {
  return {
    headline: 'Ferry runs aground off Skellan Point', articles: 2, outlets: ['Coast Gazette', 'Harbour Radio'], languages: ['en'],
    facts: [{ text: 'The ferry Marlow ran aground off Skellan Point on Friday.', evidence: ['a#0', 'b#1'], outlets: ['Coast Gazette', 'Harbour Radio'] }],
    quotes: [{ key: 'ines brack|we heard a long scrape', speaker: 'Ines Brack', text: 'We heard a long scrape', outlet: 'Coast Gazette' }],
    conflicts: [], names: ['Ines Brack', 'Skellan Point', 'Marlow'], ...over,
  };
}

test('a story seen for the first time is a new story; an unchanged one has no changes', () => {
  assert.deepEqual(diffDigests(null, digest()), [{ kind: 'new-story', headline: 'Ferry runs aground off Skellan Point', outlets: ['Coast Gazette', 'Harbour Radio'], articles: 2 }]);
  assert.deepEqual(diffDigests(digest(), digest()), []);
});

test('a fact reworded keeps its identity by the sentence that says it, and gains support', () => {
  const after = digest({
    articles: 3, outlets: ['Coast Gazette', 'Harbour Radio', 'Isle Post'],
    // The wording now comes from another article; one of the old sentences still says it.
    facts: [{ text: 'On Friday the Marlow ran aground off Skellan Point.', evidence: ['b#1', 'c#0'], outlets: ['Coast Gazette', 'Harbour Radio', 'Isle Post'] },
      { text: 'Only the Isle Post says the tide was low.', evidence: ['c#3'], outlets: ['Isle Post'] }],
  });
  const changes = diffDigests(digest(), after);
  assert.deepEqual(changes.map((c) => c.kind), ['new-outlets', 'fact-support'], 'a fact one outlet gives is not a new fact');
  assert.deepEqual(changes[1], { kind: 'fact-support', text: 'On Friday the Marlow ran aground off Skellan Point.', from: 2, to: 3, outlets: ['Isle Post'] });
});

test('conflicts appear and are resolved; headlines and quotes change', () => {
  const disputed = digest({ conflicts: [{ key: 'contradiction|number of passengers', about: 'number of passengers', kind: 'contradiction', values: ['120', '210'] }] });
  assert.deepEqual(diffDigests(digest(), disputed), [{ kind: 'new-conflict', about: 'number of passengers', conflict: 'contradiction', values: ['120', '210'] }]);
  const settled = digest({ headline: 'Marlow refloated', quotes: [...digest().quotes, { key: 'x|all safe', speaker: 'X', text: 'All safe', outlet: 'Isle Post' }] });
  assert.deepEqual(diffDigests(disputed, settled).map((c) => c.kind), ['headline', 'new-quote', 'resolved-conflict']);
});

test('changes since a moment are folded: support in two steps is one, a conflict come and gone is none', () => {
  const revisions: StoryRevision[] = [
    { storyId: 's', seq: 1, at: '2031-01-01T00:00:00.000Z', articles: 2, changes: [{ kind: 'new-story', headline: 'h', outlets: ['A', 'B'], articles: 2 }] },
    { storyId: 's', seq: 2, at: '2031-01-02T00:00:00.000Z', articles: 3, changes: [{ kind: 'new-outlets', outlets: ['C'] }, { kind: 'fact-support', text: 'F.', from: 2, to: 3, outlets: ['C'] },
      { kind: 'new-conflict', about: 'toll', conflict: 'contradiction', values: ['1', '2'] }] },
    { storyId: 's', seq: 3, at: '2031-01-03T00:00:00.000Z', articles: 4, changes: [{ kind: 'new-outlets', outlets: ['D'] }, { kind: 'fact-support', text: 'F.', from: 3, to: 4, outlets: ['D'] },
      { kind: 'resolved-conflict', about: 'toll', conflict: 'contradiction' }] },
  ];
  const since = changesSince(revisions, '2031-01-01T12:00:00.000Z');
  assert.equal(since.revisions, 2);
  assert.equal(since.articlesBefore, 2);
  assert.deepEqual(since.changes, [{ kind: 'new-outlets', outlets: ['C', 'D'] }, { kind: 'fact-support', text: 'F.', from: 2, to: 4, outlets: ['C', 'D'] }]);
  assert.deepEqual(changesSince(revisions, '2031-01-05T00:00:00.000Z'), { since: '2031-01-05T00:00:00.000Z', revisions: 0, articlesBefore: 4, changes: [] });
});

test('a watchlist matches names in any spelling the story merged, outlets and languages', () => {
  const d = digest({ names: ['Ines Brack', 'Inès Bräck', 'Skellan Point'] });
  assert.ok(matchesWatch(watchQuery({ terms: ['ines brack'] }), d), 'case and accents folded');
  assert.ok(matchesWatch(watchQuery({ terms: ['skellan point', 'aground'] }), d), 'every term, a phrase as a phrase');
  assert.ok(!matchesWatch(watchQuery({ terms: ['point skellan'] }), d));
  assert.ok(!matchesWatch(watchQuery({ terms: ['Skell'] }), d), 'whole words');
  assert.ok(matchesWatch(watchQuery({ terms: ['Marlow'], outlets: ['harbour radio'] }), d));
  assert.ok(!matchesWatch(watchQuery({ terms: ['Marlow'], outlets: ['Isle Post'] }), d));
  assert.ok(!matchesWatch(watchQuery({ languages: ['de'] }), d));
  assert.throws(() => watchQuery({ terms: ['  '] }), /needs words/);
  assert.throws(() => watchQuery({ terms: ['x'], minOutlets: 1 }), /from 2/);
});

test('alerts: the first match, then only what a watcher is told of', () => {
  const q = watchQuery({ terms: ['Marlow'], minOutlets: 3 });
  const first = alertFor(q, null, digest(), diffDigests(null, digest()));
  assert.equal(first?.kind, 'new-match');
  // A story that did not match before and does now is a first match too.
  const before = digest({ names: [], facts: [], quotes: [], headline: 'Ship trouble' });
  assert.equal(alertFor(q, before, digest(), diffDigests(before, digest()))?.kind, 'new-match');
  // A new quote alone is on the story page, not in an alert.
  const quoted = digest({ quotes: [...digest().quotes, { key: 'k', speaker: null, text: 'New words here', outlet: 'Coast Gazette' }] });
  assert.equal(alertFor(q, digest(), quoted, diffDigests(digest(), quoted)), null);
  // A fact reaching 3 outlets is told; reaching 2 would not be.
  const three = digest({ outlets: ['Coast Gazette', 'Harbour Radio', 'Isle Post'], facts: [{ ...digest().facts[0]!, outlets: ['Coast Gazette', 'Harbour Radio', 'Isle Post'], evidence: ['a#0'] }] });
  const told = alertFor(q, digest(), three, diffDigests(digest(), three));
  assert.deepEqual(told?.changes.map((c) => c.kind), ['new-outlets', 'fact-support']);
  // A story that no longer matches raises nothing.
  assert.equal(alertFor(watchQuery({ terms: ['Velmora'] }), digest(), three, diffDigests(digest(), three)), null);
});
