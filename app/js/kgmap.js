// Thin glue between the Rust map page (app/src/map.rs) and Leaflet. Leaflet is loaded on demand
// from the site's own origin (scripts/postbuild.mjs copies it from node_modules), so other pages
// never pay for it. Everything the user sees here is set with textContent: data never becomes HTML.

let loading = null;

/// Leaflet treats a string as HTML: give it an element whose text is set instead.
function textNode(text) {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}

function addOnce(tag, attrs) {
  return new Promise((resolve, reject) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.onload = () => resolve();
    el.onerror = () => reject(new Error(`无法加载 ${attrs.src || attrs.href}`));
    document.head.appendChild(el);
  });
}

/// Loads Leaflet's script and stylesheet once; resolves when `window.L` is ready.
export function kg_load_leaflet(jsUrl, cssUrl) {
  if (window.L) return Promise.resolve();
  if (!loading) {
    loading = Promise.all([
      addOnce('link', { rel: 'stylesheet', href: cssUrl }),
      addOnce('script', { src: jsUrl }),
    ]).catch((e) => { loading = null; throw e; });
  }
  return loading;
}

// Fill and outline by 性质: 公办 solid, 普惠性民办 solid with a white ring, other 民办 hollow.
const STYLE = [
  { color: '#1f4e79', fillColor: '#2f6fad', fillOpacity: 0.9, weight: 1 },
  { color: '#ffffff', fillColor: '#2e8540', fillOpacity: 0.95, weight: 1.5 },
  { color: '#b35900', fillColor: '#ffffff', fillOpacity: 0.6, weight: 2 },
];

/// Creates a map in `el`. `onPick(index)` is called when a kindergarten point is clicked;
/// `onRegion(code)` when a region is clicked while the choropleth is shown.
export function kg_map_create(el, onPick, onRegion, labels) {
  const L = window.L;
  const map = L.map(el, {
    preferCanvas: true, zoomControl: true, keyboard: true, attributionControl: true,
    minZoom: 3, maxZoom: 18, worldCopyJump: false,
  });
  map.attributionControl.setPrefix(false);
  const renderer = L.canvas({ padding: 0.3, tolerance: 4 });
  const h = {
    map, renderer, onPick, onRegion, labels,
    boundaries: L.layerGroup().addTo(map),
    choropleth: L.layerGroup().addTo(map),
    points: L.layerGroup().addTo(map),
    zone: L.layerGroup().addTo(map),
    highlight: L.layerGroup().addTo(map),
    me: L.layerGroup().addTo(map),
    tiles: null,
    markers: [],
  };
  map.zoomControl.getContainer().querySelectorAll('a').forEach((a) => {
    if (a.classList.contains('leaflet-control-zoom-in')) { a.title = labels.zoom_in; a.setAttribute('aria-label', labels.zoom_in); }
    if (a.classList.contains('leaflet-control-zoom-out')) { a.title = labels.zoom_out; a.setAttribute('aria-label', labels.zoom_out); }
  });
  map.getContainer().setAttribute('aria-label', labels.map);
  map.getContainer().setAttribute('role', 'application');
  map.setView([30, 112], 5);
  return h;
}

export function kg_map_destroy(h) {
  h.map.remove();
}

/// An optional raster tile layer from the site configuration.
export function kg_map_tiles(h, url, subdomains, attribution, maxZoom, on) {
  const L = window.L;
  if (h.tiles) { h.tiles.remove(); h.tiles = null; }
  if (!on) return;
  h.tiles = L.tileLayer(url, { subdomains, attribution, maxZoom, crossOrigin: false }).addTo(h.map);
  h.tiles.bringToBack();
}

/// Region outlines: `json` is [{code, name, level, rings: [[lat, lon, lat, lon, …], …]}].
export function kg_map_boundaries(h, json) {
  const L = window.L;
  h.boundaries.clearLayers();
  const regions = JSON.parse(json);
  const style = {
    province: { color: '#5a4a78', weight: 2.5, fill: false },
    city: { color: '#6b6b6b', weight: 1.6, fill: false },
    county: { color: '#9aa5b1', weight: 0.8, fill: false, dashArray: '4 3' },
  };
  for (const r of regions) {
    const latlngs = r.rings.map((flat) => { const out = []; for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]); return out; });
    const poly = L.polygon(latlngs, { ...style[r.level], renderer: h.renderer, interactive: false });
    poly.addTo(h.boundaries);
  }
}

/// Kindergarten points: `coords` [lat, lon, …], `kinds` 0 公办 / 1 普惠性民办 / 2 其他民办.
export function kg_map_points(h, coords, kinds) {
  const L = window.L;
  h.points.clearLayers();
  h.markers = [];
  const n = kinds.length;
  for (let i = 0; i < n; i++) {
    const m = L.circleMarker([coords[2 * i], coords[2 * i + 1]], { ...STYLE[kinds[i]], radius: 5, renderer: h.renderer });
    m.on('click', () => h.onPick(i));
    m.addTo(h.points);
    h.markers.push(m);
  }
}

/// A popup with text only: title, lines, and a link to the detail page.
export function kg_map_popup(h, lat, lon, title, lines, href, linkText, focus) {
  const L = window.L;
  const box = document.createElement('div');
  box.className = 'map-popup';
  const t = document.createElement('strong');
  t.textContent = title;
  box.appendChild(t);
  for (const line of lines) {
    const p = document.createElement('div');
    p.textContent = line;
    box.appendChild(p);
  }
  const a = document.createElement('a');
  a.href = href;
  a.textContent = linkText;
  box.appendChild(a);
  if (focus) h.map.panTo([lat, lon], { animate: false });
  L.popup({ autoPan: true, maxWidth: 260 }).setLatLng([lat, lon]).setContent(box).openOn(h.map);
  if (focus) {
    h.map.getContainer().scrollIntoView({ block: 'nearest' });
    a.focus({ preventScroll: true });
  }
}

export function kg_map_close_popup(h) {
  h.map.closePopup();
}

/// Rings around the given points (e.g. kindergartens admitting a 社区/村, or the selected one).
export function kg_map_highlight(h, coords) {
  const L = window.L;
  h.highlight.clearLayers();
  for (let i = 0; i < coords.length; i += 2) {
    L.circleMarker([coords[i], coords[i + 1]], { radius: 11, color: '#d4351c', weight: 3, fill: false, renderer: h.renderer, interactive: false })
      .addTo(h.highlight);
  }
}

/// A service-zone polygon: rings as [lat, lon, …] arrays.
export function kg_map_zone(h, json) {
  const L = window.L;
  h.zone.clearLayers();
  const rings = JSON.parse(json);
  if (!rings.length) return;
  const latlngs = rings.map((flat) => { const out = []; for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]); return out; });
  L.polygon(latlngs, { color: '#d4351c', weight: 2, fillColor: '#d4351c', fillOpacity: 0.12, renderer: h.renderer, interactive: false }).addTo(h.zone);
}

/// The reader's position (already converted to the map's datum).
export function kg_map_me(h, lat, lon, label) {
  const L = window.L;
  h.me.clearLayers();
  L.circleMarker([lat, lon], { radius: 8, color: '#ffffff', weight: 3, fillColor: '#1a73e8', fillOpacity: 1, renderer: h.renderer, interactive: false })
    .addTo(h.me)
    .bindTooltip(textNode(label), { permanent: false });
  h.map.setView([lat, lon], Math.max(h.map.getZoom(), 14));
}

/// County polygons filled by class (0–4) or -1 for no data; `json` is
/// [{code, name, cls, rings}]. Clicking a county reports its code.
export function kg_map_choropleth(h, json, colours) {
  const L = window.L;
  h.choropleth.clearLayers();
  for (const r of JSON.parse(json)) {
    const latlngs = r.rings.map((flat) => { const out = []; for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]); return out; });
    const fill = r.cls < 0 ? '#ffffff' : colours[r.cls];
    const poly = L.polygon(latlngs, { color: '#555', weight: 0.8, fillColor: fill, fillOpacity: r.cls < 0 ? 0.2 : 0.7, renderer: h.renderer });
    poly.bindTooltip(textNode(r.label), { sticky: true });
    poly.on('click', () => h.onRegion(r.code));
    poly.addTo(h.choropleth);
  }
  h.choropleth.eachLayer((l) => l.bringToBack());
}

export function kg_map_fit(h, south, west, north, east) {
  if (!(south <= north && west <= east)) return;
  if (south === north && west === east) { h.map.setView([south, west], 15, { animate: false }); return; }
  h.map.fitBounds([[south, west], [north, east]], { padding: [16, 16], maxZoom: 16, animate: false });
}

export function kg_map_invalidate(h) {
  h.map.invalidateSize();
}

/// For the benchmark and tests: the Leaflet map object.
export function kg_map_expose(h) {
  window.kgMap = h.map;
}

/// The map's centre as [lat, lon] (the point a reader has panned to).
export function kg_map_center(h) {
  const c = h.map.getCenter();
  return [c.lat, c.lng];
}
