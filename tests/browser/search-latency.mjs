// Keystroke-to-results time of the search page, in headless Chromium, from file://.
//
//   node search-latency.mjs SITE_DIR [query,query,...]
//
// Opens SITE_DIR/search.html, waits until the whole index is loaded, then types each
// query key by key. For every key it takes the time from the keydown event to the first
// frame after the results changed, and prints the median, the 90th percentile and the
// worst. It also types a query while the index is still loading, and prints when the whole
// index was in. Not a test (node --test does not pick it up): a measurement to run on a
// large dossier, such as the 10,000-source synthetic one.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [site, list] = process.argv.slice(2);
if (!site) {
  console.error('usage: node search-latency.mjs SITE_DIR [query,query,...]');
  process.exit(2);
}
const QUERIES = (list || 'lin,model release,chip export,the,bellwether labs,data center,zurich,rania rahman,subscription tier,quarterly')
  .split(',');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

// Every key's keydown time, and the first frame after the results region changed.
await page.addInitScript(() => {
  window.latencies = [];
  window.keydownAt = 0;
  document.addEventListener('keydown', (e) => { window.keydownAt = e.timeStamp; }, true);
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      const since = window.keydownAt;
      if (!since) return;
      window.keydownAt = 0;
      requestAnimationFrame(() => setTimeout(() => {
        const form = document.getElementById('search-form');
        window.latencies.push({ ms: performance.now() - since, query: form.dataset.query, results: form.dataset.results });
      }, 0));
    }).observe(document.getElementById('search-results'), { childList: true, subtree: true });
  });
});

const started = Date.now();
await page.goto(pathToFileURL(path.join(path.resolve(site), 'search.html')).href, { waitUntil: 'domcontentloaded' });
const input = page.locator('#search-q');
for (const key of 'rania') {
  await page.keyboard.type(key);
  await page.waitForTimeout(50);
}
await page.waitForFunction(() => document.getElementById('search-form').dataset.loaded === 'true', null, { timeout: 120000 });
const loadedMs = Date.now() - started;
const whileLoading = await page.evaluate(() => window.latencies.splice(0));

const all = [];
for (const query of QUERIES) {
  await input.fill('');
  await page.waitForTimeout(50);
  await page.evaluate(() => { window.latencies = []; window.allLatencies = []; window.keydownAt = 0; });
  let typed = '';
  for (const key of query) {
    typed += key;
    await page.keyboard.type(key);
    await page.waitForFunction(
      (q) => document.getElementById('search-form').dataset.query === q && window.latencies.length > 0,
      typed,
    );
    await page.waitForTimeout(20);
    await page.evaluate(() => { if (window.latencies.length) window.allLatencies = [...(window.allLatencies || []), ...window.latencies.splice(0)]; });
  }
  const times = await page.evaluate(() => window.allLatencies.splice(0));
  all.push(...times);
  console.log(`${query.padEnd(20)} ${String(times.at(-1).results).padStart(6)} results; ms per key: ${times.map((t) => t.ms.toFixed(0)).join(' ')}`);
}

const ms = all.map((t) => t.ms).sort((a, b) => a - b);
const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
console.log(`${ms.length} keys: median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, worst ${ms.at(-1).toFixed(1)} ms`);
console.log(`while loading: ${whileLoading.map((t) => `"${t.query}" ${t.ms.toFixed(0)} ms`).join(', ')}`);
console.log(`whole index loaded ${loadedMs} ms after the page was requested`);
if (errors.length) console.log('errors:', errors);
await browser.close();
process.exit(errors.length ? 1 : 0);
