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
            Ok(s) => {
                let rows = s
                    .targets
                    .into_iter()
                    .map(|tg| {
                        let value = format!("{}{}{}", tg.comparator.symbol(), tg.value, tg.unit);
                        let note =
                            if tg.note.is_empty() { String::new() } else { format!("（{}）", tg.note) };
                        let source = target_source(&tg);
                        view! {
                            <tr>
                                <td>{dt(tg.scope_label())}</td>
                                <td>{dt(indicator_label(&tg.indicator))}</td>
                                <td class="num">{value} {dt(note)}</td>
                                <td>{tg.year.map(|y| y.to_string()).unwrap_or_default()}</td>
                                <td>
                                    <crate::components::Citations cited=vec![(source, tg.href())] />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <crate::components::TableWrap label=Msg::DataTargets>
                        <table class="targets">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::DataTargetRegion)}</th>
                                    <th scope="col">{t(Msg::DataTargetIndicator)}</th>
                                    <th scope="col">{t(Msg::DataTargetValue)}</th>
                                    <th scope="col">{t(Msg::DataTargetYear)}</th>
                                    <th scope="col">{t(Msg::DataTargetSource)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </crate::components::TableWrap>
                }
                .into_any()
            }
        })
    };
    let facts = move || {
        dataset.ready().map(|m| {
            let files = m
                .files
                .iter()
                .map(|f| {
                    view! {
                        <tr>
                            <td>
                                <code>{f.path.clone()}</code>
                            </td>
                            <td>{format!("{:?}", f.kind).to_lowercase()}</td>
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
                <crate::components::TableWrap label=Msg::DataSources>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t(Msg::DataSourceName)}</th>
                                <th scope="col">{t(Msg::DataSourceLicence)}</th>
                                <th scope="col">{t(Msg::DataSourceUse)}</th>
                            </tr>
                        </thead>
                        <tbody>{sources}</tbody>
                    </table>
                </crate::components::TableWrap>
                <h2>{t(Msg::DataFiles)}</h2>
                <crate::components::TableWrap label=Msg::DataFiles>
                    <table class="files">
                        <thead>
                            <tr>
                                <th scope="col">{t(Msg::DataFilePath)}</th>
                                <th scope="col">{t(Msg::DataFileKind)}</th>
                                <th scope="col">{t(Msg::DataFileRecords)}</th>
                                <th scope="col">{t(Msg::DataFileBytes)}</th>
                                <th scope="col">{t(Msg::DataFileSha256)}</th>
                            </tr>
                        </thead>
                        <tbody>{files}</tbody>
                    </table>
                </crate::components::TableWrap>
            }
        })
    };
    let report_view = move || {
        report.get().flatten().map(|r| match r {
            Err(e) => view! { <LoadErrorNote title=Msg::DataReportError error=e /> }.into_any(),
            Ok(r) => report_tables(r).into_any(),
        })
    };
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
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>{report_view}</Suspense>
        </section>
    }
}

fn report_tables(r: Report) -> impl IntoView {
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
                        <crate::components::Citations cited=rule.citations() />
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
                    <td>{file}</td>
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
        <crate::components::TableWrap label=Msg::DataRules>
            <table class="rules">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::DataRuleId)}</th>
                        <th scope="col">{t(Msg::DataRuleTitle)}</th>
                        <th scope="col">{t(Msg::DataRuleExplain)}</th>
                        <th scope="col">{t(Msg::DataRuleSource)}</th>
                        <th scope="col">{t(Msg::DataRuleCount)}</th>
                    </tr>
                </thead>
                <tbody>{rules}</tbody>
            </table>
        </crate::components::TableWrap>
        <h3>{t(Msg::DataRejectedRows)}</h3>
        <crate::components::TableWrap label=Msg::DataRejectedRows>
            <table class="rejected">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::DataRowFile)}</th>
                        <th scope="col">{t(Msg::DataRowNumber)}</th>
                        <th scope="col">{t(Msg::DataRowColumn)}</th>
                        <th scope="col">{t(Msg::DataRowMessage)}</th>
                    </tr>
                </thead>
                <tbody>{rejected}</tbody>
            </table>
        </crate::components::TableWrap>
    }
}
