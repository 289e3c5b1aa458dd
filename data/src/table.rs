//! Reading a bureau's spreadsheet: CSV in UTF-8 (with or without BOM) or GBK/GB18030 (what Excel
//! on Chinese Windows writes), or XLSX. Row numbers are the ones the clerk sees in Excel: the
//! header is row 1.

use kg_shared::date::Date;
use std::path::Path;

pub struct Table {
    pub file: String,
    /// "UTF-8", "UTF-8 (BOM)", "GB18030" or "XLSX".
    pub encoding: &'static str,
    pub headers: Vec<String>,
    /// (row number, cells)
    pub rows: Vec<(usize, Vec<String>)>,
    /// Rows with no content at all; reported, not published.
    pub blank_rows: Vec<usize>,
}

pub fn read_table(path: &Path) -> Result<Table, String> {
    let file = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| format!("{file}：无法读取（{e}）"))?;
            read_csv_bytes(&file, &bytes)
        }
        "xlsx" | "xlsm" | "xls" => read_xlsx(path, &file),
        _ => Err(format!("{file}：不支持的文件类型，请使用 .csv 或 .xlsx")),
    }
}

/// Decodes CSV bytes: UTF-8 when they are valid UTF-8, otherwise GB18030 (a superset of GBK).
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 (BOM)");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            // Undecodable bytes become U+FFFD, which the row parser reports per cell.
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GB18030")
        }
    }
}

pub fn read_csv_bytes(file: &str, bytes: &[u8]) -> Result<Table, String> {
    let (text, encoding) = decode_text(bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let numbered = rdr.records().enumerate().map(|(i, rec)| {
        let rec = rec.map_err(|e| format!("{file}：第 {} 行无法按 CSV 读取（{e}）", i + 1))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(i + 1);
        Ok((line, rec.iter().map(str::to_string).collect()))
    });
    into_table(file, encoding, numbered, || format!("{file}：文件为空，没有表头"))
}

/// Takes the first non-blank row as the header; the rest are data rows, blank ones set apart.
fn into_table(
    file: &str,
    encoding: &'static str,
    numbered: impl Iterator<Item = Result<(usize, Vec<String>), String>>,
    empty: impl FnOnce() -> String,
) -> Result<Table, String> {
    let mut headers = None;
    let mut rows = Vec::new();
    let mut blank_rows = Vec::new();
    for row in numbered {
        let (line, cells) = row?;
        let blank = cells.iter().all(|c| c.trim().is_empty());
        match (&headers, blank) {
            (None, true) => {}
            (None, false) => headers = Some(cells),
            (Some(_), true) => blank_rows.push(line),
            (Some(_), false) => rows.push((line, cells)),
        }
    }
    let headers = headers.ok_or_else(empty)?;
    Ok(Table { file: file.to_string(), encoding, headers, rows, blank_rows })
}

fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => match Date::from_excel_serial(d.as_f64()) {
            Some(date) => date.to_string(),
            None => d.as_f64().to_string(),
        },
        Data::Error(e) => format!("#错误:{e:?}"),
    }
}

fn read_xlsx(path: &Path, file: &str) -> Result<Table, String> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| format!("{file}：无法打开工作簿（{e}）"))?;
    let sheet = wb
        .sheet_names()
        .into_iter()
        .find(|n| n != "字段说明")
        .ok_or_else(|| format!("{file}：工作簿中没有数据工作表"))?;
    let range = wb.worksheet_range(&sheet).map_err(|e| format!("{file}：无法读取工作表“{sheet}”（{e}）"))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let numbered = range.rows().enumerate().map(|(i, row)| {
        let mut cells: Vec<String> = vec![String::new(); first_col];
        cells.extend(row.iter().map(cell_text));
        Ok((first_row + i + 1, cells))
    });
    into_table(file, "XLSX", numbered, || format!("{file}：工作表“{sheet}”为空，没有表头"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_and_gbk_alike() {
        let text = "幼儿园名称,县区代码\n星桥幼儿园,445202\n,\n阳光幼儿园,445203\n";
        let utf8 = read_csv_bytes("a.csv", text.as_bytes()).unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let bom = read_csv_bytes("b.csv", &bom).unwrap();
        let (gbk_bytes, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        let gbk = read_csv_bytes("c.csv", &gbk_bytes).unwrap();
        for (t, enc) in [(&utf8, "UTF-8"), (&bom, "UTF-8 (BOM)"), (&gbk, "GB18030")] {
            assert_eq!(t.encoding, enc);
            assert_eq!(t.headers, ["幼儿园名称", "县区代码"]);
            assert_eq!(t.rows.len(), 2);
            assert_eq!(t.rows[0], (2, vec!["星桥幼儿园".to_string(), "445202".to_string()]));
            assert_eq!(t.rows[1].0, 4, "row numbers as Excel shows them");
            assert_eq!(t.blank_rows, [3]);
        }
    }

    #[test]
    fn empty_and_unknown_files_are_clear_errors() {
        assert!(read_csv_bytes("e.csv", b"").err().unwrap().contains("e.csv"));
        let e = read_table(Path::new("x.pdf")).err().unwrap();
        assert!(e.contains("x.pdf") && e.contains(".xlsx"));
    }
}
