// Print: summaries and entity pages printed to PDF by headless Chromium, and the
// PDF's text read back with pdftotext (Debian's poppler-utils).
//
// `DOSSIER_SITE=<built site> node --test` inside tests/browser; tests/browser.rs
// also sets DOSSIER_PRINT_SITE to a built fixture whose sources have web
// addresses (the shipped dossier's sources have none), so footnote URLs are
// checked too.
//
// On paper there must be no navigation, search box or graph controls; every
// footnote shows its source's title (and web address when it has one); and a
// footnote is never split from its number by a page break.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const SITES = [process.env.DOSSIER_SITE, process.env.DOSSIER_PRINT_SITE]
  .filter(Boolean)
  .map((s) => path.resolve(s));

if (!SITES.length || !SITES.every((s) => fs.existsSync(path.join(s, 'index.html')))) {
  throw new Error(`DOSSIER_SITE (and DOSSIER_PRINT_SITE, if set) must name built sites: ${JSON.stringify(SITES)}`);
}

/** The first page of a folder whose footnotes exist, sorted by name. */
function firstWithFootnotes(site, folders) {
  for (const folder of folders) {
    const dir = path.join(site, folder);
    if (!fs.existsSync(dir)) continue;
    const page = fs.readdirSync(dir).sort()
      .filter((f) => f.endsWith('.html') && f !== 'index.html')
      .find((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('id="cite-1"'));
    if (page) return `${folder}/${page}`;
  }
  return null;
}

/** Whitespace collapsed, curly quotes made plain: pdftotext and the DOM agree on little else. */
const norm = (s) => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();

let browser;
let workDir;
let urlsChecked = 0;

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-print-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** Prints a page to PDF; returns what the DOM says should be on paper and the PDF's text. */
async function print(site, rel) {
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(path.join(site, rel)).href, { waitUntil: 'load' });
    const screen = await page.evaluate(() => ({
      brand: document.querySelector('.brand')?.textContent.trim() || '',
      nav: [...document.querySelectorAll('header nav a')].map((a) => a.textContent.trim()),
      notes: [...document.querySelectorAll('.citations li[id^="cite-"]')].map((li) => ({
        number: Number(li.getAttribute('value') || li.id.slice('cite-'.length)),
        title: li.querySelector('.cite-source a')?.textContent || '',
        url: li.querySelector('.print-url')?.textContent.replace(/^\s*·\s*/, '').trim() || null,
      })),
    }));
    await page.emulateMedia({ media: 'print' });
    const shownInPrint = await page.evaluate(() =>
      [...document.querySelectorAll('header nav, nav a, .skip, input[type="search"], [role="search"], .graph-legend a, .backref')]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => el.outerHTML.slice(0, 80)));
    const pdf = path.join(workDir, `${path.basename(site)}-${rel.replace(/\W/g, '_')}.pdf`);
    await page.pdf({ path: pdf, format: 'A4' });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    return { screen, shownInPrint, text };
  } finally {
    await page.close();
  }
}

for (const site of SITES) {
  const pages = [firstWithFootnotes(site, ['summaries']), firstWithFootnotes(site, ['people', 'models', 'companies'])];
  describe(`printing ${site}`, () => {
    test('it has a summary and an entity page with footnotes', () => {
      assert.ok(pages[0], 'no summary with footnotes');
      assert.ok(pages[1], 'no entity page with footnotes');
    });
    for (const rel of pages.filter(Boolean)) {
      test(rel, async () => {
        const { screen, shownInPrint, text } = await print(site, rel);
        const flat = norm(text);
        assert.ok(flat.length > 200, `the PDF of ${rel} has text: ${JSON.stringify(flat.slice(0, 200))}`);

        // No navigation, search box or controls.
        assert.deepEqual(shownInPrint, [], 'navigation or controls shown in print');
        assert.ok(screen.nav.length > 0, 'the page has navigation on screen');
        assert.ok(!flat.includes(norm(screen.nav.join(' '))), `the navigation is printed: ${screen.nav.join(' ')}`);
        assert.ok(screen.brand && !flat.includes(norm(screen.brand)), `the header's site title "${screen.brand}" is printed`);
        assert.ok(!flat.includes('Skip to content'));
        assert.ok(!flat.includes('Whole graph'), 'the graph link is printed');

        // Every footnote: its number, its source's title and address, on one page.
        assert.ok(screen.notes.length > 0, 'the page has footnotes');
        const start = text.indexOf('Sources cited');
        assert.ok(start >= 0, 'the footnotes heading is printed');
        const marker = (n) => new RegExp(`^\\f?${n}\\.$`, 'm');
        for (const [i, note] of screen.notes.entries()) {
          const at = text.slice(start).search(marker(note.number));
          assert.ok(at >= 0, `footnote ${note.number}'s number is printed`);
          const from = start + at;
          const next = screen.notes[i + 1];
          const end = next ? from + 1 + text.slice(from + 1).search(marker(next.number)) : text.length;
          // A break just before the number or just after the note is where it belongs.
          const block = text.slice(from, end).replace(/^\f+|\f+$/g, '');
          assert.ok(norm(block).includes(norm(note.title)),
            `footnote ${note.number} names its source "${note.title}": ${JSON.stringify(norm(block))}`);
          if (note.url) {
            assert.ok(block.replace(/\s+/g, '').includes(note.url),
              `footnote ${note.number} prints its source's address ${note.url}: ${JSON.stringify(norm(block))}`);
            urlsChecked += 1;
          }
          assert.ok(!block.includes('\f'), `a page break splits footnote ${note.number}: ${JSON.stringify(block)}`);
        }
      });
    }
  });
}

test('at least one footnote web address was checked on paper', () => {
  assert.ok(urlsChecked > 0, 'no printed footnote had a source with a url: set DOSSIER_PRINT_SITE to a site whose sources have one');
});
