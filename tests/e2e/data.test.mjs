// What the published data gives a reader: the regions it covers, the publication's report (every
// rejected row named), data text in Traditional script, and clear messages when a data file is
// corrupted or tampered with.
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ready, useSite } from './harness.mjs';

describe('published data in the portal', () => {
  const site = useSite({ dir: 'dist', base: '/' });
  const file = (kind) => site.manifest.files.find((f) => f.kind === kind);
  const report = () => JSON.parse(readFileSync(`dist/data/${file('report').path}`, 'utf8'));

  test('home lists every region of the manifest with its record count', async () => {
    const page = await site.page();
    await page.goto(site.url(''));
    await page.waitForSelector('.regions li');
    const items = await page.$$eval('.regions li', (els) => els.map((e) => e.textContent));
    assert.equal(items.length, site.manifest.regions.length);
    for (const r of site.manifest.regions) {
      assert.ok(items.some((t) => t.includes(r.name) && t.includes(`${r.records} 条记录`)), r.name);
    }
    const total = site.manifest.files.filter((f) => f.kind === 'list').reduce((a, f) => a + f.records, 0);
    assert.equal(Number(await page.textContent('.record-count')), total);
    page.assertClean();
    await page.close_();
  });

  test('the data page shows the report: counts, rules with sources, and every rejected row', async () => {
    const r = report();
    assert.ok(r.rejected > 0, 'the sample includes rows a clerk must fix');
    const page = await site.page();
    await page.goto(site.url('data/'));
    await page.waitForSelector('.rows-in');
    assert.equal(Number(await page.textContent('.rows-in')), r.rows_in);
    assert.equal(Number(await page.textContent('.rows-published')), r.published);
    assert.equal(Number(await page.textContent('.rows-rejected')), r.rejected);
    assert.equal(Number(await page.textContent('.rows-skipped')), r.skipped);
    assert.equal(r.rows_in, r.published + r.rejected + r.skipped);
    // The public report names rows and rules, never what a rejected row held.
    assert.ok(r.lines.every((l) => l.value === '' && l.id === '' && l.name === '' && !l.file.includes('/')));
    const rows = await page.$$eval('table.rejected tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.equal(rows.length, r.rejected);
    for (const line of r.lines) {
      assert.ok(rows.some(([f, n, , msg]) => line.file.endsWith(f) && Number(n) === line.row && msg === line.message), `row ${line.row}`);
    }
    const w05 = await page.$$eval('table.rules tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)).find((c) => c[0] === 'W05'));
    assert.equal(w05[1], '班额超标');
    assert.match(w05[3], /幼儿园工作规程/);
    assert.equal(Number(w05[4]), r.by_rule['W05 班额超标']);
    page.assertClean();
    await page.close_();
  });

  test('the data page lists every policy target with its quoted source and the inheritance rule', async () => {
    const stats = JSON.parse(readFileSync(`dist/data/${file('stats').path}`, 'utf8'));
    const page = await site.page();
    await page.goto(site.url('data/'));
    await page.waitForSelector('table.targets tbody tr');
    const rows = await page.$$eval('table.targets tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.equal(rows.length, stats.targets.length);
    const jy = rows.find((r) => r[0] === '揭阳市' && r[1] === '学前三年毛入园率');
    assert.ok(jy, 'Jieyang gross enrolment target');
    assert.equal(jy[2].trim(), '≥99%');
    assert.match(jy[4], /到2025年，全市学前三年毛入园率达到99%以上/);
    assert.ok(await page.isVisible('text=以其中较严者判定'));
    // Guangdong's teacher figure for each group, named as such.
    assert.ok(rows.some((r) => r[0] === '广东省·珠三角地区' && r[2].trim().startsWith('≥98%')));
    // Every indicator's single definition is on this page too.
    assert.ok(await page.isVisible('#definitions + p + dl.definitions dt:has-text("普惠性幼儿园在园幼儿占比")'));
    // Aggregates cover every county with records.
    const total = stats.aggregates.reduce((a, c) => a + c.kindergartens, 0);
    assert.equal(total, site.manifest.files.filter((f) => f.kind === 'list').reduce((a, f) => a + f.records, 0));
    page.assertClean();
    await page.close_();
  });

  test('繁體 converts data text as well as the UI', async () => {
    const page = await site.page();
    await page.goto(site.url('?lang=zh-Hant'));
    await page.waitForSelector('.regions li:has-text("廣州市")');
    assert.equal(await page.locator('.regions li:has-text("广州市")').count(), 0);
    await page.goto(site.url('data/?lang=zh-Hant'));
    await page.waitForSelector('table.rules td:has-text("兩教一保不足")');
    await page.waitForSelector('table.targets td:has-text("學前三年毛入園率")');
    assert.ok(await page.isVisible('h1:has-text("數據與方法")'));
    page.assertClean();
    await page.close_();
  });

  test('a tampered data file is refused with a message naming it', async () => {
    const page = await site.page();
    const r = file('report');
    await page.route(`**/data/${r.path}`, async (route) => {
      // Same size, one digit changed: only the SHA-256 check can catch it.
      const body = readFileSync(`dist/data/${r.path}`, 'utf8').replace(/"rows_in":(\d)/, (_, d) => `"rows_in":${(Number(d) + 1) % 10}`);
      await route.fulfill({ status: 200, body, contentType: 'application/json' });
    });
    await page.goto(site.url('data/'));
    const alert = await page.waitForSelector('[role="alert"]');
    const text = await alert.textContent();
    assert.match(text, /校验报告加载失败/);
    assert.ok(text.includes(r.path), text);
    assert.match(text, /校验失败/);
    // The rest of the page is intact.
    assert.ok(await page.isVisible('table.files'));
    page.assertClean();
    await page.close_();
  });

  test('a truncated Traditional map leaves Simplified data text and says why', async () => {
    const page = await site.page();
    const h = file('hant');
    await page.route(`**/data/${h.path}`, (route) => route.fulfill({ status: 200, body: Buffer.from('KGH1'), contentType: 'application/octet-stream' }));
    await page.goto(site.url('?lang=zh-Hant'));
    await page.waitForSelector('text=繁體數據轉換表載入失敗');
    await page.waitForSelector('.regions li:has-text("广州市")');
    assert.ok(await page.isVisible('nav >> text=找幼兒園'), 'UI still Traditional');
    page.assertClean();
    await page.close_();
  });
});
