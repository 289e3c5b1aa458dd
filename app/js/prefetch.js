// Starts the first data downloads while the app's wasm is still downloading and compiling: the
// manifest on every page and, on the finder, the chosen city's list shard and divisions. This
// module is evaluated when the app's JS glue loads, before the wasm runs. The app takes each
// download once, by URL (`kg_take_prefetch`), and verifies it against the manifest as it would a
// download of its own; a failed or missing prefetch just means the app fetches the file itself.

const pending = new Map();

function start(url, init) {
  const p = fetch(url, init).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))));
  p.catch(() => {}); // an unused failure is not an error; the app refetches and reports it
  pending.set(url, p);
  return p;
}

// Only plain relative paths inside the data folder (the app checks the same with is_safe_path).
const safe = (path) => typeof path === 'string' && /^[A-Za-z0-9._\/-]+$/.test(path) && !path.includes('..') && !path.startsWith('/');

try {
  const base = document.baseURI;
  const data = new URL('data/', base);
  const manifest = start(new URL('manifest.json', data).href, { cache: 'no-cache' });
  if (/\/finder\/?$/.test(new URL(location.href).pathname)) {
    const issued = manifest.then((buf) => {
      const m = JSON.parse(new TextDecoder().decode(buf));
      const asked = Number(new URLSearchParams(location.search).get('city'));
      const regions = Array.isArray(m.regions) ? m.regions : [];
      const city = regions.some((r) => r.code === asked) ? asked : regions[0] && regions[0].code;
      for (const f of Array.isArray(m.files) ? m.files : []) {
        if ((f.kind === 'list' || f.kind === 'divisions') && f.region === city && safe(f.path)) {
          start(new URL(f.path, data).href);
        }
      }
    }).catch(() => {});
    // Hold the app's start (this module is imported by its glue) until the shard downloads are
    // under way, at most 200 ms: once the wasm runs, its first render keeps the page busy and
    // the manifest's answer would wait behind it.
    await Promise.race([issued, new Promise((r) => setTimeout(r, 200))]);
  }
} catch (_) {
  // No prefetch; the app loads everything itself.
}

/// The prefetched bytes of `url` (resolved against the document's base), once; else undefined.
export function kg_take_prefetch(url) {
  let key;
  try { key = new URL(url, document.baseURI).href; } catch (_) { return undefined; }
  const p = pending.get(key);
  pending.delete(key);
  return p;
}
