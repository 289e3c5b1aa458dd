//! The reader's script. Fixed text is `kg_shared::msg::Msg` (generated from
//! `shared/i18n/zh-Hans.tsv`, both scripts); composed text is a `Phrase`; data text goes through
//! the publication's Traditional map (`DataText`).

use crate::prefs::Prefs;
use kg_shared::params::Lang;
use leptos::prelude::*;

pub use kg_shared::msg::{Msg, Phrase, Script};

/// A reactive translation: re-renders when the language changes.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let prefs = expect_context::<Prefs>();
    move || msg.text(prefs.lang.get())
}

/// Data text (names, notices, report messages) in the reader's script. In Traditional mode the
/// publication's character map (`hant.*.bin`, verified against the manifest) is loaded once and
/// every data string goes through it; until it arrives, or if it cannot be had, text shows in
/// Simplified and the shell says why.
#[derive(Clone, Copy)]
pub struct DataText {
    pub map: LocalResource<Option<Result<std::sync::Arc<kg_shared::hant::HantMap>, crate::data::LoadError>>>,
    lang: Signal<Lang>,
    /// Set when a page needs the map in Simplified mode too: the finder folds Traditional input
    /// (新華, 寶豐) with its inverse.
    wanted: RwSignal<bool>,
}

pub fn provide_data_text() {
    use crate::{data::Dataset, site::SiteBase};
    use kg_shared::{hant::HantMap, manifest::FileKind};
    let prefs = expect_context::<Prefs>();
    let dataset = expect_context::<Dataset>();
    let base = expect_context::<SiteBase>();
    let wanted = RwSignal::new(false);
    let map = LocalResource::new(move || {
        let want = prefs.lang.get() == Lang::Hant || wanted.get();
        let entry = dataset.entry(FileKind::Hant, None);
        let base = base.clone();
        async move {
            if !want {
                return None;
            }
            let e = entry?;
            Some(crate::data::fetch_verified(&base, &e).await.and_then(|b| {
                HantMap::decode(&b).map(std::sync::Arc::new).map_err(|err| {
                    crate::data::LoadError::new(e.path.clone(), crate::data::Problem::Format, err.to_string())
                })
            }))
        }
    });
    provide_context(DataText { map, lang: prefs.lang, wanted });
}

impl DataText {
    /// Loads the map whatever the interface's script (once; later calls do nothing).
    pub fn want_map(&self) {
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
        }
    }
    pub fn convert(&self, s: &str) -> String {
        if self.lang.get() == Lang::Hant {
            if let Some(Some(Ok(m))) = self.map.get() {
                return m.convert(s).into_owned();
            }
        }
        s.to_string()
    }

    /// The reader's script and the map it reads data with (reactive, like `convert`).
    pub fn reader(&self) -> Reader {
        let lang = self.lang.get();
        let map = match (lang, self.map.get()) {
            (Lang::Hant, Some(Some(Ok(m)))) => Some(m),
            _ => None,
        };
        Reader { lang, map }
    }

    /// A phrase in the reader's script (reactive, like `convert`).
    pub fn render(&self, p: &Phrase) -> String {
        p.render(&self.reader().script())
    }
}

/// What `DataText::reader` hands out: a `Script` to render with.
#[derive(Clone)]
pub struct Reader {
    lang: Lang,
    map: Option<std::sync::Arc<kg_shared::hant::HantMap>>,
}

impl Reader {
    pub fn script(&self) -> Script<'_> {
        Script { lang: self.lang, map: self.map.as_deref() }
    }

    /// What text written with this reader depends on: the script, and whether the Traditional map
    /// has arrived (before it, data text shows as published).
    pub fn version(&self) -> (Lang, bool) {
        (self.lang, self.map.is_some())
    }
}

/// A reactive phrase: re-renders when the language or the map changes.
pub fn tx(p: Phrase) -> impl Fn() -> String + Send + Sync + 'static {
    let d = expect_context::<DataText>();
    move || d.render(&p)
}

/// A reactive data string: re-renders when the language or the map changes.
pub fn dt(s: impl Into<String>) -> impl Fn() -> String + Send + Sync + 'static {
    let d = expect_context::<DataText>();
    let s = s.into();
    move || d.convert(&s)
}
