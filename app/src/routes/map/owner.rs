//! The one owner of a Leaflet map in a page.

use crate::{
    leaflet::{Labels, Map},
    prefs::Prefs,
};
use leptos::prelude::*;

/// Creates the map in `node` once Leaflet has loaded (`loaded`) and `wanted` holds, drops it when
/// `wanted` turns false or the page goes, and says why it could not. Layers are effects of their
/// own that read `map` and re-run on `ready`.
#[derive(Clone, Copy)]
pub struct MapOwner {
    pub map: StoredValue<Option<Map>, LocalStorage>,
    /// Bumped each time a map is created, so drawing effects run again.
    pub ready: RwSignal<u32>,
    /// The index (in the points last drawn) of the point the reader clicked.
    pub picked: RwSignal<Option<u32>>,
    pub error: RwSignal<Option<String>>,
}

impl MapOwner {
    pub fn new(
        node: NodeRef<leptos::html::Div>,
        loaded: Signal<Option<Result<(), String>>>,
        wanted: Signal<bool>,
        on_region: impl Fn(u32) + Clone + 'static,
    ) -> MapOwner {
        let prefs = expect_context::<Prefs>();
        let owner = MapOwner {
            map: StoredValue::new_local(None),
            ready: RwSignal::new(0),
            picked: RwSignal::new(None),
            error: RwSignal::new(None),
        };
        let MapOwner { map, ready, picked, error } = owner;
        Effect::new(move |_| {
            if !wanted.get() {
                map.set_value(None);
                return;
            }
            let Some(ok) = loaded.get() else { return };
            if let Err(e) = ok {
                error.set(Some(e));
                return;
            }
            let Some(el) = node.get() else { return };
            if map.with_value(|m| m.is_some()) {
                return;
            }
            let labels = Labels::in_lang(prefs.lang.get_untracked());
            match Map::new(&el, labels, move |i| picked.set(Some(i)), on_region.clone()) {
                Ok(m) => {
                    map.set_value(Some(m));
                    ready.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
        on_cleanup(move || map.set_value(None));
        owner
    }

    /// Runs `draw` on the map if there is one, tracking `ready` (so a new map is drawn on too).
    pub fn draw(&self, draw: impl FnOnce(&Map)) {
        self.ready.get();
        self.map.with_value(|m| {
            if let Some(m) = m {
                draw(m)
            }
        });
    }

    /// Runs `f` on the map if there is one, tracking nothing (for event handlers).
    pub fn with(&self, f: impl FnOnce(&Map)) {
        self.map.with_value(|m| {
            if let Some(m) = m {
                f(m)
            }
        });
    }

    /// Why the map could not be shown, as an alert (nothing while all is well).
    pub fn error_note(&self) -> impl IntoView {
        let error = self.error;
        move || {
            error.get().map(|e| {
                view! { <p class="load-error" role="alert">{crate::i18n::t(crate::i18n::Msg::MapError)} {e}</p> }
            })
        }
    }
}
