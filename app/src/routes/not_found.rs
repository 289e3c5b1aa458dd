use crate::{
    i18n::{t, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<SiteBase>();
    let home = move || base.link(&kg_shared::links::Link::Page(crate::Route::Home), prefs.lang.get());
    view! {
        <section class="not-found" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundBody)}</p>
            <p>
                <a href=home>{t(Msg::BackHome)}</a>
            </p>
        </section>
    }
}
