// The journalist's journey on 区县进展: a scorecard whose numbers are those of the published
// statistics and records, downloads equal to the tables, permalinks that restore the view, charts
// actually drawn, hostile parameters named and ignored, and Traditional script.
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const pct = (n, d) => (n / d * 100).toFixed(1);

/// A table as its CSV download has it: every row followed by the publication's version and date.
const withVersion = (rows, { version, as_of }) => rows.map((r, i) => [...r, ...(i === 0 ? ['数据版本', '数据截至'] : [version, as_of])]);

/// The table as the page shows it: header row then body rows, cell texts.
const tableCells = (page, selector) =>
  page.$eval(selector, (t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));

/// A CSV as the portal writes it (every field quoted, CRLF, BOM).
function parseCsv(buf) {
  const text = buf.toString('utf8');
  assert.ok(text.startsWith('\uFEFF'), 'CSV starts with a BOM so Excel reads UTF-8');
  return text.slice(1).trim().split('\r\n').map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replaceAll('""', '"')));
}

describe('county progress', () => {
  const site = useSite({ dir: 'dist', base: '/' });
  const stats = () => {
    const f = site.manifest.files.find((x) => x.kind === 'stats');
    return JSON.parse(readFileSync(`dist/data/${f.path}`, 'utf8'));
  };

  test('the scorecard shows the published and the computed figure, the target and its source', async () => {
    const s = stats();
    const year = Math.max(...s.counties.map((c) => c.year));
    const ys = s.counties.filter((c) => Math.floor(c.county / 100) === 4452 && c.year === year);
    const ag = s.aggregates.filter((a) => a.city === 445200);
    const sum = (xs, k) => xs.reduce((t, x) => t + x[k], 0);
    const page = await site.page();
    await page.goto(site.url('progress/?region=445200'));
    await page.waitForSelector('table.scorecard');
    assert.match(await page.textContent('.region-title'), /揭阳市/);
    const rows = await tableCells(page, 'table.scorecard');
    const row = (label) => rows.find((r) => r[0] === label);
    const ps = row('公办幼儿园在园幼儿占比');
    assert.equal(ps[1], String(year));
    assert.equal(ps[2], pct(sum(ys, 'enrolled_public'), sum(ys, 'enrolled')), 'published figure, a ratio of sums');
    assert.equal(ps[3], pct(sum(ag, 'children_public'), sum(ag, 'children')), 'figure computed from the records');
    assert.equal(ps[6], '≥ 50%（揭阳市，2025年）');
    assert.match(ps[7], /揭阳市行动计划 二\(一\)（目标）：“公办幼儿园在园幼儿占比达到50%以上”/);
    assert.equal(ps[8], Number(ps[2]) >= 50 ? '✓ 已达标' : '✗ 未达标');
    const ge = row('学前三年毛入园率');
    assert.equal(ge[2], pct(sum(ys, 'enrolled'), sum(ys, 'age_3_5')));
    // The stricter of 揭阳's 99% and Guangdong's 100% judges; both are shown.
    assert.equal(ge[6], '≥ 100%（广东省，2025年）');
    assert.match(ge[10], /按较严者（广东省）判定；另有：≥ 99%（揭阳市，2025年）/);
    // Teachers: 揭阳's 83% and the province's 83% for 粤东粤西粤北, not the province-wide 93%.
    const tc = row('专任教师大专以上学历比例');
    assert.equal(tc[3], pct(sum(ag, 'teachers_college'), sum(ag, 'teachers')));
    assert.equal(tc[6], '≥ 83%（揭阳市，2025年）');
    assert.match(tc[10], /宽严相同，按揭阳市的目标判定；另有：≥ 83%（广东省·粤东粤西粤北地区，2025年）/);
    // Counts of problems against “none”.
    const stale = row('班额超标的幼儿园');
    const w05 = ag.reduce((t, a) => t + (a.flagged.W05 || 0), 0);
    assert.equal(stale[3], String(w05));
    assert.equal(stale[8], w05 === 0 ? '✓ 已达标' : '✗ 未达标');
    // 5080 in words, the towns without a 规范化公办 kindergarten, and the definitions.
    assert.match(await page.textContent('.five-eighty'), /(已达到|未达到)/);
    assert.match(await page.textContent('.five-eighty-source'), /《中共中央 国务院关于学前教育深化改革规范发展的若干意见》（2018年）/);
    const without = ag.reduce((t, a) => t + a.towns_without_standard_public.length, 0);
    assert.match(await page.textContent('.towns-without summary'), new RegExp(`：${without}$`));
    assert.ok(await page.isVisible('.definitions dt:has-text("学前三年毛入园率")'));
    assert.match(await page.textContent('.chart-meta'), new RegExp(site.manifest.dataset.version.replaceAll('.', '\\.')));
    page.assertClean();
    await page.close_();
  });

  test('东莞, a city without counties, is a city and a county; 株洲 gets no 5080 verdict', async () => {
    const page = await site.page();
    await page.goto(site.url('progress/?region=441900'));
    await page.waitForSelector('table.scorecard');
    assert.match(await page.textContent('.region-title'), /东莞市/);
    assert.equal(await page.locator('#p-city option[value="441900"]').count(), 1);
    assert.equal(await page.locator('#p-county option[value="441900"]').count(), 1);
    const rows = await tableCells(page, 'table.scorecard');
    assert.equal(rows.find((r) => r[0] === '专任教师大专以上学历比例')[6], '≥ 98%（广东省·珠三角地区，2025年）');
    await page.goto(site.url('progress/?region=430202'));
    await page.waitForSelector('table.scorecard');
    assert.match(await page.textContent('.five-eighty'), /本地区文件未提“5080”，不作判断/);
    const zz = await tableCells(page, 'table.scorecard');
    assert.match(zz.find((r) => r[0] === '学前三年毛入园率')[6], /征求意见稿/);
    assert.equal(zz.find((r) => r[0] === '财政性学前教育经费占比')[8], '本地区文件未设目标');
    page.assertClean();
    await page.close_();
  });

  test('the CSV and JSON downloads hold exactly the numbers of the table', async () => {
    const page = await site.page();
    await page.goto(site.url('progress/?region=445202'));
    await page.waitForSelector('table.scorecard');
    const cells = await tableCells(page, 'table.scorecard');
    // The download is the table, with the link of each target's source (目标来源, column 7) as an
    // absolute URL in the column after it.
    const links = await page.$$eval('table.scorecard tbody tr', (trs) => trs.map((tr) => tr.cells[7].querySelector('a')?.href || ''));
    const src = cells[0].indexOf('目标来源');
    assert.equal(src, 7);
    const withLinks = cells.map((row, i) => [...row.slice(0, src + 1), i === 0 ? '目标来源链接' : links[i - 1], ...row.slice(src + 1)]);
    assert.ok(links.filter(Boolean).length >= 5 && links.filter(Boolean).every((l) => /\/policy\/\?doc=\d{3}#[a-z0-9-]+$/.test(l)), links.join(' '));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.download-csv')]);
    assert.match(csv.suggestedFilename(), /^kgportal-445202-scorecard-.*\.csv$/);
    // Each row names the publication it is from, so the file says so on its own.
    assert.deepEqual(parseCsv(readFileSync(await csv.path())), withVersion(withLinks, site.manifest.dataset));
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('.download-json')]);
    const j = JSON.parse(readFileSync(await json.path(), 'utf8'));
    assert.equal(j.version, site.manifest.dataset.version);
    assert.equal(j.as_of, site.manifest.dataset.as_of);
    assert.equal(j.sample, true);
    assert.equal(j.region, 445202);
    // Numbers as numbers ("1,399" → 1399), no figure as null: what a script reads.
    const typed = (c) => c === '—' ? null : /^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/.test(c) ? Number(c.replaceAll(',', '')) : c;
    assert.deepEqual([j.table.headers, ...j.table.rows], [withLinks[0], ...withLinks.slice(1).map((r) => r.map(typed))]);
    assert.ok(j.table.rows.flat().some((v) => typeof v === 'number') && j.table.rows.flat().some((v) => v === null));
    const statsFile = site.manifest.files.find((x) => x.kind === 'stats');
    assert.equal(j.source_file, statsFile.path);
    assert.equal(j.source_sha256, statsFile.sha256);
    // Each target names its document by title and links to its paragraph.
    assert.ok(j.targets.every((t) => t.document && t.citation && new URL(t.url).hash.length > 1), JSON.stringify(j.targets[0]));
    assert.ok(j.indicators.some((d) => d.key === 'public_share' && d.formula.includes('÷')));
    assert.ok(j.targets.every((t) => t.quote && t.doc && t.section && t.binds && t.kind));
    assert.match(j.permalink, /region=445202/);
    page.assertClean();
    await page.close_();
  });

  test('compare: choices go into the URL, the permalink restores them, charts are drawn', async () => {
    const page = await site.page();
    await page.goto(site.url('progress/?region=445200&view=compare'));
    await page.waitForSelector('.indicator-figures canvas[data-drawn="1"]');
    await page.check('#among-445202');
    await page.check('#among-445224');
    await page.check('#ind-teacher_college');
    await page.selectOption('#p-from', '2022');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('years') === '2022-2025');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('among'), '445202,445224');
    assert.equal(url.searchParams.get('ind'), 'public_share,inclusive_share,teacher_college');
    await page.waitForSelector('[data-indicator="teacher_college"] table.ranking-table');
    const ranking = await tableCells(page, '[data-indicator="public_share"] table.ranking-table');
    const trend = await tableCells(page, '[data-indicator="public_share"] table.trend-table');
    assert.equal(ranking.length, 3, 'two counties ranked');
    assert.deepEqual(trend[0].slice(2, 6), ['2022年（%）', '2023年（%）', '2024年（%）', '2025年（%）']);
    // Ranked best first, and each trend row ends with the year the ranking shows.
    assert.ok(Number(ranking[1][4]) >= Number(ranking[2][4]));
    for (const r of ranking.slice(1)) assert.equal(trend.find((t) => t[1] === r[2])[5], r[4]);
    // The trend CSV is the trend table.
    const [csv] = await Promise.all([page.waitForEvent('download'),
      page.click('[data-indicator="public_share"] .trend .download-csv')]);
    const { version } = site.manifest.dataset;
    assert.deepEqual(parseCsv(readFileSync(await csv.path())), withVersion(trend, site.manifest.dataset));
    // The permalink field holds the URL and the dataset version it was made on; a fresh page at
    // that URL shows the same view.
    const link = await page.inputValue('#permalink');
    assert.equal(new URL(link).searchParams.get('v'), version);
    const bare = new URL(link);
    bare.searchParams.delete('v');
    assert.equal(bare.href, page.url());
    const again = await site.page();
    await again.goto(link);
    await again.waitForSelector('[data-indicator="teacher_college"] table.ranking-table');
    assert.ok(await again.isChecked('#among-445224'));
    assert.ok(await again.isChecked('#ind-teacher_college'));
    assert.equal(await again.inputValue('#p-from'), '2022');
    assert.deepEqual(await tableCells(again, '[data-indicator="public_share"] table.trend-table'), trend);
    // Record-only indicators say they have no trend instead of drawing one point.
    assert.ok(await again.isVisible('[data-indicator="teacher_college"] .no-years'));
    again.assertClean();
    await again.close_();
    page.assertClean();
    await page.close_();
  });

  test('charts are drawn on the canvas at device resolution, not left blank', async () => {
    const page = await site.page({ viewport: { width: 800, height: 900 } });
    await page.goto(site.url('progress/?region=445200&view=compare&ind=public_share'));
    await page.waitForSelector('.trend canvas[data-drawn="1"]');
    const stats = await page.$$eval('canvas[data-drawn="1"]', (cs) => cs.map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0, red = 0;
      const colours = new Set();
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) ink++;
        if (d[i] > 180 && d[i + 1] < 80 && d[i + 2] < 80) red++;
        colours.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | d[i + 2] >> 4);
      }
      return { ink: ink / (d.length / 4), red, colours: colours.size, width: c.width, css: c.clientWidth };
    }));
    assert.equal(stats.length, 2);
    for (const s of stats) {
      assert.ok(s.ink > 0.02, `canvas has ink (${s.ink})`);
      assert.ok(s.colours > 8, 'bars or lines, axes and labels');
      assert.ok(s.red > 20, 'the dashed target line is drawn');
      assert.equal(s.width, s.css, 'sized to its box at device pixel ratio 1');
    }
    // The canvas is labelled for screen readers, and its table alternative follows it.
    assert.match(await page.getAttribute('.ranking canvas', 'aria-label'), /排名/);
    assert.ok(await page.isVisible('.ranking table.ranking-table'));
    page.assertClean();
    await page.close_();
  });

  test('high-DPI screens get a canvas with twice the pixels', async () => {
    const context = await site.browser.newContext({ viewport: { width: 600, height: 800 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(site.url('progress/?region=445200&view=compare&ind=public_share'));
    await page.waitForSelector('.ranking canvas[data-drawn="1"]');
    const [w, css] = await page.$eval('.ranking canvas', (c) => [c.width, c.clientWidth]);
    assert.equal(w, css * 2);
    await context.close();
  });

  test('on a phone the ranking and trend tables scroll sideways; no name or target is squeezed to a character a line', async () => {
    const page = await site.page({ viewport: { width: 360, height: 740 } });
    await page.goto(site.url('progress/?region=445200&view=compare&ind=inclusive_share'));
    await page.waitForSelector('.trend canvas[data-drawn="1"]');
    for (const table of ['table.ranking-table', 'table.trend-table']) {
      // Each region's name on one line, and the applicable target at most two (a line is a rect).
      const lines = await page.$$eval(`${table} tbody tr`, (rows) => rows.map((tr) => {
        const cells = [...tr.children];
        const count = (cell) => { const r = document.createRange(); r.selectNodeContents(cell); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; };
        const name = cells.find((c) => /[区县市]$/.test(c.textContent.trim()));
        return [name.textContent.trim(), count(name), count(cells[cells.length - 1])];
      }));
      assert.ok(lines.length >= 5, table);
      for (const [name, n, t] of lines) assert.ok(n === 1 && t <= 2, `${table} ${name}: name on ${n} lines, target on ${t}`);
    }
    page.assertClean();
    await page.close_();
  });

  test('hostile parameters are named and ignored; the page still works', async () => {
    const page = await site.page();
    const q = 'region=999999&view=%3Cscript%3E&ind=public_share,%3Cimg%20src%3Dx%3E&among=110101&years=9999-1';
    await page.goto(site.url(`progress/?${q}`));
    await page.waitForSelector('table.scorecard');
    const notice = await page.textContent('.param-notice');
    for (const bad of ['region=999999', 'view=<script>', 'ind=<img src=x>', 'years=9999-1']) assert.ok(notice.includes(bad), bad);
    assert.equal(await page.$('main img'), null, 'markup in a parameter stays text');
    assert.match(await page.textContent('.region-title'), /市/);
    page.assertClean();
    await page.close_();
  });

  test('繁體: headings, indicator names and region names are converted', async () => {
    const page = await site.page();
    await page.goto(site.url('progress/?region=445200&lang=zh-Hant'));
    await page.waitForSelector('table.scorecard');
    await page.waitForFunction(() => document.querySelector('.region-title').textContent.includes('揭陽市'));
    const cells = await tableCells(page, 'table.scorecard');
    assert.equal(cells[0][0], '指標');
    assert.ok(cells.some((r) => r[0] === '公辦幼兒園在園幼兒佔比'), cells.map((r) => r[0]).join());
    assert.ok(await page.isVisible('nav.tabs >> text=單個地區：指標與目標'));
    page.assertClean();
    await page.close_();
  });
});
