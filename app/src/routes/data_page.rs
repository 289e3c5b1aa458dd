use crate::{
    data::Dataset,
    i18n::{t, Msg},
};
use leptos::prelude::*;

/// 数据与方法: what the dataset is, where it comes from, and every file with its checksum.
#[component]
pub fn DataPage() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let body = move || {
        dataset.ready().map(|m| {
            let files = m
                .files
                .iter()
                .map(|f| {
                    view! {
                        <tr>
                            <td><code>{f.path.clone()}</code></td>
                            <td>{format!("{:?}", f.kind).to_lowercase()}</td>
                            <td class="num">{f.records}</td>
                            <td class="num">{f.bytes}</td>
                            <td><code class="hash">{f.sha256.clone()}</code></td>
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
                            <td>{s.name.clone()}</td>
                            <td>{s.licence.clone()}</td>
                            <td>{s.used_for.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <dl class="dataset-facts">
                    <dt>{t(Msg::Dataset)}</dt>
                    <dd>{m.dataset.name.clone()}</dd>
                    <dt>{t(Msg::DatasetVersion)}</dt>
                    <dd class="version">{m.dataset.version.clone()}</dd>
                    <dt>{t(Msg::DatasetAsOf)}</dt>
                    <dd>{m.dataset.as_of.clone()}</dd>
                    <dt>{t(Msg::DatasetGenerated)}</dt>
                    <dd>{m.dataset.generated.clone()}</dd>
                </dl>
                {m.dataset.notice.clone().map(|n| view! { <p class="notice">{n}</p> })}
                <h2>{t(Msg::DataSources)}</h2>
                <div class="table-wrap">
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
                </div>
                <h2>{t(Msg::DataFiles)}</h2>
                <div class="table-wrap">
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
                </div>
            }
        })
    };
    view! {
        <section class="data-page" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::DataTitle)}</h1>
            <p>{t(Msg::DataIntro)}</p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>{body}</Suspense>
        </section>
    }
}
