//! The finder's state, shared by the 找幼儿园 and 地图 pages: the URL's `FinderParams`, the city
//! they resolve to, that city's engine and divisions, and the hits. Pages create it once with
//! `FinderState::new` and hand it to their components (or provide it as context).

use crate::{
    data::{load_divisions, load_finder, Dataset, LoadError},
    i18n::DataText,
};
use kg_shared::{
    manifest::FileKind,
    params::FinderParams,
    query::{Finder, Hit},
    regions::Divisions,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Results shown at first, and added by each 显示更多.
pub const PAGE: usize = 50;

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
    /// How many results the list shows.
    pub shown: RwSignal<usize>,
    /// Traditional → Simplified, for folding what the reader types (None until it is needed).
    pub t2s: Memo<Option<Arc<std::collections::HashMap<char, char>>>>,
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
        let finder = LocalResource::new(move || {
            let entry = city.get().and_then(|c| dataset.entry(FileKind::List, Some(c)));
            let base = b1.clone();
            async move { Some(load_finder(&base, entry?).await) }
        });
        let divisions = LocalResource::new(move || {
            let entry = city.get().and_then(|c| dataset.entry(FileKind::Divisions, Some(c)));
            let base = base.clone();
            async move { load_divisions(&base, entry?).await.ok().map(Arc::new) }
        });
        let hits = Memo::new(move |_| {
            let Some(Some(Ok(f))) = finder.get() else { return None };
            let map = t2s.get();
            Some(Arc::new(params.with(|p| f.search(&p.query, map.as_deref()))))
        });
        FinderState { params, city, finder, divisions, hits, shown: RwSignal::new(PAGE), t2s }
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
