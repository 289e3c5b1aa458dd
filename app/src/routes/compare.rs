//! 对比: up to four kindergartens side by side (`compare/?ids=445200:…,445300:…`), fields
//! aligned, rows that differ marked in words as well as colour.

use crate::{
    components::LoadErrorNote,
    data::{load_records, Dataset},
    i18n::{t, DataText, Msg, Phrase},
    prefs::Prefs,
    shortlist::{parse_list, Shortlist},
    site::{detail_href, SiteBase},
};
use kg_shared::{manifest::FileKind, model::Record, params::Lang, regions::Divisions, rules::Rule};
use leptos::prelude::*;

/// One row of the table: its label and each kindergarten's value. Values that are data (names,
/// addresses, 文号) go through the data-text map in 繁體; the rest are fixed text with both scripts.
enum Cell {
    Fixed(Msg),
    Data(String),
    /// Fixed words and data composed (`Phrase`).
    Text(Phrase),
    Number(u32),
    People(u32),
    Fee(Option<u32>),
    /// A number and its unit ("5 个社区/村").
    Counted(u32, Msg),
}

fn yes_no(v: Option<bool>) -> Cell {
    Cell::Fixed(match v {
        Some(true) => Msg::KgYes,
        Some(false) => Msg::KgNo,
        None => Msg::KgNotReported,
    })
}

fn rows(r: &Record, zone: Option<&Divisions>) -> Vec<(Msg, Cell)> {
    let quality = match r.quality {
        Some(q) => Cell::Text(Phrase::Seq(
            std::iter::once(Phrase::data(q.label()))
                .chain(r.quality_year.map(|y| Msg::InYear.fill(vec![Phrase::plain(y.to_string())])))
                .collect(),
        )),
        None => Cell::Fixed(Msg::CompareQualityNone),
    };
    let zone_cell = match zone {
        Some(d) if !r.zone.is_empty() => Cell::Data(d.zone_text(&r.zone)),
        _ => Cell::Counted(r.zone.len() as u32, Msg::KgZoneCount),
    };
    vec![
        (Msg::KgNature, Cell::Data(r.nature.label().to_string())),
        (Msg::KgGrade, Cell::Data(r.grade.label().to_string())),
        (Msg::KgQuality, quality),
        (Msg::KgCare, Cell::Fee(Some(r.fees.care))),
        (Msg::KgMeals, Cell::Fee(r.fees.meals)),
        (Msg::KgBoarding, Cell::Fee(r.fees.boarding)),
        (
            Msg::KgApproval,
            if r.fees.approval.is_empty() {
                Cell::Fixed(Msg::KgNotReported)
            } else {
                Cell::Data(r.fees.approval.clone())
            },
        ),
        (Msg::KgStaffTotal, Cell::People(r.staff.total as u32)),
        (Msg::KgTeachers, Cell::People(r.staff.teachers as u32)),
        (Msg::KgTeachersCollege, Cell::People(r.staff.teachers_college as u32)),
        (Msg::KgNurses, Cell::People(r.staff.nurses as u32)),
        (Msg::CompareClasses, Cell::Number(r.total_classes())),
        (Msg::CompareChildren, Cell::People(r.children())),
        (Msg::CompareToddlers, Cell::People(r.toddlers())),
        // The sum the over-capacity check compares with the seats (rules: 在园 incl. 托班).
        (Msg::CompareEnrolled, Cell::People(r.enrolled())),
        (Msg::KgSeats, Cell::Number(r.seats as u32)),
        (
            Msg::CompareToddler,
            Cell::Fixed(if r.offers_toddler() { Msg::CompareHas } else { Msg::CompareHasNot }),
        ),
        (Msg::KgInclusion, yes_no(r.inclusion)),
        (
            Msg::KgFood,
            r.food_safety.map_or(Cell::Fixed(Msg::KgNotReported), |f| Cell::Data(f.label().to_string())),
        ),
        (Msg::KgZone, zone_cell),
        (
            Msg::KgWarnings,
            Cell::Text(Phrase::join(
                Rule::from_flags(r.flags).map(|w| Phrase::data(w.title())).collect(),
                Msg::SepList,
            )),
        ),
        (Msg::KgUpdated, Cell::Data(r.updated.to_string())),
        (Msg::KgAddress, Cell::Data(r.address.clone())),
    ]
}

impl Cell {
    fn text(&self, lang: Lang, dt: &DataText) -> String {
        match self {
            Cell::Fixed(m) => m.text(lang).to_string(),
            Cell::Data(s) => dt.convert(s),
            Cell::Text(p) => dt.render(p),
            Cell::Number(n) => n.to_string(),
            Cell::People(n) => format!("{n} {}", Msg::KgPeople.text(lang)),
            Cell::Fee(Some(v)) => format!("{v} {}", Msg::FinderPerMonth.text(lang)),
            Cell::Fee(None) => Msg::KgNotReported.text(lang).to_string(),
            Cell::Counted(n, m) => format!("{n} {}", m.text(lang)),
        }
    }
}

#[component]
pub fn Compare() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let shortlist = expect_context::<Shortlist>();
    let dt = expect_context::<DataText>();
    let prefs = expect_context::<Prefs>();
    let base_h = base.clone();
    let ids = crate::browser::query_param("ids");
    let keys = Memo::new(move |_| match &ids {
        Some(ids) => parse_list(ids),
        None => shortlist.0.get(),
    });
    let records = LocalResource::new(move || {
        let keys = keys.get();
        let base = base.clone();
        let mut cities: Vec<u32> =
            keys.iter().filter_map(|k| crate::shortlist::parse_key(k)).map(|(c, _)| c).collect();
        cities.sort_unstable();
        cities.dedup();
        let entries: Vec<_> = cities
            .iter()
            .filter_map(|c| {
                Some((
                    dataset.entry(FileKind::List, Some(*c))?,
                    dataset.entry(FileKind::Detail, Some(*c))?,
                    dataset.entry(FileKind::Divisions, Some(*c)),
                    *c,
                ))
            })
            .collect();
        async move {
            let mut found: Vec<(String, Record, Option<std::sync::Arc<Divisions>>)> = Vec::new();
            for (l, d, v, c) in entries {
                let recs = load_records(&base, l, d).await?;
                // The zones' names; without them the row gives the count.
                let names = match v {
                    Some(v) => crate::data::load_divisions(&base, v).await.ok().map(std::sync::Arc::new),
                    None => None,
                };
                for r in recs {
                    let key = format!("{c}:{}", r.id);
                    if keys.contains(&key) {
                        found.push((key, r, names.clone()));
                    }
                }
            }
            // In the order the reader chose.
            found.sort_by_key(|(k, _, _)| keys.iter().position(|x| x == k));
            Ok::<_, crate::data::LoadError>(found)
        }
    });
    let body = move || match records.get() {
        None => view! { <p>{t(Msg::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! { <LoadErrorNote title=Msg::FinderLoadError error=e /> }.into_any(),
        Some(Ok(found)) if found.is_empty() => {
            view! { <p class="compare-empty">{t(Msg::CompareEmpty)}</p> }.into_any()
        }
        Some(Ok(found)) => {
            let lang = prefs.lang.get();
            let table: Vec<Vec<(Msg, String)>> = found
                .iter()
                .map(|(_, r, d)| {
                    rows(r, d.as_deref()).into_iter().map(|(m, c)| (m, c.text(lang, &dt))).collect()
                })
                .collect();
            let heads = found
                .iter()
                .map(|(k, r, _)| {
                    let k = k.clone();
                    let name = dt.convert(&r.name);
                    let href =
                        crate::shortlist::parse_key(&k).map(|(c, id)| detail_href(&base_h, c, &id, lang));
                    let remove_label = format!("{}：{name}", Msg::CompareRemove.text(lang));
                    view! {
                        <th scope="col">
                            <a href=href>{name}</a>
                            <br />
                            <button type="button" class="remove" aria-label=remove_label on:click=move |_| {
                                shortlist.toggle(&k);
                            }>{t(Msg::CompareRemove)}</button>
                        </th>
                    }
                })
                .collect_view();
            let body_rows = (0..table[0].len())
                .map(|i| {
                    let label = table[0][i].0;
                    let values: Vec<String> = table.iter().map(|r| r[i].1.clone()).collect();
                    let differs = values.iter().any(|v| *v != values[0]);
                    let cells = values.into_iter().map(|v| view! { <td>{v}</td> }).collect_view();
                    view! {
                        <tr class:differs=differs>
                            <th scope="row">
                                {t(label)}
                                {differs.then(|| view! { <span class="differs-note">{t(Msg::CompareDiffers)}</span> })}
                            </th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <crate::components::TableWrap label=Msg::CompareTitle>
                    <table class="compare">
                        <thead>
                            <tr>
                                <th scope="col">{t(Msg::CompareField)}</th>
                                {heads}
                            </tr>
                        </thead>
                        <tbody>{body_rows}</tbody>
                    </table>
                </crate::components::TableWrap>
            }
            .into_any()
        }
    };
    view! {
        <section class="compare-page" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::CompareTitle)}</h1>
            <p>{t(Msg::CompareIntro)}</p>
            {body}
        </section>
    }
}
