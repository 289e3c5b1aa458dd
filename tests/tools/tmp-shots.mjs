import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const server = await startServer('dist', { port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const shots = JSON.parse(process.argv[2]);
for (const [path, out, width, full] of shots) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
  await page.goto(`http://127.0.0.1:${server.address().port}/${path}`);
  await page.waitForSelector('main h1');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out, fullPage: !!full });
  await page.close();
}
await browser.close();
server.close();
