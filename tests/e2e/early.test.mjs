// The finder's first view painted before the app (app/js/early.js): what a parent sees while the
// wasm downloads must be the app's own first view, so that when the app takes over nothing on
// screen changes — at a phone's width and a desktop's, for the default city, a county-level city
// (东莞) and a city of another province (株洲). Views it does not paint, and data that does not
// check out, leave the page to the app.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { useSite } from './harness.mjs';

describe('first view before the app', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  /// What a reader sees and can follow: the rendered text (a closed list shows its chosen
  /// option), every control's state, and every link (its words and target).
  const seen = (page) => page.evaluate(() => {
    const shown = (e) => e.offsetParent !== null;
    const text = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode());) {
      const p = n.parentElement;
      if (p && !p.closest('select, noscript') && shown(p)) text.push(n.textContent);
    }
    const controls = [...document.querySelectorAll('select, input, button')].filter(shown).map((c) =>
      `${c.tagName} ${c.type} ${c.disabled ? 'disabled' : ''} ${c.checked ? 'checked' : ''} ${c.tagName === 'SELECT' ? c.selectedOptions[0]?.textContent : c.value ?? ''} ${c.getAttribute('aria-label') ?? ''} ${c.getAttribute('aria-pressed') ?? ''}`);
    const links = [...document.querySelectorAll('a[href]')].filter(shown).map((a) => `${a.textContent} → ${a.getAttribute('href')}`);
    return { text: text.join('').replace(/\s+/g, ' ').trim(), controls, links };
  });

  /// The screen as the reader has it, then the whole page with every result row drawn: rows off
  /// screen are drawn only as they come near it (content-visibility: auto), which a full-page
  /// capture does not wait for, so for that capture they are drawn at once (through the CSSOM,
  /// which the page's CSP allows), alike in both states.
  const shots = async (page) => {
    const screen = await page.screenshot();
    await page.evaluate(() => { for (const r of document.querySelectorAll('.result')) r.style.contentVisibility = 'visible'; });
    const full = await page.screenshot({ fullPage: true });
    return { screen, full };
  };

  for (const width of [360, 1280]) {
    test(`at ${width} px the painted view is the app's first view, pixel for pixel`, async () => {
      const codes = [site.manifest.regions[0].code, 441900, 430200].filter((c, i, a) => a.indexOf(c) === i && site.manifest.regions.some((r) => r.code === c));
      for (const [i, code] of codes.entries()) {
        const page = await site.page({ viewport: { width, height: 800 } });
        // The app's wasm and the city's list are held back: first the painted view alone, then
        // the app over its own first page (js/prefetch.js holds the app back a second at most).
        let releaseWasm, releaseList;
        const wasm = new Promise((r) => { releaseWasm = r; });
        const list = new Promise((r) => { releaseList = r; });
        await page.route(/_bg\.wasm$/, async (route) => { await wasm; await route.continue(); });
        await page.route(/\/shards\/\d+\.list\.[0-9a-f]+\.bin$/, async (route) => { await list; await route.continue(); });
        // The first city is also the page with no city in its address.
        await page.goto(site.url(i === 0 ? 'finder/' : `finder/?city=${code}`));
        await page.waitForSelector('.results[data-source="early"] .result');
        assert.equal(await page.$$eval('main', (m) => m.length), 1, 'the app has not mounted yet');
        const before = await seen(page);
        const shotBefore = await shots(page);
        const region = site.manifest.regions.find((r) => r.code === code);
        assert.ok(before.controls.some((c) => c.includes(`${region.province} ${region.name}`)), `the city is chosen: ${before.controls}`);
        assert.ok(before.text.includes('示例数据'), 'the sample data is labelled');
        releaseWasm();
        await page.waitForSelector('.results[data-source="first-page"] .result');
        await page.waitForFunction(() => !document.querySelector('[data-early]') && !document.body.classList.contains('kg-early'));
        const after = await seen(page);
        const shotAfter = await shots(page);
        assert.deepEqual(after.links, before.links, `${code}: the same links`);
        const at = [...after.text].findIndex((c, i) => c !== [...before.text][i]);
        assert.equal(after.text, before.text, `${code}: the same text; first difference at ${at}: “${after.text.slice(Math.max(0, at - 20), at + 30)}” (app) against “${before.text.slice(Math.max(0, at - 20), at + 30)}” (painted)`);
        assert.deepEqual(after.controls, before.controls, `${code}: the same controls, in the same state`);
        for (const k of ['screen', 'full']) {
          if (!shotBefore[k].equals(shotAfter[k])) {
            writeFileSync(`/tmp/early-${code}-${width}-${k}-before.png`, shotBefore[k]);
            writeFileSync(`/tmp/early-${code}-${width}-${k}-after.png`, shotAfter[k]);
            assert.fail(`${code} at ${width} px: the ${k === 'screen' ? 'screen' : 'whole page'} changed when the app took over (/tmp/early-${code}-${width}-${k}-*.png)`);
          }
        }
        assert.equal(page.paths.filter((u) => u.endsWith('/data/manifest.json')).length, 1, 'the manifest is downloaded once');
        // The app is the page now: its controls work.
        releaseList();
        await page.waitForSelector('.results[data-source="engine"] .result');
        await page.fill('#f-q', '幼儿园');
        await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '幼儿园');
        page.assertClean();
        await page.close_();
      }
    });
  }

  test('views it does not paint are left to the app, and nothing extra is downloaded for them', async () => {
    const code = site.manifest.regions[0].code;
    // A kindergarten of that city, as the shortlist stores it.
    const text = site.manifest.files.find((f) => f.kind === 'first_text' && f.region === code);
    const firstId = JSON.parse(readFileSync(`${site.dir}/data/${text.path}`, 'utf8')).items[0].id;
    const cases = [
      [`finder/?city=${code}&q=%E5%B9%BC`, null],
      [`finder/?city=${code}&all=1`, null],
      [`finder/?city=${code}&lang=zh-Hant`, null],
      [`finder/?city=999999`, null],
      [`finder/?city=${code}&city=${code}`, null],
      [`finder/?city=0${code}`, null],
      [`finder/?city=${code}&lang=%EF%BB%BFzh`, null],
      // An address the app does not take for the finder's (a host that merges slashes serves it).
      [`//finder/?city=${code}`, null],
      // A stored shortlist changes the page (its bar, 已加入对比), so it is not painted early.
      [`finder/?city=${code}`, (key) => localStorage.setItem('kgportal.shortlist', key), `${code}:${firstId}`],
      [`finder/?city=${code}`, () => localStorage.setItem('kgportal.largeText', '1')],
    ];
    for (const [path, init, arg] of cases) {
      const page = await site.page({ allowConsole: [/404/] });
      if (init) await page.addInitScript(init, arg);
      await page.addInitScript(() => {
        window.__early = false;
        new MutationObserver(() => { if (document.querySelector('[data-early]')) window.__early = true; })
          .observe(document, { subtree: true, childList: true });
      });
      await page.goto(path.startsWith('//') ? site.origin + path : site.url(path));
      await page.waitForSelector('main h1');
      await page.waitForLoadState('networkidle');
      assert.equal(await page.evaluate(() => window.__early), false, `${path}: nothing painted before the app`);
      assert.ok(!page.paths.some((u) => /first-text|\/data\/first\//.test(u)), `${path}: no first-view text downloaded`);
      await page.close_();
    }
  });

  /// Opens `path` with `alter` routing the first-view files; whether a view was painted, its
  /// names, and the data files downloaded.
  const painted = async (path, alter) => {
    const page = await site.page({ allowConsole: [/404/] });
    await alter(page);
    await page.addInitScript(() => {
      window.__early = null;
      new MutationObserver(() => {
        const list = document.querySelector('[data-early] .results');
        if (list && !window.__early) window.__early = list.textContent;
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(site.url(path));
    await page.waitForSelector('.results[data-source="engine"] .result');
    const early = await page.evaluate(() => window.__early);
    const files = page.paths.filter((u) => /\/data\/(first\/|shards\/\d+\.first-text)/.test(u)).map((u) => u.replace(/^.*\/data\//, ''));
    const app = await page.textContent('.results');
    await page.close_();
    return { early, files, app };
  };
  const alteredName = async (route) => {
    const body = (await (await route.fetch()).text()).replace(/"name":"(.)/, '"name":"假');
    await route.fulfill({ status: 200, contentType: 'application/json', body });
  };

  test('the first view comes from its fixed-name copy, asked for beside the manifest; a copy that is not the listed file is passed over', async () => {
    const region = site.manifest.regions[1];
    const entry = site.manifest.files.find((f) => f.kind === 'first_text' && f.region === region.code);
    const names = JSON.parse(readFileSync(`${site.dir}/data/${entry.path}`, 'utf8')).items.map((r) => r.name);
    const path = `finder/?city=${region.code}`;
    // As published: the copy alone.
    let got = await painted(path, async () => {});
    assert.deepEqual(got.files, [`first/${region.code}.json`]);
    assert.ok(got.early.startsWith(names[0]) && got.early.includes(names[names.length - 1]), got.early.slice(0, 80));
    // A copy from another publication (one name changed), or none: the listed file is painted.
    for (const alter of [
      (page) => page.route(/\/data\/first\/\d+\.json$/, alteredName),
      (page) => page.route(/\/data\/first\/\d+\.json$/, (route) => route.fulfill({ status: 404, body: 'not found' })),
    ]) {
      got = await painted(path, alter);
      assert.deepEqual(got.files, [`first/${region.code}.json`, entry.path]);
      assert.ok(got.early.startsWith(names[0]) && !got.early.includes('假'), got.early.slice(0, 80));
    }
    // With no city in the address: the default city's copy.
    got = await painted('finder/', async () => {});
    assert.deepEqual(got.files, ['first/default.json']);
    assert.ok(got.early.startsWith(JSON.parse(readFileSync(`${site.dir}/data/first/default.json`, 'utf8')).items[0].name));
  });

  test('a first-text file that does not match the manifest is not shown; the app shows the city', async () => {
    const region = site.manifest.regions[0];
    const entry = site.manifest.files.find((f) => f.kind === 'first_text' && f.region === region.code);
    assert.ok(entry, 'the publication has the first view as text');
    const page = await site.page({ allowConsole: [/404/] });
    // Same size, one record renamed, in the copy and the listed file: the SHA-256 no longer matches.
    await page.route(/(first-text\.[0-9a-f]+|\/first\/\d+)\.json$/, async (route) => {
      const body = (await (await route.fetch()).text()).replace(/"name":"(.)/, '"name":"假');
      await route.fulfill({ status: 200, contentType: 'application/json', body });
    });
    await page.addInitScript(() => {
      window.__early = false;
      new MutationObserver(() => { if (document.querySelector('[data-early]')) window.__early = true; })
        .observe(document, { subtree: true, childList: true });
    });
    await page.goto(site.url(`finder/?city=${region.code}`));
    await page.waitForSelector('.results[data-source="engine"] .result');
    assert.equal(await page.evaluate(() => window.__early), false, 'nothing painted from a file that fails its check');
    assert.ok(!(await page.textContent('.results')).includes('假'), 'no altered name shown');
    await page.close_();
  });
});
