//! The reading pages: 数据与方法, a kindergarten's detail, compare, the policy documents and the widget builder.
use kg_app::{routes, Pages};
use leptos::prelude::*;

fn main() {
    kg_app::mount(Pages {
        embed: Some(|| view! { <routes::embed::Embed /> }.into_any()),
        data: Some(|| view! { <routes::data_page::DataPage /> }.into_any()),
        kindergarten: Some(|| view! { <routes::kindergarten::Kindergarten /> }.into_any()),
        compare: Some(|| view! { <routes::compare::Compare /> }.into_any()),
        policy: Some(|| view! { <routes::policy::Policy /> }.into_any()),
        ..Pages::default()
    });
}
