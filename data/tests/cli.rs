//! The publishing tool as a bureau runs it: real files in, a publication and a report out.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

const BIN: &str = env!("CARGO_BIN_EXE_kgdata");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn kgdata(args: &[&str]) -> std::process::Output {
    Command::new(BIN).current_dir(root()).args(args).output().expect("run kgdata")
}

/// A valid row in the template's column order (GCJ-02 point inside 榕城区).
fn row(id: &str, name: &str) -> String {
    let cols = [
        id,
        "",
        name,
        "445202",
        "445202001",
        "榕城区中山街道人民路1号",
        "116.3700",
        "23.5400",
        "",
        "教育部门办",
        "2010-09-01",
        "市一级",
        "2022",
        "否",
        "良好",
        "2024",
        "800",
        "",
        "300",
        "揭市发改价格〔2022〕12号",
        "2022-09-01",
        "2018-09-01",
        "22",
        "12",
        "11",
        "12",
        "6",
        "1",
        "本科",
        "是",
        "0",
        "0",
        "2",
        "50",
        "2",
        "58",
        "2",
        "66",
        "0",
        "0",
        "180",
        "是",
        "否",
        "A",
        "",
        "",
        "0663-8888888",
        "",
        "2025-09-01",
        "",
        "揭阳市教育局公示",
    ];
    cols.iter()
        .map(|c| if c.contains(',') { format!("\"{c}\"") } else { c.to_string() })
        .collect::<Vec<_>>()
        .join(",")
}

fn header() -> String {
    let out = kgdata(&["template", "--out", "/dev/null"]);
    let _ = out;
    [
        "统一社会信用代码",
        "办学许可证号",
        "幼儿园名称",
        "县区代码",
        "乡镇街道代码",
        "地址",
        "经度（度）",
        "纬度（度）",
        "坐标系",
        "性质",
        "开办日期",
        "等级",
        "等级评定年份",
        "乡镇中心幼儿园",
        "保教质量评估结果",
        "保教质量评估年份",
        "保教费（元/生/月）",
        "住宿费（元/生/月）",
        "伙食费（元/生/月）",
        "收费批准文号",
        "收费执行日期",
        "上次调价执行日期",
        "教职工数（人）",
        "专任教师数（人）",
        "专任教师大专以上学历人数（人）",
        "持证专任教师数（人）",
        "保育员数（人）",
        "卫生保健人员数（人）",
        "园长学历",
        "园长任职资格培训合格",
        "托班班数（个）",
        "托班幼儿数（人）",
        "小班班数（个）",
        "小班幼儿数（人）",
        "中班班数（个）",
        "中班幼儿数（人）",
        "大班班数（个）",
        "大班幼儿数（人）",
        "混龄班班数（个）",
        "混龄班幼儿数（人）",
        "核定学位数（个）",
        "随班就读",
        "资源教室",
        "食品安全等级",
        "服务区社区村代码",
        "服务区范围",
        "联系电话",
        "网址",
        "信息更新日期",
        "园长或专任教师最近变更日期",
        "信息来源",
    ]
    .join(",")
}

fn publish(dir: &Path, input: &Path, extra: &[&str]) -> std::process::Output {
    let out = dir.join("site");
    let report = dir.join("report");
    let mut args = vec![
        "publish",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--version",
        "t1",
        "--as-of",
        "2025-09-30",
    ];
    args.extend_from_slice(extra);
    kgdata(&args)
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("site/manifest.json")).unwrap()).unwrap()
}

/// Every file the manifest names exists with the size and SHA-256 it says.
fn assert_consistent(dir: &Path) {
    use sha2::Digest;
    let m = manifest(dir);
    for f in m["files"].as_array().unwrap() {
        let p = dir.join("site").join(f["path"].as_str().unwrap());
        let bytes = std::fs::read(&p).unwrap_or_else(|_| panic!("{} missing", p.display()));
        assert_eq!(bytes.len() as u64, f["bytes"].as_u64().unwrap());
        let h: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(h, f["sha256"].as_str().unwrap(), "{}", p.display());
    }
}

#[test]
fn good_file_publishes_and_a_bad_row_blocks_publication_with_a_precise_report() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "{}\n{}\n{}\n",
            header(),
            row("12445200MB2C765438", "揭阳市榕城区星桥幼儿园"),
            row("", "揭阳市榕城区第二幼儿园").replacen(",,", ",教民1445202000001号,", 1)
        ),
    )
    .unwrap();
    let out = publish(dir.path(), &good, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let m = manifest(dir.path());
    assert_eq!(m["dataset"]["sample"], false);
    let list = m["files"].as_array().unwrap().iter().find(|f| f["kind"] == "list").unwrap();
    assert_eq!(list["records"], 2);
    assert_consistent(dir.path());
    // County aggregates computed from the records travel in stats.json.
    let stats_path = m["files"].as_array().unwrap().iter().find(|f| f["kind"] == "stats").unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("site").join(stats_path)).unwrap()).unwrap();
    let agg = &stats["aggregates"][0];
    assert_eq!(agg["county"], 445202);
    assert_eq!(agg["kindergartens"], 2);
    assert_eq!(agg["children"], 2 * (50 + 58 + 66));
    assert_eq!(agg["children_public"], 2 * (50 + 58 + 66));
    assert!(agg["towns"].as_u64().unwrap() > 1, "榕城区's towns come from the committed divisions");
    assert!(!stats["targets"].as_array().unwrap().is_empty());
    let before = std::fs::read(dir.path().join("site/manifest.json")).unwrap();

    // A file with one bad row: exit 1, nothing published, the report names file, row, column.
    let bad = dir.path().join("bad.csv");
    let bad_row = row("12445200MB2C765439", "揭阳市榕城区星桥幼儿园");
    std::fs::write(
        &bad,
        format!("{}\n{}\n{}\n", header(), row("12445200MB2C765438", "揭阳市榕城区星桥幼儿园"), bad_row),
    )
    .unwrap();
    let out = publish(dir.path(), &bad, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.path().join("site/manifest.json")).unwrap(),
        before,
        "publication unchanged"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report/report.json")).unwrap()).unwrap();
    assert_eq!(report["rows_in"], 2);
    assert_eq!(report["published"], 1);
    assert_eq!(report["rejected"], 1);
    let line = report["lines"].as_array().unwrap().iter().find(|l| l["severity"] == "error").unwrap();
    assert_eq!(line["row"], 3);
    assert_eq!(line["rule"], "E04");
    assert_eq!(line["column"], "统一社会信用代码");
    assert!(line["message"].as_str().unwrap().contains("校验位"));
    assert!(line["file"].as_str().unwrap().ends_with("bad.csv"));
    let csv = std::fs::read(dir.path().join("report/report.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");

    // --allow-rejects publishes the rest: one record where two were live, so half of them go,
    // which the shrink guard allows only when told to.
    let out = publish(dir.path(), &bad, &["--allow-rejects"]);
    assert_eq!(out.status.code(), Some(1), "refused: {}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("（减少 50.0%）"));
    let out = publish(dir.path(), &bad, &["--allow-rejects", "--max-shrink", "50"]);
    assert!(out.status.success());
    assert_consistent(dir.path());
    let m = manifest(dir.path());
    assert_eq!(m["files"].as_array().unwrap().iter().find(|f| f["kind"] == "list").unwrap()["records"], 1);
}

#[test]
fn a_run_killed_midway_leaves_the_previous_publication_intact() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    std::fs::write(&a, format!("{}\n{}\n", header(), row("12445200MB2C765438", "揭阳市榕城区星桥幼儿园")))
        .unwrap();
    assert!(publish(dir.path(), &a, &[]).status.success());
    let before = std::fs::read(dir.path().join("site/manifest.json")).unwrap();
    let b = dir.path().join("b.csv");
    std::fs::write(&b, format!("{}\n{}\n", header(), row("12445200MB2C765438", "揭阳市榕城区月桥幼儿园")))
        .unwrap();
    for fail_after in ["0", "1", "3", "18446744073709551615"] {
        let out = Command::new(BIN)
            .current_dir(root())
            .env("KGDATA_FAIL_AFTER", fail_after)
            .args([
                "publish",
                b.to_str().unwrap(),
                "--out",
                dir.path().join("site").to_str().unwrap(),
                "--report",
                dir.path().join("r").to_str().unwrap(),
                "--version",
                "t2",
                "--as-of",
                "2025-09-30",
            ])
            .output()
            .unwrap();
        assert!(!out.status.success(), "the run was killed");
        assert_eq!(
            std::fs::read(dir.path().join("site/manifest.json")).unwrap(),
            before,
            "after kill at {fail_after}"
        );
        assert_consistent(dir.path());
    }
    // The next clean run publishes the new data and removes what no manifest refers to.
    assert!(publish(dir.path(), &b, &[]).status.success());
    assert_consistent(dir.path());
    let m = manifest(dir.path());
    let listed: Vec<String> =
        m["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    for sub in ["shards", "geo"] {
        for e in std::fs::read_dir(dir.path().join("site").join(sub)).unwrap() {
            let name = format!("{sub}/{}", e.unwrap().file_name().to_string_lossy());
            assert!(listed.contains(&name), "{name} left behind");
        }
    }
}

#[test]
fn template_has_every_column_and_a_field_guide() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.xlsx");
    let out = kgdata(&["template", "--out", p.to_str().unwrap()]);
    assert!(out.status.success());
    let mut wb = calamine::open_workbook_auto(&p).unwrap();
    assert_eq!(wb.sheet_names(), ["幼儿园", "字段说明"]);
    let data = wb.worksheet_range("幼儿园").unwrap();
    let headers: Vec<String> = data.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(headers.join(","), header());
    let guide = wb.worksheet_range("字段说明").unwrap();
    assert_eq!(guide.height(), headers.len() + 1);
    let nature = guide.rows().find(|r| r[0] == "性质").unwrap();
    assert!(nature[3].to_string().contains("普惠性民办"));
}
