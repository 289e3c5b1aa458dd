//! County progress: the indicators and the charts load only on this page.
use kg_app::{routes, Pages};
use leptos::prelude::*;

fn main() {
    kg_app::mount(Pages {
        progress: Some(|| view! { <routes::progress::Progress /> }.into_any()),
        ..Pages::default()
    });
}
