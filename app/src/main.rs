fn main() {
    kg_app::mount();
}
