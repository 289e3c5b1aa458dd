// Shared set-up for the end-to-end tests: a plain static server over the built site, Debian's
// Chromium through playwright-core, and a page that fails the test on any console error, page
// error or request to another origin.
import { existsSync, readFileSync } from 'node:fs';
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

/// Waits for the app to have mounted and rendered a page heading (on the finder, the app's own, not
/// that of the view app/js/early.js paints before it, whose controls take no input).
export async function ready(page) {
  await page.waitForSelector('body:not(.kg-early) main h1', { timeout: 15000 });
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
  // The sample's bureaus send UTF-8 CSV, one a GB18030 CSV as Excel on Windows saves it.
  const dir = 'target/kg-sample/regions';
  const text = existsSync(`${dir}/${city}.csv`)
    ? readFileSync(`${dir}/${city}.csv`, 'utf8')
    : new TextDecoder('gb18030').decode(readFileSync(`${dir}/${city}-gb18030.csv`));
  const [head, ...lines] = parseCsv(text.replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
  return lines.map((l) => Object.fromEntries(l.map((v, i) => [head[i], v])));
}

// WGS-84 → GCJ-02 (the published transform), to give the browser a true GPS position.
export function wgsToGcj(lon, lat) {
  const a = 6378245.0, ee = 0.00669342162296594323, PI = Math.PI;
  const tLat = (x, y) => -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) +
    (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3 + (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3 +
    (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
  const tLon = (x, y) => 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) +
    (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3 + (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3 +
    (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
  let dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
  const rad = lat / 180 * PI, magic = 1 - ee * Math.sin(rad) ** 2, sq = Math.sqrt(magic);
  dLat = dLat * 180 / ((a * (1 - ee)) / (magic * sq) * PI);
  dLon = dLon * 180 / (a / sq * Math.cos(rad) * PI);
  return [lon + dLon, lat + dLat];
}
export function gcjToWgs(lon, lat) {
  let w = [lon, lat];
  for (let i = 0; i < 8; i++) { const g = wgsToGcj(w[0], w[1]); w = [w[0] - (g[0] - lon), w[1] - (g[1] - lat)]; }
  return w;
}
