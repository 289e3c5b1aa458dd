//! URL parameters shared by every page. Parsing is total: a hostile or broken value is never an
//! error that stops the page, it becomes the default and the caller can tell the user it did.

/// The UI language. Simplified Chinese is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Hans,
    Hant,
}

impl Lang {
    /// The value written to `?lang=` and to storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Hans => "zh-Hans",
            Lang::Hant => "zh-Hant",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Hans => "zh-CN",
            Lang::Hant => "zh-Hant",
        }
    }

    /// Reads a language code case-insensitively; accepts the common aliases people type.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh-hans" | "hans" | "zh-cn" | "zh-sg" | "sc" | "zh" => Some(Lang::Hans),
            "zh-hant" | "hant" | "zh-tw" | "zh-hk" | "zh-mo" | "tc" => Some(Lang::Hant),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_round_trip() {
        for l in [Lang::Hans, Lang::Hant] {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse(" ZH-TW "), Some(Lang::Hant));
        assert_eq!(Lang::parse("<script>"), None);
        assert_eq!(Lang::default(), Lang::Hans);
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,64}") {
            let _ = Lang::parse(&s);
        }
    }
}
