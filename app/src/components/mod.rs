//! Page furniture shared by every route.

mod entry;
mod footer;
mod header;
mod shortlist_button;
mod table_wrap;

pub use entry::WrongEntry;
pub use shortlist_button::ShortlistButton;
pub use table_wrap::TableWrap;

/// `<option>`s for a picker of data items (县区, 乡镇, 社区/村…): the value is the code, the text is
/// the name in the reader's script, and the selection follows `selected` reactively.
pub fn data_options<T>(
    items: impl IntoIterator<Item = (T, String)>,
    selected: impl Fn(T) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Copy + std::fmt::Display + Send + Sync + 'static,
{
    let d = expect_context::<crate::i18n::DataText>();
    items
        .into_iter()
        .map(|(code, name)| {
            view! {
                <option value=code.to_string() selected=move || selected(code)>
                    {move || d.convert(&name)}
                </option>
            }
        })
        .collect_view()
}

/// A labelled `<select>` whose first option, 不限 (or `any`), stands for no choice; `children`
/// are the other options. `on_pick` gets the chosen value ("" for 不限).
#[component]
pub fn SelectField(
    id: String,
    label: crate::i18n::Msg,
    /// Whether no choice is made (then 不限 is selected).
    #[prop(into)]
    unset: Signal<bool>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
    /// The no-choice option's text (default 不限).
    #[prop(optional)]
    any: Option<crate::i18n::Msg>,
    /// Not generic, so the six pickers share one body.
    #[prop(into)]
    on_pick: Callback<String>,
    children: Children,
) -> impl IntoView {
    use crate::i18n::{t, Msg};
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <select id=id disabled=disabled on:change=move |ev| on_pick.run(event_target_value(&ev))>
                <option value="" selected=unset>
                    {t(any.unwrap_or(Msg::FinderAny))}
                </option>
                {children()}
            </select>
        </div>
    }
}

/// A labelled checkbox; `on_change` gets the new state.
#[component]
pub fn CheckField(
    id: &'static str,
    label: crate::i18n::Msg,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="field check">
            <input
                id=id
                type="checkbox"
                prop:checked=checked
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id>{crate::i18n::t(label)}</label>
        </div>
    }
}

/// The 县区 → 乡镇/街道 → 社区/村 picker of the finder and the map, over a city's divisions.
/// Controls get ids `{prefix}-county`, `{prefix}-town`, `{prefix}-village`; a level is enabled
/// once the level above it is chosen. `choose` applies a choice (see `FinderParams::choose`).
#[component]
pub fn ZonePicker(
    prefix: &'static str,
    legend: crate::i18n::Msg,
    #[prop(optional)] intro: Option<crate::i18n::Msg>,
    params: RwSignal<kg_shared::params::FinderParams>,
    divisions: Signal<Option<std::sync::Arc<kg_shared::regions::Divisions>>>,
    choose: impl Fn(kg_shared::params::ZoneChoice) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    use crate::i18n::{t, Msg};
    use kg_shared::params::ZoneChoice;
    let county_options = move || {
        let d = divisions.get()?;
        Some(data_options(d.counties.clone(), move |c| params.with(|p| p.query.county == Some(c))))
    };
    let town_options = move || {
        let county = params.with(|p| p.query.county)?;
        let d = divisions.get()?;
        let items: Vec<(u32, String)> = d.towns_of(county).map(|t| (t.0, t.1.clone())).collect();
        Some(data_options(items, move |c| params.with(|p| p.query.town == Some(c))))
    };
    let village_options = move || {
        let town = params.with(|p| p.query.town)?;
        let d = divisions.get()?;
        let items: Vec<(u64, String)> = d.villages_of(town).map(|v| (v.0, v.1.clone())).collect();
        Some(data_options(items, move |c| params.with(|p| p.query.village == Some(c))))
    };
    let no_county = move || params.with(|p| p.query.county.is_none());
    let no_town = move || params.with(|p| p.query.town.is_none());
    view! {
        <fieldset class="zone">
            <legend>{t(legend)}</legend>
            {intro.map(|m| view! { <p>{t(m)}</p> })}
            <div class="filter-grid">
                <SelectField
                    id=format!("{prefix}-county")
                    label=Msg::FinderCounty
                    unset=no_county
                    on_pick=move |v: String| choose(ZoneChoice::County(v.parse().ok()))
                >
                    {county_options}
                </SelectField>
                <SelectField
                    id=format!("{prefix}-town")
                    label=Msg::FinderTown
                    unset=no_town
                    disabled=no_county
                    on_pick=move |v: String| choose(ZoneChoice::Town(v.parse().ok()))
                >
                    {town_options}
                </SelectField>
                <SelectField
                    id=format!("{prefix}-village")
                    label=Msg::FinderVillage
                    unset=move || params.with(|p| p.query.village.is_none())
                    disabled=no_town
                    on_pick=move |v: String| choose(ZoneChoice::Village(v.parse().ok()))
                >
                    {village_options}
                </SelectField>
            </div>
        </fieldset>
    }
}

/// A load error's words in the reader's script (the detail through the data-text map).
#[component]
pub fn LoadErrorText(error: crate::data::LoadError) -> impl IntoView {
    let prefs = expect_context::<crate::prefs::Prefs>();
    let data_text = expect_context::<crate::i18n::DataText>();
    move || error.text(prefs.lang.get(), |s| data_text.convert(s))
}

/// A failed load, said plainly: what could not be loaded and why, naming the file.
#[component]
pub fn LoadErrorNote(title: Msg, error: crate::data::LoadError) -> impl IntoView {
    view! {
        <p class="load-error" role="alert">
            <strong>{t(title)}</strong>
            "："
            <LoadErrorText error />
            // The page's state is in its URL: loading it again is the whole recovery.
            <button type="button" class="retry" on:click=|_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }>{t(Msg::Retry)}</button>
        </p>
    }
}
pub use footer::Footer;
pub use header::Header;

use crate::{
    data::Dataset,
    i18n::{t, Msg},
    prefs::Prefs,
};
use leptos::prelude::*;

/// With `<base href>` set, a bare `#main` link would resolve against the base and leave the page,
/// so the skip link moves focus itself.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        use wasm_bindgen::JsCast;
        if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
            el.scroll_into_view();
        }
    }
}

/// Header, notices, the page and the footer. Needs the contexts `AppWith` provides.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let data_text = expect_context::<crate::i18n::DataText>();
    let dataset = expect_context::<Dataset>();
    let sample = move || dataset.ready().map(|m| m.dataset.sample).unwrap_or(false);
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {t(Msg::SkipToContent)}
        </a>
        <Header />
        <Show when=sample>
            <p class="sample-notice" role="note">
                <strong class="badge badge-sample">{t(Msg::SampleBadge)}</strong>
                " "
                {t(Msg::SampleNotice)}
            </p>
        </Show>
        {move || {
            prefs
                .bad_lang_param
                .get()
                .map(|v| {
                    view! {
                        <p class="param-notice" role="status">
                            {t(Msg::ParamLangBad)} " lang=" {v}
                        </p>
                    }
                })
        }}
        {move || match dataset.manifest.get() {
            Some(Err(e)) => {
                Some(
                    view! {
                        <div class="load-error" role="alert">
                            <strong>{t(Msg::ManifestError)}</strong>
                            "："
                            <LoadErrorText error=e />
                            " "
                            <button type="button" on:click=move |_| dataset.manifest.refetch()>
                                {t(Msg::Retry)}
                            </button>
                        </div>
                    },
                )
            }
            _ => None,
        }}
        {move || {
            data_text.map.get().flatten().and_then(|r| r.err()).map(|e| {
                view! {
                    <p class="param-notice" role="status">
                        {t(Msg::HantMapFailed)} <LoadErrorText error=e />
                    </p>
                }
            })
        }}
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <Footer />
    }
}

/// A link to a policy document's page (`kg_shared::policy` hrefs such as
/// "policy/?doc=000#c3-s5-i14"), in the reader's script.
pub fn policy_href(base: &crate::site::SiteBase, href: &str, lang: kg_shared::params::Lang) -> String {
    let link = kg_shared::links::Link::policy_of(href)
        .unwrap_or(kg_shared::links::Link::Page(crate::site::Route::Policy));
    base.link(&link, lang)
}

/// Citations of policy provisions, each a link to its paragraph on the 政策文件 page (a national
/// regulation, which has no page here, as plain text), separated by "；".
#[component]
pub fn Citations(cited: Vec<(crate::i18n::Phrase, Option<String>)>) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let base = expect_context::<crate::site::SiteBase>();
    let dt = expect_context::<crate::i18n::DataText>();
    let n = cited.len();
    cited
        .into_iter()
        .enumerate()
        .map(|(i, (text, href))| {
            let sep = (i + 1 < n).then_some("；");
            let label = move || dt.render(&text);
            let item = match href {
                Some(h) => {
                    let base = base.clone();
                    let href = move || policy_href(&base, &h, prefs.lang.get());
                    view! { <a class="cite" href=href>{label}</a> }.into_any()
                }
                None => view! { <span class="cite">{label}</span> }.into_any(),
            };
            view! { {item} {sep} }
        })
        .collect_view()
}
