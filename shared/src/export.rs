//! Tables as the pages show them and as they are downloaded: one `Table` value renders the HTML
//! table and writes the CSV, so a download always holds exactly the numbers on the screen.

use crate::msg::{Phrase, Script};
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

/// A table of strings (`Table<String>`, what is downloaded), or of phrases (`Table<Phrase>`, what
/// the core builds: fixed words and data, rendered for each reader by `render`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table<C = String> {
    pub headers: Vec<C>,
    pub rows: Vec<Vec<C>>,
    /// Cells that cite a paragraph of a policy document: the page shows them as links, the CSV
    /// adds each link in a column after the cell's (`with_link_columns`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// A cell's link: row and column (of `rows`), and the site-relative href
/// ("policy/?doc=000#c2-s1").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub row: usize,
    pub col: usize,
    pub href: String,
}

impl<C> Default for Table<C> {
    fn default() -> Self {
        Table { headers: Vec::new(), rows: Vec::new(), links: Vec::new() }
    }
}

impl<C> Table<C> {
    pub fn new(headers: Vec<C>, rows: Vec<Vec<C>>) -> Table<C> {
        Table { headers, rows, links: Vec::new() }
    }

    /// The link of a cell, if it has one.
    pub fn link(&self, row: usize, col: usize) -> Option<&str> {
        self.links.iter().find(|l| l.row == row && l.col == col).map(|l| l.href.as_str())
    }
}

impl Table<Phrase> {
    /// The table in one reader's script: each cell rendered on its own, so fixed words come
    /// from their `Msg` and data converts whole.
    pub fn render(&self, s: &Script) -> Table {
        let cells = |v: &[Phrase]| v.iter().map(|p| p.render(s)).collect();
        Table {
            headers: cells(&self.headers),
            rows: self.rows.iter().map(|r| cells(r)).collect(),
            links: self.links.clone(),
        }
    }
}

impl Table {
    /// The table as downloaded: after every column with links, a column "<header><suffix>"
    /// (`suffix` is the reader's word for 链接) holding each link made absolute with `site` (the
    /// site's root URL, ending in '/').
    pub fn with_link_columns(&self, site: &str, suffix: &str) -> Table {
        let mut cols: Vec<usize> = self.links.iter().map(|l| l.col).collect();
        cols.sort_unstable();
        cols.dedup();
        let mut out = self.clone();
        out.links.clear();
        for &c in cols.iter().rev() {
            out.headers.insert(c + 1, format!("{}{suffix}", self.headers.get(c).map_or("", |h| h.as_str())));
            for (r, row) in out.rows.iter_mut().enumerate() {
                let href = self.link(r, c).map(|h| format!("{site}{h}")).unwrap_or_default();
                row.insert((c + 1).min(row.len()), href);
            }
        }
        out
    }

    /// The table with columns of one value on every row (数据版本, 数据截至), so that a CSV read
    /// on its own still says which publication its numbers are from.
    pub fn with_constant_columns(mut self, columns: &[(&str, &str)]) -> Table {
        for (h, _) in columns {
            self.headers.push(h.to_string());
        }
        for row in &mut self.rows {
            row.extend(columns.iter().map(|(_, v)| v.to_string()));
        }
        self
    }

    /// The table for a script: numbers as numbers ("1,399" → 1399, "-0.9" → -0.9), "—" (no
    /// figure) as null, other text as text.
    pub fn typed(&self) -> TypedTable {
        TypedTable {
            headers: self.headers.clone(),
            rows: self.rows.iter().map(|r| r.iter().map(|c| Value::of(c)).collect()).collect(),
            links: self.links.clone(),
        }
    }

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

/// A table as its JSON download holds it (`Table::typed`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypedTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// One cell for a script.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Text(String),
    Null,
}

impl Value {
    /// Reads a cell as the tables write it: digits with thousands separators and an optional
    /// sign and decimals are a number; "—" is no figure; anything else (a code with letters, a
    /// verdict, "2025年") stays text.
    pub fn of(cell: &str) -> Value {
        if cell == "—" {
            return Value::Null;
        }
        let body = cell.strip_prefix('-').unwrap_or(cell);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let groups: Vec<&str> = int.split(',').collect();
        let int_ok = !int.is_empty()
            && groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
            && (groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
        let frac_ok = frac.bytes().all(|b| b.is_ascii_digit()) && (frac.is_empty() != body.contains('.'));
        match cell.replace(',', "").parse::<f64>() {
            Ok(v) if int_ok && frac_ok && v.is_finite() => Value::Number(v),
            _ => Value::Text(cell.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_cells_are_numbers_a_script_can_read() {
        assert_eq!(Value::of("1,399"), Value::Number(1399.0));
        assert_eq!(Value::of("-0.9"), Value::Number(-0.9));
        assert_eq!(Value::of("50.0"), Value::Number(50.0));
        assert_eq!(Value::of("2025"), Value::Number(2025.0));
        assert_eq!(Value::of("—"), Value::Null);
        assert_eq!(Value::of(""), Value::Text(String::new()), "an empty cell (no link) stays empty text");
        for text in [
            "✓ 达标",
            "1,39",
            "12,3456",
            "1.2.3",
            "12445200MB2C765438",
            "2025年",
            "-",
            "1e5",
            "NaN",
            ".5",
            "5.",
        ] {
            assert_eq!(Value::of(text), Value::Text(text.into()), "{text}");
        }
        let t = Table::new(vec!["地区".into(), "值".into()], vec![vec!["榕城区".into(), "1,399".into()]])
            .with_constant_columns(&[("数据版本", "2025.11.1-sample")]);
        assert_eq!(t.headers, ["地区", "值", "数据版本"]);
        assert_eq!(t.rows[0][2], "2025.11.1-sample");
        let json = serde_json::to_string(&t.typed()).unwrap();
        assert_eq!(
            json,
            r#"{"headers":["地区","值","数据版本"],"rows":[["榕城区",1399.0,"2025.11.1-sample"]]}"#
        );
    }

    #[test]
    fn csv_quotes_everything_and_defuses_formulas() {
        assert_eq!(csv_field("榕城区"), "\"榕城区\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-3.5"), "\"-3.5\"", "a negative number stays a number");
        assert_eq!(csv_field("-cmd"), "\"'-cmd\"");
        assert_eq!(csv_field("\t=1+1"), "\"'\t=1+1\"");
        assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        let t = Table::new(vec!["县区".into(), "值".into()], vec![vec!["榕城区".into(), "50.0".into()]]);
        assert_eq!(t.to_csv(), "\"县区\",\"值\"\r\n\"榕城区\",\"50.0\"\r\n");
    }

    #[test]
    fn links_become_columns_in_the_download() {
        let mut t = Table::new(
            vec!["指标".into(), "目标来源".into(), "结论".into()],
            vec![
                vec!["a".into(), "揭阳市行动计划 二(一)".into(), "✓".into()],
                vec!["b".into(), "—".into(), "—".into()],
            ],
        );
        t.links.push(Link { row: 0, col: 1, href: "policy/?doc=000#c2-s1".into() });
        assert_eq!(t.link(0, 1), Some("policy/?doc=000#c2-s1"));
        assert_eq!(t.link(1, 1), None);
        let d = t.with_link_columns("https://jyj.example.cn/kg/", "链接");
        assert_eq!(d.headers, ["指标", "目标来源", "目标来源链接", "结论"]);
        assert_eq!(d.rows[0][2], "https://jyj.example.cn/kg/policy/?doc=000#c2-s1");
        assert_eq!(d.rows[1], ["b", "—", "", "—"]);
        assert!(d.links.is_empty());
    }
}
