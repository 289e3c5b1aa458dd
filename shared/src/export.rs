//! Tables as the pages show them and as they are downloaded: one `Table` value renders the HTML
//! table and writes the CSV, so a download always holds exactly the numbers on the screen.

use serde::Serialize;

/// A CSV field, always quoted; a leading `=`, `+`, `-`, `@`, tab or carriage return is
/// neutralised with `'` so a spreadsheet never runs it as a formula. Plain numbers are left as
/// they are.
pub fn csv_field(s: &str) -> String {
    let numeric = !s.is_empty() && s.parse::<f64>().is_ok_and(f64::is_finite);
    let s = if !numeric && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// CSV with CRLF line ends (what Excel writes); the caller adds the BOM.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        for line in std::iter::once(&self.headers).chain(&self.rows) {
            out.push_str(&line.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_everything_and_defuses_formulas() {
        assert_eq!(csv_field("榕城区"), "\"榕城区\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-3.5"), "\"-3.5\"", "a negative number stays a number");
        assert_eq!(csv_field("-cmd"), "\"'-cmd\"");
        assert_eq!(csv_field("\t=1+1"), "\"'\t=1+1\"");
        assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        let t = Table {
            headers: vec!["县区".into(), "值".into()],
            rows: vec![vec!["榕城区".into(), "50.0".into()]],
        };
        assert_eq!(t.to_csv(), "\"县区\",\"值\"\r\n\"榕城区\",\"50.0\"\r\n");
    }
}
