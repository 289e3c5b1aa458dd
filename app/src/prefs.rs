//! The reader's preferences: UI language and large text (适老化). Both are remembered in
//! `localStorage`; the language is also carried in the URL (`?lang=zh-Hant`) so a shared link
//! opens in the language it was copied in. Storage may be unavailable (privacy modes, sandboxed
//! frames): then preferences simply last for the visit.

use kg_shared::params::Lang;
use leptos::prelude::*;

const LANG_KEY: &str = "kgportal.lang";
const LARGE_KEY: &str = "kgportal.largeText";

#[derive(Clone, Copy)]
pub struct Prefs {
    /// The language in force: the URL's if valid, else the stored one, else Simplified.
    pub lang: Signal<Lang>,
    /// Set when the URL carried a `lang` value we could not read (it is then ignored).
    pub bad_lang_param: Signal<Option<String>>,
    pub large_text: RwSignal<bool>,
    stored_lang: RwSignal<Lang>,
    /// The URL's `lang` value (read at start; the language switch rewrites it).
    url_lang: RwSignal<Option<String>>,
}

use crate::storage::Store;

/// Provides `Prefs` as context, from the URL and storage.
pub fn provide_prefs() {
    let stored_lang =
        RwSignal::new(Store::Local.load(LANG_KEY).as_deref().and_then(Lang::parse).unwrap_or_default());
    let url_lang = RwSignal::new(crate::browser::query_param("lang"));
    let lang = Signal::derive(move || {
        url_lang.get().as_deref().and_then(Lang::parse).unwrap_or_else(|| stored_lang.get())
    });
    let bad_lang_param = Signal::derive(move || {
        url_lang.get().filter(|v| Lang::parse(v).is_none()).map(|v| v.chars().take(40).collect())
    });
    let large_text = RwSignal::new(Store::Local.load(LARGE_KEY).as_deref() == Some("1"));

    Effect::new(move |_| {
        let l = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.html_lang());
        }
    });
    Effect::new(move |_| {
        let on = large_text.get();
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force("large-text", on);
        }
    });
    provide_context(Prefs { lang, bad_lang_param, large_text, stored_lang, url_lang });
}

/// Provides `Prefs` fixed to one language, touching no storage: for widgets, which a host page
/// frames and which must set nothing in the reader's browser.
pub fn provide_fixed_prefs(lang: Lang) {
    let large_text = RwSignal::new(false);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.html_lang());
    }
    provide_context(Prefs {
        lang: Signal::stored(lang),
        bad_lang_param: Signal::stored(None),
        large_text,
        stored_lang: RwSignal::new(lang),
        url_lang: RwSignal::new(None),
    });
}

impl Prefs {
    /// Switches language: remembers it and rewrites `?lang=` in the current URL (no new history entry).
    pub fn set_lang(&self, l: Lang) {
        self.stored_lang.set(l);
        self.url_lang.set(Some(l.code().to_string()));
        Store::Local.save(LANG_KEY, l.code());
        let Some(w) = web_sys::window() else { return };
        let Ok(url) = w.location().href().and_then(|h| web_sys::Url::new(&h)) else {
            return;
        };
        url.search_params().set("lang", l.code());
        if let Ok(h) = w.history() {
            let target = format!("{}{}{}", url.pathname(), url.search(), url.hash());
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
        }
    }

    pub fn toggle_large_text(&self) {
        self.large_text.update(|v| *v = !*v);
        Store::Local.save(LARGE_KEY, if self.large_text.get_untracked() { "1" } else { "0" });
    }
}
