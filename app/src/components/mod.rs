//! Page furniture shared by every route.

mod entry;
mod footer;
mod header;

pub use entry::WrongEntry;

/// `<option>`s for a picker of data items (县区, 乡镇, 社区/村…): the value is the code, the text is
/// the name in the reader's script, and the selection follows `selected` reactively.
pub fn data_options<T>(
    items: impl IntoIterator<Item = (T, String)>,
    selected: impl Fn(T) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Copy + std::fmt::Display + Send + Sync + 'static,
{
    let d = expect_context::<crate::i18n::DataText>();
    items
        .into_iter()
        .map(|(code, name)| {
            view! {
                <option value=code.to_string() selected=move || selected(code)>
                    {move || d.convert(&name)}
                </option>
            }
        })
        .collect_view()
}

/// A failed load, said plainly: what could not be loaded and why, naming the file.
#[component]
pub fn LoadErrorNote(title: Msg, error: crate::data::LoadError) -> impl IntoView {
    view! {
        <p class="load-error" role="alert">
            <strong>{t(title)}</strong>
            "："
            {error.to_string()}
        </p>
    }
}
pub use footer::Footer;
pub use header::Header;

use crate::{
    data::Dataset,
    i18n::{t, Msg},
    prefs::{provide_prefs, Prefs},
};
use leptos::prelude::*;

/// With `<base href>` set, a bare `#main` link would resolve against the base and leave the page,
/// so the skip link moves focus itself.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        use wasm_bindgen::JsCast;
        if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
            el.scroll_into_view();
        }
    }
}

/// Header, notices, the routed page and the footer.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    provide_prefs();
    crate::i18n::provide_data_text();
    crate::shortlist::provide_shortlist();
    let prefs = expect_context::<Prefs>();
    let data_text = expect_context::<crate::i18n::DataText>();
    let dataset = expect_context::<Dataset>();
    let sample = move || dataset.ready().map(|m| m.dataset.sample).unwrap_or(false);
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {t(Msg::SkipToContent)}
        </a>
        <Header />
        <Show when=sample>
            <p class="sample-notice" role="note">
                <strong class="badge badge-sample">{t(Msg::SampleBadge)}</strong>
                " "
                {t(Msg::SampleNotice)}
            </p>
        </Show>
        {move || {
            prefs
                .bad_lang_param
                .get()
                .map(|v| {
                    view! {
                        <p class="param-notice" role="status">
                            "网址参数 lang=" {v} " 无法识别，已使用默认语言。"
                        </p>
                    }
                })
        }}
        {move || match dataset.manifest.get() {
            Some(Err(e)) => {
                Some(
                    view! {
                        <div class="load-error" role="alert">
                            <strong>{t(Msg::ManifestError)}</strong>
                            "："
                            {e.to_string()}
                            " "
                            <button type="button" on:click=move |_| dataset.manifest.refetch()>
                                {t(Msg::Retry)}
                            </button>
                        </div>
                    },
                )
            }
            _ => None,
        }}
        {move || {
            data_text.map.get().flatten().and_then(|r| r.err()).map(|e| {
                view! {
                    <p class="param-notice" role="status">
                        "繁體數據轉換表載入失敗，數據文字暫以簡體顯示：" {e.to_string()}
                    </p>
                }
            })
        }}
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <Footer />
    }
}
