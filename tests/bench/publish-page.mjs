// The 数据发布 page on a big bureau sheet, in headless Chromium at 1× CPU: time from 校验 to the full
// report, then to the download (the dictionaries load after the report), and the renderer's peak
// memory (VmHWM); then the CLI on the same file.
//   node tests/bench/publish-page.mjs DIST SHEET.xlsx
// (scripts/bench.sh writes the big-city sheets into target/kg-sample/bench.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
import { rendererMemory } from './memory.mjs';

const [dist = 'dist', sheet = 'target/kg-sample/bench/445200-揭阳市幼儿园信息.xlsx'] = process.argv.slice(2);
const server = await startServer(dist, { port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
// The renderer's peak resident size (VmHWM), in MB.
const peakRss = async () => (await rendererMemory(browser)).peak_mb;
const runs = [];
for (let i = 0; i < 3; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  // The wasm instance's memory, kept where the bench can read its size (it never shrinks: its
  // length is the module's peak).
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__kgWasm = e.detail.wasm; }));
  await page.goto(`http://127.0.0.1:${server.address().port}/publish/`);
  await page.waitForSelector('main h1');
  await page.setInputFiles('#pub-sheets', [sheet]);
  await page.fill('#pub-as-of', '2025-09-30');
  await page.check('#pub-allow-rejects');
  await page.check('#pub-replace-all');
  const t0 = Date.now();
  await page.click('button.run');
  await page.waitForSelector('.publish-results .summary', { timeout: 120000 });
  const ms = Date.now() - t0;
  const summary = (await page.textContent('.publish-results .summary')).trim();
  const mb = await peakRss();
  const wasmAt = () => page.evaluate(() => (window.__kgWasm?.memory?.buffer.byteLength ?? 0) / 2 ** 20);
  const wasmReportMb = await wasmAt();
  await page.waitForSelector('button.download-zip', { timeout: 120000 });
  const zipMs = Date.now() - t0;
  const zipMb = await peakRss();
  const wasmZipMb = await wasmAt();
  // After the diff and preview too: where the memory is (wasm linear memory, JS heap, DOM).
  await page.waitForSelector('.publish-diff', { timeout: 120000 });
  const cdp = await ctx.newCDPSession(page);
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const wasmMb = await wasmAt();
  runs.push({ ms, zipMs, zipMb, mb, after: await peakRss(), wasmReportMb, wasmZipMb, wasmMb, jsMb: heap.usedSize / 2 ** 20, nodes: dom.nodes, summary });
  await ctx.close();
}
await browser.close();
server.close();
for (const r of runs) {
  console.log(`page: ${(r.ms / 1000).toFixed(2)} s to the full report, ${(r.zipMs / 1000).toFixed(2)} s to the download, renderer peak ${r.mb.toFixed(0)} MB at the report, ${r.zipMb.toFixed(0)} MB at the download, ${r.after.toFixed(0)} MB after the diff and preview — ${r.summary}`);
  console.log(`  of it: wasm memory ${r.wasmReportMb.toFixed(0)} MB at the report, ${r.wasmZipMb.toFixed(0)} MB at the download, ${r.wasmMb.toFixed(0)} MB after the diff, JS heap ${r.jsMb.toFixed(0)} MB, ${r.nodes} DOM nodes`);
}
const work = mkdtempSync(join(tmpdir(), 'kg-bench-publish-'));
const cli = spawnSync('/usr/bin/time', ['-f', 'cli: %e s wall, peak RSS %M KB', resolve('target/native-release/kgdata'), 'publish', resolve(sheet),
  '--out', join(work, 'site'), '--report', join(work, 'report'), '--version', 'bench', '--as-of', '2025-09-30', '--allow-rejects', '--replace-all'], { encoding: 'utf8' });
console.log(cli.stdout.trim().split('\n').pop());
console.log(cli.stderr.trim().split('\n').pop());
rmSync(work, { recursive: true, force: true });
