//! The validation report a bureau reads: every rejected row and every warning, with file, row,
//! column, value, rule and a plain Chinese message. Written as JSON and as CSV (UTF-8 with BOM,
//! so Excel opens it), and summarised on the terminal.

use kg_shared::{
    export::Table,
    report::LINES_PER_RULE,
    rules::{Rule, Severity},
};
use std::{collections::BTreeMap, fmt::Write as _};

pub use kg_shared::report::{FileSummary, Report};

/// Writing and printing the report (the type itself lives in kg-shared).
pub trait ReportOutput {
    fn csv(&self) -> Vec<u8>;
    fn summary(&self) -> String;
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误（未发布）",
        Severity::Warning => "提示（已发布并标注）",
        Severity::Note => "注意（已发布，仅告知填报人）",
    }
}

impl ReportOutput for Report {
    /// UTF-8 with BOM so Excel opens it; every field quoted and formula-neutralised
    /// (`kg_shared::export::csv_field`): a cell a clerk typed as "=HYPERLINK(…)" stays text.
    fn csv(&self) -> Vec<u8> {
        let headers = [
            "文件",
            "工作表",
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
        ];
        let mut t = Table::new(headers.iter().map(|h| h.to_string()).collect(), Vec::new());
        for l in &self.lines {
            // The finding's own citation (the documents binding the record's county); the rule's
            // general text for a report written before findings carried one.
            let general = || Rule::from_id(&l.rule).map(|r| r.source()).unwrap_or("").to_string();
            let source = if l.source.is_empty() { general() } else { l.source.clone() };
            t.rows.push(vec![
                l.file.clone(),
                l.sheet.clone().unwrap_or_default(),
                l.row.to_string(),
                l.id.clone(),
                l.name.clone(),
                severity_label(l.severity).to_string(),
                l.rule.clone(),
                l.title.clone(),
                l.column.clone(),
                l.value.clone(),
                l.message.clone(),
                source,
            ]);
        }
        for (k, n) in &self.omitted {
            t.rows.push(vec![
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                k.split(' ').next().unwrap_or("").to_string(),
                k.clone(),
                String::new(),
                String::new(),
                format!("另有 {n} 条同类问题未逐条列出（每条规则最多列出 {LINES_PER_RULE} 条）"),
                String::new(),
            ]);
        }
        let mut out = b"\xEF\xBB\xBF".to_vec();
        out.extend_from_slice(t.to_csv().as_bytes());
        out
    }

    fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "读入 {} 行：发布 {} 行（其中 {} 行带提示），拒绝 {} 行，跳过 {} 行（空行、合计、注释等）。",
            self.rows_in, self.published, self.published_with_warnings, self.rejected, self.skipped
        );
        for f in &self.files {
            let sheet = f.sheet.as_ref().map(|n| format!("·工作表“{n}”")).unwrap_or_default();
            let header = match f.header_rows[..] {
                [a] => format!("表头第 {a} 行"),
                [a, b] => format!("表头第 {a}–{b} 行"),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "  {}{sheet}（{}，{header}）：{} 行，发布 {}，拒绝 {}，跳过 {}{}",
                f.file,
                f.encoding,
                f.rows,
                f.published,
                f.rejected,
                f.skipped,
                if f.unknown_columns.is_empty() {
                    String::new()
                } else {
                    format!("；未识别的列已忽略：{}", f.unknown_columns.join("、"))
                },
            );
            let mut reasons: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for r in &f.skipped_rows {
                reasons.entry(r.reason.as_str()).or_default().push(r.row);
            }
            for (why, rows) in reasons {
                let list: Vec<String> = rows.iter().take(10).map(usize::to_string).collect();
                let more = if rows.len() > 10 { "……" } else { "" };
                let _ = writeln!(s, "    跳过的{why}：第 {}{more} 行", list.join("、"));
            }
            if !f.missing_columns.is_empty() {
                let _ = writeln!(s, "    缺少必需的列：{}", f.missing_columns.join("、"));
            }
            for n in &f.notes {
                let _ = writeln!(s, "    注意：{n}");
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
        let total_errors: usize =
            self.by_rule.iter().filter(|(k, _)| k.starts_with('E')).map(|(_, v)| v).sum();
        if total_errors > 20 {
            let _ = writeln!(s, "  …… 另有 {} 条错误，见报告文件。", total_errors - 20);
        }
        for (k, n) in &self.omitted {
            let _ = writeln!(s, "  {k}：另有 {n} 条未逐条列出（每条规则最多列出 {LINES_PER_RULE} 条）");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kg_shared::{report::At, rules::Finding};

    #[test]
    fn report_csv_defuses_formulas_a_clerk_typed() {
        let mut r = Report::default();
        let at = At { file: "a.csv", sheet: None, row: 3, county: None };
        r.add(
            at,
            "=1+1",
            "@SUM(A1)",
            &Finding::new(Rule::BadFormat, "网址", "=HYPERLINK(\"http://x\")", "+bad"),
        );
        let csv = String::from_utf8(r.csv()).unwrap();
        for cell in ["\"'=1+1\"", "\"'@SUM(A1)\"", "\"'=HYPERLINK(\"\"http://x\"\")\"", "\"'+bad\""] {
            assert!(csv.contains(cell), "{cell} in {csv}");
        }
        assert!(!csv.contains(",\"=") && !csv.contains(",\"+") && !csv.contains(",\"@"));
    }
}
