use crate::{components::ComingSoon, i18n::Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Finder() -> impl IntoView {
    let query = use_query_map();
    // Echo the search the reader typed (as text) so the home search box visibly leads here.
    let q = move || {
        query.with(|p| p.get("q")).filter(|q| !q.trim().is_empty()).map(|q| {
            let q: String = q.chars().take(100).collect();
            view! { <p class="query-echo">"您要查找：" <q>{q}</q></p> }
        })
    };
    view! {
        <ComingSoon title=Msg::NavFinder what=Msg::ComingFinder />
        {q}
    }
}
