//! Peak heap of each publishing step on one sheet, natively (a proxy for the 数据发布 page's wasm
//! memory, which never shrinks): `cargo run --release -p kg-pipeline --example peak -- FILE…`
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(n, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        NOW.fetch_sub(l.size(), Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

fn step(name: &str) {
    println!("{name:<28} now {:>9}  peak {:>9}", mb(NOW.load(Relaxed)), mb(PEAK.load(Relaxed)));
    PEAK.store(NOW.load(Relaxed), Relaxed);
}

fn main() {
    let geo = kg_pipeline::places::Geo::bundled().expect("bundled places");
    step("places");
    let sheets: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .map(|p| (p.rsplit('/').next().unwrap().to_string(), std::fs::read(&p).expect("read")))
        .collect();
    step("files read");
    let (draft, ready) = kg_pipeline::bundle::check(&geo, sheets, None, true, draft_as_of());
    step("check (the report)");
    let ready = ready.expect("a publishable sheet");
    // The dictionaries' answers as the page gets them, from a worker (here: asked beforehand and
    // the peak reset, since the native dictionaries stay in static memory).
    use kg_pipeline::publish::{compile_parts, manifest_of, Builtin, DatasetMeta, Dicts, Table};
    let builtin = Builtin::new().expect("dictionaries");
    let mut table = Table::default();
    for n in ready.names() {
        let p = builtin.pinyin(&n).unwrap();
        table.pinyin.insert(n, p);
    }
    let meta = DatasetMeta {
        name: "peak".into(),
        version: "peak".into(),
        as_of: draft_as_of(),
        sample: false,
        notice: None,
        publisher: "peak".into(),
    };
    step("(pinyin answered: native only)");
    let unfinished =
        compile_parts(ready.records, &geo, &ready.stats, &draft.report, &meta, &table).expect("compile");
    step("compile up to the 繁體 map");
    for q in unfinished.hant_queries() {
        let t = builtin.s2t(&q).unwrap();
        table.hant.insert(q, t);
    }
    step("(繁體 answered: native only)");
    let compiled = unfinished.finish(&geo, &table).expect("finish");
    drop(table);
    let manifest = manifest_of(&compiled, &meta, "2026-01-01T00:00:00Z".into()).expect("manifest");
    step("finish + manifest");
    let zip = kg_pipeline::bundle::zip_publication(&compiled, &manifest).expect("zip");
    step("zip");
    let by_city = kg_pipeline::diff::records_of(&compiled).expect("read back");
    step("records read back (preview)");
    println!("report lines {}, zip {} bytes, cities {}", draft.report.lines.len(), zip.len(), by_city.len());
}

fn draft_as_of() -> kg_shared::date::Date {
    kg_shared::date::Date::new(2025, 9, 30).expect("a date")
}
