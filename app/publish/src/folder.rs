//! The publication written straight into the site's data folder, where the browser allows it
//! (js/folder.js: the File System Access API), as the download's alternative.
use std::borrow::Cow;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/folder.js")]
extern "C" {
    fn kg_folder_supported() -> bool;
    #[wasm_bindgen(catch)]
    fn kg_folder_write(files: js_sys::Array) -> Result<js_sys::Promise, JsValue>;
}

/// Whether this browser can write into a folder the clerk picks.
pub fn supported() -> bool {
    kg_folder_supported()
}

/// Writes `files` (`kg_pipeline::bundle::publication_files`, in its order) into the folder
/// the clerk picks: the folder's name and the number of files written, or None when the clerk
/// closed the picker.
pub async fn write(files: Vec<(String, Cow<'_, [u8]>)>) -> Result<Option<(String, u32)>, String> {
    let pairs = js_sys::Array::new();
    for (path, bytes) in &files {
        pairs.push(&js_sys::Array::of2(&JsValue::from_str(path), &js_sys::Uint8Array::from(bytes.as_ref())));
    }
    drop(files);
    let p = kg_folder_write(pairs).map_err(crate::dicts::detail)?;
    let done = JsFuture::from(p).await.map_err(crate::dicts::detail)?;
    if done.is_null() {
        return Ok(None);
    }
    let done = js_sys::Array::from(&done);
    Ok(Some((done.get(0).as_string().unwrap_or_default(), done.get(1).as_f64().unwrap_or(0.0) as u32)))
}
