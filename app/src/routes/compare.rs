//! 对比: up to four kindergartens side by side (`compare/?ids=445200:…,445300:…`), fields
//! aligned, rows that differ marked in words as well as colour.

use crate::{
    components::LoadErrorNote,
    data::{load_records, Dataset},
    i18n::{t, DataText, Msg},
    shortlist::{parse_list, Shortlist},
    site::SiteBase,
};
use kg_shared::{manifest::FileKind, model::Record, rules::Rule};
use leptos::prelude::*;

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "是",
        Some(false) => "否",
        None => "未填报",
    }
}

fn rows(r: &Record) -> Vec<(&'static str, String)> {
    let opt = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    vec![
        ("性质", r.nature.label().to_string()),
        ("等级", r.grade.label().to_string()),
        ("保教费（元/月）", r.fees.care.to_string()),
        ("伙食费（元/月）", opt(r.fees.meals.map(|v| v.to_string()))),
        ("住宿费（元/月）", opt(r.fees.boarding.map(|v| v.to_string()))),
        ("教职工（人）", r.staff.total.to_string()),
        ("专任教师（人）", r.staff.teachers.to_string()),
        ("其中大专以上（人）", r.staff.teachers_college.to_string()),
        ("保育员（人）", r.staff.nurses.to_string()),
        ("班数", r.total_classes().to_string()),
        ("在园幼儿（人）", r.children().to_string()),
        ("核定学位", r.seats.to_string()),
        ("托班", if r.offers_toddler() { "有" } else { "无" }.to_string()),
        ("随班就读", yes_no(r.inclusion).to_string()),
        ("食品安全等级", r.food_safety.map_or("未填报", |f| f.label()).to_string()),
        ("核对提示", Rule::from_flags(r.flags).map(|w| w.title()).collect::<Vec<_>>().join("、")),
        ("信息更新日期", r.updated.to_string()),
        ("地址", r.address.clone()),
    ]
}

#[component]
pub fn Compare() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let shortlist = expect_context::<Shortlist>();
    let dt = expect_context::<DataText>();
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
                    *c,
                ))
            })
            .collect();
        async move {
            let mut found: Vec<(String, Record)> = Vec::new();
            for (l, d, c) in entries {
                for r in load_records(&base, l, d).await? {
                    let key = format!("{c}:{}", r.id);
                    if keys.contains(&key) {
                        found.push((key, r));
                    }
                }
            }
            // In the order the reader chose.
            found.sort_by_key(|(k, _)| keys.iter().position(|x| x == k));
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
            let table: Vec<Vec<(&'static str, String)>> = found.iter().map(|(_, r)| rows(r)).collect();
            let heads = found
                .iter()
                .map(|(k, r)| {
                    let k = k.clone();
                    view! {
                        <th scope="col">
                            {dt.convert(&r.name)}
                            <br />
                            <button type="button" class="remove" on:click=move |_| {
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
                    let cells = values.into_iter().map(|v| view! { <td>{dt.convert(&v)}</td> }).collect_view();
                    view! {
                        <tr class:differs=differs>
                            <th scope="row">
                                {dt.convert(label)}
                                {differs.then(|| view! { <span class="differs-note">{t(Msg::CompareDiffers)}</span> })}
                            </th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table class="compare">
                        <thead>
                            <tr>
                                <th scope="col">{t(Msg::CompareField)}</th>
                                {heads}
                            </tr>
                        </thead>
                        <tbody>{body_rows}</tbody>
                    </table>
                </div>
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
