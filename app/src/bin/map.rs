//! The map page: the map's choropleth needs the county statistics and indicators, which the
//! finder (a parent's first page) does not, so the two are separate entries.
use kg_app::{routes, Pages};
use leptos::prelude::*;

fn main() {
    kg_app::mount(Pages { map: Some(|| view! { <routes::map::MapPage /> }.into_any()), ..Pages::default() });
}
