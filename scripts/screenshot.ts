// Regenerates the README's screenshot: the bundled examples served, the bridge story page, in Chromium.
//   node --import tsx scripts/screenshot.ts [out.png]
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { ingestFiles } from '../src/app/ingest.ts';
import { createServer } from '../src/serve/server.ts';

const out = process.argv[2] ?? 'docs/story-page.png';
const db = join(mkdtempSync(join(tmpdir(), 'storyline-shot-')), 'examples.db');
const store = openStore(db);
ingestFiles(store, ['examples']);
store.close();
const app = await createServer({ db });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.STORYLINE_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1000, height: 1500 } });
await page.goto(`${address}/?sort=coverage`);
await page.locator('li.story h2 a', { hasText: 'harbour bridge' }).first().click();
await page.waitForURL(/\/stories\//);
await page.screenshot({ path: out });
console.log(`${out}: ${page.url()}`);
await browser.close();
await app.close();
