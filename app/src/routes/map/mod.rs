//! 地图: kindergartens of a city as points coloured by 性质 over the published boundaries (no tile
//! server needed), with the finder's URL state (`FinderParams`) plus the map's own (`MapParams`):
//! the selected kindergarten, a county choropleth, the optional tile layer. Selecting a
//! kindergarten shows its 服务区; choosing a 社区/村 rings the kindergartens that admit from it.
//! A list of the points is the keyboard and screen-reader way to the same popups.
//!
//! The page is one context (`MapView`: the finder's state, the map's parameters, the map's owner
//! and what the layers share) and small parts around it: each layer an effect of its own
//! (`layers`), each panel a component (`panels`), the controls (`controls`).

mod controls;
mod layers;
mod owner;
mod panels;
mod results_map;

pub use results_map::ResultsMap;

use crate::{
    components::{LoadErrorNote, ZonePicker},
    data::{fetch_bytes, load_records, load_stats, Dataset, LoadError, Problem},
    finder_state::FinderState,
    i18n::{t, Msg},
    leaflet,
    site::SiteBase,
    url_state::{keep_in_url, read_url, CorrectionsNotice},
};
use kg_shared::{
    geo::{gcj02_to_wgs84, Datum, Point},
    indicators::{Indicator, Progress, RankRow},
    manifest::FileKind,
    model::Record,
    params::{FinderParams, MapParams, UrlState},
    regions::Region,
    siteconfig::SiteConfig,
};
use leptos::prelude::*;
use owner::MapOwner;
use std::sync::Arc;

/// The site's optional configuration; absent or broken means no tile layer (and says why).
async fn load_config(base: &SiteBase) -> Result<SiteConfig, LoadError> {
    let url = base.href("/site-config.json");
    match fetch_bytes(&url, true).await {
        Ok(b) => SiteConfig::parse(&String::from_utf8_lossy(&b))
            .map_err(|detail| LoadError::new(url, Problem::Format, detail)),
        Err(_) => Ok(SiteConfig::default()),
    }
}

/// A county choropleth: the indicator, its year and every county's value.
pub type Choropleth = Arc<(Indicator, u16, Vec<RankRow>)>;

/// A county's value with its unit, or 无数据.
pub fn value_text(ind: Indicator, value: Option<f64>, lang: kg_shared::params::Lang) -> String {
    let unit = ind.def().unit;
    value
        .map(|v| format!("{}{}", unit.format(v), unit.label().text(lang)))
        .unwrap_or_else(|| Msg::NoData.text(lang).into())
}

/// What the map page's parts share.
#[derive(Clone, Copy)]
pub struct MapView {
    pub state: FinderState,
    pub mparams: RwSignal<MapParams>,
    pub owner: MapOwner,
    pub config: LocalResource<Result<SiteConfig, LoadError>>,
    pub boundaries: LocalResource<Option<Result<Arc<Vec<Region>>, LoadError>>>,
    /// Full records (for service-zone polygons), loaded only once something is selected.
    pub records: LocalResource<Option<Arc<Vec<Record>>>>,
    /// The datum points are drawn in: WGS-84 over WGS-84 tiles, else as published (GCJ-02).
    pub datum: Memo<Option<Datum>>,
    /// The points the filters select (a 社区/村 choice rings, it does not filter).
    pub hits: Memo<Arc<Vec<u32>>>,
    /// The selected record's index, looked up once per selection.
    pub sel_idx: Memo<Option<usize>>,
    pub choropleth: Memo<Option<Choropleth>>,
    /// The county last clicked on the choropleth.
    pub region_picked: RwSignal<Option<u32>>,
    /// The city and filters the view was last fitted to (cleared to fit again).
    pub fit_key: RwSignal<String>,
}

impl MapView {
    fn new(state: FinderState, mparams: RwSignal<MapParams>, node: NodeRef<leptos::html::Div>) -> MapView {
        let dataset = expect_context::<Dataset>();
        let base = expect_context::<SiteBase>();
        let (params, city, finder) = (state.params, state.city, state.finder);
        let b = base.clone();
        let boundaries = LocalResource::new(move || {
            let base = b.clone();
            let entry = dataset.entry(FileKind::Boundaries, None);
            async move { Some(crate::data::load_boundaries(&base, entry?).await) }
        });
        let b = base.clone();
        let config = LocalResource::new(move || {
            let base = b.clone();
            async move { load_config(&base).await }
        });
        let b = base.clone();
        let stats = LocalResource::new(move || {
            let base = b.clone();
            let want = mparams.with(|m| m.ind.is_some());
            let entry = dataset.entry(FileKind::Stats, None);
            async move { load_stats(&base, entry.filter(|_| want)?).await.ok().map(Arc::new) }
        });
        let b = base.clone();
        let records = LocalResource::new(move || {
            let base = b.clone();
            let want = mparams.with(|m| m.sel.is_some());
            let entries = city.get().and_then(|c| {
                Some((dataset.entry(FileKind::List, Some(c))?, dataset.entry(FileKind::Detail, Some(c))?))
            });
            async move {
                let (l, d) = entries.filter(|_| want)?;
                load_records(&base, l, d).await.ok().map(Arc::new)
            }
        });
        let leaflet_ok = LocalResource::new(move || {
            let dir = leaflet::vendor_dir(&base);
            async move { leaflet::load(&dir).await }
        });
        // Created once the city's points are here, so its first view is the city's fit: never
        // the whole coverage for a second (a drag then left an empty view). (A city without a
        // list file has nothing to wait for.) Once made, the map stays for every later city.
        let wanted = Memo::new(move |made: Option<&bool>| {
            let no_list = dataset.ready().is_some()
                && city.get().and_then(|c| dataset.entry(FileKind::List, Some(c))).is_none();
            made.copied().unwrap_or(false) || matches!(finder.get(), Some(Some(_))) || no_list
        });
        let region_picked = RwSignal::new(None::<u32>);
        let owner = MapOwner::new(node, Signal::derive(move || leaflet_ok.get()), wanted.into(), move |c| {
            region_picked.set(Some(c))
        });
        let datum = Memo::new(move |_| {
            let tiles_on = mparams.with(|m| m.tiles);
            config.get().and_then(|c| c.ok()).and_then(|c| c.tiles).filter(|_| tiles_on).map(|t| t.datum)
        });
        let hits = Memo::new(move |_| {
            let Some(f) = state.engine() else { return Arc::new(Vec::<u32>::new()) };
            let q = params.with(|p| p.query.without_place());
            let t2s = state.t2s.get();
            Arc::new(f.search(&q, t2s.as_deref()).into_iter().map(|h| h.idx).collect::<Vec<u32>>())
        });
        let sel_idx = Memo::new(move |_| {
            let f = state.engine()?;
            mparams.with(|m| {
                let id = m.sel.as_deref()?;
                (0..f.shard.len()).find(|&i| f.shard.ids.get(i) == id)
            })
        });
        let choropleth = Memo::new(move |_| {
            let ind = mparams.with(|m| m.ind)?;
            let st = stats.get().flatten()?;
            let as_of = dataset.with(|m| m.dataset.as_of.get(..4).and_then(|y| y.parse::<u16>().ok()))?;
            let p = Progress::new(&st, as_of);
            let counties: Vec<u32> = p.county_units();
            let year = p.common_year(&counties, ind);
            Some(Arc::new((ind, year, p.ranking(&counties, ind, year))))
        });
        MapView {
            state,
            mparams,
            owner,
            config,
            boundaries,
            records,
            datum,
            hits,
            sel_idx,
            choropleth,
            region_picked,
            fit_key: RwSignal::new(String::new()),
        }
    }

    /// A published (GCJ-02) point in the datum the map draws in (tracks nothing).
    pub fn to_map(&self, p: Point) -> Point {
        if self.datum.get_untracked() == Some(Datum::Wgs84) {
            gcj02_to_wgs84(p)
        } else {
            p
        }
    }

    /// Selects a kindergarten by id (the URL names it), or none.
    pub fn select(&self, id: Option<String>) {
        self.mparams.update(|m| m.sel = id);
    }
}

#[component]
pub fn MapPage() -> impl IntoView {
    let (params, mut corrections) = read_url::<FinderParams>();
    let (mparams, bad) = read_url::<MapParams>();
    corrections.extend(bad);
    keep_in_url(move || (params.get(), mparams.get()).to_query());
    let state = FinderState::new(params);
    // The URL always names the city shown.
    Effect::new(move |_| {
        if let Some(c) = state.city.get() {
            if params.with_untracked(|p| p.city.is_none()) {
                params.update(|p| p.city = Some(c));
            }
        }
    });
    let node = NodeRef::<leptos::html::Div>::new();
    let view = MapView::new(state, mparams, node);
    let config_error = move || {
        view.config
            .get()
            .and_then(|c| c.err())
            .map(|e| view! { <LoadErrorNote title=Msg::MapConfigError error=e /> })
    };
    let finder_error = move || {
        state
            .finder
            .get()
            .flatten()
            .and_then(|r| r.err())
            .map(|e| view! { <LoadErrorNote title=Msg::FinderLoadError error=e /> })
    };

    view! {
        <layers::Layers view />
        <section class="map-page" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NavMap)}</h1>
            <p>{t(Msg::MapIntro)}</p>
            <CorrectionsNotice corrections=Signal::stored(corrections) />
            {config_error}
            <controls::MapControls view />
            <controls::MapLegend />
            {view.owner.error_note()}
            {finder_error}
            <div class="map" node_ref=node></div>
            <p class="map-note">{t(Msg::MapNote)}</p>
            <form class="filters map-zone" on:submit=|ev| ev.prevent_default()>
                <ZonePicker
                    prefix="m"
                    legend=Msg::MapZoneLegend
                    params
                    divisions=state.divisions()
                    choose=move |c| state.set(move |p| p.choose(c))
                />
            </form>
            <panels::ChoroplethLegend view />
            <panels::RegionInfo view />
            <panels::Selection view />
            <panels::Admitting view />
            <panels::PointList view />
        </section>
    }
}
