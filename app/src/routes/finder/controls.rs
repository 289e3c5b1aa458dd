//! The finder's controls. Each reads and changes one `FinderState`; the map page reuses the
//! search box and the city select.

use crate::{
    components::{CheckField, SelectField, ZonePicker},
    data::Dataset,
    finder_state::FinderState,
    i18n::{t, DataText, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::{
    links::Link,
    model::{Grade, Nature},
    params::{FinderParams, MapParams},
    query::{Flag, Sort},
};
use leptos::prelude::*;

/// 搜索: name, address or pinyin. `live` searches on every keystroke (the list); otherwise on
/// change (the map, whose redraw is heavier).
#[component]
pub fn SearchField(state: FinderState, id: &'static str, live: bool) -> impl IntoView {
    let set = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        state.set(move |p| p.query.set_text(&v));
    };
    // The finder's box spans its form; the map's sits in a row of controls.
    view! {
        <div class=if live { "field wide" } else { "field" }>
            <label for=id>{t(Msg::FinderQuery)}</label>
            <input
                id=id
                type="search"
                autocomplete="off"
                prop:value=move || state.params.with(|p| p.query.text.clone())
                on:input=move |ev| {
                    if live {
                        set(ev)
                    }
                }
                on:change=move |ev| {
                    if !live {
                        set(ev)
                    }
                }
            />
        </div>
    }
}

/// 城市: choosing one starts its first view.
#[component]
pub fn CityField(
    state: FinderState,
    id: &'static str,
    #[prop(optional)] also: Option<Callback<()>>,
) -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let data_text = expect_context::<DataText>();
    let options = move || {
        dataset.ready().map(|m| {
            m.regions
                .iter()
                .map(|r| {
                    let code = r.code;
                    let label = data_text.convert(&format!("{} {}", r.province, r.name));
                    view! {
                        <option value=code.to_string() selected=move || state.city.get() == Some(code)>
                            {label}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="field">
            <label for=id>{t(Msg::FinderCity)}</label>
            <select
                id=id
                on:change=move |ev| {
                    let v = event_target_value(&ev).parse().ok();
                    state.set(move |p| *p = FinderParams::of_city(v));
                    if let Some(cb) = also {
                        cb.run(());
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}

/// 按我的位置查找, the distance limit and 清除位置, with what locating found.
#[component]
pub fn NearMe(state: FinderState, locating: RwSignal<Option<String>>) -> impl IntoView {
    let params = state.params;
    let locate = super::locate::locate_me(state, locating);
    let has_place = move || params.with(|p| p.query.near.is_some());
    view! {
        <div class="field actions near">
            <button type="button" class="near-me" on:click=move |_| locate()>
                {t(Msg::FinderNearMe)}
            </button>
            <Show when=has_place>
                <label for="f-within">{t(Msg::FinderWithin)}</label>
                <select
                    id="f-within"
                    on:change=move |ev| {
                        let d = event_target_value(&ev).parse::<f64>().ok();
                        state.set(move |p| p.query.within_km = d)
                    }
                >
                    <option value="" selected=move || params.with(|p| p.query.within_km.is_none())>
                        {t(Msg::FinderAny)}
                    </option>
                    {[1.0f64, 3.0, 5.0, 10.0]
                        .into_iter()
                        .map(|d| {
                            view! {
                                <option value=d.to_string() selected=move || params.with(|p| p.query.within_km == Some(d))>
                                    {move || format!("{d} {}", t(Msg::FinderWithinKm)())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <button
                    type="button"
                    on:click=move |_| {
                        locating.set(None);
                        state.set(FinderParams::clear_place)
                    }
                >
                    {t(Msg::FinderClearPlace)}
                </button>
            </Show>
            <p class="near-note" role="status">
                {move || locating.get()}
                {move || has_place().then(|| t(Msg::FinderNearNote)())}
            </p>
        </div>
    }
}

/// 筛选条件: closed on a phone, so the results are in the first screen.
#[component]
pub fn FilterPanel(state: FinderState) -> impl IntoView {
    let params = state.params;
    view! {
        <details class="filter-panel" prop:open=crate::browser::wide_screen()>
            <summary>{t(Msg::FinderFilterPanel)}</summary>
            <div class="filter-panel-body">
                <CityField state id="f-city" />
                <CheckField
                    id="f-inclusive"
                    label=Msg::FinderInclusiveOnly
                    checked=Signal::derive(move || params.with(|p| !p.query.all))
                    on_change=move |on: bool| state.set(move |p| p.query.all = !on)
                />
                <ZonePicker
                    prefix="f"
                    legend=Msg::FinderZone
                    intro=Msg::FinderZoneIntro
                    params
                    divisions=state.divisions()
                    choose=move |c| state.set(move |p| p.choose(c))
                />
                <details class="more-filters">
                    <summary>{t(Msg::FinderMoreFilters)}</summary>
                    <MoreFilters state />
                </details>
                <FilterActions state />
            </div>
        </details>
    }
}

/// The 等级 choices by minimum `Grade::rank` (0: any), for the select and its chip.
pub const GRADES: [Msg; 5] =
    [Msg::FinderAny, Msg::FinderGrade1, Msg::FinderGrade2, Msg::FinderGrade3, Msg::FinderGrade4];

/// 性质, 等级, 保教费, 托班, 随班就读 and 排序.
#[component]
fn MoreFilters(state: FinderState) -> impl IntoView {
    let params = state.params;
    let data_text = expect_context::<DataText>();
    let nature_options = Nature::ALL
        .iter()
        .map(|&n| {
            let selected = move || params.with(|p| p.query.natures == [n]);
            view! { <option value=n.code().to_string() selected=selected>{move || data_text.convert(n.label())}</option> }
        })
        .collect_view();
    let grade_options = (0u8..)
        .zip(GRADES)
        .map(|(g, m)| {
            view! { <option value=g.to_string() selected=move || params.with(|p| p.query.min_grade_rank == g)>{t(m)}</option> }
        })
        .collect_view();
    view! {
        <div class="filter-grid">
            <SelectField
                id="f-nature".to_string()
                label=Msg::FinderNature
                unset=move || params.with(|p| p.query.natures.is_empty())
                on_pick=move |v: String| {
                    let n = v.parse::<u8>().ok().and_then(Nature::from_code);
                    state.set(move |p| p.query.natures = n.into_iter().collect())
                }
            >
                {nature_options}
            </SelectField>
            <div class="field">
                <label for="f-grade">{t(Msg::FinderGrade)}</label>
                <select
                    id="f-grade"
                    on:change=move |ev| {
                        let g = event_target_value(&ev).parse::<u8>().unwrap_or(0).min(Grade::Province1.rank());
                        state.set(move |p| p.query.min_grade_rank = g)
                    }
                >
                    {grade_options}
                </select>
            </div>
            <FeeField state id="f-fee-min" label=Msg::FinderFeeMin sign="≥" fees=&[500, 1000, 1500, 2000, 3000] max=false />
            <FeeField state id="f-fee" label=Msg::FinderFeeMax sign="≤" fees=&[500, 800, 1000, 1500, 2000, 3000, 5000] max=true />
            {Flag::ALL
                .iter()
                .map(|&f| {
                    let (id, label) = flag_control(f);
                    view! {
                        <CheckField
                            id
                            label
                            checked=Signal::derive(move || params.with(|p| p.query.flags.has(f)))
                            on_change=move |on: bool| state.set(move |p| p.query.flags.set(f, on))
                        />
                    }
                })
                .collect_view()}
            <SortField state />
        </div>
    }
}

/// A yes/no filter's checkbox: its id and its label (the chip of `ActiveFilters` too).
pub fn flag_control(f: Flag) -> (&'static str, Msg) {
    match f {
        Flag::Toddler => ("f-toddler", Msg::FinderToddler),
        Flag::Inclusion => ("f-inclusion", Msg::FinderInclusion),
        Flag::ResourceRoom => ("f-room", Msg::FinderResourceRoom),
    }
}

/// A 保教费 bound: the lower (`max` false) or the upper.
#[component]
fn FeeField(
    state: FinderState,
    id: &'static str,
    label: Msg,
    sign: &'static str,
    fees: &'static [u32],
    max: bool,
) -> impl IntoView {
    let params = state.params;
    let bound = move |p: &FinderParams| if max { p.query.fee_max } else { p.query.fee_min };
    let options = fees
        .iter()
        .map(|&f| {
            view! { <option value=f.to_string() selected=move || params.with(|p| bound(p) == Some(f))>{format!("{sign} {f}")}</option> }
        })
        .collect_view();
    view! {
        <SelectField
            id=id.to_string()
            label
            unset=move || params.with(|p| bound(p).is_none())
            on_pick=move |v: String| {
                let f = v.parse::<u32>().ok();
                state.set(move |p| if max { p.query.fee_max = f } else { p.query.fee_min = f })
            }
        >
            {options}
        </SelectField>
    }
}

/// 排序: the option shown is the order the list is in (`Sort::effective`); 按距离 needs a place.
#[component]
fn SortField(state: FinderState) -> impl IntoView {
    let params = state.params;
    let effective = move || params.with(|p| p.query.sort.effective(p.query.near.is_some()));
    let has_place = move || params.with(|p| p.query.near.is_some());
    let options = [
        (Sort::Name, Msg::FinderSortName),
        (Sort::FeeAsc, Msg::FinderSortFee),
        (Sort::FeeDesc, Msg::FinderSortFeeDesc),
        (Sort::Grade, Msg::FinderSortGrade),
    ]
    .into_iter()
    .map(|(s, m)| view! { <option value=s.code() selected=move || effective() == s>{t(m)}</option> })
    .collect_view();
    view! {
        <div class="field">
            <label for="f-sort">{t(Msg::FinderSort)}</label>
            <select
                id="f-sort"
                on:change=move |ev| {
                    let s = Sort::from_code(&event_target_value(&ev)).unwrap_or(Sort::Name);
                    state.set(move |p| p.query.sort = s)
                }
            >
                {options}
                <option value=Sort::Distance.code() disabled=move || !has_place() selected=move || effective() == Sort::Distance>
                    {move || if has_place() { t(Msg::FinderSortDistance)() } else { t(Msg::FinderSortDistanceUnset)() }}
                </option>
            </select>
        </div>
    }
}

/// 清除条件, 下载结果 and 在地图上查看.
#[component]
fn FilterActions(state: FinderState) -> impl IntoView {
    let params = state.params;
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let dataset = expect_context::<Dataset>();
    let data_text = expect_context::<DataText>();
    let download = move |_| {
        let (Some(f), Some(hits)) = (state.engine_untracked(), state.hits.get_untracked()) else { return };
        let version = dataset.ready().map(|m| m.dataset.version).unwrap_or_default();
        let table = f.results_table(&hits);
        let csv = {
            let r = data_text.reader();
            let s = &r.script();
            table.render(s).with_constant_columns(&[(s.msg(Msg::DatasetVersion), &version)]).to_csv()
        };
        let name = format!("kgportal-{}-{}.csv", state.city.get_untracked().unwrap_or(0), hits.len());
        crate::browser::download_csv(&name, &csv);
    };
    let to_map = move || base.link(&Link::Map(params.get(), MapParams::default()), prefs.lang.get());
    view! {
        <div class="field actions">
            <button
                type="button"
                disabled=move || !params.with(|p| p.has_filters())
                on:click=move |_| state.set(|p| *p = FinderParams::of_city(p.city))
            >
                {t(Msg::FinderClear)}
            </button>
            <button type="button" on:click=download>
                {t(Msg::FinderDownload)}
            </button>
            <a class="to-map" href=to_map>
                {t(Msg::FinderOnMap)}
            </a>
        </div>
    }
}
