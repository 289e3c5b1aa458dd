//! `kgdata bench-query`: the query engine natively over a publication's list shards — Q1–Q5 of
//! `../shared/BENCHMARKS.md` and the heap the index holds. The in-browser figures come from
//! `scripts/bench.sh`; these are for comparing changes quickly.

use anyhow::anyhow;
use kg_shared::{bench_queries as bq, codec, manifest::FileKind, manifest::Manifest, query::Finder};
use std::{
    alloc::{GlobalAlloc, Layout, System},
    path::Path,
    sync::atomic::{AtomicUsize, Ordering::Relaxed},
    time::Instant,
};

/// Counts live heap bytes and their high-water mark (the wasm heap never shrinks, so the peak
/// is what a browser tab pays).
pub struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
}

fn mb(b: usize) -> f64 {
    b as f64 / 1_048_576.0
}

fn summary(name: &str, mut xs: Vec<f64>) {
    xs.sort_by(f64::total_cmp);
    let p95 = xs[((xs.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)];
    say!("  {name}: median {:.3} ms, p95 {:.3} ms ({} runs, native)", xs[xs.len() / 2], p95, xs.len());
}

fn time(n: usize, mut f: impl FnMut(usize) -> usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(f(i));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

pub fn run(site: &Path) -> anyhow::Result<()> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| anyhow!("{}：{e}", p.display()));
    let manifest = Manifest::parse(&read(&site.join("manifest.json"))?)?;
    let files: Vec<Vec<u8>> =
        manifest.files_of(FileKind::List).map(|f| read(&site.join(&f.path))).collect::<Result<_, _>>()?;
    let encoded: usize = files.iter().map(Vec::len).sum();
    let (live0, t) = (LIVE.load(Relaxed), Instant::now());
    PEAK.store(live0, Relaxed);
    let mut sizes = codec::ListSizes::default();
    for (f, bytes) in manifest.files_of(FileKind::List).zip(&files) {
        sizes += codec::ListSizes::of(bytes).map_err(|e| anyhow!("{}：{e}", f.path))?;
    }
    let mut merged = codec::ListShard::with_capacity(sizes);
    for (f, bytes) in manifest.files_of(FileKind::List).zip(&files) {
        merged.decode_append(bytes).map_err(|e| anyhow!("{}：{e}", f.path))?;
    }
    let finder = Finder::new(merged);
    finder.prepare_text();
    let build = t.elapsed().as_secs_f64() * 1000.0;
    say!(
        "{} records from {} list shards ({:.1} MB encoded); index built in {build:.0} ms; \
         heap held {:.1} MB (the engine's own count: {:.1} MB), peak while building {:.1} MB \
         (encoded files not counted)",
        finder.len(),
        files.len(),
        mb(encoded),
        mb(LIVE.load(Relaxed) - live0),
        mb(finder.heap_bytes()),
        mb(PEAK.load(Relaxed) - live0),
    );
    let parts: Vec<String> = finder.heap_parts().iter().map(|(k, v)| format!("{k} {:.1}", mb(*v))).collect();
    say!("  held by part (MB): {}", parts.join(", "));
    let counties = bq::counties(&finder);
    summary("Q1", time(200, |i| bq::q1(&finder, counties[(i * 13) % counties.len()])));
    summary("Q2", time(100, |i| bq::q2(&finder, bq::Q2_TEXTS[i % bq::Q2_TEXTS.len()])));
    summary("Q3", time(200, |i| bq::q3(&finder, bq::q3_point(i))));
    summary("Q4", time(500, |i| bq::q4(&finder, bq::village(&finder, i))));
    summary("Q5", time(30, |_| bq::q5(&finder)));
    Ok(())
}

/// `kgdata bench-export`: a publication's list records as plain CSV, and the exact parameters
/// of Q1–Q4 with the engine's answers, so the peers of `../shared/BENCHMARKS.md` (sql.js,
/// DuckDB-WASM; `tests/bench/peers.mjs`) load the same rows and ask the same questions, and
/// their answers can be checked against the portal's.
pub fn export(site: &Path, out: &Path, city: Option<u32>) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    let read = |p: &Path| std::fs::read(p).map_err(|e| anyhow!("{}：{e}", p.display()));
    let manifest = Manifest::parse(&read(&site.join("manifest.json"))?)?;
    let mut sizes = codec::ListSizes::default();
    let mut files = Vec::new();
    for f in manifest.files_of(FileKind::List).filter(|f| city.is_none_or(|c| f.region == Some(c))) {
        let bytes = read(&site.join(&f.path))?;
        sizes += codec::ListSizes::of(&bytes).map_err(|e| anyhow!("{}：{e}", f.path))?;
        files.push((f.path.clone(), bytes));
    }
    let mut merged = codec::ListShard::with_capacity(sizes);
    for (path, bytes) in &files {
        merged.decode_append(bytes).map_err(|e| anyhow!("{path}：{e}"))?;
    }
    if files.is_empty() {
        anyhow::bail!(
            "{}：no list shard{}",
            site.display(),
            city.map(|c| format!(" of city {c}")).unwrap_or_default()
        );
    }
    drop(files);
    let finder = Finder::new(merged);
    let s = &finder.shard;
    std::fs::create_dir_all(out).map_err(|e| anyhow!("{}：{e}", out.display()))?;
    // One row per record, in the engine's record order (rowid = index + 1).
    let mut csv = String::from(
        "idx,id,county,town,name,pinyin,initials,address,lon,lat,nature,public,inclusive,grade,fee,toddler,children,seats\n",
    );
    let mut zones = String::from("idx,village\n");
    for i in 0..s.len() {
        let r = s.row(i);
        let py = s.pinyin.get(i);
        let n = r.nature();
        let _ = writeln!(
            csv,
            "{i},{},{},{},{},{},{},{},{:.6},{:.6},{},{},{},{},{},{},{},{}",
            r.id(),
            r.county(),
            r.town(),
            kg_shared::export::csv_field(r.name()),
            py.replace(' ', ""),
            codec::initials_of(py),
            kg_shared::export::csv_field(r.address()),
            r.point().lon,
            r.point().lat,
            n.code(),
            u8::from(n.is_public()),
            u8::from(n.is_inclusive()),
            r.grade().rank(),
            r.fee(),
            u8::from(r.has_toddler_class()),
            r.children(),
            r.seats(),
        );
        for v in r.zone() {
            let _ = writeln!(zones, "{i},{v}");
        }
    }
    let counties = bq::counties(&finder);
    let q1: Vec<String> = (0..50)
        .map(|i| {
            let c = counties[(i * 13) % counties.len()];
            format!("[{c},{}]", bq::q1(&finder, c))
        })
        .collect();
    let q2: Vec<String> = bq::Q2_TEXTS.iter().map(|t| format!("[\"{t}\",{}]", bq::q2(&finder, t))).collect();
    let q3: Vec<String> = (0..50)
        .map(|i| {
            let p = bq::q3_point(i);
            format!("[{},{},{}]", p.lon, p.lat, bq::q3(&finder, p))
        })
        .collect();
    let q4: Vec<String> = (0..50)
        .map(|i| {
            let v = bq::village(&finder, i);
            format!("[{v},{}]", bq::q4(&finder, v))
        })
        .collect();
    let params = format!(
        "{{\"records\":{},\"q1\":[{}],\"q2\":[{}],\"q3\":[{}],\"q4\":[{}],\"q5_counties_5080\":{}}}\n",
        s.len(),
        q1.join(","),
        q2.join(","),
        q3.join(","),
        q4.join(","),
        bq::q5(&finder)
    );
    for (name, body) in [("records.csv", csv), ("zones.csv", zones), ("params.json", params)] {
        let p = out.join(name);
        std::fs::write(&p, body).map_err(|e| anyhow!("{}：{e}", p.display()))?;
    }
    say!("{} records exported to {}", s.len(), out.display());
    Ok(())
}
