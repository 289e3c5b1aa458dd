//! The publication's two dictionaries (pinyin, and OpenCC s2t with the house style) as a wasm
//! module of their own, about half of what the 数据发布 page would otherwise load before its first
//! report. The page imports this module once the report is shown, asks it every question the
//! compile step will ask (`kg_pipeline::publish::{Ready::names, Unfinished::hant_queries}`) and
//! compiles with the answers (`kg_pipeline::publish::Table`). The answers come from
//! `kg_pipeline::publish::Builtin`, the one `kgdata` compiles with.
use kg_pipeline::publish::{Builtin, Dicts};
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static DICTS: OnceCell<Result<Builtin, String>> = const { OnceCell::new() };
}

fn with<T>(f: impl FnOnce(&Builtin) -> anyhow::Result<T>) -> Result<T, JsError> {
    DICTS.with(|d| match d.get_or_init(|| Builtin::new().map_err(|e| format!("{e:#}"))) {
        Ok(b) => f(b).map_err(|e| JsError::new(&format!("{e:#}"))),
        Err(e) => Err(JsError::new(e)),
    })
}

/// The pinyin of each name, in order.
#[wasm_bindgen]
pub fn pinyin_all(names: Vec<String>) -> Result<Vec<String>, JsError> {
    with(|b| names.iter().map(|n| b.pinyin(n)).collect())
}

/// The Traditional form of each string, in order.
#[wasm_bindgen]
pub fn s2t_all(strings: Vec<String>) -> Result<Vec<String>, JsError> {
    with(|b| strings.iter().map(|s| b.s2t(s)).collect())
}

fn main() {}
