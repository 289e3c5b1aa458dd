//! 政策文件: the bundled policy documents, one page each (`policy/?doc=000`), with their status,
//! issuer and scope, the provisions the portal cites from them, and the full text with an anchor
//! per section (`#c3-s5-i14`) that every citation in the portal links to. Without `doc`: the list
//! of documents and of the national regulations cited by name.
//!
//! The text is the seed file as bundled (`public/policy/`), checked against its SHA-256 before it
//! is shown, and shown as written: quotations are not converted between scripts.

use crate::{
    browser,
    components::LoadErrorNote,
    data::{fetch_bytes, LoadError},
    i18n::{dt, t, tx, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::{
    outline::{without_bookmark, Mark},
    policy::{self, Document, Origin, Status, DOCUMENTS, NOT_CHECKED, REGISTER},
};
use leptos::prelude::*;

#[component]
pub fn Policy() -> impl IntoView {
    match browser::query_param("doc") {
        None => view! { <DocumentIndex /> }.into_any(),
        Some(id) => match policy::document(&id) {
            Some(d) => view! { <DocumentPage doc=d /> }.into_any(),
            None => view! {
                <section class="policy" aria-labelledby="page-title">
                    <h1 id="page-title">{t(Msg::PolicyTitle)}</h1>
                    <p class="notice" role="alert">
                        {t(Msg::PolicyUnknown)} "：" {id.chars().take(20).collect::<String>()}
                    </p>
                    <DocumentList />
                </section>
            }
            .into_any(),
        },
    }
}

/// A link to a document's page (at an anchor), in the reader's script.
fn doc_href(base: &SiteBase, prefs: Prefs, doc: &Document, anchor: Option<&str>) -> String {
    crate::components::policy_href(base, &doc.href(anchor), prefs.lang.get())
}

#[component]
fn DocumentIndex() -> impl IntoView {
    let outside = [policy::WORK_RULES, policy::CHILDCARE_STANDARD]
        .map(|o| view! { <li>{dt(o.title)} "（" {dt(o.issuer)} "）"</li> })
        .collect_view();
    view! {
        <section class="policy" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::PolicyTitle)}</h1>
            <p>{t(Msg::PolicyIntro)}</p>
            <DocumentList />
            <h2>{t(Msg::PolicyOutside)}</h2>
            <p>{t(Msg::PolicyOutsideNote)}</p>
            <ul>{outside}</ul>
        </section>
    }
}

#[component]
fn DocumentList() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<SiteBase>();
    let items = DOCUMENTS
        .iter()
        .map(|d| {
            let base = base.clone();
            let href = move || doc_href(&base, prefs, d, None);
            let draft = (d.status == Status::Draft)
                .then(|| view! { <span class="badge draft">{t(Msg::PolicyDraft)}</span> });
            view! {
                <li>
                    <a href=href>{dt(d.title)}</a> " " {draft} <br />
                    <span class="meta">{meta_line(d)}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="policy-docs">{items}</ul> }
}

/// "平顶山市 · 平顶山市教育体育局… · 平教体基〔2024〕35号": what the text gives, nothing empty, each
/// part in the reader's script.
fn meta_line(d: &'static Document) -> impl Fn() -> String {
    let data_text = expect_context::<crate::i18n::DataText>();
    move || {
        [Some(d.region_name), d.issuer, d.number, d.date]
            .into_iter()
            .flatten()
            .map(|s| data_text.convert(s))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[component]
fn DocumentPage(doc: &'static Document) -> impl IntoView {
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let url = base.href(&format!("/policy/{}", doc.file));
    let text = LocalResource::new(move || {
        let url = url.clone();
        async move { load_text(&url, doc).await }
    });
    let index = {
        let base = base.clone();
        move || base.link(&kg_shared::links::Link::Page(crate::Route::Policy), prefs.lang.get())
    };
    let meta =
        |label: Msg, v: Option<&'static str>| v.map(|v| view! { <dt>{t(label)}</dt> <dd>{dt(v)}</dd> });
    let draft = (doc.status == Status::Draft)
        .then(|| view! { <p class="notice draft" role="note">{t(Msg::PolicyDraftNote)}</p> });
    let body = move || {
        text.get().map(|r| match r {
            Ok(s) => view! { <DocumentText doc text=s /> }.into_any(),
            Err(e) => view! { <LoadErrorNote title=Msg::PolicyLoadError error=e /> }.into_any(),
        })
    };
    view! {
        <section class="policy" aria-labelledby="page-title">
            <p class="crumbs"><a href=index>{t(Msg::PolicyAll)}</a></p>
            <h1 id="page-title">{dt(doc.title)}</h1>
            {draft}
            <dl class="policy-meta">
                <dt>{t(Msg::PolicyStatus)}</dt>
                <dd>{move || match doc.status { Status::Draft => t(Msg::PolicyDraft)(), Status::Adopted => t(Msg::PolicyAdopted)() }}</dd>
                {meta(Msg::PolicyIssuer, doc.issuer)}
                {meta(Msg::PolicyNumber, doc.number)}
                {meta(Msg::PolicyDate, doc.date)}
                <dt>{t(Msg::PolicyScope)}</dt>
                <dd>{dt(doc.region_name)} {t(Msg::PolicyScopeTail)}</dd>
                <dt>{t(Msg::PolicyFile)}</dt>
                <dd><code>{doc.file}</code> " · SHA-256 " <code class="hash">{doc.sha256}</code></dd>
            </dl>
            <Cited doc />
            <CitedTargets doc />
            <h2 id="text-heading">{t(Msg::PolicyText)}</h2>
            <p class="hint">{t(Msg::PolicyTextNote)}</p>
            <Suspense fallback=move || view! { <p class="loading">{t(Msg::Loading)}</p> }>{body}</Suspense>
        </section>
    }
}

async fn load_text(url: &str, doc: &Document) -> Result<String, LoadError> {
    use sha2::{Digest, Sha256};
    let bytes = fetch_bytes(url, false).await?;
    let err = |problem: crate::data::Problem| LoadError::new(url, problem, "");
    let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    if hex != doc.sha256 {
        return Err(err(crate::data::Problem::Integrity));
    }
    String::from_utf8(bytes).map_err(|_| err(crate::data::Problem::Format))
}

/// The provisions the portal cites from the document: each rule with its section (a link to the
/// text below), its kind and the words quoted.
#[component]
fn Cited(doc: &'static Document) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<SiteBase>();
    // (rule id, rule title, section, quote, kind, class); each text converted on its own, as the
    // publication's map converts it.
    #[allow(clippy::type_complexity)]
    let mut rows: Vec<(String, &'static str, &'static str, &'static str, &'static str, &'static str)> =
        Vec::new();
    for e in REGISTER {
        for p in e.provisions.iter().filter(|p| p.origin == Origin::Seed(doc)) {
            rows.push((e.rule.id().to_string(), e.rule.title(), p.section, p.quote, p.kind.label(), ""));
        }
    }
    for u in NOT_CHECKED.iter().filter(|u| u.doc.id == doc.id) {
        rows.push((String::new(), "", u.section, u.quote, "", "unchecked"));
    }
    let items = rows
        .into_iter()
        .map(|(id, title, section, quote, kind, class)| {
            let base = base.clone();
            let href = move || doc_href(&base, prefs, doc, policy::anchor(doc.id, section));
            let what = class.is_empty().then(|| view! { <strong>{id} " " {dt(title)}</strong> " · " });
            let kind = if class.is_empty() {
                view! { {dt(kind)} }.into_any()
            } else {
                t(Msg::PolicyUnchecked).into_any()
            };
            view! {
                <li class=class>
                    {what} <a href=href>{section}</a> " （" {kind} "）" <br />
                    <q lang="zh-Hans">{quote}</q>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{t(Msg::PolicyCited)}</h2>
        <ul class="policy-cited">{items}</ul>
    }
}

/// The publication's targets this document sets, each with its section (a link to the text).
#[component]
fn CitedTargets(doc: &'static Document) -> impl IntoView {
    use kg_shared::{
        indicators::{indicator_label, target_text},
        manifest::FileKind,
    };
    let dataset = expect_context::<crate::data::Dataset>();
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let stats = LocalResource::new(move || {
        let base = base.clone();
        let entry = dataset.entry(FileKind::Stats, None);
        async move { Some(crate::data::load_stats(&base, entry?).await) }
    });
    let base = expect_context::<SiteBase>();
    move || {
        let s = match stats.get().flatten()? {
            Ok(s) => s,
            Err(e) => return Some(view! { <LoadErrorNote title=Msg::DataStatsError error=e /> }.into_any()),
        };
        let items = s
            .targets
            .into_iter()
            .filter(|tg| tg.doc == doc.id)
            .map(|tg| {
                let base = base.clone();
                let section = tg.section.clone();
                let href = move || doc_href(&base, prefs, doc, policy::anchor(doc.id, &section));
                view! {
                    <li>
                        <strong>{t(indicator_label(&tg.indicator))} "：" {tx(target_text(&tg))}</strong> " · " <a href=href>{tg.section.clone()}</a> " （"
                        {dt(tg.kind.label())} "）" <br /> <q lang="zh-Hans">{tg.quote.clone()}</q>
                    </li>
                }
            })
            .collect_view();
        Some(
            view! {
                <h2>{t(Msg::PolicyTargets)}</h2>
                <ul class="policy-cited targets">{items}</ul>
            }
            .into_any(),
        )
    }
}

/// The full text, a line per paragraph; headings carry the anchors citations link to.
#[component]
fn DocumentText(doc: &'static Document, text: String) -> impl IntoView {
    let outline = doc.outline(&text);
    let mut heads = outline.headings.iter().peekable();
    let mut main: Vec<AnyView> = Vec::new();
    let mut appended: Vec<AnyView> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = without_bookmark(line).trim().to_string();
        let head = heads.next_if(|h| h.line == i);
        if line.is_empty() {
            continue;
        }
        let v = match head {
            Some(h) if matches!(h.mark, Mark::Annex(_) | Mark::Chapter(_)) => {
                view! { <h3 id=h.anchor.clone() tabindex="-1">{line}</h3> }.into_any()
            }
            Some(h) => view! { <p id=h.anchor.clone() tabindex="-1" class="numbered">{line}</p> }.into_any(),
            None => view! { <p>{line}</p> }.into_any(),
        };
        if outline.appended.is_some_and(|a| i >= a) {
            appended.push(v)
        } else {
            main.push(v)
        }
    }
    let appended = doc.appended.filter(|_| !appended.is_empty()).map(|a| {
        view! {
            <section class="policy-appended" aria-labelledby="appended-heading">
                <h2 id="appended-heading">{t(Msg::PolicyAppended)} "：" {dt(a.title)}</h2>
                <p class="hint">{t(Msg::PolicyAppendedNote)}</p>
                <div lang="zh-Hans">{appended}</div>
            </section>
        }
    });
    // The address's anchor did not exist when the browser looked for it: go there now; and move
    // focus with the view when a link on the page changes only the anchor.
    request_animation_frame(scroll_to_hash);
    let listener = window_event_listener(leptos::ev::hashchange, |_| scroll_to_hash());
    on_cleanup(move || listener.remove());
    view! {
        <article class="policy-text" lang=if doc.id == "003" { "zh-Hant" } else { "zh-Hans" }>{main}</article>
        {appended}
    }
}

fn scroll_to_hash() {
    use wasm_bindgen::JsCast;
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else { return };
    let id = hash.trim_start_matches('#');
    let id = js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_default();
    if id.is_empty() {
        return;
    }
    if let Some(el) =
        document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.scroll_into_view();
        let _ = el.focus();
    }
}
