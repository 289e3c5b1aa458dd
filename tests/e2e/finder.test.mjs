// The parent's journey in the finder: search by Chinese, pinyin and initials; 普惠 by default;
// filters and sorting; all state in the URL; the detail page; CSV of exactly the rows shown;
// hostile parameters; Traditional script.
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gcjToWgs, parseCsv, sampleRows, useSite } from './harness.mjs';


describe('finder', () => {
  const site = useSite({ dir: 'dist', base: '/' });
  const count = async (page) => {
    // The app's count (not that of the view js/early.js paints before it, which the app replaces).
    await page.waitForSelector('body:not(.kg-early) .result-count .count');
    return Number(await page.textContent('.result-count .count'));
  };

  test('shows 普惠 kindergartens by default and every kindergarten when asked', async () => {
    const city = site.manifest.regions[0];
    const rows = sampleRows(city.code);
    const inclusive = rows.filter((r) => !['非营利性民办', '营利性民办'].includes(r['性质'])).length;
    const page = await site.page();
    await page.goto(site.url('finder/'));
    assert.equal(await count(page), inclusive);
    assert.equal(await page.inputValue('#f-city'), String(city.code));
    assert.equal(new URL(page.url()).searchParams.get('city'), String(city.code));
    assert.ok(await page.isChecked('#f-inclusive'));
    const natures = await page.$$eval('.result .nature', (els) => els.map((e) => e.textContent));
    assert.ok(natures.length > 0 && natures.every((n) => !n.includes('营利性民办') && !n.includes('非营利')), natures.join());
    await page.uncheck('#f-inclusive');
    await page.waitForFunction((n) => document.querySelector('.result-count .count').textContent === String(n), city.records);
    assert.equal(new URL(page.url()).searchParams.get('all'), '1');
    page.assertClean();
    await page.close_();
  });

  test('a landing view shows its first page before the city list arrives, and the same items after', async () => {
    // A county-level city (东莞: no 县区 level) and, in 全部, every nature.
    const city = site.manifest.regions.find((r) => r.code === 441900) ?? site.manifest.regions[0];
    const rows = sampleRows(city.code);
    for (const [query, expected] of [['', rows.filter((r) => !['非营利性民办', '营利性民办'].includes(r['性质'])).length], ['&all=1', rows.length]]) {
      const page = await site.page();
      let release;
      const held = new Promise((r) => { release = r; });
      await page.route(/\/shards\/\d+\.list\.[0-9a-f]+\.bin$/, async (route) => { await held; await route.continue(); });
      await page.goto(site.url(`finder/?city=${city.code}${query}`));
      await page.waitForSelector('.results[data-source="first-page"] .result');
      assert.equal(await count(page), expected, 'the whole city is counted, not the first page');
      const names = () => page.$$eval('.results .result-name', (els) => els.map((e) => [e.textContent, e.getAttribute('href')]));
      const before = await names();
      assert.equal(before.length, Math.min(50, expected));
      assert.ok(await page.isVisible('button.more') === expected > 50);
      // 显示更多 is there, in place, but waits for the engine (the first page holds 50).
      if (expected > 50) assert.ok(await page.isDisabled('button.more'));
      // Where 显示更多 sits, and the first item's element, as the first page has them.
      const place = () => page.evaluate(() => {
        const more = document.querySelector('button.more');
        return more && Math.round(more.getBoundingClientRect().top + window.scrollY);
      });
      const moreAt = await place();
      await page.evaluate(() => { window.kgFirstItem = document.querySelector('.results .result'); });
      release();
      await page.waitForSelector('.results[data-source="engine"]');
      assert.deepEqual(await names(), before, 'the engine shows the same items in the same order');
      // The engine takes over the same elements: nothing is drawn again, nothing moves.
      assert.ok(await page.evaluate(() => window.kgFirstItem === document.querySelector('.results .result')), 'the first item drawn again');
      assert.equal(await place(), moreAt, '显示更多 moved when the engine took over');
      if (expected > 50) {
        await page.click('button.more');
        await page.waitForFunction((n) => document.querySelectorAll('.results .result').length === n, Math.min(100, expected));
      }
      assert.equal(await count(page), expected);
      assert.ok(page.paths.some((u) => /\/shards\/\d+\.first\.[0-9a-f]+\.bin$/.test(u)), page.paths.join('\n'));
      page.assertClean();
      await page.close_();
    }
  });

  test('in 繁體 the first page shows Traditional names, the same the engine shows after it', async () => {
    // A city of another province than the default (株洲市), in Traditional.
    const city = site.manifest.regions.find((r) => r.code === 430200) ?? site.manifest.regions.at(-1);
    const simplified = new Set(sampleRows(city.code).map((r) => r['幼儿园名称']));
    const page = await site.page();
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route(/\/shards\/\d+\.list\.[0-9a-f]+\.bin$/, async (route) => { await held; await route.continue(); });
    await page.goto(site.url(`finder/?city=${city.code}&all=1&lang=zh-Hant`));
    await page.waitForSelector('.results[data-source="first-page"] .result');
    const names = () => page.$$eval('.results .result-name', (els) => els.map((e) => e.textContent));
    const before = await names();
    assert.equal(before.length, Math.min(50, simplified.size));
    assert.ok(before.some((n) => !simplified.has(n)), `no name was converted: ${before.slice(0, 5).join('、')}`);
    release();
    await page.waitForSelector('.results[data-source="engine"]');
    assert.deepEqual(await names(), before);
    page.assertClean();
    await page.close_();
  });

  test('a permalink with a filter waits for the city list: no first page of another view', async () => {
    const city = site.manifest.regions[0];
    const page = await site.page();
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route(/\/shards\/\d+\.list\.[0-9a-f]+\.bin$/, async (route) => { await held; await route.continue(); });
    await page.goto(site.url(`finder/?city=${city.code}&fee_max=1500`));
    await page.waitForTimeout(800);
    assert.equal(await page.$('.results .result'), null, 'no result shown before the list');
    assert.equal(await page.$('.result-count .count'), null);
    assert.ok(!page.paths.some((u) => /\.first\./.test(u)), 'no first page fetched for a filtered view');
    release();
    await page.waitForSelector('.results[data-source="engine"] .result');
    const fees = await page.$$eval('.result .fee', (els) => els.map((e) => Number(e.textContent.match(/\d+/)[0])));
    assert.ok(fees.length > 0 && fees.every((f) => f <= 1500), fees.join());
    page.assertClean();
    await page.close_();
  });

  test('a first visit loads the city list and its divisions, not the map library or the statistics', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/'));
    await count(page);
    await page.waitForTimeout(300);
    const urls = [...page.paths];
    assert.ok(urls.some((u) => /\/shards\/\d+\.list\.[0-9a-f]+\.bin$/.test(u)), urls.join('\n'));
    assert.ok(urls.some((u) => /\/geo\/\d+\.divisions\.[0-9a-f]+\.bin$/.test(u)), urls.join('\n'));
    assert.ok(!urls.some((u) => u.includes('leaflet') || u.includes('/stats.') || u.includes('.detail.')), urls.join('\n'));
    // Each file once: the app takes what js/prefetch.js started instead of downloading it again.
    for (const re of [/manifest\.json$/, /\.first\.[0-9a-f]+\.bin$/, /\.list\.[0-9a-f]+\.bin$/, /\.divisions\.[0-9a-f]+\.bin$/]) {
      assert.equal(urls.filter((u) => re.test(u)).length, 1, `${re} requested once:\n${urls.join('\n')}`);
    }
    // The deployed finder does not carry the benchmark's entry points.
    assert.equal(await page.evaluate(() => typeof (window.wasmBindings || {}).kg_bench_decode_list), 'undefined');
    // The county picker is filled from the divisions file.
    const counties = await page.$$eval('#f-county option', (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent.trim()]));
    const city = site.manifest.regions[0];
    const expected = [...new Set(sampleRows(city.code).map((r) => r['县区代码']))].sort();
    assert.deepEqual(counties.map((c) => c[0]).sort(), expected);
    assert.ok(counties.every(([, name]) => /[区县市旗]$/.test(name)), JSON.stringify(counties));
    page.assertClean();
    await page.close_();
  });

  test('finds by Chinese substring, full pinyin and initials, and keeps the query in the URL', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/'));
    await count(page);
    for (const q of ['新华实验', 'xinhuashiyan', 'xhsy', 'ＸＨＳＹ']) {
      await page.fill('#f-q', q);
      await page.waitForFunction(() => document.querySelectorAll('.result-name').length === 1);
      assert.equal(await page.textContent('.result-name'), '新华实验幼儿园', q);
    }
    assert.equal(new URL(page.url()).searchParams.get('q'), 'ＸＨＳＹ');
    // A reload reproduces the view.
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('.result-name').length === 1);
    assert.equal(await page.inputValue('#f-q'), 'ＸＨＳＹ');
    // One tap clears every filter.
    await page.click('button:has-text("清除筛选")');
    await page.waitForFunction(() => document.querySelectorAll('.result-name').length > 1);
    assert.equal(await page.inputValue('#f-q'), '');
    assert.equal(new URL(page.url()).search, `?city=${site.manifest.regions[0].code}`);
    page.assertClean();
    await page.close_();
  });

  test('filters and sorts by fee, and the CSV has exactly the rows shown', async () => {
    const page = await site.page();
    await page.goto(site.url(`finder/?city=${site.manifest.regions[0].code}&fee_min=500&fee_max=1000&sort=fee_desc`));
    const n = await count(page);
    assert.ok(n > 0);
    const fees = await page.$$eval('.result .fee', (els) => els.map((e) => Number(e.textContent.match(/\d+/)[0])));
    assert.ok(fees.every((f) => f >= 500 && f <= 1000), 'fee range');
    // Active conditions are listed next to the count, whatever is folded away.
    const chips = await page.$$eval('.active-filters .chip', (els) => els.map((e) => e.textContent));
    assert.ok(chips.some((c) => c.includes('保教费 ≥ 500')) && chips.some((c) => c.includes('保教费 ≤ 1000')), chips.join());
    assert.deepEqual(fees, [...fees].sort((a, b) => b - a), 'sorted by fee, highest first');
    assert.equal(await page.inputValue('#f-fee'), '1000');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("下载当前结果")')]);
    const csv = readFileSync(await download.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM for Excel');
    const lines = csv.toString('utf8').trim().split('\n');
    assert.equal(lines.length, n + 1);
    assert.match(lines[0], /保教费/);
    assert.ok(lines.slice(1).every((l) => l.includes(site.manifest.dataset.version)));
    // Row for row the list as shown: the same kindergartens in the same order, with their fees.
    const [head, ...rows] = parseCsv(csv.toString('utf8').replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
    assert.deepEqual(head, ['编号', '名称', '性质', '等级', '保教费（元/月）', '县区代码', '乡镇街道代码', '地址',
      '经度（GCJ-02）', '纬度（GCJ-02）', '在园幼儿', '核定学位', '提示数', '数据版本']);
    const shownNames = await page.$$eval('.result .result-name', (els) => els.map((e) => e.textContent));
    assert.deepEqual(rows.slice(0, shownNames.length).map((r) => r[1]), shownNames);
    assert.deepEqual(rows.slice(0, fees.length).map((r) => Number(r[4])), fees);
    // One tap removes one condition.
    await page.click('.active-filters .chip:has-text("保教费 ≥ 500")');
    await page.waitForFunction(() => !location.search.includes('fee_min'));
    assert.ok((await count(page)) >= n);
    page.assertClean();
    await page.close_();
  });

  test('返回查找结果 on a detail page returns to the search as it was, filters and all', async () => {
    // A parent narrows 株洲's list (a city other than the default) to 公办 with a 托班 and a fee cap.
    const page = await site.page({ viewport: { width: 360, height: 800 } });
    await page.goto(site.url('finder/?city=430200&all=1&nature=0,6&toddler=1&fee_max=800'));
    const n = await count(page);
    const search = new URL(page.url()).search;
    const total = site.manifest.regions.find((r) => r.code === 430200).records;
    assert.ok(n > 0 && n < total / 4, `${n} of ${total}: a narrowed search`);
    await page.locator('.result .result-name').first().click();
    await page.waitForSelector('.fields');
    await page.click('text=返回查找结果');
    assert.equal(await count(page), n, 'the same results, not the whole city');
    assert.equal(new URL(page.url()).search, search);
    // A detail page opened on its own (a shared link) goes back to its city's list.
    const p2 = await site.page();
    const detail = await page.locator('.result .result-name').first().getAttribute('href');
    await p2.goto(new URL(detail, site.origin).href);
    await p2.waitForSelector('.fields');
    assert.match(await p2.getAttribute('text=返回查找结果', 'href'), /finder\/\?city=430200$/);
    await p2.close_();
    page.assertClean();
    await page.close_();
  });

  test('a result opens its detail page with every field and its warnings explained', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/?all=1'));
    await count(page);
    // The first kindergarten with warnings.
    const link = page.locator('.result:has(.flags) .result-name').first();
    const name = await link.textContent();
    await link.click();
    await page.waitForSelector('h1#page-title');
    assert.equal(await page.textContent('h1#page-title'), name);
    assert.match(new URL(page.url()).pathname, /\/kindergarten\/$/);
    const warnings = await page.$$eval('.warning', (els) => els.map((e) => e.textContent));
    assert.ok(warnings.length > 0);
    assert.ok(warnings.every((w) => /[：:]/.test(w)), 'each warning has an explanation');
    assert.match(await page.textContent('.fee'), /\d+ 元\/月/);
    assert.match(await page.textContent('.kg-meta'), new RegExp(site.manifest.dataset.version.replace('.', '\\.')));
    // The permalink works on its own.
    const url = page.url();
    const p2 = await site.page();
    await p2.goto(url);
    await p2.waitForSelector('.warning');
    assert.equal(await p2.textContent('h1#page-title'), name);
    await p2.close_();
    await page.click('text=返回查找结果');
    await count(page);
    page.assertClean();
    await page.close_();
  });

  test('the 性质 filter shows only that nature and is restored from the URL', async () => {
    const page = await site.page();
    await page.goto(site.url(`finder/?city=${site.manifest.regions[0].code}&all=1`));
    await count(page);
    await page.click('summary:has-text("更多筛选")');
    await page.selectOption('#f-nature', '6');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('nature') === '6');
    const natures = await page.$$eval('.result .nature', (els) => els.map((e) => e.textContent));
    assert.ok(natures.length > 0 && natures.every((n) => n === '普惠性民办'), natures.join());
    await page.reload();
    await count(page);
    assert.equal(await page.inputValue('#f-nature'), '6');
    page.assertClean();
    await page.close_();
  });

  test('an unknown id says so plainly', async () => {
    const page = await site.page();
    await page.goto(site.url(`kindergarten/?city=${site.manifest.regions[0].code}&id=NOPE`));
    await page.waitForSelector('.not-found');
    page.assertClean();
    await page.close_();
  });

  test('hostile parameters are named and ignored; the page still works', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/?city=%3Cscript%3E&fee_max=-5&sort=%22%3E%3Cimg%20src%3Dx%3E&near=0,0&nature=99'));
    await page.waitForSelector('.param-notice');
    const notice = await page.textContent('.param-notice');
    for (const p of ['city=', 'fee_max=-5', 'sort=', 'near=0,0', 'nature=99']) assert.ok(notice.includes(p), p);
    assert.ok((await count(page)) > 0, 'defaults applied');
    assert.equal(await page.locator('main img').count(), 0);
    page.assertClean();
    await page.close_();
  });

  test('in 繁體 the results are in Traditional script and Traditional input finds them', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/?lang=zh-Hant'));
    await page.waitForSelector('.result-name:has-text("幼兒園")');
    await page.fill('#f-q', '新華實驗');
    await page.waitForFunction(() => document.querySelectorAll('.result-name').length === 1);
    assert.equal(await page.textContent('.result-name'), '新華實驗幼兒園');
    page.assertClean();
    await page.close_();
  });
});

describe('finder: near me and my service zone', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('near me converts the GPS position to GCJ-02 before measuring', async () => {
    const city = site.manifest.regions[0].code;
    const row = sampleRows(city).find((r) => ['教育部门办', '普惠性民办'].includes(r['性质']));
    const [lon, lat] = gcjToWgs(Number(row['经度（度）']), Number(row['纬度（度）']));
    const page = await site.page({ geolocation: { longitude: lon, latitude: lat } });
    await page.goto(site.url(`finder/?city=${city}`));
    await page.waitForSelector('.result-count .count');
    await page.click('button.near-me');
    await page.waitForSelector('.result .distance');
    assert.equal(await page.textContent('.result-name >> nth=0'), row['幼儿园名称']);
    const d = await page.textContent('.result .distance >> nth=0');
    const metres = Number(d.match(/([\d.]+)\s*米/)?.[1] ?? 1e9);
    assert.ok(metres < 30, `nearest is ${d}: an unconverted position would be hundreds of metres off`);
    assert.ok(new URL(page.url()).searchParams.get('near'));
    assert.ok(await page.isVisible('text=直线距离'));
    page.assertClean();
    await page.close_();
  });

  test('choosing 县区 → 乡镇/街道 → 社区/村 lists the kindergartens whose zone admits it', async () => {
    const city = site.manifest.regions[0].code;
    const row = sampleRows(city).find((r) => r['服务区社区村代码']);
    const village = row['服务区社区村代码'].split(';')[0];
    const page = await site.page();
    await page.goto(site.url(`finder/?city=${city}`));
    await page.waitForSelector('.result-count .count');
    await page.selectOption('#f-county', row['县区代码']);
    await page.waitForSelector(`#f-town option[value="${row['乡镇街道代码']}"]`, { state: 'attached' });
    await page.selectOption('#f-town', row['乡镇街道代码']);
    await page.waitForSelector(`#f-village option[value="${village}"]`, { state: 'attached' });
    await page.selectOption('#f-village', village);
    await page.waitForSelector('.zone-result');
    const names = await page.$$eval('.result-name', (els) => els.map((e) => e.textContent));
    assert.ok(names.includes(row['幼儿园名称']), `${row['幼儿园名称']} admits ${village}`);
    const expected = sampleRows(city).filter((r) => r['服务区社区村代码'].split(';').includes(village)).length;
    assert.equal(names.length, expected);
    assert.equal(new URL(page.url()).searchParams.get('village'), village);
    // Plus the nearest other 普惠 kindergartens, none of them already listed.
    const others = await page.$$eval('.nearby li a', (els) => els.map((e) => e.textContent));
    assert.ok(others.length >= 1 && others.length <= 5, others.join());
    assert.ok(others.every((o) => !names.includes(o)));
    page.assertClean();
    await page.close_();
  });
});

describe('shortlist and compare', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('shortlist up to four, compare side by side with differences marked, kept in the browser', async () => {
    const page = await site.page();
    await page.goto(site.url('finder/?all=1'));
    await page.waitForSelector('.result .shortlist-btn');
    const names = await page.$$eval('.result-name', (els) => els.slice(0, 5).map((e) => e.textContent));
    for (let i = 0; i < 4; i++) await page.locator('.result .shortlist-btn').nth(i).click();
    assert.equal(await page.textContent('.shortlist-count'), '4');
    assert.equal(await page.getAttribute('.result .shortlist-btn >> nth=0', 'aria-pressed'), 'true');
    await page.locator('.result .shortlist-btn').nth(4).click();
    await page.waitForSelector('text=最多对比 4 所幼儿园');
    assert.equal(await page.textContent('.shortlist-count'), '4');
    // Kept across a reload, in this browser only.
    await page.reload();
    await page.waitForSelector('.shortlist-count');
    assert.equal(await page.textContent('.shortlist-count'), '4');
    await page.click('.shortlist-bar a');
    await page.waitForSelector('table.compare');
    const heads = await page.$$eval('table.compare thead th', (els) => els.slice(1).map((e) => e.childNodes[0].textContent));
    assert.deepEqual(heads, names.slice(0, 4));
    assert.match(new URL(page.url()).searchParams.get('ids'), /^\d{6}:[^,]+(,\d{6}:[^,]+){3}$/);
    const differs = await page.$$eval('table.compare tr.differs th', (els) => els.map((e) => e.textContent));
    assert.ok(differs.some((d) => d.includes('地址') && d.includes('（不同）')), 'differences said in words');
    // The permalink works in a fresh browser.
    const url = page.url();
    const p2 = await site.page();
    await p2.goto(url);
    await p2.waitForSelector('table.compare');
    assert.equal(await p2.locator('table.compare thead th').count(), 5);
    await p2.close_();
    page.assertClean();
    await page.close_();
  });

  test('hostile ids on the compare page give a plain message', async () => {
    const page = await site.page();
    await page.goto(site.url('compare/?ids=%3Cscript%3E,1:2,445200:'));
    await page.waitForSelector('.compare-empty');
    page.assertClean();
    await page.close_();
  });
});

describe('accessibility of the finder, detail and compare pages', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('axe finds no serious or critical violations', async () => {
    const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
    const page = await site.page({ bypassCSP: true });
    const city = site.manifest.regions[0].code;
    const rows = sampleRows(city);
    const ids = rows.slice(0, 2).map((r) => `${city}:${r['统一社会信用代码'] || r['办学许可证号']}`);
    const pages = [
      [`finder/?city=${city}&all=1&county=${rows[0]['县区代码']}`, '.result'],
      [`kindergarten/?city=${city}&id=${encodeURIComponent(ids[0].split(':')[1])}`, '.fields'],
      [`compare/?ids=${ids.map(encodeURIComponent).join(',')}`, 'table.compare'],
    ];
    for (const lang of ['', '&lang=zh-Hant']) {
      for (const [path, ready] of pages) {
        await page.goto(site.url(path + lang));
        await page.waitForSelector(ready);
        await page.addScriptTag({ content: axe });
        const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
        const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
        assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], path + lang);
      }
    }
    page.assertClean();
    await page.close_();
  });
});
