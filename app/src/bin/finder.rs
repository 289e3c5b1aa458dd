//! The finder and the map: the query engine and the Leaflet glue load only on these pages.
use kg_app::{routes, Pages};

// The benchmark's entry points (`scripts/bench.sh`) live in this entry, which has the query
// engine anyway, so no other page carries them.
#[path = "../bench.rs"]
mod bench;
use leptos::prelude::*;

fn main() {
    kg_app::mount(Pages {
        finder: Some(|| view! { <routes::finder::Finder /> }.into_any()),
        map: Some(|| view! { <routes::map::MapPage /> }.into_any()),
        ..Pages::default()
    });
}
