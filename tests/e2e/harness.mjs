// Shared set-up for the end-to-end tests: a plain static server over the built site, Debian's
// Chromium through playwright-core, and a page that fails the test on any console error, page
// error or request to another origin.
import { readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/// Starts a server over `dir` at `base` and a browser; returns a context object filled in `before`.
export function useSite({ dir = 'dist', base = '/' } = {}) {
  const site = { base, dir };
  before(async () => {
    site.server = await startServer(dir, { port: 0, base });
    site.origin = `http://127.0.0.1:${site.server.address().port}`;
    site.url = (path = '') => site.origin + base + path.replace(/^\//, '');
    site.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    site.manifest = JSON.parse(readFileSync(`${dir}/data/manifest.json`, 'utf8'));
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  /// A fresh page (own storage) that records problems. `allowConsole` lists regexps of console
  /// errors a test provokes on purpose.
  site.page = async ({ allowConsole = [], viewport, bypassCSP = false, geolocation } = {}) => {
    const context = await site.browser.newContext({
      viewport: viewport || { width: 1280, height: 900 },
      bypassCSP,
      ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
    });
    const page = await context.newPage();
    const problems = [];
    // Every path the page requested, in order (tests of what a page downloads read it).
    page.paths = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !allowConsole.some((re) => re.test(m.text()))) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      page.paths.push(u.pathname);
      if (u.protocol !== 'data:' && u.origin !== site.origin) problems.push(`third-party request: ${r.url()}`);
    });
    page.problems = problems;
    page.assertClean = () => assert.deepEqual(problems, [], 'console errors, page errors or third-party requests');
    page.close_ = () => context.close();
    return page;
  };
  return site;
}

/// Waits for the app to have mounted and rendered a page heading.
export async function ready(page) {
  await page.waitForSelector('main h1', { timeout: 15000 });
}

/// A CSV file's rows as objects by header, parsed properly (quoted fields may hold commas, quotes
/// and line breaks): the sample's input spreadsheets, as a bureau sent them.
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

export function sampleRows(city) {
  const [head, ...lines] = parseCsv(readFileSync(`target/kg-sample/regions/${city}.csv`, 'utf8').replace(/^\uFEFF/, ''))
    .filter((r) => r.length > 1);
  return lines.map((l) => Object.fromEntries(l.map((v, i) => [head[i], v])));
}
