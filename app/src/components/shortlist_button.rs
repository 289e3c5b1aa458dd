//! 加入对比: one kindergarten in or out of the reader's shortlist, from a result row or a detail
//! page. Its accessible name carries the kindergarten's name, so a screen reader's list of 50
//! buttons is not 50 times the same words.

use crate::{
    i18n::{t, DataText, Msg},
    prefs::Prefs,
    shortlist::Shortlist,
};
use leptos::prelude::*;

#[component]
pub fn ShortlistButton(
    /// "city:id".
    key: String,
    /// The kindergarten's name as published (shown in the reader's script).
    name: String,
) -> impl IntoView {
    let shortlist = expect_context::<Shortlist>();
    let prefs = expect_context::<Prefs>();
    let dt = expect_context::<DataText>();
    let full = RwSignal::new(false);
    let key = StoredValue::new(key);
    let inside = move || key.with_value(|k| shortlist.contains(k));
    let label = move || {
        let m = if inside() { Msg::ShortlistAdded } else { Msg::ShortlistAdd };
        format!("{}：{}", m.text(prefs.lang.get()), dt.convert(&name))
    };
    view! {
        <button
            type="button"
            class="shortlist-btn"
            aria-pressed=move || inside().to_string()
            aria-label=label
            on:click=move |_| full.set(!key.with_value(|k| shortlist.toggle(k)))
        >
            {move || if inside() { t(Msg::ShortlistAdded)() } else { t(Msg::ShortlistAdd)() }}
        </button>
        // Only while it is still true: the list full and this one not in it.
        {move || {
            (full.get() && !inside() && shortlist.0.with(|l| l.len() >= crate::shortlist::MAX))
                .then(|| view! { <span class="full" role="status">{t(Msg::ShortlistFull)}</span> })
        }}
    }
}
