// Search in a real browser: `DOSSIER_SITE=<built site> node --test` inside tests/browser
// (tests/browser.rs builds the shipped dossier, and the hostile fixture into
// DOSSIER_HOSTILE_SITE, then runs this).
//
// Over 127.0.0.1 and over file://: the header box reaches the search page, typing shows
// highlighted results, a paragraph result lands on its #pN, the keyboard reaches and follows
// results, and the index is loaded as scripts, never with fetch or XHR. Without JavaScript
// the box still reaches the search page. Hostile text in the index shows as text and runs nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { browserFor } from './search-helpers.mjs';

const SITE = process.env.DOSSIER_SITE ? path.resolve(process.env.DOSSIER_SITE) : '';
const HOSTILE = process.env.DOSSIER_HOSTILE_SITE ? path.resolve(process.env.DOSSIER_HOSTILE_SITE) : '';
const TIMEOUT_MS = 15000;

if (!SITE || !fs.existsSync(path.join(SITE, 'search.html'))) {
  throw new Error(`DOSSIER_SITE must name a built site folder with a search.html (got ${JSON.stringify(SITE)})`);
}

const env = browserFor([SITE, HOSTILE], { before, after, chromium, pathToFileURL });
const MODES = env.modes;

/**
 * A fresh page with a record of what it did: every request with its type, console errors,
 * page errors, failed requests and dialogs (alert() and friends). Requests that leave
 * 127.0.0.1 and file:// are aborted and recorded.
 */
async function openPage(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(TIMEOUT_MS);
  const rec = { requests: [], consoleErrors: [], pageErrors: [], failed: [], dialogs: [], foreign: [] };
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'file:' || u.hostname === '127.0.0.1' || u.protocol === 'data:') return route.continue();
    rec.foreign.push(u.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => rec.requests.push({ url: r.url(), type: r.resourceType() }));
  page.on('console', (m) => { if (m.type() === 'error') rec.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => rec.pageErrors.push(String(e && e.message || e)));
  page.on('requestfailed', (r) => rec.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) rec.failed.push(`${r.url()}: HTTP ${r.status()}`); });
  page.on('dialog', (d) => { rec.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  return { page, rec, close: () => context.close() };
}

/** Asserts nothing went wrong, and that the index came as scripts, with no fetch or XHR. */
function assertClean(rec, where) {
  const script = rec.requests.filter((r) => /\/search\/.+\.js$/.test(r.url));
  const problems = {
    'fetch or XHR requests': rec.requests.filter((r) => ['fetch', 'xhr', 'eventsource', 'websocket'].includes(r.type)).map((r) => r.url),
    'index files not loaded as scripts': script.filter((r) => r.type !== 'script').map((r) => `${r.url} (${r.type})`),
    'console errors': rec.consoleErrors,
    'page errors': rec.pageErrors,
    'failed requests': rec.failed,
    'requests to other hosts': rec.foreign,
    dialogs: rec.dialogs,
  };
  const found = Object.fromEntries(Object.entries(problems).filter(([, list]) => list.length));
  assert.deepEqual(found, {}, `${where}: ${JSON.stringify(found, null, 1)}`);
}

/** Waits until the results show `query`, with what they need loaded. */
async function resultsFor(page, query) {
  await page.waitForFunction((q) => {
    const form = document.getElementById('search-form');
    return form && form.dataset.loaded === 'true' && form.dataset.query === q;
  }, query);
  return page.evaluate(() => ({
    total: Number(document.getElementById('search-form').dataset.results),
    summary: document.querySelector('#search-results .search-summary')?.textContent || '',
    hits: [...document.querySelectorAll('#search-results li.hit')].map((li) => {
      const a = li.querySelector('a.hit-link');
      return {
        href: a ? a.getAttribute('href') : null,
        title: a ? a.textContent : '',
        marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
        snippet: li.querySelector('.hit-snippet')?.textContent || '',
      };
    }),
  }));
}

/** Types like a person, key by key, into the focused search box. */
async function type(page, text) {
  await page.locator('#search-q').fill('');
  await page.locator('#search-q').pressSequentially(text, { delay: 15 });
  await page.waitForFunction((q) => document.getElementById('search-form').dataset.query === q, text);
}

/** Is the element (by id) at least partly in the viewport? */
const inView = (page, id) => page.evaluate((id) => {
  const r = document.getElementById(id)?.getBoundingClientRect();
  return !!r && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
}, id);

const norm = (s) => s.replace(/\s+/g, ' ').toLowerCase();

// ---------------------------------------------------------------- tests

test('the page splits words as the index does', async () => {
  // The same cases as the unit test of query_terms in src/share/search/text.rs.
  const cases = JSON.parse(fs.readFileSync(new URL('../fixtures/search-words.json', import.meta.url), 'utf8'));
  const { page, close } = await openPage();
  try {
    await page.goto(MODES.file(SITE, 'search.html'));
    const got = await page.evaluate((texts) => texts.map((t) => window.dossierSearch.words(t)), cases.map(([text]) => text));
    cases.forEach(([text, expected], i) => assert.deepEqual(got[i], expected, JSON.stringify(text)));
  } finally {
    await close();
  }
});

for (const [mode, urlOf] of Object.entries(MODES)) {
  describe(`search over ${mode}`, () => {
    test('the header box of a page leads to the search page with highlighted results', async () => {
      const { page, rec, close } = await openPage();
      try {
        await page.goto(urlOf(SITE, 'sources/index.html'));
        const box = page.getByRole('searchbox', { name: 'Search the dossier' });
        await box.fill('Qwen');
        await Promise.all([page.waitForURL(/\/search\.html\?q=Qwen$/), box.press('Enter')]);
        const r = await resultsFor(page, 'Qwen');
        assert.ok(r.total > 0 && r.hits.length > 0, `no results for Qwen: ${r.summary}`);
        assert.match(r.summary, /results? for “Qwen”/);
        assert.ok(r.hits.every((h) => h.marks.length > 0), 'every result has a highlighted word');
        for (const h of r.hits) for (const m of h.marks) assert.match(m, /^qwen/i, `marked ${JSON.stringify(m)} for Qwen`);
        // The entity named Qwen comes first.
        assert.equal(r.hits[0].href, 'models/qwen.html');
        assertClean(rec, mode);
      } finally {
        await close();
      }
    });

    test('a paragraph result leads to its #pN, which holds the highlighted words', async () => {
      const { page, rec, close } = await openPage();
      try {
        await page.goto(urlOf(SITE, 'search.html'));
        await type(page, 'internal e-mail');
        const r = await resultsFor(page, 'internal e-mail');
        const hit = r.hits.find((h) => /^sources\/[^/]+\.html#p\d+$/.test(h.href || ''));
        assert.ok(hit, `no paragraph result: ${JSON.stringify(r.hits.map((h) => h.href))}`);
        const marked = hit.marks.map((m) => m.toLowerCase());
        assert.ok(marked.includes('internal'), `marked: ${marked}`);
        for (const m of marked) assert.match(m, /^(internal|e-mail\w*|e|mail\w*)$/, `marked ${m} for "internal e-mail"`);
        const link = page.locator(`#search-results a.hit-link[href="${hit.href}"]`).first();
        await Promise.all([page.waitForURL((u) => u.pathname.endsWith(hit.href.split('#')[0])), link.click()]);
        const id = new URL(page.url()).hash.slice(1);
        assert.equal(`#${id}`, `#${hit.href.split('#')[1]}`);
        assert.ok(await inView(page, id), `${id} is scrolled into view`);
        const text = norm(await page.locator(`[id="${id}"]`).innerText());
        assert.ok(text.includes('internal') && text.includes('e-mail'), `${id} reads ${text.slice(0, 200)}`);
        assert.ok(text.includes(norm(hit.snippet.replace(/^…|…$/g, '')).slice(0, 40)), 'the paragraph holds the snippet');
        // Back returns to the same results.
        await page.goBack();
        assert.match(page.url(), /search\.html\?q=internal\+e-mail$/);
        const back = await resultsFor(page, 'internal e-mail');
        assert.deepEqual(back.hits.map((h) => h.href), r.hits.map((h) => h.href));
        assertClean(rec, mode);
      } finally {
        await close();
      }
    });

    test('the keyboard reaches the results and Enter follows one', async () => {
      const { page, rec, close } = await openPage();
      try {
        await page.goto(urlOf(SITE, 'search.html'));
        const label = await page.evaluate(() => document.querySelector('label[for="search-q"]')?.textContent || '');
        assert.ok(label.trim(), 'the search box has a <label>');
        assert.equal(await page.getAttribute('#search-results', 'aria-live'), 'polite');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q', 'the box has the focus');
        await page.keyboard.type('lin junyang', { delay: 15 });
        const r = await resultsFor(page, 'lin junyang');
        assert.ok(r.hits.length >= 3, `results: ${r.hits.length}`);
        assert.equal(r.hits[0].href, 'people/lin-junyang.html', 'the person named comes first');

        await page.keyboard.press('ArrowDown');
        assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), r.hits[0].href);
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), r.hits[1].href, 'Tab reaches the next result');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowUp');
        assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), r.hits[1].href);
        await page.keyboard.press('Escape');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q', 'Escape returns to the box');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Tab');
        const target = new URL(r.hits[1].href, page.url()).href;
        await Promise.all([page.waitForURL((u) => u.href === target), page.keyboard.press('Enter')]);
        assertClean(rec, mode);
      } finally {
        await close();
      }
    });

    test('more results come on request, the focus on the first new one', async (t) => {
      const { page, rec, close } = await openPage();
      try {
        await page.goto(urlOf(SITE, 'search.html'));
        await type(page, 'qwen');
        const first = await resultsFor(page, 'qwen');
        if (first.total <= first.hits.length) return t.skip('too few results to need more');
        const more = page.getByRole('button', { name: 'Show more results' });
        assert.ok(await more.isVisible(), 'a "Show more results" button');
        await more.click();
        const now = await resultsFor(page, 'qwen');
        assert.ok(now.hits.length > first.hits.length, `${now.hits.length} results after "Show more"`);
        assert.deepEqual(now.hits.slice(0, first.hits.length), first.hits, 'the first results stay as they were');
        const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
        assert.equal(focused, now.hits[first.hits.length].href);
        assertClean(rec, mode);
      } finally {
        await close();
      }
    });

    test('a query with no match says so', async () => {
      const { page, rec, close } = await openPage();
      try {
        await page.goto(`${urlOf(SITE, 'search.html')}?q=zzqxv`);
        const r = await resultsFor(page, 'zzqxv');
        assert.equal(r.total, 0);
        assert.match(r.summary, /No results for “zzqxv”/);
        assertClean(rec, mode);
      } finally {
        await close();
      }
    });

    test('without JavaScript the box still reaches the search page', async () => {
      const { page, close } = await openPage({ javaScriptEnabled: false });
      try {
        await page.goto(urlOf(SITE, 'people/index.html'));
        await page.getByRole('searchbox', { name: 'Search the dossier' }).fill('Alibaba');
        await Promise.all([page.waitForURL(/\/search\.html\?q=Alibaba$/), page.getByRole('searchbox').press('Enter')]);
        assert.match(await page.locator('main').innerText(), /needs JavaScript/);
      } finally {
        await close();
      }
    });

    if (HOSTILE) {
      test('hostile text in the index is shown as text and runs nothing', async () => {
        const { page, rec, close } = await openPage();
        try {
          await page.goto(urlOf(HOSTILE, 'search.html'));
          await type(page, 'alert');
          const r = await resultsFor(page, 'alert');
          assert.ok(r.total > 3, `results for alert: ${r.total}`);
          const shown = r.hits.map((h) => h.title + h.snippet).join('\n');
          assert.match(shown, /<script>alert\(/, 'markup is shown as text');
          const active = await page.evaluate(() => document.querySelectorAll('#search-results :is(script, img, iframe, svg, object, embed, form, style, [onerror], [onload])').length);
          assert.equal(active, 0, 'no element came from index text');
          const hrefs = await page.evaluate(() => [...document.querySelectorAll('#search-results a')].map((a) => a.getAttribute('href')));
          for (const h of hrefs) assert.match(h, /^[a-z0-9._/-]+\.html(#p\d+)?$/, `result link ${h}`);
          await page.waitForTimeout(200);
          assertClean(rec, `hostile over ${mode}`);
        } finally {
          await close();
        }
      });
    }
  });
}
