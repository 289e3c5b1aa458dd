//! The validation report a bureau reads: every rejected row and every warning, with file, row,
//! column, value, rule and a plain Chinese message. Written as JSON and as CSV (UTF-8 with BOM,
//! so Excel opens it), and summarised on the terminal.

use kg_shared::rules::{Rule, Severity};
use std::{fmt::Write as _, path::Path};

pub use kg_shared::report::{FileSummary, Report};

/// Writing and printing the report (the type itself lives in kg-shared).
pub trait ReportOutput {
    fn csv(&self) -> Vec<u8>;
    fn summary(&self) -> String;
    fn write(&self, dir: &Path) -> Result<(), String>;
}

impl ReportOutput for Report {
    fn csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        let _ = w.write_record([
            "文件",
            "行号",
            "编号",
            "幼儿园名称",
            "级别",
            "规则",
            "问题",
            "列",
            "值",
            "说明",
            "依据",
        ]);
        for l in &self.lines {
            let sev = if l.severity == Severity::Error {
                "错误（未发布）"
            } else {
                "提示（已发布并标注）"
            };
            let source = Rule::from_id(&l.rule).map(|r| r.source()).unwrap_or("");
            let _ = w.write_record([
                l.file.as_str(),
                &l.row.to_string(),
                &l.id,
                &l.name,
                sev,
                &l.rule,
                &l.title,
                &l.column,
                &l.value,
                &l.message,
                source,
            ]);
        }
        w.into_inner().unwrap_or_default()
    }

    fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "读入 {} 行：发布 {} 行（其中 {} 行带提示），拒绝 {} 行。",
            self.rows_in, self.published, self.published_with_warnings, self.rejected
        );
        for f in &self.files {
            let _ = writeln!(
                s,
                "  {}（{}）：{} 行，发布 {}，拒绝 {}{}{}",
                f.file,
                f.encoding,
                f.rows,
                f.published,
                f.rejected,
                if f.blank_rows.is_empty() {
                    String::new()
                } else {
                    format!("，空行 {} 个已跳过", f.blank_rows.len())
                },
                if f.unknown_columns.is_empty() {
                    String::new()
                } else {
                    format!("，未识别的列已忽略：{}", f.unknown_columns.join("、"))
                },
            );
            if !f.missing_columns.is_empty() {
                let _ = writeln!(s, "    缺少必需的列：{}", f.missing_columns.join("、"));
            }
        }
        if !self.by_rule.is_empty() {
            let _ = writeln!(s, "按规则统计：");
            for (k, v) in &self.by_rule {
                let _ = writeln!(s, "  {k}：{v}");
            }
        }
        let errors: Vec<_> = self.lines.iter().filter(|l| l.severity == Severity::Error).collect();
        for l in errors.iter().take(20) {
            let _ =
                writeln!(s, "  错误 {} 第 {} 行 [{}] {}：{}", l.file, l.row, l.column, l.title, l.message);
        }
        if errors.len() > 20 {
            let _ = writeln!(s, "  …… 另有 {} 条错误，见报告文件。", errors.len() - 20);
        }
        s
    }

    fn write(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}：无法创建（{e}）", dir.display()))?;
        let json = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        crate::publish::write_atomic(&dir.join("report.json"), &json)?;
        crate::publish::write_atomic(&dir.join("report.csv"), &self.csv())
    }
}
