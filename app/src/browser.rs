//! Small browser helpers shared by pages: reading the query string and saving downloads.

use leptos::prelude::document;

/// The current URL's first value of query parameter `key`.
pub fn query_param(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(key)
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

/// Ends the finder's first view painted before the app (`js/early.js`): removes its nodes and
/// shows the app's, in the same task, so the next frame shows the app where the painted view was.
/// Also tells the script not to paint if it has not yet. Does nothing where nothing was painted.
pub fn end_early_view() {
    let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else { return };
    if body.class_list().contains("kg-early-ended") {
        return;
    }
    if let Ok(nodes) = body.query_selector_all(":scope > [data-early]") {
        for i in 0..nodes.length() {
            if let Some(n) = nodes.item(i) {
                if let Some(parent) = n.parent_node() {
                    let _ = parent.remove_child(&n);
                }
            }
        }
    }
    let _ = body.class_list().remove_1("kg-early");
    let _ = body.class_list().add_1("kg-early-ended");
}

/// At the finder's start: if no view was painted before the app, none may be after it (a late
/// paint would cover what the app shows, and a search the reader has begun).
pub fn claim_early_view() {
    let painted = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|b| b.class_list().contains("kg-early"));
    if !painted {
        end_early_view();
    }
}

/// Resolves once the browser has painted the next frame (a task queued from a
/// requestAnimationFrame callback runs after that frame's paint), or after 100 ms if no frame
/// comes (a tab in the background has none).
pub async fn after_next_paint() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 100);
        let after = Closure::once_into_js(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
            }
        });
        let _ = w.request_animation_frame(after.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}
