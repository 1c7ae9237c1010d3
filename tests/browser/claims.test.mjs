// The claims list in a real browser, from file://: every row carries its id and status on one
// element, the status filter hides and shows rows, links to claims land on rows that exist, the
// page reads whole without JavaScript, and nothing logs an error.
//
// DOSSIER_SITE names the built shipped dossier (tests/browser.rs builds it). Only file:// is
// loaded: any other request is aborted and fails the test.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const SITE = process.env.DOSSIER_SITE ? path.resolve(process.env.DOSSIER_SITE) : '';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 15000;
const STATUSES = ['corroborated', 'single-source', 'contested', 'denied', 'unsourced'];

const skip = !SITE || !fs.existsSync(path.join(SITE, 'claims/index.html'))
  ? 'DOSSIER_SITE does not name a site with a claims page (tests/browser.rs sets it)'
  : false;

const fileUrl = (rel) => pathToFileURL(path.join(SITE, rel)).href;

let browser;
const problems = [];

async function newPage(javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  context.setDefaultTimeout(TIMEOUT_MS);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('about:')) return route.continue();
    problems.push(`request to another host: ${u}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  return page;
}

/** Ids and statuses of the rows the page shows, in order. */
const visibleRows = (page) => page.$$eval('.claim-row[data-status]', (rows) => rows
  .filter((r) => r.offsetParent !== null)
  .map((r) => `${r.id}=${r.dataset.status}`));

describe('claims page in a real browser', { skip }, () => {
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    if (browser) await browser.close();
  });

  test('rows carry id and status together, and the filter hides and shows them', async () => {
    const page = await newPage();
    await page.goto(fileUrl('claims/index.html'));
    const rows = await page.$$eval('[id^="claim-"]', (els) => els.map((e) => ({
      id: e.id, status: e.getAttribute('data-status'), label: e.querySelector('.status')?.textContent.trim(),
    })));
    assert.ok(rows.length >= 12, `only ${rows.length} claim rows`);
    for (const r of rows) {
      assert.ok(STATUSES.includes(r.status), `${r.id}: data-status ${r.status}`);
      assert.ok(r.label && r.label.length > 0, `${r.id}: no status label`);
    }
    const all = await visibleRows(page);
    assert.equal(all.length, rows.length, 'every row shows at first');
    // Contested and denied first.
    const firstCalm = rows.findIndex((r) => !['contested', 'denied'].includes(r.status));
    assert.ok(rows.slice(firstCalm).every((r) => !['contested', 'denied'].includes(r.status)),
      'a disagreement comes after an agreed claim');

    // The filter shows with scripts; untick two statuses.
    assert.ok(await page.isVisible('#claims-filter'), 'the filter shows');
    await page.uncheck('#claims-filter input[value="corroborated"]');
    await page.uncheck('#claims-filter input[value="single-source"]');
    const some = await visibleRows(page);
    assert.ok(some.length > 0 && some.length < all.length, `${some.length} of ${all.length} shown`);
    assert.ok(some.every((r) => r.endsWith('=contested') || r.endsWith('=denied')), some.join(', '));
    assert.match(await page.textContent('.filter-count'), new RegExp(`^${some.length} of ${all.length} `));
    await page.check('#claims-filter input[value="corroborated"]');
    await page.check('#claims-filter input[value="single-source"]');
    assert.equal((await visibleRows(page)).length, all.length, 'ticked again, every row shows');
    await page.context().close();
  });

  test('links to claims land on rows that exist, even rows the filter hid', async () => {
    const page = await newPage();
    const pages = ['index.html', ...fs.readdirSync(path.join(SITE, 'summaries'))
      .filter((f) => f.endsWith('.html')).map((f) => `summaries/${f}`)];
    let checked = 0;
    for (const rel of pages) {
      await page.goto(fileUrl(rel));
      const hrefs = await page.$$eval('a.claim-ref', (as) => as.map((a) => a.href));
      for (const href of hrefs) {
        const url = new URL(href);
        assert.match(url.hash, /^#claim-[a-z0-9._-]+$/, href);
        const file = decodeURIComponent(url.pathname);
        const html = fs.readFileSync(file, 'utf8');
        assert.ok(html.includes(`id="${url.hash.slice(1)}" data-status="`), `${rel}: ${href} has no row`);
        checked += 1;
      }
    }
    assert.ok(checked >= 12, `only ${checked} claim links checked`);

    // A row hidden by the filter is shown when a link names it.
    await page.goto(fileUrl('claims/index.html'));
    const target = await page.$eval('.claim-row[data-status="corroborated"]', (r) => r.id);
    await page.uncheck('#claims-filter input[value="corroborated"]');
    assert.equal(await page.isVisible(`#${target}`), false);
    await page.goto(`${fileUrl('claims/index.html')}#${target}`);
    assert.ok(await page.isVisible(`#${target}`), 'the named row shows');
    await page.context().close();
  });

  test('without JavaScript every row shows and the filter stays hidden', async () => {
    const page = await newPage(false);
    await page.goto(fileUrl('claims/index.html'));
    const rows = await page.$$eval('.claim-row', (els) => els.length);
    assert.equal((await visibleRows(page)).length, rows);
    assert.equal(await page.isVisible('#claims-filter'), false);
    await page.context().close();
  });

  test('no console errors, failed requests or outside requests', () => {
    assert.deepEqual(problems, []);
  });
});
