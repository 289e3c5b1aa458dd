// A plain static file server that behaves like an ordinary static host (no SPA rewrites):
// directories redirect to a trailing slash and serve index.html, unknown paths get 404.html with
// status 404. It sends the headers README recommends for production (CSP, cache lifetimes).
// For the benchmark it can also do what a CDN does — brotli on the wire (`brotli`, quality 11,
// for clients that accept it), so a page's encoded bytes are what a reader downloads — and
// isolate pages across origins (`isolate`: COOP/COEP, so performance.now() is precise to 5 µs).
// Usage: node scripts/static-server.mjs DIR [--port 8080] [--host 127.0.0.1] [--base /]
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
export const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; frame-src 'self'; manifest-src 'self'; base-uri 'self'; " +
  "form-action 'self'; object-src 'none'";
// The portal's pages may be framed only by the portal itself; widgets (widget/) by any site.
const FRAMING = "; frame-ancestors 'self'";

// Content-hashed names (Trunk's -<16 hex>. and the shards' .<hash>.) never change: cache forever.
const HASHED = /[-.][0-9a-f]{16,64}\.(js|wasm|css|bin|svg)$/;

export function startServer(dir, { port = 8080, host = '127.0.0.1', base = '/', log = false, brotli = false, isolate = false } = {}) {
  const root = resolve(dir);
  const compressed = new Map(); // file → [mtime, brotli bytes]
  const brotliOf = (file) => {
    const mtime = statSync(file).mtimeMs;
    const hit = compressed.get(file);
    if (hit && hit[0] === mtime) return hit[1];
    const b = brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    compressed.set(file, [mtime, b]);
    return b;
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (log) console.log(req.method, req.url);
    if (!path.startsWith(base)) return notFound(res, req);
    const rel = normalize(path.slice(base.length)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, rel);
    if (!file.startsWith(root)) return notFound(res, req);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { Location: path + '/' + url.search }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) return notFound(res, req);
    send(req, res, file, 200, rel.startsWith('widget'));
  });
  function notFound(res, req = null) {
    const page = join(root, '404.html');
    if (existsSync(page)) send(req, res, page, 404);
    else res.writeHead(404).end('not found');
  }
  function send(req, res, file, status, embeddable = false) {
    const type = TYPES[extname(file)] || 'application/octet-stream';
    const cache = HASHED.test(file)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
    // A page's own policy (its <meta>) where it has one: the finder's admits its one inline
    // script by hash (scripts/postbuild.mjs). The header repeats it, as a host may, plus framing.
    const own = type.startsWith('text/html')
      ? readFileSync(file, 'utf8').match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1]
      : undefined;
    const csp = own ?? CSP;
    const headers = {
      'Content-Type': type,
      'Cache-Control': cache,
      'Content-Security-Policy': embeddable ? csp : csp + FRAMING,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    if (isolate) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    const br = brotli && /\bbr\b/.test(req?.headers['accept-encoding'] || '') && type !== 'image/png';
    if (brotli) headers.Vary = 'Accept-Encoding';
    if (br) {
      const body = brotliOf(file);
      res.writeHead(status, { ...headers, 'Content-Encoding': 'br', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(status, headers);
    createReadStream(file).pipe(res);
  }
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const dir = args[0] || 'dist';
  const port = Number(opt('--port', 8080));
  const host = opt('--host', '127.0.0.1');
  const base = opt('--base', '/');
  await startServer(dir, { port, host, base });
  console.log(`kgportal: serving ${dir} at http://${host}:${port}${base}`);
}
