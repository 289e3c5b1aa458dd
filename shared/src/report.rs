//! The validation report of a publication. The publishing tool writes it in full for the bureau
//! (every finding, with the values read) and a public copy into the site (`Report::public`:
//! counts, rule ids and positions, never a rejected row's values nor the clerk's paths); the
//! portal shows the public copy on the 数据与方法 page.
//!
//! Every row read is accounted for: `rows_in = published + rejected + skipped`. However bad the
//! input, the report stays small: after `LINES_PER_RULE` lines of one rule the rest are counted,
//! not listed (`omitted`).

use crate::rules::{Finding, Rule, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Lines listed per rule; the rest are counted in `Report::omitted`.
pub const LINES_PER_RULE: usize = 1000;

/// Skipped rows listed per sheet; all are counted.
pub const SKIPPED_LISTED: usize = 200;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SkippedRow {
    pub row: usize,
    /// "空行", "合计/小计行", "注释/落款行", "重复的表头行".
    pub reason: String,
}

/// One sheet of one input file (a CSV is one sheet with no name).
#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
pub struct FileSummary {
    pub file: String,
    #[serde(default)]
    pub sheet: Option<String>,
    pub encoding: String,
    /// The header's row numbers (two for a merged two-row header).
    #[serde(default)]
    pub header_rows: Vec<usize>,
    /// Title rows above the header (not data).
    #[serde(default)]
    pub above_header: usize,
    /// Rows below the header: published + rejected + skipped.
    pub rows: usize,
    pub published: usize,
    pub rejected: usize,
    #[serde(default)]
    pub skipped: usize,
    /// The first `SKIPPED_LISTED` skipped rows and why.
    #[serde(default)]
    pub skipped_rows: Vec<SkippedRow>,
    pub unknown_columns: Vec<String>,
    pub missing_columns: Vec<String>,
    /// About the file as a whole: sheets not read and why, encoding problems.
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Line {
    pub file: String,
    #[serde(default)]
    pub sheet: Option<String>,
    pub row: usize,
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub rule: String,
    pub title: String,
    pub column: String,
    pub value: String,
    pub message: String,
    /// What the finding cites (`Finding::source`: for a policy rule, the documents binding the
    /// record's county only).
    #[serde(default)]
    pub source: String,
    /// The row's county code, where the row names one that exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub county: Option<u32>,
}

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
pub struct Report {
    pub as_of: String,
    pub files: Vec<FileSummary>,
    pub rows_in: usize,
    pub published: usize,
    pub rejected: usize,
    #[serde(default)]
    pub skipped: usize,
    pub published_with_warnings: usize,
    /// "W05 班额超标" → number of findings.
    pub by_rule: BTreeMap<String, usize>,
    pub lines: Vec<Line>,
    /// "E01 必填项为空" → findings counted but not listed (past `LINES_PER_RULE`).
    #[serde(default)]
    pub omitted: BTreeMap<String, usize>,
}

/// Where a finding is: the file as given, the sheet, the row.
#[derive(Clone, Copy, Debug)]
pub struct At<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub row: usize,
    /// The row's county, where it could be told (the 数据发布 page filters by it).
    pub county: Option<u32>,
}

impl Report {
    pub fn add(&mut self, at: At, id: &str, name: &str, f: &Finding) {
        let key = format!("{} {}", f.rule.id(), f.rule.title());
        let n = self.by_rule.entry(key.clone()).or_default();
        *n += 1;
        if *n > LINES_PER_RULE {
            *self.omitted.entry(key).or_default() += 1;
            return;
        }
        self.lines.push(Line {
            file: at.file.to_string(),
            sheet: at.sheet.map(str::to_string),
            row: at.row,
            id: id.chars().take(40).collect(),
            name: name.chars().take(60).collect(),
            severity: f.rule.severity(),
            rule: f.rule.id().to_string(),
            title: f.rule.title().to_string(),
            column: f.column.chars().take(40).collect(),
            value: f.value.chars().take(200).collect(),
            message: f.message.chars().take(300).collect(),
            source: f.source.clone(),
            county: at.county,
        });
    }

    /// What the site publishes: the counts, and for each rejected row its file (name only, no
    /// folder), sheet, row, rule and column. No values a clerk typed, no local paths, no notes
    /// meant for the clerk.
    pub fn public(&self) -> Report {
        let base = |f: &str| f.rsplit(['/', '\\']).next().unwrap_or(f).to_string();
        let mut r = self.clone();
        r.lines.retain(|l| l.severity == Severity::Error);
        for l in &mut r.lines {
            l.file = base(&l.file);
            l.id.clear();
            l.name.clear();
            l.value.clear();
            l.county = None;
            l.message = Rule::from_id(&l.rule).map(|r| r.title().to_string()).unwrap_or_default();
        }
        for f in &mut r.files {
            f.file = base(&f.file);
            f.notes.clear();
        }
        // Notes are the clerk's (W12 and W13 are notes too, whatever their id says).
        let public = |key: &str| {
            let id = key.split(' ').next().unwrap_or(key);
            Rule::from_id(id).is_none_or(|r| r.severity() != Severity::Note)
        };
        r.by_rule.retain(|k, _| public(k));
        r.omitted.retain(|k, _| public(k));
        r
    }

    /// Every row accounted for, per sheet and in total.
    pub fn balanced(&self) -> bool {
        self.rows_in == self.published + self.rejected + self.skipped
            && self.files.iter().all(|f| f.rows == f.published + f.rejected + f.skipped)
            && self.files.iter().map(|f| f.rows).sum::<usize>() == self.rows_in
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_copy_holds_no_typed_values_nor_paths() {
        let mut r = Report::default();
        let at =
            At { file: "/home/clerk/桌面/榕城区.xlsx", sheet: Some("幼儿园"), row: 5, county: None };
        r.add(
            at,
            "12445200MB2C765438",
            "星桥幼儿园",
            &Finding::new(Rule::UnknownDivision, "县区代码", "999999", "县区代码 999999 不存在"),
        );
        r.add(at, "x", "y", &Finding::new(Rule::WebsiteFixed, "网址", "www.a.cn", "网址已补全"));
        r.add(at, "x", "y", &Finding::new(Rule::OverCapacity, "核定学位数", "100", "在园 120 人"));
        r.files.push(FileSummary {
            file: at.file.into(),
            notes: vec!["第 3 行 …".into()],
            ..Default::default()
        });
        let p = r.public();
        let json = serde_json::to_string(&p).unwrap();
        for secret in ["/home", "桌面", "999999", "12445200MB2C765438", "星桥", "www.a.cn"] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
        assert_eq!(p.lines.len(), 1);
        assert_eq!(
            (p.lines[0].file.as_str(), p.lines[0].row, p.lines[0].rule.as_str()),
            ("榕城区.xlsx", 5, "E05")
        );
        assert_eq!(p.lines[0].message, Rule::UnknownDivision.title());
        // Notes are counted for the clerk only, W12 among them.
        assert_eq!(p.by_rule.keys().collect::<Vec<_>>(), ["E05 行政区划代码无效"]);
    }

    #[test]
    fn lines_per_rule_are_capped_and_the_rest_counted() {
        let mut r = Report::default();
        let f = Finding::new(Rule::Required, "幼儿园名称", "", "必填");
        for row in 0..LINES_PER_RULE + 7 {
            r.add(At { file: "a.csv", sheet: None, row, county: None }, "", "", &f);
        }
        assert_eq!(r.lines.len(), LINES_PER_RULE);
        assert_eq!(r.by_rule["E01 必填项为空"], LINES_PER_RULE + 7);
        assert_eq!(r.omitted["E01 必填项为空"], 7);
    }
}
