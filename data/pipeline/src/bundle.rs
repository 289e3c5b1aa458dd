//! What the browser's 数据发布 page needs beyond the pipeline: the project's own inputs as this
//! build carries them (the CLI reads the same files from disk), and the publication as one zip of
//! the `data/` folder, with `manifest.json` beside the files it lists.

use crate::publish::Compiled;
use kg_shared::manifest::Manifest;
use std::io::Write;

/// `data/targets.csv` as this build carries it.
pub const TARGETS_CSV: &[u8] = include_bytes!("../../targets.csv");

/// The publication as a zip whose top folder is `data/`: every file of `compiled` under its
/// path, and `manifest.json`. Entries are stored, not deflated (shards are compressed already),
/// and dated 1980-01-01, so the same publication gives the same zip.
pub fn zip_publication(compiled: &Compiled, manifest: &Manifest) -> anyhow::Result<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for f in &compiled.files {
        z.start_file(format!("data/{}", f.path), opts)?;
        z.write_all(&f.bytes)?;
    }
    z.start_file("data/manifest.json", opts)?;
    z.write_all(&serde_json::to_vec_pretty(manifest)?)?;
    Ok(z.finish()?.into_inner())
}

/// Why a draft has no publication.
#[derive(Clone, Debug, PartialEq)]
pub enum Blocked {
    /// A file is not a readable sheet.
    Unreadable,
    /// No row passed.
    NothingToPublish,
    /// Rows were rejected and the clerk did not choose to publish the rest.
    Rejected(usize),
    /// Compiling failed (the targets or the county statistics file): the message.
    Failed(String),
}

/// A clerk's files as the 数据发布 page checks them: the report, the files that could not be
/// read at all, the records per county, and the publication when one may be made.
pub struct Draft {
    pub report: crate::report::Report,
    /// One message per file that is not a readable sheet (nothing of it could be accounted for,
    /// so nothing is published until it is fixed — as the CLI stops).
    pub unreadable: Vec<String>,
    /// County code, "揭阳市 榕城区", records to publish.
    pub counties: Vec<(u32, String, usize)>,
    /// The name of every county a record or a report line names ("揭阳市 榕城区").
    pub names: std::collections::BTreeMap<u32, String>,
    /// Why no publication was made, if none was.
    pub blocked: Option<Blocked>,
    pub publication: Option<(Compiled, Manifest)>,
}

/// What `kgdata publish` does up to writing: read every sheet, validate, and — when every file is
/// readable, something is publishable and (unless `allow_rejects`) nothing was rejected — compile
/// with the bundled targets and the county statistics, and make the manifest (`generated` is the
/// time to write in it).
pub fn check_and_compile(
    geo: &crate::places::Geo,
    sheets: &[(String, Vec<u8>)],
    county_stats: Option<&(String, Vec<u8>)>,
    meta: &crate::publish::DatasetMeta,
    allow_rejects: bool,
    generated: String,
) -> Draft {
    use crate::{
        publish::{compile, manifest_of, validate_books, Fields},
        table::{read_bytes, HeaderSpec},
    };
    let mut books = Vec::new();
    let mut unreadable = Vec::new();
    for (name, bytes) in sheets {
        match read_bytes(name, bytes, HeaderSpec::Auto, &Fields) {
            Ok(b) => books.push(b),
            Err(e) => unreadable.push(format!("{e:#}")),
        }
    }
    let (records, report) = validate_books(&books, geo, meta.as_of);
    let mut by_county: std::collections::BTreeMap<u32, usize> = Default::default();
    for r in &records {
        *by_county.entry(r.county).or_default() += 1;
    }
    let name_of =
        |c: u32| geo.counties.get(&c).map(|k| format!("{} {}", k.city_name, k.name)).unwrap_or(c.to_string());
    let counties = by_county.into_iter().map(|(c, n)| (c, name_of(c), n)).collect();
    let names = records
        .iter()
        .map(|r| r.county)
        .chain(report.lines.iter().filter_map(|l| l.county))
        .map(|c| (c, name_of(c)))
        .collect();
    let mut draft = Draft { report, unreadable, counties, names, blocked: None, publication: None };
    let blocked = if !draft.unreadable.is_empty() {
        Some(Blocked::Unreadable)
    } else if records.is_empty() {
        Some(Blocked::NothingToPublish)
    } else if draft.report.rejected > 0 && !allow_rejects {
        Some(Blocked::Rejected(draft.report.rejected))
    } else {
        None
    };
    if blocked.is_some() {
        draft.blocked = blocked;
        return draft;
    }
    let built = (|| -> anyhow::Result<(Compiled, Manifest)> {
        let mut st = crate::stats::parse_targets("data/targets.csv", TARGETS_CSV)?;
        if let Some((name, bytes)) = county_stats {
            st.counties = crate::stats::parse_county_stats(name, bytes)?;
        }
        let compiled = compile(records, geo, &st, &draft.report, meta)?;
        let manifest = manifest_of(&compiled, meta, generated)?;
        Ok((compiled, manifest))
    })();
    match built {
        Ok(p) => draft.publication = Some(p),
        Err(e) => draft.blocked = Some(Blocked::Failed(format!("{e:#}"))),
    }
    draft
}
