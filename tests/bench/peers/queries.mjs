// The SQL both peers run, written once. The first view is the portal's default list (普惠, in
// pinyin order, first 50, with the total); Q1–Q5 are those of ../shared/BENCHMARKS.md with the
// parameters of params.json (`kgdata bench-export`). Parameters are numbered, ?1 for SQLite and $1
// for DuckDB (`dialect`). SQLite's LIKE ignores ASCII case; DuckDB's ILIKE does the same.
const COLS = 'idx, name, address, county, nature, grade, fee, toddler, children, seats, lon, lat';

const SQL = {
  first: `SELECT ${COLS} FROM records WHERE inclusive = 1 ORDER BY pinyin, idx LIMIT 50`,
  total: 'SELECT count(*) AS n FROM records WHERE inclusive = 1',
  q1: `SELECT ${COLS} FROM records WHERE inclusive = 1 AND county = ?1 AND fee <= 1500 AND toddler = 1 ` +
    'ORDER BY fee, pinyin LIMIT 50',
  // ?1 is '%text%'.
  q2: `SELECT ${COLS} FROM records WHERE name LIKE ?1 OR address LIKE ?1 OR pinyin LIKE ?1 OR initials LIKE ?1 ` +
    'ORDER BY pinyin LIMIT 50',
  // Equirectangular distance squared: ?3 is cos²(the point's latitude).
  q3: `SELECT ${COLS} FROM records ORDER BY (lon - ?1) * (lon - ?1) * ?3 + (lat - ?2) * (lat - ?2) LIMIT 20`,
  q4: `SELECT ${COLS} FROM records WHERE idx IN (SELECT idx FROM zones WHERE village = ?1) ORDER BY pinyin`,
  // Children per county in 公办 / 普惠 (公办 included) / all; the page counts the "5080" counties.
  q5: 'SELECT county, CAST(sum(children) AS INTEGER) AS total, ' +
    'CAST(sum(CASE WHEN public = 1 THEN children ELSE 0 END) AS INTEGER) AS pub, ' +
    'CAST(sum(CASE WHEN inclusive = 1 THEN children ELSE 0 END) AS INTEGER) AS incl FROM records GROUP BY county',
};

export function dialect(kind) {
  if (kind === 'sqlite') return SQL;
  const out = {};
  for (const [k, v] of Object.entries(SQL)) out[k] = v.replace(/\?(\d)/g, '$$$1').replace(/ LIKE /g, ' ILIKE ');
  return out;
}

// Each query's parameters from params.json's entry, in the order of its placeholders.
export const args = {
  q1: ([county]) => [county],
  q2: ([text]) => [`%${text}%`],
  q3: ([lon, lat]) => [lon, lat, Math.cos((lat * Math.PI) / 180) ** 2],
  q4: ([village]) => [village],
  q5: () => [],
};

// Q5's answer from its rows: counties with ≥ 50 % of children in 公办 and ≥ 80 % in 普惠.
export const count5080 = (rows) =>
  rows.filter((r) => r.pub / Math.max(r.total, 1) >= 0.5 && r.incl / Math.max(r.total, 1) >= 0.8).length;

// What a query's answer is compared with: its row count (Q5: the "5080" counties).
export const answer = (q, rows) => (q === 'q5' ? count5080(rows) : rows.length);

// Times `run(params)` over `n` runs cycling through `list`; each answer is checked against the
// expected count (the last element of the params.json entry). Runs in the page.
export async function timeQueries(kgPeer, q, list, n) {
  const xs = [];
  const mismatches = [];
  for (let i = 0; i < n; i++) {
    const entry = list[i % list.length];
    const p = args[q](entry);
    const t0 = performance.now();
    let rows = kgPeer[q](p);
    if (rows && typeof rows.then === 'function') rows = await rows;
    const dt = performance.now() - t0;
    xs.push(dt);
    const got = answer(q, rows);
    const want = entry[entry.length - 1];
    if (got !== want && i < list.length) mismatches.push({ params: entry.slice(0, -1), want, got });
  }
  return { xs, mismatches };
}
