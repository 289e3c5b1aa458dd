//! Entry points for the benchmark command (`scripts/bench.sh`): the page's JS calls them through
//! `window.wasmBindings` to time the real decoders inside the real app. Each is a few hundred
//! bytes; none is used by the UI.

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
