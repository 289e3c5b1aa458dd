//! Embeddable widgets (`widget/?w=…`). Each kind of widget is a wasm entry of its own
//! (`src/bin/widget_*.rs`; `widget/index.html` loads the one `w` names), so a host page loads only
//! that widget's code: the zone widget has no charts, the scorecard no query engine. A widget sets no
//! cookies and uses no storage (its language comes from the URL only), loads nothing from other
//! origins, says inside its frame what is wrong with bad parameters, and tells its host page its
//! height (and nothing else) by `postMessage`.
//!
//! Widgets are drawn with plain DOM calls (`dom`), not Leptos: a widget's language is fixed by its
//! URL and it draws once from data it has in hand (the zone widget redraws two lists on a choice),
//! so a reactive runtime would be most of its download and do nothing. The data access
//! (`crate::data`), the charts (`crate::chart`), the map (`crate::leaflet`) and all the words
//! (`kg_shared`) are the portal's own.

mod dom;
mod map;
mod progress;
mod zone;

pub use map::map_widget;
pub use progress::{chart_widget, scorecard_widget};
pub use zone::zone_widget;

use crate::{
    data::{fetch_bytes, fetch_verified, LoadError, Problem},
    i18n::{Msg, Phrase, Script},
    site::SiteBase,
};
use dom::{el, El};
use kg_shared::{
    hant::HantMap,
    manifest::{FileEntry, FileKind, Manifest},
    params::{Lang, WidgetKind, WidgetParams},
};
use std::{future::Future, pin::Pin, rc::Rc};
use wasm_bindgen::JsCast;

/// What every widget draws with: the site, its parameters, the publication and the reader's script.
pub struct Ctx {
    pub site: SiteBase,
    pub p: WidgetParams,
    pub manifest: Manifest,
    /// The publication's Traditional map, in 繁體 (text stays Simplified if it cannot be had).
    pub hant: Option<HantMap>,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.p.lang
    }

    pub fn script(&self) -> Script<'_> {
        Script { lang: self.p.lang, map: self.hant.as_ref() }
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.p.lang)
    }

    /// Data text in the reader's script.
    pub fn data(&self, s: &str) -> String {
        self.script().data(s).into_owned()
    }

    pub fn phrase(&self, p: &Phrase) -> String {
        p.render(&self.script())
    }

    pub fn entry(&self, kind: FileKind, region: Option<u32>) -> Option<FileEntry> {
        self.manifest.file(kind, region).cloned()
    }

    pub fn load_error(&self, e: &LoadError) -> String {
        e.text(self.p.lang, |s| self.data(s))
    }
}

/// Draws one kind of widget into the element it is given (the frame's body).
pub type Body = fn(Rc<Ctx>, El) -> Pin<Box<dyn Future<Output = ()>>>;

/// The widgets one entry renders (each entry names its own; the linker drops the rest).
#[derive(Clone, Copy, Default)]
pub struct Widgets {
    pub scorecard: Option<Body>,
    pub chart: Option<Body>,
    pub zone: Option<Body>,
    pub map: Option<Body>,
}

impl Widgets {
    fn get(&self, kind: WidgetKind) -> Option<Body> {
        match kind {
            WidgetKind::Scorecard => self.scorecard,
            WidgetKind::Chart => self.chart,
            WidgetKind::Zone => self.zone,
            WidgetKind::Map => self.map,
        }
    }
}

/// Mounts the widget named by the URL, if `widgets` has it.
pub fn mount(widgets: Widgets) {
    console_error_panic_hook::set_once();
    // Built with the site's base path, so `<base href>` is the site's root, not `widget/`.
    let site = SiteBase::from_document();
    let (p, bad) = crate::url_state::from_url::<WidgetParams>();
    let doc = dom::document();
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", p.lang.html_lang());
    }
    apply_theme(&p);
    let main = el("main").class("widget").attr("data-widget", p.kind.code());
    if !bad.is_empty() {
        main.append(
            el("p")
                .class("widget-error param-notice")
                .attr("role", "status")
                .text(Msg::FinderCorrected.text(p.lang))
                .text(&bad.join("，")),
        );
    }
    let body = el("div").class("widget-body");
    let link = el("p").class("widget-link").child(
        el("a")
            .attr("href", &portal_href(&site, &p))
            .attr("target", "_blank")
            .attr("rel", "noopener")
            .text(Msg::WidgetOpenPortal.text(p.lang)),
    );
    let main = main.child(body.clone()).child(link.clone());
    if let Some(b) = doc.body() {
        let _ = b.append_child(&main.0);
    }
    report_height();
    wasm_bindgen_futures::spawn_local(async move {
        let url = site.data_url("manifest.json");
        let manifest = match fetch_bytes(&url, true).await.and_then(|bytes| {
            Manifest::parse(&bytes).map_err(|e| LoadError::new(url, Problem::Format, e.to_string()))
        }) {
            Ok(m) => m,
            Err(e) => {
                body.append(problem(p.lang, Msg::WidgetDataError, &e.text(p.lang, str::to_string)));
                return;
            }
        };
        // In 繁體 data text goes through the publication's map; without it, text stays Simplified
        // and the frame says why.
        let hant = match (p.lang, manifest.file(FileKind::Hant, None)) {
            (Lang::Hant, Some(e)) => match fetch_verified(&site, e).await.and_then(|b| {
                HantMap::decode(&b)
                    .map_err(|err| LoadError::new(site.data_url(&e.path), Problem::Format, err.to_string()))
            }) {
                Ok(m) => Some(m),
                Err(err) => {
                    let why =
                        format!("{}{}", Msg::HantMapFailed.text(p.lang), err.text(p.lang, str::to_string));
                    body.append(el("p").class("widget-error param-notice").attr("role", "status").text(&why));
                    None
                }
            },
            _ => None,
        };
        let ctx = Rc::new(Ctx { site, p, manifest, hant });
        let _ = main.0.insert_before(&footer(&ctx).0, Some(&link.0));
        match widgets.get(ctx.p.kind) {
            Some(draw) => draw(ctx, body).await,
            // widget/index.html loads the entry that has the kind `w` names: this is a build error.
            None => {
                body.append(problem(ctx.lang(), Msg::WidgetWrongEntry, &format!("w={}", ctx.p.kind.code())))
            }
        }
    });
}

/// The portal page a widget opens: the full view of what it shows.
fn portal_href(site: &SiteBase, p: &WidgetParams) -> String {
    use kg_shared::{
        links::Link,
        params::{FinderParams, MapParams, ProgressParams, ProgressView},
    };
    let city = FinderParams::of_city(p.region.map(|r| r / 100 * 100));
    let link = match p.kind {
        WidgetKind::Scorecard => Link::Progress(ProgressParams { region: p.region, ..Default::default() }),
        WidgetKind::Chart => Link::Progress(ProgressParams {
            region: p.region,
            view: ProgressView::Compare,
            indicators: vec![p.indicator],
            ..Default::default()
        }),
        WidgetKind::Zone => Link::Finder(city),
        WidgetKind::Map => Link::Map(city, MapParams::default()),
    };
    site.link(&link, p.lang)
}

/// "数据日期 … · 数据版本 … · 样例数据".
fn footer(ctx: &Ctx) -> El {
    let d = &ctx.manifest.dataset;
    let p = el("p")
        .class("widget-meta")
        .text(&format!("{} {} · {} ", ctx.t(Msg::DatasetAsOf), d.as_of, ctx.t(Msg::DatasetVersion)))
        .child(el("span").class("version").text(&d.version));
    if d.sample {
        p.text(" · ").child(el("strong").class("sample-inline").text(ctx.t(Msg::SampleBadge)))
    } else {
        p
    }
}

/// The city or county a zone or map widget shows, and its city; or, said in `out`, that the URL
/// names none (a province is too wide for either).
fn local_region(ctx: &Ctx, out: &El) -> Option<(u32, u32)> {
    use kg_shared::indicators::Level;
    let Some(region) = ctx.p.region.filter(|r| Level::of(*r) != Level::Province) else {
        let asked = ctx.p.region.map(|r| r.to_string()).unwrap_or_default();
        out.append(problem(ctx.lang(), Msg::WidgetNeedCity, &asked));
        return None;
    };
    Some((region, region / 100 * 100))
}

/// A message inside the frame when a widget cannot show what was asked (never a blank frame).
fn problem(lang: Lang, msg: Msg, detail: &str) -> El {
    el("p").class("widget-error").attr("role", "alert").text(msg.text(lang)).text(detail)
}

/// Applies the theme through CSSOM (allowed by the CSP, unlike style attributes).
fn apply_theme(p: &WidgetParams) {
    let Some(root) = dom::document().document_element() else { return };
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else { return };
    let style = root.style();
    if let Some(c) = &p.theme {
        let _ = style.set_property("--accent", c);
    }
    let _ = style.set_property("font-size", &format!("{}%", p.scale));
    let _ = root.class_list().toggle_with_force("dark", p.dark);
    let _ = root.class_list().add_1("widget-root");
}

/// Posts the document's height to the framing page whenever it changes. The message carries the
/// height only; `embed.js` on the host checks its origin and shape before using it.
fn report_height() {
    let Some(w) = web_sys::window() else { return };
    let Ok(parent) = w.parent() else { return };
    let Some(parent) = parent else { return };
    if parent == w {
        return;
    }
    let last = std::cell::Cell::new(-1);
    let send = move || {
        // The content's own height: the root's scrollHeight is never less than the frame, so a
        // frame would grow but never shrink to a short widget.
        let h = dom::document().body().map(|b| b.offset_height()).unwrap_or(0);
        if h == last.replace(h) {
            return;
        }
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"kgportal:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &(h as f64).into());
        let _ = parent.post_message(&msg, "*");
    };
    let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(send);
    let Some(body) = dom::document().body() else { return };
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&body);
        std::mem::forget(ro);
    }
    // Chromium delivers resize observations only when a frame renders, and it does not render a
    // cross-origin frame below the fold: such a frame kept the height it had before the widget
    // was drawn until scrolled to. DOM changes are observed without rendering, and reading the
    // height lays the frame out.
    if let Ok(mo) = web_sys::MutationObserver::new(cb.as_ref().unchecked_ref()) {
        let opts = web_sys::MutationObserverInit::new();
        opts.set_child_list(true);
        opts.set_subtree(true);
        opts.set_attributes(true);
        opts.set_character_data(true);
        let _ = mo.observe_with_options(&body, &opts);
        std::mem::forget(mo);
    }
    cb.forget();
}

/// A table as its CSV download has it (`kg_shared::export::Table`), in a focusable scroller
/// named by its caption; cited targets link to their paragraph, in a new tab (this is a frame).
fn table(ctx: &Ctx, t: &kg_shared::export::Table<Phrase>, class: &str, caption: &str, id: &str) -> El {
    let head =
        el("tr").children(t.headers.iter().map(|h| el("th").attr("scope", "col").text(&ctx.phrase(h))));
    let rows = t.rows.iter().enumerate().map(|(r, row)| {
        el("tr").children(row.iter().enumerate().map(|(i, c)| {
            let label = t.headers.get(i).map(|h| ctx.phrase(h)).unwrap_or_default();
            let text = ctx.phrase(c);
            if let Some(h) = t.link(r, i) {
                let href = crate::components::policy_href(&ctx.site, h, ctx.lang());
                let a = el("a")
                    .class("cite")
                    .attr("href", &href)
                    .attr("target", "_blank")
                    .attr("rel", "noopener");
                return el("td").attr("data-label", &label).child(a.text(&text));
            }
            let class = crate::routes::progress::cell_class(i, &c.hans());
            if i == 0 {
                el("th").attr("scope", "row").class(class).text(&text)
            } else {
                el("td").class(class).attr("data-label", &label).text(&text)
            }
        }))
    });
    el("div")
        .class("table-wrap")
        .attr("tabindex", "0")
        .attr("role", "region")
        .attr("aria-labelledby", id)
        .child(
            el("table")
                .class(class)
                .child(el("caption").attr("id", id).text(caption))
                .child(el("thead").child(head))
                .child(el("tbody").children(rows)),
        )
}
