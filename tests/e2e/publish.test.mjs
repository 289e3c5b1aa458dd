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
function cli(out) {
  const r = spawnSync(KGDATA, ['publish', ...SHEETS, '--out', join(out, 'site'), '--report', join(out, 'report'),
    '--version', '2025.09-e2e', '--as-of', '2025-09-30', '--allow-rejects',
    '--geo', resolve('data/geo'), '--targets', resolve('data/targets.csv')], { cwd: INPUTS, encoding: 'utf8' });
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

describe('数据发布', () => {
  const site = useSite({ dir: 'dist', base: '/' });

  test('the page reports every row as the CLI does and downloads the CLI\'s publication', async () => {
    for (const s of SHEETS) assert.ok(existsSync(join(INPUTS, s)), `${s}: made by the build's kgdata sample`);
    const work = mkdtempSync(join(tmpdir(), 'kg-publish-'));
    const report = cli(work);
    const page = await site.page();
    await page.goto(site.url('publish/'));
    await page.waitForSelector('main h1');
    await page.setInputFiles('#pub-sheets', SHEETS.map((s) => join(INPUTS, s)));
    await fill(page);
    await page.click('button.run');
    await page.waitForSelector('.publish-results .summary', { timeout: 60000 });
    // The summary: the CLI's counts.
    const summary = await page.textContent('.publish-results .summary');
    const { rows_in, published, rejected, skipped, published_with_warnings } = report;
    assert.equal(summary.match(/\d+/g).map(Number).join(' '), [rows_in, published, rejected, skipped, published_with_warnings].join(' '), summary);
    assert.ok(rejected > 0, 'the 揭阳 sheet carries broken rows');
    // Every report line, with the file, row, column, value and rule the CLI gives it.
    const lines = await page.$$eval('table.report-lines tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    const want = report.lines.map((l) => [l.sheet ? `${l.file}（${l.sheet}）` : l.file, String(l.row), l.column, l.value, `${l.rule} ${l.title}`, l.message, l.source]);
    assert.deepEqual(lines, want);
    // Only the errors, when asked.
    await page.selectOption('#pub-severity', 'error');
    const errors = await page.$$eval('table.report-lines tbody tr', (trs) => trs.length);
    assert.equal(errors, report.lines.filter((l) => l.severity === 'error').length);
    assert.ok(errors > 0);
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
    assert.deepEqual(filesUnder(join(work, 'unzipped/data')).sort(), [...theirs.files.map((f) => f.path), 'manifest.json'].sort());
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
});
