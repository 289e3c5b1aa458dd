use crate::{components::ComingSoon, i18n::Msg};
use leptos::prelude::*;

#[component]
pub fn MapPage() -> impl IntoView {
    view! { <ComingSoon title=Msg::NavMap what=Msg::ComingMap /> }
}
