//! kgportal browser app: Leptos client-side rendering, compiled to wasm32.
//!
//! Components stay thin: data types and logic live in `kg-shared`. Shared state is provided as
//! context (one newtype per concern, see `prefs` and `data`).

pub mod browser;
pub mod chart;
pub mod components;
pub mod data;
pub mod finder_state;
pub mod geoloc;
pub mod i18n;
pub mod leaflet;
pub mod prefs;
pub mod routes;
pub mod shortlist;
pub mod site;
pub mod storage;
pub mod url_state;
pub mod widget;

use leptos::prelude::*;
pub use site::Route;

/// The pages one wasm entry renders itself. The portal is split into entries (`src/main.rs` and
/// `src/bin/*.rs`) so that a page loads only its own code: each bin names its pages here and the
/// linker drops the rest. Every page is a document of its own (`{route}/index.html`): links
/// between pages are plain links, so the portal needs no client-side router.
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
    pub policy: Option<fn() -> AnyView>,
    pub publish: Option<fn() -> AnyView>,
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
            policy: Some(|| view! { <routes::policy::Policy /> }.into_any()),
            // 数据发布 is its own crate (app/publish), not part of the component tests' app.
            publish: None,
        }
    }

    /// The view of `route`, if this entry renders it.
    pub fn get(&self, route: Route) -> Option<fn() -> AnyView> {
        match route {
            Route::Home => self.home,
            Route::Finder => self.finder,
            Route::Map => self.map,
            Route::Progress => self.progress,
            Route::Embed => self.embed,
            Route::Data => self.data,
            Route::Kindergarten => self.kindergarten,
            Route::Compare => self.compare,
            Route::Policy => self.policy,
            Route::Publish => self.publish,
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

/// The page at the current address, inside the shell. A path that is no page gets 页面不存在; a
/// page this entry does not render (a host that serves one `index.html` for every path) gets a
/// link to itself rather than a reload loop.
#[component]
pub fn AppWith(pages: Pages) -> impl IntoView {
    let base = site::SiteBase::from_document();
    let route = base.route_of(&browser::pathname());
    provide_context(base);
    provide_context(site::Here(route));
    data::provide_dataset();
    chart::provide_resize_tick();
    prefs::provide_prefs();
    i18n::provide_data_text();
    shortlist::provide_shortlist();
    // Only the finder ends the view js/early.js paints; on any other page (an address the script
    // took for the finder's) nothing painted may stay.
    if route != Some(site::Route::Finder) {
        browser::end_early_view();
    }
    let page = match route.map(|r| pages.get(r)) {
        Some(Some(f)) => f(),
        Some(None) => view! { <components::WrongEntry /> }.into_any(),
        None => view! { <routes::not_found::NotFound /> }.into_any(),
    };
    view! { <components::Shell>{page}</components::Shell> }
}
