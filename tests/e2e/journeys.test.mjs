// The journeys people stopped on (#15), driven as they would drive them: a parent on a 360 px
// phone, a journalist at 1280 px. Each test failed on main before its fix.
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gcjToWgs, parseCsv, sampleRows, useSite } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const LIST_SHARD = /\/shards\/\d+\.list\.[0-9a-f]+\.bin$/;
const col = (row, prefix) => row[Object.keys(row).find((k) => k.startsWith(prefix))];
const inclusive = (r) => ['教育部门办', '其他部门办', '事业单位办', '国有企业办', '集体办', '普惠性民办'].some((n) => r['性质'].includes(n));
const villages = new Map(parseCsv(readFileSync('data/geo/villages.csv', 'utf8')).slice(1).map(([code, name]) => [code, name]));
const count = async (page) => {
  // The app's count (not that of the view js/early.js paints before it, which the app replaces).
  await page.waitForSelector('body:not(.kg-early) .result-count .count');
  return Number(await page.textContent('.result-count .count'));
};

describe('journeys: a parent on a phone', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('按我的位置查找 from 株洲 lists 株洲, nearest first, in the first screen', async () => {
    const row = sampleRows(430200).find(inclusive);
    const [lon, lat] = gcjToWgs(Number(col(row, '经度')), Number(col(row, '纬度')));
    const page = await site.page({ viewport: PHONE, geolocation: { longitude: lon, latitude: lat } });
    await page.goto(site.url('finder/'));
    await count(page);
    assert.notEqual(new URL(page.url()).searchParams.get('city'), '430200', 'the default city is another one');
    await page.click('button.near-me');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('city') === '430200');
    await page.waitForSelector('.result .distance');
    assert.equal(await page.textContent('.result-name >> nth=0'), row['幼儿园名称']);
    assert.match(await page.textContent('.near-note'), /已按您的位置切换到株洲市/);
    assert.equal(await page.inputValue('#f-sort'), 'distance', 'the sort control names the order the list is in');
    // On the phone the first result is brought on screen, not left below the filters.
    await page.waitForTimeout(300);
    const box = await page.locator('.result').first().boundingBox();
    assert.ok(box && box.y + 40 < PHONE.height, `first result at y=${box?.y}`);
    page.assertClean();
    await page.close_();
  });

  test('from Beijing, outside the published cities, the page says so and names the nearest', async () => {
    const page = await site.page({ viewport: PHONE, geolocation: { longitude: 116.397, latitude: 39.909 } });
    await page.goto(site.url('finder/'));
    await count(page);
    await page.click('button.near-me');
    await page.waitForSelector('.near-note:has-text("不在本站")');
    assert.equal(new URL(page.url()).searchParams.get('city'), '410400');
    const note = await page.textContent('.near-note');
    assert.match(note, /不在本站已公布数据的城市内/);
    assert.match(note, /平顶山市，约 \d{3} 公里/);
    await page.waitForSelector('.result .distance');
    assert.match(await page.textContent('.result .distance >> nth=0'), /公里/);
    page.assertClean();
    await page.close_();
  });

  test('the phone shows results first and the filters in a panel that opens', async () => {
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url('finder/?city=441900'));
    const n = await count(page);
    assert.ok(n > 0);
    const box = await page.locator('.result').first().boundingBox();
    assert.ok(box && box.y + 40 < PHONE.height, `first result at y=${box?.y}`);
    assert.equal(await page.isVisible('#f-county'), false, 'filters start folded on a phone');
    await page.click('.filter-panel > summary');
    assert.ok(await page.isVisible('#f-county'));
    // At desktop width the panel starts open.
    const desk = await site.page();
    await desk.goto(site.url('finder/?city=441900'));
    await count(desk);
    assert.ok(await desk.isVisible('#f-county'));
    await desk.close_();
    page.assertClean();
    await page.close_();
  });

  test('the 排序 control shows the order the list is in', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/?city=442000'));
    await count(page);
    await page.click('.more-filters > summary');
    assert.equal(await page.inputValue('#f-sort'), 'name');
    // 按距离 without a place sorts by name: the control says 按名称, and 按距离 cannot be picked.
    await page.goto(site.url('finder/?city=442000&sort=distance'));
    await count(page);
    await page.click('.more-filters > summary');
    assert.equal(await page.inputValue('#f-sort'), 'name');
    assert.ok(await page.locator('#f-sort option[value="distance"]').isDisabled());
    await page.selectOption('#f-sort', 'fee');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'fee');
    const fees = await page.$$eval('.result .fee', (els) => els.map((e) => Number(e.textContent.match(/\d+/)[0])));
    assert.deepEqual(fees, [...fees].sort((a, b) => a - b));
    page.assertClean();
    await page.close_();
  });

  test('Traditional input finds Simplified records in the 简体 interface', async () => {
    const rows = sampleRows(410400).filter(inclusive);
    const want = rows.filter((r) => r['幼儿园名称'].includes('新华') || r['地址'].includes('新华')).length;
    assert.ok(want > 0);
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url('finder/?city=410400'));
    await count(page);
    await page.fill('#f-q', '新华');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '新华');
    const simplified = await count(page);
    await page.fill('#f-q', '新華');
    // The count names the search it counts.
    await page.waitForFunction(() => document.querySelector('.result-count .count-query')?.textContent === '新華');
    assert.match(await page.textContent('.result-count'), /搜索“新華”：共找到\s*\d+\s*所幼儿园/);
    await page.waitForFunction((n) => document.querySelector('.result-count .count')?.textContent === String(n), simplified);
    assert.ok(simplified >= want, `${simplified} ≥ ${want}`);
    const first = await page.textContent('.result >> nth=0');
    assert.ok(first.includes('新华'), first);
    page.assertClean();
    await page.close_();
  });

  test('the front page searches the city the reader picks', async () => {
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url(''));
    await page.waitForSelector('#home-city option[value="430200"]', { state: 'attached' });
    await page.selectOption('#home-city', '430200');
    await page.fill('#home-q', '幼儿园');
    await page.click('.search-form button[type="submit"]');
    await page.waitForURL(/finder\//);
    assert.equal(new URL(page.url()).searchParams.get('city'), '430200');
    assert.ok((await count(page)) > 0);
    // Each city in the list opens its finder.
    await page.goto(site.url(''));
    await page.click('.regions a:has-text("中山市")');
    await page.waitForURL(/city=442000/);
    page.assertClean();
    await page.close_();
  });

  test('有资源教室 in 中山 (a city without counties) lists exactly the 普惠 kindergartens whose record says 是', async () => {
    const rows = sampleRows(442000);
    const ids = (pred) => new Set(rows.filter(pred).map((r) => r['统一社会信用代码'] || r['办学许可证号']));
    const want = ids((r) => inclusive(r) && r['资源教室'] === '是');
    assert.ok(want.size > 0 && want.size < rows.length / 2, `${want.size} of ${rows.length}`);
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url('finder/?city=442000'));
    const all = await count(page);
    await page.click('summary:has-text("筛选条件")');
    await page.click('summary:has-text("更多筛选")');
    await page.check('#f-room');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('room') === '1');
    assert.equal(await count(page), want.size);
    const shown = await page.$$eval('.result .result-name', (as) => as.map((a) => new URL(a.href).searchParams.get('id')));
    assert.ok(shown.length > 0 && shown.every((id) => want.has(id)), shown.join());
    // The condition is a chip; one tap removes it, and the URL and the list follow.
    await page.click('.active-filters .chip:has-text("有资源教室")');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('room'));
    assert.equal(await count(page), all);
    assert.equal(await page.isChecked('#f-room'), false);
    page.assertClean();
    await page.close_();
  });
});

describe('journeys: the detail page and compare', () => {
  const site = useSite({ dir: 'dist', base: '/' });
  const id = (r) => r['统一社会信用代码'] || r['办学许可证号'];

  test('a kindergarten without a published 保教质量评估 says 未填报, not a blank', async () => {
    const row = sampleRows(442000).find((r) => !col(r, '保教质量评估结果'));
    assert.ok(row, 'a sample record without a quality result');
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url(`kindergarten/?city=442000&id=${encodeURIComponent(id(row))}`));
    await page.waitForSelector('.fields');
    assert.equal((await page.textContent('.fields dt:has-text("保教质量评估") + dd')).trim(), '未填报');
    page.assertClean();
    await page.close_();
  });

  test('the detail page names the zone’s 社区/村, and says 未填报 rather than “— 元/月”', async () => {
    const row = sampleRows(441900).find((r) => r['服务区社区村代码'] && !col(r, '住宿费'));
    assert.ok(row, 'a sample record with a zone and no boarding fee');
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url(`kindergarten/?city=441900&id=${encodeURIComponent(id(row))}`));
    await page.waitForSelector('.zone-villages li');
    const zone = await page.textContent('.zone-list');
    for (const code of row['服务区社区村代码'].split(';')) assert.ok(zone.includes(villages.get(code)), `${villages.get(code)} in ${zone}`);
    const text = await page.textContent('main');
    assert.ok(!text.includes('— 元/月'), 'no dash with a unit');
    assert.equal(await page.textContent('.fields dt:has-text("住宿费") + dd'), '未填报');
    // The 班级 column does not wrap one character per line.
    const th = await page.locator('table.classes tbody th').first().boundingBox();
    assert.ok(th.height < 40, `班级 cell ${th.height}px tall`);
    page.assertClean();
    await page.close_();
  });

  test('加入对比 on a detail page; compare shows 在园 with 托班, quality, 文号 and zone, names as links', async () => {
    const rows = sampleRows(430200);
    const toddlers = rows.find((r) => Number(col(r, '托班幼儿') || 0) > 0 && r['服务区社区村代码']);
    const other = rows.find((r) => r !== toddlers && r['服务区社区村代码']);
    assert.ok(toddlers && other);
    const page = await site.page({ viewport: PHONE });
    for (const r of [toddlers, other]) {
      await page.goto(site.url(`kindergarten/?city=430200&id=${encodeURIComponent(id(r))}`));
      await page.waitForSelector('.kg-actions .shortlist-btn');
      assert.equal(await page.getAttribute('.kg-actions .shortlist-btn', 'aria-label'), `加入对比：${r['幼儿园名称']}`);
      await page.click('.kg-actions .shortlist-btn');
      assert.equal(await page.getAttribute('.kg-actions .shortlist-btn', 'aria-pressed'), 'true');
    }
    await page.click('.kg-actions a');
    await page.waitForSelector('table.compare');
    const row = async (label) => page.$$eval('table.compare tbody tr', (trs, l) => {
      const tr = trs.find((t) => t.querySelector('th').textContent.startsWith(l));
      return tr ? [...tr.querySelectorAll('td')].map((td) => td.textContent) : null;
    }, label);
    const n = (r, p) => Number(col(r, p) || 0);
    const kids = (r) => ['小班', '中班', '大班', '混龄'].reduce((s, c) => s + n(r, `${c}幼儿`), 0);
    assert.deepEqual(await row('在园合计'), [toddlers, other].map((r) => `${kids(r) + n(r, '托班幼儿')} 人`));
    assert.deepEqual(await row('托班幼儿'), [toddlers, other].map((r) => `${n(r, '托班幼儿')} 人`));
    for (const l of ['保教质量评估', '收费批准文号', '招生服务区']) assert.ok(await row(l), `${l} row`);
    const zone = (await row('招生服务区'))[0];
    assert.ok(zone.includes(villages.get(toddlers['服务区社区村代码'].split(';')[0])), zone);
    const links = await page.$$eval('table.compare thead th a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links.map((l) => l[0]), [toddlers, other].map((r) => r['幼儿园名称']));
    assert.ok(links.every(([, h]) => /kindergarten\/\?city=430200&id=/.test(h)));
    const removes = await page.$$eval('table.compare .remove', (bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.equal(new Set(removes).size, 2, 'each 移出 button names its kindergarten');
    page.assertClean();
    await page.close_();
  });

  test('the finder’s 加入对比 buttons each name their kindergarten', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/?city=441900&all=1'));
    await page.waitForSelector('.result .shortlist-btn');
    const labels = await page.$$eval('.result .shortlist-btn', (bs) => bs.map((b) => b.getAttribute('aria-label')));
    const names = await page.$$eval('.result .result-name', (as) => as.map((a) => a.textContent));
    assert.deepEqual(labels, names.map((nm) => `加入对比：${nm}`));
    page.assertClean();
    await page.close_();
  });
});

describe('journeys: a journalist on 区县进展', () => {
  const site = useSite({ dir: 'dist', base: '/' });
  const cells = (page, sel) => page.$eval(sel, (t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));

  test('省份 → 城市 → 区县 follow each other, so 株洲 and 平顶山 are reachable; 湖南省 says it is 株洲 alone', async () => {
    const page = await site.page();
    await page.goto(site.url('progress/'));
    await page.waitForSelector('table.scorecard');
    await page.selectOption('#p-province', '430000');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('region') === '430000');
    await page.waitForSelector('#p-city option[value="430200"]', { state: 'attached' });
    assert.equal(await page.locator('#p-city option[value="445200"]').count(), 0, 'no 揭阳 beside 湖南省');
    assert.match(await page.textContent('.province-partial'), /湖南省.*只汇总本数据集收录的城市：株洲市/);
    await page.waitForFunction(() => document.activeElement?.id === 'p-province');
    await page.selectOption('#p-city', '430200');
    await page.waitForSelector('#p-county option[value="430202"]', { state: 'attached' });
    await page.selectOption('#p-county', '430202');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('region') === '430202');
    assert.match(await page.textContent('.region-title'), /荷塘区/);
    await page.selectOption('#p-province', '410000');
    await page.waitForSelector('#p-city option[value="410400"]', { state: 'attached' });
    assert.equal(await page.locator('#p-county').count(), 0, 'no stale 区县 list');
    page.assertClean();
    await page.close_();
  });

  test('counties of different cities can be compared (揭阳 beside 株洲)', async () => {
    const page = await site.page();
    await page.goto(site.url('progress/?region=445200&view=compare&among=445202,430202'));
    await page.waitForSelector('[data-indicator="public_share"] table.ranking-table');
    assert.equal(new URL(page.url()).searchParams.get('among'), '445202,430202', 'not dropped');
    assert.equal(await page.locator('.param-notice').count(), 0);
    const [head, ...body] = await cells(page, '[data-indicator="public_share"] table.ranking-table');
    const ranked = body.map((r) => r[head.indexOf('地区')]);
    // Side by side across cities, each name says its city.
    assert.deepEqual([...ranked].sort(), ['揭阳市 榕城区', '株洲市 荷塘区'].sort());
    assert.ok(await page.isChecked('#among-430202'));
    assert.match(await page.textContent('label[for="among-430202"]'), /株洲市 荷塘区/);
    // And added through the page: 平顶山's 新华区.
    await page.selectOption('#among-add', '410402');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('among') === '445202,430202,410402');
    page.assertClean();
    await page.close_();
  });

  test('公布−核算 is the difference of the figures shown', async () => {
    const page = await site.page();
    for (const region of ['445202', '430202', '441900', '442000', '410402']) {
      await page.goto(site.url(`progress/?region=${region}`));
      await page.waitForSelector('table.scorecard');
      const [head, ...rows] = await cells(page, 'table.scorecard');
      const [p, r, g] = ['公布值', '记录核算值', '公布−核算'].map((h) => head.indexOf(h));
      let checked = 0;
      for (const row of rows) {
        if ([row[p], row[r]].some((v) => v === '—')) continue;
        const num = (v) => Number(v.replaceAll(',', ''));
        const diff = num(row[p]) - num(row[r]);
        assert.ok(Math.abs(num(row[g]) - diff) < 0.01, `${region} ${row[0]}: ${row[p]} − ${row[r]} shown as ${row[g]}`);
        checked++;
      }
      assert.ok(checked > 0, region);
    }
    page.assertClean();
    await page.close_();
  });

  test('on a phone the scorecard is cards that fit, and its scroller is reachable by keyboard', async () => {
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url('progress/?region=445202'));
    await page.waitForSelector('table.scorecard');
    const wrap = await page.$eval('table.scorecard', (t) => {
      const w = t.closest('.table-wrap');
      return { scroll: w.scrollWidth, client: w.clientWidth, tabindex: w.getAttribute('tabindex'), name: w.getAttribute('aria-labelledby') };
    });
    assert.ok(wrap.scroll <= wrap.client + 1, `the scorecard scrolls sideways: ${wrap.scroll} > ${wrap.client}`);
    assert.equal(wrap.tabindex, '0');
    assert.ok(wrap.name);
    // Each value is under its label.
    const before = await page.$eval('table.scorecard tbody td', (td) => getComputedStyle(td, '::before').content);
    assert.equal(before, '"年份"');
    const card = await page.locator('table.scorecard tbody tr').first().boundingBox();
    assert.ok(card.width <= PHONE.width, `card ${card.width}px`);
    page.assertClean();
    await page.close_();
  });

  test('the permalink names the dataset version, copies, and an old version is flagged', async () => {
    const page = await site.page();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(site.url('progress/?region=445202'));
    await page.waitForSelector('#permalink');
    const link = await page.inputValue('#permalink');
    assert.equal(new URL(link).searchParams.get('v'), site.manifest.dataset.version);
    await page.click('.copy-permalink');
    await page.waitForSelector('.copy-status:has-text("已复制")');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await page.goto(site.url('progress/?region=445202&v=2024.1.0'));
    await page.waitForSelector('.old-version');
    assert.match(await page.textContent('.old-version'), new RegExp(`2024\\.1\\.0.*${site.manifest.dataset.version.replaceAll('.', '\\.')}`));
    page.assertClean();
    await page.close_();
  });
});

describe('journeys: a flaky network', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('a data file that fails once is fetched again, and the results come', async () => {
    const page = await site.page({ viewport: PHONE, allowConsole: [/Failed to load resource/] });
    let failures = 0;
    await page.route(LIST_SHARD, (route) => {
      if (failures++ < 2) return route.abort('connectionreset');
      return route.continue();
    });
    await page.goto(site.url('finder/?city=442000'));
    // The first page shows at once; the list behind it comes after the retries.
    await page.waitForSelector('.results[data-source="engine"]', { timeout: 20000 });
    assert.ok((await count(page)) > 0, 'results after the retry');
    assert.ok(failures >= 3);
    page.assertClean();
    await page.close_();
  });

  test('offline: the message names the file, fits the phone, and 重试 recovers once the network is back', async () => {
    const page = await site.page({ viewport: PHONE, allowConsole: [/Failed to load resource/] });
    const shard = LIST_SHARD;
    await page.route(shard, (route) => route.abort('internetdisconnected'));
    await page.goto(site.url('finder/?city=442000'));
    const alert = page.locator('.load-error');
    await alert.waitFor({ timeout: 20000 });
    assert.match(await alert.textContent(), /网络请求失败.*shards\/\d+\.list\.[0-9a-f]+\.bin/);
    const box = await alert.boundingBox();
    assert.ok(box.x + box.width <= PHONE.width, `the message runs out of the box: ${box.x + box.width}px`);
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= PHONE.width, `page scrolls sideways (${sw}px)`);
    await page.unroute(shard);
    await page.click('.load-error button.retry');
    assert.ok((await count(page)) > 0, 'results after 重试');
    assert.equal(new URL(page.url()).searchParams.get('city'), '442000', 'the same view');
    page.assertClean();
    await page.close_();
  });
});

describe('journeys: the map', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('choosing from the keyboard list opens the popup in view with focus on it, naming the 服务区', async () => {
    const row = sampleRows(441900).find((r) => r['服务区社区村代码'] && inclusive(r));
    const page = await site.page({ viewport: PHONE });
    await page.goto(site.url(`map/?city=441900&q=${encodeURIComponent(row['幼儿园名称'])}`));
    await page.waitForSelector('.map-list', { state: 'attached' });
    await page.click('.map-list > summary');
    const pick = page.locator('.map-list .point-list button', { hasText: row['幼儿园名称'] }).first();
    await pick.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.map-popup');
    await page.waitForFunction(() => document.activeElement?.closest('.map-popup'));
    const popup = await page.textContent('.map-popup');
    assert.ok(popup.includes(row['幼儿园名称']), popup);
    await page.waitForFunction(() => document.querySelector('.map-popup')?.textContent.includes('招生服务区：'));
    const names = row['服务区社区村代码'].split(';').map((c) => villages.get(c));
    const text = await page.textContent('.map-popup');
    assert.ok(names.every((n) => text.includes(n)), `${names} in ${text}`);
    const box = await page.locator('.map-popup').boundingBox();
    assert.ok(box.y >= 0 && box.y + 20 < PHONE.height, `popup at y=${box.y}`);
    page.assertClean();
    await page.close_();
  });

  test('the map is not shown over the whole coverage while the city loads', async () => {
    const page = await site.page();
    // The city's points arrive late; until they do, no map shows (it would show the whole
    // coverage and a drag there left an empty view), and then it shows the city.
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route(LIST_SHARD, async (route) => { await held; await route.continue(); });
    await page.goto(site.url('map/?city=430200'));
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('.leaflet-container').count(), 0, 'no map before the city is known');
    release();
    await page.waitForSelector('.leaflet-container');
    await page.waitForSelector('.map-list', { state: 'attached' });
    page.assertClean();
    await page.close_();
  });
});
