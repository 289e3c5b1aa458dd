//! The finder: the query engine (and the Leaflet glue of its results map) load only here and
//! on the map page (`src/bin/map.rs`).
use kg_app::{routes, Pages};

// The benchmark's entry points live in this entry, which has the query engine anyway, and only
// in the benchmark's build (`scripts/bench.sh` sets KG_BENCH=1, which turns on feature `bench`).
#[cfg(feature = "bench")]
#[path = "../bench.rs"]
mod bench;
use leptos::prelude::*;

fn main() {
    kg_app::mount(Pages {
        finder: Some(|| view! { <routes::finder::Finder /> }.into_any()),
        ..Pages::default()
    });
}
