// DuckDB-WASM as its README sets it up (manual bundles mvp + eh, selectBundle, AsyncDuckDB in a
// worker), with a DuckDB database file fetched whole (in parallel with the library) and
// registered as a buffer, opened read-only. Results arrive as Arrow tables; rows become JS
// objects with toArray().map(r => r.toJSON()). window.kgFirst holds performance.now() then.
// ?db=city|national picks the database file.
import * as duckdb from './lib/duckdb-browser.mjs';
import { dialect, timeQueries } from './queries.mjs';

const which = new URLSearchParams(location.search).get('db') || 'city';
const SQL = dialect('duckdb');
let file = fetch(`db/${which}.duckdb`).then((r) => r.arrayBuffer());
const abs = (f) => new URL(`lib/${f}`, location.href).href;
const bundle = await duckdb.selectBundle({
  mvp: { mainModule: abs('duckdb-mvp.wasm'), mainWorker: abs('duckdb-browser-mvp.worker.js') },
  eh: { mainModule: abs('duckdb-eh.wasm'), mainWorker: abs('duckdb-browser-eh.worker.js') },
});
const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
await db.registerFileBuffer('kg.duckdb', new Uint8Array(await file)); // transferred to the worker
file = null;
await db.open({ path: 'kg.duckdb', accessMode: duckdb.DuckDBAccessMode.READ_ONLY });
const conn = await db.connect();
const objects = (table) => table.toArray().map((r) => r.toJSON());
const rows = objects(await conn.query(SQL.first));
const total = Number(objects(await conn.query(SQL.total))[0].n);
window.kgFirst = performance.now();
window.kgFirstAnswer = { rows: rows.length, total };

const prepared = {};
for (const q of ['q1', 'q2', 'q3', 'q4', 'q5']) prepared[q] = await conn.prepare(SQL[q]);
window.kgPeer = Object.fromEntries(Object.entries(prepared).map(([q, stmt]) => [q, async (p) => objects(await stmt.query(...p))]));
window.kgTime = timeQueries;
window.kgDuckVersion = await db.getVersion();
