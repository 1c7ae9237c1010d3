// Long lists a page at a time, in a real browser from file://: the sources list and the most
// mentioned person's *In the sources* are walked to their last page by clicking "Next", and back
// to the first by clicking "Previous".
//
// DOSSIER_PAGED_SITE names a built site whose lists run over several pages (tests/browser.rs
// builds a generated dossier with small pages); without it the test is skipped. Only file://
// is loaded: any other request is aborted and fails the test.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const SITE = process.env.DOSSIER_PAGED_SITE ? path.resolve(process.env.DOSSIER_PAGED_SITE) : '';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 15000;
const NEXT = 'nav[aria-label="Pages"] a[rel="next"]';
const PREV = 'nav[aria-label="Pages"] a[rel="prev"]';
const CURRENT = 'nav[aria-label="Pages"] a[aria-current="page"]';

const skip = !SITE || !fs.existsSync(path.join(SITE, 'sources/page-2.html'))
  ? 'DOSSIER_PAGED_SITE does not name a site with paginated lists (tests/browser.rs sets it)'
  : false;

const fileUrl = (rel) => pathToFileURL(path.join(SITE, rel)).href;

let browser;
let page;
const problems = [];

before(async () => {
  if (skip) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT_MS);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('about:')) return route.continue();
    problems.push(`request to another host: ${u}`);
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
});

after(async () => {
  if (browser) await browser.close();
});

/** Follows the link `selector` of the page shown, waiting for the page it names. */
async function follow(selector) {
  const href = await page.getAttribute(selector, 'href');
  const target = new URL(href, page.url()).href;
  await Promise.all([page.waitForURL(target), page.click(selector)]);
  return target;
}

/** The texts of the elements `selector` selects on the page shown. */
const texts = (selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));
/** Where the links `selector` selects lead, as absolute URLs (titles may repeat). */
const targets = (selector) => page.$$eval(selector, (els) => els.map((e) => e.href));

/**
 * Walks a list from its first page to its last by "Next", then back by "Previous": returns where
 * the items seen going forward link to, and checks the way back passes the same pages in reverse.
 */
async function walk(firstUrl, itemSelector) {
  await page.goto(firstUrl);
  const forward = [page.url()];
  const items = [];
  for (;;) {
    items.push(...(await targets(itemSelector)));
    const current = await texts(CURRENT);
    assert.deepEqual(current, [`Page ${forward.length}`], `${page.url()}: the navigation marks the page shown`);
    if (!(await page.$(NEXT))) break;
    forward.push(await follow(NEXT));
    assert.ok(forward.length < 1000, 'Next never ends');
  }
  assert.ok(forward.length > 2, `${firstUrl}: only ${forward.length} pages`);
  const backward = [page.url()];
  while (await page.$(PREV)) backward.push(await follow(PREV));
  assert.deepEqual(backward.reverse(), forward, 'Previous retraces Next');
  assert.equal(page.url(), firstUrl);
  return items;
}

describe('paginated lists from file://', { skip }, () => {
  test('the sources list: every source once, as many as the first page counts', async () => {
    const items = await walk(fileUrl('sources/index.html'), 'ol.source-list > li > a');
    await page.goto(fileUrl('sources/index.html'));
    const lede = await page.textContent('p.lede');
    const count = Number(lede.match(/^([\d,]+) sources/)[1].replace(/,/g, ''));
    assert.equal(items.length, count, lede);
    assert.equal(new Set(items).size, items.length, 'a source twice');
    const sources = fs.readdirSync(path.join(SITE, 'sources'))
      .filter((f) => f.endsWith('.html') && f !== 'index.html' && !/^page-\d+\.html$/.test(f));
    assert.equal(items.length, sources.length);
  });

  test("the most mentioned person's In the sources, from the person's page", async () => {
    await page.goto(fileUrl('people/index.html'));
    const person = await follow('ul.entity-cards h2 a');
    const groups = await walk(person, '.in-sources .mention-group h3 a');
    assert.equal(new Set(groups).size, groups.length, 'a source twice');
    await page.goto(person);
    const note = await page.textContent('.in-sources p.meta');
    const count = Number(note.match(/^([\d,]+) sources/)[1].replace(/,/g, ''));
    assert.equal(groups.length, count, note);
    // A later page leads back to the person by its heading too.
    await follow(NEXT);
    assert.equal(await follow('main h1 a'), person);
  });

  test('nothing failed and nothing left file://', () => {
    assert.deepEqual(problems, []);
  });
});
