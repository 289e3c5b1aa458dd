// 繁體 everywhere: every page and widget, in Traditional, shows no text that OpenCC's s2t and the
// house style (the conversion the build and the publication use, run by `kgdata s2t`) would change — fixed
// text and data text alike. Verbatim text says so: a seed's own words and the other language's
// name carry their own `lang`, a clerk's file name `translate="no"`.
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleRows, useSite } from './harness.mjs';

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
});
