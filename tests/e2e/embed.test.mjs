// Widgets on a bureau's page: a host page on another origin with a strict CSP of its own frames
// every widget, with and without the auto-height script. Widgets render, size themselves only
// through checked messages, store nothing and fetch nothing but the portal's files. Random and
// hostile parameters always give a readable frame. The builder's code is what its preview runs.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';
import { shellSizes } from '../bench/shell-sizes.mjs';

const WIDGETS = {
  scorecard: 'w=scorecard&region=445202',
  chart: 'w=chart&region=445200&ind=inclusive_share',
  zone: 'w=zone&region=445202',
  map: 'w=map&region=445202',
};

describe('widgets', () => {
  const site = useSite({ dir: 'dist', base: '/' });
  let host, hostOrigin;
  before(async () => {
    host = createServer((req, res) => {
      const portal = site.origin;
      const withScript = req.url.startsWith('/script');
      // The builder's default height (480), or a small one.
      const height = req.url.includes('tall') ? 480 : 150;
      const frames = Object.entries(WIDGETS).map(([k, q]) =>
        `<iframe id="w-${k}" src="${portal}/widget/?${q}" title="${k}" width="100%" height="${height}" data-kgportal></iframe>`).join('\n');
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        // The host's own strict policy: frames and (optionally) the helper from the portal only.
        'Content-Security-Policy': `default-src 'none'; frame-src ${portal}; script-src ${portal}; style-src 'none'; img-src 'none'`,
      });
      // A long page above the frames puts them below the fold.
      const above = req.url.includes('below') ? '<p>通知公告</p>\n'.repeat(120) : '';
      res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某区教育局</title></head><body>
<h1>某区教育局 · 学前教育</h1>
${above}${frames}
${withScript ? `<script src="${portal}/embed.js" async></script>` : ''}
</body></html>`);
    });
    await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
    hostOrigin = `http://127.0.0.1:${host.address().port}`;
  });
  after(() => host?.close());

  async function hostPage(path) {
    const context = await site.browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    context.on('request', (r) => {
      const o = new URL(r.url()).origin;
      if (o !== hostOrigin && o !== site.origin && !r.url().startsWith('data:')) problems.push(`request elsewhere: ${r.url()}`);
    });
    await page.goto(`${hostOrigin}${path}`);
    return { page, problems, close: () => context.close() };
  }

  async function expectRendered(page) {
    const f = (k) => page.frameLocator(`#w-${k}`);
    await f('scorecard').locator('table.scorecard tbody tr').first().waitFor();
    assert.ok(await f('scorecard').locator('table.scorecard tbody tr').count() >= 10);
    assert.match(await f('scorecard').locator('h1').textContent(), /榕城区/);
    await f('chart').locator('canvas[data-drawn="1"]').waitFor();
    await f('zone').locator('#w-town option').nth(1).waitFor({ state: 'attached' });
    await f('map').locator('.map-count .count').waitFor();
    assert.ok(Number(await f('map').locator('.map-count .count').textContent()) > 10);
    for (const k of Object.keys(WIDGETS)) {
      assert.match(await f(k).locator('.widget-meta').textContent(), /数据版本/);
      const link = f(k).locator('.widget-link a');
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.ok((await link.getAttribute('href')).startsWith('/'), 'opens the portal itself');
    }
  }

  test('every widget renders by plain iframe on another origin, storing nothing', async () => {
    const { page, problems, close } = await hostPage('/plain');
    await expectRendered(page);
    // Without the helper the frames keep the height the host gave them.
    assert.equal(await page.$eval('#w-scorecard', (f) => f.clientHeight), 150);
    for (const frame of page.frames().filter((f) => f.url().startsWith(site.origin))) {
      assert.deepEqual(await frame.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]), [0, 0, '']);
    }
    assert.deepEqual(problems, []);
    await close();
  });

  test('a short widget in a taller frame shrinks to its content with embed.js', async () => {
    const { page, problems, close } = await hostPage('/script-tall');
    await page.frameLocator('#w-zone').locator('#w-town').waitFor();
    await page.waitForFunction(() => document.getElementById('w-zone').getBoundingClientRect().height < 470);
    // Neither cut off nor padded: the frame's document does not overflow, and is not much taller
    // than the widget in it.
    const [scroll, client, main] = await page.frameLocator('#w-zone').locator('html').evaluate((h) =>
      [h.scrollHeight, h.clientHeight, document.querySelector('main').getBoundingClientRect().bottom]);
    assert.ok(scroll <= client + 1, `the widget overflows its frame: ${scroll} > ${client}`);
    assert.ok(client - main < 40, `${client - main}px of blank under the widget`);
    assert.deepEqual(problems, []);
    await close();
  });

  test('frames below the fold take their height without being scrolled to', async () => {
    const { page, problems, close } = await hostPage('/script-below');
    assert.ok(await page.$eval('#w-zone', (f) => f.getBoundingClientRect().top > innerHeight), 'the frames start below the fold');
    // Chromium does not render such frames, so resize observations alone never arrive.
    await page.waitForFunction(() => ['w-scorecard', 'w-chart', 'w-zone'].every((id) => document.getElementById(id).getBoundingClientRect().height > 200), null, { timeout: 15000 });
    assert.equal(await page.evaluate(() => scrollY), 0, 'nothing scrolled');
    assert.deepEqual(problems, []);
    await close();
  });

  test('the zone widget for a whole city groups its 乡镇/街道 by 县区', async () => {
    const page = await site.page();
    await page.goto(site.url('widget/?w=zone&region=445200'));
    await page.waitForSelector('#w-town optgroup', { state: 'attached' });
    const groups = await page.$$eval('#w-town optgroup', (gs) => gs.map((g) => [g.label, g.querySelectorAll('option').length]));
    assert.ok(groups.length >= 3, JSON.stringify(groups));
    assert.ok(groups.every(([label, n]) => /[区县市]$/.test(label) && n > 0), JSON.stringify(groups));
    page.assertClean();
    await page.close_();
  });

  // A parent's journey in the zone widget: a 乡镇/街道, then a 社区/村, then the kindergartens whose
  // service zone has it, each linking to its page in a new tab; a new 乡镇 clears the answer.
  for (const [q, hant] of [['w=zone&region=445202', false], ['w=zone&region=441900&lang=zh-Hant', true]]) {
    test(`the zone widget answers for a 社区/村: ?${q}`, async () => {
      const page = await site.page({ viewport: { width: 360, height: 700 } });
      await page.goto(site.url(`widget/?${q}`));
      await page.waitForSelector('#w-town option:nth-child(2), #w-town optgroup option', { state: 'attached' });
      const towns = await page.$$eval('#w-town option', (os) => os.map((o) => o.value).filter(Boolean));
      assert.ok(towns.length > 3, `towns: ${towns.length}`);
      let found = null;
      for (const town of towns.slice(0, 12)) {
        await page.selectOption('#w-town', town);
        const villages = await page.$$eval('#w-village option', (os) => os.map((o) => o.value).filter(Boolean));
        for (const v of villages.slice(0, 8)) {
          await page.selectOption('#w-village', v);
          await page.waitForSelector('.zone-count .count');
          if (Number(await page.textContent('.zone-count .count')) > 0) { found = [town, v]; break; }
        }
        if (found) break;
      }
      assert.ok(found, 'some 社区/村 of the first 乡镇 has a kindergarten admitting from it');
      const n = Number(await page.textContent('.zone-count .count'));
      const items = await page.$$eval('.zone-results li', (ls) => ls.map((l) => {
        const a = l.querySelector('a');
        return { text: l.textContent, href: a.getAttribute('href'), target: a.target, name: a.textContent };
      }));
      assert.equal(items.length, n);
      for (const it of items) {
        assert.match(it.href, hant ? /^\/kindergarten\/\?city=\d{6}&id=[^&]+&lang=zh-Hant$/ : /^\/kindergarten\/\?city=\d{6}&id=[^&]+$/);
        assert.equal(it.target, '_blank');
        assert.ok(it.name.length > 2, it.text);
        assert.match(it.text, hant ? /保教費 \d+ 元\/月$/ : /保教费 \d+ 元\/月$/);
      }
      assert.match(await page.textContent('.zone-count'), hant ? /服務區包含所選社區/ : /服务区包含所选社区/);
      // Another 乡镇: its own 社区/村, and no answer until one is picked.
      const other = towns.find((t) => t !== found[0]);
      await page.selectOption('#w-town', other);
      assert.equal(await page.$('.zone-count'), null);
      assert.equal(await page.$eval('#w-village', (s) => s.value), '');
      page.assertClean();
      await page.close_();
    });
  }

  // A failed or altered data file is said inside the frame, naming the file; nothing else breaks.
  test('a widget whose data fails says which file, in its frame', async () => {
    const file = (kind, region) => site.manifest.files.find((f) => f.kind === kind && (region == null || f.region === region));
    const cases = [
      // The list shard altered in transit: only the SHA-256 check can tell.
      ['w=zone&region=445202', file('list', 445200), (route, path) => {
        const b = readFileSync(`dist/data/${path}`); b[b.length >> 1] ^= 1;
        return route.fulfill({ status: 200, body: b, contentType: 'application/octet-stream' });
      }, /数据加载失败：文件内容与本站登记的校验值不符/],
      ['w=scorecard&region=445202', file('stats'), (route) => route.fulfill({ status: 404, body: '' }), /数据加载失败：服务器返回 HTTP 404/],
      ['w=map&region=445202', file('list', 445200), (route) => route.fulfill({ status: 404, body: '' }), /数据加载失败：服务器返回 HTTP 404/],
      ['w=zone&region=445202&lang=zh-Hant', file('hant'), (route) => route.fulfill({ status: 200, body: Buffer.from('KGH1') }), /繁體數據轉換表載入失敗/],
    ];
    for (const [q, f, answer, said] of cases) {
      const page = await site.page({ allowConsole: [/404/] });
      await page.route(`**/data/${f.path}`, (route) => answer(route, f.path));
      await page.goto(site.url(`widget/?${q}`));
      const alert = await page.waitForSelector('main.widget .widget-error');
      const text = await alert.textContent();
      assert.match(text, said, q);
      assert.ok(text.includes(f.path), `${q}: ${text}`);
      assert.ok(await page.isVisible('main.widget .widget-link a'), q);
      page.assertClean();
      await page.close_();
    }
  });

  test('each widget downloads no more than its budget before any data (brotli, as a CDN serves it)', () => {
    // #18 asks 100 KB of each (html, glue, wasm, stylesheet and snippets, brotli).
    const budget = { zone: 100_000, map: 100_000, scorecard: 100_000, chart: 100_000 };
    const sizes = shellSizes('dist', { quiet: true });
    for (const [k, max] of Object.entries(budget)) assert.ok(sizes[k] <= max, `${k} widget: ${sizes[k]} B > ${max} B`);
  });

  test('with embed.js each frame takes its widget height, and forged messages are ignored', async () => {
    const { page, problems, close } = await hostPage('/script');
    await expectRendered(page);
    await page.waitForFunction(() => document.getElementById('w-scorecard').getBoundingClientRect().height > 400);
    const [frameH, docH] = await Promise.all([
      page.$eval('#w-scorecard', (f) => f.clientHeight),
      page.frameLocator('#w-scorecard').locator('html').evaluate((e) => e.scrollHeight),
    ]);
    assert.ok(Math.abs(frameH - docH) <= 2, `frame ${frameH}px, widget ${docH}px`);
    await page.waitForFunction(() => document.getElementById('w-chart').getBoundingClientRect().height > 300);
    // A message from the host's own origin (not the portal) changes nothing; nor does a bad shape.
    const before = await page.$eval('#w-zone', (f) => f.getBoundingClientRect().height);
    await page.evaluate(() => window.postMessage({ type: 'kgportal:height', height: 3 }, '*'));
    await page.frameLocator('#w-zone').locator('main').evaluate(() => {
      parent.postMessage({ type: 'kgportal:height', height: 'x' }, '*');
      parent.postMessage({ type: 'other', height: 5 }, '*');
      parent.postMessage({ type: 'kgportal:height', height: 1e9 }, '*');
    });
    await page.waitForTimeout(300);
    assert.equal(await page.$eval('#w-zone', (f) => f.getBoundingClientRect().height), before);
    assert.deepEqual(problems, []);
    await close();
  });

  test('a widget\'s own stylesheet keeps every style its content shows', async () => {
    // The widget page's stylesheet is the site's less what no widget can match (postbuild): the
    // verdicts' colours, the legends' swatches and dots, the tables and the focus ring must stay.
    const page = await site.page();
    const style = (sel, prop) => page.$eval(sel, (e, p) => getComputedStyle(e)[p], prop);
    await page.goto(site.url('widget/?w=scorecard&region=445202'));
    await page.waitForSelector('main.widget table.scorecard td.verdict.met');
    assert.equal(await style('td.verdict.met', 'backgroundColor'), 'rgb(232, 245, 234)');
    assert.equal(await style('td.verdict.not-met', 'color'), 'rgb(155, 28, 18)');
    assert.equal(await style('table.scorecard', 'borderCollapse'), 'collapse');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'solid', 'focus ring');
    await page.goto(site.url('widget/?w=chart&region=445200&ind=inclusive_share'));
    await page.waitForSelector('main.widget canvas[data-drawn="1"]');
    assert.equal(await style('.legend .swatch.c1', 'color'), 'rgb(242, 142, 43)');
    assert.equal(await style('.legend', 'display'), 'flex');
    await page.goto(site.url('widget/?w=map&region=445202'));
    await page.waitForSelector('main.widget .map-count .count');
    for (const k of [0, 1, 2]) assert.notEqual(await style(`.map-legend .dot.kind-${k}`, 'backgroundColor'), 'rgba(0, 0, 0, 0)', `kind-${k}`);
    page.assertClean();
    await page.close_();
  });

  test('each kind of widget loads its own entry and no other', async () => {
    const page = await site.page();
    const card = 'table.scorecard tbody tr', chart = 'canvas[data-drawn="1"]', zone = '#w-town', map = '.map-count .count';
    const cases = [['w=scorecard&region=445202', 'scorecard', card], ['w=chart&region=445200', 'chart', chart],
      ['w=zone&region=445202', 'zone', zone], ['w=map&region=445202', 'map', map],
      // Repeated or unknown kinds: the last known one wins, as the widget reads its parameters.
      ['w=zone&w=map&region=445202', 'map', map], ['w=map&w=bogus&region=445202', 'map', map],
      ['w=__proto__&region=445202', 'scorecard', card], ['w=zone&region=441900&lang=zh-Hant', 'zone', zone]];
    for (const [q, entry, shown] of cases) {
      const from = page.paths.length;
      await page.goto(site.url(`widget/?${q}`));
      await page.waitForSelector(`main.widget ${shown}`);
      const wasm = page.paths.slice(from).filter((u) => u.endsWith('.wasm'));
      assert.equal(wasm.length, 1, `?${q}: ${wasm}`);
      assert.match(wasm[0], new RegExp(`/kg-widget-${entry}-[0-9a-f]+_bg\\.wasm$`), `?${q}`);
      // Its data files were started while the wasm compiled (js/prefetch.js) and taken by the
      // widget: each downloaded once.
      const data = page.paths.slice(from).filter((u) => u.includes('/data/'));
      assert.deepEqual(data.filter((u, i) => data.indexOf(u) !== i), [], `?${q}: downloaded twice`);
      assert.ok(data.length >= 2, `?${q}: ${data}`);
      assert.equal(await page.$('.widget-error[role=alert]'), null, `?${q}: ${await page.textContent('main.widget')}`);
    }
    page.assertClean();
    await page.close_();
  });

  test('a widget\'s data downloads while its wasm is still on its way', async () => {
    const page = await site.page();
    let seen;
    const listAsked = new Promise((r) => { seen = r; });
    page.on('request', (r) => { if (/\/shards\/445200\.list\.[0-9a-f]+\.bin$/.test(r.url())) seen(); });
    let heldUntilList = null;
    // The wasm is answered only once the list shard has been asked for (or after 10 s).
    await page.route(/kg-widget-zone-[0-9a-f]+_bg\.wasm$/, async (route) => {
      heldUntilList = await Promise.race([listAsked.then(() => true), new Promise((r) => setTimeout(() => r(false), 10000))]);
      await route.continue();
    });
    await page.goto(site.url('widget/?w=zone&region=445202'));
    await page.waitForSelector('#w-town option:nth-child(2)', { state: 'attached' });
    assert.equal(heldUntilList, true, 'the list shard was asked for before the wasm arrived');
    page.assertClean();
    await page.close_();
  });

  test('a region the dataset lacks is named in the message, never a bare colon', async () => {
    const page = await site.page({ viewport: { width: 360, height: 600 } });
    for (const [q, named] of [['w=scorecard&region=999999', '999999'], ['w=scorecard&region=abc', 'abc'], ['w=scorecard', '未指定地区（region 参数）']]) {
      await page.goto(site.url(`widget/?${q}`));
      await page.waitForSelector('main.widget .widget-error[role=alert]');
      const text = (await page.textContent('main.widget .widget-error[role=alert]')).trim();
      assert.equal(text, `本数据集中没有这个地区：${named}`, q);
    }
    page.assertClean();
    await page.close_();
  });

  test('random and hostile parameters always give a readable frame', async () => {
    const page = await site.page();
    let seed = 7;
    const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const keys = ['w', 'region', 'ind', 'view', 'years', 'theme', 'dark', 'scale', 'lang', 'x'];
    const values = ['scorecard', 'chart', 'zone', 'map', '445202', '445200', '999999', '110000', 'public_share',
      '<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', 'ranking', '2021-2025', '2025-2021', '#ff0000',
      'red;}body{display:none', '1', '150', '900', 'zh-Hant', '长'.repeat(300), '%00', 'javascript:alert(1)'];
    for (let i = 0; i < 24; i++) {
      const q = new URLSearchParams();
      for (let j = 0, n = 1 + rnd(5); j < n; j++) q.append(keys[rnd(keys.length)], values[rnd(values.length)]);
      await page.goto(site.url(`widget/?${q}`));
      await page.waitForSelector('main.widget .widget-link a');
      await page.waitForFunction(() => document.querySelector('main.widget h1, main.widget .widget-error'));
      const text = (await page.textContent('main.widget')).trim();
      assert.ok(text.length > 20, `readable frame for ?${q}: ${text}`);
      assert.equal(await page.$('main img, main script'), null, `no markup from ?${q}`);
      assert.ok(await page.isVisible('main.widget'), `visible for ?${q}`);
    }
    page.assertClean();
    await page.close_();
  });

  test('axe finds no serious or critical violations in any widget, light or dark, 简 or 繁', async () => {
    const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
    // In a phone-wide frame (where wide tables scroll) and a desktop one.
    for (const width of [360, 1280]) {
      const page = await site.page({ bypassCSP: true, viewport: { width, height: 800 } });
      for (const q of Object.values(WIDGETS)) {
        for (const extra of ['', '&dark=1&lang=zh-Hant&scale=150']) {
          await page.goto(site.url(`widget/?${q}${extra}`));
          await page.waitForSelector('main.widget .widget-meta');
          await page.addScriptTag({ content: axe });
          const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
          const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
          assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `${q}${extra} at ${width}px`);
        }
      }
      page.assertClean();
      await page.close_();
    }
  });

  test('the builder shows exactly the code its preview runs, and the preview sizes itself', async () => {
    const page = await site.page();
    await page.goto(site.url('embed/'));
    await page.waitForSelector('#e-region option[value="445202"]', { state: 'attached' });
    await page.selectOption('#e-kind', 'chart');
    await page.selectOption('#e-ind', 'teacher_college');
    await page.check('#e-ranking');
    await page.check('#e-dark');
    const code = await page.inputValue('#embed-code');
    const doc = await page.evaluate((html) => {
      const t = document.createElement('template');
      t.innerHTML = html;
      const f = t.content.querySelector('iframe');
      return { src: f.getAttribute('src'), title: f.getAttribute('title'), height: f.getAttribute('height'), script: t.content.querySelector('script')?.getAttribute('src') };
    }, code);
    const preview = await page.$eval('.preview iframe', (f) => ({ src: f.getAttribute('src'), title: f.getAttribute('title') }));
    assert.equal(doc.src, preview.src);
    assert.equal(doc.title, preview.title);
    const u = new URL(doc.src);
    assert.equal(u.origin, site.origin);
    assert.equal(u.pathname, '/widget/');
    assert.deepEqual(Object.fromEntries(u.searchParams), { w: 'chart', region: '445202', ind: 'teacher_college', view: 'ranking', dark: '1' });
    assert.equal(doc.script, `${site.origin}/embed.js`);
    await page.frameLocator('.preview iframe').locator('canvas[data-drawn="1"]').waitFor();
    await page.waitForFunction(() => document.querySelector('.preview iframe').style.height !== '');
    // Without the helper the code is the iframe alone.
    await page.uncheck('#e-script');
    assert.ok(!(await page.inputValue('#embed-code')).includes('<script'));
    page.assertClean();
    await page.close_();
  });
});
