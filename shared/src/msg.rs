//! Fixed text, written once: every string the pages and the core show is a `Msg` (one constant
//! per line of `i18n/zh-Hans.tsv`, holding both scripts; `build.rs` derives the Traditional with
//! OpenCC and the house style). What the core composes from fixed words and data (a target in
//! words, a verdict's basis, a table's cells) is a `Phrase`: a tree of `Msg`s and data strings,
//! rendered for one reader by a `Script`. So a Traditional page converts fixed words exactly as
//! the build did and data text (names, quotes) whole through the publication's map, and nothing
//! composed is converted character by character.

use crate::{hant::HantMap, params::Lang};
use std::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/msgs.rs"));

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Hans => self.hans,
            Lang::Hant => self.hant,
        }
    }

    pub fn hans(self) -> &'static str {
        self.hans
    }

    /// `{}` in the message filled in order with `args`.
    pub fn fill(self, args: Vec<Phrase>) -> Phrase {
        Phrase::Fill(self, args)
    }
}

/// Text composed of fixed words and data.
#[derive(Clone, Debug, PartialEq)]
pub enum Phrase {
    Msg(Msg),
    /// Data text (a region's name, a document's words): converted whole through the map.
    Data(String),
    /// The same in both scripts (numbers, codes, symbols, URLs).
    Plain(String),
    /// A message with `{}` slots, filled in order.
    Fill(Msg, Vec<Phrase>),
    /// Parts side by side.
    Seq(Vec<Phrase>),
}

impl From<Msg> for Phrase {
    fn from(m: Msg) -> Phrase {
        Phrase::Msg(m)
    }
}

/// A string from the data (a name, a document's words).
impl From<String> for Phrase {
    fn from(s: String) -> Phrase {
        Phrase::Data(s)
    }
}

impl Phrase {
    pub fn data(s: impl Into<String>) -> Phrase {
        Phrase::Data(s.into())
    }

    pub fn plain(s: impl Into<String>) -> Phrase {
        Phrase::Plain(s.into())
    }

    /// `parts` with `sep` between them.
    pub fn join(parts: Vec<Phrase>, sep: Msg) -> Phrase {
        let mut out = Vec::with_capacity(parts.len() * 2);
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(Phrase::Msg(sep));
            }
            out.push(p);
        }
        Phrase::Seq(out)
    }

    pub fn render(&self, s: &Script) -> String {
        let mut out = String::new();
        self.render_into(s, &mut out);
        out
    }

    fn render_into(&self, s: &Script, out: &mut String) {
        match self {
            Phrase::Msg(m) => out.push_str(m.text(s.lang)),
            Phrase::Data(d) => out.push_str(&s.data(d)),
            Phrase::Plain(p) => out.push_str(p),
            Phrase::Fill(m, args) => {
                let mut args = args.iter();
                let mut pieces = m.text(s.lang).split("{}");
                if let Some(first) = pieces.next() {
                    out.push_str(first);
                }
                for piece in pieces {
                    if let Some(a) = args.next() {
                        a.render_into(s, out);
                    }
                    out.push_str(piece);
                }
            }
            Phrase::Seq(parts) => parts.iter().for_each(|p| p.render_into(s, out)),
        }
    }

    /// In Simplified, as the publishing tool's reports and tests read it.
    pub fn hans(&self) -> String {
        self.render(&Script::HANS)
    }

    /// The data strings inside, which the publication's map must convert whole.
    pub fn data_parts<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Phrase::Data(d) => out.push(d),
            Phrase::Fill(_, parts) | Phrase::Seq(parts) => parts.iter().for_each(|p| p.data_parts(out)),
            Phrase::Msg(_) | Phrase::Plain(_) => {}
        }
    }
}

/// How one reader reads: the script, and the publication's map for data text (None until it
/// has loaded, when data text shows as published).
#[derive(Clone, Copy, Debug)]
pub struct Script<'a> {
    pub lang: Lang,
    pub map: Option<&'a HantMap>,
}

impl Script<'_> {
    pub const HANS: Script<'static> = Script { lang: Lang::Hans, map: None };

    pub fn msg(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }

    pub fn data<'s>(&self, s: &'s str) -> Cow<'s, str> {
        match (self.lang, self.map) {
            (Lang::Hant, Some(m)) => m.convert(s),
            _ => Cow::Borrowed(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_scripts() {
        for m in ALL {
            assert!(!m.text(Lang::Hans).is_empty());
            assert!(!m.text(Lang::Hant).is_empty());
        }
        assert_eq!(Msg::NavFinder.text(Lang::Hans), "找幼儿园");
        assert_eq!(Msg::NavFinder.text(Lang::Hant), "找幼兒園");
        assert_eq!(Msg::SiteName.text(Lang::Hant), "幼兒園信息公開門戶");
        // The override file wins over OpenCC.
        assert_eq!(Msg::LangSwitchLabel.text(Lang::Hant), "介面語言");
        // House-style phrases apply after OpenCC.
        assert_eq!(Msg::KgWarnings.text(Lang::Hant), "核對提示");
    }

    #[test]
    fn phrases_convert_words_by_message_and_data_whole() {
        let mut map = HantMap::default();
        map.chars.insert('阳', '陽');
        map.overrides.insert("揭阳市".into(), "揭陽市（整串）".into());
        let p = Phrase::Seq(vec![Msg::NavFinder.into(), Phrase::data("揭阳市"), Phrase::plain("50%")]);
        assert_eq!(p.hans(), "找幼儿园揭阳市50%");
        let hant = Script { lang: Lang::Hant, map: Some(&map) };
        assert_eq!(p.render(&hant), "找幼兒園揭陽市（整串）50%", "data converted whole, by its override");
        let no_map = Script { lang: Lang::Hant, map: None };
        assert_eq!(p.render(&no_map), "找幼兒園揭阳市50%", "data as published until the map arrives");
        let mut parts = Vec::new();
        p.data_parts(&mut parts);
        assert_eq!(parts, ["揭阳市"]);
    }
}
