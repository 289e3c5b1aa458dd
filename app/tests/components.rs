//! Component tests in a real browser (wasm-bindgen-test in headless Chromium): the whole app is
//! mounted into the test page and driven through the DOM, as a reader would.
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn text(selector: &str) -> String {
    doc()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn click(selector: &str) {
    doc()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

async fn settle() {
    for _ in 0..5 {
        tick().await;
    }
}

async fn wait_for(selector: &str) {
    for _ in 0..200 {
        if doc().query_selector(selector).unwrap().is_some() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("{selector} never appeared");
}

#[wasm_bindgen_test]
async fn app_mounts_switches_language_and_reports_a_missing_manifest() {
    leptos::mount::mount_to_body(kg_app::App);
    settle().await;

    // Mounted: header, navigation and the home page.
    assert_eq!(text(".site-name"), "幼儿园信息公开门户");
    let nav: Vec<String> = {
        let links = doc().query_selector_all("nav a").unwrap();
        (0..links.length()).map(|i| links.item(i).unwrap().text_content().unwrap()).collect()
    };
    assert_eq!(nav, ["首页", "找幼儿园", "地图", "区县进展", "嵌入", "数据与方法", "政策文件"]);
    assert_eq!(text("main h1"), "查询幼儿园的性质、收费、师资、等级和服务区");

    // The switch changes every UI string and the document language.
    click(".lang-switch button:last-child");
    settle().await;
    assert_eq!(text("nav li:nth-child(2) a"), "找幼兒園");
    assert_eq!(text(".site-name"), "幼兒園信息公開門戶");
    let html = doc().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh-Hant"));
    click(".lang-switch button:first-child");
    settle().await;
    assert_eq!(text("nav li:nth-child(2) a"), "找幼儿园");

    // Large text toggles a class on <html>.
    click(".large-text-btn");
    settle().await;
    assert!(html.class_list().contains("large-text"));
    click(".large-text-btn");
    settle().await;
    assert!(!html.class_list().contains("large-text"));

    // The test server has no data/manifest.json: the reader is told, and which file.
    wait_for("[role=alert]").await;
    let alert = text("[role=alert]");
    assert!(alert.contains("数据清单加载失败"), "{alert}");
    assert!(alert.contains("manifest.json"), "{alert}");
}
