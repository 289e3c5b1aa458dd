//! Where the site is served from. Every asset and data URL is relative to the document's base
//! URI (Trunk writes `--public-url` into `<base href>`), so the same build works at `/` or under
//! any sub-path such as `/jyj/kg/`.

/// The site's base path, always ending in `/` (e.g. `/` or `/jyj/kg/`).
#[derive(Clone, Debug, PartialEq)]
pub struct SiteBase(pub String);

impl SiteBase {
    pub fn from_document() -> Self {
        let path = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|u| u.pathname())
            .unwrap_or_else(|| "/".into());
        Self::from_path(&path)
    }

    /// Normalises a base path: the directory part, with leading and trailing slashes.
    pub fn from_path(path: &str) -> Self {
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        let dir = if dir.starts_with('/') { dir.to_string() } else { format!("/{dir}") };
        SiteBase(dir)
    }

    /// The page at `pathname` (the address bar's path, with the base), or None if none is there.
    /// Each page is a folder: `finder/`, `finder` and `finder/index.html` are the finder.
    pub fn route_of(&self, pathname: &str) -> Option<Route> {
        let rel = pathname.strip_prefix(self.0.as_str()).or_else(|| {
            // The base without its slash (`/jyj/kg`) is the home page.
            (pathname == self.0.trim_end_matches('/')).then_some("")
        })?;
        let rel = rel.strip_suffix("index.html").unwrap_or(rel);
        let rel = rel.strip_suffix('/').unwrap_or(rel);
        Route::ALL.iter().copied().find(|r| r.path().trim_matches('/') == rel)
    }

    /// An in-site link: `route` is one of the app's paths ("/", "/finder", …) plus any query.
    pub fn href(&self, route: &str) -> String {
        format!("{}{}", self.0, route.trim_start_matches('/'))
    }

    /// An in-site link (`kg_shared::links::Link`), in `lang`.
    pub fn link(&self, link: &Link, lang: Lang) -> String {
        self.href(&link.href(lang))
    }

    /// URL of a published data file, relative to the site root.
    pub fn data_url(&self, path: &str) -> String {
        format!("{}data/{}", self.0, path)
    }
}

pub use kg_shared::links::Route;
use kg_shared::{links::Link, params::Lang};

/// The page being shown (None: the address is no page of the portal). Provided as context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Here(pub Option<Route>);

/// The permalink of a kindergarten's detail page, in the reader's script.
pub fn detail_href(base: &SiteBase, city: u32, id: &str, lang: Lang) -> String {
    base.link(&Link::Kindergarten { city, id: id.to_string() }, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(SiteBase::from_path("/").0, "/");
        assert_eq!(SiteBase::from_path("/jyj/kg/").0, "/jyj/kg/");
        assert_eq!(SiteBase::from_path("/jyj/kg/index.html").0, "/jyj/kg/");
        assert_eq!(SiteBase::from_path("").0, "/");
        let b = SiteBase::from_path("/jyj/kg/");
        assert_eq!(b.href("/finder"), "/jyj/kg/finder");
        assert_eq!(b.href("/"), "/jyj/kg/");
        assert_eq!(b.data_url("manifest.json"), "/jyj/kg/data/manifest.json");
    }

    #[test]
    fn routes_by_path() {
        let root = SiteBase::from_path("/");
        assert_eq!(root.route_of("/"), Some(Route::Home));
        assert_eq!(root.route_of("/index.html"), Some(Route::Home));
        assert_eq!(root.route_of("/finder/"), Some(Route::Finder));
        assert_eq!(root.route_of("/finder"), Some(Route::Finder));
        assert_eq!(root.route_of("/finder/index.html"), Some(Route::Finder));
        assert_eq!(root.route_of("/kindergarten/"), Some(Route::Kindergarten));
        assert_eq!(root.route_of("/nope/"), None);
        assert_eq!(root.route_of("/finder/x"), None);
        assert_eq!(root.route_of("//finder/"), None);
        let sub = SiteBase::from_path("/jyj/kg/");
        assert_eq!(sub.route_of("/jyj/kg/"), Some(Route::Home));
        assert_eq!(sub.route_of("/jyj/kg"), Some(Route::Home));
        assert_eq!(sub.route_of("/jyj/kg/map/"), Some(Route::Map));
        assert_eq!(sub.route_of("/map/"), None, "outside the base");
        for r in Route::ALL {
            assert_eq!(sub.route_of(&sub.href(r.path())), Some(r), "{r:?}");
        }
    }
}
