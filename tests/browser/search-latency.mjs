// What a search costs on a built site, in headless Chromium, from file://:
//
//   node search-latency.mjs SITE_DIR [query,query,...]
//
// For each query, in a fresh page (nothing cached):
// - opens SITE_DIR/search.html?q=QUERY and waits for the results: the index
//   files it loaded (count and bytes, read from disk) and how long it took;
// - runs the same query again once its files are in: the time from the query
//   to the results shown, with no loading (the work after the shards arrive);
// - the tab's JavaScript heap after it;
// then types the query key by key in another fresh page and reports the
// bytes loaded over the whole typing and the time from each key to its
// results. Not a test (node --test does not pick it up): a measurement to
// run on a large dossier, such as the synthetic ones of examples/gen_corpus.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [siteArg, list] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node search-latency.mjs SITE_DIR [query,query,...]');
  process.exit(2);
}
const site = path.resolve(siteArg);

/** The most-mentioned person of the site: the first of people/index.html. */
function topPerson() {
  try {
    const html = fs.readFileSync(path.join(site, 'people/index.html'), 'utf8');
    const m = html.match(/<h2><a class="person" href="[^"]*">([^<]*)<\/a><\/h2>/);
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

const QUERIES = (list ? list.split(',') : [topPerson(), 'model release', 'chip export', 'the', 'data center', 'zurich', 'subscription tier', 'q', 'qu'])
  .filter(Boolean);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});

const errors = [];

/** A fresh page that counts the index files it loads. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const loaded = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') || !u.includes('/search/')) return;
    const file = fileURLToPath(u);
    let bytes = 0;
    try {
      bytes = fs.statSync(file).size;
    } catch {
      // Reported as a failed request by the page.
    }
    loaded.push({ file: path.relative(site, file), bytes });
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    window.latencies = [];
    window.keydownAt = 0;
    document.addEventListener('keydown', (e) => { window.keydownAt = e.timeStamp; }, true);
  });
  return { page, context, loaded };
}

const settled = (page, q) => page.waitForFunction((q) => {
  const form = document.getElementById('search-form');
  return form && form.dataset.loaded === 'true' && (form.dataset.query || '') === q;
}, q, { timeout: 120000 });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const url = (q) => `${pathToFileURL(path.join(site, 'search.html')).href}?q=${encodeURIComponent(q)}`;

console.log(`site: ${site}`);
console.log('query                   results  files    index loaded   cold ms  warm ms  heap MB  | typed: files, bytes, ms per key');
let worstBytes = 0;
const firstLinks = [];
for (const q of QUERIES) {
  const cold = await freshPage();
  const started = Date.now();
  await cold.page.goto(url(q));
  await settled(cold.page, q);
  const coldMs = Date.now() - started;
  const results = await cold.page.evaluate(() => document.getElementById('search-form').dataset.results);
  const first = await cold.page.evaluate(() => document.querySelector('#search-results a')?.getAttribute('href') ?? '');
  firstLinks.push([q, first]);
  const files = cold.loaded.length;
  const bytes = cold.loaded.reduce((s, f) => s + f.bytes, 0);
  worstBytes = Math.max(worstBytes, bytes);
  // The same query again, with its files in: only the work after they arrived.
  const warmMs = await cold.page.evaluate(async (q) => {
    const form = document.getElementById('search-form');
    const input = document.getElementById('search-q');
    const t0 = performance.now();
    input.value = `${q}`;
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => {
      const check = () => (form.dataset.loaded === 'true' ? resolve() : requestAnimationFrame(check));
      check();
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, q);
  const cdp = await cold.context.newCDPSession(cold.page);
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cold.context.close();

  // Typed key by key: what the whole typing loads, and each key's time.
  const typed = await freshPage();
  await typed.page.goto(url(''));
  await settled(typed.page, '');
  const times = [];
  let sofar = '';
  for (const key of q) {
    sofar += key;
    const t0 = Date.now();
    await typed.page.keyboard.type(key);
    await settled(typed.page, sofar);
    times.push(Date.now() - t0);
  }
  const typedBytes = typed.loaded.reduce((s, f) => s + f.bytes, 0);
  await typed.context.close();

  console.log(`${q.slice(0, 22).padEnd(22)} ${String(results).padStart(8)} ${String(files).padStart(6)} ${kb(bytes).padStart(14)} ${String(coldMs).padStart(9)} ${warmMs.toFixed(1).padStart(8)} ${(heap.usedSize / 1e6).toFixed(1).padStart(8)}  | ${typed.loaded.length}, ${kb(typedBytes)}, ${times.join(' ')}`);
}
for (const [q, href] of firstLinks) console.log(`first result for ${q}: ${href}`);
console.log(`most index loaded by one query: ${kb(worstBytes)}`);
if (errors.length) console.log('errors:', errors);
await browser.close();
process.exit(errors.length ? 1 : 0);
