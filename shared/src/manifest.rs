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
    Schema { found: u32 },
    BadPath { path: String },
    BadHash { path: String },
    Empty(&'static str),
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
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let m: Manifest = serde_json::from_slice(bytes).map_err(|e| ManifestError::Json(e.to_string()))?;
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
            sources: vec![],
            regions: vec![],
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
        assert!(matches!(Manifest::parse(b"{\"schema_version\":"), Err(ManifestError::Json(_))));
        assert!(matches!(Manifest::parse(&[0xff, 0xfe, 0x00]), Err(ManifestError::Json(_))));
    }
}
