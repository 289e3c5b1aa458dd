//! 嵌入: the widget builder. Pick a widget and its parameters, see it live, copy the code. The
//! code shown is built from the same values as the preview frame (`embed_html`), so what a bureau
//! pastes is exactly what it saw.

use crate::{
    components::CheckField,
    data::{load_stats, Dataset},
    i18n::{t, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::{
    indicators::Indicator,
    manifest::FileKind,
    params::{embed_html, Lang, WidgetKind, WidgetParams},
};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

fn kind_label(k: WidgetKind) -> Msg {
    match k {
        WidgetKind::Scorecard => Msg::EmbedKindScorecard,
        WidgetKind::Chart => Msg::EmbedKindChart,
        WidgetKind::Zone => Msg::EmbedKindZone,
        WidgetKind::Map => Msg::EmbedKindMap,
    }
}

type Stats = LocalResource<Option<Arc<kg_shared::stats::StatsFile>>>;

/// The preview frame's height, as big as its content: from its height message, with the same
/// checks embed.js makes (this origin, this frame, a sane height).
fn size_from_messages(frame: NodeRef<leptos::html::Iframe>, origin: String) {
    let handle = window_event_listener(leptos::ev::message, move |e: web_sys::MessageEvent| {
        if e.origin() != origin {
            return;
        }
        let Some(f) = frame.get_untracked() else { return };
        let same = match (e.source(), f.content_window()) {
            // The frame's window is from another realm: compare identities, not types.
            (Some(s), Some(cw)) => wasm_bindgen::JsValue::from(s) == wasm_bindgen::JsValue::from(cw),
            _ => false,
        };
        let data = e.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string());
        let h = js_sys::Reflect::get(&data, &"height".into()).ok().and_then(|v| v.as_f64());
        if let (true, Some("kgportal:height"), Some(h)) = (same, kind.as_deref(), h) {
            if h > 0.0 && h < 20000.0 {
                let _ = web_sys::HtmlElement::style(&f).set_property("height", &format!("{}px", h.ceil()));
            }
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn Embed() -> impl IntoView {
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let prefs = expect_context::<Prefs>();
    let b1 = base.clone();
    let stats = LocalResource::new(move || {
        let base = b1.clone();
        let entry = dataset.entry(FileKind::Stats, None);
        async move { load_stats(&base, entry?).await.ok().map(Arc::new) }
    });
    let w = RwSignal::new(WidgetParams { region: Some(445202), ..WidgetParams::default() });
    // The builder's own language is the default for the widget.
    Effect::new(move |_| {
        let l = prefs.lang.get();
        w.update(|p| p.lang = l);
    });
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let (o1, b2) = (origin.clone(), base.clone());
    let src = Memo::new(move |_| {
        format!("{o1}{}", w.with(|p| b2.link(&kg_shared::links::Link::Widget(p.clone()), p.lang)))
    });
    let title = Memo::new(move |_| {
        let (kind, lang) = w.with(|p| (p.kind, p.lang));
        format!("{} · {}", Msg::SiteName.text(lang), kind_label(kind).text(lang))
    });
    let script_on = RwSignal::new(true);
    let script_src = format!("{origin}{}", base.href("/embed.js"));
    const HEIGHT: u32 = 480;
    let code = Memo::new(move |_| {
        let s = script_on.get().then_some(script_src.as_str());
        embed_html(&src.get(), &title.get(), HEIGHT, s)
    });
    let frame = NodeRef::<leptos::html::Iframe>::new();
    size_from_messages(frame, origin);
    let copy = move |_| {
        if let Some(ta) = document()
            .get_element_by_id("embed-code")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            ta.select();
        }
    };

    view! {
        <section class="embed-builder" aria-labelledby="page-title">
            <h1 id="page-title">{t(Msg::NavEmbed)}</h1>
            <p>{t(Msg::EmbedIntro)}</p>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <KindField w />
                <RegionField w stats />
                <Show when=move || w.with(|p| p.kind == WidgetKind::Chart)>
                    <IndicatorField w />
                    <CheckField
                        id="e-ranking"
                        label=Msg::EmbedRanking
                        checked=Signal::derive(move || w.with(|p| p.ranking))
                        on_change=move |on: bool| w.update(|p| p.ranking = on)
                    />
                </Show>
                <LookFields w />
                <CheckField
                    id="e-script"
                    label=Msg::EmbedScript
                    checked=script_on
                    on_change=move |on: bool| script_on.set(on)
                />
            </form>
            <h2>{t(Msg::EmbedCode)}</h2>
            <p>{t(Msg::EmbedCodeNote)}</p>
            <label for="embed-code" class="visually-hidden">
                {t(Msg::EmbedCode)}
            </label>
            <textarea id="embed-code" class="embed-code" readonly prop:value=move || code.get()></textarea>
            <p>
                <button type="button" on:click=copy>
                    {t(Msg::EmbedSelect)}
                </button>
            </p>
            <h2>{t(Msg::EmbedPreview)}</h2>
            <div class="preview">
                <iframe
                    node_ref=frame
                    src=move || src.get()
                    title=move || title.get()
                    width="100%"
                    height=HEIGHT.to_string()
                    referrerpolicy="no-referrer"
                    data-kgportal=""
                ></iframe>
            </div>
        </section>
    }
}

/// Which widget.
#[component]
fn KindField(w: RwSignal<WidgetParams>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="e-kind">{t(Msg::EmbedKind)}</label>
            <select
                id="e-kind"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = WidgetKind::ALL.iter().find(|k| k.code() == v) {
                        w.update(|p| p.kind = *k);
                    }
                }
            >
                {WidgetKind::ALL
                    .iter()
                    .map(|&k| {
                        view! {
                            <option value=k.code() selected=move || w.with(|p| p.kind == k)>
                                {t(kind_label(k))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Which region: the publication's cities and their counties, from the statistics file's names.
/// A publication without the default county starts from its first county.
#[component]
fn RegionField(w: RwSignal<WidgetParams>, stats: Stats) -> impl IntoView {
    Effect::new(move |_| {
        let Some(st) = stats.get().flatten() else { return };
        if !st.aggregates.iter().any(|a| Some(a.county) == w.with_untracked(|p| p.region)) {
            let first = st.aggregates.first().map(|a| a.county);
            w.update(|p| p.region = first);
        }
    });
    let regions = move || {
        let st = stats.get().flatten()?;
        let mut cities: Vec<u32> = st.aggregates.iter().map(|a| a.city).collect();
        cities.sort_unstable();
        cities.dedup();
        let mut items = Vec::new();
        for c in cities {
            items.push((c, st.names.get(&c).cloned().unwrap_or_else(|| c.to_string())));
            for a in st.aggregates.iter().filter(|a| a.city == c) {
                items.push((a.county, format!("　{}", a.name)));
            }
        }
        Some(crate::components::data_options(items, move |c| w.with(|p| p.region == Some(c))))
    };
    view! {
        <div class="field">
            <label for="e-region">{t(Msg::EmbedRegion)}</label>
            <select id="e-region" on:change=move |ev| w.update(|p| p.region = event_target_value(&ev).parse().ok())>
                {regions}
            </select>
        </div>
    }
}

/// The chart widget's indicator.
#[component]
fn IndicatorField(w: RwSignal<WidgetParams>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="e-ind">{t(Msg::EmbedIndicator)}</label>
            <select
                id="e-ind"
                on:change=move |ev| {
                    if let Some(i) = Indicator::from_key(&event_target_value(&ev)) {
                        w.update(|p| p.indicator = i);
                    }
                }
            >
                {Indicator::ALL
                    .iter()
                    .map(|&i| {
                        view! {
                            <option value=i.key() selected=move || w.with(|p| p.indicator == i)>
                                {t(i.def().label)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// How the widget looks on the host page: colour, dark mode, text size, script.
#[component]
fn LookFields(w: RwSignal<WidgetParams>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="e-theme">{t(Msg::EmbedTheme)}</label>
            <input
                id="e-theme"
                type="color"
                prop:value=move || w.with(|p| p.theme.clone().unwrap_or_else(|| "#1f5f99".into()))
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    w.update(|p| p.theme = (v != "#1f5f99").then_some(v))
                }
            />
        </div>
        <CheckField
            id="e-dark"
            label=Msg::EmbedDark
            checked=Signal::derive(move || w.with(|p| p.dark))
            on_change=move |on: bool| w.update(|p| p.dark = on)
        />
        <div class="field">
            <label for="e-scale">{t(Msg::EmbedScale)}</label>
            <select id="e-scale" on:change=move |ev| w.update(|p| p.scale = event_target_value(&ev).parse().unwrap_or(100))>
                {[100u16, 125, 150, 200]
                    .into_iter()
                    .map(|s| {
                        view! {
                            <option value=s.to_string() selected=move || w.with(|p| p.scale == s)>
                                {format!("{s}%")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="e-lang">{t(Msg::LangSwitchLabel)}</label>
            <select
                id="e-lang"
                on:change=move |ev| {
                    let l = Lang::parse(&event_target_value(&ev)).unwrap_or_default();
                    w.update(|p| p.lang = l)
                }
            >
                <option value="zh-Hans" selected=move || w.with(|p| p.lang == Lang::Hans)>
                    {t(Msg::LangHans)}
                </option>
                <option value="zh-Hant" selected=move || w.with(|p| p.lang == Lang::Hant)>
                    {t(Msg::LangHant)}
                </option>
            </select>
        </div>
    }
}
