//! The finder's map panel: exactly the finder's current results on a map, opened on demand (so
//! Leaflet loads only then). It reads the finder's own state, so it always matches the URL.

use super::owner::MapOwner;
use crate::{
    finder_state::FinderState,
    i18n::{t, DataText, Msg},
    leaflet,
    prefs::Prefs,
    site::SiteBase,
};
use leptos::prelude::*;

#[component]
pub fn ResultsMap(state: FinderState) -> impl IntoView {
    let (finder, hits) = (state.finder, state.hits);
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let d = expect_context::<DataText>();
    let open = RwSignal::new(false);
    let b1 = base.clone();
    let ready = LocalResource::new(move || {
        let want = open.get();
        let dir = leaflet::vendor_dir(&b1);
        // Leaflet is fetched only once the reader opens the map (`then_some` would fetch it always).
        async move {
            if want {
                Some(leaflet::load(&dir).await)
            } else {
                None
            }
        }
    });
    let node = NodeRef::<leptos::html::Div>::new();
    let owner = MapOwner::new(node, Signal::derive(move || ready.get().flatten()), open.into(), |_| {});
    Effect::new(move |_| {
        let Some(Some(Ok(f))) = finder.get() else { return };
        let idx: Vec<u32> = hits.with(|hs| hs.iter().flat_map(|h| h.iter()).map(|h| h.idx).collect());
        owner.draw(|m| {
            m.close_popup();
            m.points(&f.shard, &idx, &|p| p, true);
        });
    });
    Effect::new(move |_| {
        let Some(i) = owner.picked.get() else { return };
        let Some(f) = state.engine_untracked() else { return };
        let Some(h) = hits.with_untracked(|hs| hs.as_ref().and_then(|hs| hs.get(i as usize).copied())) else {
            return;
        };
        let lang = prefs.lang.get_untracked();
        let extra = h.distance_m.map(|m| {
            format!("{}：{} km", Msg::FinderDistance.text(lang), kg_shared::num::fixed(m / 1000.0, 1))
        });
        let at = f.shard.point(h.idx as usize);
        owner.with(|m| {
            m.kindergarten_popup(
                &f.shard,
                h.idx as usize,
                at,
                extra,
                &base,
                lang,
                &|t: &str| d.convert(t),
                false,
            )
        });
    });
    view! {
        <div class="results-map">
            <button
                type="button"
                class="toggle-map"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if open.get() { t(Msg::FinderHideMap)() } else { t(Msg::FinderShowMap)() }}
            </button>
            {owner.error_note()}
            <Show when=move || open.get()>
                <div class="map finder-map" node_ref=node></div>
            </Show>
        </div>
    }
}
