//! Entry points for the benchmark command (`scripts/bench.sh`): the finder page's JS calls them
//! through `window.wasmBindings` to time the real decoders inside the real app. Compiled into the
//! finder entry only (`src/bin/finder.rs`); none is used by the UI.

use wasm_bindgen::prelude::*;

/// Decodes a list shard; returns its record count.
#[wasm_bindgen]
pub fn kg_bench_decode_list(bytes: &[u8]) -> Result<u32, JsError> {
    kg_shared::codec::decode_list(bytes).map(|s| s.len() as u32).map_err(|e| JsError::new(&e.to_string()))
}

/// Verifies bytes against a SHA-256 hex digest, as the app does before decoding.
#[wasm_bindgen]
pub fn kg_bench_sha256_matches(bytes: &[u8], hex: &str) -> bool {
    use sha2::{Digest, Sha256};
    let h: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    h == hex
}

/// The query engine over many list shards, for the Q1–Q5 benchmark of `../shared/BENCHMARKS.md`.
#[wasm_bindgen]
pub struct BenchIndex {
    finder: kg_shared::query::Finder,
}

#[wasm_bindgen]
impl BenchIndex {
    /// Decodes and merges list shards (an array of Uint8Array).
    #[wasm_bindgen(constructor)]
    pub fn new(shards: js_sys::Array) -> Result<BenchIndex, JsError> {
        let mut merged = kg_shared::codec::ListShard::default();
        for s in shards.iter() {
            let bytes = js_sys::Uint8Array::new(&s).to_vec();
            merged.append(kg_shared::codec::decode_list(&bytes).map_err(|e| JsError::new(&e.to_string()))?);
        }
        Ok(BenchIndex { finder: kg_shared::query::Finder::new(merged) })
    }

    pub fn len(&self) -> u32 {
        self.finder.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.finder.is_empty()
    }

    /// A county code present in the data (the i-th distinct one).
    pub fn county(&self, i: u32) -> u32 {
        let mut c: Vec<u32> = self.finder.shard.county.clone();
        c.sort_unstable();
        c.dedup();
        c[i as usize % c.len()]
    }

    /// A 社区/村 code some kindergarten admits from.
    pub fn village(&self, i: u32) -> u64 {
        let z = &self.finder.shard.zone_codes;
        if z.is_empty() {
            0
        } else {
            z[(i as usize * 7919) % z.len()]
        }
    }

    /// Q1: 普惠 of one county, 保教费 ≤ 1500, with 托班, by fee, first 50.
    pub fn q1(&self, county: u32) -> u32 {
        use kg_shared::query::{Filters, Query, Sort};
        let q = Query {
            filters: Filters {
                inclusive_only: true,
                fee_max: Some(1500),
                toddler: true,
                county: Some(county),
                ..Filters::default()
            },
            sort: Sort::FeeAsc,
            ..Query::default()
        };
        self.finder.search(&q, None).into_iter().take(50).count() as u32
    }

    /// Q2: name (or address) contains a substring, or pinyin initials match; first 50.
    pub fn q2(&self, text: &str) -> u32 {
        let q = kg_shared::query::Query { text: text.into(), ..Default::default() };
        self.finder.search(&q, None).into_iter().take(50).count() as u32
    }

    /// Q3: nearest 20 to a point, whole table.
    pub fn q3(&self, lon: f64, lat: f64) -> u32 {
        self.finder.nearest(kg_shared::geo::Point { lon, lat }, 20, |_| true).len() as u32
    }

    /// Q4: the kindergartens whose service zone admits one 社区/村.
    pub fn q4(&self, village: u64) -> u32 {
        self.finder.admitting(village).len() as u32
    }

    /// Q5: per county, children in 公办 / 普惠 / other and the "5080" shares, all counties.
    pub fn q5(&self) -> u32 {
        let s = &self.finder.shard;
        let mut by: std::collections::HashMap<u32, [u64; 3]> = std::collections::HashMap::new();
        for i in 0..s.len() {
            let e = by.entry(s.county[i]).or_default();
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
            .count() as u32
    }
}

/// Bytes of linear memory the wasm instance holds now.
#[wasm_bindgen]
pub fn kg_bench_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Every indicator of every region of a publication's `stats.json`, for the county-progress figure.
#[wasm_bindgen]
pub struct BenchStats {
    stats: kg_shared::stats::StatsFile,
}

#[wasm_bindgen]
impl BenchStats {
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<BenchStats, JsError> {
        Ok(BenchStats { stats: serde_json::from_slice(bytes).map_err(|e| JsError::new(&e.to_string()))? })
    }

    /// Computes and checks every indicator of every county, city and province; returns the count.
    pub fn assess_everything(&self, as_of_year: u16) -> u32 {
        kg_shared::indicators::assess_everything(&self.stats, as_of_year) as u32
    }
}
