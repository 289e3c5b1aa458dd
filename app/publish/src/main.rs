//! 数据发布: the publishing pipeline (sheet reader, validation, compiler) loads only on this page,
//! which is its own crate: the other entries' builds never see the pipeline's dependencies (cargo
//! unifies features per build). Its dictionaries (pinyin, the Traditional map) are a module of
//! their own again (app/dicts), loaded after the first report.
use kg_app::Pages;
use leptos::prelude::*;

mod compare;
mod dicts;
mod folder;
mod page;
mod preview;

fn main() {
    kg_app::mount(Pages { publish: Some(|| view! { <page::Publish /> }.into_any()), ..Pages::default() });
}
