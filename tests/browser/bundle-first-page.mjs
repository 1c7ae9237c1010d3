// How long a bundle takes to show its first page in headless Chromium, and a search in it:
//
//   node bundle-first-page.mjs <dossier.html> [runs] [query]
//
// (inside tests/browser, after `npm ci --ignore-scripts`; BENCHMARKS.md, "Bundle"). Each run
// opens the file from file:// in a fresh browser, so nothing is cached, and measures from
// the navigation's start to the moment the overview's <main> is in the body (the page
// script has inflated its group and mounted it); then it types the query (by default the
// name of the first person in the people list) in the header's box and measures until the
// results are shown. Prints one JSON line per run and the medians.

import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, runsArg, queryArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bundle-first-page.mjs <dossier.html> [runs] [query]');
  process.exit(2);
}
const RUNS = Number(runsArg) || 3;
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const url = pathToFileURL(path.resolve(file)).href;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = [];
for (let run = 0; run < RUNS; run++) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60000 });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(120000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: 120000 });
    await page.waitForFunction(() => window.dossierBundle && window.dossierBundle.page === 'index.html'
      && document.querySelector('main'), null, { polling: 10 });
    const firstPage = performance.now() - started;
    const parsed = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return nav ? nav.domContentLoadedEventEnd : null;
    });

    let query = queryArg;
    if (!query) {
      await page.evaluate(() => { window.location.hash = '#/people/index.html'; });
      await page.waitForFunction(() => window.dossierBundle.page === 'people/index.html');
      query = (await page.locator('main a[href^="#/people/"]:not([href*="index.html"]):not([href*="page-"])').first().innerText()).trim();
    }
    const searchStarted = performance.now();
    await page.fill('#site-search-q', query);
    await page.press('#site-search-q', 'Enter');
    await page.waitForFunction((q) => {
      const form = document.getElementById('search-form');
      return form && form.dataset.loaded === 'true' && form.dataset.query === q;
    }, query, { polling: 10 });
    const search = performance.now() - searchStarted;
    const hits = await page.locator('#search-results a.hit-link').count();
    const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : null));
    const result = {
      run,
      first_page_ms: Math.round(firstPage),
      dom_content_loaded_ms: parsed === null ? null : Math.round(parsed),
      query,
      search_ms: Math.round(search),
      hits,
      js_heap_mb: heap === null ? null : Math.round(heap / 1e5) / 10,
      errors,
    };
    results.push(result);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
  }
}
console.log(JSON.stringify({
  file,
  runs: RUNS,
  median_first_page_ms: median(results.map((r) => r.first_page_ms)),
  median_search_ms: median(results.map((r) => r.search_ms)),
}));
