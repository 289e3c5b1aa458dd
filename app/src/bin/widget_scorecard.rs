//! The scorecard widget: the statistics and the indicators, no charts.
//! Each widget kind is an entry of its own, so a host page loads only what its widget
//! uses; `widget/index.html` loads the entry that the URL's `w` names (scripts/postbuild.mjs).
fn main() {
    kg_app::widget::mount(kg_app::widget::Widgets {
        scorecard: Some(kg_app::widget::scorecard_widget),
        ..Default::default()
    });
}
