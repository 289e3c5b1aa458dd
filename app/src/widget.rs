//! Embeddable widgets (`widget/?w=…`). Each kind of widget is a wasm entry of its own
//! (`src/bin/widget_*.rs`; `widget/index.html` loads the one `w` names), so a host page loads only
//! that widget's code: the zone widget has no charts, the scorecard no query engine. A widget sets no
//! cookies and uses no storage (its language comes from the URL only), loads nothing from other
//! origins, says inside its frame what is wrong with bad parameters, and tells its host page its
//! height (and nothing else) by `postMessage`.

use crate::{
    browser,
    chart::provide_resize_tick,
    components::LoadErrorText,
    data::{load_divisions, load_finder, load_list, load_stats, Dataset},
    i18n::{dt, provide_data_text, t, tx, DataText, Msg, Phrase},
    leaflet::{self, Labels, Map},
    prefs::provide_fixed_prefs,
    routes::progress::{ranking_chart, table_view, trend_chart},
    site::{detail_href, SiteBase},
};
use kg_shared::{
    indicators::{Level, Progress},
    manifest::FileKind,
    params::{WidgetKind, WidgetParams},
    regions::decode_regions,
};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The widgets one entry renders (each entry names its own; the linker drops the rest).
#[derive(Clone, Copy, Default)]
pub struct Widgets {
    pub scorecard: Option<fn(WidgetParams) -> AnyView>,
    pub chart: Option<fn(WidgetParams) -> AnyView>,
    pub zone: Option<fn(WidgetParams) -> AnyView>,
    pub map: Option<fn(WidgetParams) -> AnyView>,
}

impl Widgets {
    fn get(&self, kind: WidgetKind) -> Option<fn(WidgetParams) -> AnyView> {
        match kind {
            WidgetKind::Scorecard => self.scorecard,
            WidgetKind::Chart => self.chart,
            WidgetKind::Zone => self.zone,
            WidgetKind::Map => self.map,
        }
    }
}

pub fn scorecard_widget(p: WidgetParams) -> AnyView {
    view! { <ProgressWidget p body=scorecard_body /> }.into_any()
}

/// The chart widget: the only one that links the charts (plotters).
pub fn chart_widget(p: WidgetParams) -> AnyView {
    view! { <ProgressWidget p body=chart_body /> }.into_any()
}

pub fn zone_widget(p: WidgetParams) -> AnyView {
    view! { <ZoneWidget p /> }.into_any()
}

pub fn map_widget(p: WidgetParams) -> AnyView {
    view! { <MapWidget p /> }.into_any()
}

/// Mounts the widget named by the URL, if `widgets` has it.
pub fn mount(widgets: Widgets) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(move || view! { <WidgetApp widgets /> });
}

/// Applies the theme through CSSOM (allowed by the CSP, unlike style attributes).
fn apply_theme(p: &WidgetParams) {
    let Some(root) = document().document_element() else { return };
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else { return };
    let style = root.style();
    if let Some(c) = &p.theme {
        let _ = style.set_property("--accent", c);
    }
    let _ = style.set_property("font-size", &format!("{}%", p.scale));
    let _ = root.class_list().toggle_with_force("dark", p.dark);
    let _ = root.class_list().add_1("widget-root");
}

/// Posts the document's height to the framing page whenever it changes. The message carries the
/// height only; `embed.js` on the host checks its origin and shape before using it.
fn report_height() {
    let Some(w) = web_sys::window() else { return };
    let Ok(parent) = w.parent() else { return };
    let Some(parent) = parent else { return };
    if parent == w {
        return;
    }
    let last = std::rc::Rc::new(std::cell::Cell::new(-1));
    let send = move || {
        // The content's own height: the root's scrollHeight is never less than the frame, so a
        // frame would grow but never shrink to a short widget.
        let h = document().body().map(|b| b.offset_height()).unwrap_or(0);
        if h == last.replace(h) {
            return;
        }
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"kgportal:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &(h as f64).into());
        let _ = parent.post_message(&msg, "*");
    };
    let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(send);
    if let (Ok(ro), Some(body)) =
        (web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()), document().body())
    {
        ro.observe(&body);
        std::mem::forget(ro);
    }
    // Chromium delivers resize observations only when a frame renders, and it does not render a
    // cross-origin frame below the fold: such a frame kept the height it had before the widget
    // was drawn until scrolled to. DOM changes are observed without rendering, and reading the
    // height lays the frame out.
    if let (Ok(mo), Some(body)) =
        (web_sys::MutationObserver::new(cb.as_ref().unchecked_ref()), document().body())
    {
        let opts = web_sys::MutationObserverInit::new();
        opts.set_child_list(true);
        opts.set_subtree(true);
        opts.set_attributes(true);
        opts.set_character_data(true);
        let _ = mo.observe_with_options(&body, &opts);
        std::mem::forget(mo);
    }
    cb.forget();
}

/// Provided inside a widget's frame: links open the portal in a new tab instead of replacing the
/// widget on the host's page.
#[derive(Clone, Copy)]
pub struct InFrame;

#[component]
fn WidgetApp(widgets: Widgets) -> impl IntoView {
    // Built with the site's base path, so `<base href>` is the site's root, not `widget/`.
    let site = SiteBase::from_document();
    provide_context(site.clone());
    provide_context(InFrame);
    let (p, bad) = crate::url_state::from_url::<WidgetParams>();
    provide_fixed_prefs(p.lang);
    crate::data::provide_dataset();
    provide_data_text();
    provide_resize_tick();
    apply_theme(&p);
    report_height();
    let dataset = expect_context::<Dataset>();
    let portal_href = {
        use kg_shared::{
            links::Link,
            params::{FinderParams, MapParams, ProgressParams, ProgressView},
        };
        let city = FinderParams::of_city(p.region.map(|r| r / 100 * 100));
        let link = match p.kind {
            WidgetKind::Scorecard => {
                Link::Progress(ProgressParams { region: p.region, ..Default::default() })
            }
            WidgetKind::Chart => Link::Progress(ProgressParams {
                region: p.region,
                view: ProgressView::Compare,
                indicators: vec![p.indicator],
                ..Default::default()
            }),
            WidgetKind::Zone => Link::Finder(city),
            WidgetKind::Map => Link::Map(city, MapParams::default()),
        };
        site.link(&link, p.lang)
    };
    let footer = move || {
        dataset.ready().map(|m| {
            let sample = m.dataset.sample;
            view! {
                <p class="widget-meta">
                    {t(Msg::DatasetAsOf)}
                    " "
                    {m.dataset.as_of.clone()}
                    " · "
                    {t(Msg::DatasetVersion)}
                    " "
                    <span class="version">{m.dataset.version.clone()}</span>
                    {sample.then(|| view! { " · " <strong class="sample-inline">{t(Msg::SampleBadge)}</strong> })}
                </p>
            }
        })
    };
    let manifest_error = move || {
        dataset
            .manifest
            .get()
            .and_then(|r| r.err())
            .map(|e| problem(Msg::WidgetDataError, view! { <LoadErrorText error=e /> }))
    };
    let body = match widgets.get(p.kind) {
        Some(f) => f(p.clone()),
        // widget/index.html loads the entry that has the kind `w` names: this is a build error.
        None => problem(Msg::WidgetWrongEntry, format!("w={}", p.kind.code())),
    };
    view! {
        <main class="widget" data-widget=p.kind.code()>
            <crate::url_state::CorrectionsNotice corrections=Signal::stored(bad) class="widget-error" />
            {manifest_error}
            {body}
            {footer}
            <p class="widget-link">
                <a href=portal_href target="_blank" rel="noopener">
                    {t(Msg::WidgetOpenPortal)}
                </a>
            </p>
        </main>
    }
}

/// A message inside the frame when a widget cannot show what was asked (never a blank frame).
fn problem(msg: Msg, detail: impl IntoView + 'static) -> AnyView {
    view! {
        <p class="widget-error" role="alert">
            {t(msg)}
            {detail}
        </p>
    }
    .into_any()
}

#[component]
fn ProgressWidget(
    p: WidgetParams,
    /// Draws the widget for a region, once the statistics are in.
    body: fn(&Progress, u32, &str, &WidgetParams) -> AnyView,
) -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let stats = LocalResource::new(move || {
        let base = base.clone();
        let entry = dataset.entry(FileKind::Stats, None);
        async move { Some(load_stats(&base, entry?).await.map(Arc::new)) }
    });
    move || {
        let st = match stats.get().flatten()? {
            Ok(s) => s,
            Err(e) => return Some(problem(Msg::WidgetDataError, view! { <LoadErrorText error=e /> })),
        };
        let as_of = dataset.with(|m| m.dataset.as_of.get(..4).and_then(|y| y.parse::<u16>().ok()))?;
        let engine = Progress::new(&st, as_of);
        let Some(region) = p.region.filter(|r| engine.region(*r).is_some()) else {
            // Name what was asked for: the code, the raw parameter if it was no code, or that
            // none was given (never a message ending in a bare colon).
            let asked = p
                .region
                .map(|r| r.to_string())
                .or_else(|| browser::query_param("region").map(|s| s.chars().take(20).collect()))
                .filter(|s: &String| !s.trim().is_empty())
                .unwrap_or_else(|| Msg::WidgetNoRegionParam.text(p.lang).to_string());
            return Some(problem(Msg::WidgetUnknownRegion, asked));
        };
        let name = engine.name(region).to_string();
        Some(body(&engine, region, &name, &p))
    }
}

/// The compact card for narrow frames: indicator, value, target, verdict.
fn scorecard_body(engine: &Progress, region: u32, name: &str, _: &WidgetParams) -> AnyView {
    let cards = engine.scorecard(region);
    let dash = || Phrase::plain("—");
    let mut compact = kg_shared::export::Table::new(
        [Msg::ColIndicator, Msg::ColValue, Msg::ColTarget, Msg::ColVerdict].map(Phrase::from).to_vec(),
        cards
            .iter()
            .map(|a| {
                let u = a.indicator.def().unit;
                let value = |v| {
                    let (v, year) = (Phrase::plain(u.format(v)), Phrase::plain(a.year.to_string()));
                    Msg::WidgetValue.fill(vec![v, u.label().into(), year])
                };
                vec![
                    a.indicator.def().label.into(),
                    a.reading.value().map(value).unwrap_or_else(dash),
                    a.target().map(kg_shared::indicators::target_text).unwrap_or_else(dash),
                    a.verdict.label().into(),
                ]
            })
            .collect(),
    );
    // The target cell links to the paragraph that sets it (in a new tab: this is a frame).
    for (row, a) in cards.iter().enumerate() {
        if let Some(href) = a.target().and_then(|t| t.href()) {
            compact.links.push(kg_shared::export::Link { row, col: 2, href });
        }
    }
    let (name, caption) = (name.to_string(), name.to_string());
    view! {
        <h1>{dt(name)} "：" {t(Msg::ProgressCardTitle)}</h1>
        {table_view(&compact, "scorecard", move || view! { {dt(caption.clone())} })}
    }
    .into_any()
}

fn chart_body(engine: &Progress, region: u32, name: &str, p: &WidgetParams) -> AnyView {
    // A county's chart compares it with the other counties of its city.
    let parent = crate::routes::progress::compare_scope(engine, region);
    let regions = engine.children(parent);
    if regions.is_empty() {
        return problem(Msg::WidgetUnknownRegion, region.to_string());
    }
    let ind = p.indicator;
    let def = ind.def();
    let unit = def.unit;
    let target = engine.shared_target(&regions, ind).map(|t| t.value);
    let parent_name = engine.name(parent).to_string();
    if p.ranking || !ind.has_years() {
        let year = engine.common_year(&regions, ind);
        let rank = engine.ranking(&regions, ind, year);
        let table = engine.ranking_table(&rank, ind, year);
        let bars: Vec<(String, Option<f64>)> = rank.iter().map(|r| (r.name.clone(), r.value)).collect();
        let caption = Phrase::Seq(vec![
            Phrase::data(parent_name),
            Phrase::plain(" · "),
            kg_shared::indicators::rank_caption(ind, year),
        ]);
        let canvas = ranking_chart(bars, caption.clone(), unit, target);
        let cap = caption.clone();
        return view! {
            <h1>{tx(caption)}</h1>
            <figure class="chart ranking">
                {canvas}
                <details>
                    <summary>{t(Msg::ProgressTableCaption)}</summary>
                    {table_view(&table, "ranking-table", move || view! { {tx(cap.clone())} })}
                </details>
            </figure>
            <p class="definition">{t(def.formula)}</p>
        }
        .into_any();
    }
    let all_years = engine.years();
    let (y0, y1) = p.years.unwrap_or((all_years[0], all_years[all_years.len() - 1]));
    let years: Vec<u16> = all_years.into_iter().filter(|y| (y0..=y1).contains(y)).collect();
    if years.is_empty() {
        return problem(Msg::WidgetNoYears, format!("{y0}-{y1}"));
    }
    let trend = engine.trend(&regions, ind, &years);
    let table = engine.trend_table(&trend, ind);
    let series: Vec<crate::chart::Series> =
        trend.iter().map(|r| (r.name.clone(), r.values.clone())).collect();
    let caption = Phrase::Seq(vec![
        Phrase::data(parent_name),
        Phrase::plain(" · "),
        kg_shared::indicators::trend_caption(ind, years[0], years[years.len() - 1]),
    ]);
    let canvas = trend_chart(series, caption.clone(), unit, target);
    let cap = caption.clone();
    let _ = name;
    view! {
        <h1>{tx(caption)}</h1>
        <figure class="chart trend">
            {canvas}
            <details>
                <summary>{t(Msg::ProgressTableCaption)}</summary>
                {table_view(&table, "trend-table", move || view! { {tx(cap.clone())} })}
            </details>
        </figure>
        <p class="definition">{t(def.formula)}</p>
    }
    .into_any()
}

#[component]
fn ZoneWidget(p: WidgetParams) -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let d = expect_context::<DataText>();
    let Some(region) = p.region.filter(|r| Level::of(*r) != Level::Province) else {
        return problem(Msg::WidgetNeedCity, p.region.map(|r| r.to_string()).unwrap_or_default());
    };
    let city = region / 100 * 100;
    let fixed_county = (Level::of(region) == Level::County).then_some(region);
    let (b1, b2) = (base.clone(), base.clone());
    // A scan of one city answers a 社区/村 at once: no query engine to build or to ship.
    let list = LocalResource::new(move || {
        let base = b1.clone();
        let entry = dataset.entry(FileKind::List, Some(city));
        async move { Some(load_list(&base, entry?).await.map(Arc::new)) }
    });
    let divisions = LocalResource::new(move || {
        let base = b2.clone();
        let entry = dataset.entry(FileKind::Divisions, Some(city));
        async move { load_divisions(&base, entry?).await.ok().map(Arc::new) }
    });
    let county = Signal::stored(fixed_county);
    let town = RwSignal::new(None::<u32>);
    let village = RwSignal::new(None::<u64>);
    let lang = p.lang;
    let missing = move || {
        (dataset.ready().is_some() && dataset.entry(FileKind::List, Some(city)).is_none())
            .then(|| problem(Msg::WidgetUnknownRegion, region.to_string()))
    };
    let options = move |items: Vec<(String, String)>, selected: String| {
        items
            .into_iter()
            .map(|(v, n)| {
                let sel = v == selected;
                view! {
                    <option value=v selected=sel>
                        {move || d.convert(&n)}
                    </option>
                }
            })
            .collect_view()
    };
    // A whole city's 乡镇/街道 come grouped under their 县区 (142 names in one flat list are
    // unusable); a county's widget lists its own.
    let towns = move || {
        let dv = divisions.get().flatten()?;
        let selected = town.get().map(|t| t.to_string()).unwrap_or_default();
        let of = |c: u32| dv.towns_of(c).map(|t| (t.0.to_string(), t.1.clone())).collect::<Vec<_>>();
        Some(match county.get() {
            Some(c) => options(of(c), selected).into_any(),
            None => {
                let groups = dv
                    .counties
                    .iter()
                    .map(|(c, name)| {
                        let name = name.clone();
                        view! {
                            <optgroup label=move || d.convert(&name)>
                                {options(of(*c), selected.clone())}
                            </optgroup>
                        }
                    })
                    .collect_view();
                // Towns of a 县区 the file does not list are kept, ungrouped.
                let known: Vec<u32> = dv.counties.iter().map(|c| c.0).collect();
                let rest: Vec<(String, String)> = dv
                    .towns
                    .iter()
                    .filter(|t| !known.contains(&t.2))
                    .map(|t| (t.0.to_string(), t.1.clone()))
                    .collect();
                view! { {groups} {options(rest, selected.clone())} }.into_any()
            }
        })
    };
    let villages = move || {
        let dv = divisions.get().flatten()?;
        let tw = town.get()?;
        Some(options(
            dv.villages_of(tw).map(|v| (v.0.to_string(), v.1.clone())).collect(),
            village.get().map(|v| v.to_string()).unwrap_or_default(),
        ))
    };
    view! {
        <h1>{t(Msg::FinderZone)}</h1>
        <p>{t(Msg::FinderZoneIntro)}</p>
        {missing}
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="w-town">{t(Msg::FinderTown)}</label>
                <select
                    id="w-town"
                    on:change=move |ev| {
                        town.set(event_target_value(&ev).parse().ok());
                        village.set(None);
                    }
                >
                    <option value="">{t(Msg::FinderAny)}</option>
                    {towns}
                </select>
            </div>
            <div class="field">
                <label for="w-village">{t(Msg::FinderVillage)}</label>
                <select id="w-village" on:change=move |ev| village.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t(Msg::FinderAny)}</option>
                    {villages}
                </select>
            </div>
        </form>
        <ZoneResults list village lang />
    }
    .into_any()
}

/// The kindergartens admitting from the chosen 社区/村, each a link to its detail page.
#[component]
fn ZoneResults(
    list: LocalResource<Option<Result<Arc<kg_shared::codec::ListShard>, crate::data::LoadError>>>,
    village: RwSignal<Option<u64>>,
    lang: kg_shared::params::Lang,
) -> impl IntoView {
    move || {
        let v = village.get()?;
        let s = match list.get().flatten()? {
            Ok(s) => s,
            Err(e) => return Some(problem(Msg::WidgetDataError, view! { <LoadErrorText error=e /> })),
        };
        let site = expect_context::<SiteBase>();
        let idx = s.admitting(v);
        let n = idx.len();
        let items = idx
            .into_iter()
            .map(|i| {
                let i = i as usize;
                let name = s.names.get(i).to_string();
                let nature = s.nature[i].label();
                let href = detail_href(&site, s.city, s.ids.get(i), lang);
                let fee = s.fee[i];
                view! {
                    <li>
                        <a href=href target="_blank" rel="noopener">
                            {dt(name)}
                        </a>
                        " · "
                        {dt(nature)}
                        " · "
                        {t(Msg::FinderFee)}
                        " "
                        {fee}
                        " "
                        {t(Msg::FinderPerMonth)}
                    </li>
                }
            })
            .collect_view();
        Some(
            view! {
                <p class="zone-count" role="status">
                    {t(Msg::FinderZoneResult)}
                    "："
                    <span class="count">{n}</span>
                </p>
                <ul class="zone-results">{items}</ul>
            }
            .into_any(),
        )
    }
}

#[component]
fn MapWidget(p: WidgetParams) -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let Some(region) = p.region.filter(|r| Level::of(*r) != Level::Province) else {
        return problem(Msg::WidgetNeedCity, p.region.map(|r| r.to_string()).unwrap_or_default());
    };
    let city = region / 100 * 100;
    let lang = p.lang;
    let (b1, b2, b3) = (base.clone(), base.clone(), base.clone());
    let finder = LocalResource::new(move || {
        let base = b1.clone();
        let entry = dataset.entry(FileKind::List, Some(city));
        async move { Some(load_finder(&base, entry?, false).await) }
    });
    let boundaries = LocalResource::new(move || {
        let base = b2.clone();
        let entry = dataset.entry(FileKind::Boundaries, None);
        async move {
            let e = entry?;
            let bytes = crate::data::fetch_verified(&base, &e).await.ok()?;
            decode_regions(&bytes).ok().map(Arc::new)
        }
    });
    let ready = LocalResource::new(move || {
        let url = leaflet::vendor_dir(&b3);
        async move { leaflet::load(&url).await }
    });
    let node = NodeRef::<leptos::html::Div>::new();
    let map = StoredValue::new_local(None::<Map>);
    let error = RwSignal::new(None::<String>);
    let picked = RwSignal::new(None::<u32>);
    let shown = StoredValue::new(Vec::<u32>::new());
    Effect::new(move |_| {
        let Some(ok) = ready.get() else { return };
        if let Err(e) = ok {
            error.set(Some(e));
            return;
        }
        let (Some(el), Some(Some(Ok(f))), Some(Some(regions))) = (node.get(), finder.get(), boundaries.get())
        else {
            return;
        };
        if map.with_value(|m| m.is_some()) {
            return;
        }
        let labels = Labels::in_lang(lang);
        let m = match Map::new(&el, labels, move |i| picked.set(Some(i)), |_| {}) {
            Ok(m) => m,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let same = |p: kg_shared::geo::Point| p;
        m.boundaries(
            regions.iter().filter(|r| {
                r.code == region
                    || r.code == city
                    || (Level::of(region) == Level::City && r.parent == Some(city))
            }),
            &same,
        );
        let s = &f.shard;
        let idx: Vec<u32> = (0..s.len() as u32)
            .filter(|&i| Level::of(region) == Level::City || s.county(i as usize) == region)
            .collect();
        m.points(s, &idx, &same, true);
        shown.set_value(idx);
        map.set_value(Some(m));
    });
    Effect::new(move |_| {
        let Some(i) = picked.get() else { return };
        let Some(Some(Ok(f))) = finder.get_untracked() else { return };
        let Some(rec) = shown.with_value(|v| v.get(i as usize).copied()) else { return };
        let at = f.shard.point(rec as usize);
        let (site, d) = (expect_context::<SiteBase>(), expect_context::<DataText>());
        map.with_value(|m| {
            if let Some(m) = m {
                m.kindergarten_popup(&f.shard, rec as usize, at, None, &site, lang, &d, false);
            }
        });
    });
    on_cleanup(move || map.set_value(None));
    let count = move || {
        let f = finder.get().flatten()?.ok()?;
        let n = (0..f.shard.len())
            .filter(|&i| Level::of(region) == Level::City || f.shard.county(i) == region)
            .count();
        Some(
            view! { <p class="map-count" role="status">{t(Msg::MapShowing)} " " <span class="count">{n}</span> " " {t(Msg::MapPoints)}</p> },
        )
    };
    view! {
        <h1>{t(Msg::NavMap)}</h1>
        <ul class="legend map-legend" aria-label=t(Msg::MapLegend)>
            <li><span class="dot kind-0" aria-hidden="true"></span>{t(Msg::MapKindPublic)}</li>
            <li><span class="dot kind-1" aria-hidden="true"></span>{t(Msg::MapKindInclusive)}</li>
            <li><span class="dot kind-2" aria-hidden="true"></span>{t(Msg::MapKindOther)}</li>
        </ul>
        {move || error.get().map(|e| problem(Msg::MapError, e))}
        <div class="map widget-map" node_ref=node></div>
        {count}
    }
    .into_any()
}
