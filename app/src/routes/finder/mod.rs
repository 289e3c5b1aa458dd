//! 找幼儿园: search, filter and sort the kindergartens of one city, entirely in the browser. All
//! state lives in the URL (`kg_shared::params::FinderParams`), so a link reproduces the view.
//! The page lays out its parts around one `FinderState`: the controls (`controls`), and what
//! they select (`results`).

pub mod controls;
mod locate;
mod results;

use crate::storage::Store;
use crate::{
    finder_state::FinderState,
    i18n::{t, Msg},
    url_state::{keep_in_url, read_url, CorrectionsNotice},
};
use controls::{FilterPanel, NearMe, SearchField};
use kg_shared::params::{FinderParams, Lang, UrlState};
use leptos::prelude::*;
use results::{ActiveFilters, NearbyOthers, ResultCount, ResultList, ShortlistBar};

/// The session-storage key of the finder's last search (a query string, "?city=…&q=…").
pub const LAST_SEARCH: &str = "kgportal.finder.last";

/// The finder's last search in this tab, re-read through `FinderParams` (never trusted as it
/// was stored), if it was of `city`.
pub fn last_search(city: u32) -> Option<FinderParams> {
    let q = Store::Session.load(LAST_SEARCH)?;
    let (p, _) = FinderParams::from_query_string(&q);
    (p.city == Some(city)).then_some(p)
}

#[component]
pub fn Finder() -> impl IntoView {
    let (params, corrections) = read_url::<FinderParams>();
    let state = FinderState::new(params);
    // The URL always names the city shown, so a link reproduces the view whatever the default;
    // and the detail page's 返回查找结果 finds the search as it is now (this tab only).
    keep_in_url(move || {
        let mut p = params.get();
        p.city = p.city.or(state.city.get());
        let q = p.to_query();
        Store::Session.save(LAST_SEARCH, &crate::url_state::with_lang(q.clone(), Lang::Hans));
        q
    });
    // The text index is built once the first results are on screen, before the reader types.
    Effect::new(move |_| {
        if let Some(f) = state.engine() {
            set_timeout(move || f.prepare_text(), std::time::Duration::from_millis(100));
        }
    });
    // The first view painted before the app (js/early.js) gives way once this page has what it
    // showed — the result list — or cannot have it; the two are drawn alike, so nothing moves.
    crate::browser::claim_early_view();
    Effect::new(move |_| {
        let shown = state.listing.with(Option::is_some);
        // No list to show (the manifest failed or names none for the city), or the list failed.
        let failed = state.no_list() || matches!(state.finder.get(), Some(Some(Err(_))));
        if shown || failed {
            crate::browser::end_early_view();
        }
    });
    let locating = RwSignal::new(None::<String>);
    // The note about the position goes with the position (a chip, 清除条件 or another city).
    Effect::new(move |_| {
        if params.with(|p| p.query.near.is_none()) && locating.get_untracked().is_some() {
            locating.set(None);
        }
    });
    view! {
        <section class="finder" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NavFinder)}</h1>
            <p class="finder-intro">{t(Msg::FinderIntro)}</p>
            <CorrectionsNotice corrections=Signal::stored(corrections) />
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <SearchField state id="f-q" live=true />
                <NearMe state locating />
                <FilterPanel state />
            </form>
            <ResultCount state />
            <ShortlistBar />
            <ActiveFilters state />
            <crate::routes::map::ResultsMap state />
            <Show when=move || params.with(|p| p.query.village.is_some())>
                <h2 class="zone-result">{t(Msg::FinderZoneResult)}</h2>
            </Show>
            <ResultList state />
            <NearbyOthers state />
        </section>
    }
}
