//! Sheets as clerks keep them, through `kgdata publish`, read back from what the site would
//! serve: a title row and a 填报单位 row above a merged two-row header, units in the headers,
//! township and 社区/村 names instead of codes, a subtotal and a footnote, an instructions sheet
//! in front; the same as a GBK CSV with Windows line ends; and the ways such sheets go wrong.

use kg_shared::{
    codec::{decode_detail, decode_list},
    model::{FoodSafety, Nature, Record},
};
use rust_xlsxwriter::{Format, Workbook};
use std::{
    path::{Path, PathBuf},
    process::Command,
};

const BIN: &str = env!("CARGO_BIN_EXE_kgdata");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn publish(dir: &Path, inputs: &[&Path], extra: &[&str]) -> (std::process::Output, serde_json::Value) {
    let out = dir.join("site");
    let report = dir.join("report");
    let mut cmd = Command::new(BIN);
    cmd.current_dir(root()).arg("publish");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.args(["--out", out.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    cmd.args(["--version", "t1", "--as-of", "2025-09-30", "--publisher", "榕城区教育局"]);
    cmd.args(extra);
    let o = cmd.output().expect("run kgdata");
    let r = std::fs::read(report.join("report.json")).map(|b| serde_json::from_slice(&b).unwrap());
    (o, r.unwrap_or(serde_json::Value::Null))
}

/// Every record the publication holds, decoded as the portal decodes it.
fn published(dir: &Path) -> Vec<Record> {
    let site = dir.join("site");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("manifest.json")).unwrap()).unwrap();
    let files = m["files"].as_array().unwrap();
    let mut out = Vec::new();
    for l in files.iter().filter(|f| f["kind"] == "list") {
        let d = files.iter().find(|f| f["kind"] == "detail" && f["region"] == l["region"]).unwrap();
        let list = decode_list(&std::fs::read(site.join(l["path"].as_str().unwrap())).unwrap()).unwrap();
        out.extend(
            decode_detail(&std::fs::read(site.join(d["path"].as_str().unwrap())).unwrap(), &list).unwrap(),
        );
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn lines<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["lines"].as_array().unwrap().iter().filter(|l| l["rule"] == rule).collect()
}

fn stdout(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// The header as a 榕城区 clerk lays it out: (upper row, lower row); an upper cell spanning
/// several columns is written once, at its first column, and merged.
const HEADER: &[(&str, &str)] = &[
    ("序号", ""),
    ("幼儿园名称", ""),
    ("统一社会信用代码", ""),
    ("县（市、区）", ""),
    ("所属街道（镇）", ""),
    ("详细地址", ""),
    ("经度", ""),
    ("纬度", ""),
    ("办园性质", ""),
    ("开办时间", ""),
    ("等级", ""),
    ("收费标准（元/月）", "保教费"),
    ("", "伙食费"),
    ("教职工配备（人）", "教职工数"),
    ("", "专任教师数"),
    ("", "专任教师大专以上学历人数"),
    ("", "持证专任教师数"),
    ("", "保育员数"),
    ("", "卫生保健人员数"),
    ("小班", "班数"),
    ("", "幼儿数"),
    ("中班", "班数"),
    ("", "幼儿数"),
    ("核定学位数", ""),
    ("园长任职资格培训合格", ""),
    ("食品安全等级", ""),
    ("招生服务区", ""),
    ("网址", ""),
    ("信息更新日期", ""),
    ("信息来源", ""),
];

/// Three kindergartens of 榕城区 as the clerk writes them (names, not codes).
fn rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "1",
            "榕城区新兴幼儿园",
            "12445200MB2C765438",
            "榕城区",
            "新兴街道",
            "揭阳市榕城区新兴街道新兴路8号",
            "116.4503",
            "23.5039",
            "公办（教育部门办）",
            "2008-09-01",
            "市一级",
            "800",
            "300",
            "22",
            "12",
            "11",
            "12",
            "6",
            "1",
            "2",
            "50",
            "2",
            "58",
            "120",
            "是",
            "A级",
            "进东社区、进安社区",
            "www.rc-xx.edu.cn",
            "2025-09-01",
            "榕城区教育局2025年公示",
        ],
        vec![
            "2",
            "榕城区榕华幼儿园",
            "",
            "榕城区",
            "榕华街道",
            "榕华大道2号",
            "116.4400",
            "23.5100",
            "民办(营利性)",
            "",
            "未评级",
            "1500",
            "",
            "10",
            "6",
            "5",
            "6",
            "3",
            "1",
            "1",
            "20",
            "1",
            "25",
            "60",
            "",
            "",
            "",
            "",
            "2025-08-15",
            "榕城区教育局2025年公示",
        ],
        vec![
            "3",
            "榕城区中山幼儿园",
            "",
            "揭阳市榕城区",
            "中山街道",
            "中山路3号",
            "116.4550",
            "23.4990",
            "普惠性民办园",
            "2015-03-01",
            "规范化",
            "900",
            "280",
            "12",
            "6",
            "6",
            "6",
            "3",
            "1",
            "1",
            "25",
            "1",
            "30",
            "70",
            "否",
            "B",
            "",
            "",
            "2025-09-10",
            "榕城区教育局2025年公示",
        ],
    ]
}

/// The second and third kindergartens carry no 统一社会信用代码: their 办学许可证号 is added
/// as an extra column at the right (a clerk's sheet grows to the right).
const LICENCES: [&str; 3] = ["", "教民144520270000021号", "教民144520270000022号"];

fn clerk_xlsx(path: &Path) {
    let mut wb = Workbook::new();
    let guide = wb.add_worksheet();
    guide.set_name("填报说明").unwrap();
    guide.write_string(0, 0, "请各园于9月底前填报，性质按“公办（教育部门办）”等填写。").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("榕城区").unwrap();
    let bold = Format::new().set_bold();
    let last = HEADER.len() as u16; // the licence column
    ws.merge_range(0, 0, 0, last, "2025年榕城区幼儿园基本情况统计表", &bold).unwrap();
    ws.write_string(1, 0, "填报单位：榕城区教育局（盖章）").unwrap();
    ws.write_string(1, 12, "填报日期：2025年9月20日").unwrap();
    let mut c = 0u16;
    while (c as usize) < HEADER.len() {
        let (upper, lower) = HEADER[c as usize];
        if lower.is_empty() {
            ws.merge_range(2, c, 3, c, upper, &bold).unwrap();
            c += 1;
            continue;
        }
        let span =
            HEADER[c as usize + 1..].iter().take_while(|(u, l)| u.is_empty() && !l.is_empty()).count() as u16;
        if span == 0 {
            ws.write_string(2, c, upper).unwrap();
        } else {
            ws.merge_range(2, c, 2, c + span, upper, &bold).unwrap();
        }
        for k in 0..=span {
            ws.write_string(3, c + k, HEADER[(c + k) as usize].1).unwrap();
        }
        c += span + 1;
    }
    ws.merge_range(2, last, 3, last, "办学许可证号", &bold).unwrap();
    for (i, r) in rows().iter().enumerate() {
        let row = 4 + i as u32;
        for (j, v) in r.iter().enumerate() {
            // Numbers as numbers (what Excel holds), the 信用代码 as text.
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(x) if j != 2 => ws.write_number(row, j as u16, x).unwrap(),
                _ => ws.write_string(row, j as u16, *v).unwrap(),
            };
        }
        if !LICENCES[i].is_empty() {
            ws.write_string(row, last, LICENCES[i]).unwrap();
        }
    }
    // Row 8 blank, 9 the subtotal, 10 a footnote, as clerks end their sheets.
    ws.write_string(8, 0, "合  计").unwrap();
    ws.write_number(8, 13, 44.0).unwrap();
    ws.merge_range(
        9,
        0,
        9,
        10,
        "注：1.本表数据截至2025年9月；2.收费标准以物价部门批复为准。",
        &Format::new(),
    )
    .unwrap();
    wb.save(path).unwrap();
}

/// The same sheet as Excel on Chinese Windows saves "CSV (逗号分隔)": GBK, CRLF, merged cells
/// flattened (the upper text in the first column of its span).
fn clerk_csv() -> Vec<u8> {
    let mut text = String::new();
    let width = HEADER.len() + 1;
    let line = |cells: Vec<String>| {
        let mut c = cells;
        c.resize(width, String::new());
        c.join(",") + "\r\n"
    };
    text += &line(vec!["2025年榕城区幼儿园基本情况统计表".into()]);
    text += &line(vec!["填报单位：榕城区教育局（盖章）".into()]);
    text += &line(HEADER.iter().map(|h| h.0.to_string()).chain(["办学许可证号".to_string()]).collect());
    text += &line(HEADER.iter().map(|h| h.1.to_string()).collect());
    for (i, r) in rows().iter().enumerate() {
        text += &line(r.iter().map(|v| v.to_string()).chain([LICENCES[i].to_string()]).collect());
    }
    text += &line(vec![]);
    text += &line(vec!["合计".into(), "".into()]);
    text += &line(vec!["注：本表数据截至2025年9月".into()]);
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    gbk.into_owned()
}

fn assert_clerk_records(recs: &[Record]) {
    assert_eq!(recs.len(), 3, "{:?}", recs.iter().map(|r| &r.name).collect::<Vec<_>>());
    let by = |n: &str| recs.iter().find(|r| r.name == n).unwrap_or_else(|| panic!("{n} not published"));
    let a = by("榕城区新兴幼儿园");
    assert_eq!((a.county, a.town), (445202, 445202002), "榕城区 / 新兴街道 by name");
    assert_eq!(a.nature, Nature::EduDept);
    assert_eq!((a.fees.care, a.fees.meals), (800, Some(300)), "收费标准（元/月） over 保教费/伙食费");
    assert_eq!((a.staff.total, a.staff.teachers, a.staff.nurses), (22, 12, 6));
    assert_eq!((a.classes[1].classes, a.classes[1].children, a.classes[2].children), (2, 50, 58));
    assert_eq!(a.principal_trained, Some(true));
    assert_eq!(a.food_safety, Some(FoodSafety::A));
    assert_eq!(a.website.as_deref(), Some("http://www.rc-xx.edu.cn"), "a scheme-less website is completed");
    assert_eq!(a.zone.len(), 2, "社区 by name");
    assert!(a.zone.iter().all(|z| z / 1000 == 445202001), "{:?}", a.zone);
    assert_eq!(a.founded.map(|d| d.to_string()).as_deref(), Some("2008-09-01"));
    let b = by("榕城区榕华幼儿园");
    assert_eq!(b.nature, Nature::ForProfitPrivate, "民办(营利性)");
    assert_eq!(b.id, "教民144520270000021号");
    assert_eq!(
        (b.principal_trained, b.food_safety, b.fees.meals),
        (None, None, None),
        "blank is 未填报, not 否"
    );
    let c = by("榕城区中山幼儿园");
    assert_eq!((c.county, c.town), (445202, 445202003), "揭阳市榕城区 / 中山街道");
    assert_eq!(c.nature, Nature::InclusivePrivate, "普惠性民办园");
    assert_eq!((c.principal_trained, c.food_safety), (Some(false), Some(FoodSafety::B)));
}

#[test]
fn a_clerks_workbook_and_its_gbk_csv_publish_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("榕城区幼儿园.xlsx");
    clerk_xlsx(&xlsx);
    let (o, report) = publish(dir.path(), &[&xlsx], &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert_clerk_records(&published(dir.path()));
    let f = &report["files"][0];
    assert_eq!(f["sheet"], "榕城区");
    assert_eq!(f["header_rows"], serde_json::json!([3, 4]));
    assert_eq!(f["above_header"], 2);
    let skipped: Vec<(u64, &str)> = f["skipped_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["row"].as_u64().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(skipped, [(8, "空行"), (9, "合计/小计行"), (10, "注释/落款行")]);
    assert_eq!((report["rows_in"].as_u64(), report["published"].as_u64()), (Some(6), Some(3)));
    assert_eq!((report["rejected"].as_u64(), report["skipped"].as_u64()), (Some(0), Some(3)));
    assert!(
        f["notes"][0].as_str().unwrap().contains("填报说明"),
        "the instructions sheet is reported as skipped"
    );
    assert_eq!(lines(&report, "N01").len(), 1, "the completed website is noted for the clerk");
    let text = stdout(&o);
    assert!(text.contains("跳过的合计/小计行：第 9 行"), "{text}");

    let dir2 = tempfile::tempdir().unwrap();
    let csv = dir2.path().join("榕城区幼儿园.csv");
    std::fs::write(&csv, clerk_csv()).unwrap();
    let (o, report) = publish(dir2.path(), &[&csv], &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(report["files"][0]["encoding"], "GB18030");
    assert_eq!(report["files"][0]["header_rows"], serde_json::json!([3, 4]));
    let skipped: Vec<u64> = report["files"][0]["skipped_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["row"].as_u64().unwrap())
        .collect();
    assert_eq!(skipped, [8, 9, 10], "physical lines of a CRLF file");
    let (a, b) = (published(dir.path()), published(dir2.path()));
    assert_eq!(a, b, "the workbook and its CSV give the same records");
}

/// A sheet with the header in row 1 and one kindergarten per row: `cols` and `cells` in order.
fn simple_csv(path: &Path, cols: &[&str], rows: &[Vec<String>], crlf: bool) {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut t = cols.join(",") + nl;
    for r in rows {
        t += &(r.join(",") + nl);
    }
    std::fs::write(path, t).unwrap();
}

fn base_cols() -> Vec<&'static str> {
    HEADER.iter().map(|h| if h.1.is_empty() { h.0 } else { h.1 }).collect()
}

fn flat_row(i: usize) -> Vec<String> {
    // 小班/中班 班数 and 幼儿数 headers must be distinct in a one-row header.
    rows()[i].iter().map(|s| s.to_string()).collect()
}

fn flat_cols() -> Vec<String> {
    let mut cols: Vec<String> = base_cols().iter().map(|s| s.to_string()).collect();
    cols[11] = "保教费（元/月）".into();
    cols[12] = "伙食费（元/月）".into();
    cols[19] = "小班班数".into();
    cols[20] = "小班幼儿数".into();
    cols[21] = "中班班数".into();
    cols[22] = "中班幼儿数".into();
    cols
}

#[test]
fn wrong_units_conflicting_columns_and_unknown_names_reject_only_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.csv");
    let mut cols = flat_cols();
    cols[12] = "伙食费（元/天）".into();
    cols.push("地址".into());
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut r0 = flat_row(0);
    r0.push("揭阳市榕城区新兴街道新兴路8号".into()); // agrees with 详细地址
    let mut r1 = flat_row(0);
    r1[1] = "榕城区新兴二幼".into();
    r1[2] = "".into();
    r1.push("别的地址".into());
    r1[12] = "".into(); // no 伙食费: the unit does not matter
    let mut r2 = flat_row(2);
    r2[4] = "中三街道".into();
    r2[12] = "".into();
    r2.push("".into());
    let mut r3 = flat_row(0); // the same 信用代码 again
    r3[12] = "".into();
    r3.push("".into());
    simple_csv(&p, &cols, &[r0, r1, r2, r3], true);
    let (o, report) = publish(dir.path(), &[&p], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let unit = lines(&report, "E11");
    assert_eq!(unit.len(), 1);
    assert_eq!(unit[0]["row"], 2);
    assert!(unit[0]["message"].as_str().unwrap().contains("元/天"));
    let conflict = lines(&report, "E10");
    assert_eq!(conflict.len(), 1);
    assert_eq!(conflict[0]["row"], 3);
    let m = conflict[0]["message"].as_str().unwrap();
    assert!(m.contains("详细地址") && m.contains("地址") && m.contains("别的地址"), "{m}");
    let name = lines(&report, "E12");
    assert_eq!(name[0]["row"], 4);
    assert!(name[0]["message"].as_str().unwrap().contains("是否为：中山街道"), "{}", name[0]["message"]);
    let dup = lines(&report, "E08");
    assert_eq!(dup.len(), 0, "row 2 was rejected, so row 5 is no duplicate of a published row");
    assert_eq!(report["published"], 1, "{report}");
    assert!(!dir.path().join("site/manifest.json").exists(), "nothing published without --allow-rejects");
}

#[test]
fn duplicates_point_at_the_first_rows_physical_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dup.csv");
    let cols = flat_cols();
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    simple_csv(&p, &cols, &[flat_row(0), flat_row(2), flat_row(0)], true);
    let (_, report) = publish(dir.path(), &[&p], &[]);
    let dup = lines(&report, "E08");
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0]["row"], 4);
    assert!(dup[0]["message"].as_str().unwrap().ends_with("第 2 行 重复"), "{}", dup[0]["message"]);
}

#[test]
fn an_invalid_byte_is_named_as_an_encoding_error_not_missing_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("enc.csv");
    let cols = flat_cols();
    let mut text = cols.join(",") + "\n" + &flat_row(0).join(",") + "\n";
    let mut bad = flat_row(2);
    bad[5] = "中山路\u{1}".into();
    text += &(bad.join(",") + "\n");
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xFF; // one byte no UTF-8 has
    std::fs::write(&p, &bytes).unwrap();
    let (o, report) = publish(dir.path(), &[&p], &["--allow-rejects"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(report["files"][0]["encoding"], "UTF-8");
    assert!(report["files"][0]["missing_columns"].as_array().unwrap().is_empty());
    let note = report["files"][0]["notes"][0].as_str().unwrap();
    assert!(note.contains("第 3 行") && note.contains(&format!("第 {} 字节", at + 1)), "{note}");
    assert_eq!(lines(&report, "E09")[0]["row"], 3);
    assert_eq!(report["published"], 1);
}

#[test]
fn the_public_report_carries_no_values_and_no_paths() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mixed.csv");
    let cols = flat_cols();
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut bad = flat_row(2);
    bad[3] = "=HYPERLINK(\"http://evil.example\")".into();
    simple_csv(&p, &cols, &[flat_row(0), bad], false);
    let (o, _) = publish(dir.path(), &[&p], &["--allow-rejects"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let site = dir.path().join("site");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("manifest.json")).unwrap()).unwrap();
    let rp = m["files"].as_array().unwrap().iter().find(|f| f["kind"] == "report").unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    let public = std::fs::read_to_string(site.join(rp)).unwrap();
    let tmp = dir.path().to_str().unwrap();
    for secret in ["HYPERLINK", "evil", tmp] {
        assert!(!public.contains(secret), "{secret} in the public report");
    }
    assert!(public.contains("\"mixed.csv\""));
    let full = std::fs::read_to_string(dir.path().join("report/report.csv")).unwrap();
    assert!(full.contains("\"'=HYPERLINK("), "the clerk's CSV keeps the value, defused");
}
