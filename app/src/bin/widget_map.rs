//! The mini-map widget: Leaflet's glue and the query engine, no charts.
//! Each widget kind is an entry of its own, so a host page loads only what its widget
//! uses; `widget/index.html` loads the entry that the URL's `w` names (scripts/postbuild.mjs).
fn main() {
    kg_app::widget::mount(kg_app::widget::Widgets {
        map: Some(kg_app::widget::map_widget),
        ..Default::default()
    });
}
