//! Page state kept in the address bar, one way for every page: read once through
//! `kg_shared::params::UrlState` (a total parse that names what it dropped), written back on
//! every change without adding history entries, and the corrections shown in one notice.

use crate::{
    i18n::{t, Msg},
    prefs::Prefs,
};
use kg_shared::{
    links::query_string,
    params::{Lang, UrlState},
};
use leptos::prelude::*;

/// The state the current URL describes, and what of it could not be used.
pub fn from_url<P: UrlState>() -> (P, Vec<String>) {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    P::from_query_string(&search)
}

/// The page's state from the current URL, as a signal, and what of it could not be used.
pub fn read_url<P: UrlState + Send + Sync>() -> (RwSignal<P>, Vec<String>) {
    let (p, bad) = from_url::<P>();
    (RwSignal::new(p), bad)
}

/// Keeps the address bar showing `shown` (re-run whenever what it reads changes), in the
/// reader's language.
pub fn keep_in_url(shown: impl Fn() -> Vec<(&'static str, String)> + 'static) {
    let prefs = expect_context::<Prefs>();
    Effect::new(move |_| {
        let url = format!("{}{}", crate::browser::pathname(), with_lang(shown(), prefs.lang.get()));
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
}

/// `?query` with the language last when it is not the default.
pub fn with_lang(mut query: Vec<(&'static str, String)>, lang: Lang) -> String {
    if lang != Lang::Hans {
        query.push(("lang", lang.code().to_string()));
    }
    query_string(&query)
}

/// The page's state, read from the URL and kept there: `let (params, corrections) =
/// use_url_state::<FinderParams>();`.
pub fn use_url_state<P: UrlState + Send + Sync>() -> (RwSignal<P>, Vec<String>) {
    let (params, bad) = read_url::<P>();
    keep_in_url(move || params.with(|p| p.to_query()));
    (params, bad)
}

/// "网址中有无法使用的参数，已忽略：…" when a URL value was dropped (nothing otherwise).
#[component]
pub fn CorrectionsNotice(
    #[prop(into)] corrections: Signal<Vec<String>>,
    /// Extra classes (a widget's frame styles its own notices).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let class = if class.is_empty() { "param-notice".to_string() } else { format!("{class} param-notice") };
    move || {
        corrections.with(|c| {
            (!c.is_empty()).then(|| {
                view! {
                    <p class=class.clone() role="status">
                        {t(Msg::FinderCorrected)}
                        {c.join("，")}
                    </p>
                }
            })
        })
    }
}
