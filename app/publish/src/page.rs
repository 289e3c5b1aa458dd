//! 数据发布: a clerk checks the bureau's spreadsheets and makes the publication in the browser,
//! with nothing installed and nothing uploaded. The work is `kgdata publish`'s, in two steps:
//! `kg_pipeline::bundle::check` (read and validate: the report, shown at once), then the compile
//! step with the dictionaries, which load in their own module only then (`dicts`). This page reads
//! the files, asks the live site what it publishes now (the guard), and shows the report, the
//! counts and the download.

use crate::compare::{compare, live, Comparison, ComparisonView, Live};
use crate::preview::{NewRecords, PreviewView};
use kg_app::{
    browser,
    components::{CheckField, SelectField},
    i18n::{dt, t, tx, Msg, Phrase},
    site::SiteBase,
};
use kg_pipeline::{
    bundle::{check, publication_files, zip_publication, Blocked, Draft, Ready, RowCells},
    diff::records_of,
    guard::{check_replacement, Coverage, FrontEnd, Guard},
    places::Geo,
    publish::{compile_parts, manifest_of, rfc3339, Compiled, DatasetMeta, Table},
};
use kg_shared::manifest::Manifest;
use kg_shared::{date::Date, rules::Severity};
use leptos::{prelude::*, task::spawn_local};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The publication made from a checked draft, once the dictionaries have answered.
struct Made {
    compiled: Compiled,
    manifest: Manifest,
    /// The guard's verdict against the live publication: None when it passes.
    refusal: Option<Phrase>,
    /// The download, or why it could not be made.
    zip: Result<Vec<u8>, String>,
}

/// The compile step, after the report is shown.
#[derive(Clone)]
enum Making {
    /// Loading the dictionaries and compiling.
    Working,
    /// Why no publication could be made.
    Failed(String),
    Made(Arc<Made>),
}

/// The compile step of `kgdata publish`, with the dictionaries asked of their own module.
async fn make(
    base: &SiteBase,
    ready: Ready,
    geo: &Geo,
    report: &kg_pipeline::report::Report,
    meta: &DatasetMeta,
    generated: String,
) -> Result<(Compiled, Manifest), String> {
    let mut table = Table::default();
    let asked = async {
        crate::dicts::pinyin(base, ready.names(), &mut table).await?;
        // The pinyin lexicon is most of what the dictionaries take (about 65 MB once built): a
        // fresh worker, without it, converts to Traditional while this module compiles.
        crate::dicts::release();
        let unfinished = compile_parts(ready.records, geo, &ready.stats, report, meta, &table)
            .map_err(|e| format!("{e:#}"))?;
        crate::dicts::s2t(base, unfinished.hant_queries(), &mut table).await?;
        Ok::<_, String>(unfinished)
    }
    .await;
    // Every question is answered: end the worker before the diff and preview need memory.
    crate::dicts::release();
    let compiled = asked?.finish(geo, &table).map_err(|e| format!("{e:#}"))?;
    drop(table);
    let manifest = manifest_of(&compiled, meta, generated).map_err(|e| format!("{e:#}"))?;
    Ok((compiled, manifest))
}

/// The files an `<input type="file">` holds, read whole: (name, bytes).
async fn read_files(id: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    let Some(list) = input.and_then(|i| i.files()) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for i in 0..list.length() {
        let Some(f) = list.get(i) else { continue };
        let buf = JsFuture::from(f.array_buffer()).await.map_err(|e| format!("{}：{e:?}", f.name()))?;
        out.push((f.name(), js_sys::Uint8Array::new(&buf).to_vec()));
    }
    Ok(out)
}

/// The guard's verdict on `new` against what the site publishes now.
async fn judge(base: &SiteBase, live: &Live, new: &Coverage, replace_all: bool) -> Option<Phrase> {
    let guard = Guard { front: FrontEnd::Page, replace_all, ..Guard::default() };
    let live = match live {
        Live::None => None,
        Live::Failed(e) => return (!replace_all).then(|| e.phrase()),
        Live::Manifest { bytes, manifest } => {
            let stats = match manifest.files_of(kg_shared::manifest::FileKind::Stats).next() {
                Some(entry) => kg_app::data::fetch_verified(base, entry).await.ok(),
                None => None,
            };
            let read = |e: &kg_shared::manifest::FileEntry| {
                stats.clone().ok_or_else(|| anyhow::anyhow!("{}", e.path))
            };
            match Coverage::of_publication(bytes, read) {
                Ok(c) => Some(c),
                Err(e) if !replace_all => return Some(Phrase::data(format!("{e:#}"))),
                Err(_) => None,
            }
        }
    };
    check_replacement(live.as_ref(), new, &guard).err().map(|r| r.0)
}

fn today() -> (String, String) {
    let d = js_sys::Date::new_0();
    let (y, m, day) = (d.get_full_year(), d.get_month() + 1, d.get_date());
    (format!("{y:04}-{m:02}-{day:02}"), format!("{y}.{m:02}"))
}

#[component]
pub fn Publish() -> impl IntoView {
    let base = expect_context::<SiteBase>();
    let (day, month) = today();
    let as_of = RwSignal::new(day);
    let version = RwSignal::new(month);
    let name = RwSignal::new("幼儿园信息公开数据".to_string());
    let publisher = RwSignal::new("教育局".to_string());
    let allow_rejects = RwSignal::new(false);
    let replace_all = RwSignal::new(false);
    let working = RwSignal::new(false);
    let problem = RwSignal::new(None::<Phrase>);
    // The geography, parsed on the first check and kept for the next ones.
    let geography = StoredValue::new_local(None::<std::rc::Rc<Geo>>);
    let outcome = RwSignal::new(None::<Arc<Draft>>);
    let making = RwSignal::new(None::<Making>);
    let comparison = RwSignal::new(None::<Arc<Comparison>>);
    let comparing = RwSignal::new(false);
    let preview = RwSignal::new(None::<Arc<NewRecords>>);
    let run = move |_| {
        let base = base.clone();
        working.set(true);
        problem.set(None);
        making.set(None);
        comparison.set(None);
        preview.set(None);
        spawn_local(async move {
            let checked = async {
                let sheets = read_files("pub-sheets").await.map_err(Phrase::Data)?;
                let stats = read_files("pub-stats").await.map_err(Phrase::Data)?.into_iter().next();
                let day = Date::parse(&as_of.get_untracked()).ok_or(Phrase::Msg(Msg::PublishBadDate))?;
                let meta = DatasetMeta {
                    name: name.get_untracked(),
                    version: version.get_untracked(),
                    as_of: day,
                    sample: false,
                    notice: None,
                    publisher: publisher.get_untracked(),
                };
                let geo = match geography.get_value() {
                    Some(g) => g,
                    None => {
                        let g = std::rc::Rc::new(Geo::bundled().map_err(|e| Phrase::Data(format!("{e:#}")))?);
                        geography.set_value(Some(g.clone()));
                        g
                    }
                };
                let (draft, ready) = check(&geo, sheets, stats.as_ref(), allow_rejects.get_untracked(), day);
                Ok::<_, Phrase>((draft, ready, geo, meta))
            }
            .await;
            let (draft, ready, geo, meta) = match checked {
                Ok(c) => c,
                Err(e) => {
                    problem.set(Some(e));
                    working.set(false);
                    return;
                }
            };
            // The report first, while the dictionaries load and the publication compiles.
            let o = Arc::new(draft);
            outcome.set(Some(o.clone()));
            working.set(false);
            let Some(ready) = ready else { return };
            making.set(Some(Making::Working));
            let now = rfc3339((js_sys::Date::now() / 1000.0) as i64);
            let (compiled, manifest) = match make(&base, ready, &geo, &o.report, &meta, now).await {
                Ok(p) => p,
                Err(e) => {
                    making.set(Some(Making::Failed(e)));
                    return;
                }
            };
            let live = live(&base).await;
            let refusal = judge(&base, &live, &compiled.coverage(), replace_all.get_untracked()).await;
            let zip = zip_publication(&compiled, &manifest).map_err(|e| format!("{e:#}"));
            let m = Arc::new(Made { compiled, manifest, refusal, zip });
            making.set(Some(Making::Made(m.clone())));
            // Then the records against the live ones, read back from the very files offered.
            comparing.set(true);
            match records_of(&m.compiled) {
                Ok(by_city) => {
                    let version = m.manifest.dataset.version.clone();
                    let p = Arc::new(NewRecords::of(by_city, &m.compiled, version));
                    preview.set(Some(p.clone()));
                    let c = compare(&base, &live, &p.by_county, &m.compiled, &geo).await;
                    comparison.set(Some(Arc::new(c)));
                }
                Err(e) => comparison.set(Some(Arc::new(Comparison::Failed(Phrase::data(e))))),
            }
            comparing.set(false);
        });
    };
    let template = move |_| {
        if let Ok(bytes) = kg_pipeline::template::template_xlsx() {
            browser::download(
                "幼儿园信息填报模板.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &bytes,
            );
        }
    };
    view! {
        <section class="publish" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::PublishTitle)}</h1>
            <p>{t(Msg::PublishIntro)}</p>
            <p><button type="button" class="template" on:click=template>{t(Msg::PublishTemplate)}</button></p>
            <div class="filters">
                <div class="field">
                    <label for="pub-sheets">{t(Msg::PublishSheets)}</label>
                    <input id="pub-sheets" type="file" multiple accept=".csv,.xlsx,.xls,text/csv" />
                </div>
                <div class="field">
                    <label for="pub-stats">{t(Msg::PublishStats)}</label>
                    <input id="pub-stats" type="file" accept=".csv,text/csv" />
                </div>
                <TextField id="pub-as-of" label=Msg::PublishAsOf value=as_of />
                <TextField id="pub-version" label=Msg::PublishVersion value=version />
                <TextField id="pub-name" label=Msg::PublishName value=name />
                <TextField id="pub-publisher" label=Msg::PublishPublisher value=publisher />
                <CheckField id="pub-allow-rejects" label=Msg::PublishAllowRejects checked=allow_rejects on_change=move |v| allow_rejects.set(v) />
                <CheckField id="pub-replace-all" label=Msg::PublishConfirm checked=replace_all on_change=move |v| replace_all.set(v) />
            </div>
            <p><button type="button" class="run" on:click=run disabled=working>{t(Msg::PublishCheck)}</button></p>
            <p role="status" class="status">{move || working.get().then(t(Msg::PublishWorking))}</p>
            {move || problem.get().map(|p| view! { <p class="load-error" role="alert">{t(Msg::PublishFileError)} {tx(p)}</p> })}
            {move || outcome.get().map(|o| view! { <Results o making /> })}
            {move || {
                let names = outcome.get().map(|o| o.names.clone()).unwrap_or_default();
                preview.get().map(|p| view! { <PreviewView p names /> })
            }}
            <p role="status" class="status">{move || comparing.get().then(t(Msg::PublishComparing))}</p>
            {move || comparison.get().map(|c| view! { <ComparisonView c /> })}
        </section>
    }
}

#[component]
fn TextField(id: &'static str, label: Msg, value: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id type="text" prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) />
        </div>
    }
}

/// Writing the publication into a folder: not asked (or the picker closed), under way, done, failed.
#[derive(Clone, PartialEq)]
enum Writing {
    Idle,
    Busy,
    Written(Phrase),
    Failed(Phrase),
}

/// Where the browser can write into a folder: the publication written into the site's data
/// folder, in `publication_files`'s order (the same files as the zip), and what came of it.
#[component]
fn WriteFolder(made: Arc<Made>) -> impl IntoView {
    let state = RwSignal::new(Writing::Idle);
    let busy = move || state.get() == Writing::Busy;
    let write = move |_| {
        let made = made.clone();
        state.set(Writing::Busy);
        spawn_local(async move {
            let done = match publication_files(&made.compiled, &made.manifest) {
                Ok(files) => crate::folder::write(files).await,
                Err(e) => Err(format!("{e:#}")),
            };
            state.set(match done {
                Ok(None) => Writing::Idle,
                Ok(Some((folder, n))) => Writing::Written(Phrase::Fill(
                    Msg::PublishWritten,
                    vec![Phrase::Plain(folder), Phrase::Plain(n.to_string())],
                )),
                Err(e) => Writing::Failed(Phrase::Fill(Msg::PublishWriteFailed, vec![Phrase::Data(e)])),
            });
        });
    };
    let said = move || {
        match state.get() {
            // Nothing yet, or the clerk closed the picker.
            Writing::Idle => None,
            Writing::Busy => Some(
                view! { <p role="status" class="status writing">{t(Msg::PublishWriting)}</p> }.into_any(),
            ),
            Writing::Written(p) => {
                Some(view! { <p role="status" class="status written">{tx(p)}</p> }.into_any())
            }
            Writing::Failed(p) => {
                Some(view! { <p role="alert" class="load-error write-failed">{tx(p)}</p> }.into_any())
            }
        }
    };
    view! {
        <p class="how">{t(Msg::PublishWriteFolderHow)}</p>
        <p><button type="button" class="write-folder" on:click=write disabled=busy>{t(Msg::PublishWriteFolder)}</button></p>
        {said}
    }
}

#[component]
fn Results(o: Arc<Draft>, making: RwSignal<Option<Making>>) -> impl IntoView {
    let r = &o.report;
    let summary = Msg::PublishSummary.fill(
        [r.rows_in, r.published, r.rejected, r.skipped, r.published_with_warnings]
            .map(|n| Phrase::plain(n.to_string()))
            .to_vec(),
    );
    let unreadable = (!o.unreadable.is_empty()).then(|| {
        let items = o.unreadable.iter().map(|u| view! { <li>{dt(u.clone())}</li> }).collect_view();
        view! { <div class="load-error unreadable" role="alert"><p>{t(Msg::PublishUnreadable)}</p><ul>{items}</ul></div> }
    });
    let counties = o
        .counties
        .iter()
        .map(|(_, n, k)| view! { <tr><th scope="row">{dt(n.clone())}</th><td class="num">{*k}</td></tr> })
        .collect_view();
    let blocked = o.blocked.clone().map(|b| {
        let text = match b {
            Blocked::Unreadable => view! { {t(Msg::PublishBlockedUnreadable)} }.into_any(),
            Blocked::NothingToPublish => view! { {t(Msg::PublishBlockedNothing)} }.into_any(),
            Blocked::Rejected(n) => {
                view! { {tx(Msg::PublishBlockedRejected.fill(vec![Phrase::plain(n.to_string())]))} }
                    .into_any()
            }
            Blocked::Failed(e) => view! { {t(Msg::PublishBlockedFailed)} {dt(e)} }.into_any(),
        };
        view! { <p class="notice draft blocked">{text}</p> }
    });
    // The compile step's outcome: still working, why there is no publication, or the download
    // (unless the guard refuses it).
    let made = move || {
        making.get().map(|m| match m {
            Making::Working => view! { <p role="status" class="status making">{t(Msg::PublishMaking)}</p> }.into_any(),
            Making::Failed(e) => view! { <p class="notice draft blocked">{t(Msg::PublishBlockedFailed)} {dt(e)}</p> }.into_any(),
            Making::Made(m) => match (&m.refusal, &m.zip) {
                (Some(why), _) => view! {
                    <p class="load-error refused" role="alert">{t(Msg::PublishRefused)} {tx(why.clone())} {t(Msg::PublishConfirmHint)}</p>
                }
                .into_any(),
                (None, Ok(zip)) => {
                    let (zip, version) = (zip.clone(), m.manifest.dataset.version.clone());
                    let save = move |_| {
                        browser::download(&format!("kgportal-data-{version}.zip"), "application/zip", &zip)
                    };
                    view! {
                        <p><button type="button" class="download-zip" on:click=save>{t(Msg::PublishDownload)}</button></p>
                        <p class="how">{t(Msg::PublishHow)}</p>
                        {crate::folder::supported().then(|| view! { <WriteFolder made=m.clone() /> })}
                    }
                    .into_any()
                }
                (None, Err(e)) => {
                    view! { <p class="notice draft blocked">{t(Msg::PublishBlockedFailed)} {dt(e.clone())}</p> }.into_any()
                }
            },
        })
    };
    view! {
        <section class="publish-results">
            <p class="summary">{tx(summary)}</p>
            {unreadable}
            {blocked}
            {made}
            <h2>{t(Msg::PublishCounties)}</h2>
            <kg_app::components::TableWrap labelledby="pub-counties".to_string()>
                <table class="counties">
                    <caption id="pub-counties">{t(Msg::PublishCounties)}</caption>
                    <thead><tr><th scope="col">{t(Msg::PublishColCounty)}</th><th scope="col">{t(Msg::PublishColRecords)}</th></tr></thead>
                    <tbody>{counties}</tbody>
                </table>
            </kg_app::components::TableWrap>
            <Lines o=o.clone() />
        </section>
    }
}

/// Report lines shown at first, and added by each "再显示" — a big sheet's report runs to
/// thousands of lines, and a table of them all is hundreds of thousands of DOM nodes.
const LINES_PAGE: usize = 100;

/// Every report line, filtered by severity, county and rule: file, sheet and row, column, value,
/// rule, message, source. The first `LINES_PAGE` matching lines, more on request; the whole report
/// as the CLI's `report.csv`, one click away.
#[component]
fn Lines(o: Arc<Draft>) -> impl IntoView {
    let severity = RwSignal::new(String::new());
    let county = RwSignal::new(String::new());
    let rule = RwSignal::new(String::new());
    let shown = RwSignal::new(LINES_PAGE);
    let lines = &o.report.lines;
    let mut rules: Vec<(String, String)> = lines.iter().map(|l| (l.rule.clone(), l.title.clone())).collect();
    rules.sort();
    rules.dedup();
    let rule_options = rules
        .into_iter()
        .map(|(id, title)| view! { <option value=id.clone()>{id.clone()} " " {dt(title)}</option> })
        .collect_view();
    let unknown_county = lines.iter().any(|l| l.county.is_none());
    let county_options = o
        .names
        .iter()
        .filter(|(c, _)| lines.iter().any(|l| l.county == Some(**c)))
        .map(|(c, n)| view! { <option value=c.to_string()>{dt(n.clone())}</option> })
        .collect_view();
    // The lines the filters let through, by index.
    let matching = {
        let o = o.clone();
        Memo::new(move |_| {
            let (want, county, rule) = (severity.get(), county.get(), rule.get());
            o.report
                .lines
                .iter()
                .enumerate()
                .filter(|(_, l)| match want.as_str() {
                    "error" => l.severity == Severity::Error,
                    "warning" => l.severity == Severity::Warning,
                    _ => true,
                })
                .filter(|(_, l)| match county.as_str() {
                    "" => true,
                    "none" => l.county.is_none(),
                    c => l.county.map(|k| k.to_string()).as_deref() == Some(c),
                })
                .filter(|(_, l)| rule.is_empty() || l.rule == rule)
                .map(|(i, _)| i)
                .collect::<Vec<usize>>()
        })
    };
    let pick = move |signal: RwSignal<String>| {
        move |v: String| {
            shown.set(LINES_PAGE);
            signal.set(v);
        }
    };
    // Keyed by line index, so that showing 100 more lines adds rows and leaves the ones shown
    // (and any "查看" a clerk opened) as they are.
    let visible = move || matching.with(|m| m.iter().take(shown.get()).copied().collect::<Vec<usize>>());
    let row = {
        let o = o.clone();
        move |i: usize| {
            let l = &o.report.lines[i];
            let place = match &l.sheet {
                Some(s) => format!("{}（{s}）", l.file),
                None => l.file.clone(),
            };
            let class = if l.severity == Severity::Error { "error-line" } else { "warning-line" };
            let cells = o.rows.get(&(l.file.clone(), l.sheet.clone(), l.row)).cloned();
            let (row, column) = (l.row, l.column.clone());
            view! {
                <tr class=class>
                    <td translate="no">{place}</td>
                    <td class="num">{l.row}</td>
                    <td>{dt(l.column.clone())}</td>
                    <td translate="no">{l.value.clone()}</td>
                    <td>{l.rule.clone()} " " {dt(l.title.clone())}</td>
                    <td>{dt(l.message.clone())}</td>
                    <td>{dt(l.source.clone())}</td>
                    <td>{cells.map(|cells| view! { <RowInContext row cells column /> })}</td>
                </tr>
            }
        }
    };
    let count = move || {
        let total = matching.with(Vec::len);
        let n = [total.min(shown.get()), total].map(|n| Phrase::plain(n.to_string())).to_vec();
        tx(Msg::PublishLinesShown.fill(n))
    };
    let more = move || {
        let left = matching.with(Vec::len).saturating_sub(shown.get());
        (left > 0).then(|| {
            let n = Phrase::plain(left.min(LINES_PAGE).to_string());
            view! {
                <p>
                    <button type="button" class="more-lines" on:click=move |_| shown.update(|s| *s += LINES_PAGE)>
                        {tx(Msg::PublishLinesMore.fill(vec![n]))}
                    </button>
                </p>
            }
        })
    };
    // Rules whose lines past `LINES_PER_RULE` are counted, not listed (as in report.csv).
    let omitted = (!o.report.omitted.is_empty()).then(|| {
        let items = o
            .report
            .omitted
            .iter()
            .map(|(k, n)| {
                let p = Msg::PublishLinesOmitted.fill(vec![
                    Phrase::data(k.clone()),
                    Phrase::plain(n.to_string()),
                    Phrase::plain(kg_shared::report::LINES_PER_RULE.to_string()),
                ]);
                view! { <li>{tx(p)}</li> }
            })
            .collect_view();
        view! { <ul class="notice omitted">{items}</ul> }
    });
    let save_report = {
        let o = o.clone();
        move |_| {
            use kg_pipeline::report::ReportOutput;
            browser::download("report.csv", "text/csv;charset=utf-8", &o.report.csv());
        }
    };
    view! {
        <h2>{t(Msg::PublishLines)}</h2>
        <p>
            <button type="button" class="download-report" on:click=save_report>{t(Msg::PublishReportCsv)}</button>
        </p>
        <div class="filters">
            <SelectField
                id="pub-severity".to_string()
                label=Msg::PublishFilterSeverity
                any=Msg::PublishAll
                unset=Signal::derive(move || severity.get().is_empty())
                on_pick=pick(severity)
            >
                <option value="error">{t(Msg::PublishErrors)}</option>
                <option value="warning">{t(Msg::PublishWarnings)}</option>
            </SelectField>
            <SelectField
                id="pub-county".to_string()
                label=Msg::PublishFilterCounty
                any=Msg::PublishAllCounties
                unset=Signal::derive(move || county.get().is_empty())
                on_pick=pick(county)
            >
                {county_options}
                {unknown_county.then(|| view! { <option value="none">{t(Msg::PublishUnknownCounty)}</option> })}
            </SelectField>
            <SelectField
                id="pub-rule".to_string()
                label=Msg::PublishFilterRule
                any=Msg::PublishAllRules
                unset=Signal::derive(move || rule.get().is_empty())
                on_pick=pick(rule)
            >
                {rule_options}
            </SelectField>
        </div>
        <p class="lines-count" role="status">{count}</p>
        <kg_app::components::TableWrap labelledby="pub-lines".to_string()>
            <table class="report-lines">
                <caption id="pub-lines">{t(Msg::PublishLines)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::PublishColFile)}</th>
                        <th scope="col">{t(Msg::PublishColRow)}</th>
                        <th scope="col">{t(Msg::PublishColColumn)}</th>
                        <th scope="col">{t(Msg::PublishColValue)}</th>
                        <th scope="col">{t(Msg::PublishColRule)}</th>
                        <th scope="col">{t(Msg::PublishColMessage)}</th>
                        <th scope="col">{t(Msg::PublishColSource)}</th>
                        <th scope="col">{t(Msg::PublishColRowCells)}</th>
                    </tr>
                </thead>
                <tbody><For each=visible key=|i| *i children=row /></tbody>
            </table>
        </kg_app::components::TableWrap>
        {more}
        {omitted}
    }
}

/// The row a line names as the clerk's sheet has it — every header and cell, the offending one
/// marked — built only when opened (a report can hold thousands of lines).
#[component]
fn RowInContext(row: usize, cells: RowCells, column: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let body = move || {
        open.get().then(|| {
            let rows = cells
                .headers
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let here = cells.names(i, &column);
                    let cell = cells.cells.get(i).cloned().unwrap_or_default();
                    view! {
                        <tr class:offending=here aria-current=here.then_some("true")>
                            <th scope="row">{dt(h.clone())}</th>
                            <td translate="no">{cell}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="row-cells">
                    <caption>{tx(Msg::PublishRowCellsCaption.fill(vec![Phrase::plain(row.to_string())]))}</caption>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    view! {
        <details
            class="row-context"
            on:toggle=move |ev| {
                let opened = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|e| e.has_attribute("open"));
                open.set(opened);
            }
        >
            <summary>{t(Msg::PublishRowShow)}</summary>
            {body}
        </details>
    }
}
