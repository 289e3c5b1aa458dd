//! The map's layers, each an effect of its own over `MapView`: it redraws when the map is
//! (re)made (`MapOwner::draw` tracks that), when the drawing datum changes, and when its own data
//! does, and at no other time.

use super::MapView;
use crate::{
    i18n::{DataText, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::{
    geo::Point,
    indicators::{class_breaks, class_of},
    regions::{flat_rings, Level as RegionLevel},
};
use leptos::prelude::*;

/// Sequential fills for five choropleth classes (ColorBrewer Blues), light = low.
pub const CLASS_COLOURS: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

/// Every layer of the map page (renders nothing itself).
#[component]
pub fn Layers(view: MapView) -> impl IntoView {
    tiles(view);
    boundaries(view);
    points(view);
    picks(view);
    selection(view);
    choropleth(view);
}

/// The optional tile layer, on or off as the reader chose.
fn tiles(view: MapView) {
    Effect::new(move |_| {
        let on = view.mparams.with(|m| m.tiles);
        if let Some(Ok(c)) = view.config.get() {
            if let Some(tc) = c.tiles {
                view.owner.draw(|m| m.tiles(&tc, on));
            }
        }
    });
}

/// Provinces, cities and counties, drawn once the map and the file are there.
fn boundaries(view: MapView) {
    Effect::new(move |_| {
        view.datum.get();
        let Some(Some(Ok(regions))) = view.boundaries.get() else { return };
        view.owner.draw(|m| m.boundaries(regions.iter(), &|p| view.to_map(p)));
    });
}

/// The points the filters select; the view fits them when the city or the filters change, not
/// on every redraw.
fn points(view: MapView) {
    let (state, fit_key) = (view.state, view.fit_key);
    Effect::new(move |_| {
        view.datum.get();
        let Some(f) = state.engine() else { return };
        let idx = view.hits.get();
        let key = state
            .params
            .with_untracked(|p| format!("{:?}{:?}", state.city.get_untracked(), p.query.without_place()));
        let fit = fit_key.get_untracked() != key && !idx.is_empty();
        if fit {
            fit_key.set(key);
        }
        view.owner.draw(|m| m.points(&f.shard, &idx, &|p| view.to_map(p), fit));
    });
}

/// A click on a point selects it (by id, so the URL names it).
fn picks(view: MapView) {
    Effect::new(move |_| {
        let Some(i) = view.owner.picked.get() else { return };
        let Some(f) = view.state.engine_untracked() else { return };
        if let Some(&rec) = view.hits.get_untracked().get(i as usize) {
            view.select(Some(f.shard.ids.get(rec as usize).to_string()));
        }
    });
}

/// The selection's popup and its 服务区 polygon; the rings of the kindergartens admitting from
/// the chosen 社区/村.
fn selection(view: MapView) {
    let prefs = expect_context::<Prefs>();
    let d = expect_context::<DataText>();
    let state = view.state;
    // Focus moves to a popup once per kindergarten chosen, not on every redraw.
    let focused = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        view.datum.get();
        let lang = prefs.lang.get();
        let Some(f) = state.engine() else { return };
        let s = &f.shard;
        let mut rings: Vec<f64> = Vec::new();
        if let Some(v) = state.params.with(|p| p.query.village) {
            for i in f.admitting(v) {
                let p = view.to_map(s.point(i as usize));
                rings.extend([p.lat, p.lon]);
            }
        }
        let sel = view.sel_idx.get();
        let sel_id = sel.map(|i| s.ids.get(i).to_string());
        let records = view.records.get().flatten();
        let record = records.as_ref().and_then(|rs| rs.iter().find(|r| Some(&r.id) == sel_id.as_ref()));
        let polygon = record.and_then(|r| zone_json(r.zone_polygon.as_ref()?, &|p| view.to_map(p)));
        // The popup names the 服务区 it promises: its 社区/村 by 乡镇/街道, once the records are in.
        let zone_line = record.map(|r| {
            let names = match state.divisions.get().flatten() {
                Some(dv) if !r.zone.is_empty() => dv.zone_text(&r.zone),
                _ => format!("{} {}", r.zone.len(), Msg::KgZoneCount.text(lang)),
            };
            format!("{}：{}", Msg::KgZone.text(lang), d.convert(&names))
        });
        view.owner.draw(|m| {
            m.highlight(&rings);
            m.zone(polygon.as_deref().unwrap_or("[]"));
            match sel {
                Some(i) => {
                    let base = expect_context::<SiteBase>();
                    let focus = focused.get_value() != Some(i);
                    focused.set_value(Some(i));
                    m.kindergarten_popup(
                        s,
                        i,
                        view.to_map(s.point(i)),
                        zone_line.clone(),
                        &base,
                        lang,
                        &|t: &str| d.convert(t),
                        focus,
                    );
                }
                None => {
                    focused.set_value(None);
                    m.close_popup()
                }
            }
        });
    });
}

/// A 服务区 polygon's rings as Leaflet wants them: `[[lat, lon, lat, lon, …], …]`.
fn zone_json(shape: &kg_shared::geo::MultiPolygon, to_map: &dyn Fn(Point) -> Point) -> Option<String> {
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
}

/// Counties filled by the chosen indicator's class.
fn choropleth(view: MapView) {
    let prefs = expect_context::<Prefs>();
    let d = expect_context::<DataText>();
    Effect::new(move |_| {
        view.datum.get();
        let rows = view.choropleth.get();
        let Some(Some(Ok(regions))) = view.boundaries.get() else { return };
        let json = match &rows {
            None => "[]".to_string(),
            Some(r) => {
                let (ind, _, rank) = &**r;
                let values: Vec<f64> = rank.iter().filter_map(|r| r.value).collect();
                let breaks = class_breaks(&values, 5);
                let items: Vec<serde_json::Value> = regions
                    .iter()
                    .filter(|g| g.level == RegionLevel::County)
                    .filter_map(|g| {
                        let row = rank.iter().find(|r| r.code == g.code)?;
                        let cls =
                            row.value.and_then(|v| class_of(&breaks, v)).map(|c| c as i32).unwrap_or(-1);
                        let value = super::value_text(*ind, row.value, prefs.lang.get());
                        Some(serde_json::json!({
                            "code": g.code,
                            "label": d.convert(&format!("{}：{}", g.name, value)),
                            "cls": cls,
                            "rings": flat_rings(&g.shape, &|p| view.to_map(p)),
                        }))
                    })
                    .collect();
                serde_json::Value::Array(items).to_string()
            }
        };
        view.owner.draw(|m| m.choropleth(&json, &CLASS_COLOURS));
    });
}
