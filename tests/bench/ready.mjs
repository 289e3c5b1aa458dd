// Waiting for a figure a page stamps on `window` without running anything in the page meanwhile.
// Playwright's waitForFunction first injects its own script into the page (about 100 ms of the
// main thread at 4× CPU) and then polls there: a page whose first results come after that
// injection is measured late by the harness's own work (kgportal's finder read 856 ms where the
// same loads timed this way read 533 ms). So an init script turns the stamp into a console message,
// which reaches the harness through the DevTools protocol, and the value is read only afterwards.
//   await page.addInitScript(announce, 'kgFirst');
//   const seen = readyMessage(page, 'kgFirst', timeout);   // before page.goto
//   await page.goto(url, { waitUntil: 'commit' });
//   const value = await readyValue(page, 'kgFirst', seen);

/// Runs in the page at document creation: announces the first assignment to `window[key]`.
export const announce = (key) => {
  let value;
  Object.defineProperty(window, key, {
    configurable: true,
    get: () => value,
    set: (v) => {
      const first = value === undefined;
      value = v;
      if (first && v !== undefined) console.debug(`kg-bench-ready ${key}`);
    },
  });
};

/// Runs in the page at document creation, for a page with no stamp of its own: stamps
/// `window[key]` with performance.now() at the first animation frame at which `selector` matches.
export const stampWhen = ({ selector, key }) => {
  const tick = () => {
    if (document.querySelector(selector)) window[key] = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

export const readyMessage = (page, key, timeout) =>
  page.waitForEvent('console', { predicate: (m) => m.text() === `kg-bench-ready ${key}`, timeout });

export async function readyValue(page, key, seen) {
  await seen;
  return page.evaluate((k) => window[k], key);
}
