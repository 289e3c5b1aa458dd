//! `manifest.json`: the one file that changes between publications. It names every data file
//! with its SHA-256, size and record count, says whether the data is sample data, and credits
//! every source. The app refuses a manifest that does not validate.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The manifest schema this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    pub dataset: DatasetInfo,
    pub sources: Vec<Source>,
    /// The cities (地级) the dataset covers, with their record counts.
    #[serde(default)]
    pub regions: Vec<RegionInfo>,
    pub files: Vec<FileEntry>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RegionInfo {
    pub code: u32,
    pub name: String,
    pub province: String,
    pub records: u64,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DatasetInfo {
    /// Human name of the dataset, e.g. "广东省、株洲市、平顶山市幼儿园信息（示例数据）".
    pub name: String,
    /// Publication version, e.g. "2025.11.1-sample". Cited in permalinks and downloads.
    pub version: String,
    /// When the publishing tool wrote this manifest (RFC 3339, UTC).
    pub generated: String,
    /// The date the records describe (YYYY-MM-DD); freshness rules are judged against it.
    pub as_of: String,
    /// True when the records are synthetic. The UI shows a badge on every page when set.
    pub sample: bool,
    /// Plain-language notice shown with sample data.
    #[serde(default)]
    pub notice: Option<String>,
    pub publisher: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Source {
    pub name: String,
    pub licence: String,
    /// What the portal takes from this source.
    pub used_for: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Records of one city: the columns the finder lists and searches.
    List,
    /// Records of one city: every other published field.
    Detail,
    /// Simplified, quantized boundaries of provinces, cities and counties.
    Boundaries,
    /// 乡镇/街道 and 社区/村 names and codes, for picking a service zone.
    Divisions,
    /// County statistics by year and the policy targets.
    Stats,
    /// Simplified → Traditional character map for data text.
    Hant,
    /// The validation report of this publication.
    Report,
    /// Records of one city: the first page of its two landing views (`first`), shown before
    /// its list file is loaded.
    First,
    /// The first page of a city's default view as text (`first::first_text`, JSON), which the
    /// finder's page paints before the app has started.
    FirstText,
    /// A kind this version does not know: written by a newer publisher. The app never asks for such
    /// a file and `kgdata verify` notes it, so a site keeps working on a newer publication (only
    /// what the newer kind adds is missing) rather than refusing the whole manifest.
    #[serde(other)]
    Unknown,
}

impl FileKind {
    pub const ALL: [FileKind; 9] = [
        FileKind::List,
        FileKind::Detail,
        FileKind::Boundaries,
        FileKind::Divisions,
        FileKind::Stats,
        FileKind::Hant,
        FileKind::Report,
        FileKind::First,
        FileKind::FirstText,
    ];

    /// The name the manifest writes (serde's snake_case of the variant).
    pub fn key(self) -> &'static str {
        match self {
            FileKind::List => "list",
            FileKind::Detail => "detail",
            FileKind::Boundaries => "boundaries",
            FileKind::Divisions => "divisions",
            FileKind::Stats => "stats",
            FileKind::Hant => "hant",
            FileKind::Report => "report",
            FileKind::First => "first",
            FileKind::FirstText => "first_text",
            FileKind::Unknown => "unknown",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FileEntry {
    /// Path relative to the manifest, e.g. "shards/445200.list.3f2a….bin".
    pub path: String,
    pub kind: FileKind,
    /// City adcode for per-city files.
    #[serde(default)]
    pub region: Option<u32>,
    pub sha256: String,
    pub bytes: u64,
    pub records: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ManifestError {
    Json(String),
    Schema {
        found: u32,
    },
    BadPath {
        path: String,
    },
    BadHash {
        path: String,
    },
    Empty(&'static str),
    /// A field is missing or of the wrong type: its path (`files[3].sha256`) and what it should be.
    Field {
        path: String,
        want: &'static str,
    },
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "manifest.json 不是有效的 JSON：{e}"),
            Self::Schema { found } => {
                write!(f, "manifest.json 的格式版本为 {found}，本程序只支持版本 {SCHEMA_VERSION}")
            }
            Self::BadPath { path } => {
                write!(f, "manifest.json 中的文件路径不安全或无效：{path:?}")
            }
            Self::BadHash { path } => {
                write!(f, "manifest.json 中 {path} 的 SHA-256 不是 64 位十六进制")
            }
            Self::Empty(field) => write!(f, "manifest.json 缺少 {field}"),
            Self::Field { path, want } => write!(f, "manifest.json 中 {path} 缺失或不是{want}"),
        }
    }
}

impl std::error::Error for ManifestError {}

/// Checks downloaded bytes against the manifest entry: size and SHA-256.
pub fn verify(entry: &FileEntry, bytes: &[u8]) -> Result<(), String> {
    use sha2::{Digest, Sha256};
    if bytes.len() as u64 != entry.bytes {
        return Err(format!(
            "{} 大小不符：应为 {} 字节，收到 {} 字节（文件不完整或已被替换）",
            entry.path,
            entry.bytes,
            bytes.len()
        ));
    }
    let h: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    if h != entry.sha256 {
        return Err(format!("{} 校验失败：SHA-256 与数据清单不符（文件已损坏或被篡改）", entry.path));
    }
    Ok(())
}

/// A data path must stay inside the site: relative, no `..`, no scheme, no query, plain characters.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && !path.starts_with('/')
        && path.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Manifest {
    /// Parses and validates a manifest. Never panics, whatever the bytes.
    ///
    /// It reads JSON with `crate::json` rather than serde: every page loads the manifest first,
    /// and serde_json's generated code would add to the smallest page (see `json`).
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| ManifestError::Json(format!("第 {} 字节起不是 UTF-8 文本", e.valid_up_to())))?;
        let v = crate::json::parse(text).map_err(|e| ManifestError::Json(e.to_string()))?;
        let m = read::manifest(&v)?;
        m.validate()?;
        Ok(m)
    }

    pub fn validate(&self) -> Result<(), ManifestError> {
        if self.schema_version != SCHEMA_VERSION {
            return Err(ManifestError::Schema { found: self.schema_version });
        }
        if self.dataset.version.trim().is_empty() {
            return Err(ManifestError::Empty("dataset.version"));
        }
        if self.dataset.name.trim().is_empty() {
            return Err(ManifestError::Empty("dataset.name"));
        }
        for f in &self.files {
            if !is_safe_path(&f.path) {
                return Err(ManifestError::BadPath { path: f.path.clone() });
            }
            if !is_sha256_hex(&f.sha256) {
                return Err(ManifestError::BadHash { path: f.path.clone() });
            }
        }
        Ok(())
    }

    pub fn file(&self, kind: FileKind, region: Option<u32>) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.kind == kind && f.region == region)
    }

    pub fn files_of(&self, kind: FileKind) -> impl Iterator<Item = &FileEntry> {
        self.files.iter().filter(move |f| f.kind == kind)
    }

    /// The fixed-name copies of each city's `first_text` file, by path relative to the manifest,
    /// with the entry each copies: `first/<city>.json`, and `first/default.json` for the first
    /// region (the finder's city when the address names none).
    ///
    /// They let the finder page's first script ask for the default view's text at once, beside
    /// the manifest rather than after it, and then paint it only if its SHA-256 is the manifest's
    /// entry's (`app/js/early.js`). They are written after the manifest, so a copy older or newer
    /// than the manifest never matches it; the manifest does not list them.
    pub fn first_text_aliases(&self) -> Vec<(String, &FileEntry)> {
        let mut out: Vec<(String, &FileEntry)> = self
            .files_of(FileKind::FirstText)
            .filter_map(|f| Some((format!("first/{}.json", f.region?), f)))
            .collect();
        if let Some(f) = self.regions.first().and_then(|r| self.file(FileKind::FirstText, Some(r.code))) {
            out.push(("first/default.json".to_string(), f));
        }
        out
    }
}

/// Reading the manifest's JSON into its types, naming the field at fault.
mod read {
    use super::*;
    use crate::json::{FieldError, Obj, Value};

    impl From<FieldError> for ManifestError {
        fn from(e: FieldError) -> ManifestError {
            ManifestError::Field { path: e.path, want: e.want }
        }
    }

    pub(super) fn manifest(v: &Value) -> Result<Manifest, ManifestError> {
        let o = Obj::new(v, String::new())?;
        let schema_version: u32 = o.uint("schema_version")?;
        if schema_version != SCHEMA_VERSION {
            // A newer schema may differ anywhere: say so before naming a field this build expects.
            return Err(ManifestError::Schema { found: schema_version });
        }
        let d = o.obj("dataset")?;
        let dataset = DatasetInfo {
            name: d.string("name")?,
            version: d.string("version")?,
            generated: d.string("generated")?,
            as_of: d.string("as_of")?,
            sample: d.bool("sample")?,
            notice: d.opt_string("notice")?,
            publisher: d.string("publisher")?,
        };
        let sources = o.each("sources", true, |s| {
            Ok(Source {
                name: s.string("name")?,
                licence: s.string("licence")?,
                used_for: s.string("used_for")?,
                url: s.opt_string("url")?,
            })
        })?;
        let regions = o.each("regions", false, |r| {
            Ok(RegionInfo {
                code: r.uint("code")?,
                name: r.string("name")?,
                province: r.string("province")?,
                records: r.uint("records")?,
            })
        })?;
        let files = o.each("files", true, |f| {
            let kind = f.string("kind")?;
            Ok(FileEntry {
                path: f.string("path")?,
                kind: FileKind::ALL.into_iter().find(|k| k.key() == kind).unwrap_or(FileKind::Unknown),
                region: f.opt_uint("region")?,
                sha256: f.string("sha256")?,
                bytes: f.uint("bytes")?,
                records: f.uint("records")?,
            })
        })?;
        Ok(Manifest { schema_version, dataset, sources, regions, files })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Manifest {
        Manifest {
            schema_version: SCHEMA_VERSION,
            dataset: DatasetInfo {
                name: "示例".into(),
                version: "2025.1-sample".into(),
                generated: "2025-11-01T00:00:00Z".into(),
                as_of: "2025-09-30".into(),
                sample: true,
                notice: None,
                publisher: "kgportal".into(),
            },
            sources: vec![Source {
                name: "民政部 行政区划代码".into(),
                licence: "公开".into(),
                used_for: "区划".into(),
                url: Some("https://www.mca.gov.cn/".into()),
            }],
            regions: vec![RegionInfo {
                code: 445200,
                name: "揭阳市".into(),
                province: "广东省".into(),
                records: 2,
            }],
            files: vec![FileEntry {
                path: "shards/445200.list.abc.bin".into(),
                kind: FileKind::List,
                region: Some(445200),
                sha256: "a".repeat(64),
                bytes: 10,
                records: 2,
            }],
        }
    }

    #[test]
    fn round_trip_and_lookup() {
        let m = sample();
        let json = serde_json::to_vec(&m).unwrap();
        let back = Manifest::parse(&json).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.file(FileKind::List, Some(445200)).unwrap().records, 2);
        assert!(back.file(FileKind::Detail, Some(445200)).is_none());
    }

    #[test]
    fn first_text_aliases_name_each_city_and_the_default_one() {
        let mut m = sample();
        assert!(m.first_text_aliases().is_empty(), "no first_text, no copies");
        let text = |region: u32| FileEntry {
            path: format!("shards/{region}.first-text.abc.json"),
            kind: FileKind::FirstText,
            region: Some(region),
            sha256: "b".repeat(64),
            bytes: 9,
            records: 1,
        };
        // The default city is the first region, not the first file listed.
        m.regions.push(RegionInfo {
            code: 441900,
            name: "东莞市".into(),
            province: "广东省".into(),
            records: 1,
        });
        m.files.extend([text(441900), text(445200)]);
        let got: Vec<(String, String)> =
            m.first_text_aliases().into_iter().map(|(alias, f)| (alias, f.path.clone())).collect();
        assert_eq!(
            got,
            [
                ("first/441900.json", "shards/441900.first-text.abc.json"),
                ("first/445200.json", "shards/445200.first-text.abc.json"),
                ("first/default.json", "shards/445200.first-text.abc.json"),
            ]
            .map(|(a, p)| (a.to_string(), p.to_string()))
        );
        // A first region without the file has no default copy.
        m.regions.insert(
            0,
            RegionInfo { code: 430200, name: "株洲市".into(), province: "湖南省".into(), records: 0 },
        );
        assert!(m.first_text_aliases().iter().all(|(a, _)| a != "first/default.json"));
    }

    #[test]
    fn verify_checks_size_and_hash() {
        use sha2::{Digest, Sha256};
        let bytes = b"KGL1 shard";
        let mut e = sample().files[0].clone();
        e.bytes = bytes.len() as u64;
        e.sha256 = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(verify(&e, bytes), Ok(()));
        assert!(verify(&e, b"KGL1 shar").unwrap_err().contains("大小不符"));
        assert!(verify(&e, b"KGL1 sharX").unwrap_err().contains("校验失败"));
    }

    #[test]
    fn rejects_paths_that_leave_the_site() {
        for bad in [
            "https://evil.example/x.bin",
            "//evil.example/x.bin",
            "/etc/passwd",
            "../x.bin",
            "shards/../../x",
            "a/./b",
            "x.bin?q=1",
            "",
        ] {
            let mut m = sample();
            m.files[0].path = bad.into();
            let json = serde_json::to_vec(&m).unwrap();
            assert_eq!(Manifest::parse(&json), Err(ManifestError::BadPath { path: bad.into() }), "{bad}");
        }
    }

    #[test]
    fn rejects_wrong_schema_bad_hash_and_garbage() {
        let mut m = sample();
        m.schema_version = 99;
        let err = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
        assert!(err.to_string().contains("99"));
        let mut m = sample();
        m.files[0].sha256 = "XYZ".into();
        assert!(matches!(
            Manifest::parse(&serde_json::to_vec(&m).unwrap()),
            Err(ManifestError::BadHash { .. })
        ));
        let err = Manifest::parse(b"{\"schema_version\":").unwrap_err();
        assert!(matches!(err, ManifestError::Json(_)));
        assert!(err.to_string().contains("第 1 行"), "{err}");
        assert!(matches!(Manifest::parse(&[0xff, 0xfe, 0x00]), Err(ManifestError::Json(_))));
    }

    #[test]
    fn kinds_are_written_as_serde_writes_them() {
        for k in FileKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::String(k.key().into()));
        }
    }

    /// A newer publisher's kind of file is kept as Unknown (and never asked for), so a site built
    /// before it still reads the publication; serde reads it the same way.
    #[test]
    fn a_kind_from_a_newer_publisher_is_unknown_not_an_error() {
        let mut m = serde_json::to_value(sample()).unwrap();
        let mut extra = m["files"][0].clone();
        extra["kind"] = serde_json::json!("tiles_3d");
        extra["path"] = serde_json::json!("shards/445200.tiles_3d.abc.bin");
        m["files"].as_array_mut().unwrap().push(extra);
        let bytes = serde_json::to_vec(&m).unwrap();
        let parsed = Manifest::parse(&bytes).unwrap();
        assert_eq!(parsed.files[1].kind, FileKind::Unknown);
        assert_eq!(parsed.file(FileKind::List, Some(445200)).unwrap().path, "shards/445200.list.abc.bin");
        assert_eq!(serde_json::from_slice::<Manifest>(&bytes).unwrap(), parsed);
    }

    /// A field missing or of the wrong type is named by its path, whatever the field.
    #[test]
    fn names_the_field_at_fault() {
        let good = serde_json::to_value(sample()).unwrap();
        let cases: &[(&str, &str, serde_json::Value)] = &[
            ("/dataset/version", "dataset.version", serde_json::json!(3)),
            ("/dataset/sample", "dataset.sample", serde_json::json!("yes")),
            ("/files/0/sha256", "files[0].sha256", serde_json::Value::Null),
            ("/files/0/bytes", "files[0].bytes", serde_json::json!(-1)),
            ("/files/0/bytes", "files[0].bytes", serde_json::json!(1.5)),
            ("/files/0/region", "files[0].region", serde_json::json!(5_000_000_000u64)),
            ("/files/0/kind", "files[0].kind", serde_json::json!(3)),
            ("/files/0", "files[0]", serde_json::json!([])),
            ("/files", "files", serde_json::json!({})),
            ("/dataset", "dataset", serde_json::json!("x")),
        ];
        for (pointer, path, value) in cases {
            let mut m = good.clone();
            *m.pointer_mut(pointer).unwrap() = value.clone();
            let err = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
            assert!(matches!(&err, ManifestError::Field { path: p, .. } if p == path), "{pointer}: {err}");
            assert!(err.to_string().contains(path), "{err}");
        }
        // Optional fields may be missing; required ones may not.
        let mut m = good.clone();
        m.as_object_mut().unwrap().remove("regions");
        m["dataset"].as_object_mut().unwrap().remove("notice");
        assert!(Manifest::parse(&serde_json::to_vec(&m).unwrap()).is_ok());
        let mut m = good;
        m["dataset"].as_object_mut().unwrap().remove("publisher");
        let err = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
        assert!(err.to_string().contains("dataset.publisher"), "{err}");
    }

    /// Whatever the bytes, parsing returns an error rather than panicking, and what parses
    /// is what serde would have read.
    #[test]
    fn agrees_with_serde_on_mangled_manifests() {
        let json = serde_json::to_vec(&sample()).unwrap();
        for i in 0..json.len() {
            for b in [b'"', b'}', b'0', b' ', 0xff] {
                let mut m = json.clone();
                m[i] = b;
                let ours = Manifest::parse(&m);
                let theirs = serde_json::from_slice::<Manifest>(&m).ok().filter(|m| m.validate().is_ok());
                assert_eq!(ours.ok(), theirs, "byte {i} set to {b}");
            }
            let ours = Manifest::parse(&json[..i]);
            assert!(ours.is_err(), "cut at {i}");
        }
    }
}
