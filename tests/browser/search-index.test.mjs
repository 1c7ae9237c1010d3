// The sharded search index in a real browser (tests/browser.rs builds the sites and runs
// this inside tests/browser with node --test):
//
// - over 127.0.0.1 and over file://, a query loads the manifest, the term shards of its
//   words and the doc files of the results it shows, and nothing else, all as scripts;
// - Chinese and Japanese queries find their paragraphs (DOSSIER_SEARCH_SITE, the
//   tests/fixtures/search dossier), and a result lands on its #pN;
// - in the single-file bundle of that dossier (DOSSIER_SEARCH_BUNDLE) the same queries
//   work with no request at all.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { browserFor } from './search-helpers.mjs';

const SITE = process.env.DOSSIER_SITE ? path.resolve(process.env.DOSSIER_SITE) : '';
const CJK_SITE = process.env.DOSSIER_SEARCH_SITE ? path.resolve(process.env.DOSSIER_SEARCH_SITE) : '';
const CJK_BUNDLE = process.env.DOSSIER_SEARCH_BUNDLE ? path.resolve(process.env.DOSSIER_SEARCH_BUNDLE) : '';
const TIMEOUT_MS = 15000;

if (!SITE || !fs.existsSync(path.join(SITE, 'search.html'))) {
  throw new Error(`DOSSIER_SITE must name a built site folder with a search.html (got ${JSON.stringify(SITE)})`);
}

const env = browserFor([SITE, CJK_SITE], { before, after, chromium, pathToFileURL });
const MODES = env.modes;

/** A fresh page recording its requests and errors. */
async function openPage() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT_MS);
  const rec = { requests: [], errors: [] };
  // Nothing leaves 127.0.0.1 and file://.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'file:' || u.hostname === '127.0.0.1' || u.protocol === 'data:') return route.continue();
    rec.errors.push(`request to another host: ${u.href}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => rec.requests.push({ url: r.url(), type: r.resourceType() }));
  page.on('pageerror', (e) => rec.errors.push(String(e && e.message || e)));
  page.on('console', (m) => { if (m.type() === 'error') rec.errors.push(m.text()); });
  page.on('requestfailed', (r) => rec.errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) rec.errors.push(`${r.url()}: HTTP ${r.status()}`); });
  return { page, rec, close: () => context.close() };
}

/** Waits for the results of `q` and reads them. */
async function resultsFor(page, q) {
  await page.waitForFunction((q) => {
    const form = document.getElementById('search-form');
    return form && form.dataset.loaded === 'true' && form.dataset.query === q;
  }, q);
  return page.evaluate(() => ({
    total: Number(document.getElementById('search-form').dataset.results),
    summary: document.querySelector('#search-results .search-summary')?.textContent || '',
    hits: [...document.querySelectorAll('#search-results li.hit')].map((li) => ({
      item: Number(li.dataset.item),
      href: li.querySelector('a.hit-link')?.getAttribute('href') || null,
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    })),
  }));
}

// The file names the search page computes (static/search.js), computed again here.
function fnv64(s) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & ((1n << 64n) - 1n);
  return h.toString(16).padStart(16, '0');
}

function readManifest(site) {
  const text = fs.readFileSync(path.join(site, 'search/index.js'), 'utf8');
  return JSON.parse(text.replace(/^dossierSearch\.manifest\(/, '').replace(/\);\s*$/, ''));
}

/** The term shards a word needs: the one that holds it and, for a prefix, those of the words it starts. */
function termShards(manifest, word, prefix) {
  const firsts = manifest.terms;
  let at = 0;
  for (let i = 0; i < firsts.length; i++) if (firsts[i] <= word) at = i;
  const out = [firsts[at]];
  if (prefix) for (let i = at + 1; i < firsts.length && firsts[i].startsWith(word); i++) out.push(firsts[i]);
  return out.map((f) => `search/t/${fnv64(f)}.js`);
}

function docFile(manifest, n) {
  let r = 0;
  while (r + 1 < manifest.regions.length && manifest.regions[r + 1][0] <= n) r += 1;
  const group = Math.floor((n - manifest.regions[r][0]) / 2 ** manifest.regions[r][1]);
  return `search/d/${r}-${group.toString(36)}.js`;
}

/** The index files the page asked for, relative to the site. */
function indexRequests(rec) {
  return rec.requests
    .filter((r) => /\/search\/.+\.js$/.test(new URL(r.url).pathname))
    .map((r) => ({ file: new URL(r.url).pathname.replace(/^.*?\/(search\/.+)$/, '$1'), type: r.type }));
}

for (const [mode, urlOf] of Object.entries(MODES)) {
  describe(`the sharded index over ${mode}`, () => {
    test('a query loads the manifest, its words\' shards and its results\' doc files, nothing more', async () => {
      const manifest = readManifest(SITE);
      for (const q of ['qwen', 'lin junyang', 'zzqxv']) {
        const { page, rec, close } = await openPage();
        try {
          await page.goto(`${urlOf(SITE, 'search.html')}?q=${encodeURIComponent(q)}`);
          const r = await resultsFor(page, q);
          const loaded = indexRequests(rec);
          assert.deepEqual(loaded.filter((l) => l.type !== 'script'), [], 'every index file is a script');
          const words = q.split(' ');
          const expected = new Set(['search/index.js']);
          words.forEach((w, i) => termShards(manifest, w, i === words.length - 1).forEach((f) => expected.add(f)));
          for (const h of r.hits) expected.add(docFile(manifest, h.item));
          const got = new Set(loaded.map((l) => l.file));
          assert.deepEqual([...got].sort(), [...expected].sort(), `${q}: files loaded`);
          assert.equal(loaded.length, got.size, `${q}: no file loaded twice`);
          const all = fs.readdirSync(path.join(SITE, 'search'), { recursive: true }).filter((f) => f.endsWith('.js'));
          assert.ok(got.size < all.length, `${q}: ${got.size} of ${all.length} index files`);
          if (q !== 'zzqxv') assert.ok(r.hits.length > 0, `results for ${q}`);
          assert.deepEqual(rec.errors, []);
        } finally {
          await close();
        }
      }
    });

    if (CJK_SITE) {
      test('Chinese and Japanese queries find their paragraphs, and a result lands on its #pN', async () => {
        const { page, rec, close } = await openPage();
        try {
          await page.goto(urlOf(CJK_SITE, 'search.html'));
          const cases = [
            ['林俊旸', 'people/lin-junyang.html', 'sources/qwen-ja.html#p1'],
            ['千问', 'models/qwen.html', 'sources/lin-departs-zh.html#p2'],
            ['東京', 'sources/qwen-ja.html', 'sources/qwen-ja.html#p2'],
            ['林', null, 'sources/lin-departs-zh.html#p1'],
          ];
          for (const [q, first, paragraph] of cases) {
            await page.locator('#search-q').fill(q);
            const r = await resultsFor(page, q);
            if (first) assert.equal(r.hits[0].href, first, `${q}: first result`);
            const hit = r.hits.find((h) => h.href === paragraph);
            assert.ok(hit, `${q}: ${paragraph} in ${JSON.stringify(r.hits.map((h) => h.href))}`);
            assert.ok(hit.marks.includes(q), `${q} is marked: ${hit.marks}`);
          }
          const link = page.locator('#search-results a.hit-link[href="sources/lin-departs-zh.html#p1"]');
          await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/sources/lin-departs-zh.html')), link.click()]);
          assert.equal(new URL(page.url()).hash, '#p1');
          const text = await page.locator('[id="p1"]').innerText();
          assert.ok(text.includes('林俊旸'), text);
          assert.deepEqual(rec.errors, []);
        } finally {
          await close();
        }
      });
    }
  });
}

if (CJK_BUNDLE) {
  test('the bundle searches its embedded index, in Chinese too, with no request', async () => {
    const { page, rec, close } = await openPage();
    try {
      const url = pathToFileURL(CJK_BUNDLE).href;
      await page.goto(`${url}#/search.html?q=${encodeURIComponent('千问')}`);
      const r = await resultsFor(page, '千问');
      assert.ok(r.hits.some((h) => h.href === '#/sources/lin-departs-zh.html#p2'), JSON.stringify(r.hits));
      await page.locator('#search-q').fill('qwen team');
      const q = await resultsFor(page, 'qwen team');
      assert.ok(q.total > 0, q.summary);
      const others = rec.requests.filter((x) => x.url.split('#')[0] !== url);
      assert.deepEqual(others, [], 'the bundle asks for nothing');
      assert.deepEqual(rec.errors, []);
    } finally {
      await close();
    }
  });
}
