//! 地图: kindergartens of a city as points coloured by 性质 over the published boundaries (no tile
//! server needed), with the finder's URL state (`FinderParams`) plus the map's own (`MapParams`):
//! the selected kindergarten, a county choropleth, the optional tile layer. Selecting a
//! kindergarten shows its 服务区; choosing a 社区/村 rings the kindergartens that admit from it.
//! A list of the points is the keyboard and screen-reader way to the same popups.

use crate::{
    browser,
    components::{data_options, CheckField, LoadErrorNote, ZonePicker},
    data::{fetch_bytes, load_divisions, load_finder, load_records, load_stats, Dataset, LoadError},
    i18n::{dt, t, DataText, Msg},
    leaflet::{self, Labels, Map},
    prefs::Prefs,
    site::{detail_href, SiteBase},
};
use kg_shared::{
    geo::{gcj02_to_wgs84, Datum, Point},
    indicators::{class_breaks, class_of, Indicator, Progress},
    manifest::FileKind,
    params::{FinderParams, Lang, MapParams},
    query::{Finder, Sort},
    regions::{flat_rings, Level as RegionLevel},
    siteconfig::SiteConfig,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Sequential fills for five choropleth classes (ColorBrewer Blues), light = low.
const CLASS_COLOURS: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
/// Points listed for keyboard use, in name order.
const LIST: usize = 30;

fn write_url(p: &FinderParams, m: &MapParams, lang: Lang) {
    let mut q = p.to_query();
    q.extend(m.to_query());
    let url = browser::url_with_query(&browser::pathname(), &q, lang);
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

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
    let pairs = browser::search_pairs();
    let (fp, mut corrections) = FinderParams::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let (mp, bad) = MapParams::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    corrections.extend(bad);
    let params = RwSignal::new(fp);
    let mparams = RwSignal::new(mp);
    Effect::new(move |_| params.with(|p| mparams.with(|m| write_url(p, m, prefs.lang.get()))));
    let city = Memo::new(move |_| {
        params.with(|p| p.city).or_else(|| dataset.with(|m| m.regions.first().map(|r| r.code)))
    });
    Effect::new(move |_| {
        if let Some(c) = city.get() {
            if params.with_untracked(|p| p.city.is_none()) {
                params.update(|p| p.city = Some(c));
            }
        }
    });
    let b1 = base.clone();
    let finder = LocalResource::new(move || {
        let base = b1.clone();
        let entry = city.get().and_then(|c| dataset.entry(FileKind::List, Some(c)));
        async move { Some(load_finder(&base, entry?).await) }
    });
    let b2 = base.clone();
    let divisions = LocalResource::new(move || {
        let base = b2.clone();
        let entry = city.get().and_then(|c| dataset.entry(FileKind::Divisions, Some(c)));
        async move { load_divisions(&base, entry?).await.ok().map(Arc::new) }
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

    let map = StoredValue::new_local(None::<Map>);
    // Bumped once the map exists, so that drawing effects run again.
    let map_ready = RwSignal::new(0u32);
    let node = NodeRef::<leptos::html::Div>::new();
    let map_error = RwSignal::new(None::<String>);
    let picked = RwSignal::new(None::<u32>);
    let region_picked = RwSignal::new(None::<u32>);
    Effect::new(move |_| {
        let Some(ok) = leaflet_ok.get() else { return };
        if let Err(e) = ok {
            map_error.set(Some(e));
            return;
        }
        let Some(el) = node.get() else { return };
        if map.with_value(|m| m.is_some()) {
            return;
        }
        // Created once the city's points are here, so its first view is the city's fit: never
        // the whole coverage for a second (a drag then left an empty view).
        // (A city without a list file has nothing to wait for.)
        let no_list = dataset.ready().is_some()
            && city.get().and_then(|c| dataset.entry(FileKind::List, Some(c))).is_none();
        if !matches!(finder.get(), Some(Some(_))) && !no_list {
            return;
        }
        let lang = prefs.lang.get_untracked();
        let labels = Labels::in_lang(lang);
        match Map::new(&el, labels, move |i| picked.set(Some(i)), move |c| region_picked.set(Some(c))) {
            Ok(m) => {
                map.set_value(Some(m));
                map_ready.update(|n| *n += 1);
            }
            Err(e) => map_error.set(Some(e)),
        }
    });
    on_cleanup(move || map.set_value(None));

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
        let mut q = params.with(|p| p.query());
        q.village = None;
        q.origin = None;
        q.sort = Sort::Name;
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
            params.with_untracked(|p| format!("{:?}{:?}{}", city.get_untracked(), p.query().filters, p.q));
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
        if let Some(v) = params.with(|p| p.village) {
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
                            .unwrap_or_else(|| "无数据".into());
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
        q.near = Some(p);
        q.village = None;
        q.within_km = q.within_km.or(Some(3.0));
        let url = browser::url_with_query(
            &expect_context::<SiteBase>().href("/finder/"),
            &q.to_query(),
            prefs.lang.get_untracked(),
        );
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(&url);
        }
    };
    let city_options = move || {
        dataset.ready().map(|m| {
            let items: Vec<(u32, String)> = m.regions.iter().map(|r| (r.code, r.name.clone())).collect();
            data_options(items, move |c| city.get() == Some(c))
        })
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
        let v = params.with(|p| p.village)?;
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
        let progress_href =
            expect_context::<SiteBase>().href(&format!("/progress/?view=compare&ind={}", ind.key()));
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
            .unwrap_or_else(|| "无数据".into());
        let href = expect_context::<SiteBase>().href(&format!("/progress/?region={code}"));
        let text = format!("{}：{}（{}年）", row.name, value, year);
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
    let finder_href = move || {
        let q = params.with(|p| p.to_query());
        browser::url_with_query(&expect_context::<SiteBase>().href("/finder/"), &q, prefs.lang.get())
    };
    let set = move |f: Box<dyn FnOnce(&mut FinderParams)>| params.update(f);

    view! {
        <section class="map-page" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NavMap)}</h1>
            <p>{t(Msg::MapIntro)}</p>
            {(!corrections.is_empty())
                .then(|| {
                    view! {
                        <p class="param-notice" role="status">
                            {t(Msg::FinderCorrected)}
                            {corrections.join("，")}
                        </p>
                    }
                })}
            {config_error}
            <form class="filters map-controls" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="m-city">{t(Msg::FinderCity)}</label>
                    <select
                        id="m-city"
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse::<u32>().ok();
                            set(Box::new(move |p| *p = FinderParams { city: v, ..FinderParams::default() }));
                            mparams.update(|m| m.sel = None);
                        }
                    >
                        {city_options}
                    </select>
                </div>
                <div class="field">
                    <label for="m-q">{t(Msg::FinderQuery)}</label>
                    <input
                        id="m-q"
                        type="search"
                        prop:value=move || params.with(|p| p.q.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set(Box::new(move |p| p.q = v.chars().take(50).collect()))
                        }
                    />
                </div>
                <CheckField
                    id="m-inclusive"
                    label=Msg::FinderInclusiveOnly
                    checked=Signal::derive(move || params.with(|p| !p.all))
                    on_change=move |on: bool| set(Box::new(move |p| p.all = !on))
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
                    divisions=Signal::derive(move || divisions.get().flatten())
                    choose=move |c| set(Box::new(move |p| p.choose(c)))
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
pub fn ResultsMap(
    finder: LocalResource<Option<Result<Arc<Finder>, LoadError>>>,
    hits: Memo<Option<Vec<kg_shared::query::Hit>>>,
) -> impl IntoView {
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
    let map = StoredValue::new_local(None::<Map>);
    let map_ready = RwSignal::new(0u32);
    let picked = RwSignal::new(None::<u32>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if !open.get() {
            map.set_value(None);
            return;
        }
        let Some(Some(ok)) = ready.get() else { return };
        if let Err(e) = ok {
            error.set(Some(e));
            return;
        }
        let Some(el) = node.get() else { return };
        if map.with_value(|m| m.is_some()) {
            return;
        }
        let lang = prefs.lang.get_untracked();
        let labels = Labels::in_lang(lang);
        match Map::new(&el, labels, move |i| picked.set(Some(i)), |_| {}) {
            Ok(m) => {
                map.set_value(Some(m));
                map_ready.update(|n| *n += 1);
            }
            Err(e) => error.set(Some(e)),
        }
    });
    Effect::new(move |_| {
        map_ready.get();
        let Some(Some(Ok(f))) = finder.get() else { return };
        let idx: Vec<u32> = hits.with(|hs| hs.iter().flatten().map(|h| h.idx).collect());
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
    on_cleanup(move || map.set_value(None));
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
