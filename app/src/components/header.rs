use crate::{
    data::Dataset,
    i18n::{dt, t, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::params::Lang;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

/// The routes in the main navigation, in order.
pub const NAV: &[(&str, Msg)] = &[
    ("/", Msg::NavHome),
    ("/finder/", Msg::NavFinder),
    ("/map/", Msg::NavMap),
    ("/progress/", Msg::NavProgress),
    ("/embed/", Msg::NavEmbed),
    ("/data/", Msg::NavData),
];

#[component]
pub fn Header() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<SiteBase>();
    let dataset = expect_context::<Dataset>();
    let navigate = use_navigate();
    let home = {
        let base = base.clone();
        move || base.href(&format!("/{}", prefs.lang_query()))
    };
    let nav = NAV
        .iter()
        .map(|&(route, msg)| {
            let base = base.clone();
            let href = move || base.href(&format!("{route}{}", prefs.lang_query()));
            view! {
                <li>
                    <A href=href exact=true>
                        {t(msg)}
                    </A>
                </li>
            }
        })
        .collect_view();
    let lang_button = move |l: Lang, label: Msg| {
        let navigate = navigate.clone();
        view! {
            <button
                type="button"
                class="lang-btn"
                lang=l.html_lang()
                aria-pressed=move || (prefs.lang.get() == l).to_string()
                on:click=move |_| prefs.set_lang(l, &navigate)
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
