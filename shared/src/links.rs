//! Every in-site link, typed: a page and its parameters (`params::UrlState`), written one way.
//! `Link::href` gives the address below the site's base ("finder/?city=445200&lang=zh-Hant"),
//! the query form-encoded as browsers write it, the language last and only when it is not the
//! default, any anchor after it.

use crate::params::{FinderParams, Lang, MapParams, ProgressParams, UrlState, WidgetParams};

/// The portal's pages, each at its own folder under the site's base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Finder,
    Map,
    Progress,
    Embed,
    Data,
    Kindergarten,
    Compare,
    Policy,
    Publish,
}

impl Route {
    pub const ALL: [Route; 10] = [
        Route::Home,
        Route::Finder,
        Route::Map,
        Route::Progress,
        Route::Embed,
        Route::Data,
        Route::Kindergarten,
        Route::Compare,
        Route::Policy,
        Route::Publish,
    ];

    /// The page's path under the base, as links write it.
    pub fn path(self) -> &'static str {
        match self {
            Route::Home => "/",
            Route::Finder => "/finder/",
            Route::Map => "/map/",
            Route::Progress => "/progress/",
            Route::Embed => "/embed/",
            Route::Data => "/data/",
            Route::Kindergarten => "/kindergarten/",
            Route::Compare => "/compare/",
            Route::Policy => "/policy/",
            Route::Publish => "/publish/",
        }
    }

    /// A link to the page with its parameters, in `lang`: `Route::link(&params, lang)`.
    pub fn link<P: Linkable>(params: &P, lang: Lang) -> String {
        params.link().href(lang)
    }
}

/// A page's state that a link can carry.
pub trait Linkable {
    fn link(&self) -> Link;
}

impl Linkable for FinderParams {
    fn link(&self) -> Link {
        Link::Finder(self.clone())
    }
}

impl Linkable for ProgressParams {
    fn link(&self) -> Link {
        Link::Progress(self.clone())
    }
}

impl Linkable for WidgetParams {
    fn link(&self) -> Link {
        Link::Widget(self.clone())
    }
}

impl Linkable for (FinderParams, MapParams) {
    fn link(&self) -> Link {
        Link::Map(self.0.clone(), self.1.clone())
    }
}

/// A page and what it shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    /// A page at its defaults.
    Page(Route),
    Finder(FinderParams),
    Map(FinderParams, MapParams),
    /// A kindergarten's detail page.
    Kindergarten {
        city: u32,
        id: String,
    },
    /// The compare page of shortlist keys ("445200:KG-…").
    Compare(Vec<String>),
    Progress(ProgressParams),
    /// A policy document, at a paragraph's anchor ("c3-s5-i14") if one is given.
    Policy {
        doc: String,
        anchor: Option<String>,
    },
    Widget(WidgetParams),
}

impl Link {
    /// The path under the base, without a leading slash ("finder/", "" for the home page).
    fn path(&self) -> &'static str {
        let route = match self {
            Link::Page(r) => *r,
            Link::Finder(_) => Route::Finder,
            Link::Map(..) => Route::Map,
            Link::Kindergarten { .. } => Route::Kindergarten,
            Link::Compare(_) => Route::Compare,
            Link::Progress(_) => Route::Progress,
            Link::Policy { .. } => Route::Policy,
            Link::Widget(_) => return "widget/",
        };
        route.path().trim_start_matches('/')
    }

    /// The query, without the language.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        match self {
            Link::Page(_) => vec![],
            Link::Finder(p) => p.to_query(),
            Link::Map(f, m) => (f.clone(), m.clone()).to_query(),
            Link::Kindergarten { city, id } => vec![("city", city.to_string()), ("id", id.clone())],
            Link::Compare(keys) => vec![("ids", keys.join(","))],
            Link::Progress(p) => p.to_query(),
            Link::Policy { doc, .. } => vec![("doc", doc.clone())],
            // The widget's own URL carries its language (`WidgetParams::lang`).
            Link::Widget(p) => p.to_query(),
        }
    }

    /// The address below the site's base, in `lang`.
    pub fn href(&self, lang: Lang) -> String {
        let mut out = self.path().to_string();
        let mut query = self.query();
        if lang != Lang::Hans && !matches!(self, Link::Widget(_)) {
            query.push(("lang", lang.code().to_string()));
        }
        out.push_str(&query_string(&query));
        if let Link::Policy { anchor: Some(a), .. } = self {
            out.push('#');
            out.push_str(a);
        }
        out
    }

    /// Reads a policy href as `policy::Document::href` writes it ("policy/?doc=000#c3-s5").
    pub fn policy_of(href: &str) -> Option<Link> {
        let (page, anchor) = href.split_once('#').map_or((href, None), |(p, a)| (p, Some(a)));
        let doc = page.strip_prefix("policy/?doc=")?;
        let ok =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        (ok(doc) && anchor.is_none_or(ok))
            .then(|| Link::Policy { doc: doc.to_string(), anchor: anchor.map(str::to_string) })
    }
}

/// "?k=v&…" form-encoded as `URLSearchParams` writes it, or "" when there is nothing.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let mut s = form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::WidgetKind;
    use proptest::prelude::*;

    #[test]
    fn links_carry_the_language_last_and_before_the_anchor() {
        let mut f = FinderParams::of_city(Some(445200));
        f.query.set_text("星桥 幼儿园&");
        assert_eq!(
            Link::Finder(f.clone()).href(Lang::Hant),
            "finder/?city=445200&q=%E6%98%9F%E6%A1%A5+%E5%B9%BC%E5%84%BF%E5%9B%AD%26&lang=zh-Hant"
        );
        assert_eq!(Route::link(&f, Lang::Hans), Link::Finder(f).href(Lang::Hans));
        assert_eq!(Link::Page(Route::Home).href(Lang::Hans), "");
        assert_eq!(Link::Page(Route::Home).href(Lang::Hant), "?lang=zh-Hant");
        assert_eq!(Link::Page(Route::Map).href(Lang::Hans), "map/");
        let p = Link::policy_of("policy/?doc=000#c3-s5-i14").unwrap();
        assert_eq!(p.href(Lang::Hant), "policy/?doc=000&lang=zh-Hant#c3-s5-i14");
        assert_eq!(Link::policy_of("policy/?doc=000").unwrap().href(Lang::Hans), "policy/?doc=000");
        assert_eq!(Link::policy_of("javascript:alert(1)"), None);
        assert_eq!(Link::policy_of("policy/?doc=0\"><b>"), None);
        let k = Link::Kindergarten { city: 445200, id: "KG-445202-0001".into() };
        assert_eq!(k.href(Lang::Hant), "kindergarten/?city=445200&id=KG-445202-0001&lang=zh-Hant");
        let w = WidgetParams {
            kind: WidgetKind::Zone,
            region: Some(445202),
            lang: Lang::Hant,
            ..Default::default()
        };
        assert_eq!(
            w.link().href(Lang::Hant),
            "widget/?w=zone&region=445202&lang=zh-Hant",
            "the language once"
        );
    }

    proptest! {
        /// Whatever the finder holds, its link reads back as the same state.
        #[test]
        fn a_finder_link_reads_back_unchanged(pairs in proptest::collection::vec(
            (proptest::sample::select(vec!["city", "q", "all", "nature", "grade", "fee_min", "fee_max", "toddler",
                "inclusion", "county", "town", "village", "near", "within", "sort"]).prop_map(String::from),
             ".{0,40}"), 0..16), hant in any::<bool>()) {
            let (p, _) = FinderParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let lang = if hant { Lang::Hant } else { Lang::Hans };
            let href = Link::Finder(p.clone()).href(lang);
            let qs = href.strip_prefix("finder/").unwrap();
            let (back, bad) = FinderParams::from_query_string(qs);
            prop_assert!(bad.is_empty(), "{:?}", bad);
            prop_assert_eq!(back, p);
            let lang_back = crate::params::query_pairs(qs).into_iter().find(|(k, _)| k == "lang").map(|(_, v)| v);
            prop_assert_eq!(lang_back.as_deref(), hant.then_some("zh-Hant"));
        }
    }
}
