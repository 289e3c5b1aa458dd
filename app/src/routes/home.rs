use crate::{
    data::Dataset,
    i18n::{dt, t, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::{links::Link, params::FinderParams};
use leptos::{ev::SubmitEvent, prelude::*};

#[component]
pub fn Home() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<SiteBase>();
    let lb = base.clone();
    let rb = base.clone();
    let link = move |route: crate::Route| {
        let lb = lb.clone();
        move || lb.link(&kg_shared::links::Link::Page(route), prefs.lang.get())
    };
    let dataset = expect_context::<Dataset>();
    let query = RwSignal::new(String::new());
    // The search looks in one city's records: the reader picks which (the first by default).
    let city = RwSignal::new(None::<u32>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        let mut p = FinderParams::of_city(
            city.get_untracked().or_else(|| dataset.with(|m| m.regions.first().map(|r| r.code))),
        );
        p.query.set_text(q.trim());
        let target = base.link(&Link::Finder(p), prefs.lang.get_untracked());
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(&target);
        }
    };
    let summary = move || {
        dataset.ready().map(|m| {
            let records: u64 = m.files_of(kg_shared::manifest::FileKind::List).map(|f| f.records).sum();
            view! {
                <p class="dataset-summary">
                    {t(Msg::Dataset)} "：" {dt(m.dataset.name)} " · " {t(Msg::DataFileRecords)} " "
                    <span class="record-count">{records}</span> " · " {t(Msg::DatasetAsOf)} " "
                    {m.dataset.as_of}
                </p>
            }
        })
    };
    let regions = move || {
        dataset.ready().filter(|m| !m.regions.is_empty()).map(|m| {
            let items = m
                .regions
                .iter()
                .map(|r| {
                    let href = rb.link(&Link::Finder(FinderParams::of_city(Some(r.code))), prefs.lang.get());
                    view! {
                        <li>
                            <a href=href>{dt(r.province.clone())} " " {dt(r.name.clone())}</a>
                            " · " {r.records} " " {t(Msg::HomeRegionsRecords)}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h2>{t(Msg::HomeRegions)}</h2>
                <ul class="regions">{items}</ul>
            }
        })
    };
    view! {
        <section class="home" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::HomeTitle)}</h1>
            <p class="lead">{t(Msg::HomeIntro)}</p>
            <form class="search-form" role="search" on:submit=on_submit>
                <label for="home-q">{t(Msg::HomeSearchLabel)}</label>
                <div class="search-row">
                    <label for="home-city" class="visually-hidden">{t(Msg::HomeSearchCity)}</label>
                    <select
                        id="home-city"
                        on:change=move |ev| city.set(event_target_value(&ev).parse().ok())
                    >
                        {move || {
                            dataset
                                .ready()
                                .map(|m| {
                                    m.regions
                                        .iter()
                                        .map(|r| {
                                            let code = r.code;
                                            view! {
                                                <option value=code.to_string() selected=move || city.get() == Some(code)>
                                                    {dt(r.name.clone())}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </select>
                    <input
                        id="home-q"
                        name="q"
                        type="search"
                        autocomplete="off"
                        placeholder=t(Msg::HomeSearchPlaceholder)
                        bind:value=query
                    />
                    <button type="submit">{t(Msg::HomeSearchButton)}</button>
                </div>
            </form>
            {summary}
            {regions}
            <ul class="audiences">
                <li>
                    {t(Msg::HomeForParents)} " " <a href=link(crate::Route::Finder)>{t(Msg::NavFinder)}</a> " · "
                    <a href=link(crate::Route::Map)>{t(Msg::NavMap)}</a>
                </li>
                <li>
                    {t(Msg::HomeForJournalists)} " " <a href=link(crate::Route::Progress)>{t(Msg::NavProgress)}</a>
                </li>
                <li>
                    {t(Msg::HomeForBureaus)} " " <a href=link(crate::Route::Embed)>{t(Msg::NavEmbed)}</a> " · "
                    <a href=link(crate::Route::Data)>{t(Msg::NavData)}</a>
                </li>
            </ul>
        </section>
    }
}
