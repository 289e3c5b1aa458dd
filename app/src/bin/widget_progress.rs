//! The scorecard and chart widgets: the statistics, the indicators and the charts.
//! Each widget kind is an entry of its own, so a host page loads only what its widget
//! uses; `widget/index.html` loads the entry that the URL's `w` names (scripts/postbuild.mjs).
fn main() {
    kg_app::widget::mount(kg_app::widget::Widgets {
        progress: Some(kg_app::widget::progress_widget),
        ..Default::default()
    });
}
