// Live reload in a real browser: `dossier serve` on a dossier folder, a summary page open in
// headless Chromium, and the file behind it edited, broken and fixed by the test.
//
// DOSSIER_BIN names the dossier binary and DOSSIER_SERVE_ROOT a dossier folder the test may
// edit (tests/browser.rs passes a copy of tests/fixtures/basic); without them the test is
// skipped. The server runs on a free port of 127.0.0.1 and is stopped at the end.
//
// The page must follow each edit with no reload from the test, show the failed build as an
// overlay (#dossier-overlay, role alert, naming the file) over the last good page, and drop it
// once the file is fixed, all without a console error or a Content-Security-Policy violation.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BIN = process.env.DOSSIER_BIN || '';
const ROOT = process.env.DOSSIER_SERVE_ROOT ? path.resolve(process.env.DOSSIER_SERVE_ROOT) : '';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 20000;
const SUMMARY = 'content/summaries/what-happened.md';
const PAGE = 'summaries/what-happened.html';

const skip = !BIN || !ROOT
  ? 'DOSSIER_BIN and DOSSIER_SERVE_ROOT are not set (tests/browser.rs sets them)'
  : false;

/** The summary with `sentence` as its first paragraph. */
const summarySaying = (sentence) =>
  `---\ntitle: "What happened"\ndate: 2026-03-06\n---\n${sentence}\n\n[[Lin Junyang]] resigned [@lin-resigns#p1].\n`;
/** Front matter whose quoted title never ends. */
const BROKEN = '---\ntitle: "What happened\ndate: 2026-03-06\n---\nBody.\n';

/** A port nobody listens on just now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `dossier serve` and resolves once its first build is done. */
function startServer(port) {
  const child = spawn(BIN, ['serve', '--root', ROOT, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const server = { child, stderr: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dossier serve did not start:\n${server.stderr}`)), TIMEOUT_MS);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      server.stderr += chunk;
      if (server.stderr.includes('watching for changes')) {
        clearTimeout(timer);
        resolve(server);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dossier serve exited with ${code}:\n${server.stderr}`));
    });
  });
}

function stopServer(server) {
  if (!server || server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

describe('dossier serve in a real browser', { skip }, () => {
  let server;
  let browser;
  let origin;

  before(async () => {
    const port = await freePort();
    server = await startServer(port);
    origin = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
  });

  after(async () => {
    // The browser first: a page whose server went away keeps trying to reconnect.
    if (browser) await browser.close().catch(() => {});
    await stopServer(server);
  });

  test('the page follows edits, shows a broken build and recovers, with no reload by the test', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT_MS);
    const rec = { consoleErrors: [], pageErrors: [], failed: [], foreign: [] };
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.origin === origin) return route.continue();
      rec.foreign.push(u.href);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') rec.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => rec.pageErrors.push(String(e && e.message || e)));
    page.on('requestfailed', (r) => rec.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) rec.failed.push(`${r.url()}: HTTP ${r.status()}`); });
    // CSP violations, also those that log nothing, from every document the tab shows.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    let loads = 0;
    page.on('load', () => { loads += 1; });

    // Resolves once the page's live-reload socket is open: the server has it from then on.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const socketOpen = () => new Promise((resolve) => {
      const opened = (e) => {
        if (e.response.status === 101) {
          cdp.off('Network.webSocketHandshakeResponseReceived', opened);
          resolve();
        }
      };
      cdp.on('Network.webSocketHandshakeResponseReceived', opened);
    });

    const main = page.locator('main');
    const overlay = page.locator('#dossier-overlay');
    const file = path.join(ROOT, SUMMARY);

    let open = socketOpen();
    await page.goto(`${origin}/${PAGE}`, { waitUntil: 'load' });
    await open;
    await assert.doesNotReject(main.filter({ hasText: 'resigned' }).waitFor());
    const csp = await page.locator('head meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self'/, 'the page keeps its CSP while served');

    // An edit: the page reloads itself and shows the new text.
    open = socketOpen();
    fs.writeFileSync(file, summarySaying('The board heard it first.'));
    await main.filter({ hasText: 'The board heard it first.' }).waitFor();
    await open;
    await page.waitForLoadState('load');
    assert.equal(loads, 2, 'one load, then one reload for the edit');
    assert.equal(await overlay.count(), 0);

    // A broken file: the overlay names it over the last good page.
    fs.writeFileSync(file, BROKEN);
    await overlay.waitFor({ state: 'visible' });
    assert.equal(await overlay.getAttribute('role'), 'alert');
    const message = await overlay.innerText();
    assert.match(message, /content\/summaries\/what-happened\.md:2:\d+: error/, message);
    assert.ok(
      (await main.innerText()).includes('The board heard it first.'),
      'the last good page stays under the overlay',
    );
    const box = await overlay.boundingBox();
    const view = await page.evaluate(() => [document.documentElement.clientWidth, document.documentElement.clientHeight]);
    assert.ok(box && box.x <= 0 && box.y <= 0 && box.width >= view[0] && box.height >= view[1],
      `the overlay covers the page: ${JSON.stringify(box)}, viewport ${view}`);
    assert.equal(loads, 2, 'a failed build reloads nothing');
    if (process.env.DOSSIER_SCREENSHOTS) {
      await page.screenshot({ path: path.join(process.env.DOSSIER_SCREENSHOTS, 'overlay.png') });
    }

    // Fixed: the overlay goes and the fixed text shows.
    fs.writeFileSync(file, summarySaying('The fix came within the hour.'));
    await main.filter({ hasText: 'The fix came within the hour.' }).waitFor();
    await overlay.waitFor({ state: 'detached' });
    await page.waitForLoadState('load');
    assert.equal(loads, 3, 'one more reload for the fix');

    const found = Object.fromEntries(Object.entries(rec).filter(([, list]) => list.length));
    assert.deepEqual(found, {}, `problems in the page: ${JSON.stringify(found, null, 1)}\nserver:\n${server.stderr}`);
    await context.close();
  });
});
