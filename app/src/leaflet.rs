//! Bindings to `js/kgmap.js`, the thin glue over Leaflet. Leaflet (npm, copied to the site by
//! `scripts/postbuild.mjs`) is loaded only when the map page opens.

use crate::{
    i18n::Msg,
    site::{detail_href, SiteBase},
};
use kg_shared::{
    codec::ListShard,
    geo::Point,
    model::Nature,
    params::Lang,
    regions::{flat_rings, Level, Region},
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/kgmap.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn kg_load_leaflet(js: &str, css: &str) -> Result<js_sys::Promise, JsValue>;

    pub type MapHandle;

    #[wasm_bindgen(catch)]
    fn kg_map_create(
        el: &web_sys::HtmlElement,
        on_pick: &js_sys::Function,
        on_region: &js_sys::Function,
        labels: &JsValue,
    ) -> Result<MapHandle, JsValue>;
    fn kg_map_destroy(h: &MapHandle);
    fn kg_map_tiles(h: &MapHandle, url: &str, subdomains: &str, attribution: &str, max_zoom: u8, on: bool);
    fn kg_map_boundaries(h: &MapHandle, json: &str);
    fn kg_map_points(h: &MapHandle, coords: &[f64], kinds: &[u8]);
    fn kg_map_popup(
        h: &MapHandle,
        lat: f64,
        lon: f64,
        title: &str,
        lines: js_sys::Array,
        href: &str,
        link: &str,
        focus: bool,
    );
    fn kg_map_close_popup(h: &MapHandle);
    fn kg_map_highlight(h: &MapHandle, coords: &[f64]);
    fn kg_map_zone(h: &MapHandle, json: &str);
    fn kg_map_me(h: &MapHandle, lat: f64, lon: f64, label: &str);
    fn kg_map_choropleth(h: &MapHandle, json: &str, colours: js_sys::Array);
    fn kg_map_fit(h: &MapHandle, south: f64, west: f64, north: f64, east: f64);
    fn kg_map_invalidate(h: &MapHandle);
    fn kg_map_expose(h: &MapHandle);
    fn kg_map_center(h: &MapHandle) -> Vec<f64>;
}

/// Where postbuild copied Leaflet, from the page's `<meta name="kg-leaflet">`.
pub fn vendor_dir(base: &SiteBase) -> String {
    let dir = leptos::prelude::document()
        .query_selector("meta[name=\"kg-leaflet\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| "vendor/leaflet/".into());
    base.href(&format!("/{dir}"))
}

/// 0 公办, 1 普惠性民办, 2 other 民办: the legend's three kinds (styled in kgmap.js).
pub fn kind_of(n: Nature) -> u8 {
    if n.is_public() {
        0
    } else if n.is_inclusive() {
        1
    } else {
        2
    }
}

/// Loads Leaflet from the site (`vendor_dir` ends with `/`).
pub async fn load(vendor_dir: &str) -> Result<(), String> {
    // The error is the technical detail; the page says what failed in the reader's script.
    let detail = |e: JsValue| {
        e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default()
    };
    let p = kg_load_leaflet(&format!("{vendor_dir}leaflet.js"), &format!("{vendor_dir}leaflet.css"))
        .map_err(detail)?;
    wasm_bindgen_futures::JsFuture::from(p).await.map(|_| ()).map_err(detail)
}

/// A Leaflet map and the callbacks it calls back into Rust with (kept alive as long as the map).
pub struct Map {
    h: MapHandle,
    _pick: Closure<dyn Fn(u32)>,
    _region: Closure<dyn Fn(u32)>,
}

pub struct Labels<'a> {
    pub map: &'a str,
    pub zoom_in: &'a str,
    pub zoom_out: &'a str,
}

impl Labels<'static> {
    /// The map's accessible labels in the reader's language.
    pub fn in_lang(lang: kg_shared::params::Lang) -> Self {
        use crate::i18n::Msg;
        Labels {
            map: Msg::MapLabel.text(lang),
            zoom_in: Msg::MapZoomIn.text(lang),
            zoom_out: Msg::MapZoomOut.text(lang),
        }
    }
}

impl Map {
    pub fn new(
        el: &web_sys::HtmlElement,
        labels: Labels,
        on_pick: impl Fn(u32) + 'static,
        on_region: impl Fn(u32) + 'static,
    ) -> Result<Map, String> {
        let pick = Closure::<dyn Fn(u32)>::new(on_pick);
        let region = Closure::<dyn Fn(u32)>::new(on_region);
        let l = js_sys::Object::new();
        for (k, v) in [("map", labels.map), ("zoom_in", labels.zoom_in), ("zoom_out", labels.zoom_out)] {
            let _ = js_sys::Reflect::set(&l, &k.into(), &v.into());
        }
        let h = kg_map_create(el, pick.as_ref().unchecked_ref(), region.as_ref().unchecked_ref(), &l)
            .map_err(|e| String::from(js_sys::Error::from(e).message()))?;
        kg_map_expose(&h);
        Ok(Map { h, _pick: pick, _region: region })
    }

    pub fn tiles(&self, t: &kg_shared::siteconfig::TileConfig, on: bool) {
        kg_map_tiles(&self.h, &t.url, &t.subdomains, &t.attribution, t.max_zoom, on);
    }
    /// Region outlines, each point passed through `to_map` (the datum the map is drawn in).
    pub fn boundaries<'a>(&self, regions: impl Iterator<Item = &'a Region>, to_map: &dyn Fn(Point) -> Point) {
        let items: Vec<serde_json::Value> = regions
            .map(|r| {
                let level = match r.level {
                    Level::Province => "province",
                    Level::City => "city",
                    Level::County => "county",
                };
                serde_json::json!({ "code": r.code, "name": r.name, "level": level, "rings": flat_rings(&r.shape, to_map) })
            })
            .collect();
        kg_map_boundaries(&self.h, &serde_json::Value::Array(items).to_string())
    }

    /// The records `idx` of a shard as points (a click reports the position in `idx`); fits the
    /// view to them when `fit` is set.
    pub fn points(&self, s: &ListShard, idx: &[u32], to_map: &dyn Fn(Point) -> Point, fit: bool) {
        let mut coords = Vec::with_capacity(idx.len() * 2);
        let mut kinds = Vec::with_capacity(idx.len());
        let (mut so, mut w, mut n, mut e) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &i in idx {
            let p = to_map(s.point(i as usize));
            coords.extend([p.lat, p.lon]);
            kinds.push(kind_of(s.nature[i as usize]));
            (so, w, n, e) = (so.min(p.lat), w.min(p.lon), n.max(p.lat), e.max(p.lon));
        }
        kg_map_points(&self.h, &coords, &kinds);
        if fit && !idx.is_empty() {
            kg_map_fit(&self.h, so, w, n, e);
        }
    }

    /// A kindergarten's popup at `at` (map datum): name, 性质, fee, grade, any `extra` line, and the
    /// link to its detail page. All text; data text goes through `convert` (to the reader's
    /// script). With `focus`, the map centres on it and keyboard focus moves to its link (a choice
    /// from the list, which may lie below the map).
    #[allow(clippy::too_many_arguments)]
    pub fn kindergarten_popup(
        &self,
        s: &ListShard,
        i: usize,
        at: Point,
        extra: Option<String>,
        base: &SiteBase,
        lang: Lang,
        convert: &dyn Fn(&str) -> String,
        focus: bool,
    ) {
        let mut lines = vec![
            convert(s.nature[i].label()),
            format!("{} {} {}", Msg::FinderFee.text(lang), s.fee[i], Msg::FinderPerMonth.text(lang)),
            format!("{}：{}", Msg::FinderGrade.text(lang), convert(s.grade[i].label())),
        ];
        lines.extend(extra);
        let arr = js_sys::Array::new();
        for l in &lines {
            arr.push(&JsValue::from_str(l));
        }
        let href = detail_href(base, s.city, s.ids.get(i), lang);
        kg_map_popup(
            &self.h,
            at.lat,
            at.lon,
            &convert(s.names.get(i)),
            arr,
            &href,
            Msg::MapDetail.text(lang),
            focus,
        )
    }
    pub fn close_popup(&self) {
        kg_map_close_popup(&self.h)
    }
    pub fn highlight(&self, coords: &[f64]) {
        kg_map_highlight(&self.h, coords)
    }
    pub fn zone(&self, json: &str) {
        kg_map_zone(&self.h, json)
    }
    pub fn me(&self, lat: f64, lon: f64, label: &str) {
        kg_map_me(&self.h, lat, lon, label)
    }
    pub fn choropleth(&self, json: &str, colours: &[&str]) {
        let arr = js_sys::Array::new();
        for c in colours {
            arr.push(&JsValue::from_str(c));
        }
        kg_map_choropleth(&self.h, json, arr)
    }
    pub fn fit(&self, south: f64, west: f64, north: f64, east: f64) {
        kg_map_fit(&self.h, south, west, north, east)
    }
    /// The centre the reader has panned to, as (lat, lon) in the map's datum.
    pub fn center(&self) -> Option<(f64, f64)> {
        let c = kg_map_center(&self.h);
        (c.len() == 2 && c.iter().all(|v| v.is_finite())).then(|| (c[0], c[1]))
    }
    pub fn invalidate(&self) {
        kg_map_invalidate(&self.h)
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        kg_map_destroy(&self.h);
    }
}
