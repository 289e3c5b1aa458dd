//! 按我的位置查找: the position chooses the city (the one whose boundary holds it, else the
//! nearest, saying so), then the list is by distance from it.

use crate::{
    data::Dataset,
    finder_state::FinderState,
    i18n::{DataText, Msg},
    prefs::Prefs,
    site::SiteBase,
};
use kg_shared::{
    manifest::FileKind,
    params::{FinderParams, Lang},
    query::Sort,
};
use leptos::prelude::*;

/// What the 按我的位置查找 button does: locate, choose the city, sort by distance, and on a
/// phone bring the results into view. `locating` says how it went.
pub fn locate_me(state: FinderState, locating: RwSignal<Option<String>>) -> impl Fn() + Clone + 'static {
    let base = expect_context::<SiteBase>();
    let dataset = expect_context::<Dataset>();
    let data_text = expect_context::<DataText>();
    let prefs = expect_context::<Prefs>();
    move || {
        locating.set(Some(Msg::FinderLocating.text(prefs.lang.get_untracked()).to_string()));
        let base = base.clone();
        let current = state.city.get_untracked();
        crate::geoloc::locate(move |r| match r {
            Err(m) => locating.set(Some(m.text(prefs.lang.get_untracked()).to_string())),
            Ok(p) => {
                let base = base.clone();
                leptos::task::spawn_local(async move {
                    let (target, note) =
                        city_at(&base, dataset, data_text, p, current, prefs.lang.get_untracked()).await;
                    locating.set(note);
                    state.set(move |f| {
                        if let Some(c) = target.filter(|&c| Some(c) != f.city) {
                            let all = f.query.all;
                            *f = FinderParams::of_city(Some(c));
                            f.query.all = all;
                        }
                        f.query.near = Some(p);
                        f.query.sort = Sort::Auto;
                    });
                    // On a phone the results lie below the form: bring them into view.
                    if !crate::browser::wide_screen() {
                        request_animation_frame(|| {
                            if let Some(el) = document().query_selector(".result-count").ok().flatten() {
                                el.scroll_into_view();
                            }
                        });
                    }
                });
            }
        });
    }
}

/// The covered city at `p` and what to tell the reader: switched to it, or outside every city
/// the publication covers (the nearest, and how far). Without the boundaries file, the current
/// city stays and the note says why.
async fn city_at(
    base: &SiteBase,
    dataset: Dataset,
    data_text: DataText,
    p: kg_shared::geo::Point,
    current: Option<u32>,
    lang: Lang,
) -> (Option<u32>, Option<String>) {
    use kg_shared::regions::{locate, Whereabouts};
    let cities: Vec<u32> =
        dataset.with(|m| Some(m.regions.iter().map(|r| r.code).collect())).unwrap_or_default();
    let name_of = |c: u32| {
        dataset
            .with(|m| m.regions.iter().find(|r| r.code == c).map(|r| data_text.convert(&r.name)))
            .unwrap_or_else(|| c.to_string())
    };
    let regions = match dataset.entry(FileKind::Boundaries, None) {
        Some(e) => crate::data::load_boundaries(base, e).await.map_err(|e| e.to_string()),
        None => Err(Msg::FinderNoBoundariesFile.text(lang).to_string()),
    };
    match regions.map(|r| locate(&r, &cities, p)) {
        Ok(Some(Whereabouts::Inside(c))) => (
            Some(c),
            (Some(c) != current).then(|| format!("{}{}。", Msg::FinderLocatedIn.text(lang), name_of(c))),
        ),
        Ok(Some(Whereabouts::Outside { nearest, metres })) => (
            Some(nearest),
            Some(format!(
                "{}{}{} {} {}",
                Msg::FinderLocatedOutside.text(lang),
                name_of(nearest),
                Msg::FinderLocatedAbout.text(lang),
                kg_shared::num::fixed((metres / 1000.0).max(1.0), 0),
                Msg::FinderLocatedOutsideKm.text(lang)
            )),
        ),
        Ok(None) => (None, None),
        Err(why) => (None, Some(format!("{}{why}", Msg::FinderLocateNoBoundaries.text(lang)))),
    }
}
