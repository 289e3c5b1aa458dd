//! Reading a bureau's spreadsheet as a clerk keeps it: CSV in UTF-8 (with or without BOM) or
//! GBK/GB18030 (what Excel on Chinese Windows writes), any line ending; or an XLSX/XLS workbook,
//! every sheet of it. Title and 填报单位 rows above the header, a header of one or two rows
//! (merged cells), blank, subtotal and footnote rows are recognised and reported, never read as
//! kindergartens. Row numbers are the ones the clerk sees: Excel's row for a workbook, the
//! physical line for a CSV.

use anyhow::anyhow;
use csv::StringRecord;
use kg_shared::date::Date;

/// How many rows from the top are searched for the header.
const HEADER_SEARCH: usize = 30;

/// Where the header is: found by looking (`Auto`), or given by the clerk (`--header-row`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HeaderSpec {
    #[default]
    Auto,
    /// The first non-blank row, as for the project's own CSV files (targets, county statistics).
    First,
    /// Row `first` to row `last` (1-based, as the clerk sees them; equal for a one-row header).
    Rows { first: usize, last: usize },
}

impl HeaderSpec {
    /// Reads `--header-row`: "4" or "3-4".
    pub fn parse(s: &str) -> anyhow::Result<HeaderSpec> {
        let bad = || anyhow!("--header-row 应为行号（如 4）或两个相邻的行号（如 3-4），收到“{s}”");
        let num = |t: &str| t.trim().parse::<usize>().ok().filter(|n| (1..=10_000).contains(n));
        match s.split_once('-') {
            None => num(s).map(|n| HeaderSpec::Rows { first: n, last: n }).ok_or_else(bad),
            Some((a, b)) => match (num(a), num(b)) {
                (Some(a), Some(b)) if b == a || b == a + 1 => Ok(HeaderSpec::Rows { first: a, last: b }),
                _ => Err(bad()),
            },
        }
    }
}

/// Why a row below the header was not read as a kindergarten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    Blank,
    /// 合计 / 小计 / 总计.
    Subtotal,
    /// 注：…, 填表人：…, 说明 …
    Footnote,
    /// The header repeated (sheets pasted one under another).
    RepeatedHeader,
}

impl Skip {
    pub fn label(self) -> &'static str {
        match self {
            Skip::Blank => "空行",
            Skip::Subtotal => "合计/小计行",
            Skip::Footnote => "注释/落款行",
            Skip::RepeatedHeader => "重复的表头行",
        }
    }
}

/// One sheet's data, header found.
pub struct Table {
    /// The worksheet's name; None for a CSV.
    pub sheet: Option<String>,
    /// The header's row numbers (one, or two for a merged two-row header).
    pub header_rows: Vec<usize>,
    /// Rows above the header (titles, 填报单位), not read.
    pub above_header: usize,
    /// One header per column; a two-row header is already combined (see `combine`).
    pub headers: Vec<String>,
    /// (row number, cells)
    pub rows: Vec<(usize, StringRecord)>,
    /// (row number, why) for every row below the header that is not a kindergarten.
    pub skipped: Vec<(usize, Skip)>,
}

/// One input file: its tables and what was set aside.
pub struct Workbook {
    pub file: String,
    /// "UTF-8", "UTF-8 (BOM)", "GB18030" or "XLSX".
    pub encoding: &'static str,
    pub tables: Vec<Table>,
    /// (sheet name, why) for every sheet that was not read.
    pub skipped_sheets: Vec<(String, String)>,
    /// Problems with the file as a whole that did not stop it being read (encoding errors).
    pub notes: Vec<String>,
}

/// How a header is recognised: the number of distinct fields it names (for picking the header
/// row) and whether a row is one the clerk wrote as a header.
pub trait HeaderScore {
    /// The field a header names, if any.
    fn field(&self, header: &str) -> Option<usize>;
}

/// Reads one of the project's own CSV files (targets, county statistics): header in the first
/// row, every column as written.
pub fn read_plain_bytes(file: &str, bytes: &[u8]) -> anyhow::Result<Table> {
    struct Any;
    impl HeaderScore for Any {
        fn field(&self, _: &str) -> Option<usize> {
            None
        }
    }
    let mut w = read_bytes(file, bytes, HeaderSpec::First, &Any)?;
    Ok(w.tables.remove(0))
}

/// Reads a spreadsheet by its content (a workbook is recognised by its bytes, whatever its name);
/// `file` names it in messages.
pub fn read_bytes(
    file: &str,
    bytes: &[u8],
    spec: HeaderSpec,
    score: &dyn HeaderScore,
) -> anyhow::Result<Workbook> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return read_workbook(file, bytes, spec, score);
    }
    if bytes.is_empty() {
        return Err(anyhow!("{file}：文件为空"));
    }
    let sniff = &bytes[..bytes.len().min(8192)];
    if sniff.contains(&0) || bytes.starts_with(b"%PDF") {
        return Err(anyhow!(
            "{file}：不是文本表格（含二进制内容，可能是改了扩展名的其他文件）。请在 Excel 中另存为 .xlsx 或 CSV"
        ));
    }
    let decoded = decode_text(bytes);
    let rows = csv_rows(file, &decoded.text)?;
    let mut notes = Vec::new();
    notes.extend(decoded.problem.clone());
    match table_of(None, rows, spec, score) {
        Ok(t) => Ok(Workbook {
            file: file.to_string(),
            encoding: decoded.encoding,
            tables: vec![t],
            skipped_sheets: vec![],
            notes,
        }),
        Err(why) => Err(anyhow!(
            "{file}：{why}{}",
            match &decoded.problem {
                Some(p) => format!("。另外，{p}：可能是文件编码有误，请在 Excel 中另存为“CSV UTF-8”后重试"),
                None => format!("（按 {} 编码读取）", decoded.encoding),
            }
        )),
    }
}

/// Decoded CSV text, and what was wrong with its bytes.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// "第 3 行（第 120 字节）起有 2 处不是有效的 UTF-8"; cells with such bytes hold U+FFFD and
    /// are reported per cell.
    pub problem: Option<String>,
}

/// 1-based physical line of byte `offset`, counting LF, CRLF and lone CR as line ends.
fn line_at(text: &[u8], offset: usize) -> usize {
    let head = &text[..offset.min(text.len())];
    let lf = head.iter().filter(|&&b| b == b'\n').count();
    let lone_cr = head.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
        + usize::from(head.last() == Some(&b'\r') && text.get(head.len()) != Some(&b'\n'));
    lf + lone_cr + 1
}

/// UTF-8 when the bytes are UTF-8 (a few bad sequences in an otherwise UTF-8 file are reported
/// as such, with their position, rather than the whole file being read as GBK); otherwise GB18030
/// (a superset of GBK), with its bad sequences reported the same way.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let (mut good, mut bad, mut first_bad) = (0usize, 0usize, None);
    let mut at = 0;
    for chunk in body.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad += 1;
            first_bad.get_or_insert(at);
            at += chunk.invalid().len();
        }
    }
    let where_ = |enc: &str, off: usize, n: usize| {
        format!(
            "第 {} 行（第 {} 字节）起有 {n} 处不是有效的 {enc} 编码",
            line_at(body, off),
            off + if bom { 3 } else { 0 } + 1
        )
    };
    if bad == 0 || bom || good >= 4 * bad.max(1) {
        let problem = first_bad.map(|off| where_("UTF-8", off, bad));
        let text = String::from_utf8_lossy(body).into_owned();
        return Decoded { text, encoding: if bom { "UTF-8 (BOM)" } else { "UTF-8" }, problem };
    }
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() * 3 / 2 + 16);
    let (mut read, mut bad, mut first_bad) = (0usize, 0usize, None);
    loop {
        let need =
            decoder.max_utf8_buffer_length_without_replacement(body.len() - read).unwrap_or(body.len() * 4);
        // `reserve` counts from the length: room for `need` more bytes. (Reserving only the
        // shortfall from the spare capacity could leave less room than one character takes, and
        // the decoder then reports OutputFull without progress, for ever.)
        text.reserve(need);
        let (res, n) = decoder.decode_to_string_without_replacement(&body[read..], &mut text, true);
        read += n;
        match res {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => {
                if n == 0 {
                    text.reserve(text.capacity().max(64));
                }
                continue;
            }
            encoding_rs::DecoderResult::Malformed(len, _) => {
                bad += 1;
                first_bad.get_or_insert(read.saturating_sub(len as usize));
                text.push('\u{FFFD}');
            }
        }
    }
    let problem = first_bad.map(|off| where_("GBK/GB18030", off, bad));
    Decoded { text, encoding: "GB18030", problem }
}

/// Every CSV record with its physical line number.
fn csv_rows(file: &str, text: &str) -> anyhow::Result<Vec<(usize, StringRecord)>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut line, mut counted) = (1usize, 0usize);
    let mut rec = StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = rec.position().map(|p| p.byte() as usize).unwrap_or(counted);
                // The reader's position can sit on the line end before the record (the LF of a
                // CRLF, or skipped blank lines): the record starts after them.
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                // Count line ends incrementally: offsets only grow.
                line += line_at(&bytes[counted..], start - counted) - 1;
                counted = start;
                out.push((line, exact(&rec, rec.len())));
            }
            Err(e) => {
                let at = e.position().map(|p| line_at(bytes, p.byte() as usize)).unwrap_or(line);
                return Err(anyhow!("{file}：第 {at} 行无法按 CSV 读取（{e}）"));
            }
        }
    }
    Ok(out)
}

fn is_blank(r: &StringRecord) -> bool {
    r.iter().all(|c| c.trim().is_empty())
}

/// Full-width ASCII to half-width, ideographic space to space, spaces inside removed: how a
/// header or a marker word is compared.
fn squeeze(s: &str) -> String {
    kg_shared::text::squeeze(s).collect()
}

/// The header of a column under a two-row header: the lower cell, read with the upper one (a
/// merged cell spanning several columns) as context. "收费标准（元/月）" over "保教费" gives
/// "保教费（元/月）"; "托班" over "班数" gives "托班班数".
pub fn combine(upper: &str, lower: &str, score: &dyn HeaderScore) -> String {
    let (u, l) = (upper.trim(), lower.trim());
    if l.is_empty() {
        return u.to_string();
    }
    if u.is_empty() || u == l {
        return l.to_string();
    }
    let unit_of = |s: &str| s.find(['(', '（']).map(|i| s[i..].to_string());
    let base_of = |s: &str| s.split(['(', '（']).next().unwrap_or("").trim().to_string();
    let joined = format!("{}{l}", base_of(u));
    if score.field(&joined).is_some() && score.field(l).is_none() {
        return joined;
    }
    match (unit_of(l), unit_of(u)) {
        (None, Some(unit)) if score.field(l).is_some() => format!("{l}{unit}"),
        _ if score.field(l).is_some() => l.to_string(),
        _ if score.field(&joined).is_some() => joined,
        _ => l.to_string(),
    }
}

/// Distinct fields a header row (or two-row header) names.
fn count_fields(headers: &[String], score: &dyn HeaderScore) -> usize {
    let mut f: Vec<usize> = headers.iter().filter_map(|h| score.field(h)).collect();
    f.sort_unstable();
    f.dedup();
    f.len()
}

/// The upper row carried across the columns its merged cells span (the lower row has a label there).
fn two_row_headers(upper: &StringRecord, lower: &StringRecord, score: &dyn HeaderScore) -> Vec<String> {
    let n = upper.len().max(lower.len());
    let mut carried = String::new();
    (0..n)
        .map(|i| {
            let (u, l) = (upper.get(i).unwrap_or("").trim(), lower.get(i).unwrap_or("").trim());
            if !u.is_empty() {
                carried = u.to_string();
            } else if l.is_empty() {
                carried.clear();
            }
            combine(if u.is_empty() { &carried } else { u }, l, score)
        })
        .collect()
}

fn one_row_headers(r: &StringRecord) -> Vec<String> {
    r.iter().map(|c| c.trim().to_string()).collect()
}

const SUBTOTAL: &[&str] = &["合计", "小计", "总计", "共计", "总数"];
const FOOTNOTE: &[&str] = &[
    "注",
    "备注",
    "说明",
    "填表",
    "填报人",
    "制表",
    "审核",
    "负责人",
    "联系人",
    "单位负责人",
    "数据来源",
    "资料来源",
    "*",
    "※",
];

fn classify(
    r: &StringRecord,
    header_fields: usize,
    headers: &[String],
    score: &dyn HeaderScore,
) -> Option<Skip> {
    if is_blank(r) {
        return Some(Skip::Blank);
    }
    let filled: Vec<String> = r.iter().map(squeeze).filter(|c| !c.is_empty()).collect();
    let has_id = filled.iter().any(|c| c.len() == 18 && c.chars().all(|ch| ch.is_ascii_alphanumeric()));
    if !has_id && filled.iter().take(3).any(|c| SUBTOTAL.iter().any(|w| c.starts_with(w))) {
        return Some(Skip::Subtotal);
    }
    if filled.len() <= 3 && FOOTNOTE.iter().any(|w| filled[0].starts_with(w)) {
        return Some(Skip::Footnote);
    }
    let row: Vec<String> = one_row_headers(r);
    let same = row.iter().zip(headers).filter(|(a, b)| !a.is_empty() && a == b).count();
    if header_fields >= 3 && same * 2 >= header_fields && count_fields(&row, score) * 2 >= header_fields {
        return Some(Skip::RepeatedHeader);
    }
    None
}

/// Finds the header in `rows` and splits the rest into data rows and skipped ones.
fn table_of(
    sheet: Option<String>,
    rows: Vec<(usize, StringRecord)>,
    spec: HeaderSpec,
    score: &dyn HeaderScore,
) -> anyhow::Result<Table> {
    // (index into rows of the header's last row, headers, header row numbers)
    let found: Option<(usize, Vec<String>, Vec<usize>)> = match spec {
        HeaderSpec::First => rows
            .iter()
            .position(|(_, r)| !is_blank(r))
            .map(|i| (i, one_row_headers(&rows[i].1), vec![rows[i].0])),
        HeaderSpec::Rows { first, last } => {
            let at = |n: usize| rows.iter().position(|(no, _)| *no == n);
            match (at(first), at(last)) {
                (Some(a), Some(b)) if a == b => Some((a, one_row_headers(&rows[a].1), vec![first])),
                (Some(a), Some(b)) => {
                    Some((b, two_row_headers(&rows[a].1, &rows[b].1, score), vec![first, last]))
                }
                _ => return Err(anyhow!("第 {first} 行不存在或为空，无法作为表头（--header-row）")),
            }
        }
        HeaderSpec::Auto => {
            let mut best: Option<(usize, usize, Vec<String>, Vec<usize>)> = None; // (fields, idx, headers, rows)
            let candidates: Vec<usize> =
                (0..rows.len()).filter(|&i| !is_blank(&rows[i].1)).take(HEADER_SEARCH).collect();
            let ones: Vec<(Vec<String>, usize)> = candidates
                .iter()
                .map(|&i| {
                    let one = one_row_headers(&rows[i].1);
                    let n = count_fields(&one, score);
                    (one, n)
                })
                .collect();
            for (k, &i) in candidates.iter().enumerate() {
                let (one, n1) = (ones[k].0.clone(), ones[k].1);
                if best.as_ref().is_none_or(|b| n1 > b.0) {
                    best = Some((n1, i, one, vec![rows[i].0]));
                }
                if let Some(&j) = candidates.get(k + 1) {
                    let two = two_row_headers(&rows[i].1, &rows[j].1, score);
                    let n2 = count_fields(&two, score);
                    // The lower row must add fields of its own: data rows under a header add none.
                    if n2 > n1
                        && n2 > count_fields(&one_row_headers(&rows[j].1), score)
                        && best.as_ref().is_none_or(|b| n2 > b.0)
                    {
                        best = Some((n2, j, two, vec![rows[i].0, rows[j].0]));
                    }
                }
            }
            match best {
                Some((n, i, h, r)) if n >= 3 => Some((i, h, r)),
                _ => None,
            }
        }
    };
    let Some((last, headers, header_rows)) = found else {
        return Err(match spec {
            HeaderSpec::Auto => anyhow!(
                "前 {HEADER_SEARCH} 行中找不到表头（没有一行含 3 个以上可识别的列名，如“幼儿园名称”“县区代码”“性质”）。如表头在更下方，请用 --header-row 指定"
            ),
            _ => anyhow!("文件为空，没有表头"),
        });
    };
    let first_header = header_rows[0];
    let above_header = rows[..last].iter().filter(|(no, r)| *no < first_header && !is_blank(r)).count();
    let header_fields = count_fields(&headers, score);
    let mut data = Vec::new();
    let mut skipped = Vec::new();
    for (no, r) in rows.into_iter().skip(last + 1) {
        match classify(&r, header_fields, &headers, score) {
            Some(s) => skipped.push((no, s)),
            None => data.push((no, r)),
        }
    }
    // Blank rows after the last written row are the sheet's end, not rows the clerk wrote.
    let end = data
        .iter()
        .map(|(n, _)| *n)
        .chain(skipped.iter().filter(|s| s.1 != Skip::Blank).map(|s| s.0))
        .max()
        .unwrap_or(0);
    skipped.retain(|(n, s)| *s != Skip::Blank || *n < end);
    Ok(Table { sheet, header_rows, above_header, headers, rows: data, skipped })
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

/// A sheet's rows from its range: numbered as Excel shows them, each with the columns left of the
/// range blank.
fn range_rows(range: &calamine::Range<calamine::Data>) -> Vec<(usize, StringRecord)> {
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut rec = StringRecord::new();
            for _ in 0..first_col {
                rec.push_field("");
            }
            for c in row {
                rec.push_field(&cell_text(c));
            }
            (first_row + i + 1, rec)
        })
        .collect()
}

/// `range_rows` of the sheet's range, read cell by cell: calamine's range holds the sheet three
/// times over as 32-byte cells (a 20,000-row sheet took ~100 MB in the browser); this holds only
/// the rows' text. None when the cells come out of row order (then the range is read instead).
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Option<Vec<(usize, StringRecord)>>, calamine::XlsxError> {
    use calamine::{Data, DataRef};
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        // Not a worksheet (a chart sheet): as the range reader, no rows.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Some(Vec::new())),
        Err(e) => return Err(e),
    };
    // Rows by their 0-based index, each with its cells' text from column 0 to its last cell.
    let mut rows: Vec<(u32, StringRecord)> = Vec::new();
    let mut col_end = 0u32;
    while let Some(cell) = reader.next_cell()? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        match rows.last_mut() {
            Some((lr, _)) if *lr > r => return Ok(None),
            Some((lr, _)) if *lr == r => {}
            last => {
                // The row before is complete: give back what its buffers grew by.
                if let Some((_, done)) = last {
                    *done = exact(done, done.len());
                }
                rows.push((r, StringRecord::new()))
            }
        }
        let rec = &mut rows.last_mut().expect("a row").1;
        if rec.len() as u32 > c {
            return Ok(None); // a column left of (or the same as) the row's last cell
        }
        while (rec.len() as u32) < c {
            rec.push_field("");
        }
        rec.push_field(&cell_text(&Data::from(cell.get_value().clone())));
        col_end = col_end.max(c);
    }
    let Some(&(row_start, _)) = rows.first() else { return Ok(Some(Vec::new())) };
    let row_end = rows.last().map_or(row_start, |r| r.0);
    let width = col_end as usize + 1;
    let blank = || exact(&StringRecord::new(), width);
    let mut out = Vec::with_capacity((row_end - row_start + 1) as usize);
    let mut given = rows.into_iter().peekable();
    for r in row_start..=row_end {
        let rec = match given.peek() {
            // Completed rows were made exact already: only a short one is copied again, padded.
            Some((gr, _)) if *gr == r => match given.next().expect("peeked").1 {
                rec if rec.len() == width => rec,
                rec => exact(&rec, width),
            },
            _ => blank(),
        };
        out.push((r as usize + 1, rec));
    }
    Ok(Some(out))
}

/// `rec`'s fields padded with empty ones to `width`, in buffers of exactly their size: a sheet's
/// rows are held whole while it is validated, and a record's buffers grow by doubling.
fn exact(rec: &StringRecord, width: usize) -> StringRecord {
    let mut out = StringRecord::with_capacity(rec.as_slice().len(), width.max(rec.len()));
    out.extend(rec.iter());
    while out.len() < width {
        out.push_field("");
    }
    out
}

/// Sheets the template carries for the clerk, not for data.
const GUIDE_SHEETS: &[&str] = &["字段说明", "填表说明", "说明", "填报说明"];

fn read_workbook(
    file: &str,
    bytes: &[u8],
    spec: HeaderSpec,
    score: &dyn HeaderScore,
) -> anyhow::Result<Workbook> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| anyhow!("{file}：无法打开工作簿（{e}）。文件可能已损坏，或不是 Excel 文件"))?;
    let names = wb.sheet_names();
    let mut tables = Vec::new();
    let mut skipped_sheets = Vec::new();
    let mut first_error = None;
    for name in names {
        if GUIDE_SHEETS.contains(&name.trim()) {
            skipped_sheets.push((name.clone(), "模板的说明工作表".to_string()));
            continue;
        }
        // XLSX cell by cell; a range (the other formats, or cells out of order) as calamine reads it.
        let streamed = match &mut wb {
            calamine::Sheets::Xlsx(x) => xlsx_rows(x, &name),
            _ => Ok(None),
        };
        let rows = match streamed {
            Ok(Some(rows)) => rows,
            Ok(None) => match wb.worksheet_range(&name) {
                Ok(r) => range_rows(&r),
                Err(e) => {
                    skipped_sheets.push((name.clone(), format!("无法读取（{e}）")));
                    continue;
                }
            },
            Err(e) => {
                skipped_sheets.push((name.clone(), format!("无法读取（{e}）")));
                continue;
            }
        };
        if rows.iter().all(|(_, r)| is_blank(r)) {
            skipped_sheets.push((name.clone(), "空工作表".to_string()));
            continue;
        }
        match table_of(Some(name.clone()), rows, spec, score) {
            Ok(t) => tables.push(t),
            Err(why) => {
                let why = why.to_string();
                first_error.get_or_insert_with(|| why.clone());
                skipped_sheets.push((name.clone(), why));
            }
        }
    }
    if tables.is_empty() {
        let sheets: Vec<String> = skipped_sheets.iter().map(|(n, why)| format!("“{n}”：{why}")).collect();
        return Err(anyhow!("{file}：没有可读取的数据工作表（{}）", sheets.join("；")));
    }
    Ok(Workbook { file: file.to_string(), encoding: "XLSX", tables, skipped_sheets, notes: vec![] })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sheet's rows, read cell by cell, are the rows of calamine's range: the sample's
    /// bureau sheets (title rows), the template, and a sheet that starts at C3 with blank rows,
    /// blank cells, numbers, dates, booleans and an empty string.
    #[test]
    fn xlsx_cell_by_cell_is_the_range() {
        use calamine::Reader;
        let mut books: Vec<Vec<u8>> = Vec::new();
        let geo = crate::places::Geo::bundled().unwrap();
        let gen = crate::sample::generate_scaled(&geo, false, 9, 0.05);
        for (n, b) in crate::stats::sample_inputs(&geo, &gen.records).unwrap() {
            if n.ends_with(".xlsx") {
                books.push(b);
            }
        }
        books.push(crate::template::template_xlsx().unwrap());
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(2, 2, "幼儿园名称").unwrap();
        ws.write_string(2, 5, "保教费").unwrap();
        ws.write_string(3, 3, "").unwrap();
        ws.write_number(5, 2, 1200.0).unwrap();
        ws.write_number(5, 7, 0.5).unwrap();
        ws.write_boolean(6, 4, true).unwrap();
        let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 9, 30).unwrap();
        ws.write_datetime_with_format(8, 2, &d, &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"))
            .unwrap();
        books.push(wb.save_to_buffer().unwrap());
        let mut sheets = 0;
        for bytes in books {
            let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(&bytes)).unwrap();
            for name in wb.sheet_names() {
                let want = range_rows(&wb.worksheet_range(&name).unwrap());
                let calamine::Sheets::Xlsx(x) = &mut wb else { panic!("an xlsx") };
                let got = xlsx_rows(x, &name).unwrap().expect("cells in order");
                assert_eq!(got, want, "{name}");
                sheets += 1;
            }
        }
        assert!(sheets >= 4);
    }

    /// Knows a handful of the template's headers.
    struct Known;
    impl HeaderScore for Known {
        fn field(&self, h: &str) -> Option<usize> {
            let base = squeeze(h);
            let base = base.split(['(', '（']).next().unwrap_or("");
            ["幼儿园名称", "县区代码", "性质", "保教费", "伙食费", "托班班数", "托班幼儿数", "地址"]
                .iter()
                .position(|k| *k == base)
        }
    }

    fn csv(text: &str) -> Workbook {
        read_bytes("a.csv", text.as_bytes(), HeaderSpec::Auto, &Known).unwrap()
    }

    /// The stall seen in the mutation campaign (seed 303): GBK text whose malformed bytes each
    /// grow into a 3-byte U+FFFD, so the output outgrows the first guess of its size. Every
    /// shape of that must decode, and promptly: each case runs under a watchdog.
    #[test]
    fn gb18030_decoding_never_stalls_when_the_output_outgrows_its_buffer() {
        let (han, _, _) = encoding_rs::GBK.encode("幼儿园");
        let mut cases = Vec::new();
        for len in 0..400usize {
            for pattern in 0..4 {
                let mut b = Vec::new();
                for i in 0..len {
                    match (pattern, i % 5) {
                        (0, _) => b.push(0xFF),
                        (1, 0) | (2, 0 | 1) => b.extend_from_slice(&han),
                        (3, 4) => b.extend_from_slice(&[0x81, 0x30, 0x81, 0x30]),
                        _ => b.push(if i % 3 == 0 { 0x80 } else { 0xFF }),
                    }
                }
                cases.push(b);
            }
        }
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for b in &cases {
                let d = decode_text(b);
                assert!(d.text.chars().count() <= b.len());
            }
            let _ = tx.send(cases.len());
        });
        let n =
            rx.recv_timeout(std::time::Duration::from_secs(60)).expect("decoding finished within a minute");
        assert_eq!(n, 1600);
    }

    #[test]
    fn reads_utf8_bom_and_gbk_alike() {
        let text =
            "幼儿园名称,县区代码,性质\n星桥幼儿园,445202,教育部门办\n,,\n阳光幼儿园,445203,教育部门办\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (gbk, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        for (bytes, enc) in [(text.as_bytes(), "UTF-8"), (&bom[..], "UTF-8 (BOM)"), (&gbk[..], "GB18030")] {
            let w = read_bytes("a.csv", bytes, HeaderSpec::Auto, &Known).unwrap();
            let t = &w.tables[0];
            assert_eq!(w.encoding, enc);
            assert_eq!(t.headers, ["幼儿园名称", "县区代码", "性质"]);
            assert_eq!(t.rows.len(), 2);
            assert_eq!((t.rows[0].0, &t.rows[0].1[0]), (2, "星桥幼儿园"));
            assert_eq!(t.rows[1].0, 4, "row numbers as Excel shows them");
            assert_eq!(t.skipped, [(3, Skip::Blank)]);
            assert!(w.notes.is_empty());
        }
    }

    #[test]
    fn line_numbers_are_physical_lines_with_any_line_ending() {
        for nl in ["\n", "\r\n", "\r"] {
            let text = [
                "某区幼儿园信息",
                "幼儿园名称,县区代码,性质",
                "甲,445202,教育部门办",
                "\"乙",
                "分园\",445202,教育部门办",
                "丙,445202,教育部门办",
                "",
            ]
            .join(nl);
            let w = csv(&text);
            let t = &w.tables[0];
            assert_eq!(t.header_rows, [2], "{nl:?}");
            let lines: Vec<usize> = t.rows.iter().map(|r| r.0).collect();
            assert_eq!(lines, [3, 4, 6], "{nl:?}");
        }
    }

    #[test]
    fn title_rows_two_row_headers_subtotals_and_footnotes() {
        let text = "\
2025年榕城区幼儿园基本情况表,,,,,,
填报单位：榕城区教育局（盖章）,,,,填报日期：2025年9月,,
序号,幼儿园名称,县区代码,性质,收费标准（元/月）,,托班
,,,,保教费,伙食费,班数
1,星桥幼儿园,445202,教育部门办,800,300,1
合  计,,,,,,1
注：本表由各园填报，教育局汇总。,,,,,,
";
        let w = csv(text);
        let t = &w.tables[0];
        assert_eq!(t.header_rows, [3, 4]);
        assert_eq!(t.above_header, 2);
        assert_eq!(
            t.headers[1..],
            ["幼儿园名称", "县区代码", "性质", "保教费（元/月）", "伙食费（元/月）", "托班班数"]
        );
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].0, 5);
        assert_eq!(t.skipped, [(6, Skip::Subtotal), (7, Skip::Footnote)]);
    }

    #[test]
    fn header_row_can_be_named() {
        let text = "幼儿园名称,县区代码,性质\n甲,445202,教育部门办\n";
        let w = read_bytes("a.csv", text.as_bytes(), HeaderSpec::parse("1").unwrap(), &Known).unwrap();
        assert_eq!(w.tables[0].rows.len(), 1);
        assert!(read_bytes("a.csv", text.as_bytes(), HeaderSpec::parse("7").unwrap(), &Known).is_err());
        assert!(HeaderSpec::parse("3-5").is_err() && HeaderSpec::parse("x").is_err());
        assert_eq!(HeaderSpec::parse("3-4").unwrap(), HeaderSpec::Rows { first: 3, last: 4 });
    }

    #[test]
    fn one_bad_byte_in_a_utf8_file_is_named_as_an_encoding_error() {
        let mut bytes = "幼儿园名称,县区代码,性质\n星桥幼儿园,445202,教育部门办\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xFF\xFE,445202,\xE6\x95\x99\n");
        let w = read_bytes("a.csv", &bytes, HeaderSpec::Auto, &Known).unwrap();
        assert_eq!(w.encoding, "UTF-8");
        let note = &w.notes[0];
        assert!(note.contains("第 3 行") && note.contains("UTF-8"), "{note}");
        assert!(w.tables[0].rows[1].1[0].contains('\u{FFFD}'));
    }

    #[test]
    fn files_that_are_not_sheets_are_clear_errors() {
        for (bytes, want) in [
            (&b""[..], "为空"),
            (&b"\x00\x01\x02binary"[..], "二进制"),
            (&b"PK\x03\x04garbage"[..], "无法打开工作簿"),
            ("使用说明\n请按模板填写\n".as_bytes(), "找不到表头"),
        ] {
            let e = read_bytes("x.csv", bytes, HeaderSpec::Auto, &Known).err().unwrap().to_string();
            assert!(e.starts_with("x.csv") && e.contains(want), "{e}");
        }
    }
}
