// Finalises Trunk's dist/ for any static host under a strict CSP.
//  1. Moves Trunk's inline module loader into a hashed file, so the CSP needs no 'unsafe-inline';
//     fails if any other inline script or style remains.
//     Drops Trunk's preloads of JS snippets the entry does not import.
//  2. Copies Leaflet (npm) into vendor/leaflet-<version>/ and names that folder in a
//     <meta name="kg-leaflet">, so the map pages load it on demand from the site itself.
//  3. If public/site-config.json configures a tile layer, admits its origin in img-src (and only
//     then); otherwise no image may come from anywhere but the site.
//  4. Writes one index.html per route (finder/index.html, …) so every permalink works on hosts
//     with no rewrite rules (object stores, CDNs), and 404.html for hosts that serve it.
//  5. Writes app/js/early.js into the finder page's <head>, with the words it uses from
//     shared/i18n/zh-Hans.tsv, and admits it by its SHA-256 in that page's CSP (the one inline
//     script, and the one per-build hash): the finder's first view, painted before the wasm has
//     started, asked for as the parser reaches it rather than a round trip later.
//  6. Merges the other entries' builds (DIST-pages, DIST-finder, DIST-map, DIST-progress and
//     DIST-widget-{scorecard,chart,zone,map}): their hashed files join the site's, and each page directory
//     gets the index.html of the entry that renders it (the main entry serves the home page and
//     404s). widget/index.html loads the widget entry that ?w= names.
//     Copies embed.js (the optional auto-height helper for host pages) to the site root.
//     The dicts entry (app/dicts) is a module, not a page: the publish page names it in a meta.
//  8. Minifies the JavaScript every page loads (terser, npm): wasm-bindgen's glue of each entry, the
//     snippets it imports and the finder's inline first-view script; the pages' integrity hashes
//     and the CSP hash follow.
//  7. Gives widget/index.html a stylesheet of its own: the site's, less the rules no widget can
//     match (PurgeCSS, npm, given the names its wasm holds), since a widget must stay under 100 KB
//     before its data and the site's stylesheet is mostly the pages'.
// Usage: node scripts/postbuild.mjs dist /base/path/
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PurgeCSS } from 'purgecss';
import { minify } from 'terser';

export const ROUTES = ['finder', 'map', 'progress', 'embed', 'data', 'kindergarten', 'compare', 'policy', 'publish'];

const [dist = 'dist', base = '/'] = process.argv.slice(2);

// Leaflet, versioned in its path so the folder can be cached as immutable.
const leaflet = JSON.parse(readFileSync('node_modules/leaflet/package.json', 'utf8')).version;
const vendor = `vendor/leaflet-${leaflet}/`;
mkdirSync(join(dist, vendor), { recursive: true });
for (const f of ['leaflet.js', 'leaflet.css', 'images']) cpSync(join('node_modules/leaflet/dist', f), join(dist, vendor, f), { recursive: true });
writeFileSync(join(dist, vendor, 'LICENSE'), readFileSync('node_modules/leaflet/LICENSE'));

// A configured tile layer's origin(s), admitted for images only.
let tileOrigins = [];
const configPath = join(dist, 'site-config.json');
if (existsSync(configPath)) {
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const url = config?.tiles?.url;
  if (url) {
    const subs = [...(config.tiles.subdomains || 'a')];
    tileOrigins = [...new Set(subs.map((s) => new URL(url.replaceAll('{s}', s).replace(/\{[a-z]\}/g, '0')).origin))];
    if (!tileOrigins.every((o) => o.startsWith('https://'))) {
      console.error(`postbuild: tile origins must be https: ${tileOrigins.join(' ')}`);
      process.exit(1);
    }
    console.log(`postbuild: tile layer configured; img-src admits ${tileOrigins.join(' ')}`);
  }
}

/// The finder's loader: the app's code is imported (evaluated, its wasm instantiated) once the view
/// app/js/early.js paints is on screen, a second at most, so the two do not take turns on the main
/// thread; the files themselves still download at once (Trunk's preloads).
function afterEarlyView(body) {
  const load = /^import init, \* as bindings from '([^']+)';$/m;
  if (!load.test(body)) {
    console.error(`postbuild: the finder's loader has changed shape; cannot start it after app/js/early.js:\n${body}`);
    process.exit(1);
  }
  return body.replace(load, (_, glue) => [
    '// Once the view app/js/early.js paints is on screen (a second at most): see scripts/postbuild.mjs.',
    `if (globalThis.kgEarly) await Promise.race([globalThis.kgEarly.done, new Promise((r) => setTimeout(r, 1000))]);`,
    `const bindings = await import('${glue}');`,
    'const init = bindings.default;',
  ].join('\n'));
}

/// Externalises the loader into `outDir`, checks for inline code, adds the Leaflet meta and tiles.
function finalise(path, outDir, loaderOf = (body) => body) {
  let html = readFileSync(path, 'utf8');
  const inline = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1]));
  for (const m of inline) {
    const body = loaderOf(m[2].trim());
    if (!/type="module"/.test(m[1]) || !body.includes('init')) {
      console.error(`postbuild: unexpected inline script in ${path}: ${m[0].slice(0, 120)}`);
      process.exit(1);
    }
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const name = `loader-${hash}.js`;
    writeFileSync(join(outDir, name), body + '\n');
    html = html.replace(m[0], `<script type="module" src="${base}${name}"></script>`);
  }
  if (/<style[\s>]/.test(html) || /\sstyle="/.test(html) || /\son[a-z]+="/.test(html)) {
    console.error(`postbuild: ${path} has an inline style or handler that the CSP would block`);
    process.exit(1);
  }
  // Trunk preloads every JS snippet of the crate; keep only those this entry's glue imports.
  const glue = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]).find((h) => !h.includes('/snippets/'));
  if (glue) {
    const js = readFileSync(join(dist, glue.slice(base.length)), 'utf8');
    html = html.replace(/\n?\s*<link rel="modulepreload" href="[^"]*\/(snippets\/[^"]+)"[^>]*>/g, (tag, snippet) => (js.includes(snippet) ? tag : ''));
  }
  html = html.replace('</head>', `  <meta name="kg-leaflet" content="${vendor}" />\n  </head>`);
  if (tileOrigins.length) html = html.replace("img-src 'self' data:", `img-src 'self' data: ${tileOrigins.join(' ')}`);
  return { html, loaders: inline.length, loader: inline.length ? html.match(/src="[^"]*\/(loader-[0-9a-f]+\.js)"/)[1] : null };
}

// Each page is served by the entry that renders it; the main entry serves the rest and 404s.
const ENTRY_OF = {
  finder: 'finder', map: 'map', progress: 'progress', publish: 'publish',
  embed: 'pages', data: 'pages', kindergarten: 'pages', compare: 'pages', policy: 'pages',
};
// The 数据发布 page's dictionaries (app/dicts): a wasm module the page imports after its first
// report, not a page. Its files join the site's; the publish page names the worker that runs it
// in <meta name="kg-dicts"> (relative to the base).
let dictsGlue = null;
{
  const edist = `${dist}-dicts`;
  if (existsSync(join(edist, 'index.html'))) {
    const html = readFileSync(join(edist, 'index.html'), 'utf8');
    dictsGlue = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]).find((h) => /\/kg-dicts-[0-9a-f]+\.js$/.test(h));
    if (!dictsGlue) {
      console.error('postbuild: the dicts entry names no kg-dicts-*.js');
      process.exit(1);
    }
    for (const f of readdirSync(edist)) {
      if (f !== 'index.html') cpSync(join(edist, f), join(dist, f), { recursive: true });
    }
    rmSync(edist, { recursive: true, force: true });
    // The page runs the module in a worker (app/publish/js/dicts.js), which it ends once the
    // publication is compiled: this is the worker's script, beside the module's files.
    const glue = dictsGlue.slice(dictsGlue.lastIndexOf('/') + 1);
    const body = `// kgportal's dictionaries (app/dicts) in a worker of their own (written by scripts/postbuild.mjs).
import init, { pinyin_all, s2t_all } from './${glue}';
const ready = init({ module_or_path: new URL('./${glue.replace(/\.js$/, '_bg.wasm')}', import.meta.url) });
onmessage = async (e) => {
  const { id, kind, items } = e.data;
  try {
    await ready;
    const out = kind === 'pinyin' ? pinyin_all(items) : s2t_all(items);
    postMessage({ id, out }, [out.buffer]);
  } catch (err) {
    postMessage({ id, error: String(err?.message ?? err) });
  }
};
`;
    const name = `kg-dicts-worker-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
    writeFileSync(join(dist, name), body);
    dictsGlue = name;
  }
}
const main = finalise(join(dist, 'index.html'), dist);
const pages = { main: main.html };
const merged = [];
const loaderOf = {};
for (const entry of ['pages', 'finder', 'map', 'progress', 'publish', 'widget-scorecard', 'widget-chart', 'widget-zone', 'widget-map']) {
  const edist = `${dist}-${entry}`;
  if (!existsSync(join(edist, 'index.html'))) continue;
  for (const f of readdirSync(edist)) {
    if (f !== 'index.html') cpSync(join(edist, f), join(dist, f), { recursive: true });
  }
  const f = finalise(join(edist, 'index.html'), dist, entry === 'finder' ? afterEarlyView : undefined);
  if (entry === 'publish') {
    if (!dictsGlue) {
      console.error('postbuild: the publish entry was built without the dicts entry');
      process.exit(1);
    }
    f.html = f.html.replace('</head>', `  <meta name="kg-dicts" content="${dictsGlue}" />\n  </head>`);
  }
  pages[entry] = f.html;
  loaderOf[entry] = f.loader;
  rmSync(edist, { recursive: true, force: true });
  merged.push(entry);
}
await minifyScripts(pages);
// The finder's first view before the app (app/js/early.js), with the words it uses from
// shared/i18n/zh-Hans.tsv (the Simplified interface, which is all it paints), ahead of the loader.
if (pages.finder) {
  const words = new Map(readFileSync('shared/i18n/zh-Hans.tsv', 'utf8').split(/\r?\n/)
    .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')).map(([k, ...v]) => [k, v.join('\t')]));
  // Line ends as the browser reads them (it hashes the script after turning CR LF into LF), so a
  // checkout with Windows line ends still matches its hash.
  let js = readFileSync('app/js/early.js', 'utf8').replace(/\r\n?/g, '\n');
  const keys = [...new Set([...js.matchAll(/\bS\.([a-z0-9_]+)/g)].map((m) => m[1]))].sort();
  const missing = keys.filter((k) => !words.has(k));
  if (missing.length || !js.includes('/*KG_STRINGS*/ {}')) {
    console.error(`postbuild: app/js/early.js names words zh-Hans.tsv does not have: ${missing.join(', ') || '(no /*KG_STRINGS*/ slot)'}`);
    process.exit(1);
  }
  js = js.replace('/*KG_STRINGS*/ {}', () => JSON.stringify(Object.fromEntries(keys.map((k) => [k, words.get(k)]))));
  // Inline, the text must not end the script element early or change how the parser reads it.
  if (/<\/script|<!--/i.test(js)) {
    console.error('postbuild: app/js/early.js (with its words) holds "</script" or "<!--", which cannot go inline');
    process.exit(1);
  }
  // Before the stylesheet: a classic script there runs as soon as the parser reaches it (one
  // after a stylesheet would wait for it), and before the app's modules, which look for kgEarly.
  // It asks for the manifest itself, with cache: 'no-cache' as the app does (a preload would take
  // it from the HTTP cache).
  const at = pages.finder.indexOf('<link rel="stylesheet"');
  const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self')( [^"]*")/;
  const baseAt = pages.finder.indexOf('<base ');
  if (at < 0 || !csp.test(pages.finder) || baseAt < 0 || baseAt > at) {
    console.error('postbuild: the finder page has no <base> then stylesheet to put app/js/early.js before, or no CSP script-src to admit it');
    process.exit(1);
  }
  js = await minified(js, 'app/js/early.js', false);
  const hash = createHash('sha256').update(js).digest('base64');
  pages.finder = `${pages.finder.slice(0, at)}<script>${js}</script>\n    ${pages.finder.slice(at)}`
    .replace(csp, (_, head, tail) => `${head} 'sha256-${hash}'${tail}`);
}
writeFileSync(join(dist, 'index.html'), pages.main);
for (const route of ROUTES) {
  mkdirSync(join(dist, route), { recursive: true });
  const entry = ENTRY_OF[route] || 'main';
  if (!pages[entry]) {
    console.error(`postbuild: the ${entry} entry was not built (needed by ${route}/)`);
    process.exit(1);
  }
  writeFileSync(join(dist, route, 'index.html'), pages[entry]);
}
writeFileSync(join(dist, '404.html'), pages.main);
// widget/index.html loads the entry of the kind `?w=` names (WidgetKind::code in kg-shared's
// params.rs); anything else loads the scorecard's entry, which says what is wrong inside the frame.
const WIDGET_ENTRY = { scorecard: 'widget-scorecard', chart: 'widget-chart', zone: 'widget-zone', map: 'widget-map' };
if (Object.values(WIDGET_ENTRY).every((e) => pages[e])) {
  const loaders = Object.fromEntries(Object.entries(WIDGET_ENTRY).map(([k, e]) => [k, `${base}${loaderOf[e]}`]));
  const body = `// Loads the wasm entry of the widget that ?w= names (written by scripts/postbuild.mjs).
const loaders = ${JSON.stringify(loaders)};
// As WidgetParams::parse reads it: the last known kind wins; none means the scorecard.
const w = new URLSearchParams(location.search).getAll('w').filter((v) => Object.hasOwn(loaders, v)).pop();
await import(loaders[w || 'scorecard']);
`;
  const name = `widget-loader-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dist, name), await minified(body, name));
  // The page names no entry's files itself: preloading one would fetch it for every kind.
  const html = pages['widget-scorecard']
    .replace(/\n?\s*<link rel="(?:module)?preload"[^>]*>/g, '')
    .replace(/<script type="module" src="[^"]*"><\/script>/, `<script type="module" src="${base}${name}"></script>`);
  mkdirSync(join(dist, 'widget'), { recursive: true });
  // Without the source's comments: a widget's every byte counts against its 100 KB.
  writeFileSync(join(dist, 'widget', 'index.html'), await widgetStylesheet(html.replace(/\s*<!--[\s\S]*?-->/g, '')));
} else if (Object.values(WIDGET_ENTRY).some((e) => pages[e])) {
  console.error('postbuild: some widget entries were built and some not');
  process.exit(1);
}
const widgetNote = `entries merged: ${merged.join(', ') || 'none'}`;
cpSync('public/embed.js', join(dist, 'embed.js'));
console.log(`postbuild: ${main.loaders} loader script(s) externalised; ${ROUTES.length} route pages written; ${widgetNote}`);

// The widget page's stylesheet: the site's rules that can match what a widget draws. A widget
// draws its DOM from Rust, so a class or element it can write is a string in its entry's wasm (or
// in a snippet or the page itself): a name of main.css found anywhere in those bytes is kept (a
// substring test, so it may keep a rule too many, never one too few). Classes composed at run
// time (a legend swatch's colour, `c0`–`c9`; a map legend dot's, `kind-0`–`kind-2`) and the
// root's (`dark`, `widget-root`) are kept by name, and the base block of main.css whole. e2e
// tests and screenshots check the result.
// The JS snippets under snippets/, by path from dist.
function snippetFiles() {
  if (!existsSync(join(dist, 'snippets'))) return [];
  return readdirSync(join(dist, 'snippets'), { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => `snippets/${f}`);
}

function widgetText() {
  const wasm = readdirSync(dist).filter((f) => /^kg-widget-[a-z]+-[0-9a-f]+_bg\.wasm$/.test(f));
  return [...wasm, ...snippetFiles()].map((f) => readFileSync(join(dist, f)).toString('latin1')).join('\n')
    + readFileSync('app/widget.html', 'utf8');
}
async function widgetStylesheet(html) {
  const link = /<link rel="stylesheet" href="([^"]*\/)?([^"/]+\.css)" integrity="[^"]*"\s*\/?>/;
  const m = html.match(link);
  if (!m) {
    console.error('postbuild: the widget page has no stylesheet link to replace');
    process.exit(1);
  }
  const css = readFileSync(join(dist, m[2]), 'utf8');
  const text = widgetText();
  const names = [...new Set([...css.matchAll(/-?[A-Za-z_][A-Za-z0-9_-]*/g)].map((n) => n[0]))];
  const [result] = await new PurgeCSS().purge({
    content: [{ raw: names.filter((n) => text.includes(n)).join(' '), extension: 'html' }],
    css: [{ raw: css }],
    defaultExtractor: (text) => text.match(/[A-Za-z0-9_-]+/g) || [],
    safelist: { standard: ['dark', 'widget-root', /^c[0-9]$/, /^kind-[0-9]$/] },
    variables: false,
    keyframes: true,
  });
  // Without its comments (they are the source's, in main.css) or the blank lines they leave.
  const out = Buffer.from(result.css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s*\n/g, '\n').trim() + '\n');
  const name = `widget-${createHash('sha256').update(out).digest('hex').slice(0, 16)}.css`;
  writeFileSync(join(dist, name), out);
  const integrity = `sha384-${createHash('sha384').update(out).digest('base64')}`;
  return html.replace(link, `<link rel="stylesheet" href="${m[1] || ''}${name}" integrity="${integrity}"/>`);
}

async function minified(code, name, module = true) {
  try {
    const out = await minify(code, { module, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
    return out.code;
  } catch (e) {
    console.error(`postbuild: terser could not minify ${name}: ${e.message}`);
    process.exit(1);
  }
}

// Each entry's loader and wasm-bindgen glue (the .js beside a _bg.wasm) and the snippets under snippets/,
// minified in place; every page's integrity attribute for a rewritten file follows it.
async function minifyScripts(pages) {
  const files = [...readdirSync(dist).filter((f) => /^loader-[0-9a-f]+\.js$/.test(f)
    || (f.endsWith('.js') && existsSync(join(dist, f.replace(/\.js$/, '_bg.wasm'))))), ...snippetFiles()];
  const integrity = new Map();
  for (const f of files) {
    const code = Buffer.from(await minified(readFileSync(join(dist, f), 'utf8'), f));
    writeFileSync(join(dist, f), code);
    integrity.set(f, `sha384-${createHash('sha384').update(code).digest('base64')}`);
  }
  for (const [entry, html] of Object.entries(pages)) {
    pages[entry] = html.replace(/(<link [^>]*href="([^"]+)"[^>]*integrity=")(sha384-[^"]+)"/g, (all, head, href) => {
      const f = href.startsWith(base) ? href.slice(base.length) : href;
      return integrity.has(f) ? `${head}${integrity.get(f)}"` : all;
    });
  }
}
