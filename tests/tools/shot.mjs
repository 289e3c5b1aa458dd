// Screenshot a page of the built site: node tests/tools/shot.mjs DIST PATH OUT.png [WIDTH]
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const [dir = 'dist', path = '', out = '/tmp/shot.png', width = '390'] = process.argv.slice(2);
const server = await startServer(dir, { port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 844 }, deviceScaleFactor: 1 });
await page.goto(`http://127.0.0.1:${server.address().port}/${path}`);
await page.waitForSelector('main h1');
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: false });
await browser.close();
server.close();
