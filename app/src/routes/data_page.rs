use crate::components::LoadErrorNote;
use crate::{
    data::{fetch_verified, Dataset},
    i18n::{dt, t, Msg},
    site::SiteBase,
};
use kg_shared::{
    indicators::{indicator_label, target_source},
    manifest::FileKind,
    report::Report,
    rules::{Rule, Severity},
};
use leptos::prelude::*;

/// 数据与方法: what the dataset is, where it comes from, how it was checked, and every file with
/// its checksum.
#[component]
pub fn DataPage() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let report = LocalResource::new(move || {
        let base = base.clone();
        let entry = dataset.entry(FileKind::Report, None);
        async move {
            let entry = entry?;
            Some(fetch_verified(&base, &entry).await.and_then(|bytes| {
                serde_json::from_slice::<Report>(&bytes).map_err(|e| {
                    crate::data::LoadError::new(
                        entry.path.clone(),
                        crate::data::Problem::Format,
                        e.to_string(),
                    )
                })
            }))
        }
    });
    let stats = LocalResource::new(move || {
        let base = expect_context::<SiteBase>();
        let entry = dataset.entry(FileKind::Stats, None);
        async move { Some(crate::data::load_stats(&base, entry?).await) }
    });
    let targets_view = move || {
        stats.get().flatten().map(|r| match r {
            Err(e) => view! { <LoadErrorNote title=Msg::DataStatsError error=e /> }.into_any(),
            Ok(s) => view! { <Targets targets=s.targets /> }.into_any(),
        })
    };
    let facts = move || dataset.ready().map(|m| view! { <Facts m /> });
    let report_view = move || {
        report.get().flatten().map(|r| match r {
            Err(e) => view! { <LoadErrorNote title=Msg::DataReportError error=e /> }.into_any(),
            Ok(r) => report_tables(r).into_any(),
        })
    };
    let (site, prefs) = (expect_context::<SiteBase>(), expect_context::<crate::prefs::Prefs>());
    let publish_href =
        move || site.link(&kg_shared::links::Link::Page(crate::site::Route::Publish), prefs.lang.get());
    view! {
        <section class="data-page" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::DataTitle)}</h1>
            <p>{t(Msg::DataIntro)}</p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>{facts}</Suspense>
            <h2 id="definitions">{t(Msg::DataDefinitions)}</h2>
            <p>{t(Msg::DataDefinitionsIntro)}</p>
            {crate::routes::progress::definitions(kg_shared::indicators::Indicator::ALL)}
            <h2 id="targets">{t(Msg::DataTargets)}</h2>
            <p>{t(Msg::DataTargetsMethod)}</p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>{targets_view}</Suspense>
            <h2 id="report">{t(Msg::DataReport)}</h2>
            <p>{t(Msg::DataReportIntro)}</p>
            <p class="to-publish">
                <a href=publish_href>{t(Msg::DataPublishLink)}</a>
            </p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>{report_view}</Suspense>
        </section>
    }
}

/// A named, scrollable table with a header row of `cols`.
#[component]
fn Table(
    label: Msg,
    #[prop(optional)] class: &'static str,
    cols: &'static [Msg],
    children: Children,
) -> impl IntoView {
    view! {
        <crate::components::TableWrap label>
            <table class=class>
                <thead>
                    <tr>{cols.iter().map(|&c| view! { <th scope="col">{t(c)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </crate::components::TableWrap>
    }
}

/// The policy targets the publication judges against, each with its source.
#[component]
fn Targets(targets: Vec<kg_shared::stats::Target>) -> impl IntoView {
    let rows = targets
        .into_iter()
        .map(|tg| {
            let value = format!("{}{}{}", tg.comparator.symbol(), tg.value, tg.unit);
            let note = if tg.note.is_empty() { String::new() } else { format!("（{}）", tg.note) };
            let source = target_source(&tg);
            view! {
                <tr>
                    <td>{dt(tg.scope_label())}</td>
                    <td>{t(indicator_label(&tg.indicator))}</td>
                    <td class="num">{dt(value)} {dt(note)}</td>
                    <td>{tg.year.map(|y| y.to_string()).unwrap_or_default()}</td>
                    <td>
                        <crate::components::Citations cited=vec![(source, tg.href())] />
                    </td>
                </tr>
            }
        })
        .collect_view();
    const COLS: &[Msg] = &[
        Msg::DataTargetRegion,
        Msg::DataTargetIndicator,
        Msg::DataTargetValue,
        Msg::DataTargetYear,
        Msg::DataTargetSource,
    ];
    view! { <Table label=Msg::DataTargets class="targets" cols=COLS>{rows}</Table> }
}

/// The dataset's name, version and dates, its sources and every file with its checksum.
#[component]
fn Facts(m: kg_shared::manifest::Manifest) -> impl IntoView {
    let files = m
        .files
        .iter()
        .map(|f| {
            view! {
                <tr>
                    <td>
                        <code>{f.path.clone()}</code>
                    </td>
                    <td>{f.kind.key()}</td>
                    <td class="num">{f.records}</td>
                    <td class="num">{f.bytes}</td>
                    <td>
                        <code class="hash">{f.sha256.clone()}</code>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let sources = m
        .sources
        .iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{dt(s.name.clone())}</td>
                    <td>{dt(s.licence.clone())}</td>
                    <td>{dt(s.used_for.clone())}</td>
                </tr>
            }
        })
        .collect_view();
    const SOURCE_COLS: &[Msg] = &[Msg::DataSourceName, Msg::DataSourceLicence, Msg::DataSourceUse];
    const FILE_COLS: &[Msg] = &[
        Msg::DataFilePath,
        Msg::DataFileKind,
        Msg::DataFileRecords,
        Msg::DataFileBytes,
        Msg::DataFileSha256,
    ];
    view! {
        <dl class="dataset-facts">
            <dt>{t(Msg::Dataset)}</dt>
            <dd>{dt(m.dataset.name.clone())}</dd>
            <dt>{t(Msg::DatasetVersion)}</dt>
            <dd class="version">{m.dataset.version.clone()}</dd>
            <dt>{t(Msg::DatasetAsOf)}</dt>
            <dd>{m.dataset.as_of.clone()}</dd>
            <dt>{t(Msg::DatasetGenerated)}</dt>
            <dd>{m.dataset.generated.clone()}</dd>
        </dl>
        {m.dataset.notice.clone().map(|n| view! { <p class="notice">{dt(n)}</p> })}
        <h2>{t(Msg::DataSources)}</h2>
        <Table label=Msg::DataSources cols=SOURCE_COLS>{sources}</Table>
        <h2>{t(Msg::DataFiles)}</h2>
        <Table label=Msg::DataFiles class="files" cols=FILE_COLS>{files}</Table>
    }
}

fn report_tables(r: Report) -> impl IntoView {
    const RULE_COLS: &[Msg] =
        &[Msg::DataRuleId, Msg::DataRuleTitle, Msg::DataRuleExplain, Msg::DataRuleSource, Msg::DataRuleCount];
    const ROW_COLS: &[Msg] = &[Msg::DataRowFile, Msg::DataRowNumber, Msg::DataRowColumn, Msg::DataRowMessage];
    let count =
        |rule: Rule| r.by_rule.iter().find(|(k, _)| k.starts_with(rule.id())).map(|(_, v)| *v).unwrap_or(0);
    let rules = Rule::ALL
        .iter()
        .map(|rule| {
            view! {
                <tr>
                    <td>{rule.id()}</td>
                    <td>{dt(rule.title())}</td>
                    <td>{dt(rule.explain())}</td>
                    <td>
                        <crate::components::Citations cited=rule.citations().into_iter().map(|(s, h)| (s.into(), h)).collect() />
                    </td>
                    <td class="num">{count(*rule)}</td>
                </tr>
            }
        })
        .collect_view();
    let rejected = r
        .lines
        .iter()
        .filter(|l| l.severity == Severity::Error)
        .map(|l| {
            let file = l.file.rsplit('/').next().unwrap_or(&l.file).to_string();
            view! {
                <tr>
                    // A file name is the clerk's own: shown as named, never converted.
                    <td translate="no">{file}</td>
                    <td class="num">{l.row}</td>
                    <td>{dt(l.column.clone())}</td>
                    <td>{dt(l.message.clone())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="dataset-facts report-counts">
            <dt>{t(Msg::DataRowsIn)}</dt>
            <dd class="rows-in">{r.rows_in}</dd>
            <dt>{t(Msg::DataPublished)}</dt>
            <dd class="rows-published">{r.published}</dd>
            <dt>{t(Msg::DataWithWarnings)}</dt>
            <dd>{r.published_with_warnings}</dd>
            <dt>{t(Msg::DataRejected)}</dt>
            <dd class="rows-rejected">{r.rejected}</dd>
            <dt>{t(Msg::DataSkipped)}</dt>
            <dd class="rows-skipped">{r.skipped}</dd>
        </dl>
        <h3>{t(Msg::DataRules)}</h3>
        <Table label=Msg::DataRules class="rules" cols=RULE_COLS>{rules}</Table>
        <h3>{t(Msg::DataRejectedRows)}</h3>
        <Table label=Msg::DataRejectedRows class="rejected" cols=ROW_COLS>{rejected}</Table>
    }
}
