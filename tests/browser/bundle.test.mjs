// The single-file bundle in a real browser: `DOSSIER_BUNDLE=<dossier.html> node --test`
// inside tests/browser (tests/browser.rs writes the shipped dossier's bundle, the
// hostile fixture's into DOSSIER_HOSTILE_BUNDLE, and a generated dossier's with short
// pages into DOSSIER_PAGED_BUNDLE, then runs this).
//
// Opened from file://, the bundle is the whole site: links across page kinds (overview →
// summary → footnote → source paragraph → entity), back and forward, the search box and
// its results, the not-found page, print. The only request ever made is for the file
// itself, and nothing is logged as an error. Hostile text shows and runs nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const BUNDLE = process.env.DOSSIER_BUNDLE ? path.resolve(process.env.DOSSIER_BUNDLE) : '';
const HOSTILE = process.env.DOSSIER_HOSTILE_BUNDLE ? path.resolve(process.env.DOSSIER_HOSTILE_BUNDLE) : '';
const PAGED = process.env.DOSSIER_PAGED_BUNDLE ? path.resolve(process.env.DOSSIER_PAGED_BUNDLE) : '';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 15000;

for (const file of [BUNDLE, HOSTILE, PAGED].filter(Boolean)) {
  if (!fs.existsSync(file)) throw new Error(`no bundle at ${file}`);
}

let browser;
let workDir;

before(async () => {
  if (!BUNDLE) return;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-bundle-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** A URL without its fragment. */
const withoutHash = (u) => { const x = new URL(u); x.hash = ''; return x.href; };

/** Text with whitespace collapsed and curly quotes made plain. */
const norm = (s) => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();

/**
 * The bundle opened from file:// in a fresh page, with a record of every request,
 * console error, page error and dialog.
 */
async function openBundle(file) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const rec = { requests: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('request', (r) => rec.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') rec.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => rec.pageErrors.push(String(e && e.message || e)));
  page.on('dialog', (d) => { rec.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.dossierBundle && window.dossierBundle.page);
  return { page, rec, url, close: () => context.close() };
}

/** Asserts the page asked for nothing but the bundle itself, and logged no error. */
function assertClean(rec, url, where) {
  const problems = {
    'requests for anything but the bundle': rec.requests.filter((u) => withoutHash(u) !== url),
    'console errors': rec.consoleErrors,
    'page errors': rec.pageErrors,
    dialogs: rec.dialogs,
  };
  const found = Object.fromEntries(Object.entries(problems).filter(([, list]) => list.length));
  assert.deepEqual(found, {}, `${where}: ${JSON.stringify(found, null, 1)}`);
  assert.equal(rec.requests.length, 1, `${where}: one request, the file: ${JSON.stringify(rec.requests)}`);
}

/** The route's page path and fragment: "#/a/b.html?q=x#p3" → ["a/b.html", "p3"]. */
function parts(route) {
  const rest = route.slice(2);
  const at = rest.indexOf('#');
  const page = (at < 0 ? rest : rest.slice(0, at)).split('?')[0] || 'index.html';
  return [page, at < 0 ? '' : rest.slice(at + 1)];
}

/** Waits until the address is `route` and the bundle shows its page and place. */
async function shown(page, route) {
  const [path, fragment] = parts(route);
  await page.waitForFunction(([route, path, fragment]) => {
    if (window.location.hash !== route || window.dossierBundle.page !== path) return false;
    return !fragment || document.querySelector('.dossier-target')?.id === fragment;
  }, [route, path, fragment]);
}

/** Clicks a link of the bundle and waits until it shows where the link goes. */
async function follow(page, link) {
  const href = await link.getAttribute('href');
  assert.match(href || '', /^#\//, `a route: ${href}`);
  await link.click();
  await shown(page, href);
  return href;
}

/** Back or forward in the history, then waits for `route`. */
async function go(page, how, route) {
  await page.evaluate((how) => window.history[how](), how);
  await shown(page, route);
}

/** Is the element (by id) at least partly inside the viewport? */
async function inView(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
  }, id);
}

/** Types `query` in the header's search box and waits until its results are shown. */
async function searchFromHeader(page, query) {
  await page.fill('#site-search-q', query);
  await page.press('#site-search-q', 'Enter');
  await page.waitForFunction((q) => {
    const form = document.getElementById('search-form');
    return form && form.dataset.loaded === 'true' && form.dataset.query === q;
  }, query);
}

/** The paths of every page in a bundle, from its manifest (src/share/bundle/). */
function pagesOf(file) {
  const html = fs.readFileSync(file, 'utf8');
  const manifest = html.match(/<script type="application\/json" id="dossier-bundle">([^<]*)<\/script>/);
  assert.ok(manifest, `${file} has a manifest`);
  return Object.keys(JSON.parse(manifest[1]).pages);
}

if (!BUNDLE) {
  test('bundle in a browser', { skip: 'DOSSIER_BUNDLE is not set (tests/browser.rs sets it)' }, () => {});
} else {
  describe('the shipped dossier as one file', () => {
    test('overview → summary → footnote → source paragraph → entity, then back and forward', async () => {
      const { page, rec, url, close } = await openBundle(BUNDLE);
      try {
        const siteTitle = await page.title();
        assert.equal(await page.evaluate(() => window.dossierBundle.page), 'index.html');
        assert.ok(await page.locator('header.site-header').isVisible(), 'the overview shows with its header');

        const summary = page.locator('main a[href^="#/summaries/"]:not([href="#/summaries/index.html"])').first();
        await follow(page, summary);
        const heading = norm(await page.locator('main h1').first().textContent());
        const title = await page.title();
        assert.ok(title !== siteTitle && title.includes(heading), `the title follows the page: ${title}`);

        const marker = page.locator('sup.cite a').first();
        const markerRoute = await follow(page, marker);
        assert.match(markerRoute, /^#\/summaries\/[^#]+\.html#cite-1$/);
        assert.ok(await inView(page, 'cite-1'), 'the footnote is in view');
        const quote = norm(await page.locator('[id="cite-1"] blockquote').first().textContent());
        const words = quote.replace(/^"|"$/g, '').split(/\u2026|\.\.\./)[0].split(' ').slice(0, 5).join(' ');

        const sourceRoute = await follow(page, page.locator('[id="cite-1"] a[href^="#/sources/"]').first());
        const [, paragraph] = parts(sourceRoute);
        assert.match(paragraph, /^p\d+$/, `the footnote names a paragraph: ${sourceRoute}`);
        assert.ok(await inView(page, paragraph), `${paragraph} is in view`);
        const text = norm(await page.locator(`[id="${paragraph}"]`).innerText());
        assert.ok(text.includes(words), `${paragraph} holds the footnote's words ${JSON.stringify(words)}: ${text.slice(0, 200)}`);
        const background = await page.evaluate((id) => getComputedStyle(document.getElementById(id)).backgroundColor, paragraph);
        assert.notEqual(background, 'rgba(0, 0, 0, 0)', 'the paragraph is marked as the target, as :target would');

        const entityRoute = await follow(page, page.locator('main a.mention').first());
        assert.match(entityRoute, /^#\/(people|models|companies)\/[^#]+\.html$/);
        const [sourcePage] = parts(sourceRoute);
        const listed = await page.evaluate(() => {
          const h = [...document.querySelectorAll('h2')].find((e) => /In the sources/i.test(e.textContent));
          const section = h && (h.closest('section') || h.parentElement);
          return section ? [...section.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')) : [];
        });
        assert.ok(listed.some((href) => parts(href)[0] === sourcePage), `the entity lists ${sourcePage}: ${listed}`);

        await go(page, 'back', sourceRoute);
        assert.ok(await inView(page, paragraph), 'back: the paragraph is in view again');
        await go(page, 'back', markerRoute);
        assert.ok(await inView(page, 'cite-1'), 'back: the footnote is in view again');
        await go(page, 'forward', sourceRoute);
        await go(page, 'forward', entityRoute);
        assert.ok(!(await page.title()).startsWith(heading), 'the title follows the page back and forth');
        assertClean(rec, url, 'following links');
      } finally {
        await close();
      }
    });

    test('the header box searches the embedded index; a result opens its paragraph', async () => {
      const { page, rec, url, close } = await openBundle(BUNDLE);
      try {
        // A word of a source's first paragraph, whatever the dossier.
        await follow(page, page.locator('nav a[href="#/sources/index.html"]'));
        await follow(page, page.locator('main a[href^="#/sources/"]:not([href="#/sources/index.html"])').first());
        const first = await page.locator('[id="p1"]').innerText();
        const word = first.split(/[^A-Za-z]+/).filter((w) => w.length >= 6).sort((a, b) => b.length - a.length)[0];
        assert.ok(word, `a word to search for in ${first}`);

        await searchFromHeader(page, word);
        assert.equal(await page.evaluate(() => window.location.hash), `#/search.html?q=${word}`);
        const total = await page.evaluate(() => Number(document.getElementById('search-form').dataset.results));
        assert.ok(total > 0, `results for ${word}`);
        const summary = await page.locator('#search-results .search-summary').textContent();
        assert.ok(!/Still loading|could not be loaded/.test(summary), `the whole index is there: ${summary}`);

        const hit = page.locator('#search-results a.hit-link[href^="#/sources/"][href*="#p"]').first();
        const hitRoute = await follow(page, hit);
        const [, paragraph] = parts(hitRoute);
        assert.ok(await inView(page, paragraph), `${paragraph} is in view`);
        const text = (await page.locator(`[id="${paragraph}"]`).innerText()).toLowerCase();
        assert.ok(text.includes(word.toLowerCase()), `${paragraph} has ${word}`);

        await go(page, 'back', `#/search.html?q=${word}`);
        await page.waitForFunction(() => document.getElementById('search-form')?.dataset.loaded === 'true');
        assert.equal(await page.inputValue('#search-q'), word, 'back: the query is still there');
        assert.ok(await page.locator('#search-results a.hit-link').count() > 0, 'back: the results too');
        assertClean(rec, url, 'search');
      } finally {
        await close();
      }
    });

    test('a route to no page shows the not-found page, whose links work', async () => {
      const { page, rec, url, close } = await openBundle(BUNDLE);
      try {
        await page.evaluate(() => { window.location.hash = '#/no-such/page.html'; });
        await shown(page, '#/no-such/page.html');
        assert.equal(norm(await page.locator('main h1').textContent()), 'Page not found');
        assert.match(await page.title(), /Page not found/);
        await follow(page, page.locator('main a[href="#/index.html"]'));
        assertClean(rec, url, 'not found');
      } finally {
        await close();
      }
    });

    test('printing shows the page shown, as the print stylesheet has it', async () => {
      const { page, rec, url, close } = await openBundle(BUNDLE);
      try {
        const summary = page.locator('main a[href^="#/summaries/"]:not([href="#/summaries/index.html"])').first();
        await follow(page, summary);
        const heading = norm(await page.locator('main h1').first().textContent());
        await page.emulateMedia({ media: 'print' });
        const shownInPrint = await page.evaluate(() =>
          [...document.querySelectorAll('header.site-header, nav, [role="search"], .skip')]
            .filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 60)));
        assert.deepEqual(shownInPrint, [], 'navigation is hidden on paper');
        const pdf = await page.pdf({ format: 'A4' });
        assert.ok(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-', `a PDF (${pdf.length} bytes)`);
        const file = path.join(workDir, 'summary.pdf');
        fs.writeFileSync(file, pdf);
        const text = norm(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
        assert.ok(text.includes(heading), `the PDF has the summary's heading ${heading}`);
        assert.ok(text.includes('Sources cited'), 'and its footnotes');
        assert.ok(!text.includes('Page not found'), 'and no other page');
        assertClean(rec, url, 'print');
      } finally {
        await close();
      }
    });
  });

  if (PAGED) {
    test('a generated dossier: a source, an entity, page 2 of a list, a search that finds an entity', async () => {
      const { page, rec, url, close } = await openBundle(PAGED);
      try {
        await follow(page, page.locator('nav a[href="#/sources/index.html"]'));
        const page2 = await follow(page, page.locator('main .pager-next a[rel="next"]').first());
        assert.equal(page2, '#/sources/page-2.html');
        assert.equal(norm(await page.locator('main .pager a[aria-current="page"]').first().textContent()), 'Page 2');
        await follow(page, page.locator('main a[href^="#/sources/"]:not([href*="index.html"]):not([href*="page-"])').first());
        assert.ok(await page.locator('[id="p1"]').count(), 'the source shows its first paragraph');
        const entity = await follow(page, page.locator('main a.mention').first());
        const name = norm(await page.locator('main h1').first().innerText());
        assert.ok(name, `the entity ${entity} has its name`);

        await searchFromHeader(page, name);
        const hits = await page.locator('#search-results a.hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(hits.includes(entity), `a search for ${name} finds ${entity}: ${hits.slice(0, 10)}`);
        await follow(page, page.locator(`#search-results a.hit-link[href="${entity}"]`).first());
        assert.equal(norm(await page.locator('main h1').first().innerText()), name);
        assertClean(rec, url, 'generated dossier');
      } finally {
        await close();
      }
    });
  }

  for (const [name, file] of [['shipped', BUNDLE], ['hostile', HOSTILE], ['generated', PAGED]].filter(([, f]) => f)) {
    test(`every page of the ${name} bundle shows, cleanly`, async () => {
      const { page, rec, url, close } = await openBundle(file);
      try {
        const pages = pagesOf(file);
        assert.ok(pages.length > 5, `pages in the bundle: ${pages.length}`);
        for (const p of pages) {
          await page.evaluate((p) => { window.location.hash = `#/${p}`; }, p);
          await shown(page, `#/${p}`);
          assert.ok(await page.locator('main').count(), `${p} has its main`);
        }
        assertClean(rec, url, `${name}: every page`);
      } finally {
        await close();
      }
    });
  }
}
