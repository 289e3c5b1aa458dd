// Open a page of the built site, print console messages, errors and off-origin requests, and save a
// full-page screenshot: node tests/tools/look.mjs DIST 'PATH?QUERY' OUT.png [WIDTH] [SCALE]
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const [dir = 'dist', path = '', out = '/tmp/look.png', width = '1200', scale = '1'] = process.argv.slice(2);
const server = await startServer(dir, { port: 0 });
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, deviceScaleFactor: Number(scale) });
page.on('console', (m) => console.log(`console.${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) console.log(`OFF-ORIGIN: ${r.url()}`); });
const t0 = Date.now();
await page.goto(`${origin}/${path}`);
await page.waitForSelector('main h1');
await page.waitForTimeout(1500);
console.log(`loaded in ${Date.now() - t0} ms`);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
server.close();
