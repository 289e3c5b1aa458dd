// Where a page's cold load spends the main thread: a sampling CPU profile from navigation until
// a selector shows, as self time per function and the top stacks per 25 ms.
// Usage: node tests/tools/profile.mjs DIST PATH [SELECTOR]   (e.g. dist-bench "/finder/?city=440100")
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const [dir, path, sel = '.result-count .count'] = process.argv.slice(2);
const server = await startServer(dir, { port: 0 });
const origin = `http://127.0.0.1:${server.address().port}`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const ctx = await b.newContext();
const p = await ctx.newPage();
const cdp = await ctx.newCDPSession(p);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
const t0 = Date.now();
await p.goto(origin + path);
await p.waitForSelector(sel);
console.log('cold', Date.now() - t0);
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) {
  const n = byId.get(samples[i]); const f = n.callFrame;
  const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}`;
  self.set(k, (self.get(k) || 0) + (dt[i] || 0) / 1000);
}
let tt = 0; const buckets = new Map();
for (let i = 0; i < samples.length; i++) {
  tt += (dt[i] || 0) / 1000;
  const n = byId.get(samples[i]); const f = n.callFrame;
  let k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}`;
  // climb to the first JS frame with a name for context
  let q = n; const path = [];
  while (q && path.length < 4) { const c = q.callFrame; path.push(c.functionName || '?'); q = profile.nodes.find(x => x.children && x.children.includes(q.id)); }
  const b = Math.floor(tt / 25) * 25;
  if (!buckets.has(b)) buckets.set(b, new Map());
  const m = buckets.get(b); const key = path.join(' < ');
  m.set(key, (m.get(key) || 0) + (dt[i] || 0) / 1000);
}
for (const [b, m] of buckets) console.log(b, [...m].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join(' | '));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(v.toFixed(1).padStart(7), k);
await b.close(); server.close();
