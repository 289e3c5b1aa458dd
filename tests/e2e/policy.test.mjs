// 政策文件: each bundled document readable on its own page, with its status and an anchor per
// section; every citation the portal shows links to an anchor that exists on that page, and a
// record is cited only documents that bind its region.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ready, useSite } from './harness.mjs';

const DOCS = {
  '000': { title: '揭阳市学前教育发展提升行动计划', region: '揭阳市' },
  '001': { title: '株洲市学前教育发展提升行动计划（2023－2025年）', region: '株洲市', draft: true },
  '002': { title: '广东省“十四五”学前教育发展提升行动计划', region: '广东省' },
  '003': { title: '广东省推动基础教育高质量发展行动方案', region: '广东省' },
  '004': { title: '平顶山市新时代基础教育扩优提质行动计划实施方案', region: '平顶山市' },
};
// The documents that bind a county, by the first digits of its code.
const BINDING = { 4452: ['000', '002', '003'], 4419: ['002', '003'], 4420: ['002', '003'], 4302: ['001'], 4104: ['004'] };

describe('policy documents', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('the index lists every document, the draft marked, and the national rules cited by name', async () => {
    const page = await site.page();
    await page.goto(site.url('policy/'));
    await ready(page);
    const items = await page.$$eval('.policy-docs li', (els) => els.map((e) => e.textContent));
    assert.equal(items.length, 5);
    for (const [id, d] of Object.entries(DOCS)) {
      const item = items.find((t) => t.includes(d.title));
      assert.ok(item, id);
      assert.equal(item.includes('征求意见稿'), !!d.draft, id);
    }
    assert.match(await page.textContent('main'), /《幼儿园工作规程》（教育部）/);
    page.assertClean();
    await page.close_();
  });

  test('each document page shows its status, scope, the provisions cited and the full text with anchors', async () => {
    for (const width of [360, 1280]) {
      const page = await site.page({ viewport: { width, height: 800 } });
      for (const [id, d] of Object.entries(DOCS)) {
        await page.goto(site.url(`policy/?doc=${id}`));
        await page.waitForSelector('.policy-text p');
        assert.equal((await page.textContent('main h1')).trim(), d.title, id);
        const meta = await page.textContent('.policy-meta');
        assert.match(meta, new RegExp(`${d.region}及其下辖地区`), id);
        assert.match(meta, d.draft ? /征求意见稿/ : /已印发/, id);
        assert.equal(await page.isVisible('.notice.draft'), !!d.draft, id);
        const ids = await page.$$eval('.policy-text [id]', (els) => els.map((e) => e.id));
        assert.ok(ids.length >= 10, `${id}: ${ids.length} anchors`);
        assert.equal(new Set(ids).size, ids.length, `${id}: anchors are unique`);
        // Each provision cited links to an anchor of this very page.
        const cited = await page.$$eval('.policy-cited a', (as) => as.map((a) => a.getAttribute('href')));
        assert.ok(cited.length > 0, id);
        for (const href of cited) {
          const hash = href.split('#')[1];
          assert.ok(hash && ids.includes(hash), `${id}: ${href}`);
        }
        // Nothing runs out of a phone's width.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${id} at ${width}px overflows by ${overflow}px`);
      }
      page.assertClean();
      await page.close_();
    }
  });

  test('every citation on the detail and data pages resolves to its paragraph, only from binding documents', async () => {
    const page = await site.page();
    const links = new Map(); // href → where it was seen
    for (const region of site.manifest.regions) {
      await page.goto(site.url(`finder/?city=${region.code}&all=1`));
      await page.waitForSelector('.result');
      const details = await page.$$eval('.result:has(.flags) a.result-name', (as) => as.slice(0, 6).map((a) => a.href));
      assert.ok(details.length > 0, `${region.name} has kindergartens with warnings`);
      for (const d of details) {
        await page.goto(d);
        await page.waitForSelector('.warning');
        const hrefs = await page.$$eval('.warning a.cite', (as) => as.map((a) => a.getAttribute('href')));
        const plain = await page.$$eval('.warning .source', (ss) => ss.map((s) => s.textContent));
        assert.ok(plain.every((s) => s.trim().length > 0), `${d}: every warning cites its source`);
        const allowed = BINDING[String(region.code).slice(0, 4)];
        for (const h of hrefs) {
          const doc = new URL(h, site.origin).searchParams.get('doc');
          assert.ok(!allowed || allowed.includes(doc), `${d} (${region.name}) cites ${doc}, which does not bind it`);
          links.set(h, d);
        }
      }
    }
    // Scorecards: every target's source, for a county, a city, a city without counties, a province.
    for (const code of [445202, 445200, 430200, 410400, 441900, 442000, 440000]) {
      await page.goto(site.url(`progress/?region=${code}`));
      await page.waitForSelector('table.scorecard');
      const hrefs = await page.$$eval('table.scorecard a.cite', (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.length >= 2, `${code}: ${hrefs.length} cited targets`);
      const allowed = BINDING[String(code).slice(0, 4)] || ['002', '003'];
      for (const h of hrefs) {
        const doc = new URL(h, site.origin).searchParams.get('doc');
        assert.ok(allowed.includes(doc), `progress ${code} cites ${doc}, which does not bind it`);
        links.set(h, `progress ${code}`);
      }
    }
    await page.goto(site.url('data/'));
    await page.waitForSelector('table.rules a.cite');
    for (const h of await page.$$eval('main a.cite', (as) => as.map((a) => a.getAttribute('href')))) links.set(h, 'data/');
    assert.ok(links.size >= 10, `${links.size} distinct citations`);
    let prev = "";
    for (const [href, from] of links) {
      await page.goto(new URL(href, site.origin).href);
      await page.waitForSelector('.policy-text p');
      const hash = decodeURIComponent(new URL(href, site.origin).hash.slice(1));
      // Focus follows the anchor (after the text renders, or on the hashchange of a same-page link).
      await page.waitForFunction((id) => document.activeElement?.id === id || !document.getElementById(id), hash, { timeout: 5000 }).catch(() => {});
      const found = await page.evaluate((id) => {
        const el = document.getElementById(id);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { text: el.textContent, focused: document.activeElement === el, active: document.activeElement?.id, top: r.top, visible: r.top > -2 && r.top < innerHeight };
      }, hash);
      assert.ok(found, `${href} (from ${from}) names no anchor on its page`);
      assert.ok(found.visible && found.focused, `${href} (after ${prev}): the paragraph is shown and focused: ${JSON.stringify({ ...found, text: undefined, active: found.active })}`);
      prev = href;
    }
    page.assertClean();
    await page.close_();
  });

  test('an unknown or hostile document id is named, not obeyed', async () => {
    const page = await site.page();
    await page.goto(site.url('policy/?doc=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'));
    await ready(page);
    assert.match(await page.textContent('main [role=alert]'), /没有这份政策文件：<img src=x onerror=/);
    assert.equal(await page.$$eval('main img', (x) => x.length), 0);
    assert.equal(await page.$$eval('.policy-docs li', (x) => x.length), 5, 'the list is offered instead');
    page.assertClean();
    await page.close_();
  });

  test('a text that fails its checksum is refused with the file named', async () => {
    const page = await site.page({ allowConsole: [/Failed to load resource/] });
    await page.route('**/policy/000_*.txt', (route) => route.fulfill({ status: 200, body: '揭阳市学前教育发展提升行动计划\n（截断）' }));
    await page.goto(site.url('policy/?doc=000'));
    await page.waitForSelector('.load-error');
    assert.match(await page.textContent('.load-error'), /政策文件全文未能载入：文件内容与本站登记的校验值不符.*policy\/000_7f3ab3d96cb7305e\.txt/);
    assert.equal(await page.$$eval('.policy-text', (x) => x.length), 0);
    page.assertClean();
    await page.close_();
  });
});
