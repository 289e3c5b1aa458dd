//! What would go live, record by record: the clerk picks a county and a kindergarten and sees it
//! exactly as its detail page will show it — the same view (`kg_app`'s `record_detail`), fed the
//! records decoded back from the publication about to be offered, with their warnings and their
//! 服务区 named from that publication's own divisions.

use kg_app::{
    i18n::{t, tx, Msg, Phrase},
    routes::kindergarten::{record_detail, Shown},
};
use kg_pipeline::publish::Compiled;
use kg_shared::{manifest::FileKind, model::Record, regions::Divisions, rules::Rule};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The new publication's records, read back from its files.
pub struct NewRecords {
    /// County → its records, in the order the publication lists them.
    pub by_county: BTreeMap<u32, Vec<Record>>,
    /// County → the city whose files hold it.
    pub city: BTreeMap<u32, u32>,
    /// City → its 乡镇/街道 and 社区/村, as the publication ships them.
    pub divisions: BTreeMap<u32, Divisions>,
    pub version: String,
}

impl NewRecords {
    /// `by_city`: the records of `compiled` (`records_of`), moved in, not copied — a city's sheet
    /// can hold 20,000.
    pub fn of(by_city: BTreeMap<u32, Vec<Record>>, compiled: &Compiled, version: String) -> NewRecords {
        let mut by_county: BTreeMap<u32, Vec<Record>> = BTreeMap::new();
        let mut city = BTreeMap::new();
        for (c, rs) in by_city {
            for r in rs {
                city.insert(r.county, c);
                by_county.entry(r.county).or_default().push(r);
            }
        }
        let divisions = compiled
            .files
            .iter()
            .filter(|f| f.kind == FileKind::Divisions)
            .filter_map(|f| Some((f.region?, kg_shared::regions::decode_divisions(&f.bytes).ok()?)))
            .collect();
        NewRecords { by_county, city, divisions, version }
    }
}

#[component]
pub fn PreviewView(p: Arc<NewRecords>, names: BTreeMap<u32, String>) -> impl IntoView {
    let first = p.by_county.keys().next().copied().unwrap_or(0);
    let county = RwSignal::new(first);
    let picked = RwSignal::new(0usize);
    let name_of = move |c: u32| names.get(&c).cloned().unwrap_or(c.to_string());
    let county_options = p
        .by_county
        .iter()
        .map(|(&c, rs)| {
            let label = Msg::PublishDiffCityRecords
                .fill(vec![Phrase::data(name_of(c)), Phrase::plain(rs.len().to_string())]);
            view! { <option value=c.to_string() selected=move || county.get() == c>{tx(label)}</option> }
        })
        .collect_view();
    let record_options = {
        let p = p.clone();
        move || {
            let c = county.get();
            p.by_county
                .get(&c)
                .map(|rs| {
                    rs.iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let warnings = Rule::from_flags(r.flags).count();
                            let label = if warnings == 0 {
                                Phrase::data(r.name.clone())
                            } else {
                                Msg::PublishPreviewWarned
                                    .fill(vec![Phrase::data(r.name.clone()), Phrase::plain(warnings.to_string())])
                            };
                            view! { <option value=i.to_string() selected=move || picked.get() == i>{tx(label)}</option> }
                        })
                        .collect_view()
                })
                .into_any()
        }
    };
    let shown = move || {
        let c = county.get();
        let r = p.by_county.get(&c).and_then(|rs| rs.get(picked.get())).cloned()?;
        let city = p.city.get(&c).copied().unwrap_or(0);
        let divisions = Signal::stored(p.divisions.get(&city).cloned());
        let version = Signal::stored(p.version.clone());
        Some(
            view! { <article class="preview-record">{record_detail(r, city, version, divisions, Shown::Preview)}</article> },
        )
    };
    view! {
        <section class="publish-preview" aria-labelledby="pub-preview">
            <h2 id="pub-preview">{t(Msg::PublishPreviewTitle)}</h2>
            <p>{t(Msg::PublishPreviewIntro)}</p>
            <div class="filters">
                <div class="field">
                    <label for="pub-preview-county">{t(Msg::PublishFilterCounty)}</label>
                    <select
                        id="pub-preview-county"
                        on:change=move |ev| {
                            if let Ok(c) = event_target_value(&ev).parse() {
                                picked.set(0);
                                county.set(c);
                            }
                        }
                    >
                        {county_options}
                    </select>
                </div>
                <div class="field">
                    <label for="pub-preview-record">{t(Msg::PublishPreviewRecord)}</label>
                    <select
                        id="pub-preview-record"
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).parse() {
                                picked.set(i);
                            }
                        }
                    >
                        {record_options}
                    </select>
                </div>
            </div>
            {shown}
        </section>
    }
}
