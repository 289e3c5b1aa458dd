//! Bindings to `js/kgmap.js`, the thin glue over Leaflet. Leaflet (npm, copied to the site by
//! `scripts/postbuild.mjs`) is loaded only when the map page opens.

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

/// Loads Leaflet from the site (`vendor_dir` ends with `/`).
pub async fn load(vendor_dir: &str) -> Result<(), String> {
    let p = kg_load_leaflet(&format!("{vendor_dir}leaflet.js"), &format!("{vendor_dir}leaflet.css"))
        .map_err(|_| "地图组件无法启动".to_string())?;
    wasm_bindgen_futures::JsFuture::from(p).await.map(|_| ()).map_err(|e| {
        e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default()
    })
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
            .map_err(|e| format!("地图无法创建：{}", js_sys::Error::from(e).message()))?;
        kg_map_expose(&h);
        Ok(Map { h, _pick: pick, _region: region })
    }

    pub fn tiles(&self, t: &kg_shared::siteconfig::TileConfig, on: bool) {
        kg_map_tiles(&self.h, &t.url, &t.subdomains, &t.attribution, t.max_zoom, on);
    }
    pub fn boundaries(&self, json: &str) {
        kg_map_boundaries(&self.h, json)
    }
    pub fn points(&self, coords: &[f64], kinds: &[u8]) {
        kg_map_points(&self.h, coords, kinds)
    }
    pub fn popup(&self, lat: f64, lon: f64, title: &str, lines: &[String], href: &str, link: &str) {
        let arr = js_sys::Array::new();
        for l in lines {
            arr.push(&JsValue::from_str(l));
        }
        kg_map_popup(&self.h, lat, lon, title, arr, href, link)
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
