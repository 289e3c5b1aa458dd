//! Data access: fetching published files and verifying them against the manifest. Components read
//! the dataset through the `Dataset` context and never fetch by themselves.

use crate::{
    i18n::{Msg, Phrase},
    site::SiteBase,
};
use kg_shared::manifest::{verify, FileEntry, FileKind, Manifest};
use kg_shared::params::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What went wrong loading a file, in words a reader can act on; names the file. The kind of
/// problem is said in the reader's script (`Problem::msg`); `detail` is the technical part (a
/// decoder's or the integrity check's words), shown after it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub url: String,
    pub problem: Problem,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No answer (offline, refused, blocked).
    Network,
    /// An answer other than 2xx.
    Http(u16),
    /// The answer stopped or could not be read.
    Unreadable,
    /// The bytes are not those the manifest (or the policy register) lists.
    Integrity,
    /// The bytes arrived whole but do not decode.
    Format,
}

impl Problem {
    pub fn msg(self) -> Msg {
        match self {
            Problem::Network => Msg::LoadNetwork,
            Problem::Http(_) => Msg::LoadHttp,
            Problem::Unreadable => Msg::LoadUnreadable,
            Problem::Integrity => Msg::LoadIntegrity,
            Problem::Format => Msg::LoadFormat,
        }
    }
}

impl LoadError {
    pub fn new(url: impl Into<String>, problem: Problem, detail: impl Into<String>) -> LoadError {
        LoadError { url: url.into(), problem, detail: detail.into() }
    }

    /// The error in a script: "网络请求失败，请检查网络后重试（/data/manifest.json）". The
    /// detail is data text, converted by `convert` (the publication's Traditional map).
    pub fn text(&self, lang: Lang, convert: impl Fn(&str) -> String) -> String {
        let mut s = self.problem.msg().text(lang).to_string();
        if let Problem::Http(code) = self.problem {
            s.push_str(&format!(" {code}"));
        }
        if !self.detail.is_empty() {
            s.push('：');
            s.push_str(&convert(&self.detail));
        }
        format!("{s}（{}）", self.url)
    }
}

impl LoadError {
    /// The same as `text`, as a `Phrase` for `tx`.
    pub fn phrase(&self) -> Phrase {
        let mut parts = vec![Phrase::Msg(self.problem.msg())];
        if let Problem::Http(code) = self.problem {
            parts.push(Phrase::plain(format!(" {code}")));
        }
        if !self.detail.is_empty() {
            parts.push(Phrase::plain("："));
            parts.push(Phrase::data(self.detail.clone()));
        }
        parts.push(Phrase::plain(format!("（{}）", self.url)));
        Phrase::Seq(parts)
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::Hans, str::to_string))
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/prefetch.js")]
extern "C" {
    /// The bytes `js/prefetch.js` started downloading for this URL before the app ran, once.
    fn kg_take_prefetch(url: &str) -> Option<js_sys::Promise>;
}

/// Fetches a same-origin URL and returns its bytes. `fresh` asks caches to revalidate (for the
/// manifest, the only file that changes between publications). A download `js/prefetch.js`
/// started is taken if it succeeded; otherwise the file is fetched here.
pub async fn fetch_bytes(url: &str, fresh: bool) -> Result<Vec<u8>, LoadError> {
    if let Some(p) = kg_take_prefetch(url) {
        if let Ok(buf) = JsFuture::from(p).await {
            return Ok(js_sys::Uint8Array::new(&buf).to_vec());
        }
    }
    // A flaky network gets two more tries (after 0.4 s and 1.2 s) before the reader is told;
    // a 4xx answer will not change, so it is reported at once.
    let mut last = None;
    for delay in [0u32, 400, 1200] {
        if delay > 0 {
            gloo_timers::future::TimeoutFuture::new(delay).await;
        }
        match fetch_once(url, fresh).await {
            Ok(bytes) => return Ok(bytes),
            Err((e, transient)) => {
                last = Some(e);
                if !transient {
                    break;
                }
            }
        }
    }
    Err(last.unwrap_or_else(|| LoadError::new(url, Problem::Network, "")))
}

/// One fetch; the error says whether trying again may help (network failure, 5xx).
async fn fetch_once(url: &str, fresh: bool) -> Result<Vec<u8>, (LoadError, bool)> {
    let err = |problem: Problem, transient: bool| (LoadError::new(url, problem, ""), transient);
    let window = web_sys::window().ok_or_else(|| err(Problem::Network, false))?;
    let init = web_sys::RequestInit::new();
    if fresh {
        init.set_cache(web_sys::RequestCache::NoCache);
    }
    let promise = window.fetch_with_str_and_init(url, &init);
    let resp = JsFuture::from(promise).await.map_err(|_| err(Problem::Network, true))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| err(Problem::Unreadable, false))?;
    if !resp.ok() {
        return Err(err(Problem::Http(resp.status()), resp.status() >= 500));
    }
    let buf = resp.array_buffer().map_err(|_| err(Problem::Unreadable, true))?;
    let buf = JsFuture::from(buf).await.map_err(|_| err(Problem::Unreadable, true))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Fetches a published data file and checks its size and SHA-256 against the manifest before
/// anything reads it. Hashed files are immutable, so caches may keep them forever.
pub async fn fetch_verified(base: &SiteBase, entry: &FileEntry) -> Result<Vec<u8>, LoadError> {
    let url = base.data_url(&entry.path);
    let bytes = fetch_bytes(&url, false).await?;
    verify(entry, &bytes).map_err(|detail| LoadError::new(url, Problem::Integrity, detail))?;
    Ok(bytes)
}

/// The published dataset as the app knows it.
#[derive(Clone, Copy)]
pub struct Dataset {
    pub manifest: LocalResource<Result<Manifest, LoadError>>,
}

impl Dataset {
    /// The manifest once loaded and valid.
    pub fn ready(&self) -> Option<Manifest> {
        self.manifest.get().and_then(|r| r.ok())
    }

    /// Reads the loaded manifest without copying it (for lookups on hot paths).
    pub fn with<T>(&self, f: impl FnOnce(&Manifest) -> Option<T>) -> Option<T> {
        self.manifest.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).and_then(f))
    }

    /// The entry of a file of the current manifest.
    pub fn entry(&self, kind: FileKind, region: Option<u32>) -> Option<FileEntry> {
        self.with(|m| m.file(kind, region).cloned())
    }
}

pub fn provide_dataset() {
    let base = expect_context::<SiteBase>();
    let manifest = LocalResource::new(move || {
        let url = base.data_url("manifest.json");
        async move {
            let bytes = fetch_bytes(&url, true).await?;
            Manifest::parse(&bytes).map_err(|e| LoadError::new(url, Problem::Format, e.to_string()))
        }
    });
    provide_context(Dataset { manifest });
}

/// Loads, verifies and decodes a city's list shard.
pub async fn load_list(base: &SiteBase, entry: FileEntry) -> Result<kg_shared::codec::ListShard, LoadError> {
    decode_fetched(base, &entry, false, kg_shared::codec::decode_list).await
}

/// Fetches and verifies a published file, then decodes it; with `paint_first` the decoding waits
/// for the next paint, so what is already on its way to the screen is not held behind it.
async fn decode_fetched<T, E: std::fmt::Display>(
    base: &SiteBase,
    entry: &FileEntry,
    paint_first: bool,
    decode: impl FnOnce(&[u8]) -> Result<T, E>,
) -> Result<T, LoadError> {
    let bytes = fetch_verified(base, entry).await?;
    if paint_first {
        crate::browser::after_next_paint().await;
    }
    decode(&bytes).map_err(|e| LoadError::new(base.data_url(&entry.path), Problem::Format, e.to_string()))
}

/// Loads a city's list shard and builds its query engine. With `paint_first`, the decoding
/// (tens of milliseconds for a big city) waits for the next paint, so what is already on its
/// way to the screen (the finder's first page) is not held behind it.
pub async fn load_finder(
    base: &SiteBase,
    entry: FileEntry,
    paint_first: bool,
) -> Result<std::sync::Arc<kg_shared::query::Finder>, LoadError> {
    let list = decode_fetched(base, &entry, paint_first, kg_shared::codec::decode_list).await?;
    Ok(std::sync::Arc::new(kg_shared::query::Finder::new(list)))
}

/// Loads a city's first page (`kg_shared::first`): what the finder shows before its engine.
pub async fn load_first(base: &SiteBase, entry: FileEntry) -> Result<kg_shared::first::FirstPage, LoadError> {
    decode_fetched(base, &entry, false, kg_shared::first::decode_first).await
}

/// Loads a city's list and detail shards and returns its full records.
pub async fn load_records(
    base: &SiteBase,
    list: FileEntry,
    detail: FileEntry,
) -> Result<Vec<kg_shared::model::Record>, LoadError> {
    let lb = fetch_verified(base, &list).await?;
    let shard = kg_shared::codec::decode_list(&lb)
        .map_err(|e| LoadError::new(base.data_url(&list.path), Problem::Format, e.to_string()))?;
    let db = fetch_verified(base, &detail).await?;
    kg_shared::codec::decode_detail(&db, &shard)
        .map_err(|e| LoadError::new(base.data_url(&detail.path), Problem::Format, e.to_string()))
}

/// Loads `stats.json` (county statistics, aggregates, targets).
pub async fn load_stats(base: &SiteBase, entry: FileEntry) -> Result<kg_shared::stats::StatsFile, LoadError> {
    let bytes = fetch_verified(base, &entry).await?;
    kg_shared::stats::StatsFile::parse(&bytes)
        .map_err(|e| LoadError::new(base.data_url(&entry.path), Problem::Format, e))
}

/// Loads a city's 乡镇/街道 and 社区/村 (for picking a service zone).
pub async fn load_divisions(
    base: &SiteBase,
    entry: FileEntry,
) -> Result<kg_shared::regions::Divisions, LoadError> {
    let bytes = fetch_verified(base, &entry).await?;
    kg_shared::regions::decode_divisions(&bytes)
        .map_err(|e| LoadError::new(base.data_url(&entry.path), Problem::Format, e.to_string()))
}

/// Loads the publication's boundaries (provinces, cities, counties).
pub async fn load_boundaries(
    base: &SiteBase,
    entry: FileEntry,
) -> Result<std::sync::Arc<Vec<kg_shared::regions::Region>>, LoadError> {
    let bytes = fetch_verified(base, &entry).await?;
    kg_shared::regions::decode_regions(&bytes)
        .map(std::sync::Arc::new)
        .map_err(|e| LoadError::new(base.data_url(&entry.path), Problem::Format, e.to_string()))
}
