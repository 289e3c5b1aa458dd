// The memory of a Chromium renderer process, read from /proc (Linux only): the browser names its
// processes over CDP (SystemInfo.getProcessInfo), /proc/<pid>/status gives each one's peak and
// current resident size, and /proc/<pid>/smaps_rollup its private pages. A page's dedicated
// workers run in its renderer, so their heaps and wasm memories count too.
//
//   const m = await rendererMemory(browserOrContextOrPage);
//   m.peak_mb     VmHWM, the renderer's peak resident size (what publish-page.mjs reports)
//   m.rss_mb      VmRSS, resident now
//   m.private_mb  Private_Clean + Private_Dirty of smaps_rollup: resident pages no other process shares
//   m.pid, m.renderers (how many renderer processes the browser had)
//
// Every figure is of the renderer with the highest peak: measure in a browser whose only page is
// the one under test (a spare renderer, if any, is small). Browser must come from
// chromium.launch (not a persistent context: that has no Browser object to ask).
import { readFileSync } from 'node:fs';

const kb = (text, field) => Number(text.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);

function browserOf(target) {
  if (typeof target.newBrowserCDPSession === 'function') return target; // Browser
  if (typeof target.context === 'function') return target.context().browser(); // Page
  if (typeof target.browser === 'function') return target.browser(); // BrowserContext
  throw new Error('rendererMemory: expected a Browser, BrowserContext or Page');
}

// Collects a page's garbage (CDP HeapProfiler.collectGarbage) and tells its renderer memory is
// critically short (Memory.simulatePressureNotification, as the OS would on a phone), so the
// allocators give freed pages back: a reading after it is what the page holds, not what it has
// dropped and not yet returned. Every side of a comparison does it.
export async function collectGarbage(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  await page.waitForTimeout(500);
}

export async function rendererMemory(target) {
  const browser = browserOf(target);
  if (!browser) throw new Error('rendererMemory: the page has no Browser (persistent context?)');
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => {
    try {
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      let priv = 0;
      try {
        const roll = readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8');
        priv = kb(roll, 'Private_Clean') + kb(roll, 'Private_Dirty');
      } catch { /* kernels without smaps_rollup: leave 0 */ }
      return { pid: p.id, hwm: kb(status, 'VmHWM'), rss: kb(status, 'VmRSS'), priv };
    } catch {
      return null; // exited meanwhile
    }
  }).filter(Boolean);
  const top = renderers.sort((a, b) => b.hwm - a.hwm)[0] ?? { pid: 0, hwm: 0, rss: 0, priv: 0 };
  return { peak_mb: top.hwm / 1024, rss_mb: top.rss / 1024, private_mb: top.priv / 1024, pid: top.pid, renderers: renderers.length };
}
