//! The panels beside the map: what is selected, who admits from a 社区/村, the points as a list
//! (the keyboard and screen-reader way to the same popups), the choropleth's legend and the
//! county last clicked.

use super::MapView;
use crate::{
    i18n::{dt, t, Msg},
    leaflet,
    prefs::Prefs,
    site::{detail_href, SiteBase},
};
use kg_shared::{
    indicators::class_breaks,
    links::Linkable,
    params::{ProgressParams, ProgressView},
};
use leptos::prelude::*;

/// Points listed for keyboard use, in name order.
const LIST: usize = 30;

/// A kindergarten's name as a button that selects it.
#[component]
fn PickButton(view: MapView, id: String, name: String, #[prop(optional)] class: String) -> impl IntoView {
    view! {
        <button type="button" class=class on:click=move |_| view.select(Some(id.clone()))>
            {dt(name)}
        </button>
    }
}

/// The selected kindergarten: its name, its detail page and its service zone.
#[component]
pub fn Selection(view: MapView) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    move || {
        let f = view.state.engine()?;
        let i = view.sel_idx.get()?;
        let s = &f.shard;
        let dv = view.state.divisions.get().flatten();
        let zone: Vec<String> = s
            .zone(i)
            .map(|v| {
                dv.as_ref()
                    .and_then(|dv| dv.village_name(v))
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect();
        let name = s.names.get(i).to_string();
        let href = detail_href(&expect_context::<SiteBase>(), s.city, s.ids.get(i), prefs.lang.get());
        let n = zone.len();
        let has_polygon = view
            .records
            .get()
            .flatten()
            .is_some_and(|rs| rs.iter().any(|r| r.id == s.ids.get(i) && r.zone_polygon.is_some()));
        Some(view! {
            <section class="map-selection" aria-live="polite">
                <h2>{dt(name)}</h2>
                <p>
                    <a href=href>{t(Msg::MapDetail)}</a>
                </p>
                <h3>{t(Msg::MapZoneOf)} " （" {n} "）"</h3>
                {has_polygon.then(|| view! { <p class="zone-polygon-note">{t(Msg::MapZonePolygon)}</p> })}
                {if zone.is_empty() {
                    view! { <p>{t(Msg::MapZoneNone)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="zone-list">
                            {zone.into_iter().map(|z| view! { <li>{dt(z)}</li> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
                <button type="button" on:click=move |_| view.select(None)>
                    {t(Msg::MapClearSelection)}
                </button>
            </section>
        })
    }
}

/// The kindergartens whose service zone admits from the chosen 社区/村.
#[component]
pub fn Admitting(view: MapView) -> impl IntoView {
    move || {
        let v = view.state.params.with(|p| p.query.village)?;
        let f = view.state.engine()?;
        let idx = f.admitting(v);
        let count = idx.len();
        let items = idx
            .into_iter()
            .map(|i| {
                let (id, name) =
                    (f.shard.ids.get(i as usize).to_string(), f.shard.names.get(i as usize).to_string());
                view! { <li><PickButton view id name /></li> }
            })
            .collect_view();
        Some(view! {
            <section class="map-admitting" aria-live="polite">
                <h2>{t(Msg::FinderZoneResult)} " （" <span class="admitting-count">{count}</span> "）"</h2>
                <ul class="point-list">{items}</ul>
            </section>
        })
    }
}

/// How many points are shown, and the first of them as a list.
#[component]
pub fn PointList(view: MapView) -> impl IntoView {
    move || {
        let f = view.state.engine()?;
        let idx = view.hits.get();
        let s = &f.shard;
        let total = idx.len();
        let items = idx
            .iter()
            .take(LIST)
            .map(|&i| {
                let (id, name) = (s.ids.get(i as usize).to_string(), s.names.get(i as usize).to_string());
                let class = format!("pick kind-{}", leaflet::kind_of(s.nature[i as usize]));
                view! { <li><PickButton view id name class /></li> }
            })
            .collect_view();
        Some(view! {
            <p class="map-count" role="status">
                {t(Msg::MapShowing)} " " <span class="count">{total}</span> " " {t(Msg::MapPoints)}
            </p>
            <details class="map-list">
                <summary>{t(Msg::MapListSummary)}</summary>
                <ul class="point-list">{items}</ul>
                {(total > LIST).then(|| view! { <p>{t(Msg::MapListMore)}</p> })}
            </details>
        })
    }
}

/// The choropleth's classes, with a link to the same figures as a table.
#[component]
pub fn ChoroplethLegend(view: MapView) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    move || {
        let r = view.choropleth.get()?;
        let (ind, year, rank) = &*r;
        let values: Vec<f64> = rank.iter().filter_map(|r| r.value).collect();
        let breaks = class_breaks(&values, 5);
        let unit = ind.def().unit;
        let mut lo = values.iter().copied().fold(f64::MAX, f64::min);
        let items = breaks
            .iter()
            .enumerate()
            .map(|(k, b)| {
                let range = format!("{} – {} ", unit.format(lo), unit.format(*b));
                let text = move || format!("{range}{}", unit.label().text(prefs.lang.get()));
                lo = *b;
                view! {
                    <li>
                        <span class=format!("class-swatch k{k}") aria-hidden="true"></span>
                        {text}
                    </li>
                }
            })
            .collect_view();
        let compare =
            ProgressParams { view: ProgressView::Compare, indicators: vec![*ind], ..Default::default() };
        let progress_href = expect_context::<SiteBase>().link(&compare.link(), prefs.lang.get());
        Some(view! {
            <div class="choropleth-legend">
                <p>
                    <strong>{t(ind.def().label)}</strong>
                    " · "
                    {*year}
                    " · "
                    {t(Msg::MapChoroplethNote)}
                </p>
                <ul class="legend">{items}</ul>
                <p>
                    <a href=progress_href>{t(Msg::MapChoroplethTable)}</a>
                </p>
            </div>
        })
    }
}

/// The county last clicked on the choropleth: its value and its scorecard.
#[component]
pub fn RegionInfo(view: MapView) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    move || {
        let code = view.region_picked.get()?;
        let r = view.choropleth.get()?;
        let (ind, year, rank) = &*r;
        let row = rank.iter().find(|x| x.code == code)?;
        let lang = prefs.lang.get();
        let value = super::value_text(*ind, row.value, lang);
        let scorecard = ProgressParams { region: Some(code), ..Default::default() };
        let href = expect_context::<SiteBase>().link(&scorecard.link(), lang);
        let text = format!("{}：{}（{}{}）", row.name, value, year, Msg::MapYearSuffix.text(lang));
        Some(view! {
            <p class="region-info" role="status">
                {dt(text)}
                " "
                <a href=href>{t(Msg::MapRegionScorecard)}</a>
            </p>
        })
    }
}
