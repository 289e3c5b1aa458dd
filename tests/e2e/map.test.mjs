// The map: boundaries and points from the site's own files only, points for the current filter,
// a click opens the popup of the kindergarten under the pointer, service zones both ways, the
// selection in the URL, a keyboard path to every popup, and the county choropleth.
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleRows, useSite } from './harness.mjs';

const isInclusive = (r) => !['非营利性民办', '营利性民办'].includes(r['性质']);

/// Markers Leaflet holds, by kind: points (radius 5) and highlight rings (radius 11).
const markers = (page, radius) => page.evaluate((radius) => {
  const out = [];
  window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === radius) out.push(l.getLatLng()); });
  return out;
}, radius);

describe('map', () => {
  const site = useSite({ dir: 'dist', base: '/' });
  const city = 410400;
  const rows = sampleRows(city);

  test('draws boundaries and the filtered points from the site itself, and a click opens that kindergarten', async () => {
    const page = await site.page();
    await page.goto(site.url(`map/?city=${city}`));
    await page.waitForSelector('.leaflet-overlay-pane canvas');
    await page.waitForFunction(() => document.querySelector('.map-count .count'));
    const inclusive = rows.filter(isInclusive);
    assert.equal(Number(await page.textContent('.map-count .count')), inclusive.length);
    await page.waitForFunction((n) => { let k = 0; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 5) k++; }); return k === n; }, inclusive.length);
    // Boundaries are polygons drawn from the published boundary file.
    const outlines = await page.evaluate(() => { let k = 0; window.kgMap.eachLayer((l) => { if (l.getLatLngs && !l.getRadius) k++; }); return k; });
    assert.ok(outlines >= 3, `${outlines} outlines`);
    // Every kindergarten, 公办 or not, with 只看普惠 off.
    await page.uncheck('#m-inclusive');
    await page.waitForFunction((n) => document.querySelector('.map-count .count').textContent === String(n), rows.length);
    assert.equal(new URL(page.url()).searchParams.get('all'), '1');
    // Click the point of a kindergarten standing alone, and its popup names it.
    await page.locator('.map').scrollIntoViewIfNeeded();
    const lonely = await page.evaluate(() => {
      const pts = [];
      window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 5) pts.push(l); });
      const map = window.kgMap;
      map.setView(pts[0].getLatLng(), 16, { animate: false });
      const cps = pts.map((l) => map.latLngToContainerPoint(l.getLatLng()));
      const size = map.getSize();
      for (let i = 0; i < pts.length; i++) {
        const p = cps[i];
        if (p.x < 40 || p.y < 40 || p.x > size.x - 40 || p.y > size.y - 40) continue;
        if (cps.every((q, j) => j === i || Math.hypot(q.x - p.x, q.y - p.y) > 14)) {
          const ll = pts[i].getLatLng();
          return { x: p.x, y: p.y, lat: ll.lat, lon: ll.lng };
        }
      }
      return null;
    });
    assert.ok(lonely, 'a point with no neighbour within 14 px');
    const box = await page.locator('.map').boundingBox();
    await page.mouse.click(box.x + lonely.x, box.y + lonely.y);
    await page.waitForSelector('.leaflet-popup-content .map-popup strong');
    const sel = new URL(page.url()).searchParams.get('sel');
    const row = rows.find((r) => r['统一社会信用代码'] === sel);
    assert.ok(row, `selected id ${sel} is a kindergarten of the city`);
    assert.equal(await page.textContent('.leaflet-popup-content strong'), row['幼儿园名称']);
    assert.ok(Math.abs(Number(row['纬度（度）']) - lonely.lat) < 1e-5 && Math.abs(Number(row['经度（度）']) - lonely.lon) < 1e-5,
      'the popup is for the kindergarten at the clicked point');
    const popup = await page.textContent('.leaflet-popup-content');
    assert.ok(popup.includes(row['性质']) && popup.includes(row['保教费（元/生/月）']), popup);
    assert.match(await page.getAttribute('.leaflet-popup-content a', 'href'), new RegExp(`/kindergarten/\\?city=${city}&id=${sel}`));
    // Its service zone is listed under the map.
    const zone = row['服务区社区村代码'].split(';').filter(Boolean);
    assert.equal(await page.locator('.map-selection .zone-list li').count(), zone.length);
    // The selection is in the URL: a reload reopens it.
    await page.reload();
    await page.waitForSelector('.leaflet-popup-content strong');
    assert.equal(await page.textContent('.leaflet-popup-content strong'), row['幼儿园名称']);
    page.assertClean();
    await page.close_();
  });

  test('choosing a 社区/村 rings every kindergarten whose service zone admits it', async () => {
    // A village in the zones of at least two kindergartens.
    const byVillage = new Map();
    for (const r of rows) for (const v of r['服务区社区村代码'].split(';').filter(Boolean)) byVillage.set(v, [...(byVillage.get(v) || []), r]);
    const [village, admitting] = [...byVillage].find(([, rs]) => rs.length >= 2);
    const page = await site.page();
    await page.goto(site.url(`map/?city=${city}`));
    await page.waitForSelector('.leaflet-overlay-pane canvas');
    await page.selectOption('#m-county', village.slice(0, 6));
    await page.selectOption('#m-town', village.slice(0, 9));
    await page.selectOption('#m-village', village);
    await page.waitForSelector('.map-admitting');
    assert.equal(Number(await page.textContent('.admitting-count')), admitting.length);
    const names = await page.$$eval('.map-admitting button', (bs) => bs.map((b) => b.textContent.trim()).sort());
    assert.deepEqual(names, admitting.map((r) => r['幼儿园名称']).sort());
    await page.waitForFunction((n) => { let k = 0; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 11) k++; }); return k === n; }, admitting.length);
    const rings = await markers(page, 11);
    for (const r of admitting) {
      assert.ok(rings.some((p) => Math.abs(p.lat - Number(r['纬度（度）'])) < 1e-5), r['幼儿园名称']);
    }
    assert.equal(new URL(page.url()).searchParams.get('village'), village);
    // By keyboard: a listed kindergarten's button opens its popup.
    await page.focus('.map-admitting button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.leaflet-popup-content strong');
    assert.ok(names.includes(await page.textContent('.leaflet-popup-content strong')));
    page.assertClean();
    await page.close_();
  });

  test('a kindergarten with a published service-zone polygon shows it', async () => {
    const row = rows.find((r) => r['服务区范围']);
    const ring = JSON.parse(row['服务区范围'])[0][0];
    const page = await site.page();
    await page.goto(site.url(`map/?city=${city}&sel=${row['统一社会信用代码']}`));
    await page.waitForSelector('.zone-polygon-note');
    const drawn = await page.evaluate(() => {
      const out = [];
      window.kgMap.eachLayer((l) => { if (l.options && l.options.fillOpacity === 0.12) out.push(l.getLatLngs()[0].map((p) => [p.lng, p.lat])); });
      return out;
    });
    assert.equal(drawn.length, 1);
    // Leaflet drops the closing point; the vertices are the published ones (GCJ-02, drawn as is).
    assert.equal(drawn[0].length, ring.length - 1);
    drawn[0].forEach(([lon, lat], i) => assert.ok(Math.abs(lon - ring[i][0]) < 1e-6 && Math.abs(lat - ring[i][1]) < 1e-6));
    page.assertClean();
    await page.close_();
  });

  test('locate me converts the browser position from WGS-84 to GCJ-02 before drawing it', async () => {
    const wgs = { latitude: 33.74, longitude: 113.19 };
    const page = await site.page({ geolocation: wgs });
    await page.goto(site.url(`map/?city=${city}`));
    await page.waitForSelector('.leaflet-overlay-pane canvas');
    await page.click('button:has-text("定位我的位置")');
    await page.waitForFunction(() => { let k = 0; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 8) k++; }); return k === 1; });
    const me = await page.evaluate(() => { let p; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 8) p = l.getLatLng(); }); return p; });
    const metres = Math.hypot((me.lat - wgs.latitude) * 111320, (me.lng - wgs.longitude) * 111320 * Math.cos(wgs.latitude * Math.PI / 180));
    assert.ok(metres > 200 && metres < 1000, `the GCJ-02 shift is a few hundred metres (${metres.toFixed(0)} m)`);
    assert.ok(me.lng > wgs.longitude, 'GCJ-02 lies east of WGS-84 in this part of China');
    page.assertClean();
    await page.close_();
  });

  test('the map pans and zooms by keyboard', async () => {
    const page = await site.page();
    await page.goto(site.url(`map/?city=${city}`));
    await page.waitForSelector('.leaflet-overlay-pane canvas');
    // Once the points are drawn (and the view fitted to them), start from a known view.
    await page.waitForSelector('.map-count .count');
    await page.waitForFunction(() => { let k = 0; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 5) k++; }); return k > 0; });
    await page.evaluate(() => { window.kgMap.setView([33.75, 113.2], 10, { animate: false }); });
    const z0 = 10;
    const c0 = await page.evaluate(() => window.kgMap.getCenter());
    await page.locator('.map').scrollIntoViewIfNeeded();
    await page.focus('.map');
    await page.keyboard.press('Equal');
    await page.waitForFunction((z) => window.kgMap.getZoom() === z + 1, z0);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((lng) => window.kgMap.getCenter().lng > lng, c0.lng);
    assert.equal(await page.getAttribute('.leaflet-control-zoom-in', 'aria-label'), '放大');
    page.assertClean();
    await page.close_();
  });

  test('the finder and the map open each other on the same view', async () => {
    const page = await site.page();
    await page.goto(site.url(`finder/?city=${city}&q=%E5%AE%9E%E9%AA%8C&nature=0`));
    await page.waitForSelector('.result-count .count');
    const n = Number(await page.textContent('.result-count .count'));
    await page.click('a.to-map');
    await page.waitForSelector('.map-count .count');
    assert.equal(Number(await page.textContent('.map-count .count')), n, 'the same filters select the same kindergartens');
    assert.equal(await page.inputValue('#m-q'), '实验');
    await page.click('text=在列表中查看');
    await page.waitForSelector('.result-count .count');
    // The finder's own map panel shows exactly its results, and a point opens its popup.
    await page.click('button.toggle-map');
    await page.waitForFunction((n) => {
      if (!window.kgMap || !document.querySelector('.finder-map')) return false;
      let k = 0; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 5) k++; }); return k === n;
    }, n);
    assert.equal(await page.getAttribute('button.toggle-map', 'aria-expanded'), 'true');
    await page.evaluate(() => { window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 5 && !window.done) { window.done = 1; l.fire('click'); } }); });
    await page.waitForSelector('.finder-map .leaflet-popup-content strong');
    assert.match(await page.textContent('.finder-map .leaflet-popup-content strong'), /实验/);
    await page.waitForSelector('.result-count .count');
    assert.equal(Number(await page.textContent('.result-count .count')), n);
    assert.equal(new URL(page.url()).searchParams.get('nature'), '0');
    page.assertClean();
    await page.close_();
  });

  test('a point picked on the map starts the finder near-me search from there', async () => {
    const row = rows.find((r) => isInclusive(r));
    const [lat, lon] = [Number(row['纬度（度）']), Number(row['经度（度）'])];
    const page = await site.page();
    await page.goto(site.url(`map/?city=${city}`));
    await page.waitForSelector('.map-count .count');
    await page.waitForFunction(() => { let k = 0; window.kgMap.eachLayer((l) => { if (l.getRadius && l.getRadius() === 5) k++; }); return k > 0; });
    await page.evaluate(([lat, lon]) => { window.kgMap.setView([lat, lon], 15, { animate: false }); }, [lat, lon]);
    await page.click('button.near-center');
    await page.waitForSelector('.result-count .count');
    const u = new URL(page.url());
    assert.equal(u.pathname, '/finder/');
    const [nlon, nlat] = u.searchParams.get('near').split(',').map(Number);
    assert.ok(Math.abs(nlon - lon) < 1e-5 && Math.abs(nlat - lat) < 1e-5, u.searchParams.get('near'));
    assert.equal(u.searchParams.get('within'), '3');
    // Nearest first: the kindergarten standing at that point.
    assert.equal((await page.textContent('.result-name')).trim(), row['幼儿园名称']);
    page.assertClean();
    await page.close_();
  });

  test('colours counties by an indicator, with a legend and a link to the numbers', async () => {
    const page = await site.page();
    await page.goto(site.url(`map/?city=445200&ind=public_share`));
    await page.waitForSelector('.choropleth-legend');
    assert.match(await page.textContent('.choropleth-legend'), /公办幼儿园在园幼儿占比/);
    assert.ok((await page.locator('.choropleth-legend li').count()) >= 2);
    const filled = await page.evaluate(() => { let k = 0; window.kgMap.eachLayer((l) => { if (l.options && l.options.fillOpacity === 0.7) k++; }); return k; });
    assert.ok(filled >= 100, `${filled} counties filled`);
    await page.selectOption('#m-ind', '');
    await page.waitForFunction(() => !document.querySelector('.choropleth-legend'));
    assert.equal(new URL(page.url()).searchParams.get('ind'), null);
    page.assertClean();
    await page.close_();
  });
});
