use crate::{
    data::Dataset,
    i18n::{dt, t, Msg},
};
use leptos::prelude::*;

#[component]
pub fn Footer() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let sources = move || {
        dataset.ready().map(|m| {
            m.sources
                .into_iter()
                .map(|s| view! { <li>{dt(s.name)} " — " {dt(s.licence)}</li> })
                .collect_view()
        })
    };
    let info = move || {
        dataset.ready().map(|m| {
            view! {
                <p class="dataset-info">
                    {t(Msg::Dataset)} "：" {dt(m.dataset.name)} " · " {t(Msg::DatasetVersion)} " "
                    {m.dataset.version} " · " {t(Msg::DatasetAsOf)} " " {m.dataset.as_of}
                </p>
            }
        })
    };
    view! {
        <footer class="site-footer">
            {info}
            <h2 class="footer-heading">{t(Msg::FooterSources)}</h2>
            <ul class="sources">{sources}</ul>
            <p>{t(Msg::FooterAbout)}</p>
            <p>{t(Msg::FooterMethod)}</p>
        </footer>
    }
}
