// 数据发布: a clerk drops the bureau's sheets into the page and gets the CLI's report and the CLI's
// publication, byte for byte, with nothing uploaded. The sheets are the sample's own inputs as a
// bureau sends them (written by `kgdata sample` during the build): 揭阳市 as XLSX with title rows
// and broken rows, 株洲市 as GB18030 CSV, 中山市 as UTF-8 CSV with a BOM — and a broken XLSX.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../scripts/static-server.mjs';
import { useSite } from './harness.mjs';

const KGDATA = resolve('target/native-release/kgdata');
const INPUTS = resolve('target/kg-sample/regions');
const SHEETS = ['445200-揭阳市幼儿园信息.xlsx', '430200-gb18030.csv', '442000.csv'];
const sha = (b) => createHash('sha256').update(b).digest('hex');

/// The CLI on the same files, run where they are so that it names them as the page does.
function cli(out, dir = INPUTS, sheets = SHEETS) {
  const r = spawnSync(KGDATA, ['publish', ...sheets, '--out', join(out, 'site'), '--report', join(out, 'report'),
    '--version', '2025.09-e2e', '--as-of', '2025-09-30', '--allow-rejects',
    '--geo', resolve('data/geo'), '--targets', resolve('data/targets.csv')], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return JSON.parse(readFileSync(join(out, 'report/report.json'), 'utf8'));
}

/// The files of a zip, by path (python's zipfile: every machine here has Python).
function unzip(zip, dir) {
  const r = spawnSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir]);
  assert.equal(r.status, 0, String(r.stderr));
}

function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)]);
}

async function fill(page, { allowRejects = true, replaceAll = true } = {}) {
  await page.fill('#pub-as-of', '2025-09-30');
  await page.fill('#pub-version', '2025.09-e2e');
  if (allowRejects) await page.check('#pub-allow-rejects');
  if (replaceAll) await page.check('#pub-replace-all');
}

/// Every line the filters let through: the table lists 100 at first, "再显示" adds the next 100.
async function allRows(page) {
  while (await page.locator('button.more-lines').count()) await page.click('button.more-lines');
  return page.locator('table.report-lines > tbody > tr');
}

/// The page's report table holds the CLI's lines, cell for cell.
async function assertLines(page, report) {
  await allRows(page);
  const lines = await page.$$eval('table.report-lines > tbody > tr', (trs) => trs.map((tr) => [...tr.cells].slice(0, 7).map((c) => c.textContent.trim())));
  const want = report.lines.map((l) => [l.sheet ? `${l.file}（${l.sheet}）` : l.file, String(l.row), l.column, l.value, `${l.rule} ${l.title}`, l.message, l.source]);
  assert.deepEqual(lines, want);
}

/// The page's summary: the CLI's counts.
async function assertSummary(page, report) {
  const summary = await page.textContent('.publish-results .summary');
  const { rows_in, published, rejected, skipped, published_with_warnings } = report;
  assert.equal(summary.match(/\d+/g).map(Number).join(' '), [rows_in, published, rejected, skipped, published_with_warnings].join(' '), summary);
}

describe('数据发布', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('the page reports every row as the CLI does and downloads the CLI\'s publication', async () => {
    for (const s of SHEETS) assert.ok(existsSync(join(INPUTS, s)), `${s}: made by the build's kgdata sample`);
    const work = mkdtempSync(join(tmpdir(), 'kg-publish-'));
    const report = cli(work);
    const page = await site.page();
    // The dictionaries (pinyin, Traditional) come in their own module, asked for only after the
    // first report is shown: held here until the report is on screen, and nothing else waits.
    let releaseDicts;
    const dictsHeld = new Promise((r) => { releaseDicts = r; });
    const dictsAsked = [];
    await page.route(/\/kg-dicts-(worker-)?[0-9a-f]+(_bg\.wasm|\.js)$/, async (route) => {
      dictsAsked.push(route.request().url());
      await dictsHeld;
      await route.continue();
    });
    await page.goto(site.url('publish/'));
    await page.waitForSelector('main h1');
    assert.deepEqual(dictsAsked, [], 'no dictionary before a file is checked');
    await page.setInputFiles('#pub-sheets', SHEETS.map((s) => join(INPUTS, s)));
    await fill(page);
    await page.click('button.run');
    await page.waitForSelector('.publish-results .summary', { timeout: 60000 });
    assert.match(await page.textContent('.publish-results .making'), /正在加载拼音与繁体字典/);
    assert.equal(await page.locator('button.download-zip').count(), 0, 'no download before the dictionaries');
    releaseDicts();
    await page.waitForSelector('button.download-zip', { timeout: 60000 });
    assert.ok(dictsAsked.some((u) => /kg-dicts-worker-[0-9a-f]+\.js$/.test(u)), dictsAsked.join(' '));
    assert.equal(await page.locator('.publish-results .making').count(), 0);
    // The summary: the CLI's counts.
    await assertSummary(page, report);
    const { published, rejected } = report;
    assert.ok(rejected > 0, 'the 揭阳 sheet carries broken rows');
    // Every report line, with the file, row, column, value and rule the CLI gives it.
    await assertLines(page, report);
    // Only the errors, when asked.
    await page.selectOption('#pub-severity', 'error');
    await allRows(page);
    const errors = await page.$$eval('table.report-lines > tbody > tr', (trs) => trs.length);
    assert.equal(errors, report.lines.filter((l) => l.severity === 'error').length);
    assert.ok(errors > 0);
    // By county, and by rule: the CLI's lines for each (a line whose county is unknown is under "none").
    await page.selectOption('#pub-severity', '');
    const counties = [...new Set(report.lines.map((l) => l.county ?? 'none'))];
    assert.ok(counties.length > 1, 'lines from more than one county');
    for (const c of counties) {
      await page.selectOption('#pub-county', String(c));
      await allRows(page);
      const n = await page.$$eval('table.report-lines > tbody > tr', (trs) => trs.length);
      assert.equal(n, report.lines.filter((l) => String(l.county ?? 'none') === String(c)).length, `county ${c}`);
    }
    await page.selectOption('#pub-county', '');
    const rules = [...new Set(report.lines.map((l) => l.rule))];
    for (const r of rules) {
      await page.selectOption('#pub-rule', r);
      await allRows(page);
      const shown = await page.$$eval('table.report-lines > tbody > tr > td:nth-child(5)', (tds) => tds.map((td) => td.textContent.trim().split(' ')[0]));
      assert.deepEqual(shown, report.lines.filter((l) => l.rule === r).map((l) => l.rule), `rule ${r}`);
    }
    await page.selectOption('#pub-rule', '');
    // The table starts again at the first 100, and says how many there are.
    const total = report.lines.length;
    assert.equal(await page.locator('table.report-lines > tbody > tr').count(), Math.min(100, total));
    assert.match(await page.textContent('.lines-count'), new RegExp(`显示 ${Math.min(100, total)} 条，共 ${total} 条`));
    // "再显示" adds rows and leaves the shown ones as they are: a row opened with "查看" stays open.
    assert.ok(total > 100, `the sample's report runs past one page (${total} lines)`);
    const first = page.locator('table.report-lines > tbody > tr', { has: page.locator('details.row-context') }).first();
    await first.locator('details.row-context summary').click();
    await first.locator('table.row-cells').waitFor();
    await page.click('button.more-lines');
    await page.waitForFunction(() => document.querySelectorAll('table.report-lines > tbody > tr').length > 100);
    assert.equal(await first.locator('details.row-context').getAttribute('open'), '', 'the opened row is still open');
    assert.equal(await first.locator('table.row-cells').count(), 1);
    // The whole report, as the CLI writes it: report.csv byte for byte.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('button.download-report')]);
    await csv.saveAs(join(work, 'page-report.csv'));
    assert.ok(readFileSync(join(work, 'page-report.csv')).equals(readFileSync(join(work, 'report/report.csv'))), 'report.csv as the CLI writes it');
    // Counts per county add up to what is published.
    const counts = await page.$$eval('table.counties tbody td', (tds) => tds.map((td) => Number(td.textContent)));
    assert.equal(counts.reduce((a, b) => a + b, 0), published);
    // The download is the CLI's publication: the same files, byte for byte, and the same manifest
    // entries (only the time it was generated differs).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.download-zip')]);
    const zip = join(work, 'page.zip');
    await download.saveAs(zip);
    unzip(zip, join(work, 'unzipped'));
    const mine = JSON.parse(readFileSync(join(work, 'unzipped/data/manifest.json'), 'utf8'));
    const theirs = JSON.parse(readFileSync(join(work, 'site/manifest.json'), 'utf8'));
    assert.deepEqual(mine.files, theirs.files);
    assert.deepEqual(mine.regions, theirs.regions);
    for (const f of theirs.files) {
      assert.equal(sha(readFileSync(join(work, 'unzipped/data', f.path))), f.sha256, f.path);
    }
    // The finder's first-view copies: one per city and the default city's, each its listed file.
    const copies = [...theirs.regions.map((r) => [`first/${r.code}.json`, r.code]), ['first/default.json', theirs.regions[0].code]]
      .map(([path, code]) => [path, theirs.files.find((f) => f.kind === 'first_text' && f.region === code).sha256]);
    for (const [path, sum] of copies) assert.equal(sha(readFileSync(join(work, 'unzipped/data', path))), sum, path);
    assert.deepEqual(filesUnder(join(work, 'unzipped/data')).sort(),
      [...theirs.files.map((f) => f.path), 'manifest.json', ...copies.map(([path]) => path)].sort());
    // Where the browser can write into a folder (the picker stood in for by the origin's private
    // file system), the same files land in the site's data folder; a folder that is not a site's
    // data folder is named, and nothing is written into it.
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const other = await root.getDirectoryHandle('下载', { create: true });
      const site = await root.getDirectoryHandle('site', { create: true });
      const data = await site.getDirectoryHandle('data', { create: true });
      const old = await (await data.getFileHandle('manifest.json', { create: true })).createWritable();
      await old.write('{"old": true}');
      await old.close();
      const picks = [other, site];
      window.showDirectoryPicker = async () => picks.shift();
    });
    await page.click('button.write-folder');
    await page.waitForSelector('.write-failed');
    assert.match(await page.textContent('.write-failed'), /写入文件夹失败：所选文件夹“下载”不是网站的 data 文件夹/);
    const written = () => page.evaluate(async (dirs) => {
      const out = {};
      const walk = async (d, prefix) => {
        for await (const [name, h] of d.entries()) {
          if (h.kind === 'directory') await walk(h, `${prefix}${name}/`);
          else {
            const hash = await crypto.subtle.digest('SHA-256', await (await h.getFile()).arrayBuffer());
            out[prefix + name] = [...new Uint8Array(hash)].map((x) => x.toString(16).padStart(2, '0')).join('');
          }
        }
      };
      let d = await navigator.storage.getDirectory();
      for (const name of dirs) d = await d.getDirectoryHandle(name);
      await walk(d, '');
      return out;
    }, ['site', 'data']);
    assert.deepEqual(Object.keys(await page.evaluate(async () => {
      const out = {};
      for await (const k of (await (await navigator.storage.getDirectory()).getDirectoryHandle('下载')).keys()) out[k] = 1;
      return out;
    })), []);
    await page.click('button.write-folder');
    await page.waitForSelector('.status.written');
    assert.equal(await page.textContent('.status.written'),
      `已写入文件夹“data”：${theirs.files.length + 1 + copies.length} 个文件，网站已在替换 manifest.json 时改用新数据。`);
    const got = await written();
    for (const f of theirs.files) assert.equal(got[f.path], f.sha256, f.path);
    assert.equal(got['manifest.json'], sha(readFileSync(join(work, 'unzipped/data/manifest.json'))));
    for (const [path, sum] of copies) assert.equal(got[path], sum, path);
    assert.equal(Object.keys(got).length, theirs.files.length + 1 + copies.length);
    page.assertClean();
    await page.close_();

    // Unzipped and served as the site's data/, the finder shows the new records.
    const served = join(work, 'served');
    cpSync('dist', served, { recursive: true });
    rmSync(join(served, 'data'), { recursive: true, force: true });
    cpSync(join(work, 'unzipped/data'), join(served, 'data'), { recursive: true });
    const server = await startServer(served, { port: 0 });
    try {
      const ctx = await site.browser.newContext();
      const p = await ctx.newPage();
      const origin = `http://127.0.0.1:${server.address().port}`;
      await p.goto(`${origin}/finder/?city=442000&all=1`);
      await p.waitForSelector('.result');
      const zs = theirs.files.find((f) => f.kind === 'list' && f.region === 442000);
      const count = await p.textContent('.result-count .count');
      assert.equal(Number(count.trim()), zs.records, `中山's ${zs.records} records`);
      assert.equal(await p.textContent('header .version'), '2025.09-e2e');
      await ctx.close();
    } finally {
      server.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('a broken XLSX is named, nothing is offered, and a shrinking publication is refused in red', async () => {
    const work = mkdtempSync(join(tmpdir(), 'kg-publish-'));
    const good = readFileSync(join(INPUTS, SHEETS[0]));
    writeFileSync(join(work, '坏了的表.xlsx'), good.subarray(0, Math.floor(good.length / 3)));
    const page = await site.page();
    await page.goto(site.url('publish/'));
    await page.waitForSelector('main h1');
    await page.setInputFiles('#pub-sheets', [join(work, '坏了的表.xlsx'), join(INPUTS, SHEETS[2])]);
    await fill(page);
    await page.click('button.run');
    await page.waitForSelector('.publish-results .summary', { timeout: 60000 });
    const alert = await page.textContent('.publish-results .unreadable');
    assert.match(alert, /坏了的表\.xlsx/);
    assert.equal(await page.isVisible('button.download-zip'), false);
    // One city alone against the sample's many: the guard refuses unless the clerk confirms.
    await page.setInputFiles('#pub-sheets', [join(INPUTS, SHEETS[2])]);
    await page.uncheck('#pub-replace-all');
    await page.click('button.run');
    await page.waitForSelector('.publish-results .refused', { timeout: 60000 });
    const refused = await page.textContent('.publish-results .refused');
    assert.match(refused, /现有|减少|缺少/, refused);
    assert.match(refused, /请勾选“我确认要用这份发布整体替换网站现有的发布”/, refused);
    assert.ok(!refused.includes('--'), 'no command-line option on the page');
    assert.equal(await page.isVisible('button.download-zip'), false);
    // In red: the text's colour is mostly red.
    const [r, g, b] = (await page.$eval('.publish-results .refused', (e) => getComputedStyle(e).color)).match(/\d+/g).map(Number);
    assert.ok(r > 120 && r > 2 * g && r > 2 * b, `rgb(${r}, ${g}, ${b})`);
    page.assertClean();
    await page.close_();
    rmSync(work, { recursive: true, force: true });
  });
  test('the diff against the live publication: a rename is a change, fees with their dates, staff changes under an old date', async () => {
    const work = mkdtempSync(join(tmpdir(), 'kg-publish-'));
    // 中山 as its clerk would edit it in Excel: a kindergarten renamed, a fee raised without a new
    // 收费执行日期, a teacher hired without touching 信息更新日期, one row deleted, one added.
    const EDIT = `
import csv, sys
src, out, enc = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.reader(open(src, encoding=enc, newline='')))
h = rows[0]; col = h.index
def uscc(body):
    cs = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    s = sum(cs.index(c) * pow(3, i, 31) for i, c in enumerate(body)) % 31
    return body + cs[(31 - s) % 31]
if enc == 'utf-8-sig':
    rows[1][col('幼儿园名称')] = '岐江雅韵幼儿园'
    rows[2][col('保教费（元/生/月）')] = str(int(rows[2][col('保教费（元/生/月）')]) + 100)
    rows[3][col('专任教师数（人）')] = str(int(rows[3][col('专任教师数（人）')]) + 1)
    added = list(rows[5]); added[col('统一社会信用代码')] = uscc('52442000MA4X8K2L3')
    added[col('幼儿园名称')] = '石岐新开幼儿园'
    print(rows[4][col('统一社会信用代码')], rows[4][col('幼儿园名称')])
    del rows[4]
    rows.append(added)
else:
    rows[1][col('专任教师数（人）')] = str(int(rows[1][col('专任教师数（人）')]) + 1)
print(rows[1][col('幼儿园名称')], rows[2][col('幼儿园名称')], rows[3][col('幼儿园名称')])
w = csv.writer(open(out, 'w', encoding=enc, newline=''))
w.writerows(rows)
`;
    const run = (src, enc) => {
      const r = spawnSync('python3', ['-c', EDIT, join(INPUTS, src), join(work, src), enc], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n');
    };
    const [zsRemoved, zsNames] = run(SHEETS[2], 'utf-8-sig');
    const [zzNames] = run(SHEETS[1], 'gb18030');
    const [renamed, feeRaised, hired] = zsNames.split(' ');
    const [zzHired] = zzNames.split(' ');
    const page = await site.page();
    await page.goto(site.url('publish/'));
    await page.waitForSelector('main h1');
    await page.setInputFiles('#pub-sheets', [join(work, SHEETS[2]), join(work, SHEETS[1])]);
    await fill(page);
    await page.click('button.run');
    await page.waitForSelector('.publish-diff .diff-summary', { timeout: 90000 });
    const live = JSON.parse(readFileSync('dist/data/manifest.json', 'utf8'));
    const liveOf = (c) => live.files.find((f) => f.kind === 'list' && f.region === c).records;
    const summary = await page.textContent('.publish-diff .diff-summary');
    // Added 1, removed 1, changed 4 (3 in 中山, 1 in 株洲), the rest unchanged.
    assert.deepEqual(summary.match(/\d+/g).slice(0, 4).map(Number), [1, 1, 4, liveOf(442000) + liveOf(430200) - 5], summary);
    // Every other city of the live publication would go offline: named, with its count.
    const gone = await page.textContent('.publish-diff .diff-gone');
    assert.match(gone, new RegExp(`揭阳市（${liveOf(445200)} 条记录）`), gone);
    // The rename is a change of one field, not a removal plus an addition.
    const changed = await page.$$eval('table.diff-changed tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    const field = (name, f) => changed.find((r) => r[0].includes(name) && r[2] === f);
    assert.ok(field('岐江雅韵幼儿园', '幼儿园名称'), JSON.stringify(changed));
    assert.deepEqual(field('岐江雅韵幼儿园', '幼儿园名称').slice(3), ['石岐雅韵幼儿园', renamed]);
    assert.ok(field(feeRaised, '保教费'), JSON.stringify(changed));
    assert.ok(field(hired, '专任教师数'), JSON.stringify(changed));
    assert.ok(field(zzHired, '专任教师数'), JSON.stringify(changed));
    assert.equal(changed.length, 4, JSON.stringify(changed));
    const added = await page.textContent('table.diff-added tbody');
    assert.match(added, /石岐新开幼儿园/);
    const removed = await page.textContent('table.diff-removed tbody');
    assert.match(removed, new RegExp(zsRemoved.split(' ')[1]));
    assert.ok(!removed.includes('石岐雅韵') && !added.includes('雅韵'), 'the renamed kindergarten is neither removed nor added');
    // The fee, with its two dates, flagged as undated; staff changes under an old 信息更新日期 —
    // citing Guangdong's one-month limit for 中山 only (株洲's 及时 sets no limit).
    const fees = await page.$$eval('table.diff-fees tbody tr', (trs) => trs.map((tr) => tr.textContent));
    assert.equal(fees.length, 1);
    assert.match(fees[0], new RegExp(`${feeRaised}.*(\\d+) → (\\d+)`));
    const alerts = await page.$$eval('.diff-alerts li', (lis) => lis.map((li) => li.textContent));
    const about = (n) => alerts.filter((a) => a.includes(n));
    assert.equal(about(hired).length, 1, alerts.join('\n'));
    assert.match(about(hired)[0], /信息更新日期却仍为 \d{4}-\d{2}-\d{2}.*广东省“十四五”行动计划 §\(十一\)/);
    assert.equal(about(zzHired).length, 1, alerts.join('\n'));
    assert.ok(!about(zzHired)[0].includes('一个月'), about(zzHired)[0]);
    assert.match(about(feeRaised)[0], /收费执行日期却仍为/);
    // The preview: each record as its detail page will show it, with the new publication's values.
    await page.selectOption('#pub-preview-county', '442000');
    const opts = await page.$$eval('#pub-preview-record option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.equal(opts.length, liveOf(442000), 'one deleted, one added');
    const hiredAt = opts.find(([, t]) => t.split('（')[0] === hired);
    await page.selectOption('#pub-preview-record', hiredAt[0]);
    await page.waitForFunction((n) => document.querySelector('.preview-record h3')?.textContent === n, hired);
    assert.equal((await page.textContent('.preview-record .teachers')).split(' ')[0], field(hired, '专任教师数')[4]);
    assert.ok(await page.$$eval('.preview-record .zone-villages li', (e) => e.length) > 0, 'the 服务区 named from the new divisions');
    assert.equal(await page.$$eval('.preview-record .kg-actions, .preview-record h1', (e) => e.length), 0, 'no shortlist on a record not yet live');
    // A record with warnings lists each of them, with its source, as its page will.
    let warned = null;
    for (const c of await page.$$eval('#pub-preview-county option', (os) => os.map((o) => o.value))) {
      await page.selectOption('#pub-preview-county', c);
      const os = await page.$$eval('#pub-preview-record option', (os) => os.map((o) => [o.value, o.textContent]));
      warned = os.find(([, t]) => /（\d+ 条警告）$/.test(t));
      if (warned) break;
    }
    assert.ok(warned, 'some record of the sample carries a warning');
    await page.selectOption('#pub-preview-record', warned[0]);
    await page.waitForFunction((n) => document.querySelector('.preview-record h3')?.textContent === n, warned[1].replace(/（\d+ 条警告）$/, ''));
    assert.equal(await page.$$eval('.preview-record li.warning', (e) => e.length), Number(warned[1].match(/（(\d+) 条警告）$/)[1]));
    // In 繁體 the same diff reads in Traditional.
    await page.click('button.lang-btn[lang="zh-Hant"]');
    await page.waitForFunction(() => document.querySelector('.publish-diff h2')?.textContent.includes('與'));
    const hant = await page.textContent('.diff-alerts');
    assert.match(hant, /園長或專任教師有變化，信息更新日期卻仍為 /, hant);
    assert.match(hant, /廣東省“十四五”行動計劃 §\(十一\)/, hant);
    page.assertClean();
    await page.close_();
    rmSync(work, { recursive: true, force: true });
  });
  test('a clerk\'s own sheets: title rows, a two-row header, county names, a subtotal, GBK with CRLF, broken rows', async () => {
    // The importer campaign's seed sheets (`kgdata fuzz --seeds-out`): one record from each of the
    // four regions' counties, 东莞 and 中山 among them, as a clerk lays them out.
    const work = mkdtempSync(join(tmpdir(), 'kg-publish-'));
    const seeds = join(work, 'in');
    const made = spawnSync(KGDATA, ['fuzz', '--seeds-out', seeds, '--geo', resolve('data/geo')], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    // Broken rows the clerk typed: a 统一社会信用代码 cut short, a fee in words, a
    // row without a name, and a county no one has heard of — each to be named, none dropped.
    const broke = spawnSync('python3', ['-c', `
import csv, io, sys
p = sys.argv[1]
text = open(p, encoding='gb18030', newline='').read()
rows = list(csv.reader(io.StringIO(text)))
head = next(i for i, r in enumerate(rows) if '幼儿园名称' in r)
h = [u or l for u, l in zip(rows[head], rows[head + 1])]; col = h.index
body = [r for r in rows[head + 2:] if len(r) == len(h)]
def uscc(body):
    cs = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    s = sum(cs.index(c) * pow(3, i, 31) for i, c in enumerate(body)) % 31
    return body + cs[(31 - s) % 31]
bad = []
for i, (c, v) in enumerate([('统一社会信用代码', 'ABC123'), ('保教费', '一千二'), ('幼儿园名称', ''), ('县区代码', '不存在区')]):
    r = list(body[i])
    r[col('统一社会信用代码')] = uscc('52445202MA4X8K2L' + str(i))
    r[col('办学许可证号')] = ''
    k = next(j for j, x in enumerate(h) if x.startswith(c))
    r[k] = v
    r[col('幼儿园名称')] = r[col('幼儿园名称')] and r[col('幼儿园名称')] + '（错行）'
    bad.append(r)
foot = len(rows) - 2
rows[foot:foot] = bad
out = io.StringIO(); csv.writer(out, lineterminator='\\r\\n').writerows(rows)
open(p, 'w', encoding='gb18030', newline='').write(out.getvalue())
`, join(seeds, 'clerk-gbk.csv')], { encoding: 'utf8' });
    assert.equal(broke.status, 0, broke.stderr);
    for (const sheet of ['clerk-gbk.csv', 'clerk.xlsx']) {
      const report = cli(join(work, sheet), seeds, [sheet]);
      const page = await site.page();
      await page.goto(site.url('publish/'));
      await page.waitForSelector('main h1');
      await page.setInputFiles('#pub-sheets', [join(seeds, sheet)]);
      await fill(page);
      await page.click('button.run');
      await page.waitForSelector('.publish-results .summary', { timeout: 60000 });
      await assertSummary(page, report);
      await assertLines(page, report);
      // Every region's county is published: 榕城区, 荷塘区, 新华区, 东莞市, 中山市.
      const counties = await page.$$eval('table.counties tbody th', (ths) => ths.map((th) => th.textContent));
      for (const c of ['榕城区', '荷塘区', '新华区', '东莞市', '中山市']) assert.ok(counties.some((n) => n.includes(c)), `${sheet}: ${c} in ${counties}`);
      if (sheet === 'clerk-gbk.csv') {
        assert.equal(report.rejected, 4, JSON.stringify(report.lines.map((l) => [l.row, l.rule, l.message])));
        assert.deepEqual(report.lines.filter((l) => l.severity === 'error').map((l) => l.rule).sort(), ['E01', 'E02', 'E04', 'E12']);
        const rows = await page.$$eval('table.report-lines > tbody > tr', (trs) => trs.map((tr) => tr.cells[1].textContent.trim()));
        // Each broken row is named by the row number Excel shows (a title, a 填报单位 row and two header rows above).
        for (const l of report.lines.filter((l) => l.severity === 'error')) assert.ok(rows.includes(String(l.row)) && l.row > 4, `row ${l.row}`);
        // The offending cell in context: the fee typed in words, in its row as the sheet has it.
        const fee = report.lines.find((l) => l.rule === 'E02');
        const tr = page.locator('table.report-lines > tbody > tr', { hasText: '“保教费”应为数字' });
        await tr.locator('details.row-context summary').click();
        await tr.locator('table.row-cells tr.offending').waitFor();
        const marked = await tr.locator('table.row-cells tr.offending').allTextContents();
        assert.equal(marked.length, 1, marked.join('|'));
        assert.match(marked[0], /保教费.*一千二/);
        assert.match(await tr.locator('table.row-cells caption').textContent(), new RegExp(`第 ${fee.row} 行`));
        const named = await tr.locator('table.row-cells tr', { hasText: '幼儿园名称' }).textContent();
        assert.match(named, /（错行）/, 'the whole row, not only the bad cell');
      } else {
        assert.equal(report.rejected, 0);
        assert.match(await page.textContent('table.report-lines, .publish-results'), /clerk\.xlsx/);
      }
      page.assertClean();
      await page.close_();
    }
    rmSync(work, { recursive: true, force: true });
  });
  test('dictionaries that cannot be fetched: the report stays, the page says why, nothing is offered', async () => {
    const page = await site.page({ allowConsole: [/404/] });
    await page.route(/\/kg-dicts-worker-[0-9a-f]+\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(site.url('publish/'));
    await page.waitForSelector('main h1');
    await page.setInputFiles('#pub-sheets', [join(INPUTS, SHEETS[2])]);
    await fill(page);
    await page.click('button.run');
    await page.waitForSelector('.publish-results .summary', { timeout: 60000 });
    const blocked = page.locator('.publish-results .blocked');
    await blocked.waitFor({ timeout: 60000 });
    assert.match(await blocked.textContent(), /^无法生成发布文件：.*kg-dicts-worker/);
    assert.equal(await page.locator('button.download-zip').count(), 0);
    assert.equal(await page.locator('.publish-results .making').count(), 0);
    // The report is still there, every line of it as the CLI gives it.
    assert.ok(await page.locator('table.report-lines > tbody > tr').count() > 0);
    page.assertClean();
    await page.close_();
  });
});
