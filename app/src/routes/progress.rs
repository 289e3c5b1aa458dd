//! 区县进展: a region's indicators against the targets that apply (scorecard), and several
//! regions compared on chosen indicators (ranking and trend charts). Every chart has a table of
//! the same numbers, a CSV and a JSON download of exactly those numbers, and a permalink: the
//! whole view is in the URL (`ProgressParams`).

use crate::{
    browser,
    chart::{draw_ranking, draw_trend, ResizeTick, Series},
    components::LoadErrorNote,
    data::{load_stats, Dataset},
    i18n::{dt, t, tx, DataText, Msg, Phrase},
    prefs::Prefs,
    site::SiteBase,
    url_state::{use_url_state, CorrectionsNotice},
};
use kg_shared::{
    export::Table,
    indicators::{
        five_eighty_note, indicator_label, rank_caption, target_source, target_text, trend_caption,
        DefinitionExport, FiveEighty, Indicator, Progress as Engine, Unit,
    },
    links::Linkable,
    manifest::FileKind,
    num::fixed,
    params::{Lang, ProgressParams, ProgressView},
    stats::{StatsFile, Target},
};
use leptos::prelude::*;
use std::sync::Arc;

/// What the page needs from the manifest, copied once.
#[derive(Clone, Debug, Default, PartialEq)]
struct Meta {
    name: String,
    version: String,
    as_of: String,
    as_of_year: u16,
    sample: bool,
    /// The statistics file the numbers come from, as the manifest lists it.
    stats_path: String,
    stats_sha256: String,
}

/// The JSON download: the numbers with everything needed to cite and check them.
#[derive(serde::Serialize)]
struct Export<'a> {
    dataset: &'a str,
    version: &'a str,
    as_of: &'a str,
    sample: bool,
    /// The statistics file the figures were computed from, and its SHA-256 as the manifest
    /// lists it, so the numbers can be checked against the publication.
    source_file: &'a str,
    source_sha256: &'a str,
    permalink: String,
    region: u32,
    region_name: String,
    indicators: Vec<DefinitionExport>,
    targets: Vec<TargetExport<'a>>,
    /// Numbers as numbers, no figure as null.
    table: kg_shared::export::TypedTable,
}

/// A target as downloaded: its fields, and the document's title, the citation and the absolute
/// URL of the paragraph that sets it.
#[derive(serde::Serialize)]
struct TargetExport<'a> {
    #[serde(flatten)]
    target: &'a Target,
    document: String,
    citation: String,
    url: Option<String>,
}

/// The region shown when the URL names none: the city whose own plan sets the most targets.
fn default_region(engine: &Engine) -> Option<u32> {
    engine.cities().into_iter().max_by_key(|&c| {
        (engine.stats.targets.iter().filter(|t| t.region == c).count(), std::cmp::Reverse(c))
    })
}

#[component]
pub fn Progress() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let (params, corrections) = use_url_state::<ProgressParams>();
    let corrections = RwSignal::new(corrections);
    let stats = LocalResource::new(move || {
        let base = base.clone();
        let entry = dataset.entry(FileKind::Stats, None);
        async move { Some(load_stats(&base, entry?).await.map(Arc::new)) }
    });
    let meta = Memo::new(move |_| {
        dataset.with(|m| {
            let stats_file = m.files_of(FileKind::Stats).next();
            Some(Meta {
                name: m.dataset.name.clone(),
                version: m.dataset.version.clone(),
                as_of: m.dataset.as_of.clone(),
                as_of_year: m.dataset.as_of.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2025),
                sample: m.dataset.sample,
                stats_path: stats_file.map(|f| f.path.clone()).unwrap_or_default(),
                stats_sha256: stats_file.map(|f| f.sha256.clone()).unwrap_or_default(),
            })
        })
    });
    let tab = move |view: ProgressView, label: Msg| {
        let href = move || {
            let mut p = params.get();
            p.view = view;
            expect_context::<SiteBase>().link(&p.link(), prefs.lang.get())
        };
        view! {
            <a
                href=href
                aria-current=move || (params.with(|p| p.view) == view).then_some("page")
                on:click=move |ev| {
                    ev.prevent_default();
                    params.update(|p| p.view = view);
                }
            >
                {t(label)}
            </a>
        }
    };
    let body = move || {
        let stats = stats.get().flatten()?;
        let stats = match stats {
            Err(e) => return Some(view! { <LoadErrorNote title=Msg::DataStatsError error=e /> }.into_any()),
            Ok(s) => s,
        };
        let meta = meta.get()?;
        Some(view! { <ProgressBody stats meta params corrections /> }.into_any())
    };
    view! {
        <section class="progress-page" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NavProgress)}</h1>
            <p>{t(Msg::ProgressIntro)}</p>
            <nav class="tabs" aria-label=t(Msg::ProgressViews)>
                {tab(ProgressView::Scorecard, Msg::ProgressTabCard)}
                {tab(ProgressView::Compare, Msg::ProgressTabCompare)}
            </nav>
            <CorrectionsNotice corrections />
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>{body}</Suspense>
        </section>
    }
}

#[component]
fn ProgressBody(
    stats: Arc<StatsFile>,
    meta: Meta,
    params: RwSignal<ProgressParams>,
    corrections: RwSignal<Vec<String>>,
) -> impl IntoView {
    let engine = Engine::new(&stats, meta.as_of_year);
    if engine.regions().next().is_none() {
        return view! { <p class="notice">{t(Msg::ProgressNoRegion)}</p> }.into_any();
    }
    // A region the data does not have is named among the corrections and replaced.
    let requested = params.with_untracked(|p| p.region);
    if let Some(r) = requested.filter(|r| engine.region(*r).is_none()) {
        corrections.update(|c| c.push(format!("region={r}")));
        params.update(|p| p.region = None);
    }
    // Regions of another city (or province) may be compared too, if of the same kind.
    let among_bad: Vec<u32> = params.with_untracked(|p| {
        let ok = p.region.map(|r| engine.comparable(compare_scope(&engine, r))).unwrap_or_default();
        p.among.iter().copied().filter(|a| !ok.contains(a)).collect()
    });
    if !among_bad.is_empty() {
        corrections.update(|c| c.extend(among_bad.iter().map(|a| format!("among={a}"))));
        params.update(|p| p.among.retain(|a| !among_bad.contains(a)));
    }
    if params.with_untracked(|p| p.region.is_none()) {
        let d = default_region(&engine);
        params.update(|p| p.region = d);
    }
    drop(engine);
    // A permalink made on another version of the data: say so, the numbers may have moved.
    // The address bar then drops it: copied from there, the link would name a version not shown.
    let linked_version = params.with_untracked(|p| p.version.clone());
    if linked_version.is_some() {
        params.update(|p| p.version = None);
    }
    let old_version = linked_version.filter(|v| *v != meta.version).map(|v| {
        let now = meta.version.clone();
        view! {
            <p class="notice old-version" role="status">
                {t(Msg::ProgressOldVersion)} " " {v} {t(Msg::ProgressOldVersionNow)} " " {now}
                {t(Msg::ProgressOldVersionEnd)}
            </p>
        }
    });
    let stats2 = stats.clone();
    let meta2 = meta.clone();
    // Rebuilt when the region changes, so 城市 follows 省份 and 区县 follows 城市.
    let picker = move || {
        params.with(|p| p.region);
        let engine = Engine::new(&stats2, meta2.as_of_year);
        region_picker(&engine, params)
    };
    let content = move || {
        let engine = Engine::new(&stats, meta.as_of_year);
        let p = params.get();
        let region = p.region?;
        Some(match p.view {
            ProgressView::Scorecard => scorecard(&engine, region, &meta, params).into_any(),
            ProgressView::Compare => compare(&engine, &p, region, &meta, params).into_any(),
        })
    };
    view! {
        {old_version}
        {picker}
        {content}
    }
    .into_any()
}

/// The region whose sub-regions are compared: a province's cities, a city's county units, and
/// for a county unit its city's (a city without counties, 东莞, is its own).
pub(crate) fn compare_scope(engine: &Engine, code: u32) -> u32 {
    engine.city_of(code).filter(|_| engine.is_county_unit(code)).unwrap_or(code)
}

fn region_picker(engine: &Engine, params: RwSignal<ProgressParams>) -> impl IntoView {
    let d = expect_context::<DataText>();
    let region = params.with_untracked(|p| p.region).unwrap_or(0);
    let province = region / 10000 * 10000;
    let city = engine.city_of(region).unwrap_or(0);
    let county = if engine.is_county_unit(region) { region } else { 0 };
    let options = |codes: Vec<u32>, selected: u32| {
        codes
            .into_iter()
            .map(|c| {
                let name = engine.name(c).to_string();
                view! {
                    <option value=c.to_string() selected=c == selected>
                        {move || d.convert(&name)}
                    </option>
                }
            })
            .collect_view()
    };
    let provinces: Vec<u32> = engine.provinces();
    let set = move |code: u32| {
        params.update(|p| {
            p.region = Some(code);
            p.among.clear();
        })
    };
    // The selects are rebuilt after a choice: focus returns to the one the reader used.
    let pick = move |ev: leptos::ev::Event, fallback: u32, id: &'static str| {
        let v = event_target_value(&ev).parse::<u32>().unwrap_or(0);
        set(if v == 0 { fallback } else { v });
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            if let Some(el) =
                document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    };
    // A level below a chosen region: its children, or the whole of it (0).
    let below = move |id: &'static str, label: Msg, parent: u32, selected: u32| {
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                <select id=id on:change=move |ev| pick(ev, parent, id)>
                    <option value="0" selected=selected == 0>
                        {t(Msg::ProgressWhole)}
                    </option>
                    {options(engine.children(parent), selected)}
                </select>
            </div>
        }
    };
    view! {
        <form class="filters region-picker" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="p-province">{t(Msg::ProgressProvince)}</label>
                <select id="p-province" on:change=move |ev| pick(ev, province, "p-province")>
                    {options(provinces, province)}
                </select>
            </div>
            {below("p-city", Msg::ProgressCity, province, city)}
            {(city != 0).then(|| below("p-county", Msg::ProgressCounty, city, county))}
        </form>
    }
}

/// 数据截至 · 数据版本 · 来源 (and the sample notice): under every chart and table.
fn meta_line(meta: &Meta) -> impl IntoView {
    let (as_of, version, sample) = (meta.as_of.clone(), meta.version.clone(), meta.sample);
    view! {
        <p class="chart-meta">
            {t(Msg::DatasetAsOf)}
            " "
            <span class="as-of">{as_of}</span>
            " · "
            {t(Msg::DatasetVersion)}
            " "
            <span class="version">{version}</span>
            " · "
            {t(Msg::ProgressMetaSource)}
            {sample.then(|| view! { <strong class="sample-inline">{t(Msg::ProgressSample)}</strong> })}
        </p>
    }
}

/// The class of a table cell, from its column and its Simplified text: a verdict (✓/✗) or a
/// number (right-aligned); shared with the widgets' tables.
pub(crate) fn cell_class(col: usize, shown: &str) -> &'static str {
    if shown.starts_with('✓') {
        "verdict met"
    } else if shown.starts_with('✗') {
        "verdict not-met"
    } else if col > 0 && shown.chars().next().is_some_and(|ch| ch.is_ascii_digit() || ch == '-') {
        "num"
    } else {
        ""
    }
}

/// A table exactly as its CSV download has it; verdict and number cells get a class from their
/// text (`cell_class`).
pub(crate) fn table_view(
    table: &Table<Phrase>,
    class: &'static str,
    caption: impl IntoView + 'static,
) -> impl IntoView {
    let head = table
        .headers
        .iter()
        .map(|h| {
            let h = h.clone();
            view! { <th scope="col">{tx(h)}</th> }
        })
        .collect_view();
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<SiteBase>();
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    // Each cell carries its column's name: on a phone the scorecard's rows are
                    // laid out as cards, each value under its label (CSS `attr(data-label)`).
                    let label = tx(table.headers.get(i).cloned().unwrap_or_else(|| Phrase::plain("")));
                    if let Some(h) = table.link(r, i) {
                        // A citation: the cell's text, linking to the paragraph.
                        let (base, h, c) = (base.clone(), h.to_string(), c.clone());
                        let href = move || crate::components::policy_href(&base, &h, prefs.lang.get());
                        return view! {
                            <td data-label=label>
                                <a class="cite" href=href>{tx(c)}</a>
                            </td>
                        }
                        .into_any();
                    }
                    let class = cell_class(i, &c.hans());
                    let c = c.clone();
                    if i == 0 {
                        view! {
                            <th scope="row" class=class>
                                {tx(c)}
                            </th>
                        }
                        .into_any()
                    } else {
                        view! { <td class=class data-label=label>{tx(c)}</td> }.into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    // The scroller is named by the caption (ids unique on the page).
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let id = format!("table-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    view! {
        <crate::components::TableWrap labelledby=id.clone()>
            <table class=class>
                <caption id=id>{caption}</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </crate::components::TableWrap>
    }
}

/// CSV and JSON of a table, and the permalink of the view.
/// The site's root as an absolute URL ("https://jyj.example.cn/kg/"), for links in downloads.
fn site_root() -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}{}", expect_context::<SiteBase>().0)
}

fn downloads(
    meta: &Meta,
    file_stem: String,
    region: u32,
    region_name: String,
    indicators: Vec<Indicator>,
    targets: Vec<Target>,
    table: Table<Phrase>,
) -> impl IntoView {
    let d = expect_context::<DataText>();
    let meta = meta.clone();
    let csv_meta = meta.clone();
    let table = Arc::new(table);
    let (t1, t2) = (table.clone(), table);
    let stem = format!("kgportal-{file_stem}-{}", meta.version);
    let (s1, s2) = (stem.clone(), stem);
    let site_root = site_root();
    let root2 = site_root.clone();
    // Each cell in the reader's script on its own (fixed words from their messages, data whole
    // through the map), then the columns every download adds, named in the same script.
    let csv = move |_| {
        let csv = {
            let r = d.reader();
            let s = &r.script();
            t1.render(s)
                .with_link_columns(&site_root, s.msg(Msg::ColLinkSuffix))
                .with_constant_columns(&[
                    (s.msg(Msg::DatasetVersion), &csv_meta.version),
                    (s.msg(Msg::DatasetAsOf), &csv_meta.as_of),
                ])
                .to_csv()
        };
        browser::download_csv(&format!("{s1}.csv"), &csv)
    };
    // The numbers and their definitions in the reader's script; each target as the statistics
    // file has it (so it can be checked against the file and its SHA-256), with its document and
    // citation in the reader's script.
    let json = move |_| {
        let text = {
            let r = d.reader();
            let s = &r.script();
            let e = Export {
                dataset: &meta.name,
                version: &meta.version,
                as_of: &meta.as_of,
                sample: meta.sample,
                source_file: &meta.stats_path,
                source_sha256: &meta.stats_sha256,
                permalink: browser::href(),
                region,
                region_name: s.data(&region_name).into_owned(),
                indicators: indicators.iter().map(|i| DefinitionExport::new(*i, s.lang)).collect(),
                targets: targets
                    .iter()
                    .map(|t| TargetExport {
                        target: t,
                        document: s.data(t.document().map_or("", |d| d.title)).into_owned(),
                        citation: s.data(&t.citation()).into_owned(),
                        url: t.href().map(|h| format!("{root2}{h}")),
                    })
                    .collect(),
                table: t2.render(s).with_link_columns(&root2, s.msg(Msg::ColLinkSuffix)).typed(),
            };
            serde_json::to_string_pretty(&e)
        };
        if let Ok(text) = text {
            browser::download(&format!("{s2}.json"), "application/json", text.as_bytes());
        }
    };
    view! {
        <div class="downloads">
            <button type="button" class="download-csv" on:click=csv>
                {t(Msg::ProgressDownloadCsv)}
            </button>
            <button type="button" class="download-json" on:click=json>
                {t(Msg::ProgressDownloadJson)}
            </button>
        </div>
    }
}

/// The view's permalink, naming the dataset version it was made on, with a copy button.
fn permalink(params: RwSignal<ProgressParams>, version: String) -> impl IntoView {
    let id = "permalink";
    let prefs = expect_context::<Prefs>();
    let url = move || {
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        let mut p = params.get();
        p.version = Some(version.clone());
        format!("{origin}{}", expect_context::<SiteBase>().link(&p.link(), prefs.lang.get()))
    };
    let copied = RwSignal::new(None::<bool>);
    let to_copy = url.clone();
    let copy = move |_| {
        let Some(w) = web_sys::window() else { return };
        // No clipboard outside a secure context (a plain-http host): say so instead of throwing.
        let nav = w.navigator();
        if !js_sys::Reflect::has(&nav, &"clipboard".into()).unwrap_or(false)
            || js_sys::Reflect::get(&nav, &"clipboard".into()).map_or(true, |c| c.is_undefined())
        {
            copied.set(Some(false));
            return;
        }
        let promise = nav.clipboard().write_text(&to_copy());
        leptos::task::spawn_local(async move {
            copied.set(Some(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()));
        });
    };
    view! {
        <div class="field permalink">
            <label for=id>{t(Msg::ProgressPermalink)}</label>
            <div class="permalink-row">
                <input id=id type="url" readonly prop:value=url on:focus=|ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        i.select();
                    }
                } />
                <button type="button" class="copy-permalink" on:click=copy>{t(Msg::ProgressCopy)}</button>
            </div>
            <span class="copy-status" role="status">
                {move || copied.get().map(|ok| t(if ok { Msg::ProgressCopied } else { Msg::ProgressCopyFailed })())}
            </span>
        </div>
    }
}

pub fn definitions(inds: &[Indicator]) -> impl IntoView {
    let items = inds
        .iter()
        .map(|i| {
            let d = i.def();
            view! {
                <dt>{t(d.label)}</dt>
                <dd>
                    {t(d.formula)}
                    " "
                    <span class="inputs">{t(Msg::ProgressInputs)} "：" {t(d.inputs.label())}</span>
                </dd>
            }
        })
        .collect_view();
    view! { <dl class="definitions">{items}</dl> }
}

fn scorecard(engine: &Engine, region: u32, meta: &Meta, params: RwSignal<ProgressParams>) -> impl IntoView {
    let name = engine.name(region).to_string();
    let table = engine.scorecard_table(region);
    let year = engine.latest_year(region, Indicator::PublicShare);
    let five = engine.five_eighty(region, year);
    let public = engine.reading(region, Indicator::PublicShare, year).value();
    let inclusive = engine.reading(region, Indicator::InclusiveShare, year).value();
    // “5080” only where the region's own documents invoke it, naming the national source of
    // its figures.
    let five_text = match five {
        FiveEighty::Met => t(Msg::Progress5080Met).into_any(),
        FiveEighty::NotMet => t(Msg::Progress5080Not).into_any(),
        FiveEighty::NoData => t(Msg::Progress5080None).into_any(),
        FiveEighty::NotApplicable => t(five.label()).into_any(),
    };
    let five_detail = match (five, public, inclusive) {
        (FiveEighty::NotApplicable, _, _) => None,
        (_, Some(p), Some(i)) => Some(
            Msg::Progress5080Detail
                .fill([year.to_string(), fixed(p, 1), fixed(i, 1)].map(Phrase::Plain).to_vec()),
        ),
        _ => None,
    };
    let five_source = (five != FiveEighty::NotApplicable)
        .then(|| view! { <p class="five-eighty-source">{tx(five_eighty_note())}</p> });
    // 保教质量评估结果 and their distribution (000 §11: 定期向社会公布评估结果).
    let quality = engine.quality_table(region).map(|q| {
        view! {
            <details class="quality-distribution">
                <summary>{t(Msg::QualityDistribution)}</summary>
                {table_view(&q, "quality", || view! { {t(Msg::QualityDistribution)} })}
            </details>
        }
    });
    let totals = engine.region(region).cloned().unwrap_or_default();
    let partial = totals.partial_years();
    let towns = totals.records.towns_without.clone();
    let town_list = towns
        .iter()
        .map(|(code, tn, county)| {
            let label = if tn.is_empty() { code.to_string() } else { tn.clone() };
            let county_name = engine.name(*county).to_string();
            view! {
                <li>
                    {dt(label)}
                    " （"
                    {dt(county_name)}
                    "）"
                </li>
            }
        })
        .collect_view();
    let untracked: Vec<Target> = engine
        .stats
        .targets
        .iter()
        .filter(|t| Indicator::from_key(&t.indicator).is_none())
        .filter(|t| t.binds_region(region))
        .cloned()
        .collect();
    let untracked_view = (!untracked.is_empty()).then(|| {
        let items = untracked
            .iter()
            .map(|tg| {
                let s = Msg::ProgressUntrackedItem.fill(vec![
                    indicator_label(&tg.indicator).into(),
                    target_text(tg),
                    target_source(tg),
                ]);
                view! { <li>{tx(s)}</li> }
            })
            .collect_view();
        view! {
            <p>{t(Msg::ProgressUntracked)}</p>
            <ul class="untracked">{items}</ul>
        }
    });
    let targets: Vec<Target> =
        Indicator::ALL.iter().flat_map(|i| engine.targets(region, *i)).cloned().collect();
    let caption_name = name.clone();
    // A province's figures are the sum of the cities this dataset covers, which may be few of
    // its cities (湖南省 here is 株洲 alone): said above the numbers.
    let province_note = (engine.parent(region).is_none()).then(|| {
        let cities: Vec<String> =
            engine.children(region).iter().map(|&c| engine.name(c).to_string()).collect();
        let n = cities.len();
        let list = (n <= 6).then(|| cities.join("、"));
        view! {
            <p class="notice province-partial">
                {dt(name.clone())} {t(Msg::ProgressProvincePartial)}
                {match list {
                    Some(l) => dt(l).into_any(),
                    None => view! { {n} " " {t(Msg::ProgressCities)} }.into_any(),
                }}
            </p>
        }
    });
    view! {
        <h2 class="region-title">{dt(name.clone())} "：" {t(Msg::ProgressCardTitle)}</h2>
        {province_note}
        {meta_line(meta)}
        <p class=format!("five-eighty {}", five_eighty_class(five))>
            <strong>{t(Msg::Progress5080)}</strong>
            " "
            <span class="five-eighty-verdict">{five_text}</span>
            " "
            {five_detail.map(tx)}
        </p>
        {five_source}
        {(!partial.is_empty())
            .then(|| {
                let years = partial.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、");
                view! { <p class="notice">{t(Msg::ProgressPartial)} {years}</p> }
            })}
        {table_view(&table, "scorecard", move || view! { {dt(caption_name.clone())} " · " {t(Msg::ProgressCardTitle)} })}
        {downloads(
            meta,
            format!("{region}-scorecard"),
            region,
            name,
            Indicator::ALL.to_vec(),
            targets,
            table,
        )}
        {permalink(params, meta.version.clone())}
        <details class="towns-without">
            <summary>{t(Msg::ProgressTownsWithout)} "：" {towns.len()}</summary>
            {if towns.is_empty() {
                view! { <p>{t(Msg::ProgressTownsAll)}</p> }.into_any()
            } else {
                view! { <ul>{town_list}</ul> }.into_any()
            }}
        </details>
        {quality}
        {untracked_view}
        <h3>{t(Msg::ProgressDefinitions)}</h3>
        {definitions(Indicator::ALL)}
    }
}

fn compare(
    engine: &Engine,
    p: &ProgressParams,
    region: u32,
    meta: &Meta,
    params: RwSignal<ProgressParams>,
) -> impl IntoView {
    let d = expect_context::<DataText>();
    // Compare the region's sub-regions; for a county, its city's counties.
    let parent = compare_scope(engine, region);
    let all = engine.children(parent);
    let all_for_add = all.clone();
    let chosen: Vec<u32> = if p.among.is_empty() { all.clone() } else { p.among.clone() };
    let inds = if p.indicators.is_empty() {
        vec![Indicator::PublicShare, Indicator::InclusiveShare]
    } else {
        p.indicators.clone()
    };
    let years_all: Vec<u16> = engine.years();
    let (y0, y1) = p.years.unwrap_or((
        years_all.first().copied().unwrap_or(meta.as_of_year),
        years_all.last().copied().unwrap_or(meta.as_of_year),
    ));
    let years: Vec<u16> = years_all.iter().copied().filter(|y| (y0..=y1).contains(y)).collect();
    let extras: Vec<u32> = p.among.iter().copied().filter(|c| !all.contains(c)).collect();
    let shown: Vec<u32> = all.iter().chain(&extras).copied().collect();
    // Regions of other cities (provinces) that can join: by their city's (province's) name.
    let label_of = |c: u32| match engine.parent(c) {
        Some(up) if up != parent => format!("{} {}", engine.name(up), engine.name(c)),
        _ => engine.name(c).to_string(),
    };
    let addable: Vec<(u32, String)> = engine
        .comparable(parent)
        .into_iter()
        .filter(|c| !shown.contains(c))
        .map(|c| (c, label_of(c)))
        .collect();
    let add_select = (!addable.is_empty() && p.among.len() < ProgressParams::MAX_AMONG).then(|| {
        let opts = addable
            .into_iter()
            .map(|(c, label)| view! { <option value=c.to_string()>{move || d.convert(&label)}</option> })
            .collect_view();
        view! {
            <div class="field among-add">
                <label for="among-add">{t(Msg::ProgressAmongAdd)}</label>
                <select
                    id="among-add"
                    on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse::<u32>() {
                            params
                                .update(|p| {
                                    if p.among.is_empty() {
                                        // Room is left for the region being added.
                                        p.among = all_for_add.iter().copied().take(ProgressParams::MAX_AMONG - 1).collect();
                                    }
                                    if !p.among.contains(&c) && p.among.len() < ProgressParams::MAX_AMONG {
                                        p.among.push(c);
                                    }
                                })
                        }
                    }
                >
                    <option value="" selected=true>{t(Msg::ProgressAmongAddPick)}</option>
                    {opts}
                </select>
            </div>
        }
    });
    let among_boxes = shown
        .iter()
        .map(|&c| {
            let name = label_of(c);
            let checked = p.among.contains(&c);
            let id = format!("among-{c}");
            let on_change = move |on: bool| {
                params.update(|p| {
                    p.among.retain(|x| *x != c);
                    if on && p.among.len() < ProgressParams::MAX_AMONG {
                        p.among.push(c);
                    }
                })
            };
            let label = move || d.convert(&name);
            view! { <LabelledCheck id checked disabled=false on_change label /> }
        })
        .collect_view();
    let ind_boxes = Indicator::ALL
        .iter()
        .map(|&i| {
            let checked = inds.contains(&i);
            let id = format!("ind-{}", i.key());
            let full = !checked && inds.len() >= ProgressParams::MAX_INDICATORS;
            let on_change = move |on: bool| {
                params.update(|p| {
                    if p.indicators.is_empty() {
                        p.indicators = vec![Indicator::PublicShare, Indicator::InclusiveShare];
                    }
                    p.indicators.retain(|x| *x != i);
                    if on && p.indicators.len() < ProgressParams::MAX_INDICATORS {
                        p.indicators.push(i);
                    }
                })
            };
            view! { <LabelledCheck id checked disabled=full on_change label=t(i.def().label) /> }
        })
        .collect_view();
    let year_select = move |id: &'static str, label: Msg, selected: u16, first: bool| {
        let opts = years_all
            .iter()
            .map(|&y| view! { <option value=y.to_string() selected=y == selected>{y}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                <select
                    id=id
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse::<u16>().unwrap_or(selected);
                        params
                            .update(|p| {
                                let (a, b) = p.years.unwrap_or((y0, y1));
                                let (a, b) = if first { (v, b.max(v)) } else { (a.min(v), v) };
                                p.years = Some((a, b));
                            })
                    }
                >
                    {opts}
                </select>
            </div>
        }
    };
    let figures =
        inds.iter().map(|&ind| indicator_figures(engine, ind, &chosen, &years, parent, meta)).collect_view();
    view! {
        <form class="filters compare-form" on:submit=|ev| ev.prevent_default()>
            <fieldset class="checks">
                <legend>{t(Msg::ProgressAmong)}</legend>
                {among_boxes}
                {add_select}
            </fieldset>
            <fieldset class="checks">
                <legend>{t(Msg::ProgressIndicators)}</legend>
                {ind_boxes}
            </fieldset>
            {year_select("p-from", Msg::ProgressYearFrom, y0, true)}
            {year_select("p-to", Msg::ProgressYearTo, y1, false)}
        </form>
        {meta_line(meta)}
        {figures}
        {permalink(params, meta.version.clone())}
    }
}

/// What a figure's downloads are of: the file name, the region, the indicators and targets.
struct Download<'a> {
    meta: &'a Meta,
    file_stem: String,
    region: u32,
    region_name: String,
    indicators: Vec<Indicator>,
    targets: Vec<Target>,
}

/// A chart (`kind`: ranking or trend), its table of the same numbers and that table's downloads.
fn chart_figure(
    kind: &'static str,
    caption: Phrase,
    chart: impl IntoView + 'static,
    table: Table<Phrase>,
    file: Download,
) -> AnyView {
    let table_class = if kind == "trend" { "trend-table" } else { "ranking-table" };
    let cap = caption.clone();
    let Download { meta, file_stem, region, region_name, indicators, targets } = file;
    view! {
        <figure class=format!("chart {kind}")>
            <figcaption>{tx(caption)}</figcaption>
            {chart}
            {table_view(&table, table_class, move || view! { {tx(cap.clone())} " · " {t(Msg::ProgressTableCaption)} })}
            {downloads(meta, file_stem, region, region_name, indicators, targets, table)}
        </figure>
    }
    .into_any()
}

/// The ranking and trend of one indicator over the chosen regions, each with its table.
fn indicator_figures(
    engine: &Engine,
    ind: Indicator,
    regions: &[u32],
    years: &[u16],
    parent: u32,
    meta: &Meta,
) -> impl IntoView {
    let def = ind.def();
    let unit = def.unit;
    let year = engine.common_year(regions, ind);
    let rank = engine.ranking(regions, ind, year);
    let rank_table = engine.ranking_table(&rank, ind, year);
    let shared = engine.shared_target(regions, ind).cloned();
    let target_value = shared.as_ref().map(|t| t.value);
    let target_note = match &shared {
        Some(tg) => {
            view! { <p class="target-note">{t(Msg::ProgressTargetLine)} {tx(target_text(tg))}</p> }.into_any()
        }
        None if regions.iter().any(|r| !engine.targets(*r, ind).is_empty()) => {
            view! { <p class="target-note">{t(Msg::ProgressTargetsDiffer)}</p> }.into_any()
        }
        None => ().into_any(),
    };
    let targets: Vec<Target> = {
        let mut v: Vec<Target> = regions.iter().flat_map(|r| engine.targets(*r, ind)).cloned().collect();
        v.dedup();
        v
    };
    let bars: Vec<(String, Option<f64>)> = rank.iter().map(|r| (r.name.clone(), r.value)).collect();
    let label = def.label;
    // The downloads of either figure: the same region, indicator and targets.
    let download = |kind: &str| Download {
        meta,
        file_stem: format!("{parent}-{}-{kind}", def.key),
        region: parent,
        region_name: engine.name(parent).to_string(),
        indicators: vec![ind],
        targets: targets.clone(),
    };
    let rank_caption = rank_caption(ind, year);
    let rank_canvas = ranking_chart(bars, rank_caption.clone(), unit, target_value);
    let trend_view = if ind.has_years() && !years.is_empty() {
        let trend = engine.trend(regions, ind, years);
        let trend_table = engine.trend_table(&trend, ind);
        let series: Vec<Series> = trend.iter().map(|r| (r.name.clone(), r.values.clone())).collect();
        let caption = trend_caption(ind, years[0], years[years.len() - 1]);
        let chart = trend_chart(series, caption.clone(), unit, target_value);
        chart_figure("trend", caption, chart, trend_table, download("trend")).into_any()
    } else {
        view! { <p class="notice no-years">{t(Msg::ProgressNoYears)}</p> }.into_any()
    };
    let ranking = chart_figure("ranking", rank_caption, rank_canvas, rank_table, download("ranking"));
    view! {
        <section class="indicator-figures" data-indicator=def.key>
            <h2>{t(label)} "（" {t(unit.label())} "）"</h2>
            <p class="definition">
                {t(def.formula)}
                " "
                <span class="inputs">{t(Msg::ProgressInputs)} "：" {t(def.inputs.label())}</span>
            </p>
            {target_note}
            {ranking}
            {trend_view}
        </section>
    }
}

/// A trend chart with its legend (colour and marker per region, as drawn).
pub(crate) fn trend_chart(
    series: Vec<Series>,
    caption: Phrase,
    unit: Unit,
    target: Option<f64>,
) -> impl IntoView {
    let legend = series
        .iter()
        .enumerate()
        .map(|(i, (n, _))| {
            let n = n.clone();
            let marker = kg_shared::chart::MARKER_SYMBOLS[i % 3];
            view! {
                <li>
                    <span class=format!("swatch c{}", i % 10) aria-hidden="true">{marker}</span>
                    {dt(n)}
                </li>
            }
        })
        .collect_view();
    let canvas = chart_canvas(caption, move |c, hant, conv| {
        let s: Vec<Series> = series.iter().map(|(n, v)| (conv(n), v.clone())).collect();
        draw_trend(c, &s, unit, target, hant)
    });
    view! {
        {canvas}
        <ul class="legend">{legend}</ul>
    }
}

/// A ranking bar chart; names converted to the reader's script when drawn.
pub(crate) fn ranking_chart(
    bars: Vec<(String, Option<f64>)>,
    caption: Phrase,
    unit: Unit,
    target: Option<f64>,
) -> impl IntoView {
    chart_canvas(caption, move |c, hant, conv| {
        let rows: Vec<(String, Option<f64>)> = bars.iter().map(|(n, v)| (conv(n), *v)).collect();
        draw_ranking(c, &rows, unit, target, hant)
    })
}

/// A canvas that draws itself after mounting and again on resize or language change, and says
/// when it could not.
fn chart_canvas(
    label: Phrase,
    draw: impl Fn(web_sys::HtmlCanvasElement, bool, &dyn Fn(&str) -> String) -> Result<(), String> + 'static,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let tick = expect_context::<ResizeTick>();
    let prefs = expect_context::<Prefs>();
    let d = expect_context::<DataText>();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        tick.0.get();
        let hant = prefs.lang.get() == Lang::Hant;
        let conv = move |s: &str| d.convert(s);
        if let Some(c) = node.get() {
            match draw(c.clone(), hant, &conv) {
                Ok(()) => {
                    let _ = c.set_attribute("data-drawn", "1");
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let aria = label.clone();
    view! {
        <canvas node_ref=node role="img" aria-label=move || d.render(&aria)></canvas>
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <p class="error" role="alert">
                            {t(Msg::ProgressChartError)}
                            {e}
                        </p>
                    }
                })
        }}
    }
}

/// The CSS class of a “5080” verdict (the names are the app's, not the core's).
fn five_eighty_class(f: FiveEighty) -> &'static str {
    match f {
        FiveEighty::NotApplicable => "not-applicable",
        FiveEighty::NoData => "no-data",
        FiveEighty::Met => "met",
        FiveEighty::NotMet => "not-met",
    }
}

/// A checkbox inside its label (the compare view's regions and indicators): checked as the URL
/// says when drawn; `on_change` gets the new state.
#[component]
fn LabelledCheck(
    id: String,
    checked: bool,
    disabled: bool,
    #[prop(into)] on_change: Callback<bool>,
    label: impl IntoView + 'static,
) -> impl IntoView {
    let for_id = id.clone();
    view! {
        <label class="check" for=for_id>
            <input
                type="checkbox"
                id=id
                checked=checked
                disabled=disabled
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}
