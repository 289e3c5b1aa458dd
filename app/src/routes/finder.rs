//! 找幼儿园: search, filter and sort the kindergartens of one city, entirely in the browser. All
//! state lives in the URL (`kg_shared::params::FinderParams`), so a link reproduces the view.

use crate::components::{CheckField, LoadErrorNote, SelectField, ShortlistButton, ZonePicker};
use crate::{
    data::{load_divisions, load_finder, Dataset},
    i18n::{t, DataText, Msg},
    prefs::Prefs,
    site::{detail_href, SiteBase},
};
use kg_shared::{
    manifest::FileKind,
    model::{Grade, Nature},
    params::{FinderParams, Lang},
    query::{Hit, Sort},
};
use leptos::prelude::*;

const PAGE: usize = 50;

fn parse_search() -> (FinderParams, Vec<String>) {
    let pairs = crate::browser::search_pairs();
    FinderParams::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Writes the view's state into the address bar without adding history entries.
fn write_url(p: &FinderParams, lang: Lang) {
    let url = crate::browser::url_with_query(&crate::browser::pathname(), &p.to_query(), lang);
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    // For the detail page's 返回查找结果: the search as it is now, in this tab only.
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(LAST_SEARCH, &crate::browser::url_with_query("", &p.to_query(), Lang::Hans));
    }
}

/// The session-storage key of the finder's last search (a query string, "?city=…&q=…").
pub const LAST_SEARCH: &str = "kgportal.finder.last";

/// The finder's last search in this tab, re-read through `FinderParams` (never trusted as it
/// was stored), if it was of `city`.
pub fn last_search(city: u32) -> Option<FinderParams> {
    let q = web_sys::window()?.session_storage().ok()??.get_item(LAST_SEARCH).ok()??;
    let pairs = crate::browser::pairs_of(&q);
    let (p, _) = FinderParams::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    (p.city == Some(city)).then_some(p)
}

#[component]
pub fn Finder() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let data_text = expect_context::<DataText>();
    let shortlist = expect_context::<crate::shortlist::Shortlist>();
    let (init, corrections) = parse_search();
    let params = RwSignal::new(init);
    let shown = RwSignal::new(PAGE);
    let city = Memo::new(move |_| {
        params.with(|p| p.city).or_else(|| dataset.with(|m| m.regions.first().map(|r| r.code)))
    });
    // The URL always names the city shown, so a link reproduces the view whatever the default.
    Effect::new(move |_| {
        let mut p = params.get();
        p.city = p.city.or(city.get());
        write_url(&p, prefs.lang.get());
    });
    let finder = {
        let base = base.clone();
        LocalResource::new(move || {
            let entry = city.get().and_then(|c| dataset.entry(FileKind::List, Some(c)));
            let base = base.clone();
            async move { Some(load_finder(&base, entry?).await) }
        })
    };
    let divisions = {
        let base = base.clone();
        LocalResource::new(move || {
            let entry = city.get().and_then(|c| dataset.entry(FileKind::Divisions, Some(c)));
            let base = base.clone();
            async move { load_divisions(&base, entry?).await.ok().map(std::sync::Arc::new) }
        })
    };
    // The text index is built once the first results are on screen, before the reader types.
    Effect::new(move |_| {
        if let Some(Some(Ok(f))) = finder.get() {
            set_timeout(move || f.prepare_text(), std::time::Duration::from_millis(100));
        }
    });
    // Traditional input (新華, 寶豐) in the Simplified interface: fetch the character map whose
    // inverse folds it, once the reader types a Chinese character.
    Effect::new(move |_| {
        if params.with(|p| !p.q.is_ascii()) {
            data_text.want_map();
        }
    });
    let locating = RwSignal::new(None::<String>);
    // The note about the position goes with the position (a chip, 清除条件 or another city).
    Effect::new(move |_| {
        if params.with(|p| p.near.is_none()) && locating.get_untracked().is_some() {
            locating.set(None);
        }
    });
    let t2s = Memo::new(move |_| match data_text.map.get() {
        Some(Some(Ok(m))) => Some(std::sync::Arc::new(m.inverse())),
        _ => None,
    });
    let hits = Memo::new(move |_| {
        let Some(Some(Ok(f))) = finder.get() else { return None };
        let q = params.with(|p| p.query());
        let map = t2s.get();
        Some(f.search(&q, map.as_deref()))
    });

    let set = move |f: Box<dyn Fn(&mut FinderParams)>| {
        shown.set(PAGE);
        params.update(|p| f(p));
    };
    let value_of = |ev: &leptos::ev::Event| event_target_value(ev);

    let city_options = move || {
        dataset.ready().map(|m| {
            m.regions
                .iter()
                .map(|r| {
                    let code = r.code;
                    let label = data_text.convert(&format!("{} {}", r.province, r.name));
                    view! {
                        <option value=code.to_string() selected=move || city.get() == Some(code)>
                            {label}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    // 保教费 bounds: `of` reads the bound a choice sets.
    let fee_options =
        move |fees: &'static [u32], sign: &'static str, of: fn(&FinderParams) -> Option<u32>| {
            fees.iter()
                .map(|&f| {
                    view! {
                        <option value=f.to_string() selected=move || params.with(|p| of(p) == Some(f))>
                            {format!("{sign} {f}")}
                        </option>
                    }
                })
                .collect_view()
        };
    let nature_options = Nature::ALL
        .iter()
        .map(|n| {
            let code = n.code();
            let label = n.label();
            view! {
                <option value=code.to_string() selected=move || params.with(|p| p.natures.len() == 1 && p.natures[0].code() == code)>
                    {move || data_text.convert(label)}
                </option>
            }
        })
        .collect_view();

    let compare_href = {
        let base = base.clone();
        Signal::derive(move || shortlist.compare_href(&base, prefs.lang.get()))
    };
    let base_for_nearby = base.clone();
    let base_for_locate = base.clone();
    let result_list = move || {
        let f = match finder.get() {
            None => return view! { <p>{t(Msg::Loading)}</p> }.into_any(),
            Some(None) => return view! { <p>{t(Msg::FinderChooseCity)}</p> }.into_any(),
            Some(Some(Err(e))) => {
                return view! { <LoadErrorNote title=Msg::FinderLoadError error=e /> }.into_any()
            }
            Some(Some(Ok(f))) => f,
        };
        let hits: Vec<Hit> = hits.get().unwrap_or_default();
        let total = hits.len();
        let c = city.get().unwrap_or(0);
        let items = hits
            .iter()
            .take(shown.get())
            .map(|h| {
                let i = h.idx as usize;
                let s = &f.shard;
                let name = data_text.convert(s.names.get(i));
                let href = detail_href(&base, c, s.ids.get(i), prefs.lang.get());
                let nature = data_text.convert(s.nature[i].label());
                let grade = data_text.convert(s.grade[i].label());
                let flags = s.flags[i].count_ones();
                let dist = h.distance_m.map(|d| if d < 1000.0 { format!("{d:.0} 米") } else { format!("{:.1} 公里", d / 1000.0) });
                let addr = data_text.convert(s.addresses.get(i));
                view! {
                    <li class="result">
                        <a class="result-name" href=href>{name}</a>
                        <span class="badge nature">{nature}</span>
                        <span class="grade">{grade}</span>
                        <span class="fee">
                            {t(Msg::FinderFee)} " " {s.fee[i]} " " {t(Msg::FinderPerMonth)}
                        </span>
                        {dist.map(|d| view! { <span class="distance">{t(Msg::FinderDistance)} " " {d}</span> })}
                        {(flags > 0).then(|| view! { <span class="flags">{flags} " " {t(Msg::FinderFlags)}</span> })}
                        <span class="address">{addr}</span>
                        <ShortlistButton key=format!("{c}:{}", s.ids.get(i)) name=s.names.get(i).to_string() />
                    </li>
                }
            })
            .collect_view();
        let more = (total > shown.get()).then(|| {
            view! {
                <button type="button" class="more" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {t(Msg::FinderMore)}
                </button>
            }
        });
        view! {
            <ol class="results">{items}</ol>
            {more}
        }
        .into_any()
    };
    let count = move || hits.get().map(|h| h.len());
    // Every condition in force, each removable with one tap (some controls sit in a closed section).
    let active = move || {
        let p = params.get();
        let lang = prefs.lang.get();
        let d = divisions.get().flatten();
        let county_name = |c: u32| d.as_ref().and_then(|d| d.county_name(c).map(str::to_string));
        let town_name =
            |t: u32| d.as_ref().and_then(|d| d.towns.iter().find(|x| x.0 == t).map(|x| x.1.clone()));
        let village_name = |v: u64| d.as_ref().and_then(|d| d.village_name(v).map(str::to_string));
        type Clear = fn(&mut FinderParams);
        let mut chips: Vec<(String, Clear)> = Vec::new();
        if !p.q.is_empty() {
            chips.push((format!("“{}”", p.q), |p| p.q.clear()));
        }
        if !p.all {
            chips.push((Msg::FinderInclusiveOnly.text(lang).into(), |p| p.all = true));
        }
        if let Some(n) = p.natures.first() {
            chips.push((n.label().into(), |p| p.natures.clear()));
        }
        if p.min_grade_rank > 0 {
            let m =
                [Msg::FinderAny, Msg::FinderGrade1, Msg::FinderGrade2, Msg::FinderGrade3, Msg::FinderGrade4];
            chips.push((m[p.min_grade_rank.min(4) as usize].text(lang).into(), |p| p.min_grade_rank = 0));
        }
        if let Some(f) = p.fee_min {
            chips.push((format!("{} ≥ {f}", Msg::FinderFee.text(lang)), |p| p.fee_min = None));
        }
        if let Some(f) = p.fee_max {
            chips.push((format!("{} ≤ {f}", Msg::FinderFee.text(lang)), |p| p.fee_max = None));
        }
        if p.toddler {
            chips.push((Msg::FinderToddler.text(lang).into(), |p| p.toddler = false));
        }
        if p.inclusion {
            chips.push((Msg::FinderInclusion.text(lang).into(), |p| p.inclusion = false));
        }
        if let Some(c) = p.county {
            chips.push((county_name(c).unwrap_or_else(|| c.to_string()), |p| {
                p.county = None;
                p.town = None;
                p.village = None;
            }));
        }
        if let Some(t) = p.town {
            chips.push((town_name(t).unwrap_or_else(|| t.to_string()), |p| {
                p.town = None;
                p.village = None;
            }));
        }
        if let Some(v) = p.village {
            chips.push((village_name(v).unwrap_or_else(|| v.to_string()), |p| p.village = None));
        }
        if p.near.is_some() {
            chips.push((Msg::FinderNearMe.text(lang).into(), |p| {
                p.near = None;
                p.within_km = None;
            }));
        }
        if let Some(k) = p.within_km {
            chips.push((format!("{k} 公里内"), |p| p.within_km = None));
        }
        if chips.is_empty() {
            return view! { <p class="active-filters">{t(Msg::FinderActiveNone)}</p> }.into_any();
        }
        let buttons = chips
            .into_iter()
            .map(|(label, clear)| {
                let shown_label = data_text.convert(&label);
                let aria = format!("{}{shown_label}", Msg::FinderActiveRemove.text(lang));
                view! {
                    <button type="button" class="chip" aria-label=aria on:click=move |_| set(Box::new(clear))>
                        {shown_label} " ×"
                    </button>
                }
            })
            .collect_view();
        view! {
            <p class="active-filters">
                {t(Msg::FinderActive)} {buttons}
            </p>
        }
        .into_any()
    };
    // In zone mode: the nearest other 普惠 kindergartens, from the centre of those in the zone.
    let nearby_others = move || {
        let base = &base_for_nearby;
        let v = params.with(|p| p.village)?;
        let Some(Some(Ok(f))) = finder.get() else { return None };
        let zone = f.admitting(v);
        let s = &f.shard;
        let pts: Vec<_> = if zone.is_empty() {
            let town = (v / 1000) as u32;
            (0..s.len()).filter(|&i| s.town[i] == town).map(|i| s.point(i)).collect()
        } else {
            zone.iter().map(|&i| s.point(i as usize)).collect()
        };
        if pts.is_empty() {
            return None;
        }
        let centre = kg_shared::geo::Point {
            lon: pts.iter().map(|p| p.lon).sum::<f64>() / pts.len() as f64,
            lat: pts.iter().map(|p| p.lat).sum::<f64>() / pts.len() as f64,
        };
        let near = f.nearest(centre, 5, |i| s.nature[i as usize].is_inclusive() && !zone.contains(&i));
        let c = city.get().unwrap_or(0);
        let items = near
            .into_iter()
            .map(|(i, d)| {
                let i = i as usize;
                let href = detail_href(base, c, s.ids.get(i), prefs.lang.get());
                let dist =
                    if d < 1000.0 { format!("{d:.0} 米") } else { format!("{:.1} 公里", d / 1000.0) };
                view! {
                    <li>
                        <a href=href>{data_text.convert(s.names.get(i))}</a>
                        " · "
                        {data_text.convert(s.nature[i].label())}
                        " · "
                        {t(Msg::FinderDistance)}
                        " "
                        {dist}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <h2 class="nearby-others">{t(Msg::FinderNearbyOthers)}</h2>
            <p class="near-note">{t(Msg::FinderNearbyNote)}</p>
            <ul class="nearby">{items}</ul>
        })
    };
    let download = move |_| {
        let (Some(Some(Ok(f))), Some(hits)) = (finder.get_untracked(), hits.get_untracked()) else { return };
        let s = &f.shard;
        let mut out = String::from("编号,名称,性质,等级,保教费（元/月）,县区代码,乡镇街道代码,地址,经度（GCJ-02）,纬度（GCJ-02）,在园幼儿,核定学位,提示数,数据版本\n");
        let version = dataset.ready().map(|m| m.dataset.version).unwrap_or_default();
        for h in &hits {
            let i = h.idx as usize;
            let p = s.point(i);
            let row = [
                kg_shared::export::csv_field(s.ids.get(i)),
                kg_shared::export::csv_field(s.names.get(i)),
                kg_shared::export::csv_field(s.nature[i].label()),
                kg_shared::export::csv_field(s.grade[i].label()),
                s.fee[i].to_string(),
                s.county(i).to_string(),
                s.town[i].to_string(),
                kg_shared::export::csv_field(s.addresses.get(i)),
                format!("{:.6}", p.lon),
                format!("{:.6}", p.lat),
                s.children[i].to_string(),
                s.seats[i].to_string(),
                s.flags[i].count_ones().to_string(),
                kg_shared::export::csv_field(&version),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
        crate::browser::download_csv(
            &format!("kgportal-{}-{}.csv", city.get_untracked().unwrap_or(0), hits.len()),
            &out,
        );
    };

    // 按我的位置查找: the position chooses the city (the one whose boundary holds it, else the
    // nearest, saying so), then the list is by distance from it.
    let locate_me = {
        let base = base_for_locate;
        move |_| {
            locating.set(Some(Msg::FinderLocating.text(prefs.lang.get_untracked()).to_string()));
            let base = base.clone();
            let current = city.get_untracked();
            crate::geoloc::locate(move |r| match r {
                Err(m) => locating.set(Some(m)),
                Ok(p) => {
                    let base = base.clone();
                    leptos::task::spawn_local(async move {
                        let (target, note) =
                            city_at(&base, dataset, data_text, p, current, prefs.lang.get_untracked()).await;
                        locating.set(note);
                        set(Box::new(move |f| {
                            if let Some(c) = target.filter(|&c| Some(c) != f.city) {
                                *f = FinderParams { city: Some(c), all: f.all, ..FinderParams::default() };
                            }
                            f.near = Some(p);
                            f.sort = Sort::Auto;
                        }));
                        // On a phone the results lie below the form: bring them into view.
                        if !crate::browser::wide_screen() {
                            request_animation_frame(|| {
                                if let Some(el) = document().query_selector(".result-count").ok().flatten() {
                                    el.scroll_into_view();
                                }
                            });
                        }
                    });
                }
            });
        }
    };

    view! {
        <section class="finder" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NavFinder)}</h1>
            <p class="finder-intro">{t(Msg::FinderIntro)}</p>
            {(!corrections.is_empty())
                .then(|| {
                    view! {
                        <p class="param-notice" role="status">
                            {t(Msg::FinderCorrected)} {corrections.join("，")}
                        </p>
                    }
                })}
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <div class="field wide">
                    <label for="f-q">{t(Msg::FinderQuery)}</label>
                    <input
                        id="f-q"
                        type="search"
                        autocomplete="off"
                        prop:value=move || params.with(|p| p.q.clone())
                        on:input=move |ev| {
                            let v: String = value_of(&ev);
                            set(Box::new(move |p| p.q = v.chars().take(50).collect()))
                        }
                    />
                </div>
                <div class="field actions near">
                    <button
                        type="button"
                        class="near-me"
                        on:click=locate_me
                    >
                        {t(Msg::FinderNearMe)}
                    </button>
                    <Show when=move || params.with(|p| p.near.is_some())>
                        <label for="f-within">{t(Msg::FinderWithin)}</label>
                        <select
                            id="f-within"
                            on:change=move |ev| {
                                let d = value_of(&ev).parse::<f64>().ok();
                                set(Box::new(move |p| p.within_km = d))
                            }
                        >
                            <option value="" selected=move || params.with(|p| p.within_km.is_none())>
                                {t(Msg::FinderAny)}
                            </option>
                            {[1.0f64, 3.0, 5.0, 10.0]
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <option value=d.to_string() selected=move || params.with(|p| p.within_km == Some(d))>
                                            {format!("{d} 公里内")}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <button
                            type="button"
                            on:click=move |_| {
                                locating.set(None);
                                set(Box::new(|p| {
                                    p.near = None;
                                    p.within_km = None;
                                }))
                            }
                        >
                            {t(Msg::FinderClearPlace)}
                        </button>
                    </Show>
                    <p class="near-note" role="status">
                        {move || locating.get()}
                        {move || params.with(|p| p.near.is_some()).then(|| t(Msg::FinderNearNote)())}
                    </p>
                </div>
                // On a phone the panel starts closed, so the results are in the first screen.
                <details class="filter-panel" prop:open=crate::browser::wide_screen()>
                    <summary>{t(Msg::FinderFilterPanel)}</summary>
                    <div class="filter-panel-body">
                        <div class="field">
                            <label for="f-city">{t(Msg::FinderCity)}</label>
                            <select
                                id="f-city"
                                on:change=move |ev| {
                                    let v = value_of(&ev).parse().ok();
                                    set(Box::new(move |p| {
                                        *p = FinderParams { city: v, ..FinderParams::default() };
                                    }))
                                }
                            >
                                {city_options}
                            </select>
                        </div>
                        <CheckField
                            id="f-inclusive"
                            label=Msg::FinderInclusiveOnly
                            checked=Signal::derive(move || params.with(|p| !p.all))
                            on_change=move |on: bool| set(Box::new(move |p| p.all = !on))
                        />
                        <ZonePicker
                            prefix="f"
                            legend=Msg::FinderZone
                            intro=Msg::FinderZoneIntro
                            params
                            divisions=Signal::derive(move || divisions.get().flatten())
                            choose=move |c| set(Box::new(move |p| p.choose(c)))
                        />
                        <details class="more-filters">
                            <summary>{t(Msg::FinderMoreFilters)}</summary>
                            <div class="filter-grid">
                        <SelectField
                            id="f-nature".to_string()
                            label=Msg::FinderNature
                            unset=move || params.with(|p| p.natures.is_empty())
                            on_pick=move |v: String| {
                                let n = v.parse::<u8>().ok().and_then(Nature::from_code);
                                set(Box::new(move |p| p.natures = n.into_iter().collect()))
                            }
                        >
                            {nature_options}
                        </SelectField>
                        <div class="field">
                            <label for="f-grade">{t(Msg::FinderGrade)}</label>
                            <select
                                id="f-grade"
                                on:change=move |ev| {
                                    let g = value_of(&ev).parse::<u8>().unwrap_or(0).min(Grade::Province1.rank());
                                    set(Box::new(move |p| p.min_grade_rank = g))
                                }
                            >
                                {[
                                    (0u8, Msg::FinderAny),
                                    (1, Msg::FinderGrade1),
                                    (2, Msg::FinderGrade2),
                                    (3, Msg::FinderGrade3),
                                    (4, Msg::FinderGrade4),
                                ]
                                    .into_iter()
                                    .map(|(g, m)| {
                                        view! {
                                            <option value=g.to_string() selected=move || params.with(|p| p.min_grade_rank == g)>
                                                {t(m)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <SelectField
                            id="f-fee-min".to_string()
                            label=Msg::FinderFeeMin
                            unset=move || params.with(|p| p.fee_min.is_none())
                            on_pick=move |v: String| {
                                let f = v.parse::<u32>().ok();
                                set(Box::new(move |p| p.fee_min = f))
                            }
                        >
                            {fee_options(&[500, 1000, 1500, 2000, 3000], "≥", |p| p.fee_min)}
                        </SelectField>
                        <SelectField
                            id="f-fee".to_string()
                            label=Msg::FinderFeeMax
                            unset=move || params.with(|p| p.fee_max.is_none())
                            on_pick=move |v: String| {
                                let f = v.parse::<u32>().ok();
                                set(Box::new(move |p| p.fee_max = f))
                            }
                        >
                            {fee_options(&[500, 800, 1000, 1500, 2000, 3000, 5000], "≤", |p| p.fee_max)}
                        </SelectField>
                        <CheckField
                            id="f-toddler"
                            label=Msg::FinderToddler
                            checked=Signal::derive(move || params.with(|p| p.toddler))
                            on_change=move |on: bool| set(Box::new(move |p| p.toddler = on))
                        />
                        <CheckField
                            id="f-inclusion"
                            label=Msg::FinderInclusion
                            checked=Signal::derive(move || params.with(|p| p.inclusion))
                            on_change=move |on: bool| set(Box::new(move |p| p.inclusion = on))
                        />
                        <div class="field">
                            <label for="f-sort">{t(Msg::FinderSort)}</label>
                            <select
                                id="f-sort"
                                on:change=move |ev| {
                                    let s = match value_of(&ev).as_str() {
                                        "distance" => Sort::Distance,
                                        "fee" => Sort::FeeAsc,
                                        "fee_desc" => Sort::FeeDesc,
                                        "grade" => Sort::Grade,
                                        _ => Sort::Name,
                                    };
                                    set(Box::new(move |p| p.sort = s))
                                }
                            >
                                // The option shown is the order the list is in (`Sort::effective`).
                                {[
                                    ("name", Sort::Name, Msg::FinderSortName),
                                    ("fee", Sort::FeeAsc, Msg::FinderSortFee),
                                    ("fee_desc", Sort::FeeDesc, Msg::FinderSortFeeDesc),
                                    ("grade", Sort::Grade, Msg::FinderSortGrade),
                                ]
                                    .into_iter()
                                    .map(|(v, s, m)| {
                                        view! {
                                            <option
                                                value=v
                                                selected=move || params.with(|p| p.sort.effective(p.near.is_some()) == s)
                                            >
                                                {t(m)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                                <option
                                    value="distance"
                                    disabled=move || params.with(|p| p.near.is_none())
                                    selected=move || params.with(|p| p.sort.effective(p.near.is_some()) == Sort::Distance)
                                >
                                    {move || {
                                        if params.with(|p| p.near.is_some()) {
                                            t(Msg::FinderSortDistance)()
                                        } else {
                                            t(Msg::FinderSortDistanceUnset)()
                                        }
                                    }}
                                </option>
                            </select>
                        </div>
                            </div>
                        </details>
                        <div class="field actions">
                            <button
                                type="button"
                                disabled=move || !params.with(|p| p.has_filters())
                                on:click=move |_| {
                                    set(Box::new(|p| *p = FinderParams { city: p.city, ..FinderParams::default() }))
                                }
                            >
                                {t(Msg::FinderClear)}
                            </button>
                            <button type="button" on:click=download>
                                {t(Msg::FinderDownload)}
                            </button>
                            <a
                                class="to-map"
                                href=move || {
                                    let q = params.with(|p| p.to_query());
                                    crate::browser::url_with_query(
                                        &expect_context::<SiteBase>().href("/map/"),
                                        &q,
                                        expect_context::<crate::prefs::Prefs>().lang.get(),
                                    )
                                }
                            >
                                {t(Msg::FinderOnMap)}
                            </a>
                        </div>
                    </div>
                </details>
            </form>
            <p
                class="result-count"
                role="status"
                aria-live="polite"
                data-q=move || {
                    hits.track();
                    params.with(|p| p.q.clone())
                }
            >
                {move || {
                    count()
                        .map(|n| {
                            view! {
                                {t(Msg::FinderCountPrefix)}
                                " "
                                <strong class="count">{n}</strong>
                                " "
                                {t(Msg::FinderCountSuffix)}
                            }
                        })
                }}
            </p>
            <Show when=move || !shortlist.0.with(|l| l.is_empty())>
                <p class="shortlist-bar" role="status">
                    {t(Msg::ShortlistBar)}
                    " "
                    <strong class="shortlist-count">{move || shortlist.0.with(|l| l.len())}</strong>
                    " · "
                    <a href=compare_href>{t(Msg::ShortlistCompare)}</a>
                    " · "
                    <button type="button" on:click=move |_| shortlist.0.set(vec![])>
                        {t(Msg::ShortlistClear)}
                    </button>
                </p>
            </Show>
            {active}
            <crate::routes::map::ResultsMap finder hits />
            <Show when=move || params.with(|p| p.village.is_some())>
                <h2 class="zone-result">{t(Msg::FinderZoneResult)}</h2>
            </Show>
            {result_list}
            {nearby_others}
        </section>
    }
}

/// The covered city at `p` and what to tell the reader: switched to it, or outside every city
/// the publication covers (the nearest, and how far). Without the boundaries file, the current
/// city stays and the note says why.
async fn city_at(
    base: &SiteBase,
    dataset: Dataset,
    data_text: DataText,
    p: kg_shared::geo::Point,
    current: Option<u32>,
    lang: Lang,
) -> (Option<u32>, Option<String>) {
    use kg_shared::regions::{locate, Whereabouts};
    let cities: Vec<u32> =
        dataset.with(|m| Some(m.regions.iter().map(|r| r.code).collect())).unwrap_or_default();
    let name_of = |c: u32| {
        dataset
            .with(|m| m.regions.iter().find(|r| r.code == c).map(|r| data_text.convert(&r.name)))
            .unwrap_or_else(|| c.to_string())
    };
    let regions = match dataset.entry(FileKind::Boundaries, None) {
        Some(e) => crate::data::load_boundaries(base, e).await.map_err(|e| e.to_string()),
        None => Err(Msg::FinderNoBoundariesFile.text(lang).to_string()),
    };
    match regions.map(|r| locate(&r, &cities, p)) {
        Ok(Some(Whereabouts::Inside(c))) => (
            Some(c),
            (Some(c) != current).then(|| format!("{}{}。", Msg::FinderLocatedIn.text(lang), name_of(c))),
        ),
        Ok(Some(Whereabouts::Outside { nearest, metres })) => (
            Some(nearest),
            Some(format!(
                "{}{}{} {:.0} {}",
                Msg::FinderLocatedOutside.text(lang),
                name_of(nearest),
                Msg::FinderLocatedAbout.text(lang),
                (metres / 1000.0).max(1.0),
                Msg::FinderLocatedOutsideKm.text(lang)
            )),
        ),
        Ok(None) => (None, None),
        Err(why) => (None, Some(format!("{}{why}", Msg::FinderLocateNoBoundaries.text(lang)))),
    }
}
