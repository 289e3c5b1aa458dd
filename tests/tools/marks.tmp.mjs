import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const [dir, path, sel = '.result-count .count'] = process.argv.slice(2);
const server = await startServer(dir, { port: 0 });
const origin = `http://127.0.0.1:${server.address().port}`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
for (let k = 0; k < 3; k++) {
const ctx = await b.newContext();
const p = await ctx.newPage();
const t0 = Date.now();
await p.goto(origin + path);
await p.waitForSelector(sel);
const cold = Date.now() - t0;
const t = await p.evaluate(() => performance.now());
const m = await p.evaluate(() => [...performance.getEntriesByType('mark').map(e => [Math.round(e.startTime), e.name.replace(location.origin, '')]),
  ...performance.getEntriesByType('resource').map(e => [Math.round(e.responseEnd), 'resp ' + e.name.replace(location.origin, '')])].sort((a, b) => a[0] - b[0]));
console.log('cold', cold, 'now', Math.round(t));
if (k == 2) for (const x of m) console.log(x.join('  '));
await ctx.close();
}
await b.close(); server.close();
