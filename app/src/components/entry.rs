use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// Shown when a page was opened from an entry that does not render it: the host served one
/// `index.html` for every path instead of each page's own. Reloading would loop, so the reader
/// gets a plain link, and the deployer a hint.
#[component]
pub fn WrongEntry() -> impl IntoView {
    let here = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    view! {
        <section class="coming" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::WrongEntryTitle)}</h1>
            <p>
                <a href=here rel="external">
                    {t(Msg::WrongEntryReload)}
                </a>
            </p>
            <p class="coming-status">{t(Msg::WrongEntryNote)}</p>
        </section>
    }
}
