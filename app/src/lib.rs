//! kgportal browser app: Leptos client-side rendering, compiled to wasm32.
//!
//! Components stay thin: data types and logic live in `kg-shared`. Shared state is provided as
//! context (one newtype per concern, see `prefs` and `data`).

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

/// The pages one wasm entry renders itself. The portal is split into entries (`src/main.rs`,
/// `src/bin/finder.rs`, `src/bin/progress.rs`) so that a page loads only its own code: each bin
/// names its pages here and the linker drops the rest. A link to a page of another entry is
/// followed by reloading, which fetches that page's own `index.html`.
#[derive(Clone, Copy, Default)]
pub struct Pages {
    pub home: Option<fn() -> AnyView>,
    pub finder: Option<fn() -> AnyView>,
    pub map: Option<fn() -> AnyView>,
    pub progress: Option<fn() -> AnyView>,
    pub embed: Option<fn() -> AnyView>,
    pub data: Option<fn() -> AnyView>,
    pub kindergarten: Option<fn() -> AnyView>,
    pub compare: Option<fn() -> AnyView>,
}

impl Pages {
    /// Every page (one entry with everything, as the component tests mount it).
    pub fn all() -> Pages {
        Pages {
            home: Some(|| view! { <routes::home::Home /> }.into_any()),
            finder: Some(|| view! { <routes::finder::Finder /> }.into_any()),
            map: Some(|| view! { <routes::map::MapPage /> }.into_any()),
            progress: Some(|| view! { <routes::progress::Progress /> }.into_any()),
            embed: Some(|| view! { <routes::embed::Embed /> }.into_any()),
            data: Some(|| view! { <routes::data_page::DataPage /> }.into_any()),
            kindergarten: Some(|| view! { <routes::kindergarten::Kindergarten /> }.into_any()),
            compare: Some(|| view! { <routes::compare::Compare /> }.into_any()),
        }
    }
}

thread_local! {
    /// Whether a route has rendered since the page loaded.
    static ROUTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A route's view: the page if this entry has it; otherwise, after an in-app navigation, a
/// reload into the page's own entry. On first load (a host that serves one `index.html` for
/// every path) reloading would loop, so the reader gets a link instead.
fn page(f: Option<fn() -> AnyView>) -> AnyView {
    let first = !ROUTED.with(|r| r.replace(true));
    match f {
        Some(f) => f(),
        None if first => view! { <components::WrongEntry /> }.into_any(),
        None => {
            // Load the URL the router is now showing (the address bar may not show it yet).
            let loc = leptos_router::hooks::use_location();
            let search = loc.search.get_untracked();
            let hash = loc.hash.get_untracked();
            let target = format!(
                "{}{}{}{}",
                loc.pathname.get_untracked(),
                if search.is_empty() || search.starts_with('?') { "" } else { "?" },
                search,
                if hash.is_empty() || hash.starts_with('#') { hash.clone() } else { format!("#{hash}") },
            );
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(&target);
            }
            view! { <p>{i18n::t(i18n::Msg::Loading)}</p> }.into_any()
        }
    }
}

/// Mounts the portal's entry that renders `pages` into `<body>`.
pub fn mount(pages: Pages) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(move || view! { <AppWith pages /> });
}

/// The whole portal in one entry.
#[component]
pub fn App() -> impl IntoView {
    view! { <AppWith pages=Pages::all() /> }
}

#[component]
pub fn AppWith(pages: Pages) -> impl IntoView {
    let base = site::SiteBase::from_document();
    let router_base = base.router_base();
    provide_context(base);
    data::provide_dataset();
    chart::provide_resize_tick();
    view! {
        <Router base=router_base>
            <components::Shell>
                <Routes fallback=routes::not_found::NotFound>
                    <Route path=path!("/") view=move || page(pages.home) />
                    <Route path=path!("/finder") view=move || page(pages.finder) />
                    <Route path=path!("/map") view=move || page(pages.map) />
                    <Route path=path!("/progress") view=move || page(pages.progress) />
                    <Route path=path!("/embed") view=move || page(pages.embed) />
                    <Route path=path!("/data") view=move || page(pages.data) />
                    <Route path=path!("/kindergarten") view=move || page(pages.kindergarten) />
                    <Route path=path!("/compare") view=move || page(pages.compare) />
                </Routes>
            </components::Shell>
        </Router>
    }
}
