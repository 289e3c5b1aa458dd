use crate::{components::ComingSoon, i18n::Msg};
use leptos::prelude::*;

#[component]
pub fn Progress() -> impl IntoView {
    view! { <ComingSoon title=Msg::NavProgress what=Msg::ComingProgress /> }
}
