//! The widgets' own entry point: links only what `kg_app::widget` uses, so a host page loads
//! much less than the full portal.
fn main() {
    kg_app::widget::mount();
}
