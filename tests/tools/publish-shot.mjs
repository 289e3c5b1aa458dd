// Screenshot the 数据发布 page after checking the sample's own sheets:
// node tests/tools/publish-shot.mjs DIST OUT.png WIDTH [zh-Hant]
//   KG_SHEETS=a.csv,b.xlsx   other sheets (default: the sample's own)
//   KG_SECTION=.publish-diff  screenshot that section, waited for, instead of the viewport
//   KG_OPEN=1                 open the first report line's row (its cells in context) first
//   KG_WAIT=button.write-folder  wait for this, scrolled into view, before the viewport shot
//   KG_REPLACE=1              tick 整体替换 (so a smaller publication is offered)
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
const [dir = 'dist', out = '/tmp/publish.png', width = '390', lang = ''] = process.argv.slice(2);
const sheets = process.env.KG_SHEETS ? process.env.KG_SHEETS.split(',')
  : ['445200-揭阳市幼儿园信息.xlsx', '430200-gb18030.csv', '442000.csv'].map((s) => `target/kg-sample/regions/${s}`);
const section = process.env.KG_SECTION;
const server = await startServer(dir, { port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 1400 }, deviceScaleFactor: 1 });
await page.goto(`http://127.0.0.1:${server.address().port}/publish/${lang ? `?lang=${lang}` : ''}`);
await page.waitForSelector('main h1');
await page.setInputFiles('#pub-sheets', sheets);
await page.check('#pub-allow-rejects');
if (process.env.KG_REPLACE) await page.check('#pub-replace-all');
await page.click('button.run');
await page.waitForSelector('.publish-results .summary', { timeout: 60000 });
if (process.env.KG_OPEN) {
  await page.click('table.report-lines > tbody > tr.error-line details.row-context summary');
  await page.waitForSelector('table.row-cells');
}
if (section) {
  await page.waitForSelector(section, { timeout: 90000 });
  await page.waitForTimeout(500);
  await page.locator(section).screenshot({ path: out });
} else {
  if (process.env.KG_WAIT) {
    await page.waitForSelector(process.env.KG_WAIT, { timeout: 90000 });
    await page.locator('button.download-zip').scrollIntoViewIfNeeded();
  }
  await page.waitForTimeout(500);
  await page.screenshot({ path: out, fullPage: false });
}
await browser.close();
server.close();
