//! Small browser helpers shared by pages: reading the query string and saving downloads.

use leptos::prelude::document;

/// The current URL's query parameters as (key, value) pairs, in order.
pub fn search_pairs() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    pairs_of(&search)
}

/// A query string's parameters as (key, value) pairs, in order ("?a=1&b=2" or "a=1&b=2").
pub fn pairs_of(search: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Ok(sp) = web_sys::UrlSearchParams::new_with_str(search) {
        let it = js_sys::try_iter(&sp).ok().flatten();
        for entry in it.into_iter().flatten().flatten() {
            let arr: js_sys::Array = entry.into();
            pairs.push((
                arr.get(0).as_string().unwrap_or_default(),
                arr.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    pairs
}

/// The current URL's first value of query parameter `key`.
pub fn query_param(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(key)
}

/// `path?k=v&…` with values URL-encoded, carrying the language when it is not the default.
pub fn url_with_query(path: &str, pairs: &[(&str, String)], lang: kg_shared::params::Lang) -> String {
    let Ok(sp) = web_sys::UrlSearchParams::new() else { return path.to_string() };
    for (k, v) in pairs {
        sp.append(k, v);
    }
    if lang == kg_shared::params::Lang::Hant {
        sp.append("lang", lang.code());
    }
    let qs: String = sp.to_string().into();
    if qs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{qs}")
    }
}

/// The current path (with the site's base path).
pub fn pathname() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

/// The current absolute URL (for permalinks).
pub fn href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Saves bytes as a file through a temporary object URL (no request leaves the page).
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    use wasm_bindgen::JsCast;
    let arr = js_sys::Array::new();
    arr.push(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&arr, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) =
        document().create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Saves CSV text as UTF-8 with a BOM, so Excel opens the Chinese correctly.
pub fn download_csv(name: &str, text: &str) {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    download(name, "text/csv;charset=utf-8", &bytes);
}

/// Whether the viewport is at least 48rem wide (the stylesheet's desktop breakpoint).
pub fn wide_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(min-width: 48rem)").ok().flatten())
        .is_some_and(|m| m.matches())
}
