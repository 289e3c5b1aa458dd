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

    /// The base as leptos_router wants it: no trailing slash, empty at the root.
    pub fn router_base(&self) -> String {
        self.0.trim_end_matches('/').to_string()
    }

    /// An in-site link: `route` is one of the app's paths ("/", "/finder", …) plus any query.
    pub fn href(&self, route: &str) -> String {
        format!("{}{}", self.0, route.trim_start_matches('/'))
    }

    /// URL of a published data file, relative to the site root.
    pub fn data_url(&self, path: &str) -> String {
        format!("{}data/{}", self.0, path)
    }
}

/// The permalink of a kindergarten's detail page, in the reader's script.
pub fn detail_href(base: &SiteBase, city: u32, id: &str, lang: kg_shared::params::Lang) -> String {
    let lang = if lang == kg_shared::params::Lang::Hant { "&lang=zh-Hant" } else { "" };
    base.href(&format!("/kindergarten/?city={city}&id={}{lang}", js_sys::encode_uri_component(id)))
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
        assert_eq!(b.router_base(), "/jyj/kg");
        assert_eq!(b.href("/finder"), "/jyj/kg/finder");
        assert_eq!(b.href("/"), "/jyj/kg/");
        assert_eq!(b.data_url("manifest.json"), "/jyj/kg/data/manifest.json");
        assert_eq!(SiteBase::from_path("/").router_base(), "");
    }
}
