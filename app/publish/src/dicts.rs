//! The dictionaries, asked of their own wasm module (app/dicts, in a worker) once the first report
//! is shown: this page's own module goes without them (they are three quarters of what it would
//! load), and the worker ends once the publication is compiled.
use kg_app::site::SiteBase;
use kg_pipeline::publish::{pack, unpack, Table};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/dicts.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn kg_dicts_pinyin(url: &str, names: Vec<u8>) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn kg_dicts_s2t(url: &str, strings: Vec<u8>) -> Result<js_sys::Promise, JsValue>;
    fn kg_dicts_release();
}

/// Ends the dictionaries' worker, freeing what they took (they load again if asked again).
pub fn release() {
    kg_dicts_release();
}

/// The dictionaries' worker script, from the page's `<meta name="kg-dicts">`.
fn module_url(base: &SiteBase) -> Result<String, String> {
    leptos::prelude::document()
        .query_selector("meta[name=\"kg-dicts\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .map(|path| base.href(&format!("/{}", path.trim_start_matches('/'))))
        .ok_or_else(|| "页面缺少 kg-dicts（字典模块的地址）".to_string())
}

pub(crate) fn detail(e: JsValue) -> String {
    e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default()
}

/// `questions`' answers, in order. Both cross as one packed buffer (`kg_pipeline::publish::pack`).
async fn ask(
    base: &SiteBase,
    questions: Vec<String>,
    call: fn(&str, Vec<u8>) -> Result<js_sys::Promise, JsValue>,
) -> Result<Vec<(String, String)>, String> {
    let url = module_url(base)?;
    let p = call(&url, pack(&questions)).map_err(detail)?;
    let answers = wasm_bindgen_futures::JsFuture::from(p).await.map_err(detail)?;
    let answers = answers
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "字典模块的答案不是字节数组".to_string())?
        .to_vec();
    let answers = unpack(&answers).map_err(|e| format!("字典模块的答案有误：{e:#}"))?;
    if answers.len() != questions.len() {
        return Err(format!("字典模块给出 {} 个答案，应为 {} 个", answers.len(), questions.len()));
    }
    Ok(questions.into_iter().zip(answers).collect())
}

/// Adds the pinyin of `names` to `table`.
pub async fn pinyin(base: &SiteBase, names: Vec<String>, table: &mut Table) -> Result<(), String> {
    table.pinyin.extend(ask(base, names, kg_dicts_pinyin).await?);
    Ok(())
}

/// Adds the Traditional form of `strings` to `table`.
pub async fn s2t(base: &SiteBase, strings: Vec<String>, table: &mut Table) -> Result<(), String> {
    table.hant.extend(ask(base, strings, kg_dicts_s2t).await?);
    Ok(())
}
