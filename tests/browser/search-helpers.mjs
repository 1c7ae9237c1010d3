// What the search tests share: Chromium's path and flags, and a small HTTP
// server of a site folder on 127.0.0.1 (GET only, nothing outside it).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Serves a folder on 127.0.0.1; resolves to the listening server. */
export function serve(root) {
  const server = http.createServer((req, res) => {
    let file;
    try {
      file = path.join(root, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (req.method !== 'GET' || !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Chromium and a server for each site folder, started before the tests and
 * stopped after them; `modes` opens a page of a site over http or file://.
 */
export function browserFor(sites, { before, after, chromium, pathToFileURL }) {
  const env = { browser: null, origins: new Map() };
  const servers = [];
  before(async () => {
    for (const site of sites.filter(Boolean)) {
      const server = await serve(site);
      servers.push(server);
      env.origins.set(site, `http://127.0.0.1:${server.address().port}`);
    }
    env.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
  });
  after(async () => {
    if (env.browser) await env.browser.close().catch(() => {});
    for (const s of servers) await new Promise((r) => s.close(r));
  });
  env.modes = {
    http: (site, rel) => `${env.origins.get(site)}/${rel}`,
    file: (site, rel) => pathToFileURL(path.join(site, rel)).href,
  };
  return env;
}
