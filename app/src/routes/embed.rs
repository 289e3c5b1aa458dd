use crate::{components::ComingSoon, i18n::Msg};
use leptos::prelude::*;

#[component]
pub fn Embed() -> impl IntoView {
    view! { <ComingSoon title=Msg::NavEmbed what=Msg::ComingEmbed /> }
}
