//! Targets and county statistics as data; writing the generated sample as bureau spreadsheets.

use crate::{
    columns::{template_header, to_row, COLUMNS},
    places::Geo,
    table::read_plain,
};
use kg_shared::{
    model::Record,
    stats::{Comparator, CountyYear, StatsFile, Target},
};
use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

pub fn load_targets(path: &Path) -> Result<StatsFile, String> {
    let t = read_plain(path)?;
    let file = path.display();
    let mut targets = Vec::new();
    for (row, c) in &t.rows {
        let get = |i: usize| c.get(i).map(|s| s.trim()).unwrap_or("");
        let bad = |what: &str| format!("{file} 第 {row} 行：{what}无效");
        targets.push(Target {
            region: get(0).parse().map_err(|_| bad("region"))?,
            region_name: get(1).to_string(),
            indicator: get(2).to_string(),
            comparator: Comparator::parse(get(3)).ok_or_else(|| bad("comparator"))?,
            value: get(4).parse().map_err(|_| bad("value"))?,
            unit: get(5).to_string(),
            year: if get(6).is_empty() { None } else { Some(get(6).parse().map_err(|_| bad("year"))?) },
            source: get(7).to_string(),
            quote: get(8).to_string(),
            note: get(9).to_string(),
        });
    }
    Ok(StatsFile { targets, ..Default::default() })
}

pub const STATS_HEADERS: &[&str] = &[
    "县区代码",
    "年份",
    "3-5岁适龄人口",
    "常住人口",
    "在园幼儿数",
    "公办在园幼儿数",
    "普惠在园幼儿数",
    "财政性学前教育经费（万元）",
    "财政性教育经费（万元）",
    "新增公办学位",
    "通过县域普及普惠督导评估",
];

/// Reads a bureau's county statistics (columns as `STATS_HEADERS`, any order).
pub fn read_county_stats(path: &Path) -> Result<Vec<CountyYear>, String> {
    let t = read_plain(path)?;
    let file = path.display();
    let idx: Vec<usize> = STATS_HEADERS
        .iter()
        .map(|h| t.headers.iter().position(|x| x.trim() == *h).ok_or_else(|| format!("{file}：缺少列“{h}”")))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (row, c) in &t.rows {
        let get = |k: usize| c.get(idx[k]).map(|s| s.trim().replace(',', "")).unwrap_or_default();
        let num = |k: usize| -> Result<f64, String> {
            get(k).parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).ok_or_else(|| {
                format!("{file} 第 {row} 行“{}”应为非负数字，实为“{}”", STATS_HEADERS[k], get(k))
            })
        };
        out.push(CountyYear {
            county: num(0)? as u32,
            year: num(1)? as u16,
            age_3_5: num(2)? as u32,
            residents: num(3)? as u32,
            enrolled: num(4)? as u32,
            enrolled_public: num(5)? as u32,
            enrolled_inclusive: num(6)? as u32,
            fiscal_preschool: num(7)?,
            fiscal_education: num(8)?,
            new_public_seats: num(9)? as u32,
            supervision_passed: matches!(get(10).as_str(), "是" | "1" | "true"),
        });
    }
    Ok(out)
}

/// Writes the generated records as the spreadsheets a bureau would send: one file per city,
/// in the formats bureaus use (揭阳市 as XLSX, 株洲市 as GB18030 CSV, the rest UTF-8 CSV with
/// BOM), plus a few broken rows so the report shows what a clerk must fix.
pub fn write_sample_inputs(work: &Path, geo: &Geo, records: &[Record]) -> Result<Vec<PathBuf>, String> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(|e| format!("{}：{e}", work.display()))?;
    let mut by_city: BTreeMap<u32, Vec<Vec<String>>> = BTreeMap::new();
    for r in records {
        by_city.entry(geo.city_of(r.county)).or_default().push(to_row(r));
    }
    let headers: Vec<String> = COLUMNS.iter().map(template_header).collect();
    let mut paths = Vec::new();
    for (city, mut rows) in by_city {
        if city == 445200 {
            rows.extend(crate::sample::broken_rows(&rows));
            let p = work.join(format!("{city}-揭阳市幼儿园信息.xlsx"));
            write_xlsx(&p, &headers, &rows)?;
            paths.push(p);
            continue;
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers).map_err(|e| e.to_string())?;
        for r in &rows {
            w.write_record(r).map_err(|e| e.to_string())?;
        }
        let text = w.into_inner().map_err(|e| e.to_string())?;
        let (bytes, name) = if city == 430200 {
            let s = String::from_utf8(text).map_err(|e| e.to_string())?;
            (encoding_rs::GB18030.encode(&s).0.into_owned(), format!("{city}-gb18030.csv"))
        } else {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(&text);
            (b, format!("{city}.csv"))
        };
        let p = work.join(name);
        std::fs::write(&p, bytes).map_err(|e| format!("{}：{e}", p.display()))?;
        paths.push(p);
    }
    Ok(paths)
}

fn write_xlsx(path: &Path, headers: &[String], rows: &[Vec<String>]) -> Result<(), String> {
    let err = |e: rust_xlsxwriter::XlsxError| format!("{}：{e}", path.display());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("幼儿园").map_err(err)?;
    // As a clerk's sheet looks: a title and a 填报单位 row above the header.
    ws.write_string(0, 0, "幼儿园基本情况表（示例数据，程序生成）").map_err(err)?;
    ws.write_string(1, 0, "填报单位：示例教育局").map_err(err)?;
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(2, i as u16, h).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 3, c as u16, v).map_err(err)?;
            }
        }
    }
    wb.save(path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every target names an indicator the portal knows, and quotes its document exactly (checked
    /// against the seed documents when they are present next to the repository).
    #[test]
    fn targets_are_known_and_quoted_exactly() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let st = load_targets(&root.join("data/targets.csv")).unwrap();
        assert!(st.targets.len() >= 30);
        let seeds = root.join("../shared/seeds");
        for t in &st.targets {
            assert_ne!(kg_shared::stats::indicator_label(&t.indicator), "（未知指标）", "{}", t.indicator);
            assert!(!t.quote.is_empty() && !t.region_name.is_empty());
            if seeds.is_dir() {
                let doc = std::fs::read_to_string(seeds.join(&t.source)).unwrap();
                let flat: String = doc.split_whitespace().collect();
                assert!(
                    flat.contains(&t.quote.replace(' ', "")),
                    "{} does not quote {}: {}",
                    t.source,
                    t.indicator,
                    t.quote
                );
            }
        }
    }
}
