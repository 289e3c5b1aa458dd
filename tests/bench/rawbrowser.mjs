// A Chromium driven over its DevTools pipe (--remote-debugging-pipe) with no DevTools domain
// enabled, for memory readings: Playwright enables the Network domain on every page, and the
// DevTools network agent then keeps a copy of each response body it may be asked for (up to a
// per-resource limit) in the renderer. A page that downloads many small files (the portal's 23
// national list shards, 35 MB) is then charged about 50 MB that a reader's browser never holds,
// while one large file (sql.js's 88 MB database) is over the limit and not copied. Measured:
// one more session with Network enabled adds the same ~50 MB again. Here nothing is enabled: the
// page runs as in a reader's browser, and the figures compare like with like.
//
// It offers what tests/bench/memory.mjs and the benchmarks call on a Playwright page or browser:
//   const browser = await launchRaw(executablePath, args);
//   const page = await browser.newPage();
//   await page.goto(url);  await page.waitForFunction(fn, arg, { timeout });
//   await page.evaluate(fn, arg);  rendererMemory(page), collectGarbage(page);  browser.close()
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Playwright's own flags that keep a page's timers and rendering running at full speed.
const STEADY = ['--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', '--disable-renderer-backgrounding'];

export async function launchRaw(executablePath, args = []) {
  const profile = mkdtempSync(join(tmpdir(), 'kg-raw-'));
  const proc = spawn(executablePath, [...args, ...STEADY, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  // Never left running: killed with the benchmark, however it ends.
  const kill = () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } };
  process.once('exit', kill);
  const out = proc.stdio[3], inp = proc.stdio[4];
  let id = 0, buf = '', exited = null;
  const waiting = new Map();
  inp.setEncoding('utf8');
  inp.on('data', (chunk) => {
    buf += chunk;
    for (let at; (at = buf.indexOf('\0')) >= 0;) {
      const msg = JSON.parse(buf.slice(0, at));
      buf = buf.slice(at + 1);
      const w = msg.id !== undefined && waiting.get(msg.id);
      if (!w) continue; // an event: none is asked for
      waiting.delete(msg.id);
      if (msg.error) w.reject(new Error(`${w.method}: ${msg.error.message}`));
      else w.resolve(msg.result);
    }
  });
  proc.on('error', (e) => {
    exited = new Error(`chromium: ${e.message}`);
    for (const w of waiting.values()) w.reject(exited);
    waiting.clear();
  });
  proc.on('exit', (code) => {
    process.removeListener('exit', kill);
    exited = new Error(`chromium exited (${code})`);
    for (const w of waiting.values()) w.reject(exited);
    waiting.clear();
  });
  // Every command answers within `timeout` ms or fails (a page's script may run long: 10 min).
  const send = (method, params = {}, sessionId, timeout = 600000) => new Promise((resolve, reject) => {
    if (exited) return reject(exited);
    const n = ++id;
    const timer = setTimeout(() => {
      waiting.delete(n);
      reject(new Error(`${method}: no answer in ${timeout} ms`));
    }, timeout);
    const done = (f) => (v) => { clearTimeout(timer); f(v); };
    waiting.set(n, { resolve: done(resolve), reject: done(reject), method });
    out.write(JSON.stringify({ id: n, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  });
  const { product } = await send('Browser.getVersion');

  const browser = {
    version: () => product,
    newBrowserCDPSession: async () => ({ send: (m, p) => send(m, p), detach: async () => {} }),
    close: async () => {
      await send('Browser.close', {}, undefined, 10000).catch(() => {});
      // Killed if it has not gone within 10 s.
      await new Promise((r) => {
        if (exited) return r();
        const t = setTimeout(kill, 10000);
        proc.once('exit', () => { clearTimeout(t); r(); });
      });
      rmSync(profile, { recursive: true, force: true });
    },
    newPage: async () => {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      const call = (m, p) => send(m, p, sessionId);
      const evaluate = async (fn, arg) => {
        const expression = `(${fn})(${arg === undefined ? '' : JSON.stringify(arg)})`;
        const r = await call('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
        if (r.exceptionDetails) throw new Error(`evaluate: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value;
      };
      const waitForFunction = async (fn, arg, { timeout = 30000 } = {}) => {
        const until = Date.now() + timeout;
        for (;;) {
          const v = await evaluate(fn, arg ?? undefined).catch(() => undefined); // mid-navigation
          if (v) return { jsonValue: async () => v };
          if (Date.now() > until) throw new Error(`waitForFunction: timed out after ${timeout} ms: ${fn}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const page = {
        evaluate,
        waitForFunction,
        waitForTimeout: (ms) => new Promise((r) => setTimeout(r, ms)),
        goto: async (url) => {
          // Marks the document it leaves, then waits for a new one that has been parsed.
          await evaluate(() => { window.kgRawLeft = true; });
          const { errorText } = await call('Page.navigate', { url });
          if (errorText) throw new Error(`goto ${url}: ${errorText}`);
          await waitForFunction(() => !window.kgRawLeft && document.readyState !== 'loading', undefined, { timeout: 60000 });
        },
        // No console or error events without the Runtime domain: a page that breaks shows as a
        // timeout of the waitForFunction after it.
        on: () => {},
        context: () => ({
          browser: () => browser,
          newCDPSession: async () => ({ send: (m, p) => call(m, p), detach: async () => {} }),
        }),
      };
      return page;
    },
  };
  return browser;
}
