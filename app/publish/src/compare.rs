//! The new publication against what the site serves now: the live manifest (fetched fresh),
//! the live records of every city the new publication has (fetched and verified as any page
//! fetches them), and `kg_pipeline::diff` over both, shown as counts, the changes a clerk must
//! look at twice (fees, a staff change under an old 信息更新日期), and the records added,
//! removed and changed field by field.

use kg_app::{
    components::TableWrap,
    data::{fetch_bytes, load_records, LoadError, Problem},
    i18n::{dt, t, tx, Msg, Phrase},
    site::SiteBase,
};
use kg_pipeline::{
    columns::Col,
    diff::{diff, Brief, Diff, FieldChange},
    places::Geo,
    publish::Compiled,
};
use kg_shared::manifest::{FileKind, Manifest};
use kg_shared::rules::Rule;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Rows listed per table; the rest are counted.
const LISTED: usize = 200;

/// What the site publishes now.
pub enum Live {
    /// No `data/manifest.json` (404): a first publication.
    None,
    Manifest {
        bytes: Vec<u8>,
        manifest: Manifest,
    },
    /// It could not be read: the guard and the diff say so.
    Failed(LoadError),
}

pub async fn live(base: &SiteBase) -> Live {
    let url = base.data_url("manifest.json");
    match fetch_bytes(&url, true).await {
        Err(e) if e.problem == Problem::Http(404) => Live::None,
        Err(e) => Live::Failed(e),
        Ok(bytes) => match Manifest::parse(&bytes) {
            Ok(manifest) => Live::Manifest { bytes, manifest },
            Err(e) => Live::Failed(LoadError::new(url, Problem::Format, e.to_string())),
        },
    }
}

/// The comparison as the page shows it.
pub enum Comparison {
    /// Nothing live: every record is new.
    First(usize),
    Failed(Phrase),
    Done {
        diff: Diff,
        /// Live cities the new publication lacks: name, records (all of them go offline).
        gone: Vec<(String, u64)>,
        /// County code → "揭阳市 榕城区".
        names: BTreeMap<u32, String>,
    },
}

/// Compares `compiled` with the live publication, city by city.
/// `new`: the records of `compiled` (`kg_pipeline::diff::records_of`), by county.
pub async fn compare(
    base: &SiteBase,
    live: &Live,
    new: &BTreeMap<u32, Vec<kg_shared::model::Record>>,
    compiled: &Compiled,
    geo: &Geo,
) -> Comparison {
    let manifest = match live {
        Live::None => return Comparison::First(new.values().map(Vec::len).sum()),
        Live::Failed(e) => return Comparison::Failed(e.phrase()),
        Live::Manifest { manifest, .. } => manifest,
    };
    let mut old = Vec::new();
    for city in compiled.regions.iter().map(|r| r.code) {
        let (Some(list), Some(detail)) =
            (manifest.file(FileKind::List, Some(city)), manifest.file(FileKind::Detail, Some(city)))
        else {
            continue;
        };
        match load_records(base, list.clone(), detail.clone()).await {
            Ok(records) => old.extend(records),
            Err(e) => return Comparison::Failed(e.phrase()),
        }
    }
    let diff = diff(&old, new.values().flatten());
    drop(old);
    let gone = manifest
        .regions
        .iter()
        .filter(|r| !compiled.regions.iter().any(|n| n.code == r.code))
        .map(|r| (r.name.clone(), r.records))
        .collect();
    let mut names = BTreeMap::new();
    for b in diff.added.iter().chain(&diff.removed).chain(diff.changed.iter().map(|c| &c.record)) {
        names.entry(b.county).or_insert_with(|| geo.county_label(b.county));
    }
    Comparison::Done { diff, gone, names }
}

/// "（另有 N 条未列出）" under a table cut at `LISTED` rows.
fn more(total: usize) -> Option<impl IntoView> {
    (total > LISTED).then(|| {
        let n = [LISTED, total].map(|n| Phrase::plain(n.to_string())).to_vec();
        view! { <p class="more">{tx(Msg::PublishDiffMore.fill(n))}</p> }
    })
}

/// A cell's value as the diff shows it: blank said as such, a 服务区范围 by its size.
fn value(col: Col, v: &str) -> Phrase {
    if v.is_empty() {
        Phrase::Msg(Msg::PublishDiffBlank)
    } else if col == Col::ZoneShape {
        let points = v.matches('[').count().saturating_sub(v.matches("[[").count());
        Msg::PublishDiffShape.fill(vec![Phrase::plain(points.to_string())])
    } else {
        Phrase::data(v)
    }
}

#[component]
pub fn ComparisonView(c: Arc<Comparison>) -> impl IntoView {
    let body = match &*c {
        Comparison::First(n) => {
            let p = Msg::PublishDiffFirst.fill(vec![Phrase::plain(n.to_string())]);
            view! { <p class="diff-summary">{tx(p)}</p> }.into_any()
        }
        Comparison::Failed(why) => {
            view! { <p class="load-error diff-failed" role="alert">{t(Msg::PublishDiffFailed)} {tx(why.clone())}</p> }
                .into_any()
        }
        Comparison::Done { diff, gone, names } => {
            let counts = [diff.added.len(), diff.removed.len(), diff.changed.len(), diff.unchanged]
                .map(|n| Phrase::plain(n.to_string()))
                .to_vec();
            let gone = (!gone.is_empty()).then(|| {
                let items = gone
                    .iter()
                    .map(|(n, k)| {
                        let p = Msg::PublishDiffCityRecords.fill(vec![Phrase::data(n.clone()), Phrase::plain(k.to_string())]);
                        view! { <li>{tx(p)}</li> }
                    })
                    .collect_view();
                view! { <div class="notice diff-gone"><p>{t(Msg::PublishDiffCitiesGone)}</p><ul>{items}</ul></div> }
            });
            let county = |b: &Brief| names.get(&b.county).cloned().unwrap_or_default();
            view! {
                <p class="diff-summary">{tx(Msg::PublishDiffSummary.fill(counts))}</p>
                {gone}
                <Alerts diff=diff.clone() />
                <Fees diff=diff.clone() />
                <Changed diff=diff.clone() names=names.clone() />
                <Records class="diff-added" title=Msg::PublishDiffAdded list=diff.added.iter().map(|b| (b.clone(), county(b))).collect() />
                <Records class="diff-removed" title=Msg::PublishDiffRemoved list=diff.removed.iter().map(|b| (b.clone(), county(b))).collect() />
            }
            .into_any()
        }
    };
    view! {
        <section class="publish-diff" aria-labelledby="pub-diff">
            <h2 id="pub-diff">{t(Msg::PublishDiffTitle)}</h2>
            {body}
        </section>
    }
}

/// The changes to look at twice: a staff change under an old 信息更新日期, a fee without a new date.
#[component]
fn Alerts(diff: Diff) -> impl IntoView {
    let mut items = Vec::new();
    for c in &diff.changed {
        let who = Phrase::data(format!("{}（{}）", c.record.name, c.record.id));
        if let Some(kept) = c.staff_undated {
            let mut p = vec![
                who.clone(),
                Phrase::plain("："),
                Msg::PublishDiffStaffUndated.fill(vec![Phrase::plain(kept.to_string())]),
            ];
            // The one-month limit binds only where a document sets it (002 §(十一): 广东省).
            let limit = Rule::StaleAfterStaffChange.sources_for(c.record.county);
            if !limit.is_empty() {
                p.push(Msg::PublishDiffStaffLimit.fill(vec![Phrase::data(limit)]));
            }
            items.push(Phrase::Seq(p));
        }
        if let Some(fee) = c.fee.as_ref().filter(|f| f.undated()) {
            let kept = fee
                .effective
                .1
                .map(|d| Phrase::plain(d.to_string()))
                .unwrap_or(Phrase::Msg(Msg::PublishDiffBlank));
            items.push(Phrase::Seq(vec![
                who,
                Phrase::plain("："),
                Msg::PublishDiffFeeUndated.fill(vec![kept]),
            ]));
        }
    }
    (!items.is_empty()).then(|| {
        let total = items.len();
        let list = items.into_iter().take(LISTED).map(|p| view! { <li>{tx(p)}</li> }).collect_view();
        view! {
            <div class="notice diff-alerts" role="note">
                <h3>{t(Msg::PublishDiffAlerts)}</h3>
                <ul>{list}</ul>
                {more(total)}
            </div>
        }
    })
}

/// Every fee that changed, with the dates its standard took effect before and after.
#[component]
fn Fees(diff: Diff) -> impl IntoView {
    let fees: Vec<_> = diff.changed.iter().filter_map(|c| Some((c, c.fee.clone()?))).collect();
    (!fees.is_empty()).then(|| {
        let total = fees.len();
        let date = |d: Option<kg_shared::date::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let rows = fees
            .into_iter()
            .take(LISTED)
            .map(|(c, f)| {
                view! {
                    <tr class:undated=f.undated()>
                        <th scope="row">{dt(c.record.name.clone())}</th>
                        <td class="num">{f.care.0}" → "{f.care.1}</td>
                        <td>{date(f.effective.0)}" → "{date(f.effective.1)}</td>
                    </tr>
                }
            })
            .collect_view();
        let cols =
            vec![Msg::PublishDiffColKindergarten, Msg::PublishDiffColCare, Msg::PublishDiffColEffective];
        view! { <DiffTable class="diff-fees" title=Msg::PublishDiffFees cols rows=rows.into_any() total /> }
    })
}

/// The changed records, one row per changed field.
#[component]
fn Changed(diff: Diff, names: BTreeMap<u32, String>) -> impl IntoView {
    let rows: Vec<(&kg_pipeline::diff::Change, &FieldChange)> =
        diff.changed.iter().flat_map(|c| c.fields.iter().map(move |f| (c, f))).collect();
    let total = rows.len();
    let rows = rows
        .into_iter()
        .take(LISTED)
        .map(|(c, f)| {
            let county = names.get(&c.record.county).cloned().unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{dt(c.record.name.clone())}<br /><span class="code" translate="no">{c.record.id.clone()}</span></th>
                    <td>{dt(county)}</td>
                    <td>{dt(f.col.header())}</td>
                    <td class="old">{tx(value(f.col, &f.old))}</td>
                    <td class="new">{tx(value(f.col, &f.new))}</td>
                </tr>
            }
        })
        .collect_view();
    (total > 0).then(|| {
        let cols = vec![
            Msg::PublishDiffColKindergarten,
            Msg::PublishColCounty,
            Msg::PublishDiffColField,
            Msg::PublishDiffColOld,
            Msg::PublishDiffColNew,
        ];
        view! { <DiffTable class="diff-changed" title=Msg::PublishDiffChanged cols rows=rows.into_any() total /> }
    })
}

/// Records added or removed: name, county, code.
#[component]
fn Records(class: &'static str, title: Msg, list: Vec<(Brief, String)>) -> impl IntoView {
    let total = list.len();
    let rows = list
        .into_iter()
        .take(LISTED)
        .map(|(b, county)| {
            view! {
                <tr>
                    <th scope="row">{dt(b.name)}</th>
                    <td>{dt(county)}</td>
                    <td class="code" translate="no">{b.id}</td>
                </tr>
            }
        })
        .collect_view();
    (total > 0).then(|| {
        let cols = vec![Msg::PublishDiffColKindergarten, Msg::PublishColCounty, Msg::PublishDiffColCode];
        view! { <DiffTable class title cols rows=rows.into_any() total /> }
    })
}

/// One table of the diff: its caption, column heads, the first `LISTED` rows, and how many more.
#[component]
fn DiffTable(class: &'static str, title: Msg, cols: Vec<Msg>, rows: AnyView, total: usize) -> impl IntoView {
    let id = format!("pub-{class}");
    let heads = cols.into_iter().map(|m| view! { <th scope="col">{t(m)}</th> }).collect_view();
    view! {
        <TableWrap labelledby=id.clone()>
            <table class=class>
                <caption id=id>{t(title)}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </TableWrap>
        {more(total)}
    }
}
