//! Targets and county statistics as data; the generated sample as bureau spreadsheets (bytes).

use crate::{
    columns::{template_header, to_row, COLUMNS},
    places::Geo,
    table::read_plain_bytes,
};
use anyhow::anyhow;
use kg_shared::{
    indicators::Indicator,
    model::Record,
    stats::{Binds, Comparator, CountyYear, StatsFile, Target, TargetKind},
};
use std::collections::BTreeMap;

/// The columns of `targets.csv`, in order.
pub const TARGET_HEADERS: &[&str] = &[
    "region",
    "region_name",
    "indicator",
    "comparator",
    "value",
    "unit",
    "year",
    "doc",
    "section",
    "binds",
    "kind",
    "quote",
    "note",
];

/// Reads `targets.csv` (columns `TARGET_HEADERS`, by name): each target with the document and
/// section that set it, the regions it binds and its kind. An error names the file, the row and
/// the column.
pub fn parse_targets(file: &str, bytes: &[u8]) -> anyhow::Result<StatsFile> {
    let t = read_plain_bytes(file, bytes)?;
    let idx: Vec<usize> = TARGET_HEADERS
        .iter()
        .map(|h| t.headers.iter().position(|x| x.trim() == *h).ok_or_else(|| anyhow!("{file}：缺少列“{h}”")))
        .collect::<Result<_, _>>()?;
    let mut targets = Vec::new();
    for (row, c) in &t.rows {
        let get = |k: usize| c.get(idx[k]).map(|s| s.trim()).unwrap_or("");
        let bad = |k: usize, why: &str| {
            anyhow!(
                "{file} 第 {row} 行“{}”列（第 {} 列）：{why}，实为“{}”",
                TARGET_HEADERS[k],
                idx[k] + 1,
                get(k)
            )
        };
        let indicator = get(2).to_string();
        if Indicator::from_key(&indicator).is_none() {
            return Err(bad(2, "不是已知的指标"));
        }
        let doc = get(7).to_string();
        if kg_shared::policy::document(&doc).is_none() {
            return Err(bad(7, "应为政策文件编号 000–004"));
        }
        targets.push(Target {
            region: get(0).parse().map_err(|_| bad(0, "应为六位区划代码"))?,
            region_name: get(1).to_string(),
            indicator,
            comparator: Comparator::parse(get(3)).ok_or_else(|| bad(3, "应为 >=、> 或 <="))?,
            value: get(4).parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| bad(4, "应为数字"))?,
            unit: get(5).to_string(),
            year: if get(6).is_empty() {
                None
            } else {
                Some(get(6).parse().map_err(|_| bad(6, "应为年份"))?)
            },
            doc,
            section: get(8).to_string(),
            binds: Binds::parse(get(9)).map_err(|e| bad(9, &e))?,
            kind: TargetKind::parse(get(10))
                .ok_or_else(|| bad(10, "应为 target、aim、binding、encouragement 或 outside"))?,
            quote: c.get(idx[11]).unwrap_or("").to_string(),
            note: get(12).to_string(),
        });
    }
    Ok(StatsFile { targets, ..Default::default() })
}

/// One column of the county statistics sheet.
pub struct StatsColumn {
    pub header: &'static str,
    /// A sheet may leave it out (statistics kept before it was asked for), and a cell may be
    /// blank: then there is no such figure. The first eleven are required.
    pub optional: bool,
}

const fn col(header: &'static str, optional: bool) -> StatsColumn {
    StatsColumn { header, optional }
}

/// The county statistics sheet (`--stats`), in the order the sample writes it; read by header,
/// in any order.
pub const STATS_COLUMNS: &[StatsColumn] = &[
    col("县区代码", false),
    col("年份", false),
    col("3-5岁适龄人口", false),
    col("常住人口", false),
    col("在园幼儿数", false),
    col("公办在园幼儿数", false),
    col("普惠在园幼儿数", false),
    col("财政性学前教育经费（万元）", false),
    col("财政性教育经费（万元）", false),
    col("新增公办学位", false),
    col("通过县域普及普惠督导评估", false), // 是/否
    col("学前教育一般公共预算教育支出（万元）", true),
    col("公办园公用经费（万元）", true),
    col("新建改扩建公办幼儿园数", true),
    col("常住人口4000人以上行政村数", true),
    col("其中有规范化普惠性幼儿园的行政村数", true),
];

/// The headers of `STATS_COLUMNS`.
pub fn stats_headers() -> Vec<&'static str> {
    STATS_COLUMNS.iter().map(|c| c.header).collect()
}

/// Reads a bureau's county statistics (columns as `STATS_COLUMNS`, any order; the optional ones
/// may be missing or blank: no figure). An error names the file, the row and the column.
pub fn parse_county_stats(file: &str, bytes: &[u8]) -> anyhow::Result<Vec<CountyYear>> {
    let t = read_plain_bytes(file, bytes)?;
    let idx: Vec<Option<usize>> = STATS_COLUMNS
        .iter()
        .map(|c| match t.headers.iter().position(|x| x.trim() == c.header) {
            None if !c.optional => Err(anyhow!("{file}：缺少列“{}”", c.header)),
            found => Ok(found),
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (row, cells) in &t.rows {
        let cell = |k: usize| {
            idx[k].and_then(|i| cells.get(i)).map(|s| s.trim().replace(',', "")).unwrap_or_default()
        };
        let bad = |k: usize, what: &str| {
            let at = idx[k].map(|i| format!("（第 {} 列）", i + 1)).unwrap_or_default();
            anyhow!("{file} 第 {row} 行“{}”列{at}应为{what}，实为“{}”", STATS_COLUMNS[k].header, cell(k))
        };
        let opt = |k: usize| -> anyhow::Result<Option<f64>> {
            let v = cell(k);
            if v.is_empty() && STATS_COLUMNS[k].optional {
                return Ok(None);
            }
            v.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .map(Some)
                .ok_or_else(|| bad(k, "非负数字"))
        };
        let num = |k: usize| opt(k).map(|v| v.unwrap_or(0.0));
        let whole = |k: usize| -> anyhow::Result<Option<u32>> {
            match opt(k)? {
                Some(v) if v.fract() != 0.0 || v > u32::MAX as f64 => Err(bad(k, "非负整数")),
                v => Ok(v.map(|v| v as u32)),
            }
        };
        let int = |k: usize| whole(k).map(|v| v.unwrap_or(0));
        let passed = match cell(10).as_str() {
            "是" | "1" | "true" => true,
            "否" | "0" | "false" | "" => false,
            _ => return Err(bad(10, "“是”或“否”")),
        };
        let y = CountyYear {
            county: int(0)?,
            year: u16::try_from(int(1)?).map_err(|_| bad(1, "年份"))?,
            age_3_5: int(2)?,
            residents: int(3)?,
            enrolled: int(4)?,
            enrolled_public: int(5)?,
            enrolled_inclusive: int(6)?,
            fiscal_preschool: num(7)?,
            fiscal_education: num(8)?,
            new_public_seats: int(9)?,
            supervision_passed: passed,
            preschool_budget: opt(11)?,
            public_operating_funds: opt(12)?,
            new_public_kg: whole(13)?,
            villages_4000: whole(14)?,
            villages_4000_covered: whole(15)?,
        };
        if let (Some(n), Some(c)) = (y.villages_4000, y.villages_4000_covered) {
            if c > n {
                return Err(bad(15, &format!("不大于“{}”（{n}）的数", STATS_COLUMNS[14].header)));
            }
        }
        out.push(y);
    }
    Ok(out)
}

/// County statistics as the sheet `parse_county_stats` reads (UTF-8 with BOM, as Excel opens
/// it): the sample's, for a bureau to see the format.
pub fn county_stats_csv(years: &[CountyYear]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| anyhow!("{e}");
    w.write_record(stats_headers()).map_err(err)?;
    let n = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let i = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    for y in years {
        w.write_record([
            y.county.to_string(),
            y.year.to_string(),
            y.age_3_5.to_string(),
            y.residents.to_string(),
            y.enrolled.to_string(),
            y.enrolled_public.to_string(),
            y.enrolled_inclusive.to_string(),
            y.fiscal_preschool.to_string(),
            y.fiscal_education.to_string(),
            y.new_public_seats.to_string(),
            if y.supervision_passed { "是" } else { "否" }.to_string(),
            n(y.preschool_budget),
            n(y.public_operating_funds),
            i(y.new_public_kg),
            i(y.villages_4000),
            i(y.villages_4000_covered),
        ])
        .map_err(err)?;
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(w.into_inner().map_err(|e| anyhow!("{e}"))?);
    Ok(bytes)
}

/// The generated records as the spreadsheets a bureau would send, by file name: one file per
/// city, in the formats bureaus use (揭阳市 as XLSX, 株洲市 as GB18030 CSV, the rest UTF-8 CSV
/// with BOM), plus a few broken rows so the report shows what a clerk must fix.
pub fn sample_inputs(geo: &Geo, records: &[Record]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut by_city: BTreeMap<u32, Vec<Vec<String>>> = BTreeMap::new();
    for r in records {
        by_city.entry(geo.city_of(r.county)).or_default().push(to_row(r));
    }
    let headers: Vec<String> = COLUMNS.iter().map(template_header).collect();
    let mut files = Vec::new();
    for (city, mut rows) in by_city {
        if city == 445200 {
            rows.extend(crate::sample::broken_rows(&rows));
            files.push((format!("{city}-揭阳市幼儿园信息.xlsx"), xlsx_bytes(&headers, &rows)?));
            continue;
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers)?;
        for r in &rows {
            w.write_record(r)?;
        }
        let text = w.into_inner()?;
        let (bytes, name) = if city == 430200 {
            let s = String::from_utf8(text)?;
            (encoding_rs::GB18030.encode(&s).0.into_owned(), format!("{city}-gb18030.csv"))
        } else {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(&text);
            (b, format!("{city}.csv"))
        };
        files.push((name, bytes));
    }
    Ok(files)
}

fn xlsx_bytes(headers: &[String], rows: &[Vec<String>]) -> anyhow::Result<Vec<u8>> {
    let err = |e: rust_xlsxwriter::XlsxError| anyhow!("{e}");
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
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kg_shared::{
        indicators::{Progress, Verdict},
        policy::{self, Document},
        stats::Group,
    };

    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn load_targets(p: &Path) -> anyhow::Result<StatsFile> {
        parse_targets(&p.display().to_string(), &std::fs::read(p)?)
    }

    fn read_county_stats(p: &Path) -> anyhow::Result<Vec<CountyYear>> {
        parse_county_stats(&p.display().to_string(), &std::fs::read(p)?)
    }

    fn write_county_stats(p: &Path, years: &[CountyYear]) -> anyhow::Result<()> {
        Ok(std::fs::write(p, county_stats_csv(years)?)?)
    }

    fn targets() -> Vec<Target> {
        load_targets(&root().join("data/targets.csv")).unwrap().targets
    }

    fn seed(d: &Document) -> String {
        let path = format!("{}/../../../shared/seeds/{}", env!("CARGO_MANIFEST_DIR"), d.file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (the seeds live in ../shared/seeds)"))
    }

    /// The figures a quote states, with their units: "99%" → (99, "%"), "1.68万个" → (16800,
    /// "个"), "3-5所" → (3, "所") and (5, "所"), "600 元" → (600, "元"). Years are not figures.
    fn figures(quote: &str) -> Vec<(f64, String)> {
        let chars: Vec<char> = quote.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'))
            {
                i += 1;
                continue;
            }
            let mut numbers = Vec::new();
            loop {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                numbers.push(chars[start..i].iter().collect::<String>().parse::<f64>().unwrap());
                if i + 1 < chars.len() && chars[i] == '-' && chars[i + 1].is_ascii_digit() {
                    i += 1; // a range, "3-5所"
                    continue;
                }
                break;
            }
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            let mut scale = 1.0;
            if i < chars.len() && matches!(chars[i], '万' | '萬') {
                scale = 10_000.0;
                i += 1;
            }
            let unit = match chars.get(i) {
                Some('个' | '個') => "个",
                Some(&c) if "%所元座人年名".contains(c) => {
                    &quote[quote.char_indices().nth(i).unwrap().0..][..c.len_utf8()]
                }
                _ => "",
            };
            if unit != "年" {
                out.extend(numbers.into_iter().map(|n| (n * scale, unit.to_string())));
            }
        }
        out
    }

    /// Words that state a figure without a number: "全员持证" is all of them, "消除大班额" none left.
    const IMPLIED: &[(&str, f64)] = &[
        ("全员", 100.0),
        ("全員", 100.0),
        ("每个", 100.0),
        ("每班", 100.0),
        ("各类", 100.0),
        ("人以上的行政村举办", 100.0),
        ("消除", 0.0),
        ("清理", 0.0),
        ("更名", 0.0),
        ("一个月内", 0.0),
        ("只增不减", 0.0),
    ];

    #[test]
    fn figures_are_read_as_the_documents_write_them() {
        let f = |q: &str| figures(q);
        assert_eq!(f("到2025年，全市学前三年毛入园率达到99%以上"), [(99.0, "%".to_string())]);
        assert_eq!(f("全市新增1.68万个以上公办幼儿园学位"), [(16800.0, "个".to_string())]);
        assert_eq!(f("新增33萬個幼兒園公辦學位"), [(330000.0, "个".to_string())]);
        assert_eq!(f("2025 年前按照生均不低于 600 元标准"), [(600.0, "元".to_string())]);
        assert_eq!(
            f("创建3-5所市级示范性园和1所"),
            [(3.0, "所".into()), (5.0, "所".into()), (1.0, "所".into())]
        );
        assert!(f("“5080”成果").iter().all(|(_, u)| u.is_empty()));
    }

    /// Every target quotes its document verbatim (spaces as the file has them; 003 in its
    /// Traditional characters), states the figure the CSV gives, names a known indicator, and
    /// binds the issuing region, a part of it, or one of Guangdong's groups; an aim keeps 力争,
    /// an encouragement 鼓励 or 探索.
    /// A citation is checkable: the section it names has an anchor on its document's page, and
    /// the words quoted are in that section's lines, not elsewhere in the document.
    #[test]
    fn every_target_links_to_the_paragraph_that_sets_it() {
        let check = |d: &kg_shared::policy::Document, section: &str, quote: &str, what: &str| {
            let text = seed(d);
            let at =
                d.outline(&text).locate(section).unwrap_or_else(|| panic!("{what}: no section {section}"));
            let body = text.lines().skip(at.start).take(at.end - at.start).collect::<Vec<_>>().join("\n");
            assert!(body.contains(quote), "{what}: {} {section} does not say “{quote}”", d.id);
            assert_eq!(
                kg_shared::policy::anchor(d.id, section),
                Some(at.anchor.as_str()),
                "{what}: SECTIONS"
            );
        };
        for t in targets() {
            let d = t.document().unwrap();
            check(d, &t.section, &t.quote, &format!("{} {}", t.doc, t.indicator));
            assert_eq!(
                t.href().unwrap(),
                format!("policy/?doc={}#{}", d.id, kg_shared::policy::anchor(d.id, &t.section).unwrap())
            );
        }
        for (d, section, quote) in kg_shared::indicators::FIVE_EIGHTY_INVOKED {
            check(d, section, quote, "5080");
        }
        let g = kg_shared::stats::Group::SECTION;
        let d = &kg_shared::policy::GUANGDONG_BASIC;
        assert!(d.outline(&seed(d)).locate(g).is_some() && kg_shared::policy::anchor(d.id, g).is_some());
    }

    #[test]
    fn targets_are_quoted_exactly_and_their_figures_are_the_quotes() {
        let ts = targets();
        assert!(ts.len() >= 45, "{}", ts.len());
        let unit_of = |u: &str| {
            match u {
                "元/生·年" => "元",
                "座/千人" => "座",
                u => u,
            }
            .to_string()
        };
        let mut shared: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
        for t in &ts {
            let what = format!("{} {} {} {}", t.doc, t.section, t.indicator, t.value);
            let d = t.document().unwrap_or_else(|| panic!("{what}: no document"));
            assert!(seed(d).contains(&t.quote), "{what}: {} does not say “{}”", d.file, t.quote);
            assert_eq!(t.region, d.region, "{what}: the issuing region");
            assert!(!t.region_name.is_empty() && d.region_name == t.region_name, "{what}");
            let ind =
                Indicator::from_key(&t.indicator).unwrap_or_else(|| panic!("{what}: unknown indicator"));
            assert!(!t.unit.is_empty(), "{what}");
            // The figure: one the quote states in the target's unit, or one its words imply.
            let stated: Vec<f64> = figures(&t.quote)
                .into_iter()
                .filter(|(_, u)| *u == unit_of(&t.unit))
                .map(|(v, _)| v)
                .collect();
            if stated.is_empty() {
                let implied: Vec<f64> =
                    IMPLIED.iter().filter(|(w, _)| t.quote.contains(w)).map(|(_, v)| *v).collect();
                assert!(
                    !implied.is_empty() && implied.iter().all(|v| *v == t.value),
                    "{what}: “{}” states no {}{}",
                    t.quote,
                    t.value,
                    t.unit
                );
            } else {
                assert!(stated.contains(&t.value), "{what}: “{}” states {stated:?}", t.quote);
                shared.entry((t.doc.as_str(), t.quote.as_str())).or_default().push(t.value);
            }
            match &t.binds {
                Binds::Prefix(p) => {
                    assert!(p.starts_with(&d.scope()), "{what}: binds {p}, outside {}", d.scope());
                    if p.len() == 6 {
                        assert_eq!(
                            p,
                            &format!("{:06}", t.region),
                            "{what}: a whole code is the region's own total"
                        );
                    }
                }
                Binds::Group(_) => assert_eq!(d.scope(), "44", "{what}: groups are Guangdong's"),
            }
            if ind.def().own_region_only {
                assert_eq!(
                    t.binds,
                    Binds::Prefix(format!("{:06}", t.region)),
                    "{what}: a total of the region itself"
                );
            }
            match t.kind {
                TargetKind::Aim => assert!(t.quote.contains("力争"), "{what}"),
                TargetKind::Encouragement => {
                    assert!(t.quote.contains("鼓励") || t.quote.contains("探索"), "{what}")
                }
                TargetKind::Outside => panic!("{what}: an outside standard is not a seed's target"),
                _ => assert!(!["力争", "鼓励", "探索"].iter().any(|w| t.quote.contains(w)), "{what}"),
            }
            assert_eq!(t.is_draft(), t.doc == "001", "{what}");
            let label = &t.section;
            assert!(
                !label.is_empty()
                    && label.split(' ').all(|tok| {
                        tok.strip_prefix("附件")
                            .is_none_or(|n| n.chars().all(|c| c.is_ascii_digit() || c == '-'))
                    })
                    && label.chars().all(|c| "§()（）. -附件0123456789一二三四五六七八九十".contains(c)),
                "{what}: section label “{label}”"
            );
        }
        // Rows sharing a quote take different figures of it (98% and 83%; 3–5所 and 1所).
        for ((doc, quote), values) in shared {
            let mut v = values.clone();
            v.dedup();
            assert_eq!(v.len(), values.len(), "{doc}: “{quote}” gives one figure twice");
        }
        // One row per region, indicator, figure and scope.
        let mut keys: Vec<String> =
            ts.iter().map(|t| format!("{}{}{}{:?}", t.region, t.indicator, t.value, t.binds)).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    /// Guangdong's teacher figures as 002 §(六) sets them: 93% the province's total (“其中” the two
    /// regions' figures are parts of it), 98% and 83% each group's cities and counties.
    #[test]
    fn teacher_qualification_is_set_per_group() {
        let ts = targets();
        let teacher: Vec<(String, f64)> = ts
            .iter()
            .filter(|t| t.indicator == "teacher_college" && t.region == 440000)
            .map(|t| (String::from(t.binds.clone()), t.value))
            .collect();
        assert_eq!(
            teacher,
            [("440000".to_string(), 93.0), ("珠三角".into(), 98.0), ("粤东粤西粤北".into(), 83.0)]
        );
        let words = "到2025年，幼儿园专任教师大专以上学历比例达93%以上，其中珠三角地区和粤东粤西粤北地区分别达到98%和83%";
        assert!(seed(&policy::GUANGDONG).contains(words));
    }

    /// The group lists are the real cities: each code is a city of Guangdong with that name.
    #[test]
    fn group_cities_are_the_geography_s() {
        let geo = crate::places::Geo::bundled().unwrap();
        for g in Group::ALL {
            for c in g.cities() {
                let names: Vec<&str> = geo
                    .counties
                    .values()
                    .filter(|x| x.city == c.code)
                    .map(|x| x.city_name.as_str())
                    .collect();
                assert!(
                    !names.is_empty() && names.iter().all(|n| *n == format!("{}市", c.name)),
                    "{}: {names:?}",
                    c.code
                );
            }
        }
    }

    #[test]
    fn target_errors_name_the_file_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        let head = TARGET_HEADERS.join(",");
        let row = "445200,揭阳市,public_share,>=,50,%,2025,000,二(一),4452,target,公办幼儿园在园幼儿占比达到50%以上,";
        std::fs::write(&p, format!("{head}\n{row}\n")).unwrap();
        assert_eq!(load_targets(&p).unwrap().targets.len(), 1);
        std::fs::write(&p, format!("{head}\n{}\n", row.replace(",4452,", ",珠江,"))).unwrap();
        let e = load_targets(&p).unwrap_err().to_string();
        assert!(
            e.contains("t.csv")
                && e.contains("第 2 行")
                && e.contains("“binds”列（第 10 列）")
                && e.contains("珠江"),
            "{e}"
        );
        std::fs::write(&p, format!("{head}\n{}\n", row.replace(",target,", ",rule,"))).unwrap();
        assert!(load_targets(&p).unwrap_err().to_string().contains("“kind”列（第 11 列）"));
        std::fs::write(&p, format!("{head}\n{}\n", row.replace(",000,", ",007,"))).unwrap();
        assert!(load_targets(&p).unwrap_err().to_string().contains("“doc”列"));
    }

    #[test]
    fn county_statistics_read_back_and_later_columns_may_be_missing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("区县统计.csv");
        let years = vec![
            CountyYear {
                county: 441900,
                year: 2025,
                age_3_5: 100,
                residents: 3000,
                enrolled: 95,
                enrolled_public: 50,
                enrolled_inclusive: 80,
                fiscal_preschool: 12.5,
                fiscal_education: 250.25,
                new_public_seats: 30,
                supervision_passed: true,
                preschool_budget: Some(10.01),
                public_operating_funds: None,
                new_public_kg: Some(2),
                villages_4000: Some(0),
                villages_4000_covered: Some(0),
            },
            CountyYear { county: 442000, year: 2024, ..CountyYear::default() },
        ];
        write_county_stats(&p, &years).unwrap();
        assert_eq!(read_county_stats(&p).unwrap(), years);
        // A sheet of the first eleven columns only (as bureaus kept it before): no later figures.
        let first: Vec<&str> = STATS_COLUMNS.iter().filter(|c| !c.optional).map(|c| c.header).collect();
        assert_eq!(first.len(), 11);
        std::fs::write(&p, format!("{}\n445202,2025,10,300,9,5,8,1,20,0,否\n", first.join(","))).unwrap();
        let y = &read_county_stats(&p).unwrap()[0];
        assert_eq!((y.county, y.enrolled, y.preschool_budget, y.villages_4000), (445202, 9, None, None));
        // Errors name the file, the row and the column.
        let all = stats_headers().join(",");
        std::fs::write(&p, format!("{all}\n445202,2025,10,300,9,5,8,1,20,0,否,1,1,2.5,,\n")).unwrap();
        let e = read_county_stats(&p).unwrap_err().to_string();
        assert!(e.contains("区县统计.csv 第 2 行“新建改扩建公办幼儿园数”列（第 14 列）应为非负整数"), "{e}");
        std::fs::write(&p, format!("{all}\n445202,2025,10,300,9,5,8,1,20,0,否,1,1,2,3,4\n")).unwrap();
        assert!(read_county_stats(&p)
            .unwrap_err()
            .to_string()
            .contains("“其中有规范化普惠性幼儿园的行政村数”列（第 16 列）"));
        std::fs::write(&p, format!("{all}\n445202,2025,10,300,9,5,8,1,20,0,也许,,,,,\n")).unwrap();
        assert!(read_county_stats(&p)
            .unwrap_err()
            .to_string()
            .contains("“通过县域普及普惠督导评估”列（第 11 列）"));
        std::fs::write(&p, format!("{}\n1,2\n", first[..10].join(","))).unwrap();
        assert!(read_county_stats(&p).unwrap_err().to_string().contains("缺少列“通过县域普及普惠督导评估”"));
    }

    /// Where a county unit lies, for the table below.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Place {
        Jieyang,
        /// Another 粤东粤西粤北 city's county.
        EastWestNorth,
        /// A 珠三角 city's county, or 东莞 and 中山 themselves.
        PearlRiverDelta,
        Zhuzhou,
        Pingdingshan,
        /// No bundled document binds it (儋州, 嘉峪关).
        Elsewhere,
    }

    fn place(code: u32) -> Place {
        let city = code / 100 * 100;
        if city == 445200 {
            Place::Jieyang
        } else if code / 10000 == 44 {
            if [440100, 440300, 440400, 440600, 441300, 441900, 442000, 440700, 441200].contains(&city) {
                Place::PearlRiverDelta
            } else {
                Place::EastWestNorth
            }
        } else if city == 430200 {
            Place::Zhuzhou
        } else if city == 410400 {
            Place::Pingdingshan
        } else {
            Place::Elsewhere
        }
    }

    /// The targets the documents set for a county unit of a place, per indicator: (issuing
    /// region, figure), the one judged against first. Written out from the documents, not
    /// computed: 揭阳's counties see their city's plan and the province's (the stricter judging;
    /// of equal ones the city's), 珠三角 and 粤东粤西粤北 counties their group's teacher figure,
    /// 株洲 and 平顶山 only their city's, and the province's totals (seats, 新建园, 督导评估, the
    /// 93%) bind no county.
    fn expected(place: Place) -> BTreeMap<&'static str, Vec<(u32, f64)>> {
        const GD: u32 = 440000;
        const JY: u32 = 445200;
        let gd_all = [
            ("gross_enrolment", 100.0),
            ("public_share", 50.0),
            ("inclusive_share", 85.0),
            ("standardized_share", 95.0),
            ("town_coverage", 100.0),
            ("village_coverage", 100.0),
            ("seats_per_1000", 40.0),
            ("per_pupil_budget_change", 0.0),
            ("fiscal_share", 5.0),
            ("teacher_certified", 100.0),
            ("oversize_kindergartens", 0.0),
            ("quality_published_share", 100.0),
            ("stale_records", 0.0),
            ("name_flagged", 0.0),
            ("principal_college", 100.0),
        ];
        let mut m: BTreeMap<&str, Vec<(u32, f64)>> = BTreeMap::new();
        match place {
            Place::PearlRiverDelta | Place::EastWestNorth => {
                m.extend(gd_all.iter().map(|(k, v)| (*k, vec![(GD, *v)])));
                let teacher = if place == Place::PearlRiverDelta { 98.0 } else { 83.0 };
                m.insert("teacher_college", vec![(GD, teacher)]);
            }
            Place::Jieyang => {
                m.extend(gd_all.iter().map(|(k, v)| (*k, vec![(GD, *v)])));
                // 揭阳's own plan: as strict as the province's (the city's judges) except 毛入园率,
                // where the province's 100% is stricter than 揭阳's 99%.
                for (k, v) in [
                    ("public_share", 50.0),
                    ("inclusive_share", 85.0),
                    ("standardized_share", 95.0),
                    ("town_coverage", 100.0),
                    ("village_coverage", 100.0),
                    ("seats_per_1000", 40.0),
                    ("per_pupil_budget_change", 0.0),
                    ("fiscal_share", 5.0),
                    ("teacher_certified", 100.0),
                    ("oversize_kindergartens", 0.0),
                    ("quality_published_share", 100.0),
                    ("name_flagged", 0.0),
                ] {
                    m.get_mut(k).unwrap().insert(0, (JY, v));
                }
                m.insert("gross_enrolment", vec![(GD, 100.0), (JY, 99.0)]);
                m.insert("teacher_college", vec![(JY, 83.0), (GD, 83.0)]);
            }
            Place::Zhuzhou => {
                for (k, v) in [
                    ("gross_enrolment", 95.0),
                    ("inclusive_share", 92.0),
                    ("public_share", 58.0),
                    ("oversize_kindergartens", 0.0),
                    ("principal_trained", 100.0),
                    ("two_teachers_one_nurse", 100.0),
                    ("quality_published_share", 100.0),
                    ("name_flagged", 0.0),
                    ("model_city_kg", 3.0),
                    ("model_province_kg", 1.0),
                ] {
                    m.insert(k, vec![(430200, v)]);
                }
            }
            Place::Pingdingshan => {
                m.insert("public_share", vec![(410400, 60.0)]);
                m.insert("public_per_pupil_funding", vec![(410400, 600.0)]);
            }
            Place::Elsewhere => {}
        }
        m
    }

    /// For every county unit of the bundled sample (揭阳's, 株洲's and 平顶山's counties, every
    /// other county of 广东, 东莞 and 中山) and the national sample's 儋州 and 嘉峪关: the targets
    /// shown for each indicator are exactly those its documents set, and the verdict is the
    /// stricter one's.
    #[test]
    fn every_county_unit_of_the_sample_shows_exactly_its_documents_targets() {
        let geo = crate::places::Geo::bundled().unwrap();
        let (y, m, d) = crate::sample::AS_OF;
        let as_of = kg_shared::date::Date::new(y, m, d).unwrap();
        let mut gen = crate::sample::generate_scaled(&geo, false, 1, 1.0);
        let national = crate::sample::generate_counties(&geo, &[460400, 620200], true, 1, 1.0);
        gen.records.extend(national.records);
        gen.stats.extend(national.stats);
        let mut by_county: BTreeMap<u32, Vec<&Record>> = BTreeMap::new();
        for r in &gen.records {
            by_county.entry(r.county).or_default().push(r);
        }
        let mut st = load_targets(&root().join("data/targets.csv")).unwrap();
        st.counties = gen.stats.clone();
        st.aggregates = by_county
            .iter()
            .map(|(&c, recs)| crate::publish::county_aggregate(&geo, c, geo.city_of(c), recs, as_of))
            .collect();
        let p = Progress::new(&st, y);
        let units = p.county_units();
        for c in [441900, 442000, 460400, 620200, 445202, 430202, 410402] {
            assert!(units.contains(&c), "{c} is a county unit");
        }
        assert_eq!(units.len(), geo.detailed_counties().len() + 2);
        // Every county unit has statistics rows, 东莞 and 中山 as the others.
        for &c in &units {
            let years: Vec<u16> = gen.stats.iter().filter(|s| s.county == c).map(|s| s.year).collect();
            assert_eq!(years, (2021..=2025).collect::<Vec<_>>(), "{c}");
        }
        let mut checked = 0;
        for &code in &units {
            let want = expected(place(code));
            for &ind in Indicator::ALL {
                let a = p.assess(code, ind);
                let got: Vec<(u32, f64)> = a.targets.iter().map(|t| (t.region, t.value)).collect();
                let key = ind.key();
                assert_eq!(got, want.get(key).cloned().unwrap_or_default(), "{code} {key}");
                let verdict = match (a.targets.first(), a.reading.value()) {
                    (None, _) => Verdict::NoTarget,
                    _ if ind.def().reference_only => Verdict::Reference,
                    (Some(_), None) => Verdict::NoData,
                    (Some(t), Some(v)) if t.comparator.met(v, t.value) => Verdict::Met,
                    _ => Verdict::NotMet,
                };
                assert_eq!(a.verdict, verdict, "{code} {key}: {:?}", a.reading);
                assert_eq!(a.counties, None, "{code} is judged on its own figure");
                if a.targets.len() > 1 && a.verdict != Verdict::Reference {
                    let (judged, basis) = (a.targets[0].scope_label(), a.basis().hans());
                    assert!(
                        basis.contains(&format!("按较严者（{judged}）判定"))
                            || basis.contains(&format!("宽严相同，按{judged}的目标判定")),
                        "{code} {key}: {basis}"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 140 * Indicator::ALL.len(), "{checked}");
        // The sample gives verdicts both ways, and every indicator a figure somewhere.
        let verdicts: Vec<Verdict> =
            units.iter().flat_map(|&c| p.scorecard(c).into_iter().map(|a| a.verdict)).collect();
        assert!(verdicts.contains(&Verdict::Met) && verdicts.contains(&Verdict::NotMet));
        for &ind in Indicator::ALL {
            assert!(units.iter().any(|&c| p.reading(c, ind, y).value().is_some()), "{ind:?}");
        }
        // Guangdong's totals include 东莞 and 中山, and are complete.
        let gd = p.region(440000).unwrap();
        assert!(gd.counties.contains(&441900) && gd.counties.contains(&442000));
        assert_eq!(gd.counties_with_records as usize, gd.counties.len());
        assert!(gd.partial_years().is_empty());
        let kgs: u64 =
            st.aggregates.iter().filter(|a| a.county / 10000 == 44).map(|a| a.kindergartens as u64).sum();
        assert_eq!(gd.records.kindergartens, kgs);
        // The region's own totals: the province's and 揭阳's, nobody else's.
        let own = |code, ind| p.targets(code, ind).iter().map(|t| t.value).collect::<Vec<_>>();
        assert_eq!(own(440000, Indicator::NewPublicSeats), [330000.0]);
        assert_eq!(own(445200, Indicator::NewPublicSeats), [16800.0]);
        assert_eq!(own(440000, Indicator::NewPublicKindergartens), [2500.0]);
        assert_eq!(own(440000, Indicator::SupervisionPassed), [30.0]);
        assert_eq!(own(440000, Indicator::TeacherCollege), [93.0]);
        assert_eq!(own(441900, Indicator::TeacherCollege), [98.0]);
        assert_eq!(own(445200, Indicator::TeacherCollege), [83.0, 83.0]);
        assert!(
            p.assess(440000, Indicator::NewPublicKindergartens).reading.value().is_some(),
            "新建园 is tracked"
        );
        // A target set for each county judges 株洲 by its counties.
        let a = p.assess(430200, Indicator::ModelCity);
        let c = a.counties.expect("judged by its counties");
        assert_eq!((c.met + c.not_met + c.no_data) as usize, p.county_units_of(430200).len());
        assert!(a.from_draft());
    }
}
