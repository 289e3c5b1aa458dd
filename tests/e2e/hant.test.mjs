// 繁體 everywhere: every page and widget, in Traditional, shows no text that OpenCC's s2t and the
// house style (the conversion the build and the publication use, run by `kgdata s2t`) would change — fixed
// text and data text alike. Verbatim text says so: a seed's own words and the other language's
// name carry their own `lang`, a clerk's file name `translate="no"`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, sampleRows, useSite } from './harness.mjs';

const KGDATA = 'target/native-release/kgdata';

function s2t(lines) {
  const r = spawnSync(KGDATA, ['s2t'], { input: lines.join('\n') + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.replace(/\n$/, '').split('\n');
  assert.equal(out.length, lines.length);
  return out;
}

describe('繁體 pages', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('every page and widget in 繁體 shows nothing OpenCC would still convert', async () => {
    const row = sampleRows(442000)[0];
    const id = encodeURIComponent(row['统一社会信用代码'] || row['办学许可证号']);
    const pages = [
      '',
      'finder/?city=442000&all=1',
      'finder/?city=441900&q=%E5%B9%BC',
      `kindergarten/?city=442000&id=${id}`,
      `compare/?ids=442000:${id}`,
      'map/?city=442000&ind=public_share',
      'progress/?region=442000',
      'progress/?view=compare&region=445200&ind=public_share,new_public_seats',
      'data/',
      'policy/',
      'policy/?doc=000',
      'policy/?doc=003',
      'embed/',
      'publish/',
      'widget/?w=scorecard&region=442000',
      'widget/?w=chart&region=440000',
      'widget/?w=zone&region=442000',
      'widget/?w=map&region=442000',
    ];
    const found = [];
    for (const path of pages) {
      const page = await site.page();
      await page.goto(site.url(`${path}${path.includes('?') ? '&' : '?'}lang=zh-Hant`));
      await page.waitForLoadState('networkidle');
      await page.waitForSelector('main h1, h1, .widget-error');
      await page.waitForTimeout(300);
      const texts = await page.evaluate(() => {
        const verbatim = (el) => el.closest('noscript, [translate="no"], body [lang]');
        const out = new Set();
        const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (w.nextNode()) {
          const t = w.currentNode.textContent.trim();
          if (t && !verbatim(w.currentNode.parentElement)) for (const l of t.split('\n')) if (l.trim()) out.add(l.trim());
        }
        for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
          if (verbatim(el)) continue;
          for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.add(el.getAttribute(a).trim());
        }
        return [...out].filter((t) => /[\u3400-\u9fff]/.test(t));
      });
      assert.ok(texts.length > 5, `${path}: ${texts.length} strings read`);
      const converted = s2t(texts);
      texts.forEach((t, i) => { if (converted[i] !== t) found.push(`${path}: “${t}” → “${converted[i]}”`); });
      page.assertClean();
      await page.close_();
    }
    assert.deepEqual(found, [], found.join('\n'));
  });

  // What a reader downloads in 繁體 is in 繁體 too, cell by cell: the tables' headers and fixed words
  // from the UI's own table, data converted whole. (Each JSON target is also kept as the statistics
  // file has it, to be checked against the file's SHA-256: those raw fields are not read here.)
  test('every CSV and JSON download in 繁體 holds nothing OpenCC would still convert', async () => {
    const cjk = (t) => typeof t === 'string' && /[\u3400-\u9fff]/.test(t);
    const found = [];
    const check = (where, texts) => {
      const t = [...new Set(texts.filter(cjk))];
      assert.ok(t.length > 5, `${where}: ${t.length} strings read`);
      const c = s2t(t);
      t.forEach((x, i) => { if (c[i] !== x) found.push(`${where}: “${x}” → “${c[i]}”`); });
      return t;
    };
    const csvOf = async (page, click) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(click)]);
      const text = readFileSync(await d.path(), 'utf8');
      assert.ok(text.startsWith('\uFEFF'), 'BOM for Excel');
      return parseCsv(text.slice(1)).filter((r) => r.length > 1);
    };
    const page = await site.page();
    await page.goto(site.url('progress/?region=442000&lang=zh-Hant'));
    await page.waitForSelector('table.scorecard');
    await page.waitForLoadState('networkidle');
    const csv = await csvOf(page, '.download-csv');
    const head = check('scorecard CSV', csv.flat());
    for (const h of ['公佈值', '記錄核算值', '公佈−核算', '目標來源鏈接', '數據版本', '數據截至']) assert.ok(csv[0].includes(h), `${h} in ${csv[0]}`);
    assert.ok(head.length > 20);
    // The download is the table on the screen, in the same script.
    const shown = await page.$eval('table.scorecard', (t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    assert.deepEqual(csv.map((r) => [...r.slice(0, 8), ...r.slice(9, -2)]), shown);
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('.download-json')]);
    const j = JSON.parse(readFileSync(await json.path(), 'utf8'));
    check('scorecard JSON', [
      j.region_name, ...j.table.headers, ...j.table.rows.flat(),
      ...j.indicators.flatMap((d) => [d.label, d.unit, d.formula, d.inputs]),
      ...j.targets.flatMap((t) => [t.document, t.citation]),
    ]);
    assert.deepEqual(j.table.headers, csv[0].slice(0, -2));
    await page.goto(site.url('progress/?view=compare&region=445200&ind=public_share&lang=zh-Hant'));
    await page.waitForSelector('[data-indicator="public_share"] .trend .download-csv');
    await page.waitForLoadState('networkidle');
    check('trend CSV', (await csvOf(page, '[data-indicator="public_share"] .trend .download-csv')).flat());
    check('ranking CSV', (await csvOf(page, '[data-indicator="public_share"] .ranking .download-csv')).flat());
    await page.goto(site.url('finder/?city=442000&all=1&lang=zh-Hant'));
    await page.waitForSelector('.result');
    await page.waitForLoadState('networkidle');
    const finder = await csvOf(page, '.actions button:has-text("CSV")');
    check('finder CSV', finder.flat());
    assert.ok(finder[0].includes('保教費（元/月）') && finder[0].includes('數據版本'), finder[0].join());
    page.assertClean();
    await page.close_();
    assert.deepEqual(found, [], found.join('\n'));
  });
});
