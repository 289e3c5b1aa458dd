//! 地图: kindergartens of a city as points coloured by 性质 over the published boundaries (no tile
//! server needed), with the finder's URL state (`FinderParams`) plus the map's own (`MapParams`):
//! the selected kindergarten, a county choropleth, the optional tile layer. Selecting a
//! kindergarten shows its 服务区; choosing a 社区/村 rings the kindergartens that admit from it.
//! A list of the points is the keyboard and screen-reader way to the same popups.

use crate::{
    components::{CheckField, LoadErrorNote, ZonePicker},
    data::{fetch_bytes, load_records, load_stats, Dataset, LoadError},
    finder_state::FinderState,
    i18n::{dt, t, DataText, Msg},
    leaflet::{self, Labels, Map},
    prefs::Prefs,
    routes::finder::controls::{CityField, SearchField},
    site::{detail_href, SiteBase},
    url_state::{keep_in_url, read_url, CorrectionsNotice},
};
use kg_shared::{
    geo::{gcj02_to_wgs84, Datum, Point},
    indicators::{class_breaks, class_of, Indicator, Progress},
    links::{Link, Linkable},
    manifest::FileKind,
    params::{FinderParams, MapParams, ProgressParams, ProgressView, UrlState},
    regions::{flat_rings, Level as RegionLevel},
    siteconfig::SiteConfig,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Sequential fills for five choropleth classes (ColorBrewer Blues), light = low.
const CLASS_COLOURS: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
/// Points listed for keyboard use, in name order.
const LIST: usize = 30;

/// The site's optional configuration; absent or broken means no tile layer (and says why).
async fn load_config(base: &SiteBase) -> Result<SiteConfig, LoadError> {
    let url = base.href("/site-config.json");
    match fetch_bytes(&url, true).await {
        Ok(b) => {
            SiteConfig::parse(&String::from_utf8_lossy(&b)).map_err(|message| LoadError { url, message })
        }
        Err(_) => Ok(SiteConfig::default()),
    }
}

#[component]
pub fn MapPage() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let d = expect_context::<DataText>();
    let (params, mut corrections) = read_url::<FinderParams>();
    let (mparams, bad) = read_url::<MapParams>();
    corrections.extend(bad);
    keep_in_url(move || (params.get(), mparams.get()).to_query());
    let state = FinderState::new(params);
    let (city, finder, divisions) = (state.city, state.finder, state.divisions);
    Effect::new(move |_| {
        if let Some(c) = city.get() {
            if params.with_untracked(|p| p.city.is_none()) {
                params.update(|p| p.city = Some(c));
            }
        }
    });
    let b3 = base.clone();
    let boundaries = LocalResource::new(move || {
        let base = b3.clone();
        let entry = dataset.entry(FileKind::Boundaries, None);
        async move { Some(crate::data::load_boundaries(&base, entry?).await) }
    });
    let b4 = base.clone();
    let config = LocalResource::new(move || {
        let base = b4.clone();
        async move { load_config(&base).await }
    });
    let b5 = base.clone();
    let stats = LocalResource::new(move || {
        let base = b5.clone();
        let want = mparams.with(|m| m.ind.is_some());
        let entry = dataset.entry(FileKind::Stats, None);
        async move {
            if !want {
                return None;
            }
            load_stats(&base, entry?).await.ok().map(Arc::new)
        }
    });
    // Full records (for service-zone polygons), loaded only once something is selected.
    let b7 = base.clone();
    let records = LocalResource::new(move || {
        let base = b7.clone();
        let want = mparams.with(|m| m.sel.is_some());
        let entries = city.get().and_then(|c| {
            Some((dataset.entry(FileKind::List, Some(c))?, dataset.entry(FileKind::Detail, Some(c))?))
        });
        async move {
            let (l, d) = entries.filter(|_| want)?;
            load_records(&base, l, d).await.ok().map(Arc::new)
        }
    });
    let b6 = base.clone();
    let leaflet_ok = LocalResource::new(move || {
        let dir = leaflet::vendor_dir(&b6);
        async move { leaflet::load(&dir).await }
    });

    let node = NodeRef::<leptos::html::Div>::new();
    let region_picked = RwSignal::new(None::<u32>);
    // Created once the city's points are here, so its first view is the city's fit: never the
    // whole coverage for a second (a drag then left an empty view). (A city without a list file
    // has nothing to wait for.)
    // Once made, the map stays for every later city.
    let wanted = Memo::new(move |made: Option<&bool>| {
        let no_list = dataset.ready().is_some()
            && city.get().and_then(|c| dataset.entry(FileKind::List, Some(c))).is_none();
        made.copied().unwrap_or(false) || matches!(finder.get(), Some(Some(_))) || no_list
    });
    let owner = MapOwner::new(node, Signal::derive(move || leaflet_ok.get()), wanted.into(), move |c| {
        region_picked.set(Some(c))
    });
    let MapOwner { map, ready: map_ready, picked, error: map_error } = owner;

    // Over WGS-84 tiles every GCJ-02 coordinate is converted first; otherwise drawn as published.
    let datum = Memo::new(move |_| {
        let tiles_on = mparams.with(|m| m.tiles);
        config.get().and_then(|c| c.ok()).and_then(|c| c.tiles).filter(|_| tiles_on).map(|t| t.datum)
    });
    let to_map =
        move |p: Point| if datum.get_untracked() == Some(Datum::Wgs84) { gcj02_to_wgs84(p) } else { p };

    Effect::new(move |_| {
        map_ready.get();
        let on = mparams.with(|m| m.tiles);
        if let Some(Ok(c)) = config.get() {
            if let Some(tc) = c.tiles {
                map.with_value(|m| {
                    if let Some(m) = m {
                        m.tiles(&tc, on)
                    }
                });
            }
        }
    });

    // Boundaries: provinces, cities and counties, drawn once the map and the file are there.
    Effect::new(move |_| {
        map_ready.get();
        datum.get();
        let Some(Some(Ok(regions))) = boundaries.get() else { return };
        map.with_value(|m| {
            if let Some(m) = m {
                m.boundaries(regions.iter(), &to_map)
            }
        });
    });

    // The points the filters select (a 社区/村 choice rings, it does not filter).
    let hits = Memo::new(move |_| {
        let Some(Some(Ok(f))) = finder.get() else { return Arc::new(Vec::<u32>::new()) };
        let q = params.with(|p| p.query.without_place());
        Arc::new(f.search(&q, None).into_iter().map(|h| h.idx).collect::<Vec<u32>>())
    });
    let fit_key = RwSignal::new(String::new());
    Effect::new(move |_| {
        map_ready.get();
        datum.get();
        let Some(Some(Ok(f))) = finder.get() else { return };
        let idx = hits.get();
        // Fit the result set when the city or the filters change, not on every redraw.
        let key =
            params.with_untracked(|p| format!("{:?}{:?}", city.get_untracked(), p.query.without_place()));
        let fit = fit_key.get_untracked() != key && !idx.is_empty();
        if fit {
            fit_key.set(key);
        }
        map.with_value(|m| {
            if let Some(m) = m {
                m.points(&f.shard, &idx, &to_map, fit);
            }
        });
    });

    // The selected record, looked up once per selection (not on every redraw).
    let sel_idx = Memo::new(move |_| {
        let Some(Some(Ok(f))) = finder.get() else { return None };
        mparams.with(|m| {
            let id = m.sel.as_deref()?;
            (0..f.shard.len()).find(|&i| f.shard.ids.get(i) == id)
        })
    });
    // A click on a point selects it (by id, so the URL names it).
    Effect::new(move |_| {
        let Some(i) = picked.get() else { return };
        let Some(Some(Ok(f))) = finder.get_untracked() else { return };
        if let Some(&rec) = hits.get_untracked().get(i as usize) {
            let id = f.shard.ids.get(rec as usize).to_string();
            mparams.update(|m| m.sel = Some(id));
        }
    });
    // The selection's popup and ring, the 社区/村's admitting kindergartens' rings.
    let focused = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        map_ready.get();
        datum.get();
        let lang = prefs.lang.get();
        let Some(Some(Ok(f))) = finder.get() else { return };
        let s = &f.shard;
        let mut rings: Vec<f64> = Vec::new();
        if let Some(v) = params.with(|p| p.query.village) {
            for i in f.admitting(v) {
                let p = to_map(s.point(i as usize));
                rings.extend([p.lat, p.lon]);
            }
        }
        let sel = sel_idx.get();
        let sel_id = sel.map(|i| s.ids.get(i).to_string());
        let polygon = records.get().flatten().and_then(|rs| {
            let r = rs.iter().find(|r| Some(&r.id) == sel_id.as_ref())?;
            let shape = r.zone_polygon.as_ref()?;
            let rings: Vec<Vec<f64>> = shape
                .0
                .iter()
                .flatten()
                .map(|ring| {
                    ring.iter()
                        .flat_map(|c| {
                            let p = to_map(Point { lon: c[0], lat: c[1] });
                            [p.lat, p.lon]
                        })
                        .collect()
                })
                .collect();
            serde_json::to_string(&rings).ok()
        });
        // The popup names the 服务区 it promises: its 社区/村 by 乡镇/街道, once the records are in.
        let zone_line = records.get().flatten().and_then(|rs| {
            let r = rs.iter().find(|r| Some(&r.id) == sel_id.as_ref())?;
            let names = match divisions.get().flatten() {
                Some(dv) if !r.zone.is_empty() => dv.zone_text(&r.zone),
                _ => format!("{} {}", r.zone.len(), Msg::KgZoneCount.text(lang)),
            };
            Some(format!("{}：{}", Msg::KgZone.text(lang), d.convert(&names)))
        });
        map.with_value(|m| {
            let Some(m) = m else { return };
            m.highlight(&rings);
            m.zone(polygon.as_deref().unwrap_or("[]"));
            match sel {
                Some(i) => {
                    let base = expect_context::<SiteBase>();
                    // Focus moves to a popup once per kindergarten chosen, not on every redraw.
                    let focus = focused.get_value() != Some(i);
                    focused.set_value(Some(i));
                    m.kindergarten_popup(s, i, to_map(s.point(i)), zone_line.clone(), &base, lang, &d, focus);
                }
                None => {
                    focused.set_value(None);
                    m.close_popup()
                }
            }
        });
    });

    // Choropleth of counties by an indicator.
    let choropleth_rows = Memo::new(move |_| {
        let ind = mparams.with(|m| m.ind)?;
        let st = stats.get().flatten()?;
        let as_of = dataset.with(|m| m.dataset.as_of.get(..4).and_then(|y| y.parse::<u16>().ok()))?;
        let p = Progress::new(&st, as_of);
        let counties: Vec<u32> = p.county_units();
        let year = p.common_year(&counties, ind);
        Some(Arc::new((ind, year, p.ranking(&counties, ind, year))))
    });
    Effect::new(move |_| {
        map_ready.get();
        datum.get();
        let rows = choropleth_rows.get();
        let Some(Some(Ok(regions))) = boundaries.get() else { return };
        let json = match &rows {
            None => "[]".to_string(),
            Some(r) => {
                let (ind, _, rank) = &**r;
                let values: Vec<f64> = rank.iter().filter_map(|r| r.value).collect();
                let breaks = class_breaks(&values, 5);
                let unit = ind.def().unit;
                let items: Vec<serde_json::Value> = regions
                    .iter()
                    .filter(|g| g.level == RegionLevel::County)
                    .filter_map(|g| {
                        let row = rank.iter().find(|r| r.code == g.code)?;
                        let cls =
                            row.value.and_then(|v| class_of(&breaks, v)).map(|c| c as i32).unwrap_or(-1);
                        let value = row
                            .value
                            .map(|v| format!("{}{}", unit.format(v), unit.label()))
                            .unwrap_or_else(|| Msg::MapNoData.text(prefs.lang.get()).into());
                        Some(serde_json::json!({
                            "code": g.code,
                            "label": d.convert(&format!("{}：{}", g.name, value)),
                            "cls": cls,
                            "rings": flat_rings(&g.shape, &to_map),
                        }))
                    })
                    .collect();
                serde_json::Value::Array(items).to_string()
            }
        };
        map.with_value(|m| {
            if let Some(m) = m {
                m.choropleth(&json, &CLASS_COLOURS)
            }
        });
    });

    let locate_status = RwSignal::new(None::<String>);
    let locate = move |_| {
        locate_status.set(Some(Msg::FinderLocating.text(prefs.lang.get_untracked()).to_string()));
        crate::geoloc::locate(move |r| match r {
            Ok(p) => {
                locate_status.set(None);
                let q = to_map(p);
                map.with_value(|m| {
                    if let Some(m) = m {
                        m.me(q.lat, q.lon, Msg::MapYouAreHere.text(prefs.lang.get_untracked()))
                    }
                });
            }
            Err(e) => locate_status.set(Some(e)),
        });
    };
    let fit_all = move |_| {
        fit_key.set(String::new());
        map_ready.update(|n| *n += 1);
    };

    // "Near this point": the finder's near-me search from the centre the reader panned to.
    let near_center = move |_| {
        let Some((lat, lon)) = map.with_value(|m| m.as_ref().and_then(|m| m.center())) else { return };
        let p = Point { lon, lat };
        // Over WGS-84 tiles the map shows WGS-84; the finder measures in GCJ-02.
        let p =
            if datum.get_untracked() == Some(Datum::Wgs84) { kg_shared::geo::wgs84_to_gcj02(p) } else { p };
        let mut q = params.get_untracked();
        q.query.near = Some(p);
        q.query.village = None;
        q.query.within_km = q.query.within_km.or(Some(3.0));
        let url = expect_context::<SiteBase>().link(&Link::Finder(q), prefs.lang.get_untracked());
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(&url);
        }
    };
    // The selected kindergarten's service zone, and the admitting kindergartens of a 社区/村.
    let selection = move || {
        let Some(Some(Ok(f))) = finder.get() else { return None };
        let i = sel_idx.get()?;
        let s = &f.shard;
        let dv = divisions.get().flatten();
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
        let lang = prefs.lang.get();
        let href = detail_href(&expect_context::<SiteBase>(), s.city, s.ids.get(i), lang);
        let n = zone.len();
        let has_polygon = records
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
                <button type="button" on:click=move |_| mparams.update(|m| m.sel = None)>
                    {t(Msg::MapClearSelection)}
                </button>
            </section>
        })
    };
    let admitting = move || {
        let v = params.with(|p| p.query.village)?;
        let Some(Some(Ok(f))) = finder.get() else { return None };
        let s = f.shard.clone();
        let idx = f.admitting(v);
        let count = idx.len();
        Some(view! {
            <section class="map-admitting" aria-live="polite">
                <h2>{t(Msg::FinderZoneResult)} " （" <span class="admitting-count">{count}</span> "）"</h2>
                <ul class="point-list">
                    {idx
                        .into_iter()
                        .map(|i| {
                            let id = s.ids.get(i as usize).to_string();
                            let name = s.names.get(i as usize).to_string();
                            view! {
                                <li>
                                    <button type="button" on:click=move |_| mparams.update(|m| m.sel = Some(id.clone()))>
                                        {dt(name)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        })
    };
    let point_list = move || {
        let Some(Some(Ok(f))) = finder.get() else { return None };
        let idx = hits.get();
        let s = f.shard.clone();
        let total = idx.len();
        let items = idx
            .iter()
            .take(LIST)
            .map(|&i| {
                let id = s.ids.get(i as usize).to_string();
                let name = s.names.get(i as usize).to_string();
                let kind = leaflet::kind_of(s.nature[i as usize]);
                view! {
                    <li>
                        <button type="button" class=format!("pick kind-{kind}") on:click=move |_| mparams.update(|m| m.sel = Some(id.clone()))>
                            {dt(name)}
                        </button>
                    </li>
                }
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
    };
    let choropleth_legend = move || {
        let r = choropleth_rows.get()?;
        let (ind, year, rank) = &*r;
        let values: Vec<f64> = rank.iter().filter_map(|r| r.value).collect();
        let breaks = class_breaks(&values, 5);
        let unit = ind.def().unit;
        let mut lo = values.iter().copied().fold(f64::MAX, f64::min);
        let items = breaks
            .iter()
            .enumerate()
            .map(|(k, b)| {
                let text = format!("{} – {} {}", unit.format(lo), unit.format(*b), unit.label());
                lo = *b;
                view! {
                    <li>
                        <span class=format!("class-swatch k{k}") aria-hidden="true"></span>
                        {text}
                    </li>
                }
            })
            .collect_view();
        let label = ind.def().label;
        let compare =
            ProgressParams { view: ProgressView::Compare, indicators: vec![*ind], ..Default::default() };
        let progress_href = expect_context::<SiteBase>().link(&compare.link(), prefs.lang.get());
        Some(view! {
            <div class="choropleth-legend">
                <p>
                    <strong>{dt(label)}</strong>
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
    };
    let region_info = move || {
        let code = region_picked.get()?;
        let r = choropleth_rows.get()?;
        let (ind, year, rank) = &*r;
        let row = rank.iter().find(|x| x.code == code)?;
        let unit = ind.def().unit;
        let value = row
            .value
            .map(|v| format!("{}{}", unit.format(v), unit.label()))
            .unwrap_or_else(|| Msg::MapNoData.text(prefs.lang.get()).into());
        let scorecard = ProgressParams { region: Some(code), ..Default::default() };
        let href = expect_context::<SiteBase>().link(&scorecard.link(), prefs.lang.get());
        let text =
            format!("{}：{}（{}{}）", row.name, value, year, Msg::MapYearSuffix.text(prefs.lang.get()));
        Some(view! {
            <p class="region-info" role="status">
                {dt(text)}
                " "
                <a href=href>{t(Msg::MapRegionScorecard)}</a>
            </p>
        })
    };
    let has_tiles = move || config.get().and_then(|c| c.ok()).and_then(|c| c.tiles).is_some();
    let config_error = move || {
        config
            .get()
            .and_then(|c| c.err())
            .map(|e| view! { <LoadErrorNote title=Msg::MapConfigError error=e /> })
    };
    let finder_href = move || expect_context::<SiteBase>().link(&params.get().link(), prefs.lang.get());

    view! {
        <section class="map-page" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NavMap)}</h1>
            <p>{t(Msg::MapIntro)}</p>
            <CorrectionsNotice corrections=Signal::stored(corrections) />
            {config_error}
            <form class="filters map-controls" on:submit=|ev| ev.prevent_default()>
                <CityField state id="m-city" also=Callback::new(move |()| mparams.update(|m| m.sel = None)) />
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
                                        {dt(i.def().label)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
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
            </form>
            {move || locate_status.get().map(|s| view! { <p class="notice" role="status">{s}</p> })}
            <ul class="legend map-legend" aria-label=t(Msg::MapLegend)>
                <li>
                    <span class="dot kind-0" aria-hidden="true"></span>
                    {t(Msg::MapKindPublic)}
                </li>
                <li>
                    <span class="dot kind-1" aria-hidden="true"></span>
                    {t(Msg::MapKindInclusive)}
                </li>
                <li>
                    <span class="dot kind-2" aria-hidden="true"></span>
                    {t(Msg::MapKindOther)}
                </li>
                <li>
                    <span class="dot ring" aria-hidden="true"></span>
                    {t(Msg::MapKindRing)}
                </li>
            </ul>
            {move || map_error.get().map(|e| view! { <p class="load-error" role="alert">{t(Msg::MapError)} {e}</p> })}
            {move || {
                finder
                    .get()
                    .flatten()
                    .and_then(|r| r.err())
                    .map(|e| view! { <LoadErrorNote title=Msg::FinderLoadError error=e /> })
            }}
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
            {choropleth_legend}
            {region_info}
            {selection}
            {admitting}
            {point_list}
        </section>
    }
}

/// The finder's map panel: exactly the finder's current results on a map, opened on demand (so
/// Leaflet loads only then). It reads the finder's own state, so it always matches the URL.
#[component]
pub fn ResultsMap(state: FinderState) -> impl IntoView {
    let (finder, hits) = (state.finder, state.hits);
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let d = expect_context::<DataText>();
    let open = RwSignal::new(false);
    let b1 = base.clone();
    let ready = LocalResource::new(move || {
        let want = open.get();
        let dir = leaflet::vendor_dir(&b1);
        // Leaflet is fetched only once the reader opens the map (`then_some` would fetch it always).
        async move {
            if want {
                Some(leaflet::load(&dir).await)
            } else {
                None
            }
        }
    });
    let node = NodeRef::<leptos::html::Div>::new();
    let MapOwner { map, ready: map_ready, picked, error } =
        MapOwner::new(node, Signal::derive(move || ready.get().flatten()), open.into(), |_| {});
    Effect::new(move |_| {
        map_ready.get();
        let Some(Some(Ok(f))) = finder.get() else { return };
        let idx: Vec<u32> = hits.with(|hs| hs.iter().flat_map(|h| h.iter()).map(|h| h.idx).collect());
        map.with_value(|m| {
            if let Some(m) = m {
                m.close_popup();
                m.points(&f.shard, &idx, &|p| p, true);
            }
        });
    });
    Effect::new(move |_| {
        let Some(i) = picked.get() else { return };
        let Some(Some(Ok(f))) = finder.get_untracked() else { return };
        let Some(h) = hits.with_untracked(|hs| hs.as_ref().and_then(|hs| hs.get(i as usize).copied())) else {
            return;
        };
        let lang = prefs.lang.get_untracked();
        let extra = h.distance_m.map(|m| format!("{}：{:.1} km", Msg::FinderDistance.text(lang), m / 1000.0));
        let at = f.shard.point(h.idx as usize);
        map.with_value(|m| {
            if let Some(m) = m {
                m.kindergarten_popup(&f.shard, h.idx as usize, at, extra, &base, lang, &d, false);
            }
        });
    });
    view! {
        <div class="results-map">
            <button
                type="button"
                class="toggle-map"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if open.get() { t(Msg::FinderHideMap)() } else { t(Msg::FinderShowMap)() }}
            </button>
            {move || error.get().map(|e| view! { <p class="load-error" role="alert">{t(Msg::MapError)} {e}</p> })}
            <Show when=move || open.get()>
                <div class="map finder-map" node_ref=node></div>
            </Show>
        </div>
    }
}

/// The one owner of a Leaflet map in a page: creates it in `node` once Leaflet has loaded
/// (`loaded`) and `wanted` holds, drops it when `wanted` turns false or the page goes, and says
/// why it could not. Layers are effects of their own that read `map` and re-run on `ready`.
#[derive(Clone, Copy)]
struct MapOwner {
    map: StoredValue<Option<Map>, LocalStorage>,
    /// Bumped each time a map is created, so drawing effects run again.
    ready: RwSignal<u32>,
    /// The index (in the points last drawn) of the point the reader clicked.
    picked: RwSignal<Option<u32>>,
    error: RwSignal<Option<String>>,
}

impl MapOwner {
    fn new(
        node: NodeRef<leptos::html::Div>,
        loaded: Signal<Option<Result<(), String>>>,
        wanted: Signal<bool>,
        on_region: impl Fn(u32) + Clone + 'static,
    ) -> MapOwner {
        let prefs = expect_context::<Prefs>();
        let owner = MapOwner {
            map: StoredValue::new_local(None),
            ready: RwSignal::new(0),
            picked: RwSignal::new(None),
            error: RwSignal::new(None),
        };
        let MapOwner { map, ready, picked, error } = owner;
        Effect::new(move |_| {
            if !wanted.get() {
                map.set_value(None);
                return;
            }
            let Some(ok) = loaded.get() else { return };
            if let Err(e) = ok {
                error.set(Some(e));
                return;
            }
            let Some(el) = node.get() else { return };
            if map.with_value(|m| m.is_some()) {
                return;
            }
            let labels = Labels::in_lang(prefs.lang.get_untracked());
            match Map::new(&el, labels, move |i| picked.set(Some(i)), on_region.clone()) {
                Ok(m) => {
                    map.set_value(Some(m));
                    ready.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
        on_cleanup(move || map.set_value(None));
        owner
    }
}
