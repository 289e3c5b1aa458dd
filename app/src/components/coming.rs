use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// A page whose feature is not built yet says so plainly, and what it will do.
#[component]
pub fn ComingSoon(title: Msg, what: Msg) -> impl IntoView {
    view! {
        <section class="coming" aria-labelledby="page-title">
            <h1 id="page-title">{t(title)}</h1>
            <p class="coming-status">
                <strong>{t(Msg::ComingTitle)}</strong>
            </p>
            <p>{t(what)}</p>
            <p>{t(Msg::ComingNote)}</p>
        </section>
    }
}
