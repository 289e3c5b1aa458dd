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

/// The query engine over many list shards, for the Q1–Q5 benchmark of `../shared/BENCHMARKS.md`
/// (the queries themselves are `kg_shared::bench_queries`, shared with `kgdata bench-query`).
#[wasm_bindgen]
pub struct BenchIndex {
    finder: kg_shared::query::Finder,
    counties: Vec<u32>,
}

#[wasm_bindgen]
impl BenchIndex {
    /// Decodes list shards (an array of Uint8Array) into one, sized exactly from their headers
    /// first, as a national page would.
    #[wasm_bindgen(constructor)]
    pub fn new(shards: js_sys::Array) -> Result<BenchIndex, JsError> {
        use kg_shared::codec::{ListShard, ListSizes};
        let err = |e: kg_shared::codec::CodecError| JsError::new(&e.to_string());
        let mut sizes = ListSizes::default();
        for s in shards.iter() {
            sizes += ListSizes::of(&js_sys::Uint8Array::new(&s).to_vec()).map_err(err)?;
        }
        let mut merged = ListShard::with_capacity(sizes);
        for s in shards.iter() {
            merged.decode_append(&js_sys::Uint8Array::new(&s).to_vec()).map_err(err)?;
        }
        let finder = kg_shared::query::Finder::new(merged);
        finder.prepare_text();
        let counties = kg_shared::bench_queries::counties(&finder);
        Ok(BenchIndex { finder, counties })
    }

    pub fn len(&self) -> u32 {
        self.finder.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.finder.is_empty()
    }

    /// Bytes the engine holds, by its own count.
    pub fn heap_bytes(&self) -> f64 {
        self.finder.heap_bytes() as f64
    }

    /// A county code present in the data (the i-th distinct one).
    pub fn county(&self, i: u32) -> u32 {
        self.counties.get(i as usize % self.counties.len().max(1)).copied().unwrap_or(0)
    }

    /// A 社区/村 code some kindergarten admits from.
    pub fn village(&self, i: u32) -> u64 {
        kg_shared::bench_queries::village(&self.finder, i as usize)
    }

    pub fn q1(&self, county: u32) -> u32 {
        kg_shared::bench_queries::q1(&self.finder, county) as u32
    }

    /// Q2 with the i-th of `bench_queries::Q2_TEXTS`.
    pub fn q2(&self, i: u32) -> u32 {
        let texts = kg_shared::bench_queries::Q2_TEXTS;
        kg_shared::bench_queries::q2(&self.finder, texts[i as usize % texts.len()]) as u32
    }

    pub fn q3(&self, i: u32) -> u32 {
        kg_shared::bench_queries::q3(&self.finder, kg_shared::bench_queries::q3_point(i as usize)) as u32
    }

    pub fn q4(&self, village: u64) -> u32 {
        kg_shared::bench_queries::q4(&self.finder, village) as u32
    }

    pub fn q5(&self) -> u32 {
        kg_shared::bench_queries::q5(&self.finder) as u32
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
        Ok(BenchStats { stats: kg_shared::stats::StatsFile::parse(bytes).map_err(|e| JsError::new(&e))? })
    }

    /// Computes and checks every indicator of every county, city and province; returns the count.
    pub fn assess_everything(&self, as_of_year: u16) -> u32 {
        kg_shared::indicators::assess_everything(&self.stats, as_of_year) as u32
    }
}
