// Builds a DuckDB database file from an export's CSVs with DuckDB-WASM itself (?export=city).
// The CSVs are registered as buffers and read with read_csv (core: no extension to fetch). The
// database is opened in the origin-private file system (opfs://), the one place DuckDB-WASM
// writes a real database file: an in-memory file ("Buffering missing file") cannot be copied out
// with copyFileToBuffer, and ATTACHing an OPFS file registered beforehand fails (DuckDB calls the
// empty file invalid). After FORCE CHECKPOINT the worker is terminated, which releases OPFS's
// access handles; the page reads the file, reopens a copy of it alone (without its WAL, which
// DuckDB-WASM leaves behind, stale) read-only in a fresh instance to count its rows, and offers
// the bytes as a download, which the harness saves (window.kgBuilt reports).
import * as duckdb from './lib/duckdb-browser.mjs';

const which = new URLSearchParams(location.search).get('export') || 'city';
const out = `${which}.duckdb`;
const abs = (f) => new URL(`lib/${f}`, location.href).href;
const bundle = await duckdb.selectBundle({
  mvp: { mainModule: abs('duckdb-mvp.wasm'), mainWorker: abs('duckdb-browser-mvp.worker.js') },
  eh: { mainModule: abs('duckdb-eh.wasm'), mainWorker: abs('duckdb-browser-eh.worker.js') },
});
const start = async () => {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  return db;
};
const RECORDS = "{'idx': 'INTEGER', 'id': 'VARCHAR', 'county': 'INTEGER', 'town': 'INTEGER', 'name': 'VARCHAR', " +
  "'pinyin': 'VARCHAR', 'initials': 'VARCHAR', 'address': 'VARCHAR', 'lon': 'DOUBLE', 'lat': 'DOUBLE', " +
  "'nature': 'TINYINT', 'public': 'TINYINT', 'inclusive': 'TINYINT', 'grade': 'TINYINT', 'fee': 'INTEGER', " +
  "'toddler': 'TINYINT', 'children': 'INTEGER', 'seats': 'INTEGER'}";

let step = 'reading the CSVs';
try {
  let db = await start();
  for (const f of ['records.csv', 'zones.csv']) {
    await db.registerFileBuffer(f, new Uint8Array(await (await fetch(`export/${which}/${f}`)).arrayBuffer()));
  }
  step = 'opening the OPFS database';
  await db.open({ path: `opfs://${out}`, accessMode: duckdb.DuckDBAccessMode.READ_WRITE });
  let conn = await db.connect();
  step = 'CREATE TABLE records';
  await conn.query(`CREATE TABLE records AS SELECT * FROM read_csv('records.csv', header = true, quote = '"', columns = ${RECORDS})`);
  step = 'CREATE TABLE zones';
  await conn.query("CREATE TABLE zones AS SELECT * FROM read_csv('zones.csv', header = true, columns = {'idx': 'INTEGER', 'village': 'BIGINT'})");
  step = 'CHECKPOINT';
  await conn.query('FORCE CHECKPOINT');
  const version = await db.getVersion();
  await conn.close();
  await db.terminate();

  step = 'reading the file from OPFS';
  const root = await navigator.storage.getDirectory();
  const bytes = new Uint8Array(await (await (await root.getFileHandle(out)).getFile()).arrayBuffer());
  let wal = 0;
  try { wal = (await (await root.getFileHandle(`${out}.wal`)).getFile()).size; } catch { /* no WAL file */ }

  step = 'reopening the file';
  db = await start();
  await db.registerFileBuffer('check.duckdb', bytes.slice());
  await db.open({ path: 'check.duckdb', accessMode: duckdb.DuckDBAccessMode.READ_ONLY });
  conn = await db.connect();
  const count = async (t) => Number((await conn.query(`SELECT count(*) AS n FROM ${t}`)).toArray()[0].toJSON().n);
  const built = { bytes: bytes.length, wal, records: await count('records'), zones: await count('zones'), version };
  await db.terminate();

  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  a.download = out;
  document.body.append(a);
  a.click();
  window.kgBuilt = built;
} catch (e) {
  window.kgBuilt = { error: `${step}: ${e?.message || e}` };
}
