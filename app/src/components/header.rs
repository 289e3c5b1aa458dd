use crate::{
    data::Dataset,
    i18n::{dt, t, Msg},
    prefs::Prefs,
    site::{Here, Route, SiteBase},
};
use kg_shared::params::Lang;
use leptos::prelude::*;

/// The pages in the main navigation, in order.
pub const NAV: &[(Route, Msg)] = &[
    (Route::Home, Msg::NavHome),
    (Route::Finder, Msg::NavFinder),
    (Route::Map, Msg::NavMap),
    (Route::Progress, Msg::NavProgress),
    (Route::Embed, Msg::NavEmbed),
    (Route::Data, Msg::NavData),
    (Route::Policy, Msg::NavPolicy),
];

#[component]
pub fn Header() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<SiteBase>();
    let dataset = expect_context::<Dataset>();
    let here = expect_context::<Here>();
    let home = {
        let base = base.clone();
        move || base.link(&kg_shared::links::Link::Page(Route::Home), prefs.lang.get())
    };
    let nav = NAV
        .iter()
        .map(|&(route, msg)| {
            let base = base.clone();
            let href = move || base.link(&kg_shared::links::Link::Page(route), prefs.lang.get());
            let current = (here.0 == Some(route)).then_some("page");
            view! {
                <li>
                    <a href=href aria-current=current>
                        {t(msg)}
                    </a>
                </li>
            }
        })
        .collect_view();
    let lang_button = move |l: Lang, label: Msg| {
        view! {
            <button
                type="button"
                class="lang-btn"
                lang=l.html_lang()
                aria-pressed=move || (prefs.lang.get() == l).to_string()
                on:click=move |_| prefs.set_lang(l)
            >
                {label.text(l)}
            </button>
        }
    };
    let version = move || {
        dataset.ready().map(|m| {
            view! {
                <span class="dataset-name">{dt(m.dataset.name)}</span>
                <span class="dataset-version">
                    {t(Msg::DatasetVersion)} " " <span class="version">{m.dataset.version}</span>
                </span>
                {m.dataset.sample.then(|| view! { <span class="badge badge-sample">{t(Msg::SampleBadge)}</span> })}
            }
        })
    };
    view! {
        <header class="site-header">
            <div class="brand">
                <a class="site-name" href=home>
                    {t(Msg::SiteName)}
                </a>
                <span class="dataset-line">{version}</span>
            </div>
            <div class="controls">
                <div class="lang-switch" role="group" aria-label=t(Msg::LangSwitchLabel)>
                    {lang_button(Lang::Hans, Msg::LangHans)}
                    {lang_button(Lang::Hant, Msg::LangHant)}
                </div>
                <button
                    type="button"
                    class="large-text-btn"
                    aria-pressed=move || prefs.large_text.get().to_string()
                    on:click=move |_| prefs.toggle_large_text()
                >
                    {t(Msg::LargeText)}
                </button>
            </div>
            <nav aria-label=t(Msg::NavLabel)>
                <ul class="nav">{nav}</ul>
            </nav>
        </header>
    }
}
