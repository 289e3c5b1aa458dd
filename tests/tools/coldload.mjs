// A page's cold load, three times: time until the finder's first results, and when each
// resource was requested and answered (the last run).
// Usage: node tests/tools/coldload.mjs DIST PATH
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const [dir, path] = process.argv.slice(2);
const server = await startServer(dir, { port: 0 });
const origin = `http://127.0.0.1:${server.address().port}`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
for (let k = 0; k < 3; k++) {
  const ctx = await b.newContext();
  const p = await ctx.newPage();
  const t0 = Date.now();
  await p.goto(origin + path);
  await p.waitForSelector('.result-count .count');
  const cold = Date.now() - t0;
  const r = await p.evaluate(() => performance.getEntriesByType('resource').map(e => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd), e.transferSize]));
  const nav = await p.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd, n.domContentLoadedEventEnd]; });
  console.log('cold', cold, 'nav', nav.map(Math.round));
  if (k == 2) for (const x of r) console.log(x.join('  '));
  await ctx.close();
}
await b.close(); server.close();
