//! The finder's state, shared by the 找幼儿园 and 地图 pages: the URL's `FinderParams`, the city
//! they resolve to, that city's engine and divisions, and the hits. Pages create it once with
//! `FinderState::new` and hand it to their components (or provide it as context).

use crate::{
    data::{load_divisions, load_finder, load_first, Dataset, LoadError},
    i18n::DataText,
    prefs::Prefs,
};
use kg_shared::{
    first::{FirstPage, View},
    manifest::FileKind,
    params::{FinderParams, Lang},
    query::{Finder, Hit},
    regions::Divisions,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Results shown at first, and added by each 显示更多 (the publisher's first page is as long).
pub const PAGE: usize = kg_shared::first::PAGE;

/// What the result list shows: the engine's answer, or — until the engine is loaded, on a
/// landing view — the publisher's first page of it (`kg_shared::first`), which is the same
/// records in the same order, so nothing changes on screen when the engine takes over.
#[derive(Clone)]
pub struct Listing {
    /// The engine the hits index (the first page's own, or the city's).
    pub finder: Arc<Finder>,
    /// The hits to show from (a first page holds only its first `PAGE`).
    pub hits: Arc<Vec<Hit>>,
    /// How many results there are in all.
    pub total: usize,
    /// From the city's engine (not its first page).
    pub complete: bool,
}

impl PartialEq for Listing {
    fn eq(&self, o: &Listing) -> bool {
        Arc::ptr_eq(&self.finder, &o.finder)
            && self.hits == o.hits
            && self.total == o.total
            && self.complete == o.complete
    }
}

#[derive(Clone, Copy)]
pub struct FinderState {
    pub params: RwSignal<FinderParams>,
    /// The city shown: the URL's, else the publication's first.
    pub city: Memo<Option<u32>>,
    /// The city's engine: None while there is no city (or it has no list file).
    pub finder: LocalResource<Option<Result<Arc<Finder>, LoadError>>>,
    pub divisions: LocalResource<Option<Arc<Divisions>>>,
    /// The engine's answer to the whole query (None until the engine is loaded).
    pub hits: Memo<Option<Arc<Vec<Hit>>>>,
    /// What the list shows (see `Listing`); None while there is nothing to show yet.
    pub listing: Memo<Option<Listing>>,
    /// How many results the list shows.
    pub shown: RwSignal<usize>,
    /// Traditional → Simplified, for folding what the reader types (None until it is needed).
    pub t2s: Memo<Option<Arc<std::collections::HashMap<char, char>>>>,
    dataset: Dataset,
}

impl FinderState {
    pub fn new(params: RwSignal<FinderParams>) -> FinderState {
        let dataset = expect_context::<Dataset>();
        let data_text = expect_context::<DataText>();
        // Traditional input (新華, 寶豐) in the Simplified interface: the character map whose
        // inverse folds it is fetched once the reader types a Chinese character.
        Effect::new(move |_| {
            if params.with(|p| !p.query.text.is_ascii()) {
                data_text.want_map();
            }
        });
        let t2s = Memo::new(move |_| match data_text.map.get() {
            Some(Some(Ok(m))) => Some(Arc::new(m.inverse())),
            _ => None,
        });
        let base = expect_context::<crate::site::SiteBase>();
        let city = Memo::new(move |_| {
            params.with(|p| p.city).or_else(|| dataset.with(|m| m.regions.first().map(|r| r.code)))
        });
        let b1 = base.clone();
        let b2 = base.clone();
        let landing = Memo::new(move |_| params.with(|p| View::of(&p.query).is_some()));
        // Whether the city's first page is shown before its engine (a landing view of a city
        // whose publication has one): then what the first results do not need waits a paint.
        let first_shown = move |c: Option<u32>| {
            landing.get_untracked() && c.and_then(|c| dataset.entry(FileKind::First, Some(c))).is_some()
        };
        let finder = LocalResource::new(move || {
            let c = city.get();
            let entry = c.and_then(|c| dataset.entry(FileKind::List, Some(c)));
            // On a landing view the first page is shown before the list is decoded.
            let paint_first = first_shown(c);
            let base = b1.clone();
            async move { Some(load_finder(&base, entry?, paint_first).await) }
        });
        let divisions = LocalResource::new(move || {
            let c = city.get();
            let entry = c.and_then(|c| dataset.entry(FileKind::Divisions, Some(c)));
            // The filters' 街道/社区 choices are not needed for the first results: on a landing
            // view they are checked and decoded after the first page is painted.
            let paint_first = first_shown(c);
            let base = base.clone();
            async move {
                if paint_first {
                    crate::browser::after_next_paint().await;
                }
                load_divisions(&base, entry?).await.ok().map(Arc::new)
            }
        });
        let hits = Memo::new(move |_| {
            let Some(Some(Ok(f))) = finder.get() else { return None };
            let map = t2s.get();
            Some(Arc::new(params.with(|p| f.search(&p.query, map.as_deref()))))
        });
        // The first page is fetched while the view is a landing one and the city's engine is
        // not loaded (js/prefetch.js starts it, and the list after it, before the app runs).
        let first = LocalResource::new(move || {
            let entry =
                city.get().filter(|_| landing.get()).and_then(|c| dataset.entry(FileKind::First, Some(c)));
            let base = b2.clone();
            async move {
                // The city's engine already loaded (a resource reloading for another city still
                // holds the last one's, which does not count).
                let loaded = finder.with_untracked(|f| {
                    matches!(f, Some(Some(Ok(f))) if entry.as_ref().is_some_and(|e| e.region == Some(f.shard.city)))
                });
                if loaded {
                    return None;
                }
                // A first page that fails to load only means waiting for the engine.
                load_first(&base, entry?).await.ok().map(Arc::new)
            }
        });
        let prefs = expect_context::<Prefs>();
        let listing = Memo::new(move |_| {
            let city = city.get();
            // Only this city's engine: while another city's list loads, the resource still holds
            // the last city's engine, whose records must not show under this city's name.
            if let (Some(Some(Ok(f))), Some(h)) = (finder.get(), hits.get()) {
                if city == Some(f.shard.city) {
                    return Some(Listing { finder: f, total: h.len(), hits: h, complete: true });
                }
            }
            let page: Arc<FirstPage> = first.get().flatten()?;
            let view = params.with(|p| View::of(&p.query))?;
            if city != Some(page.finder.shard.city) {
                return None;
            }
            // In 繁體 names wait for the publication's character map (when it has one), so they
            // are not shown in Simplified first. Before the manifest the map resource holds
            // `Some(None)`, so only a loaded map counts.
            let has_map = dataset.with(|m| m.file(FileKind::Hant, None).map(|_| ())).is_some();
            if prefs.lang.get() == Lang::Hant && has_map && !matches!(data_text.map.get(), Some(Some(_))) {
                return None;
            }
            Some(Listing {
                finder: page.finder.clone(),
                hits: Arc::new(page.page(view)),
                total: page.total(view),
                complete: false,
            })
        });
        FinderState {
            params,
            city,
            finder,
            divisions,
            hits,
            listing,
            shown: RwSignal::new(PAGE),
            t2s,
            dataset,
        }
    }

    /// Whether there is no list to show: the manifest has been answered (or has failed) and names
    /// no list file for the city shown, or there is no city. (`finder` alone cannot say: a resource
    /// that is reloading still holds its last value.)
    pub fn no_list(&self) -> bool {
        let dataset = self.dataset;
        self.city
            .get()
            .is_none_or(|c| dataset.with(|m| m.file(FileKind::List, Some(c)).map(|_| ())).is_none())
            && dataset.manifest.with(Option::is_some)
    }

    /// The engine, once loaded.
    pub fn engine(&self) -> Option<Arc<Finder>> {
        match self.finder.get() {
            Some(Some(Ok(f))) => Some(f),
            _ => None,
        }
    }

    pub fn engine_untracked(&self) -> Option<Arc<Finder>> {
        match self.finder.get_untracked() {
            Some(Some(Ok(f))) => Some(f),
            _ => None,
        }
    }

    /// Changes the view; the list starts again at its first page.
    pub fn set(&self, change: impl FnOnce(&mut FinderParams)) {
        self.shown.set(PAGE);
        self.params.update(change);
    }

    pub fn divisions(&self) -> Signal<Option<Arc<Divisions>>> {
        let d = self.divisions;
        Signal::derive(move || d.get().flatten())
    }
}
