//! The portal's main entry: the home page only, the first page most readers open, so it loads
//! the least code. Every other page is an entry of its own (`src/bin/`: pages, finder, progress,
//! widget; see `Pages` in lib.rs).
use kg_app::{routes, Pages};
use leptos::prelude::*;

fn main() {
    kg_app::mount(Pages { home: Some(|| view! { <routes::home::Home /> }.into_any()), ..Pages::default() });
}
