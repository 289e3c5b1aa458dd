//! The map's controls: the finder's city, search and 普惠 fields, the choropleth's indicator, and
//! the map's own actions (locate me, fit, search near the centre, tiles).

use super::MapView;
use crate::{
    components::CheckField,
    i18n::{t, Msg},
    prefs::Prefs,
    routes::finder::controls::{CityField, SearchField},
    site::SiteBase,
};
use kg_shared::{
    geo::{wgs84_to_gcj02, Datum, Point},
    indicators::Indicator,
    links::Link,
};
use leptos::prelude::*;

#[component]
pub fn MapControls(view: MapView) -> impl IntoView {
    let (state, mparams) = (view.state, view.mparams);
    let params = state.params;
    view! {
        <form class="filters map-controls" on:submit=|ev| ev.prevent_default()>
            <CityField state id="m-city" also=Callback::new(move |()| view.select(None)) />
            <SearchField state id="m-q" live=false />
            <CheckField
                id="m-inclusive"
                label=Msg::FinderInclusiveOnly
                checked=Signal::derive(move || params.with(|p| !p.query.all))
                on_change=move |on: bool| state.set(move |p| p.query.all = !on)
            />
            <div class="field">
                <label for="m-ind">{t(Msg::MapChoropleth)}</label>
                <select
                    id="m-ind"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        mparams.update(|m| m.ind = Indicator::from_key(&v));
                    }
                >
                    <option value="" selected=move || mparams.with(|m| m.ind.is_none())>
                        {t(Msg::MapChoroplethNone)}
                    </option>
                    {Indicator::ALL
                        .iter()
                        .map(|&i| {
                            view! {
                                <option value=i.key() selected=move || mparams.with(|m| m.ind == Some(i))>
                                    {t(i.def().label)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <MapActions view />
        </form>
    }
}

/// Locate me, fit the view, search near the centre, tiles on/off, and back to the list.
#[component]
fn MapActions(view: MapView) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let (params, mparams, owner) = (view.state.params, view.mparams, view.owner);
    let locate_status = RwSignal::new(None::<String>);
    let locate = move |_| {
        locate_status.set(Some(Msg::FinderLocating.text(prefs.lang.get_untracked()).to_string()));
        crate::geoloc::locate(move |r| match r {
            Ok(p) => {
                locate_status.set(None);
                let q = view.to_map(p);
                owner.with(|m| m.me(q.lat, q.lon, Msg::MapYouAreHere.text(prefs.lang.get_untracked())));
            }
            Err(e) => locate_status.set(Some(e.text(prefs.lang.get_untracked()).to_string())),
        });
    };
    let fit_all = move |_| {
        view.fit_key.set(String::new());
        owner.ready.update(|n| *n += 1);
    };
    // "Near this point": the finder's near-me search from the centre the reader panned to.
    let near_center = move |_| {
        let Some((lat, lon)) = owner.map.with_value(|m| m.as_ref().and_then(|m| m.center())) else { return };
        let p = Point { lon, lat };
        // Over WGS-84 tiles the map shows WGS-84; the finder measures in GCJ-02.
        let p = if view.datum.get_untracked() == Some(Datum::Wgs84) { wgs84_to_gcj02(p) } else { p };
        let mut q = params.get_untracked();
        q.query.near = Some(p);
        q.query.village = None;
        q.query.within_km = q.query.within_km.or(Some(3.0));
        let url = expect_context::<SiteBase>().link(&Link::Finder(q), prefs.lang.get_untracked());
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(&url);
        }
    };
    let has_tiles = move || view.config.get().and_then(|c| c.ok()).and_then(|c| c.tiles).is_some();
    let finder_href =
        move || expect_context::<SiteBase>().link(&Link::Finder(params.get()), prefs.lang.get());
    view! {
        <div class="field actions">
            <button type="button" on:click=locate>
                {t(Msg::MapLocate)}
            </button>
            <button type="button" on:click=fit_all>
                {t(Msg::MapFit)}
            </button>
            <button type="button" class="near-center" on:click=near_center>
                {t(Msg::MapNearCenter)}
            </button>
            <Show when=has_tiles>
                <button
                    type="button"
                    aria-pressed=move || mparams.with(|m| m.tiles.to_string())
                    on:click=move |_| mparams.update(|m| m.tiles = !m.tiles)
                >
                    {t(Msg::MapTiles)}
                </button>
            </Show>
            <a href=finder_href>{t(Msg::MapToFinder)}</a>
        </div>
        {move || locate_status.get().map(|s| view! { <p class="notice" role="status">{s}</p> })}
    }
}

/// What the points' colours and rings mean.
#[component]
pub fn MapLegend() -> impl IntoView {
    let items = [
        ("dot kind-0", Msg::MapKindPublic),
        ("dot kind-1", Msg::MapKindInclusive),
        ("dot kind-2", Msg::MapKindOther),
        ("dot ring", Msg::MapKindRing),
    ]
    .into_iter()
    .map(|(class, label)| {
        view! {
            <li>
                <span class=class aria-hidden="true"></span>
                {t(label)}
            </li>
        }
    })
    .collect_view();
    view! { <ul class="legend map-legend" aria-label=t(Msg::MapLegend)>{items}</ul> }
}
