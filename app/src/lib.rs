//! kgportal browser app: Leptos client-side rendering, compiled to wasm32.
//!
//! Components stay thin: data types and logic live in `kg-shared`. Shared state is provided as
//! context (one newtype per concern, see `prefs` and `data`).

pub mod bench;
pub mod browser;
pub mod chart;
pub mod components;
pub mod data;
pub mod geoloc;
pub mod i18n;
pub mod leaflet;
pub mod prefs;
pub mod routes;
pub mod shortlist;
pub mod site;
pub mod widget;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

/// Mounts the portal into `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let base = site::SiteBase::from_document();
    let router_base = base.router_base();
    provide_context(base);
    data::provide_dataset();
    chart::provide_resize_tick();
    view! {
        <Router base=router_base>
            <components::Shell>
                <Routes fallback=routes::not_found::NotFound>
                    <Route path=path!("/") view=routes::home::Home />
                    <Route path=path!("/finder") view=routes::finder::Finder />
                    <Route path=path!("/map") view=routes::map::MapPage />
                    <Route path=path!("/progress") view=routes::progress::Progress />
                    <Route path=path!("/embed") view=routes::embed::Embed />
                    <Route path=path!("/data") view=routes::data_page::DataPage />
                    <Route path=path!("/kindergarten") view=routes::kindergarten::Kindergarten />
                    <Route path=path!("/compare") view=routes::compare::Compare />
                </Routes>
            </components::Shell>
        </Router>
    }
}
