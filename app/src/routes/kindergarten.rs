//! 幼儿园详情 at a permalink (`kindergarten/?city=445200&id=…`): every published field in plain
//! Chinese with units, the validator's warnings with their rule and source, and provenance.

use crate::components::LoadErrorNote;
use crate::{
    data::{load_records, Dataset},
    i18n::{t, tx, DataText, Msg, Phrase},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::{
    manifest::FileKind,
    model::{ClassType, Record},
    params::FinderParams,
    rules::Rule,
};
use leptos::prelude::*;

#[component]
pub fn Kindergarten() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let city = Signal::stored(crate::browser::query_param("city").and_then(|c| c.parse::<u32>().ok()));
    let id = Signal::stored(crate::browser::query_param("id").unwrap_or_default());
    let records = {
        let base = base.clone();
        LocalResource::new(move || {
            let c = city.get();
            let entries = c.and_then(|c| {
                Some((dataset.entry(FileKind::List, Some(c))?, dataset.entry(FileKind::Detail, Some(c))?))
            });
            let base = base.clone();
            async move {
                let (l, d) = entries?;
                Some(load_records(&base, l, d).await)
            }
        })
    };
    // The service zone's 社区/村 by name (the codes alone mean nothing to a parent).
    let divisions = {
        let base = base.clone();
        LocalResource::new(move || {
            let entry = city.get().and_then(|c| dataset.entry(FileKind::Divisions, Some(c)));
            let base = base.clone();
            async move { Some(crate::data::load_divisions(&base, entry?).await) }
        })
    };
    let back = {
        let base = base.clone();
        move || {
            let c = city.get().unwrap_or(0);
            // Back to the search this tab made (its filters, sort and position), else the city.
            let p = crate::routes::finder::last_search(c).unwrap_or(FinderParams::of_city(Some(c)));
            base.link(&kg_shared::links::Link::Finder(p), prefs.lang.get())
        }
    };
    let body = move || {
        let recs = match records.get() {
            None => return view! { <p>{t(Msg::Loading)}</p> }.into_any(),
            Some(None) => return view! { <p class="not-found">{t(Msg::KgNotFound)}</p> }.into_any(),
            Some(Some(Err(e))) => {
                return view! { <LoadErrorNote title=Msg::FinderLoadError error=e /> }.into_any()
            }
            Some(Some(Ok(r))) => r,
        };
        let want = id.get();
        match recs.into_iter().find(|r| r.id == want) {
            None => view! { <p class="not-found">{t(Msg::KgNotFound)}</p> }.into_any(),
            Some(r) => {
                let version =
                    Signal::derive(move || dataset.ready().map(|m| m.dataset.version).unwrap_or_default());
                let divisions = Signal::derive(move || divisions.get().flatten().and_then(Result::ok));
                record_detail(r, city.get().unwrap_or(0), version, divisions, Shown::Page).into_any()
            }
        }
    };
    view! {
        <section class="kindergarten" aria-labelledby="page-title">
            {body}
            <p>
                <a href=back>{t(Msg::KgBack)}</a>
            </p>
        </section>
    }
}

/// 是 / 否 / 未填报: a blank cell in the bureau's sheet is shown as not reported, never as 否.
fn yes_no(b: Option<bool>) -> impl Fn() -> &'static str + Copy {
    t(match b {
        Some(true) => Msg::KgYes,
        Some(false) => Msg::KgNo,
        None => Msg::KgNotReported,
    })
}

/// Where a record's detail is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Its own page: the name is the page's h1; shortlist and compare are offered.
    Page,
    /// Inside another page (数据发布's preview of what would go live): headings one level below
    /// the host's h2, no actions on a record not yet published.
    Preview,
}

/// A record as its detail page shows it: every published field in plain Chinese with units, its
/// warnings with their sources, its 服务区 by name once `divisions` has them. `version` is the
/// publication's (the live one on the page, the new one in a preview).
pub fn record_detail(
    r: Record,
    city: u32,
    version: Signal<String>,
    divisions: Signal<Option<kg_shared::regions::Divisions>>,
    shown: Shown,
) -> impl IntoView {
    let dt = expect_context::<DataText>();
    let h = move |m: Msg| match shown {
        Shown::Page => view! { <h2>{t(m)}</h2> }.into_any(),
        Shown::Preview => view! { <h4>{t(m)}</h4> }.into_any(),
    };
    let c = move |s: &str| {
        let s = s.to_string();
        move || dt.convert(&s)
    };
    let opt = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    // A fee the sheet left blank is not reported, not "— 元/月".
    let fee = |v: Option<u32>| match v {
        Some(v) => view! { {v} " " {t(Msg::FinderPerMonth)} }.into_any(),
        None => t(Msg::KgNotReported).into_any(),
    };
    let classes = ClassType::ALL
        .iter()
        .filter(|ct| r.class(**ct).classes > 0)
        .map(|ct| {
            let k = r.class(*ct);
            let label = ct.label();
            view! {
                <tr>
                    <th scope="row">{c(label)}</th>
                    <td class="num">{k.classes}</td>
                    <td class="num">{k.children}</td>
                    <td class="num">{kg_shared::num::fixed(k.average().unwrap_or(0.0), 1)}</td>
                    <td class="num">{ct.limit()}</td>
                </tr>
            }
        })
        .collect_view();
    let warnings: Vec<Rule> = Rule::from_flags(r.flags).collect();
    let county = r.county;
    let warning_view = if warnings.is_empty() {
        view! { <p class="no-warnings">{t(Msg::KgNoWarnings)}</p> }.into_any()
    } else {
        let items = warnings
            .into_iter()
            .map(|w| {
                view! {
                    <li class="warning">
                        <strong>{c(w.title())}</strong>
                        "："
                        {c(w.explain())}
                        <br />
                        <span class="source">
                            <crate::components::Citations cited=w.citations_for(county).into_iter().map(|(s, h)| (s.into(), h)).collect() />
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p>{t(Msg::KgWarningsIntro)}</p>
            <ul class="warnings">{items}</ul>
        }
        .into_any()
    };
    let nature_kind = match (r.nature.is_public(), r.nature.is_inclusive()) {
        (true, _) => Some(Msg::KgPublic),
        (false, true) => Some(Msg::KgInclusive),
        _ => None,
    };
    let title = match shown {
        Shown::Page => view! { <h1 id="page-title">{c(&r.name)}</h1> }.into_any(),
        Shown::Preview => view! { <h3 class="kg-name">{c(&r.name)}</h3> }.into_any(),
    };
    let actions = (shown == Shown::Page).then(|| {
        let base = expect_context::<SiteBase>();
        let prefs = expect_context::<Prefs>();
        let shortlist = expect_context::<crate::shortlist::Shortlist>();
        let compare_href = move || shortlist.compare_href(&base, prefs.lang.get());
        view! {
            <p class="kg-actions">
                <crate::components::ShortlistButton key=format!("{city}:{}", r.id) name=r.name.clone() />
                " "
                <a href=compare_href>{t(Msg::ShortlistCompare)}</a>
            </p>
        }
    });
    view! {
        {title}
        <p class="kg-meta">
            <span class="badge nature">{c(r.nature.label())}</span>
            {nature_kind.map(|m| view! { <span class="badge">{t(m)}</span> })}
            " " {t(Msg::DatasetVersion)} " " {version} " · " {t(Msg::KgUpdated)} " " {r.updated.to_string()}
        </p>
        {actions}
        {h(Msg::KgWarnings)}
        {warning_view}
        {h(Msg::KgIdentity)}
        <dl class="fields">
            <dt>{t(Msg::KgUscc)}</dt>
            <dd>{opt(r.uscc.clone())}</dd>
            <dt>{t(Msg::KgLicence)}</dt>
            <dd>{opt(r.licence.clone())}</dd>
            <dt>{t(Msg::KgAddress)}</dt>
            <dd>{c(&r.address)}</dd>
            <dt>{t(Msg::KgFounded)}</dt>
            <dd>{opt(r.founded.map(|d| d.to_string()))}</dd>
            <dt>{t(Msg::KgGrade)}</dt>
            <dd>{c(r.grade.label())} {r.grade_year.map(|y| move || format!("（{y}{}）", t(Msg::KgGradedIn)()))}</dd>
            <dt>{t(Msg::KgCenter)}</dt>
            <dd>{yes_no(Some(r.center))}</dd>
            <dt>{t(Msg::KgQuality)}</dt>
            <dd>
                {match r.quality {
                    Some(q) => c(q.label()).into_any(),
                    None => t(Msg::KgNotReported).into_any(),
                }}
                {r.quality_year.map(|y| tx(Msg::InYear.fill(vec![Phrase::plain(y.to_string())])))}
            </dd>
        </dl>
        {h(Msg::KgFees)}
        <dl class="fields">
            <dt>{t(Msg::KgCare)}</dt>
            <dd class="fee">{r.fees.care} " " {t(Msg::FinderPerMonth)}</dd>
            <dt>{t(Msg::KgBoarding)}</dt>
            <dd>{fee(r.fees.boarding)}</dd>
            <dt>{t(Msg::KgMeals)}</dt>
            <dd>{fee(r.fees.meals)}</dd>
            <dt>{t(Msg::KgApproval)}</dt>
            <dd>{c(&r.fees.approval)}</dd>
            <dt>{t(Msg::KgEffective)}</dt>
            <dd>{opt(r.fees.effective.map(|d| d.to_string()))}</dd>
        </dl>
        {h(Msg::KgStaff)}
        <dl class="fields">
            <dt>{t(Msg::KgStaffTotal)}</dt>
            <dd>{r.staff.total} " " {t(Msg::KgPeople)}</dd>
            <dt>{t(Msg::KgTeachers)}</dt>
            <dd class="teachers">{r.staff.teachers} " " {t(Msg::KgPeople)}</dd>
            <dt>{t(Msg::KgTeachersCollege)}</dt>
            <dd>{r.staff.teachers_college} " " {t(Msg::KgPeople)}</dd>
            <dt>{t(Msg::KgTeachersCertified)}</dt>
            <dd>{r.staff.teachers_certified} " " {t(Msg::KgPeople)}</dd>
            <dt>{t(Msg::KgNurses)}</dt>
            <dd>{r.staff.nurses} " " {t(Msg::KgPeople)}</dd>
            <dt>{t(Msg::KgHealth)}</dt>
            <dd>{r.staff.health} " " {t(Msg::KgPeople)}</dd>
            <dt>{t(Msg::KgPrincipal)}</dt>
            <dd>{r.principal_education.map(|e| e.label()).map(c)}</dd>
            <dt>{t(Msg::KgPrincipalTrained)}</dt>
            <dd>{yes_no(r.principal_trained)}</dd>
        </dl>
        {h(Msg::KgClasses)}
        <crate::components::TableWrap label=Msg::KgClasses>
            <table class="classes">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::KgColClass)}</th>
                        <th scope="col">{t(Msg::KgColClasses)}</th>
                        <th scope="col">{t(Msg::KgColChildren)}</th>
                        <th scope="col">{t(Msg::KgColAverage)}</th>
                        <th scope="col">{t(Msg::KgColLimit)}</th>
                    </tr>
                </thead>
                <tbody>{classes}</tbody>
            </table>
        </crate::components::TableWrap>
        <dl class="fields">
            <dt>{t(Msg::KgSeats)}</dt>
            <dd>{r.seats}</dd>
        </dl>
        {h(Msg::KgOther)}
        <dl class="fields">
            <dt>{t(Msg::KgInclusion)}</dt>
            <dd>{yes_no(r.inclusion)}</dd>
            <dt>{t(Msg::KgResourceRoom)}</dt>
            <dd>{yes_no(r.resource_room)}</dd>
            <dt>{t(Msg::KgFood)}</dt>
            <dd>{match r.food_safety { Some(f) => c(f.label()).into_any(), None => t(Msg::KgNotReported).into_any() }}</dd>
            <dt>{t(Msg::KgZone)}</dt>
            <dd class="zone-list">{zone_view(r.zone.clone(), divisions, dt)}</dd>
            <dt>{t(Msg::KgContact)}</dt>
            <dd>
                {r.phone.clone()}
                {r.website.clone().map(|w| view! { " " <span class="website">{w}</span> })}
            </dd>
            <dt>{t(Msg::KgStaffChanged)}</dt>
            <dd>{opt(r.staff_changed.map(|d| d.to_string()))}</dd>
            <dt>{t(Msg::KgProvenance)}</dt>
            <dd>{c(&r.provenance)}</dd>
        </dl>
    }
}

/// The zone's 社区/村 by name, grouped by 乡镇/街道; codes the divisions file does not name are
/// listed as codes (never dropped), and until the file arrives, or if it fails, the count.
fn zone_view(
    zone: Vec<u64>,
    divisions: Signal<Option<kg_shared::regions::Divisions>>,
    dt: DataText,
) -> impl IntoView {
    move || {
        let n = zone.len();
        let count = view! { {n} " " {t(Msg::KgZoneCount)} };
        let Some(d) = divisions.get() else { return count.into_any() };
        if zone.is_empty() {
            return count.into_any();
        }
        let groups = d
            .zone_by_town(&zone)
            .into_iter()
            .map(|(town, names)| {
                let names: Vec<String> = names.iter().map(|n| dt.convert(n)).collect();
                view! { <li><span class="zone-town">{dt.convert(&town)}</span> "：" {names.join("、")}</li> }
            })
            .collect_view();
        view! { {count} <ul class="zone-villages">{groups}</ul> }.into_any()
    }
}
