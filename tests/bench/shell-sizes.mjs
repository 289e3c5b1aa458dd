// What each page and widget loads before any data, brotli-compressed as a CDN would serve it:
// its HTML and every script, wasm, stylesheet and icon it names.
// Usage: node tests/bench/shell-sizes.mjs DIST (also called by bench.mjs)
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// What a page loads before any data: its HTML and every script, wasm, stylesheet and icon it names.
function shell(dist, htmlPath, label) {
  const html = readFileSync(`${dist}/${htmlPath}`, 'utf8');
  const files = [...new Set([...html.matchAll(/(?:href|src)="\/?([^"]+\.(?:js|wasm|css|svg))"/g)].map((m) => m[1]))];
  let raw = 0, comp = 0;
  const parts = [];
  for (const f of files) {
    const b = readFileSync(`${dist}/${f}`);
    raw += b.length; comp += br(b);
    if (/\.(wasm|js)$/.test(f)) parts.push(`  ${f}: ${b.length} raw, ${gzipSync(b, { level: 9 }).length} gzip, ${br(b)} brotli`);
  }
  const h = readFileSync(`${dist}/${htmlPath}`);
  console.log(`${label} (html+js+wasm+css): ${raw + h.length} B raw, ${comp + br(h)} B brotli`);
  for (const p of parts) console.log(p);
}

// Returns each widget's brotli bytes before its data, by kind.
export function shellSizes(dist, { quiet = false } = {}) {
  const log = quiet ? () => {} : console.log;
  const widgets = {};
  if (!quiet) pageShells(dist);
  widgetShells(dist, log, widgets);
  return widgets;
}

function pageShells(dist) {
  shell(dist, 'index.html', 'home/main entry shell');
  shell(dist, 'finder/index.html', 'finder entry shell');
  shell(dist, 'map/index.html', 'map entry shell');
  shell(dist, 'progress/index.html', 'progress entry shell');
  shell(dist, 'kindergarten/index.html', 'pages entry shell (detail, compare, data, policy, embed)');
  // 数据发布: the publishing pipeline with its dictionaries and geography (bureau staff only).
  shell(dist, 'publish/index.html', 'publish entry shell (数据发布, before any file)');
}

// A widget page names only a small loader, which imports the loader of the entry its kind needs.
function widgetShells(dist, log, widgets) {
  for (const kind of ['scorecard', 'chart', 'zone', 'map']) {
    const html = readFileSync(`${dist}/widget/index.html`, 'utf8');
    const dispatcher = html.match(/src="[^"]*\/(widget-loader-[0-9a-f]+\.js)"/)[1];
    // The scripts are minified (postbuild): quotes and spacing as terser writes them.
    const loader = readFileSync(`${dist}/${dispatcher}`, 'utf8').match(new RegExp(`["']?${kind}["']?:\\s*["'][^"']*/(loader-[0-9a-f]+\\.js)["']`))[1];
    const body = readFileSync(`${dist}/${loader}`, 'utf8');
    const glue = body.match(/["']\/?(?:[^"']*\/)?(kg-widget-[a-z]+-[0-9a-f]+\.js)["']/)[1];
    const snippets = [...readFileSync(`${dist}/${glue}`, 'utf8').matchAll(/from\s*["']\.\/(snippets\/[^"']+)["']/g)].map((m) => m[1]);
    const files = [...new Set([dispatcher, loader, glue, glue.replace(/\.js$/, '_bg.wasm'),
      ...[...html.matchAll(/href="[^"]*\/([^"/]+\.(?:css|svg))"/g)].map((m) => m[1]), ...snippets])];
    let raw = html.length, comp = br(Buffer.from(html));
    const parts = [];
    for (const f of files) {
      const b = readFileSync(`${dist}/${f}`);
      raw += b.length; comp += br(b);
      if (/\.(wasm|js)$/.test(f)) parts.push(`  ${f}: ${b.length} raw, ${gzipSync(b, { level: 9 }).length} gzip, ${br(b)} brotli`);
    }
    log(`${kind} widget shell (html+js+wasm+css): ${raw} B raw, ${comp} B brotli`);
    widgets[kind] = comp;
    for (const p of parts) log(p);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) shellSizes(process.argv[2] || 'dist');
