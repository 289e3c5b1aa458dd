// Starts the first data downloads while the app's wasm is still downloading and compiling: the
// manifest on every page; on the finder, the chosen city's first page, list shard and
// divisions (and the character map in 繁體); on a widget, the files its kind reads. This
// module is evaluated when the app's JS glue loads, before the wasm runs. The app takes each
// download once, by URL (`kg_take_prefetch`), and verifies it against the manifest as it would a
// download of its own; a failed or missing prefetch just means the app fetches the file itself.
// On the finder it takes the manifest download js/early.js started (the finder's loader starts
// the app only once the view that script paints is on screen: scripts/postbuild.mjs).

const pending = new Map();

function start(url, init) {
  const p = fetch(url, init).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))));
  p.catch(() => {}); // an unused failure is not an error; the app refetches and reports it
  pending.set(url, p);
  return p;
}

// A language as Lang::parse reads it ('hant', 'hans'), or null.
const lang = (v) => {
  const k = (v ?? '').trim().toLowerCase();
  if (['zh-hant', 'hant', 'zh-tw', 'zh-hk', 'zh-mo', 'tc'].includes(k)) return 'hant';
  if (['zh-hans', 'hans', 'zh-cn', 'zh-sg', 'sc', 'zh'].includes(k)) return 'hans';
  return null;
};

// Only plain relative paths inside the data folder (the app checks the same with is_safe_path).
const safe = (path) => typeof path === 'string' && /^[A-Za-z0-9._\/-]+$/.test(path) && !path.includes('..') && !path.startsWith('/');

try {
  const base = document.baseURI;
  const data = new URL('data/', base);
  // On the finder, js/early.js (which runs first) has already asked for the manifest.
  const murl = new URL('manifest.json', data).href;
  const early = globalThis.kgEarly;
  const manifest = early?.manifest() ?? start(murl, { cache: 'no-cache' });
  pending.set(murl, manifest);
  if (/\/finder\/?$/.test(new URL(location.href).pathname)) {
    const search = new URLSearchParams(location.search);
    // A landing view (the city's 普惠 or 全部 list, nothing else chosen) is shown from the
    // city's first page, a few KB, before its list shard: the first page goes first and the
    // list after it, so on a slow line the two do not share it. The app decides the same with
    // kg_shared::first::View::of; a wrong guess here only changes the order of two downloads.
    const landing = [...search.keys()].every((k) => k === 'city' || k === 'all' || k === 'lang');
    // The language as prefs.rs decides it: the URL's if Lang::parse reads it, else the stored one.
    let hant = lang(search.get('lang')) === 'hant';
    try { hant = hant || (lang(search.get('lang')) === null && lang(localStorage.getItem('kgportal.lang')) === 'hant'); } catch (_) {}
    const issued = manifest.then((buf) => {
      const m = JSON.parse(new TextDecoder().decode(buf));
      const asked = Number(search.get('city'));
      const regions = Array.isArray(m.regions) ? m.regions : [];
      const city = regions.some((r) => r.code === asked) ? asked : regions[0] && regions[0].code;
      const files = (Array.isArray(m.files) ? m.files : []).filter((f) => safe(f.path));
      const url = (f) => new URL(f.path, data).href;
      const first = landing && files.find((f) => f.kind === 'first' && f.region === city);
      // 繁體 names wait for the character map: on a landing view it is part of the first view.
      const map = hant && files.find((f) => f.kind === 'hant');
      if (map) start(url(map));
      const before = first ? start(url(first)).catch(() => {}) : Promise.resolve();
      for (const f of files) {
        if (f.kind === 'list' && f.region === city) {
          const u = url(f);
          const p = before.then(() => fetch(u)).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))));
          p.catch(() => {});
          pending.set(u, p);
        } else if (f.kind === 'divisions' && f.region === city) {
          start(url(f));
        }
      }
    }).catch(() => {});
    // Hold the app's start (this module is imported by its glue) until the shard downloads are
    // under way, at most 200 ms: once the wasm runs, its first render keeps the page busy and
    // the manifest's answer would wait behind it.
    await Promise.race([issued, new Promise((r) => setTimeout(r, 200))]);
  } else if (/\/widget\/?$/.test(new URL(location.href).pathname)) {
    // A widget's files, as its entry will ask for them once the manifest is in (kg_app::widget),
    // read from the URL as WidgetParams reads it (the last valid value of each key wins; the
    // language from the URL only): they download while the wasm compiles, not after it.
    let kind = 'scorecard', region = null, hant = false;
    for (const [k, raw] of new URLSearchParams(location.search)) {
      const v = raw.trim();
      if (k === 'w' && ['scorecard', 'chart', 'zone', 'map'].includes(v)) kind = v;
      if (k === 'region' && /^\+?\d{1,10}$/.test(v) && Number(v) >= 110000 && Number(v) <= 829999) region = Number(v);
      if (k === 'lang' && lang(v)) hant = lang(v) === 'hant';
    }
    // The zone and map widgets need a city or county; a province is refused without data.
    const city = region !== null && region % 10000 !== 0 ? Math.floor(region / 100) * 100 : null;
    const wanted = {
      scorecard: (f) => f.kind === 'stats',
      chart: (f) => f.kind === 'stats',
      zone: (f) => city !== null && (f.kind === 'list' || f.kind === 'divisions') && f.region === city,
      map: (f) => city !== null && ((f.kind === 'list' && f.region === city) || f.kind === 'boundaries'),
    }[kind];
    manifest.then((buf) => {
      const m = JSON.parse(new TextDecoder().decode(buf));
      for (const f of (Array.isArray(m.files) ? m.files : []).filter((f) => safe(f.path))) {
        if (wanted(f) || (hant && f.kind === 'hant')) start(new URL(f.path, data).href);
      }
    }).catch(() => {});
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
