// The web app in real Chromium (Debian's, through playwright-core), as an analyst uses it: the story
// list, a filter, a search and a hit, a story, a summary citation followed to its highlighted
// sentence, an entity; an article full of markup that must run nothing. Every page: no console error,
// no horizontal overflow on a 375 px phone, and no serious or critical axe-core violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seededStore, startServer } from './serve-fixture.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const problems: string[] = [];

before(async () => {
  server = await startServer({ db: seededStore() });
  browser = await chromium.launch({
    executablePath: process.env.STORYLINE_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`a dialog opened on ${page.url()}: ${d.message()}`);
    void d.dismiss();
  });
  return page;
}

/** The checks every page must pass: no console error so far, no horizontal overflow, no serious axe violation. */
async function checkPage(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('load');
  assert.deepEqual(problems, [], what);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what}: ${overflow}px of horizontal overflow at 375 px`);
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `${what}: accessibility`);
}

test('story list, filter by outlet, search and open a hit', async () => {
  const page = await phone();
  await page.goto(server.base + '/');
  await checkPage(page, 'story list');
  const all = await page.locator('li.story').count();
  assert.ok(all >= 5, `stories listed: ${all}`);
  await page.selectOption('#f-outlet', 'Valley Wire');
  await page.click('form.filters button[type=submit]');
  await page.waitForURL(/outlet=Valley\+Wire/);
  await checkPage(page, 'filtered list');
  const metas = await page.locator('li.story .meta').allTextContents();
  assert.ok(metas.length >= 1 && metas.length < all && metas.every((m) => m.includes('Valley Wire')), metas.join(' | '));

  await page.fill('#site-q', 'girder');
  await page.press('#site-q', 'Enter');
  await page.waitForURL(/\/search\?q=girder/);
  await checkPage(page, 'search');
  const marks = await page.locator('ol.hits mark').allTextContents();
  assert.ok(marks.some((m) => /girder/i.test(m)), marks.join(','));
  await page.locator('ol.hits h2 a').first().click();
  await page.waitForURL(/\/articles\//);
  await checkPage(page, 'a search hit');
  assert.ok(await page.locator('dl.facts a[href^="/stories/"]').count(), 'the article links to its story');
  await page.close();
});

test('a story: follow a summary citation to the highlighted sentence of its article; open an entity', async () => {
  const page = await phone();
  await page.goto(server.base + '/?sort=coverage');
  await page.locator('li.story h2 a', { hasText: 'Great visit to Belarus' }).click();
  await page.waitForURL(/\/stories\//);
  await checkPage(page, 'story page');
  for (const section of ['Summary', 'Confirmed by several outlets', 'Where the outlets differ', 'Who said what', 'Timeline', 'Coverage over time', 'Sources']) {
    assert.equal(await page.locator('h2', { hasText: section }).count(), 1, section);
  }
  assert.ok(await page.locator('#coverage svg rect').count(), 'the coverage chart');
  const sentence = await page.locator('#summary p').evaluate((p) => {
    // The text of the first summary sentence: everything before its first citation.
    let text = '';
    for (const n of Array.from(p.childNodes)) {
      if (n.nodeName === 'SUP') break;
      text += n.textContent;
    }
    return text.trim();
  });
  const link = page.locator('#summary sup.cite a').first();
  const href = await link.getAttribute('href');
  assert.match(href ?? '', /^\/articles\/[^?]+\?s=\d+#s-\d+$/);
  await link.click();
  await page.waitForURL(/\/articles\/.*\?s=\d+#s-\d+$/);
  await checkPage(page, 'cited article');
  const marked = (await page.locator('mark.cited').textContent())!.trim();
  const words = (t: string) => new Set(t.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
  const shared = [...words(sentence)].filter((w) => words(marked).has(w)).length / words(sentence).size;
  assert.ok(shared >= 0.8, `summary sentence "${sentence}" vs marked "${marked}"`);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('cited')), true, 'the cited sentence has the focus');
  assert.ok(await page.locator('a.name').count(), 'names are marked');

  await page.goBack();
  await page.locator('#people a[href^="/entities/"]').first().click();
  await page.waitForURL(/\/entities\//);
  await checkPage(page, 'entity page');
  assert.ok(await page.locator('ol.stories li.story').count() >= 1);
  await page.goto(server.base + '/entities');
  await checkPage(page, 'entities');
  await page.goto(server.base + '/add');
  await checkPage(page, 'add form');
  await page.close();
});

test('an article carrying <script>, <img onerror>, javascript: links and </style> runs nothing and shows as text', async () => {
  const page = await phone();
  const found = (await (await fetch(`${server.base}/api/articles/hostile-harbour-note`)).json()) as { id: string; story: { id: string } };
  for (const path of [`/articles/${found.id}`, `/stories/${found.story.id}`, '/search?q=harbour', `/?outlet=${encodeURIComponent('Wharf <b>Bulletin</b>')}`]) {
    await page.goto(server.base + path);
    await checkPage(page, path);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, `${path}: script ran`);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, `${path}: a javascript: link`);
    assert.equal(await page.locator('main img, main script, main b').count(), 0, `${path}: article markup became elements`);
    assert.ok(await page.locator('main').isVisible(), `${path}: the page is shown`);
  }
  await page.goto(`${server.base}/articles/${found.id}`);
  const text = await page.locator('main').innerText();
  assert.match(text, /<script>window\.__pwned = 'text'<\/script>/);
  assert.match(text, /<img src=x onerror=/);
  assert.match(await page.locator('h1').innerText(), /Harbour note <script>/);
  assert.match(text, /javascript:window\.__pwned='link' for more/);
  assert.match(await page.locator('h1').innerText(), /<a href="javascript:window\.__pwned='title-link'">more<\/a>/);
  assert.match(text, /<\/style><style>body\{display:none\}<\/style>/);
  await page.close();
});
