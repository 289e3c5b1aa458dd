// The finder's first view before the app: paints the page a parent opens — the city's 普惠
// kindergartens in name order — from the manifest and the city's first page as text
// (`kg_shared::first::first_text`, a few KB), while the app's wasm is still downloading and
// compiling. scripts/postbuild.mjs writes it into the finder page's <head> as an inline classic
// script (allowed by its SHA-256 in the page's CSP), so it runs as the parser reaches it, before
// the stylesheet and the app's modules arrive, and asks for both of its files at once: the
// manifest and the fixed-name copy of the city's text (`Manifest::first_text_aliases`), which it
// shows only if its size and SHA-256 are the manifest's entry's (else it downloads the listed
// file). postbuild fills in `S` (the interface's words, from shared/i18n/zh-Hans.tsv).
//
// What it paints is the app's own first view, element for element and text node for text node
// (CJK punctuation is spaced within a text node, so where the app writes "数据集" "：" as two
// nodes, so does this), with the same classes, so the stylesheet lays both out alike;
// tests/e2e/early.test.mjs compares the two screenshots. The painted nodes carry `data-early`
// and ids of their own (`early-…`); the app's own nodes stay hidden under
// `body.kg-early` until its result list is on screen, when it removes these
// (app/src/browser.rs `end_early_view`) in the same task, so nothing flashes. The painted controls
// are inert (nothing typed or ticked there could survive the takeover); its links work.
//
// It paints only the default view in 简体 for a reader with no stored choices (no 繁體, large
// text or shortlist), and only from data that checks out against the manifest (size and SHA-256);
// anything else — another view, a permalink, a failed download — paints nothing and the app
// shows the page as it always does. Data goes in as text only.

'use strict';
{
const S = /*KG_STRINGS*/ {};

// Resolves once the painted view has reached the screen (or nothing was painted): the finder's
// loader (scripts/postbuild.mjs) starts the app after it, a second at most, so the app's first long
// tasks do not hold the paint back.
let painted = () => {};
const done = new Promise((r) => { painted = r; });
// The manifest download, shared with js/prefetch.js so the page fetches it once.
let manifestBytes = null;
globalThis.kgEarly = { done, manifest: () => manifestBytes };

const safe = (path) => typeof path === 'string' && /^[A-Za-z0-9._\/-]+$/.test(path) && !path.includes('..') && !path.startsWith('/');
const str = (v) => typeof v === 'string';
const int = (v) => Number.isInteger(v) && v >= 0;

const bytes = (url, init) => fetch(url, init).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))));

/// Whether `buf` is the file `entry` lists. Nothing unverified is shown: the fixed-name copy may
/// be another publication's. crypto.subtle exists in secure contexts only (https, localhost);
/// elsewhere nothing is painted early.
async function matches(buf, entry) {
  if (!buf || entry.bytes !== buf.byteLength) return false;
  const d = await crypto.subtle.digest('SHA-256', buf);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('') === entry.sha256;
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === true) e.setAttribute(k, '');
    else if (v !== false && v != null) e.setAttribute(k, String(v));
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

// Its controls are labelled as the app's are, under ids of their own (`early-…`), so the page
// never holds two elements with one id.

/// A select as the app's SelectField draws it: 不限 first, then the choices.
function select(id, label, options, disabled) {
  const s = el('select', { id, disabled }, el('option', { value: '', selected: true }, S.finder_any));
  for (const [v, text] of options) s.append(el('option', { value: v }, text));
  return el('div', { class: 'field' }, el('label', { for: id }, label), s);
}

const check = (id, label, checked) => {
  const input = el('input', { id, type: 'checkbox' });
  input.checked = checked;
  return el('div', { class: 'field check' }, input, el('label', { for: id }, label));
};

function paint(m, text, city, named, base) {
  const link = (path) => {
    const u = new URL(path, base);
    return u.pathname + u.search;
  };
  const ds = m.dataset;
  const header = el('header', { class: 'site-header' },
    el('div', { class: 'brand' },
      el('a', { class: 'site-name', href: link('./') }, S.site_name),
      el('span', { class: 'dataset-line' },
        el('span', { class: 'dataset-name' }, ds.name),
        el('span', { class: 'dataset-version' }, S.dataset_version, ' ', el('span', { class: 'version' }, ds.version)),
        ds.sample ? el('span', { class: 'badge badge-sample' }, S.sample_badge) : null)),
    el('div', { class: 'controls' },
      el('div', { class: 'lang-switch', role: 'group', 'aria-label': S.lang_switch_label },
        el('button', { class: 'lang-btn', type: 'button', lang: 'zh-CN', 'aria-pressed': 'true' }, S.lang_hans),
        el('button', { class: 'lang-btn', type: 'button', lang: 'zh-Hant', 'aria-pressed': 'false' }, S.lang_hant)),
      el('button', { class: 'large-text-btn', type: 'button', 'aria-pressed': 'false' }, S.large_text)),
    el('nav', { 'aria-label': S.nav_label },
      el('ul', { class: 'nav' }, ...[
        ['./', S.nav_home], ['finder/', S.nav_finder], ['map/', S.nav_map], ['progress/', S.nav_progress],
        ['embed/', S.nav_embed], ['data/', S.nav_data], ['policy/', S.nav_policy],
      ].map(([p, t]) => el('li', {}, el('a', { href: link(p), 'aria-current': p === 'finder/' ? 'page' : null }, t))))));

  const citySelect = el('select', { id: 'early-f-city' }, ...m.regions.map((r) => el('option', { value: r.code, selected: r.code === city }, `${r.province} ${r.name}`)));
  const panel = el('details', { class: 'filter-panel' },
    el('summary', {}, S.finder_filter_panel),
    el('div', { class: 'filter-panel-body' },
      el('div', { class: 'field' }, el('label', { for: 'early-f-city' }, S.finder_city), citySelect),
      check('early-f-inclusive', S.finder_inclusive_only, true),
      el('fieldset', { class: 'zone' },
        el('legend', {}, S.finder_zone),
        el('p', {}, S.finder_zone_intro),
        el('div', { class: 'filter-grid' },
          select('early-f-county', S.finder_county, [], false), select('early-f-town', S.finder_town, [], true),
          select('early-f-village', S.finder_village, [], true))),
      el('details', { class: 'more-filters' },
        el('summary', {}, S.finder_more_filters),
        el('div', { class: 'filter-grid' },
          select('early-f-nature', S.finder_nature, text.natures, false),
          el('div', { class: 'field' }, el('label', { for: 'early-f-grade' }, S.finder_grade),
            el('select', { id: 'early-f-grade' }, ...[S.finder_any, S.finder_grade_1, S.finder_grade_2, S.finder_grade_3, S.finder_grade_4]
              .map((t, i) => el('option', { value: i, selected: i === 0 }, t)))),
          select('early-f-fee-min', S.finder_fee_min, [500, 1000, 1500, 2000, 3000].map((f) => [f, `≥ ${f}`]), false),
          select('early-f-fee', S.finder_fee_max, [500, 800, 1000, 1500, 2000, 3000, 5000].map((f) => [f, `≤ ${f}`]), false),
          check('early-f-toddler', S.finder_toddler, false), check('early-f-inclusion', S.finder_inclusion, false),
          check('early-f-room', S.finder_resource_room, false),
          el('div', { class: 'field' }, el('label', { for: 'early-f-sort' }, S.finder_sort),
            el('select', { id: 'early-f-sort' },
              ...[['name', S.finder_sort_name], ['fee', S.finder_sort_fee], ['fee_desc', S.finder_sort_fee_desc], ['grade', S.finder_sort_grade]]
                .map(([v, t]) => el('option', { value: v, selected: v === 'name' }, t)),
              el('option', { value: 'distance', disabled: true }, S.finder_sort_distance_unset))))),
      el('div', { class: 'field actions' },
        el('button', { type: 'button', disabled: true }, S.finder_clear),
        el('button', { type: 'button' }, S.finder_download),
        el('a', { class: 'to-map', href: link(named ? `map/?city=${city}` : 'map/') }, S.finder_on_map))));
  panel.open = matchMedia('(min-width: 48rem)').matches;

  // One row drawn as the app draws it, then cloned for each item with its words put in: cloning is
  // several times cheaper than building each row element by element, and the row's text nodes stay
  // as the app's (the fee is five of them). Its flags are removed where there are none.
  const row = el('li', { class: 'result' },
    el('a', { class: 'result-name' }, ''),
    el('span', { class: 'badge nature' }, ''),
    el('span', { class: 'grade' }, ''),
    el('span', { class: 'fee' }, S.finder_fee, ' ', '', ' ', S.finder_per_month),
    el('span', { class: 'flags' }, '', ' ', S.finder_flags),
    el('span', { class: 'address' }, ''),
    el('button', { class: 'shortlist-btn', type: 'button', 'aria-pressed': 'false', 'aria-label': '' }, S.shortlist_add));
  const items = text.items.map((r) => {
    const li = row.cloneNode(true);
    const [name, nature, grade, fee, flags, address, button] = li.children;
    name.setAttribute('href', link(`kindergarten/?${new URLSearchParams({ city, id: r.id })}`));
    name.firstChild.data = r.name;
    nature.firstChild.data = r.nature;
    grade.firstChild.data = r.grade;
    fee.childNodes[2].data = String(r.fee);
    if (r.warnings > 0) flags.firstChild.data = String(r.warnings);
    else flags.remove();
    address.firstChild.data = r.address;
    button.setAttribute('aria-label', `${S.shortlist_add}：${r.name}`);
    return li;
  });

  const main = el('main', { tabindex: '-1' },
    el('section', { class: 'finder', 'aria-labelledby': 'early-page-title' },
      el('h1', { id: 'early-page-title' }, S.nav_finder),
      el('p', { class: 'finder-intro' }, S.finder_intro),
      el('form', { class: 'filters' },
        el('div', { class: 'field wide' }, el('label', { for: 'early-f-q' }, S.finder_query), el('input', { id: 'early-f-q', type: 'search', autocomplete: 'off' })),
        el('div', { class: 'field actions near' }, el('button', { class: 'near-me', type: 'button' }, S.finder_near_me), el('p', { class: 'near-note', role: 'status' })),
        panel),
      el('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' },
        S.finder_count_prefix, ' ', el('strong', { class: 'count' }, String(text.total)), ' ', S.finder_count_suffix),
      el('p', { class: 'active-filters' }, S.finder_active,
        el('button', { class: 'chip', type: 'button', 'aria-label': `${S.finder_active_remove}${S.finder_inclusive_only}` }, S.finder_inclusive_only, ' ×')),
      el('div', { class: 'results-map' }, el('button', { class: 'toggle-map', type: 'button', 'aria-expanded': 'false' }, S.finder_show_map)),
      el('ol', { class: 'results', 'data-source': 'early' }, ...items),
      text.total > items.length ? el('button', { class: 'more', type: 'button', disabled: true }, S.finder_more) : null));

  const footer = el('footer', { class: 'site-footer' },
    el('p', { class: 'dataset-info' }, S.dataset, '：', ds.name, ' · ', S.dataset_version, ' ', ds.version, ' · ', S.dataset_as_of, ' ', ds.as_of),
    el('h2', { class: 'footer-heading' }, S.footer_sources),
    el('ul', { class: 'sources' }, ...(m.sources || []).map((s) => el('li', {}, s.name, ' — ', s.licence))),
    el('p', {}, S.footer_about),
    el('p', {}, S.footer_method));

  // As the app's skip link does: "#main" against the page's <base> would name the home page.
  const skip = el('a', { class: 'skip-link', href: '#main' }, S.skip_to_content);
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
    main.scrollIntoView();
  });
  const nodes = [skip, header];
  if (ds.sample) nodes.push(el('p', { class: 'sample-notice', role: 'note' }, el('strong', { class: 'badge badge-sample' }, S.sample_badge), ' ', S.sample_notice));
  nodes.push(main, footer);
  for (const n of nodes) n.setAttribute('data-early', '');
  // Nothing done to a control here would survive the takeover, so none takes input.
  for (const c of main.querySelectorAll('form, button')) c.inert = true;
  for (const c of header.querySelectorAll('button')) c.inert = true;
  main.querySelector('form').addEventListener('submit', (e) => e.preventDefault());
  // The app may already be mounting (its nodes are hidden under kg-early until it ends this).
  if (document.body.classList.contains('kg-early-ended')) return false;
  document.body.prepend(...nodes);
  document.body.classList.add('kg-early');
  return true;
}

/// The view this page opens with, if it is the one painted here: the finder's default list of a
/// city the manifest has, in 简体, for a reader with nothing stored that would change the page.
function wanted() {
  // The finder's own address, as the app's SiteBase::route_of reads it; else the app shows another
  // page, which never ends a painted view.
  const root = new URL('./', document.baseURI).pathname;
  if (!location.pathname.startsWith(root) || !['finder', 'finder/', 'finder/index.html'].includes(location.pathname.slice(root.length))) return null;
  const search = new URLSearchParams(location.search);
  const keys = [...search.keys()];
  if (new Set(keys).size !== keys.length || !keys.every((k) => k === 'city' || k === 'lang')) return null;
  const lang = search.get('lang');
  // As prefs.rs reads the language (Lang::parse): only a Simplified one, or none stored. Trimmed as
  // Rust's str::trim trims (Unicode White_Space; not U+FEFF, which JS's trim would also strip).
  const ws = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
  const trim = (v) => v.replace(new RegExp(`^${ws}|${ws}$`, 'g'), '');
  const hans = (v) => ['zh-hans', 'hans', 'zh-cn', 'zh-sg', 'sc', 'zh'].includes(trim(v ?? '').toLowerCase());
  let stored = {};
  try {
    stored = { lang: localStorage.getItem('kgportal.lang'), large: localStorage.getItem('kgportal.largeText'), list: localStorage.getItem('kgportal.shortlist') };
  } catch (_) {
    return null;
  }
  if (lang !== null ? !hans(lang) : stored.lang !== null && !hans(stored.lang)) return null;
  if (stored.large === '1' || (stored.list ?? '') !== '') return null;
  const city = search.get('city');
  // A city code as the app reads it (an adcode, 110000–829999); anything else is the app's to name.
  if (city !== null && !(/^[1-8][0-9]{5}$/.test(city) && Number(city) >= 110000 && Number(city) <= 829999)) return null;
  return { city: city === null ? null : Number(city) };
}

async function run() {
  // The manifest first, which every page needs (js/prefetch.js takes this download): then whether
  // this is a view to paint, which reads the reader's stored choices.
  const base = document.baseURI;
  const data = new URL('data/', base);
  const mp = bytes(new URL('manifest.json', data), { cache: 'no-cache' });
  mp.catch(() => {});
  manifestBytes = mp;
  const view = wanted();
  // Without crypto.subtle (a plain-HTTP site) nothing could be checked, so nothing is painted.
  if (!view || !globalThis.crypto?.subtle) return;
  // Revalidated as the manifest is: the copy changes with each publication.
  const copy = bytes(new URL(`first/${view.city ?? 'default'}.json`, data), { cache: 'no-cache' }).catch(() => null);
  const m = JSON.parse(new TextDecoder().decode(await mp));
  if (m.schema_version !== 1 || !Array.isArray(m.regions) || !Array.isArray(m.files) || !m.dataset) return;
  const regions = m.regions.filter((r) => int(r.code) && str(r.name) && str(r.province));
  if (regions.length !== m.regions.length || !regions.length) return;
  const city = view.city ?? regions[0].code;
  if (!regions.some((r) => r.code === city)) return;
  const ds = m.dataset;
  if (!str(ds.name) || !str(ds.version) || !str(ds.as_of) || typeof ds.sample !== 'boolean') return;
  if (m.sources && !(Array.isArray(m.sources) && m.sources.every((s) => str(s.name) && str(s.licence)))) return;
  const entry = m.files.find((f) => f.kind === 'first_text' && f.region === city && safe(f.path));
  if (!entry) return;
  let buf = await copy;
  if (!(await matches(buf, entry))) {
    // No copy, or another publication's: the listed file (immutable, so the cache may answer).
    buf = await bytes(new URL(entry.path, data));
    if (!(await matches(buf, entry))) return;
  }
  const text = JSON.parse(new TextDecoder().decode(buf));
  const item = (r) => str(r.id) && str(r.name) && str(r.nature) && str(r.grade) && str(r.address) && int(r.fee) && int(r.warnings);
  if (text.city !== city || !int(text.total) || !Array.isArray(text.items) || !text.items.every(item)) return;
  if (!Array.isArray(text.natures) || !text.natures.every((n) => Array.isArray(n) && int(n[0]) && str(n[1]))) return;
  // Run from <head>: the page's <body> exists once the parser has reached it, which is long
  // before the files arrive; readystatechange ('interactive') fires when it has parsed it all.
  while (!document.body) await new Promise((r) => document.addEventListener('readystatechange', r, { once: true }));
  if (!paint(m, text, city, view.city !== null, base)) return;
  // Painted: the next frame shows it. A task queued from an animation frame runs after its paint.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}

run().catch(() => {}).finally(() => painted());
}
