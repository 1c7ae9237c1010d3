// Real-browser tests of a built dossier site: `DOSSIER_SITE=<built site> node --test`
// inside tests/browser (tests/browser.rs builds the shipped dossier and runs this).
//
// The site folder is served on 127.0.0.1 by a small HTTP server of this file's own,
// and also opened straight from file://. Debian's Chromium (/usr/bin/chromium) is
// driven by playwright-core, which never downloads a browser.
// Any request that leaves 127.0.0.1 / file:// is aborted and fails the test.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const SITE = process.env.DOSSIER_SITE ? path.resolve(process.env.DOSSIER_SITE) : '';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const ENTITY_KINDS = ['people', 'models', 'companies'];
const SOURCES_TO_OPEN = 3;
const ENTITIES_TO_OPEN = 3;
const TIMEOUT_MS = 15000;

if (!SITE || !fs.existsSync(path.join(SITE, 'index.html'))) {
  throw new Error(`DOSSIER_SITE must name a built site folder with an index.html (got ${JSON.stringify(SITE)})`);
}

// ---------------------------------------------------------------- discovery

/** The .html pages of a section folder, sorted, without its list page. */
function pagesIn(folder) {
  const dir = path.join(SITE, folder);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.html') && f !== 'index.html')
    .sort()
    .map((f) => `${folder}/${f}`);
}

const summaries = pagesIn('summaries');
const sources = pagesIn('sources').slice(0, SOURCES_TO_OPEN);
const entities = Object.fromEntries(ENTITY_KINDS.map((k) => [k, pagesIn(k).slice(0, ENTITIES_TO_OPEN)]));
// Every page opened by the load test: the brief's set plus the list pages and the timeline.
const extra = ['timeline.html', 'graph.html', ...['summaries', 'sources', ...ENTITY_KINDS].map((f) => `${f}/index.html`)]
  .filter((p) => fs.existsSync(path.join(SITE, p)));
const PAGES = ['index.html', ...summaries, ...sources, ...ENTITY_KINDS.flatMap((k) => entities[k]), ...extra];

// ---------------------------------------------------------------- HTTP server

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

function serve(root) {
  const server = http.createServer((req, res) => {
    const reply = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'text/plain; charset=utf-8', 'method not allowed\n');
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return reply(400, 'text/plain; charset=utf-8', 'bad request\n');
    }
    let file = path.join(root, path.normalize(rel));
    if (file !== root && !file.startsWith(root + path.sep)) return reply(403, 'text/plain; charset=utf-8', 'forbidden\n');
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const body = fs.readFileSync(file);
      reply(200, CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream', body);
    } catch {
      reply(404, 'text/plain; charset=utf-8', 'not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------- browser

let server;
let context;
let userDataDir;
let origin; // http://127.0.0.1:PORT
const external = []; // every request aborted because it left 127.0.0.1 / file://

/** May this URL be requested at all? Only 127.0.0.1 (our server's port) and file://. */
function isAllowed(u) {
  let url;
  try { url = new URL(u); } catch { return false; }
  if (url.protocol === 'file:' || url.protocol === 'data:' || url.protocol === 'about:') return true;
  return url.origin === origin;
}

before(async () => {
  server = await serve(SITE);
  origin = `http://127.0.0.1:${server.address().port}`;
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-browser-profile-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60000,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  context.setDefaultNavigationTimeout(TIMEOUT_MS);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isAllowed(u)) return route.continue();
    external.push(u);
    return route.abort('blockedbyclient');
  });
  for (const p of context.pages()) await p.close();
});

after(async () => {
  if (context) await context.close().catch(() => {});
  if (server) await new Promise((r) => server.close(r));
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

const MODES = {
  http: (rel) => `${origin}/${rel}`,
  file: (rel) => pathToFileURL(path.join(SITE, rel)).href,
};

/**
 * The tab, with fresh records of its console errors, page errors, failed and foreign requests.
 * One tab serves every test in turn (a new tab per test costs a renderer process each time).
 */
let tab;
async function openTab() {
  if (!tab || tab.page.isClosed()) {
    const page = await context.newPage();
    tab = { page, rec: null };
    const rec = () => tab.rec;
    page.on('console', (msg) => {
      if (msg.type() === 'error') rec().consoleErrors.push(`${msg.text()} (${msg.location().url || '?'})`);
    });
    page.on('pageerror', (err) => rec().pageErrors.push(String(err && err.message || err)));
    page.on('request', (req) => { if (!isAllowed(req.url())) rec().foreignRequests.push(req.url()); });
    page.on('requestfailed', (req) => rec().failedRequests.push(`${req.url()}: ${req.failure()?.errorText || 'failed'}`));
    page.on('response', (resp) => { if (resp.status() >= 400) rec().failedRequests.push(`${resp.url()}: HTTP ${resp.status()}`); });
  }
  await tab.page.goto('about:blank');
  tab.rec = { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [] };
  return tab;
}

/** The page's URL without its fragment. */
const withoutHash = (u) => { const x = new URL(u); x.hash = ''; return x.href; };

/** Asserts the page now shown carries the CSP meta tag in its head. */
async function assertCsp(page) {
  const csp = await page.evaluate(() => {
    const m = document.querySelector('head meta[http-equiv="Content-Security-Policy" i]');
    return m ? m.getAttribute('content') : null;
  });
  assert.ok(csp, `${page.url()}: no <meta http-equiv="Content-Security-Policy"> in <head>`);
  assert.match(csp, /default-src/, `${page.url()}: the CSP meta tag has no default-src: ${csp}`);
}

/** Asserts nothing went wrong on any page this tab has shown so far (every kind of problem is listed). */
function assertClean(rec, where) {
  const problems = {
    'requests to hosts other than 127.0.0.1 / file://': rec.foreignRequests,
    'console errors': rec.consoleErrors,
    'page errors': rec.pageErrors,
    'failed requests': rec.failedRequests,
  };
  const found = Object.fromEntries(Object.entries(problems).filter(([, list]) => list.length));
  assert.deepEqual(found, {}, `${where}: ${JSON.stringify(found, null, 1)}`);
}

/** Clicks a link and waits until the tab shows the URL its href resolves to. */
async function follow(page, link) {
  const href = await link.getAttribute('href');
  assert.ok(href, 'the link has an href');
  const target = new URL(href, page.url()).href;
  await Promise.all([
    page.waitForURL((u) => u.href === target, { waitUntil: 'load' }),
    link.click(),
  ]);
  return target;
}

/** Is the element (by id) at least partly inside the viewport? */
async function inView(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
  }, id);
}

/** Text with whitespace collapsed and curly quotes and apostrophes made plain. */
const norm = (s) => s.replace(/[\u2018\u2019\u201b\u2032]/g, "'").replace(/[\u201c\u201d\u201f\u2033]/g, '"')
  .replace(/\s+/g, ' ').trim();

/** A few words of a footnote's quote: the first run of at least 3 words between ellipses, without its outer quote marks. */
function quoteWords(quote, n = 6) {
  const body = norm(quote).replace(/^"/, '').replace(/"$/, '');
  const runs = body.split(/\u2026|\.\.\./).map((s) => s.trim()).filter((s) => s.split(' ').length >= 3);
  assert.ok(runs.length, `the footnote's quote has no run of 3 words: ${JSON.stringify(quote)}`);
  return runs[0].split(' ').slice(0, n).join(' ');
}

// ---------------------------------------------------------------- tests

test('the site has pages of every kind to open', () => {
  assert.ok(summaries.length > 0, 'no summaries/*.html');
  assert.ok(sources.length > 0, 'no sources/*.html');
  for (const k of ENTITY_KINDS) assert.ok(entities[k].length > 0, `no ${k}/*.html`);
});

for (const [mode, urlOf] of Object.entries(MODES)) {
  describe(`over ${mode}`, () => {
    const followed = { citation: 0, mention: 0, context: 0 }; // flows that ran to the end

    describe('every page loads cleanly', () => {
      for (const rel of PAGES) {
        test(rel, async () => {
          const { page, rec } = await openTab();
          const resp = await page.goto(urlOf(rel), { waitUntil: 'load' });
          if (mode === 'http') {
            assert.equal(resp.status(), 200, `${rel}: HTTP status`);
            assert.match(resp.headers()['content-type'] || '', /^text\/html/, `${rel}: content type`);
          }
          await assertCsp(page);
          assertClean(rec, rel);
        });
      }
    });

    describe('summary: citation marker → footnote → source paragraph', () => {
      for (const rel of summaries) {
        test(rel, async (t) => {
          const { page, rec } = await openTab();
          await page.goto(urlOf(rel), { waitUntil: 'load' });
          await assertCsp(page);
          const marker = page.locator('sup.cite a').first();
          if (!(await marker.count())) return t.skip('no citation on this summary');

          assert.equal(await marker.getAttribute('href'), '#cite-1', 'the first citation marker points at #cite-1');
          await follow(page, marker);
          assert.equal(new URL(page.url()).hash, '#cite-1', 'URL hash after clicking the first citation marker');
          assert.ok(await inView(page, 'cite-1'), 'footnote #cite-1 is in view after the click');

          const quote = await page.locator('[id="cite-1"] blockquote').first().textContent();
          assert.ok(quote && quote.trim(), 'footnote #cite-1 quotes its paragraph');
          const words = quoteWords(quote);
          const sourceLink = page.locator('[id="cite-1"] a[href*="sources/"]').first();
          assert.ok(await sourceLink.count(), 'footnote #cite-1 links to a source');
          const target = await follow(page, sourceLink);

          const url = new URL(page.url());
          assert.match(url.pathname, /\/sources\/[^/]+\.html$/, 'the footnote link lands on a source page');
          assert.match(url.hash, /^#p\d+$/, 'the footnote link names a paragraph');
          assert.equal(page.url(), target);
          await assertCsp(page);
          const para = page.locator(`[id="${url.hash.slice(1)}"]`);
          assert.equal(await para.count(), 1, `${url.hash} exists on ${url.pathname}`);
          assert.ok(await para.isVisible(), `${url.hash} is visible`);
          assert.ok(await inView(page, url.hash.slice(1)), `${url.hash} is scrolled into view`);
          const text = norm(await para.innerText());
          assert.ok(text.includes(words), `${url.hash} contains the footnote's words ${JSON.stringify(words)}; it reads ${JSON.stringify(text.slice(0, 300))}`);
          assertClean(rec, rel);
          followed.citation += 1;
        });
      }
    });

    describe('source: first mention → entity page listing the source', () => {
      for (const rel of sources) {
        test(rel, async (t) => {
          const { page, rec } = await openTab();
          await page.goto(urlOf(rel), { waitUntil: 'load' });
          await assertCsp(page);
          const sourceUrl = withoutHash(page.url());
          const mention = page.locator('a.mention').first();
          if (!(await mention.count())) return t.skip('no mention on this source');

          await follow(page, mention);
          assert.match(new URL(page.url()).pathname, /\/(people|models|companies)\/[^/]+\.html$/, 'the mention lands on an entity page');
          await assertCsp(page);
          const listed = await page.evaluate(() => {
            const h = [...document.querySelectorAll('h2')].find((e) => /In the sources/i.test(e.textContent));
            const section = h && (h.closest('section') || h.parentElement);
            if (!section) return null;
            return [...section.querySelectorAll('a[href]')].map((a) => { const u = new URL(a.href); u.hash = ''; return u.href; });
          });
          assert.ok(listed, `${page.url()}: no "In the sources" section`);
          assert.ok(listed.includes(sourceUrl), `"In the sources" on ${page.url()} does not list ${sourceUrl}: ${JSON.stringify([...new Set(listed)])}`);
          assertClean(rec, rel);
          followed.mention += 1;
        });
      }
    });

    describe('entity: first context link → source paragraph with the name', () => {
      for (const rel of ENTITY_KINDS.flatMap((k) => entities[k])) {
        test(rel, async (t) => {
          const { page, rec } = await openTab();
          await page.goto(urlOf(rel), { waitUntil: 'load' });
          await assertCsp(page);
          const pref = page.locator('a.pref').first();
          if (!(await pref.count())) return t.skip('no context link on this entity');
          const mark = await pref.evaluate((a) => {
            const m = a.closest('li')?.querySelector('mark');
            return m ? m.textContent : null;
          });
          assert.ok(mark && mark.trim(), 'the first context has a highlighted name (<mark>)');

          await follow(page, pref);
          const url = new URL(page.url());
          assert.match(url.pathname, /\/sources\/[^/]+\.html$/, 'the context link lands on a source page');
          assert.match(url.hash, /^#p\d+$/, 'the context link names a paragraph');
          await assertCsp(page);
          const para = page.locator(`[id="${url.hash.slice(1)}"]`);
          assert.equal(await para.count(), 1, `${url.hash} exists on ${url.pathname}`);
          assert.ok(await para.isVisible(), `${url.hash} is visible`);
          assert.ok(await inView(page, url.hash.slice(1)), `${url.hash} is scrolled into view`);
          const text = norm(await para.innerText());
          assert.ok(text.includes(norm(mark)), `${url.hash} contains the highlighted name ${JSON.stringify(mark)}; it reads ${JSON.stringify(text.slice(0, 300))}`);
          assertClean(rec, rel);
          followed.context += 1;
        });
      }
    });

    test('every kind of link was followed at least once', () => {
      assert.ok(followed.citation > 0, 'no summary had a citation marker to follow');
      assert.ok(followed.mention > 0, 'no source page had a mention link to follow');
      assert.ok(followed.context > 0, 'no entity page had a context link (a.pref) to follow');
    });
  });
}

// ---------------------------------------------------------------- layout

/** The list pages: their <body> has the class `list`, which once styled every <li> in them. */
const LIST_PAGES = ['summaries', 'sources', ...ENTITY_KINDS].map((f) => `${f}/index.html`)
  .filter((p) => fs.existsSync(path.join(SITE, p)));

/** How the frame of the page now shown is laid out. */
async function frameLayout(page) {
  return page.evaluate(() => {
    const boxes = [...document.querySelector('.header-row').children]
      .map((el) => ({ what: el.className || el.tagName.toLowerCase(), r: el.getBoundingClientRect() }));
    // One row: every two items of the header overlap vertically.
    const oneRow = boxes.every((a) => boxes.every((b) => a.r.top < b.r.bottom && b.r.top < a.r.bottom));
    const navItems = [...document.querySelectorAll('.site-header nav li')].map((li) => {
      const cs = getComputedStyle(li);
      return { border: cs.borderBottomWidth, padding: cs.paddingTop };
    });
    return {
      oneRow,
      header: boxes.map((b) => `${b.what}@${Math.round(b.r.top)}-${Math.round(b.r.bottom)}`),
      navItems,
      mainPaddingTop: parseFloat(getComputedStyle(document.querySelector('main')).paddingTop),
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
    };
  });
}

describe('layout', () => {
  for (const scheme of ['light', 'dark']) {
    test(`at 1280 px (${scheme}) the header is one row, main keeps its padding, nav items are not list entries`, async () => {
      const { page, rec } = await openTab();
      await page.emulateMedia({ colorScheme: scheme });
      try {
        for (const rel of PAGES) {
          await page.goto(MODES.file(rel), { waitUntil: 'load' });
          const l = await frameLayout(page);
          assert.ok(l.oneRow, `${rel}: the header wraps: ${l.header.join(', ')}`);
          assert.ok(l.mainPaddingTop > 0, `${rel}: <main> has no top padding`);
          for (const li of l.navItems) {
            assert.deepEqual(li, { border: '0px', padding: '0px' }, `${rel}: a nav item is styled as a list entry`);
          }
        }
      } finally {
        await page.emulateMedia({ colorScheme: null });
      }
      assertClean(rec, 'layout at 1280 px');
    });
  }

  test('list pages style their lists and cards, not the navigation', async () => {
    const { page, rec } = await openTab();
    assert.ok(LIST_PAGES.length > 0, 'no list pages');
    for (const rel of LIST_PAGES) {
      await page.goto(MODES.file(rel), { waitUntil: 'load' });
      const cardPadding = await page.evaluate(() => {
        const card = document.querySelector('main .card');
        return card ? parseFloat(getComputedStyle(card).paddingLeft) : null;
      });
      if (cardPadding !== null) assert.ok(cardPadding > 0, `${rel}: cards lost their padding`);
    }
    assertClean(rec, 'list pages');
  });

  test('at 390 px no page is wider than the screen', async () => {
    const { page, rec } = await openTab();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const rel of PAGES) {
        await page.goto(MODES.file(rel), { waitUntil: 'load' });
        const l = await frameLayout(page);
        assert.ok(l.scrollWidth <= l.width, `${rel}: ${l.scrollWidth} px wide on a ${l.width} px screen`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    assertClean(rec, 'layout at 390 px');
  });

  test('an organisation says its kind once, beside the word Organisation', async (t) => {
    const companies = entities.companies;
    if (!companies.length) return t.skip('no company pages');
    const { page, rec } = await openTab();
    let withKind = 0;
    for (const rel of pagesIn('companies')) {
      await page.goto(MODES.file(rel), { waitUntil: 'load' });
      const { kicker, labels } = await page.evaluate(() => ({
        kicker: document.querySelector('.item-header .kicker')?.textContent.trim() ?? '',
        labels: [...document.querySelectorAll('.item-header .facts dt')].map((dt) => dt.textContent.trim()),
      }));
      assert.ok(!labels.includes('Kind'), `${rel}: the kind is also a fact: ${kicker} / ${labels}`);
      if (kicker.includes('·')) withKind += 1;
    }
    assert.ok(withKind > 0, 'no company page shows its kind in the kicker');
    assertClean(rec, 'company pages');
  });
});

test('no request left 127.0.0.1 / file://', () => {
  assert.deepEqual(external, [], `aborted requests to other hosts: ${JSON.stringify(external)}`);
});
