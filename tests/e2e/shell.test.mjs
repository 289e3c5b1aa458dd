// The app shell: every route renders, the language and large-text switches work and persist,
// the dataset's version and sample badge are shown, hostile URLs are harmless, no third party
// is contacted, and each page passes an axe accessibility scan.
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ready, useSite } from './harness.mjs';

const ROUTES = [
  ['', '首页', '查询幼儿园的性质、收费、师资、等级和服务区'],
  ['finder/', '找幼儿园', '找幼儿园'],
  ['map/', '地图', '地图'],
  ['progress/', '区县进展', '区县进展'],
  ['progress/?view=compare&region=445200&ind=public_share,new_public_seats', '区县进展', '区县进展'],
  ['embed/', '嵌入', '嵌入'],
  ['data/', '数据与方法', '数据与方法'],
  ['policy/', '政策文件', '政策文件'],
  ['policy/?doc=001', '政策文件', '株洲市学前教育发展提升行动计划（2023－2025年）'],
  ['policy/?doc=003', '政策文件', '广东省推动基础教育高质量发展行动方案'],
];

for (const [dir, base] of [['dist', '/'], ['dist-sub', '/jyj/kg/']]) {
  describe(`app shell served at ${base}`, () => {
    const site = useSite({ dir, base });

    test('every route renders its page by direct link and marks its nav entry', async () => {
      const page = await site.page();
      for (const [path, nav, h1] of ROUTES) {
        await page.goto(site.url(path));
        await ready(page);
        assert.equal((await page.textContent('main h1')).trim(), h1, path);
        const current = page.locator('.nav a[aria-current="page"]');
        assert.equal((await current.textContent()).trim(), nav, path);
      }
      page.assertClean();
      await page.close_();
    });

    test('navigating by clicking opens the page; the home page loads only its own code', async () => {
      const page = await site.page();
      await page.goto(site.url(''));
      await ready(page);
      await page.waitForSelector('.dataset-version');
      const urls = [...page.paths];
      // The home entry: its own wasm, the manifest, no map glue, no other entry's code, no data shard.
      assert.equal(urls.filter((u) => u.endsWith('.wasm')).length, 1, urls.join('\n'));
      assert.ok(urls.some((u) => /\/kg-app-[0-9a-f]+_bg\.wasm$/.test(u)), urls.join('\n'));
      assert.ok(!urls.some((u) => u.includes('kgmap') || u.includes('leaflet') || u.includes('/shards/')), urls.join('\n'));
      await page.click('nav >> text=数据与方法');
      await page.waitForSelector('text=数据文件');
      assert.equal(new URL(page.url()).pathname, `${base}data/`);
      // The data page lists the manifest's sources.
      for (const s of site.manifest.sources) assert.ok(await page.isVisible(`main td:has-text("${s.name}")`), s.name);
      await page.click('nav >> text=首页');
      await page.waitForSelector('text=查询幼儿园的性质');
      page.assertClean();
      await page.close_();
    });

    test('header shows the dataset version and the sample badge on every page', async () => {
      const page = await site.page();
      for (const [path] of ROUTES) {
        await page.goto(site.url(path));
        await page.waitForSelector('.dataset-version');
        assert.equal((await page.textContent('header .version')).trim(), site.manifest.dataset.version);
        assert.equal((await page.textContent('header .dataset-name')).trim(), site.manifest.dataset.name);
        assert.equal(await page.isVisible('header .badge-sample'), site.manifest.dataset.sample);
        assert.equal(await page.isVisible('.sample-notice'), site.manifest.dataset.sample);
      }
      page.assertClean();
      await page.close_();
    });

    test('language switch changes the UI text, is carried in the URL and remembered', async () => {
      const page = await site.page();
      await page.goto(site.url('finder/'));
      await ready(page);
      await page.waitForSelector('.results[data-source="engine"] .result');
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      const names = () => page.$$eval('.results .result-name', (as) => as.map((a) => a.textContent));
      assert.ok((await names()).some((n) => n.includes('幼儿园')), 'some results are named …幼儿园');
      await page.click('button:has-text("繁體")');
      await page.waitForSelector('nav >> text=找幼兒園');
      assert.equal((await page.textContent('main h1')).trim(), '找幼兒園');
      // The results already on screen are written again in Traditional: their labels at once,
      // their names once the publication's character map has arrived, and their links carry it on.
      await page.waitForFunction(() => [...document.querySelectorAll('.results .result-name')].every((a) => !/[儿园]/.test(a.textContent)));
      assert.ok((await names()).some((n) => n.includes('幼兒園')), 'the names are in Traditional script');
      for (const fee of await page.$$eval('.results .result .fee', (fs) => fs.map((f) => f.textContent))) assert.match(fee, /^保教費 \d+ 元\/月$/);
      assert.match(await page.getAttribute('.results .result-name', 'href'), /lang=zh-Hant/);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
      assert.equal(new URL(page.url()).searchParams.get('lang'), 'zh-Hant');
      assert.equal(await page.getAttribute('button:has-text("繁體")', 'aria-pressed'), 'true');
      // Links carry the language on.
      assert.match(await page.getAttribute('nav a:has-text("地圖")', 'href'), /lang=zh-Hant/);
      // A new visit without ?lang remembers the choice.
      await page.goto(site.url('map/'));
      await page.waitForSelector('nav >> text=找幼兒園');
      // ?lang in the URL wins over the stored choice.
      await page.goto(site.url('map/?lang=zh-Hans'));
      await page.waitForSelector('nav >> text=找幼儿园');
      page.assertClean();
      await page.close_();
    });

    test('large-text mode enlarges the text and is remembered', async () => {
      const page = await site.page();
      await page.goto(site.url(''));
      await ready(page);
      const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize));
      const before = await size();
      await page.click('button:has-text("大字模式")');
      await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
      assert.ok((await size()) >= before * 1.2, 'text got larger');
      await page.reload();
      await ready(page);
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large-text')));
      page.assertClean();
      await page.close_();
    });

    test('home search leads to the finder with the query shown as text', async () => {
      const page = await site.page();
      await page.goto(site.url(''));
      await ready(page);
      await page.fill('#home-q', '<b>星桥</b>');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#f-q');
      assert.equal(new URL(page.url()).pathname, `${base}finder/`);
      assert.equal(await page.inputValue('#f-q'), '<b>星桥</b>');
      await page.waitForSelector('.result-count .count');
      assert.equal(await page.locator('main b').count(), 0, 'no markup injected');
      page.assertClean();
      await page.close_();
    });

    test('hostile URL parameters are ignored visibly and never break the page', async () => {
      const page = await site.page();
      let dialogs = 0;
      page.on('dialog', (d) => { dialogs++; d.dismiss(); });
      const hostile = encodeURIComponent('"><img src=x onerror=alert(1)><script>alert(2)</script>');
      await page.goto(site.url(`finder/?lang=${hostile}&q=${hostile}&x=%FF%FE`));
      await ready(page);
      assert.ok(await page.isVisible('.param-notice'), 'bad lang noticed');
      await page.waitForSelector('.result-count .count');
      assert.equal(await page.locator('main img, .param-notice img').count(), 0);
      assert.equal(dialogs, 0);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      page.assertClean();
      await page.close_();
    });

    test('an unknown path shows a page-not-found message, not a blank page', async () => {
      const page = await site.page({ allowConsole: [/404/] });
      const resp = await page.goto(site.url('no/such/page'));
      assert.equal(resp.status(), 404);
      await ready(page);
      assert.equal((await page.textContent('main h1')).trim(), '找不到这个页面');
      page.assertClean();
      await page.close_();
    });

    test('a failed or corrupt manifest gives a clear message naming the file', async () => {
      for (const [status, body] of [[500, 'oops'], [200, '{"schema_version": 1, "dataset": ']]) {
        const page = await site.page({ allowConsole: [/500/] });
        await page.route('**/data/manifest.json', (r) => r.fulfill({ status, body, contentType: 'application/json' }));
        await page.goto(site.url(''));
        await ready(page);
        const alert = await page.waitForSelector('[role="alert"]');
        const text = await alert.textContent();
        assert.match(text, /数据清单加载失败/);
        assert.match(text, /manifest\.json/);
        // The rest of the page still works.
        assert.ok(await page.isVisible('nav >> text=找幼儿园'));
        page.assertClean();
        await page.close_();
      }
    });

    test('fits a 360 px phone and 200% zoom without horizontal scrolling', async () => {
      for (const width of [360, 320]) {
        const page = await site.page({ viewport: { width, height: 740 } });
        for (const [path] of ROUTES) {
          await page.goto(site.url(path));
          await ready(page);
          const sw = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(sw <= width, `${path} at ${width}px scrolls sideways (${sw}px)`);
        }
        page.assertClean();
        await page.close_();
      }
    });

    test('each page is served by its own entry; a host that serves one index.html everywhere gets a link, not a loop', async () => {
      const home = readFileSync(`${dir}/index.html`, 'utf8');
      assert.notEqual(readFileSync(`${dir}/finder/index.html`, 'utf8'), home, 'the finder has its own entry');
      assert.notEqual(readFileSync(`${dir}/map/index.html`, 'utf8'), readFileSync(`${dir}/finder/index.html`, 'utf8'), 'the map has its own entry');
      const page = await site.page();
      // A misconfigured host: every path answers with the home page's HTML.
      await page.route(`${site.origin}${base}finder/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: home }));
      let loads = 0;
      page.on('load', () => loads++);
      await page.goto(site.url('finder/?q=x'));
      await page.waitForSelector('main h1');
      assert.equal((await page.textContent('main h1')).trim(), '正在打开页面');
      assert.equal(await page.getAttribute('main a[rel="external"]', 'href'), site.url('finder/?q=x'));
      await page.waitForTimeout(500);
      assert.equal(loads, 1, 'no reload loop');
      page.assertClean();
      await page.close_();
    });

    test('keyboard: skip link moves focus to the main content', async () => {
      const page = await site.page();
      await page.goto(site.url(''));
      await ready(page);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
      page.assertClean();
      await page.close_();
    });

    test('axe finds no serious or critical accessibility violations on any page', async () => {
      const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
      // At a phone's width and a desktop's, in both scripts, and in 大字模式 (on the phone, where
      // it matters most); once is enough for the sub-path build.
      const runs = base === '/'
        ? [[1280, false], [360, false], [360, true]]
        : [[1280, false]];
      for (const [width, large] of runs) {
        // axe is injected as an inline script, which the site's CSP rightly blocks: bypass it here only.
        const page = await site.page({ bypassCSP: true, viewport: { width, height: 800 } });
        if (large) await page.addInitScript(() => localStorage.setItem('kgportal.largeText', '1'));
        for (const lang of ['', '?lang=zh-Hant']) {
          for (const [path] of ROUTES) {
            const url = site.url(path) + (lang && (path.includes('?') ? '&' + lang.slice(1) : lang));
            await page.goto(url);
            await ready(page);
            await page.waitForSelector('.dataset-version');
            // Wait for the page's own content (tables, lists), not just the shell.
            await page.waitForTimeout(300);
            await page.addScriptTag({ content: axe });
            const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
            const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
            assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `${url} at ${width}px${large ? ' 大字模式' : ''}`);
          }
        }
        page.assertClean();
        await page.close_();
      }
    });
  });
}
