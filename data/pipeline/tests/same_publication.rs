//! One pipeline, two front ends: the same bureau sheets compile to the same publication where
//! `kgdata` runs it (natively) and where the 数据发布 page runs it (wasm32, in headless Chromium
//! through wasm-bindgen-test). Both runs must give the file hashes in `same_publication.sha256`,
//! so the two agree with each other byte for byte.
//!
//! The inputs are sheets as a clerk sends them: 揭阳市 as XLSX with a title row and broken rows,
//! 株洲市 as GB18030 CSV, 中山市 as UTF-8 CSV with a BOM, and the county statistics CSV.
//! When the publication's format changes on purpose, run
//! `KG_UPDATE_GOLDEN=1 cargo test -p kg-pipeline --test same_publication` and commit the file.

use kg_pipeline::{
    bundle::{zip_publication, TARGETS_CSV},
    places::Geo,
    publish::{compile, manifest_of, validate_books, Builtin, DatasetMeta, Fields},
    sample::generate_scaled,
    stats::{county_stats_csv, parse_county_stats, parse_targets, sample_inputs},
    table::{read_bytes, HeaderSpec},
};
use kg_shared::date::Date;
use sha2::{Digest, Sha256};

const GOLDEN: &str = include_str!("same_publication.sha256");

fn hex(b: &[u8]) -> String {
    Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// "path sha256" for every file of the publication, then the manifest's own hash.
fn publication() -> Vec<String> {
    let geo = Geo::bundled().expect("bundled geography");
    let gen = generate_scaled(&geo, false, 20251, 1.0);
    let cities = [445200, 430200, 442000];
    let mut picked = Vec::new();
    for city in cities {
        picked.extend(gen.records.iter().filter(|r| geo.city_of(r.county) == city).take(60).cloned());
    }
    let counties: std::collections::BTreeSet<u32> = picked.iter().map(|r| r.county).collect();
    let sheets = sample_inputs(&geo, &picked).expect("sheets");
    assert!(
        sheets.iter().any(|(n, _)| n.ends_with(".xlsx")) && sheets.iter().any(|(n, _)| n.contains("gb18030"))
    );
    let books: Vec<_> = sheets
        .iter()
        .map(|(n, b)| read_bytes(n, b, HeaderSpec::Auto, &Fields).expect("readable sheet"))
        .collect();
    let as_of = Date::new(2025, 9, 30).unwrap();
    let (records, report) = validate_books(&books, &geo, as_of);
    assert!(
        report.balanced() && report.rejected > 0,
        "the broken rows are rejected, every row accounted for"
    );
    let mut st = parse_targets("targets.csv", TARGETS_CSV).expect("targets");
    let years: Vec<_> = gen.stats.iter().filter(|y| counties.contains(&y.county)).cloned().collect();
    st.counties =
        parse_county_stats("统计.csv", &county_stats_csv(&years).unwrap()).expect("county statistics");
    let meta = DatasetMeta {
        name: "测试数据集".into(),
        version: "2025.09-test".into(),
        as_of,
        sample: true,
        notice: None,
        publisher: "测试".into(),
    };
    let compiled = compile(records, &geo, &st, &report, &meta, &Builtin::new().unwrap()).expect("compiled");
    let manifest = manifest_of(&compiled, &meta, "2025-10-01T00:00:00Z".into()).expect("manifest");
    let mut lines: Vec<String> = manifest.files.iter().map(|f| format!("{} {}", f.path, f.sha256)).collect();
    let manifest_json = serde_json::to_vec_pretty(&manifest).unwrap();
    lines.push(format!("manifest.json {}", hex(&manifest_json)));
    // The page's download: a zip of data/ holding exactly these files and the manifest.
    let zip = zip_publication(&compiled, &manifest).expect("zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip)).expect("a readable zip");
    let aliases = manifest.first_text_aliases();
    assert!(aliases.len() > manifest.regions.len(), "a copy per city and the default one: {aliases:?}");
    assert_eq!(archive.len(), manifest.files.len() + 1 + aliases.len());
    for (alias, entry) in &aliases {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut archive.by_name(&format!("data/{alias}")).expect("first-view copy"),
            &mut bytes,
        )
        .unwrap();
        assert_eq!(hex(&bytes), entry.sha256, "{alias} is a copy of {}", entry.path);
    }
    for f in &manifest.files {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut archive.by_name(&format!("data/{}", f.path)).expect("listed file"),
            &mut bytes,
        )
        .unwrap();
        assert_eq!(hex(&bytes), f.sha256, "{}", f.path);
    }
    let mut m = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("data/manifest.json").unwrap(), &mut m).unwrap();
    assert_eq!(m, manifest_json);
    lines.push(format!("zip {}", hex(&zip)));
    lines
}

fn check() {
    let got = publication();
    let want: Vec<&str> = GOLDEN.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert!(got.len() > 10, "{got:?}");
    assert_eq!(
        got, want,
        "the publication differs from tests/same_publication.sha256 (see the file's header)"
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn natively_as_kgdata_runs_it() {
    if std::env::var_os("KG_UPDATE_GOLDEN").is_some() {
        let body = publication().join("\n");
        let head =
            "# The publication of tests/same_publication.rs: file, SHA-256 (native and wasm32 alike).\n";
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/same_publication.sha256"),
            format!("{head}{body}\n"),
        )
        .unwrap();
    }
    check();
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn in_the_browser_as_the_page_runs_it() {
        super::check();
    }
}
