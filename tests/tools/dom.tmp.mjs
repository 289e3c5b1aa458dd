import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const [dir, path, sel = '.result-count .count'] = process.argv.slice(2);
const server = await startServer(dir, { port: 0 });
const origin = `http://127.0.0.1:${server.address().port}`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage();
await p.goto(origin + path);
await p.waitForSelector(sel);
await p.waitForTimeout(500);
console.log(await p.evaluate(() => {
  const c = {}; for (const e of document.querySelectorAll('*')) c[e.tagName] = (c[e.tagName] || 0) + 1;
  const sel = [...document.querySelectorAll('select, datalist')].map(s => `${s.tagName}#${s.id} ${s.children.length}`);
  return JSON.stringify({ total: document.querySelectorAll('*').length, c, sel });
}));
await b.close(); server.close();
