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
