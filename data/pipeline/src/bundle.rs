//! What the browser's 数据发布 page needs beyond the pipeline: the project's own inputs as this
//! build carries them (the CLI reads the same files from disk), and the publication as one zip of
//! the `data/` folder, with `manifest.json` beside the files it lists.

use crate::publish::Compiled;
use kg_shared::manifest::Manifest;
use std::io::Write;

/// `data/targets.csv` as this build carries it.
pub const TARGETS_CSV: &[u8] = include_bytes!("../../targets.csv");

/// The publication as a zip whose top folder is `data/`: every file of `compiled` under its
/// path, `manifest.json` and the first-view copies (`publication_files`). Entries are stored, not deflated (shards are compressed already),
/// and dated 1980-01-01, so the same publication gives the same zip.
pub fn zip_publication(compiled: &Compiled, manifest: &Manifest) -> anyhow::Result<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (path, bytes) in publication_files(compiled, manifest)? {
        z.start_file(format!("data/{path}"), opts)?;
        z.write_all(bytes.as_ref())?;
    }
    Ok(z.finish()?.into_inner())
}

/// The files of the `data/` folder, by path under it, in the order to write them: every file the
/// manifest lists, then `manifest.json` — a site turns to the new publication only when its
/// manifest is replaced — then the fixed-name copies of the first-view texts
/// (`Manifest::first_text_aliases`), which a reader uses only when they match the manifest.
pub fn publication_files<'a>(
    compiled: &'a Compiled,
    manifest: &Manifest,
) -> anyhow::Result<Vec<(String, std::borrow::Cow<'a, [u8]>)>> {
    let mut out: Vec<_> = compiled
        .files
        .iter()
        .map(|f| (f.path.clone(), std::borrow::Cow::Borrowed(f.bytes.as_slice())))
        .collect();
    out.push(("manifest.json".to_string(), std::borrow::Cow::Owned(serde_json::to_vec_pretty(manifest)?)));
    out.extend(aliases(compiled, manifest)?);
    Ok(out)
}

/// The fixed-name copies of the first-view texts (`Manifest::first_text_aliases`) with their bytes.
pub fn aliases<'a>(
    compiled: &'a Compiled,
    manifest: &Manifest,
) -> anyhow::Result<Vec<(String, std::borrow::Cow<'a, [u8]>)>> {
    manifest
        .first_text_aliases()
        .into_iter()
        .map(|(alias, entry)| {
            let f = compiled
                .files
                .iter()
                .find(|f| f.path == entry.path)
                .ok_or_else(|| anyhow::anyhow!("{}：清单列出但未编译", entry.path))?;
            Ok((alias, std::borrow::Cow::Borrowed(f.bytes.as_slice())))
        })
        .collect()
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

/// A row a report line points at, as the clerk's sheet has it: the sheet's headers (a two-row
/// header combined) and the row's cells, so the page can show the offending cell in context.
#[derive(Clone, Debug, PartialEq)]
pub struct RowCells {
    pub headers: std::sync::Arc<Vec<String>>,
    /// The template column each header names, by its label ("保教费"), as a line's `column`.
    pub fields: std::sync::Arc<Vec<Option<&'static str>>>,
    pub cells: Vec<String>,
}

impl RowCells {
    /// Whether the sheet's column `i` is the one a line names (`column`, a template label).
    pub fn names(&self, i: usize, column: &str) -> bool {
        !column.is_empty() && self.fields.get(i).copied().flatten() == Some(column)
    }
}

/// Where a report line points: file, sheet, Excel row number.
pub type RowKey = (String, Option<String>, usize);

/// A clerk's files as the 数据发布 page checks them: the report, the files that could not be
/// read at all, the records per county, and why no publication may be made, if none may.
pub struct Draft {
    pub report: crate::report::Report,
    /// One message per file that is not a readable sheet (nothing of it could be accounted for,
    /// so nothing is published until it is fixed — as the CLI stops).
    pub unreadable: Vec<String>,
    /// County code, "揭阳市 榕城区", records to publish.
    pub counties: Vec<(u32, String, usize)>,
    /// The name of every county a record or a report line names ("揭阳市 榕城区").
    pub names: std::collections::BTreeMap<u32, String>,
    /// Every row a report line names, as the sheet has it.
    pub rows: std::collections::BTreeMap<RowKey, RowCells>,
    /// Why no publication may be made, if none may.
    pub blocked: Option<Blocked>,
}

/// What compiling a draft needs beyond its report: the records that passed, and the targets with
/// the county statistics.
pub struct Ready {
    pub records: Vec<kg_shared::model::Record>,
    pub stats: kg_shared::stats::StatsFile,
}

impl Ready {
    /// Every name `Dicts::pinyin` will be asked for.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.records.iter().map(|r| r.name.clone()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// What `kgdata publish` does up to compiling: read every sheet and validate; and, when every file
/// is readable, something is publishable, (unless `allow_rejects`) nothing was rejected and the
/// bundled targets and the county statistics parse, what compiling needs.
pub fn check(
    geo: &crate::places::Geo,
    sheets: Vec<(String, Vec<u8>)>,
    county_stats: Option<&(String, Vec<u8>)>,
    allow_rejects: bool,
    as_of: kg_shared::date::Date,
) -> (Draft, Option<Ready>) {
    use crate::{
        publish::{validate_books, Fields},
        table::{read_bytes, HeaderSpec},
    };
    let mut books = Vec::new();
    let mut unreadable = Vec::new();
    // Each file's bytes are let go once read: validation holds the rows, not the files too.
    for (name, bytes) in sheets {
        match read_bytes(&name, &bytes, HeaderSpec::Auto, &Fields) {
            Ok(b) => books.push(b),
            Err(e) => unreadable.push(format!("{e:#}")),
        }
    }
    let (records, report) = validate_books(&books, geo, as_of);
    let mut by_county: std::collections::BTreeMap<u32, usize> = Default::default();
    for r in &records {
        *by_county.entry(r.county).or_default() += 1;
    }
    let name_of = |c: u32| geo.county_label(c);
    let counties = by_county.into_iter().map(|(c, n)| (c, name_of(c), n)).collect();
    let names = records
        .iter()
        .map(|r| r.county)
        .chain(report.lines.iter().filter_map(|l| l.county))
        .map(|c| (c, name_of(c)))
        .collect();
    let rows = rows_named(&books, &report);
    drop(books);
    let mut draft = Draft { report, unreadable, counties, names, rows, blocked: None };
    draft.blocked = if !draft.unreadable.is_empty() {
        Some(Blocked::Unreadable)
    } else if records.is_empty() {
        Some(Blocked::NothingToPublish)
    } else if draft.report.rejected > 0 && !allow_rejects {
        Some(Blocked::Rejected(draft.report.rejected))
    } else {
        None
    };
    if draft.blocked.is_some() {
        return (draft, None);
    }
    let stats = (|| -> anyhow::Result<kg_shared::stats::StatsFile> {
        let mut st = crate::stats::parse_targets("data/targets.csv", TARGETS_CSV)?;
        if let Some((name, bytes)) = county_stats {
            st.counties = crate::stats::parse_county_stats(name, bytes)?;
        }
        Ok(st)
    })();
    match stats {
        Ok(stats) => (draft, Some(Ready { records, stats })),
        Err(e) => {
            draft.blocked = Some(Blocked::Failed(format!("{e:#}")));
            (draft, None)
        }
    }
}

/// The cells of every row a line of `report` names.
fn rows_named(
    books: &[crate::table::Workbook],
    report: &crate::report::Report,
) -> std::collections::BTreeMap<RowKey, RowCells> {
    let wanted: std::collections::BTreeSet<(&str, Option<&str>, usize)> =
        report.lines.iter().map(|l| (l.file.as_str(), l.sheet.as_deref(), l.row)).collect();
    let mut out = std::collections::BTreeMap::new();
    for b in books {
        for t in &b.tables {
            let headers = std::sync::Arc::new(t.headers.clone());
            let fields = std::sync::Arc::new(
                t.headers
                    .iter()
                    .map(|h| crate::columns::column_of(h).map(|c| crate::columns::COLUMNS[c].header))
                    .collect::<Vec<_>>(),
            );
            for (n, cells) in &t.rows {
                if wanted.contains(&(b.file.as_str(), t.sheet.as_deref(), *n)) {
                    out.insert(
                        (b.file.clone(), t.sheet.clone(), *n),
                        RowCells {
                            headers: headers.clone(),
                            fields: fields.clone(),
                            cells: cells.iter().map(str::to_string).collect(),
                        },
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample's bureau sheets (seed `seed`, 5% of the records) and a dataset's metadata.
    fn sample_sheets(seed: u64) -> (crate::places::Geo, Vec<(String, Vec<u8>)>, crate::publish::DatasetMeta) {
        let geo = crate::places::Geo::bundled().unwrap();
        let gen = crate::sample::generate_scaled(&geo, false, seed, 0.05);
        let sheets = crate::stats::sample_inputs(&geo, &gen.records).unwrap();
        let meta = crate::publish::DatasetMeta {
            name: "t".into(),
            version: "t".into(),
            as_of: kg_shared::date::Date::new(2025, 9, 30).unwrap(),
            sample: false,
            notice: None,
            publisher: "t".into(),
        };
        (geo, sheets, meta)
    }

    /// Every line of the report can show its row as the sheet has it, and the cell an error
    /// names holds the value it quotes.
    #[test]
    fn every_line_has_its_row_and_the_cell_holds_the_value() {
        let (geo, sheets, meta) = sample_sheets(3);
        let (d, _) = check(&geo, sheets, None, true, meta.as_of);
        assert!(d.report.rejected > 0, "the sample's 揭阳 sheet carries broken rows");
        let mut quoted = 0;
        for l in &d.report.lines {
            let row =
                d.rows.get(&(l.file.clone(), l.sheet.clone(), l.row)).unwrap_or_else(|| panic!("{l:?}"));
            assert_eq!(row.headers.len(), row.cells.len().max(row.headers.len()));
            // An error quotes the cell as typed; a warning may quote a derived figure ("11/7").
            if l.value.is_empty() || l.severity != kg_shared::rules::Severity::Error {
                continue;
            }
            let at = (0..row.headers.len()).find(|&i| row.names(i, &l.column));
            if let Some(i) = at {
                assert_eq!(row.cells.get(i).map(|c| c.trim()), Some(l.value.trim()), "{l:?}");
                quoted += 1;
            }
        }
        assert!(quoted > 0);
        // The column a line names is found among the sheet's headers (every line with a column).
        for l in d.report.lines.iter().filter(|l| !l.column.is_empty()) {
            let row = &d.rows[&(l.file.clone(), l.sheet.clone(), l.row)];
            assert!((0..row.headers.len()).any(|i| row.names(i, &l.column)), "{l:?} in {:?}", row.headers);
        }
    }

    /// The page's way — every dictionary question asked beforehand (`Ready::names`,
    /// `Unfinished::hant_queries`), the answers handed over as a `Table` — gives the CLI's
    /// publication byte for byte; and an answer missing is an error, not another publication.
    #[test]
    fn dictionaries_asked_beforehand_give_the_same_publication() {
        use crate::publish::{compile, compile_parts, Builtin, Dicts, Table};
        let (geo, sheets, meta) = sample_sheets(5);
        let (draft, ready) = check(&geo, sheets, None, true, meta.as_of);
        let ready = ready.expect("publishable");
        let builtin = Builtin::new().unwrap();
        let direct =
            compile(ready.records.clone(), &geo, &ready.stats, &draft.report, &meta, &builtin).unwrap();
        let mut table = Table::default();
        for n in ready.names() {
            let p = builtin.pinyin(&n).unwrap();
            table.pinyin.insert(n, p);
        }
        let parts = || compile_parts(ready.records.clone(), &geo, &ready.stats, &draft.report, &meta, &table);
        let queries = parts().unwrap().hant_queries();
        assert!(queries.iter().any(|q| q == "幼儿园") && queries.iter().any(|q| q == "园"));
        let mut full = Table { pinyin: table.pinyin.clone(), hant: Default::default() };
        for q in &queries {
            full.hant.insert(q.clone(), builtin.s2t(q).unwrap());
        }
        let asked = parts().unwrap().finish(&geo, &full).unwrap();
        let files =
            |c: &Compiled| c.files.iter().map(|f| (f.path.clone(), f.bytes.clone())).collect::<Vec<_>>();
        assert_eq!(files(&asked), files(&direct));
        full.hant.remove("园");
        let err = parts().unwrap().finish(&geo, &full).err().expect("a missing answer fails");
        assert!(format!("{err:#}").contains("园"), "{err:#}");
        let name = &ready.records[0].name;
        table.pinyin.remove(name);
        let err = compile_parts(ready.records.clone(), &geo, &ready.stats, &draft.report, &meta, &table)
            .err()
            .expect("a missing pinyin fails");
        assert!(format!("{err:#}").contains(name.as_str()), "{err:#}");
    }
}
