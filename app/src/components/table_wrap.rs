//! A wide table's horizontal scroller. It can take keyboard focus (arrow keys scroll it) and is
//! a named region, so a keyboard or screen-reader user can reach and read what lies off-screen
//! on a phone (axe `scrollable-region-focusable`).

use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn TableWrap(
    /// The region's name: the table's title.
    #[prop(optional)]
    label: Option<Msg>,
    /// Or the id of an element that names it (the table's caption).
    #[prop(optional, into)]
    labelledby: Option<String>,
    children: Children,
) -> impl IntoView {
    let aria_label = label.map(t);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=aria_label aria-labelledby=labelledby>
            {children()}
        </div>
    }
}
