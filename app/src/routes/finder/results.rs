//! What the finder's controls select: the count, the conditions in force, the list, and in zone
//! mode the nearest other 普惠 kindergartens. Views read records through `ListShard::row`.

use crate::{
    components::{LoadErrorNote, ShortlistButton},
    finder_state::{FinderState, PAGE},
    i18n::{dt, t, DataText, Msg, Reader},
    prefs::Prefs,
    shortlist::Shortlist,
    site::{detail_href, SiteBase},
};
use kg_shared::{
    num::fixed,
    params::{FinderParams, Lang},
    query::{Finder, Hit},
};
use leptos::prelude::*;
use std::sync::Arc;

/// "850 米", "3.2 公里".
pub fn distance_text(metres: f64, lang: Lang) -> String {
    if metres < 1000.0 {
        format!("{} {}", fixed(metres, 0), Msg::UnitMetres.text(lang))
    } else {
        format!("{} {}", fixed(metres / 1000.0, 1), Msg::UnitKm.text(lang))
    }
}

/// "搜索“新华”：共找到 12 所幼儿园", announced as it changes; it names the search it counts, so
/// a reader (or a script) knows which list it describes.
#[component]
pub fn ResultCount(state: FinderState) -> impl IntoView {
    let count = move || state.listing.with(|l| l.as_ref().map(|l| l.total));
    let text = move || state.params.with(|p| p.query.text.clone());
    view! {
        <p class="result-count" role="status" aria-live="polite">
            {move || {
                count()
                    .map(|n| {
                        let q = text();
                        view! {
                            {(!q.is_empty())
                                .then(|| view! { {t(Msg::FinderCountFor)} "“" <span class="count-query">{dt(q)}</span> "”：" })}
                            {t(Msg::FinderCountPrefix)}
                            " "
                            <strong class="count">{n}</strong>
                            " "
                            {t(Msg::FinderCountSuffix)}
                        }
                    })
            }}
        </p>
    }
}

/// The shortlist's size, with 对比 and 清空.
#[component]
pub fn ShortlistBar() -> impl IntoView {
    let shortlist = expect_context::<Shortlist>();
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let href = move || shortlist.compare_href(&base, prefs.lang.get());
    view! {
        <Show when=move || !shortlist.0.with(|l| l.is_empty())>
            <p class="shortlist-bar" role="status">
                {t(Msg::ShortlistBar)}
                " "
                <strong class="shortlist-count">{move || shortlist.0.with(|l| l.len())}</strong>
                " · "
                <a href=href.clone()>{t(Msg::ShortlistCompare)}</a>
                " · "
                <button type="button" on:click=move |_| shortlist.0.set(vec![])>
                    {t(Msg::ShortlistClear)}
                </button>
            </p>
        </Show>
    }
}

/// A condition in force, as a chip: its label and what removing it does.
type Chip = (String, std::rc::Rc<dyn Fn(&mut FinderParams)>);

/// Every condition in force, each removable with one tap (some controls sit in a closed section).
fn chips(p: &FinderParams, lang: Lang, d: Option<&kg_shared::regions::Divisions>) -> Vec<Chip> {
    let q = &p.query;
    let mut chips: Vec<Chip> = Vec::new();
    fn add(
        chips: &mut Vec<Chip>,
        on: bool,
        label: &dyn Fn() -> String,
        clear: impl Fn(&mut FinderParams) + 'static,
    ) {
        if on {
            chips.push((label(), std::rc::Rc::new(clear)));
        }
    }
    let msg = |m: Msg| m.text(lang).to_string();
    add(&mut chips, !q.text.is_empty(), &|| format!("“{}”", q.text), |p| p.query.text.clear());
    add(&mut chips, !q.all, &|| msg(Msg::FinderInclusiveOnly), |p| p.query.all = true);
    add(&mut chips, !q.natures.is_empty(), &|| q.natures[0].label().into(), |p| p.query.natures.clear());
    let grades = super::controls::GRADES;
    add(&mut chips, q.min_grade_rank > 0, &|| msg(grades[q.min_grade_rank.min(4) as usize]), |p| {
        p.query.min_grade_rank = 0
    });
    let fee = msg(Msg::FinderFee);
    add(&mut chips, q.fee_min.is_some(), &|| format!("{fee} ≥ {}", q.fee_min.unwrap_or(0)), |p| {
        p.query.fee_min = None
    });
    add(&mut chips, q.fee_max.is_some(), &|| format!("{fee} ≤ {}", q.fee_max.unwrap_or(0)), |p| {
        p.query.fee_max = None
    });
    for f in q.flags.iter() {
        add(&mut chips, true, &|| msg(super::controls::flag_control(f).1), move |p| {
            p.query.flags.set(f, false)
        });
    }
    let county =
        |c: u32| d.and_then(|d| d.county_name(c).map(str::to_string)).unwrap_or_else(|| c.to_string());
    let town = |t: u32| {
        d.and_then(|d| d.towns.iter().find(|x| x.0 == t).map(|x| x.1.clone()))
            .unwrap_or_else(|| t.to_string())
    };
    let village =
        |v: u64| d.and_then(|d| d.village_name(v).map(str::to_string)).unwrap_or_else(|| v.to_string());
    use kg_shared::params::ZoneChoice;
    add(&mut chips, q.county.is_some(), &|| county(q.county.unwrap_or(0)), |p| {
        p.choose(ZoneChoice::County(None))
    });
    add(&mut chips, q.town.is_some(), &|| town(q.town.unwrap_or(0)), |p| p.choose(ZoneChoice::Town(None)));
    add(&mut chips, q.village.is_some(), &|| village(q.village.unwrap_or(0)), |p| {
        p.choose(ZoneChoice::Village(None))
    });
    add(&mut chips, q.near.is_some(), &|| msg(Msg::FinderNearMe), FinderParams::clear_place);
    let within = q.within_km.unwrap_or(0.0);
    add(&mut chips, q.within_km.is_some(), &|| format!("{within} {}", msg(Msg::FinderWithinKm)), |p| {
        p.query.within_km = None
    });
    chips
}

#[component]
pub fn ActiveFilters(state: FinderState) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let data_text = expect_context::<DataText>();
    move || {
        let lang = prefs.lang.get();
        let d = state.divisions.get().flatten();
        let chips = state.params.with(|p| chips(p, lang, d.as_deref()));
        if chips.is_empty() {
            return view! { <p class="active-filters">{t(Msg::FinderActiveNone)}</p> }.into_any();
        }
        let buttons = chips
            .into_iter()
            .map(|(label, clear)| {
                let shown = data_text.convert(&label);
                let aria = format!("{}{shown}", Msg::FinderActiveRemove.text(lang));
                view! {
                    <button type="button" class="chip" aria-label=aria on:click=move |_| state.set(|p| clear(p))>
                        {shown} " ×"
                    </button>
                }
            })
            .collect_view();
        view! { <p class="active-filters">{t(Msg::FinderActive)} {buttons}</p> }.into_any()
    }
}

/// What the list area shows. The list is built again only when this changes: when the city's
/// engine takes over from its first page (the same records in the same order) the items stay the
/// same elements, so nothing under a reader's finger moves or flickers (a list built anew lays its
/// off-screen items out at their placeholder height for a frame).
#[derive(Clone, PartialEq)]
enum Shows {
    Failed(crate::data::LoadError),
    ChooseCity,
    Loading,
    List,
}

/// The results, a page at a time, each a `ResultItem` keyed by its record (and distance). Until
/// the city's engine is loaded, a landing view shows the publisher's first page (the same items).
#[component]
pub fn ResultList(state: FinderState) -> impl IntoView {
    let shows = Memo::new(move |_| match state.finder.get() {
        Some(Some(Err(e))) => Shows::Failed(e),
        _ if state.listing.with(Option::is_some) => Shows::List,
        Some(None) if state.no_list() => Shows::ChooseCity,
        _ => Shows::Loading,
    });
    move || match shows.get() {
        Shows::Failed(e) => view! { <LoadErrorNote title=Msg::FinderLoadError error=e /> }.into_any(),
        Shows::ChooseCity => view! { <p>{t(Msg::FinderChooseCity)}</p> }.into_any(),
        Shows::Loading => view! { <p>{t(Msg::Loading)}</p> }.into_any(),
        Shows::List => list(state).into_any(),
    }
}

fn list(state: FinderState) -> impl IntoView {
    let data_text = expect_context::<DataText>();
    // Each shown hit with the engine it indexes and the reader's script. Keyed by the record's id
    // (unique in a publication), not its index, which differs between the first page and the
    // engine; and by the script, so a row's words are written once, when it is drawn, and a
    // keystroke's new rows subscribe to nothing but their shortlist button. A change of script
    // (or the Traditional map arriving) draws the rows again.
    let shown_hits = move || {
        let n = state.shown.get();
        let city = state.city.get().unwrap_or(0);
        let reader = data_text.reader();
        state.listing.with(|l| {
            l.as_ref()
                .map(|l| {
                    l.hits
                        .iter()
                        .take(n)
                        .map(|&hit| Row { city, finder: l.finder.clone(), hit, reader: reader.clone() })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let key = |r: &Row| {
        let id = r.finder.shard.row(r.hit.idx as usize).id().to_string();
        (r.city, id, r.hit.distance_m.map(f64::to_bits), r.reader.version())
    };
    // The first page holds only its first `PAGE`: 显示更多 waits, disabled in place, for the engine.
    let complete = move || state.listing.with(|l| l.as_ref().is_some_and(|l| l.complete));
    let more = move || state.listing.with(|l| l.as_ref().map_or(0, |l| l.total)) > state.shown.get();
    view! {
        // Says which the items come from, for tests and the benchmark (nothing is styled by it).
        <ol class="results" data-source=move || if complete() { "engine" } else { "first-page" }>
            <For each=shown_hits key=key children=|row| view! { <ResultItem row /> } />
        </ol>
        <Show when=more>
            <button
                type="button"
                class="more"
                disabled=move || !complete()
                on:click=move |_| state.shown.update(|n| *n += PAGE)
            >
                {t(Msg::FinderMore)}
            </button>
        </Show>
    }
}

/// A shown hit: its city, the engine it indexes, and the script its words are written in.
struct Row {
    city: u32,
    finder: Arc<Finder>,
    hit: Hit,
    reader: Reader,
}

/// One result: name (a link to its page), 性质, 等级, 保教费, distance, warnings, address, 加入对比.
/// Its words are fixed when it is drawn (see `list`); only its shortlist button follows changes.
#[component]
fn ResultItem(row: Row) -> impl IntoView {
    let base = expect_context::<SiteBase>();
    let Row { city, finder, hit, reader } = row;
    let script = reader.script();
    let lang = script.lang;
    let r = finder.shard.row(hit.idx as usize);
    let (id, name) = (r.id().to_string(), r.name().to_string());
    let (fee, warnings) = (r.fee(), r.warnings());
    let href = detail_href(&base, city, &id, lang);
    let key = format!("{city}:{id}");
    let distance = hit.distance_m.map(|d| {
        view! { <span class="distance">{script.msg(Msg::FinderDistance)} " " {distance_text(d, lang)}</span> }
    });
    view! {
        <li class="result">
            <a class="result-name" href=href>{script.data(&name).into_owned()}</a>
            <span class="badge nature">{script.data(r.nature().label()).into_owned()}</span>
            <span class="grade">{script.data(r.grade().label()).into_owned()}</span>
            <span class="fee">{script.msg(Msg::FinderFee)} " " {fee} " " {script.msg(Msg::FinderPerMonth)}</span>
            {distance}
            {(warnings > 0).then(|| view! { <span class="flags">{warnings} " " {script.msg(Msg::FinderFlags)}</span> })}
            <span class="address">{script.data(r.address()).into_owned()}</span>
            <ShortlistButton key name />
        </li>
    }
}

/// In zone mode: the nearest other 普惠 kindergartens (`Finder::nearby_others`).
#[component]
pub fn NearbyOthers(state: FinderState) -> impl IntoView {
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    move || {
        let v = state.params.with(|p| p.query.village)?;
        let f = state.engine()?;
        let city = state.city.get().unwrap_or(0);
        let lang = prefs.lang.get();
        let near = f.nearby_others(v, 5);
        if near.is_empty() {
            return None;
        }
        let items = near
            .into_iter()
            .map(|(i, d)| {
                let r = f.shard.row(i as usize);
                let href = detail_href(&base, city, r.id(), lang);
                let (name, nature) = (r.name().to_string(), r.nature());
                view! {
                    <li>
                        <a href=href>{dt(name)}</a>
                        " · "
                        {dt(nature.label())}
                        " · "
                        {t(Msg::FinderDistance)}
                        " "
                        {distance_text(d, lang)}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <h2 class="nearby-others">{t(Msg::FinderNearbyOthers)}</h2>
            <p class="near-note">{t(Msg::FinderNearbyNote)}</p>
            <ul class="nearby">{items}</ul>
        })
    }
}
