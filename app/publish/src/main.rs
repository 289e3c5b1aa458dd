//! 数据发布: the publishing pipeline (sheet reader, validation, compiler, the Traditional map and
//! pinyin) loads only on this page, which is its own crate: the other entries' builds never see
//! the pipeline's dependencies (cargo unifies features per build).
use kg_app::Pages;
use leptos::prelude::*;

mod compare;
mod page;
mod preview;

fn main() {
    kg_app::mount(Pages { publish: Some(|| view! { <page::Publish /> }.into_any()), ..Pages::default() });
}
