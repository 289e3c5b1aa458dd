// Measures, in headless Chromium inside the real app: SHA-256 verification and decoding of the
// largest list shard; the first view (bytes and time); and shard sizes (raw/brotli) per record.
// The server sends brotli as a CDN would and isolates the pages (COOP/COEP), so bytes are the
// network layer's encoded lengths and performance.now() is precise to 5 µs.
// Usage: node tests/bench/bench.mjs DIST NATIONAL_DATA_DIR
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
import { shellSizes } from './shell-sizes.mjs';
import { announce, readyMessage, readyValue } from './ready.mjs';

const [dist = 'dist-bench', national] = process.argv.slice(2);
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95) };
};
const ms = (x) => x.toFixed(2);
// The portal's figures, for tests/bench/compare.mjs (side by side with the peers').
const kgportal = { city: {}, national: {} };
const { collectGarbage, rendererMemory } = await import('./memory.mjs');
const { launchRaw } = await import('./rawbrowser.mjs');

function shardSizes(dir, label) {
  const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
  const sum = (kind) => {
    let raw = 0, comp = 0, n = 0;
    for (const f of m.files.filter((f) => f.kind === kind)) {
      const b = readFileSync(`${dir}/${f.path}`);
      raw += b.length; comp += br(b); n += f.records;
    }
    return { raw: raw / n, br: comp / n, n };
  };
  const l = sum('list'), d = sum('detail');
  console.log(`${label}: ${l.n} records; list ${l.raw.toFixed(1)} B/record raw, ${l.br.toFixed(1)} B/record brotli; ` +
    `detail ${d.raw.toFixed(1)} raw, ${d.br.toFixed(1)} brotli (each shard compressed on its own)`);
  return m;
}

const m = shardSizes(`${dist}/data`, 'big-city dataset');
if (national) shardSizes(national, 'national dataset');
const largest = m.files.filter((f) => f.kind === 'list').sort((a, b) => b.records - a.records)[0];

const server = await startServer(dist, { port: 0, brotli: true, isolate: true });
const origin = `http://127.0.0.1:${server.address().port}`;
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};
const browser = await chromium.launch(launchOptions);

// First view: from navigation to the home page showing the dataset's regions.
const firstView = [];
let bytes = 0;
let isolated = false;
for (let i = 0; i < 7; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  // Bytes as the network layer counts them (encoded: brotli, with headers), every request of the
  // first view, counted once the page is idle rather than when a timer fires.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  let total = 0;
  cdp.on('Network.loadingFinished', (e) => { total += e.encodedDataLength; });
  const t0 = Date.now();
  await page.goto(origin + '/');
  await page.waitForSelector('.regions li');
  firstView.push(Date.now() - t0);
  await page.waitForLoadState('networkidle');
  isolated = await page.evaluate(() => window.crossOriginIsolated);
  bytes = total;
  await ctx.close();
}
kgportal.widgets = shellSizes(dist);
console.log(`manifest ${br(readFileSync(`${dist}/data/manifest.json`))} B brotli`);
const fv = stats(firstView);
console.log(`first view (home with dataset summary), localhost: median ${fv.median} ms, p95 ${fv.p95} ms; ${bytes} B on the wire (brotli, network layer)`);
if (!isolated) throw new Error('the bench pages are not cross-origin isolated: timers would be coarse');
console.log('timers: pages cross-origin isolated (performance.now() precise to 5 µs)');

// Decoding in wasm, in the app's page.
const page = await browser.newPage();
await page.goto(origin + '/finder/'); // the bench entry points live in the finder entry
await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.kg_bench_decode_list);
const r = await page.evaluate(async ({ path, sha }) => {
  const bytes = new Uint8Array(await (await fetch('data/' + path)).arrayBuffer());
  const dec = [], ver = [];
  let n = 0;
  for (let i = 0; i < 40; i++) {
    let t = performance.now();
    if (!window.wasmBindings.kg_bench_sha256_matches(bytes, sha)) throw new Error('hash mismatch');
    ver.push(performance.now() - t);
    t = performance.now();
    n = window.wasmBindings.kg_bench_decode_list(bytes);
    dec.push(performance.now() - t);
  }
  return { dec, ver, n, size: bytes.length };
}, { path: largest.path, sha: largest.sha256 });
const d = stats(r.dec.slice(5)), v = stats(r.ver.slice(5));
console.log(`largest list shard ${largest.path}: ${r.n} records, ${r.size} B`);
console.log(`  decode in wasm (Chromium): median ${ms(d.median)} ms, p95 ${ms(d.p95)} ms over 35 runs`);
console.log(`  SHA-256 verify in wasm:   median ${ms(v.median)} ms, p95 ${ms(v.p95)} ms`);

// Q1–Q5 of ../shared/BENCHMARKS.md in wasm, in the app's page: over the bench city's list shard
// and over the national sample. Each in a fresh page (the decoding runs above grew the first
// page's memory) showing the smallest city, so the memory figure is the index plus what any
// page holds. The parameters are kg_shared::bench_queries', as the peers' (tests/bench/peers.mjs).
async function queryBench(label, dir, region) {
  const smallest = m.files.filter((f) => f.kind === 'list').sort((a, b) => a.records - b.records)[0];
  // A browser of its own, so its one renderer is this page's (for the memory reading), driven
  // with no DevTools domain enabled, as the peers' national pages are (tests/bench/rawbrowser.mjs:
  // Playwright's network agent would hold a copy of every shard it downloads).
  const qbrowser = await launchRaw(launchOptions.executablePath, launchOptions.args);
  const qpage = await qbrowser.newPage();
  await qpage.goto(`${origin}/finder/?city=${smallest.region}`);
  await qpage.waitForFunction(() => document.querySelector('.result-count .count') && window.wasmBindings && window.wasmBindings.BenchIndex, null, { timeout: 60000 });
  const q = await qpage.evaluate(async ([dir, region]) => {
    const W = window.wasmBindings;
    const nm = await (await fetch(dir + '/manifest.json')).json();
    const lists = nm.files.filter((f) => f.kind === 'list' && (region === null || f.region === region));
    let arrays = await Promise.all(lists.map(async (f) => new Uint8Array(await (await fetch(dir + '/' + f.path)).arrayBuffer())));
    const mem0 = W.kg_bench_memory_bytes();
    let t = performance.now();
    const idx = new W.BenchIndex(arrays);
    const build = performance.now() - t;
    arrays = null; // decoded: the shards' bytes need not stay in the JS heap
    const mem1 = W.kg_bench_memory_bytes();
    const time = (f, n, arg = (i) => i) => {
      const xs = [];
      for (let i = 0; i < n; i++) { const a = arg(i); const t0 = performance.now(); f(a); xs.push(performance.now() - t0); }
      return xs;
    };
    window.kgBenchIndex = idx; // kept alive for the memory reading
    return {
      n: idx.len(), build, mem0, mem1, held: idx.heap_bytes(),
      q1: time((c) => idx.q1(c), 200, (i) => idx.county(i * 13)),
      q2: time((i) => idx.q2(i), 100),
      q3: time((i) => idx.q3(i), 200),
      q4: time((v) => idx.q4(v), 500, (i) => idx.village(i)),
      q5: time(() => idx.q5(), 30),
    };
  }, [dir, region]);
  // As tests/bench/peers.mjs does for the peers: the page's garbage (the shards' bytes once
  // decoded) collected first, so private memory is what the page holds.
  await collectGarbage(qpage);
  const mem = await rendererMemory(qpage);
  const out = { wasm_mb: q.mem1 / 1048576, private_mb: mem.private_mb, peak_mb: mem.peak_mb };
  await qbrowser.close();
  console.log(`${label} query engine in wasm (Chromium): ${q.n} records; index built in ${ms(q.build)} ms; ` +
    `wasm memory ${(q.mem1 / 1048576).toFixed(1)} MB (app alone ${(q.mem0 / 1048576).toFixed(1)} MB; ` +
    `the engine holds ${(q.held / 1048576).toFixed(1)} MB)` + `; renderer private memory ${mem.private_mb.toFixed(1)} MB (peak resident ${mem.peak_mb.toFixed(1)} MB)`);
  for (const k of ['q1', 'q2', 'q3', 'q4', 'q5']) {
    const st = stats(q[k].slice(3));
    out[k] = st;
    console.log(`  ${k.toUpperCase()}: median ${ms(st.median)} ms, p95 ${ms(st.p95)} ms (${q[k].length} runs; engine only, results not turned into JS objects)`);
  }
  return out;
}
kgportal.city = { ...kgportal.city, ...(await queryBench(`city ${largest.region}`, 'data', largest.region)) };
if (national) kgportal.national = await queryBench('national', 'bench-national', null);

// County progress: every indicator of every county, city and province of the national sample.
if (national) {
  const r = await page.evaluate(async () => {
    const W = window.wasmBindings;
    const nm = await (await fetch('bench-national/manifest.json')).json();
    const f = nm.files.find((x) => x.kind === 'stats');
    const bytes = new Uint8Array(await (await fetch('bench-national/' + f.path)).arrayBuffer());
    let t = performance.now();
    const s = new W.BenchStats(bytes);
    const parse = performance.now() - t;
    const xs = [];
    let n = 0;
    for (let i = 0; i < 30; i++) { t = performance.now(); n = s.assess_everything(2025); xs.push(performance.now() - t); }
    return { xs, n, parse, size: bytes.length, counties: nm.files.find((x) => x.kind === 'stats').records };
  });
  const s = stats(r.xs.slice(3));
  console.log(`all indicators for all regions of the national sample in wasm: median ${ms(s.median)} ms, p95 ${ms(s.p95)} ms ` +
    `(${r.n} assessments; parsing stats.json of ${r.size} B took ${ms(r.parse)} ms once)`);
}

// County progress page: from navigation to a drawn chart (compare view) and to the scorecard.
{
  const times = { chart: [], card: [] };
  for (let i = 0; i < 5; i++) {
    for (const [k, path, sel] of [['chart', '/progress/?view=compare', '.trend canvas[data-drawn="1"]'], ['card', '/progress/', 'table.scorecard']]) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      const t0 = Date.now();
      await p.goto(origin + path);
      await p.waitForSelector(sel);
      times[k].push(Date.now() - t0);
      await ctx.close();
    }
  }
  const c = stats(times.chart), k = stats(times.card);
  console.log(`progress page, open → trend chart drawn: median ${c.median} ms, p95 ${c.p95} ms; open → scorecard: median ${k.median} ms (5 cold loads each)`);
}

// The map on the largest city: open → every point drawn, then frame times while panning and zooming.
{
  const vendor = readdirSync(`${dist}/vendor`).find((d) => d.startsWith('leaflet-'));
  const js = readFileSync(`${dist}/vendor/${vendor}/leaflet.js`), css = readFileSync(`${dist}/vendor/${vendor}/leaflet.css`);
  const snippets = readdirSync(`${dist}/snippets`, { recursive: true }).filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(`${dist}/snippets/${f}`));
  const glue = snippets.reduce((t, b) => t + br(b), 0); // preloaded by every page (a few KB)
  console.log(`map library loaded by the map page only: Leaflet ${vendor.slice(8)} ${js.length + css.length} B raw, ` +
    `${br(js) + br(css)} B brotli (js ${br(js)} + css ${br(css)}); glue ${glue} B brotli`);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const mp = await ctx.newPage();
  const t0 = Date.now();
  await mp.goto(`${origin}/map/?city=${largest.region}&all=1`);
  await mp.waitForFunction((n) => {
    if (!window.kgMap) return false;
    let k = 0; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 5) k++; }); return k === n;
  }, largest.records, { timeout: 60000 });
  const first = Date.now() - t0;
  await mp.locator('.map').scrollIntoViewIfNeeded();
  const frames = await mp.evaluate(async () => {
    const map = window.kgMap;
    const out = [];
    let last = performance.now(), running = true;
    const tick = (t) => { out.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const wait = (ms) => new Promise((r) => setTimeout(r, ms));
    const once = (ev) => new Promise((r) => map.once(ev, r));
    for (let i = 0; i < 6; i++) {
      const e = once('moveend'); map.panBy([i % 2 ? -300 : 300, 150], { animate: true, duration: 0.5 }); await e; await wait(50);
    }
    for (let i = 0; i < 4; i++) {
      const e = once('zoomend'); if (i % 2) map.zoomOut(); else map.zoomIn(); await e; await wait(50);
    }
    running = false;
    return out.slice(2);
  });
  const f = stats(frames);
  console.log(`map, city ${largest.region} (${largest.records} points): open → all points drawn ${first} ms; ` +
    `frame interval while panning and zooming median ${ms(f.median)} ms, p95 ${ms(f.p95)} ms (${frames.length} frames)`);
  await ctx.close();
}

// The finder on the largest city: cold load to first results, and keystroke → DOM.
// What a parent opens: the city's default list (普惠, name order; the peers' and the floor's first
// view, tests/bench/peers/queries.mjs), shown from the city's first page
// (kg_shared::first) while its list shard and engine follow.
// Timed as the floor is (tests/bench/ready.mjs stampWhen): an init script, run at document
// creation, stamps the first animation frame at which the count exists, and the harness waits for
// that stamp without running anything in the page (./ready.mjs).
const firstResults = () => {
  // Navigation → first results by the page's own clock (performance.now() counts from the
  // navigation's start), and the bytes the network layer had received by then: the transfer
  // sizes (encoded, with headers) of the navigation and of every resource finished before.
  const tick = () => {
    if (!document.querySelector('.result-count .count')) return requestAnimationFrame(tick);
    const t = performance.now();
    const nav = performance.getEntriesByType('navigation')[0];
    let b = nav ? nav.transferSize : 0;
    for (const e of performance.getEntriesByType('resource')) if (e.responseEnd > 0 && e.responseEnd <= t) b += e.transferSize;
    window.kgFirstResults = { t, b };
  };
  requestAnimationFrame(tick);
};
{
  // Cold loads (fresh browser contexts, so nothing is cached), at full speed and with the CPU
  // slowed 4× (a mid-range phone; five, as the peers', tests/bench/peers.mjs COLD_4X); the last
  // full-speed page stays for typing.
  const colds = [], colds4 = [];
  const firstBytes = [], wire = [];
  let ctx, fp;
  for (const rate of [4, 4, 4, 4, 4, 1, 1, 1, 1, 1, 1, 1]) {
    if (ctx) await ctx.close();
    ctx = await browser.newContext();
    fp = await ctx.newPage();
    const cdp = await ctx.newCDPSession(fp);
    await cdp.send('Network.enable');
    if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    let total = 0;
    cdp.on('Network.loadingFinished', (e) => { total += e.encodedDataLength; });
    await fp.addInitScript(announce, 'kgFirstResults');
    await fp.addInitScript(firstResults);
    const seen = readyMessage(fp, 'kgFirstResults', 60000);
    await fp.goto(`${origin}/finder/?city=${largest.region}`, { waitUntil: 'commit' });
    const at = await readyValue(fp, 'kgFirstResults', seen);
    (rate > 1 ? colds4 : colds).push(at.t);
    if (rate === 1) firstBytes.push(at.b);
    await fp.waitForLoadState('networkidle');
    if (rate === 1) wire.push(total);
    if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
  await fp.waitForTimeout(300);
  const c = stats(colds), c4 = stats(colds4);
  console.log(`finder cold load, navigation → first results, city ${largest.region} (${largest.records} records): ` +
    `median ${ms(c.median)} ms, p95 ${ms(c.p95)} ms (${colds.length} cold loads; ${colds.map(ms).join(', ')} ms); ` +
    `${stats(firstBytes).median} B on the wire by then, ${stats(wire).median} B until idle (brotli, network layer)`);
  console.log(`  at 4× CPU throttling: median ${ms(c4.median)} ms, p95 ${ms(c4.p95)} ms (${colds4.map(ms).join(', ')} ms)`);
  Object.assign(kgportal.city, { first_results: c, first_results_4x: c4, first_bytes: stats(firstBytes).median, idle_bytes: stats(wire).median });
  const lat = await fp.evaluate(async () => {
    const input = document.querySelector('#f-q');
    const countEl = () => document.querySelector('.result-count');
    const seq = ['中', '中心', '中', '', '阳', '阳光', 'y', 'yg', 'x', 'xq', '实', '实验', '', '育', '育才', 's', 'sy', ''];
    const out = [];
    for (let r = 0; r < 3; r++) {
      for (const v of seq) {
        const t0 = performance.now();
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // The count names the search it counts (搜索“…”：共找到): wait for this one.
        const shown = () => countEl()?.querySelector('.count-query')?.textContent ?? '';
        await new Promise((resolve) => {
          const check = () => {
            if ((countEl()?.querySelector('.count') && shown() === v) || performance.now() - t0 > 2000) resolve(); else setTimeout(check, 0);
          };
          check();
        });
        out.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 30));
      }
    }
    return out;
  });
  const k = stats(lat);
  kgportal.city.keystroke = k;
  console.log(`  keystroke → updated result list in the DOM: median ${ms(k.median)} ms, p95 ${ms(k.p95)} ms (${lat.length} keystrokes)`);
  await ctx.close();
}
await browser.close();
server.close();
mkdirSync('target/bench', { recursive: true });
writeFileSync('target/bench/kgportal.json', JSON.stringify(kgportal, null, 1) + '\n');
console.log('figures written to target/bench/kgportal.json');
