import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { analyzeArticles } from '../../src/analyze/index.ts';
import { composeBrief, type Brief } from '../../src/brief/index.ts';
import { renderMarkdown } from '../../src/render/markdown.ts';
import { renderHtml } from '../../src/render/html.ts';
import { tempDir } from '../cli/run-cli.ts';

// Article text is untrusted: these reports carry markup that must come out as text.
const articles = [
  { ref: 'a.txt', text: 'Mayor Ilona Marsh opened the Tarn bridge in Port Ebb on Tuesday. The works cost 40 million euros, the council said. Marsh wrote <script>alert("x")</script> on the plaque, and [click](http://evil.example) too.', publishedAt: '2031-06-04' },
  { ref: 'b.txt', text: 'The Tarn bridge in Port Ebb was opened on Tuesday by Mayor Ilona Marsh. The council put the cost at 40 million euros. “It is a <b>great</b> day,” said Marsh.', publishedAt: '2031-06-04' },
  { ref: 'c.txt', text: 'Port Ebb opened the Tarn bridge on Tuesday. Mayor Ilona Marsh cut the ribbon. Critics say the works cost 55 million euros.', publishedAt: '2031-06-05' },
].map((a) => ({ ...a, title: `Bridge <opens> ${a.ref}`, lang: 'en' }));

function brief(): Brief {
  const analysis = analyzeArticles(articles);
  return composeBrief(
    { id: 'sbridge', storylineId: 'l', headline: 'Tarn bridge <opens>', firstPublished: '2031-06-04', lastPublished: '2031-06-05', articleIds: [], articleRefs: articles.map((a) => a.ref), outlets: [] },
    analysis, [],
    articles.map((a, i) => ({ id: a.ref, ref: a.ref, title: a.title, outlet: ['Ebb Gazette', 'Tarn Radio', null][i]!, publishedAt: a.publishedAt, url: i === 0 ? 'https://gazette.example/bridge?a=1&b=2' : null })),
  );
}

test('markdown: summary with numbered citations, sections, numbered sources; article markup escaped', () => {
  const md = renderMarkdown([brief()]);
  assert.match(md, /^# Tarn bridge &lt;opens&gt;/);
  assert.match(md, /## Summary\n\n.+\[\d(, \d)*\]/);
  assert.match(md, /## Sources\n\n1\. Bridge &lt;opens&gt; a\.txt — Ebb Gazette, 2031-06-04 — <https:\/\/gazette\.example\/bridge\?a=1&b=2>\n2\. .* — Tarn Radio, 2031-06-04 — `b\.txt`\n3\. .* — file, no outlet named, 2031-06-05 — `c\.txt`/);
  // A file with no outlet is named as a file, by its title, never as if its name were an outlet.
  assert.match(md, /3 articles from Ebb Gazette, Tarn Radio and 1 file with no outlet named/);
  assert.match(md, /\*\*“Bridge &lt;opens&gt; c\.txt” \(file c\.txt\)\*\*/);
  assert.ok(!md.includes('<script>') && !md.includes('<b>'), 'no raw markup from the articles');
  assert.ok(md.includes('&lt;script&gt;alert("x")&lt;/script&gt;'), 'the script shows as text');
  assert.ok(md.includes('\\[click\\](http://evil.example)'), 'a link in an article is not a link');
  assert.match(md, /## Where the outlets differ\n\n- \*\*number of euros\*\* \(contradiction\): 40 million \[1, 2\]/);
});

test('html: one self-contained page — inline CSS, no script, escaped text, phone and print styles', () => {
  const html = renderHtml([brief()]);
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(html, /@media print/);
  assert.ok(!/<script/i.test(html), 'no script element, not even from an article');
  assert.ok(!/<link\b|\bsrc=|@import|url\(/i.test(html), 'nothing fetched from elsewhere');
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(html.includes('href="https://gazette.example/bridge?a=1&amp;b=2"'));
  assert.match(html, /<sup class="cite">\[<a href="#story-sbridge-src-1">1<\/a>/);
});

test('html in Chromium: opens with no console error, shows the article markup as text, fits a phone screen', async () => {
  const dir = tempDir();
  const file = join(dir, 'brief.html');
  writeFileSync(file, renderHtml([brief(), { ...brief(), id: 'sother' }]));
  const browser = await chromium.launch({
    executablePath: process.env.STORYLINE_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`request ${r.url()}`); });
    await page.goto(`file://${file}`);
    assert.deepEqual(problems, []);
    const body = await page.innerText('body');
    assert.ok(body.includes('<script>alert("x")</script>'), 'markup shown as text');
    assert.equal(await page.locator('h1').count(), 2, 'two stories on one page');
    assert.ok(await page.locator('nav a').count() === 2, 'a list of the stories when there are several');
    // Nothing wider than the phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    // A citation leads to its source.
    const target = await page.locator('sup.cite a').first().getAttribute('href');
    assert.equal(await page.locator(target!).count(), 1);
  } finally {
    await browser.close();
  }
});
