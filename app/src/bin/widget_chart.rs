//! The chart widget: the statistics, the indicators and the charts (painted from `kg_shared::chart`).
//! Each widget kind is an entry of its own, so a host page loads only what its widget
//! uses; `widget/index.html` loads the entry that the URL's `w` names (scripts/postbuild.mjs).
fn main() {
    kg_app::widget::mount(kg_app::widget::Widgets {
        chart: Some(kg_app::widget::chart_widget),
        ..Default::default()
    });
}
