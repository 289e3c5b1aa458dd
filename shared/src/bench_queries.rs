//! The five queries of `../shared/BENCHMARKS.md`, written once so that the native benchmark
//! (`kgdata bench-query`) and the in-browser one (`app/src/bench.rs`) time the same work.

use crate::{
    geo::Point,
    query::{Finder, Flag, Query, Sort},
};
use std::collections::HashMap;

/// Q2's inputs: 2-character Chinese substrings and 2-letter pinyin initials.
pub const Q2_TEXTS: [&str; 10] = ["实验", "阳光", "中心", "蓓蕾", "星星", "xq", "sy", "yg", "zx", "育才"];

/// The distinct county codes present in the data, ascending. Collected run by run (records
/// come grouped by county), not record by record: a list of every record's county would add a
/// megabyte to the wasm heap's high-water mark that the benchmark then counts as the engine's.
pub fn counties(f: &Finder) -> Vec<u32> {
    let mut c: Vec<u32> = Vec::new();
    for i in 0..f.len() {
        let county = f.shard.county(i);
        if c.last() != Some(&county) {
            c.push(county);
        }
    }
    c.sort_unstable();
    c.dedup();
    c
}

/// A 社区/村 code some kindergarten admits from.
pub fn village(f: &Finder, i: usize) -> u64 {
    let s = &f.shard;
    if s.zone_codes.is_empty() {
        return 0;
    }
    let z = (i * 7919) % s.zone_codes.len();
    let record = s.zone_start.partition_point(|&b| b as usize <= z) - 1;
    s.unpack_zone(s.zone_prefix(record), s.zone_codes[z])
}

/// Q1: 普惠 kindergartens of one county, 保教费 ≤ 1500, with 托班, by fee, first 50.
pub fn q1(f: &Finder, county: u32) -> usize {
    let q = Query {
        fee_max: Some(1500),
        flags: [Flag::Toddler][..].into(),
        county: Some(county),
        sort: Sort::FeeAsc,
        ..Query::default()
    };
    f.search(&q, None).into_iter().take(50).count()
}

/// Q2: name or address contains the text, or the pinyin (initials) does; first 50 by name.
pub fn q2(f: &Finder, text: &str) -> usize {
    let q = Query { text: text.into(), ..Query::everything() };
    f.search(&q, None).into_iter().take(50).count()
}

/// Q3: the nearest 20 to a point, whole table.
pub fn q3(f: &Finder, p: Point) -> usize {
    f.nearest(p, 20, |_| true).len()
}

/// Q4: the kindergartens whose service zone admits one 社区/村.
pub fn q4(f: &Finder, village: u64) -> usize {
    f.admitting(village).len()
}

/// Q5: per county, children in 公办 / 普惠 / other; counts the counties meeting "5080".
pub fn q5(f: &Finder) -> usize {
    let s = &f.shard;
    let mut by: HashMap<u32, [u64; 3]> = HashMap::new();
    for i in 0..s.len() {
        let e = by.entry(s.county(i)).or_default();
        let n = s.nature[i];
        let c = s.children[i] as u64;
        if n.is_public() {
            e[0] += c;
        } else if n.is_inclusive() {
            e[1] += c;
        } else {
            e[2] += c;
        }
    }
    by.values()
        .filter(|v| {
            let t = (v[0] + v[1] + v[2]).max(1) as f64;
            v[0] as f64 / t >= 0.5 && (v[0] + v[1]) as f64 / t >= 0.8
        })
        .count()
}

/// The Q3 point of run i: spread over China's kindergartens.
pub fn q3_point(i: usize) -> Point {
    Point { lon: 100.0 + ((i * 37) % 25) as f64, lat: 22.0 + ((i * 17) % 20) as f64 }
}
