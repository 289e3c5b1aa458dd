//! The publication's two dictionaries (pinyin, and OpenCC s2t with the house style) as a wasm
//! module of their own, about half of what the 数据发布 page would otherwise load before its first
//! report. The page imports this module once the report is shown, asks it every question the
//! compile step will ask (`kg_pipeline::publish::{Ready::names, Unfinished::hant_queries}`) and
//! compiles with the answers (`kg_pipeline::publish::Table`). The answers come from
//! `kg_pipeline::publish::Builtin`, the one `kgdata` compiles with.
use kg_pipeline::publish::{pack, unpack, Builtin, Dicts};
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

/// The pinyin of each name, in order (both packed: `kg_pipeline::publish::pack`).
#[wasm_bindgen]
pub fn pinyin_all(names: &[u8]) -> Result<Vec<u8>, JsError> {
    answer(names, |b, n| b.pinyin(n))
}

/// The Traditional form of each string, in order (both packed).
#[wasm_bindgen]
pub fn s2t_all(strings: &[u8]) -> Result<Vec<u8>, JsError> {
    answer(strings, |b, s| b.s2t(s))
}

fn answer(packed: &[u8], f: impl Fn(&Builtin, &str) -> anyhow::Result<String>) -> Result<Vec<u8>, JsError> {
    let questions = unpack(packed).map_err(|e| JsError::new(&format!("字典模块收到的问题有误：{e:#}")))?;
    with(|b| Ok(pack(&questions.iter().map(|q| f(b, q)).collect::<anyhow::Result<Vec<_>>>()?)))
}

fn main() {}
