//! The importer's mutation campaign: real-shaped bureau sheets (title rows, a merged two-row
//! header, names instead of codes, GBK with CRLF, an XLSX workbook) mutated by cell, by byte and
//! by structure, each run through the whole in-memory pipeline (`table::read_bytes` →
//! `publish::validate_books`). A run passes when nothing panics and every row is accounted for
//! (`Report::balanced`, records = published). Stable Rust, deterministic from the seed.
//!
//! `kgdata fuzz --runs 10000000` is the full campaign; a unit test runs a short one.

use kg_pipeline::{
    columns::{template_header, to_row, COLUMNS},
    places::Geo,
    publish::{validate_books, Fields},
    sample::Rng,
    table::{read_bytes, HeaderSpec},
};
use kg_shared::date::Date;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Values clerks and accidents put in cells.
const DICTIONARY: &[&str] = &[
    "",
    "合计",
    "小  计",
    "注：本表由各园填报",
    "填表人：张三",
    "公办（教育部门办）",
    "民办(营利性)",
    "普惠性民办园",
    "公办",
    "伙食费（元/天）",
    "保教费（元/月）",
    "所属街道（镇）",
    "县（市、区）",
    "详细地址",
    "办园性质",
    "榕城区",
    "新华区",
    "东莞市",
    "中山街道",
    "进东社区、进安社区",
    "www.example.cn",
    "javascript:alert(1)",
    "=HYPERLINK(\"http://x\")",
    "+1",
    "@SUM(A1)",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999",
    "0",
    "5001",
    "2025-02-30",
    "45000",
    "\u{FFFD}",
    "\"",
    "\"\"",
    ",",
    "\r",
    "\n",
    "\r\n",
    "１２００",
    "　",
    "是",
    "否",
    "√",
    "A级",
    "未评定",
    "[[[116.3,23.5],[116.4,23.5],[116.4,23.6],[116.3,23.5]]]",
    "{\"coordinates\":[[[1,2]]]}",
    "445202001001;445202001002",
    "12445200MB2C765438",
];

/// The seed sheets: (file name, bytes).
pub fn seeds(geo: &Geo) -> Vec<(String, Vec<u8>)> {
    // A few records of each region's county: 揭阳 榕城区, 株洲 荷塘区, 平顶山 新华区, and the
    // county-level cities 东莞 and 中山 (no county level: their 县区代码 is the city's).
    let all = kg_pipeline::sample::generate_scaled(geo, false, 11, 1.0).records;
    let recs: Vec<_> = [445202, 430202, 410402, 441900, 442000]
        .iter()
        .flat_map(|&c| all.iter().filter(move |r| r.county == c).step_by(40).take(3).cloned())
        .collect();
    let rows: Vec<Vec<String>> = recs.iter().map(to_row).collect();
    let headers: Vec<String> = COLUMNS.iter().map(template_header).collect();
    let csv_line = |cells: &[String], nl: &str| -> String {
        cells.iter().map(|c| kg_shared::export::csv_field(c)).collect::<Vec<_>>().join(",") + nl
    };
    let mut out = Vec::new();
    // 1. The template's own layout, UTF-8 with BOM.
    let mut t = String::from("\u{FEFF}");
    t += &csv_line(&headers, "\n");
    for r in &rows {
        t += &csv_line(r, "\n");
    }
    out.push(("template.csv".to_string(), t.into_bytes()));
    // 2. A clerk's: title and 填报单位 rows, a two-row header (units above, names below), names
    // for the county, a subtotal and a footnote; GBK with CRLF.
    let mut t = String::new();
    t += &csv_line(&["2025年幼儿园基本情况表".to_string()], "\r\n");
    t += &csv_line(
        &["填报单位：教育局（盖章）".to_string(), String::new(), "填报日期：2025年9月".to_string()],
        "\r\n",
    );
    let upper: Vec<String> = COLUMNS
        .iter()
        .map(|c| if c.unit.is_empty() { c.header.to_string() } else { String::new() })
        .collect();
    let lower: Vec<String> =
        COLUMNS.iter().map(|c| if c.unit.is_empty() { String::new() } else { template_header(c) }).collect();
    t += &csv_line(&upper, "\r\n");
    t += &csv_line(&lower, "\r\n");
    for (r, rec) in rows.iter().zip(&recs) {
        let mut r = r.clone();
        if let Some(c) = geo.counties.get(&rec.county) {
            r[3] = c.name.clone();
        }
        t += &csv_line(&r, "\r\n");
    }
    t += &csv_line(&["合计".to_string()], "\r\n");
    t += &csv_line(&["注：数据截至2025年9月".to_string()], "\r\n");
    out.push(("clerk-gbk.csv".to_string(), encoding_rs::GB18030.encode(&t).0.into_owned()));
    // 3. The same as a workbook with an instructions sheet in front.
    let mut wb = rust_xlsxwriter::Workbook::new();
    // A fixed creation time: the workbook's bytes (and so every run's input) follow from the seed
    // alone, not from the second the campaign started.
    if let Ok(t) = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 9, 30) {
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&t));
    }
    let guide = wb.add_worksheet();
    let _ = guide.set_name("填报说明");
    let _ = guide.write_string(0, 0, "请按模板填写");
    let ws = wb.add_worksheet();
    let _ = ws.set_name("幼儿园");
    let _ = ws.write_string(0, 0, "2025年幼儿园基本情况表");
    for (i, h) in headers.iter().enumerate() {
        let _ = ws.write_string(2, i as u16, h);
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                let _ = ws.write_string(3 + r as u32, c as u16, v);
            }
        }
    }
    if let Ok(bytes) = wb.save_to_buffer() {
        out.push(("clerk.xlsx".to_string(), bytes));
    }
    out
}

fn pick<'a>(rng: &mut Rng, v: &'a [&'a str]) -> &'a str {
    v[(rng.next_u64() % v.len() as u64) as usize]
}

/// Splits bytes into lines (keeping their ends), for line-level mutations.
fn lines(b: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for &x in b {
        cur.push(x);
        if x == b'\n' {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// One to eight mutations of a text sheet: bytes, cells, lines.
fn mutate_text(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..rng.int(1, 8) {
        let len = b.len().max(1);
        match rng.int(0, 9) {
            0 => {
                let i = rng.next_u64() as usize % len;
                if let Some(x) = b.get_mut(i) {
                    *x ^= 1 << rng.int(0, 7);
                }
            }
            1 => {
                let i = rng.next_u64() as usize % (b.len() + 1);
                b.insert(i, rng.next_u64() as u8);
            }
            2 if !b.is_empty() => {
                let i = rng.next_u64() as usize % b.len();
                let n = (rng.int(1, 16) as usize).min(b.len() - i);
                b.drain(i..i + n);
            }
            3 => b.truncate(rng.next_u64() as usize % len),
            4 | 5 => {
                // Replace one cell (between two commas) by a dictionary value.
                let commas: Vec<usize> =
                    b.iter().enumerate().filter(|(_, &x)| x == b',').map(|(i, _)| i).collect();
                if commas.len() >= 2 {
                    let k = rng.next_u64() as usize % (commas.len() - 1);
                    let (s, e) = (commas[k] + 1, commas[k + 1]);
                    let v = pick(rng, DICTIONARY).as_bytes().to_vec();
                    b.splice(s..e, v);
                }
            }
            6 => {
                let mut ls = lines(&b);
                if !ls.is_empty() {
                    let i = rng.next_u64() as usize % ls.len();
                    match rng.int(0, 3) {
                        0 => {
                            ls.remove(i);
                        }
                        1 => {
                            let l = ls[i].clone();
                            ls.insert(i, l);
                        }
                        2 => {
                            let j = rng.next_u64() as usize % ls.len();
                            ls.swap(i, j);
                        }
                        _ => ls.insert(i, pick(rng, DICTIONARY).as_bytes().to_vec()),
                    }
                    b = ls.concat();
                }
            }
            7 => {
                // Repeat a line many times (a sheet grown long).
                let ls = lines(&b);
                if let Some(l) = ls.get(rng.next_u64() as usize % ls.len().max(1)) {
                    let l = l.clone();
                    for _ in 0..rng.int(1, 30) {
                        b.extend_from_slice(&l);
                    }
                }
            }
            8 => {
                let i = rng.next_u64() as usize % (b.len() + 1);
                let v = [b"\r".as_slice(), b"\n", b"\r\n", b"\"", b",", b"\xEF\xBB\xBF", b"\xFF", b"\x00"];
                b.splice(i..i, v[rng.next_u64() as usize % v.len()].iter().copied());
            }
            _ => {
                // Swap two columns' worth of text: a header moved.
                let i = rng.next_u64() as usize % (b.len() + 1);
                b.splice(i..i, pick(rng, DICTIONARY).bytes().chain([b',']));
            }
        }
    }
    b
}

/// Results of a campaign.
#[derive(Debug, Default)]
pub struct Summary {
    pub runs: u64,
    /// Runs the pipeline read (the rest were refused as a whole with a message).
    pub read: u64,
    pub rows: u64,
    pub published: u64,
    pub failures: Vec<String>,
    /// A run that outlived the time limit, if one did (the campaign stops there).
    pub stalled: Option<Stall>,
}

/// One execution: never panics, and every row is accounted for.
fn one(geo: &Geo, name: &str, bytes: &[u8], as_of: Date) -> Result<Option<(usize, usize)>, String> {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let book = match read_bytes(name, bytes, HeaderSpec::Auto, &Fields) {
            Ok(b) => b,
            Err(msg) => {
                return if msg.to_string().is_empty() {
                    Err("empty error message".to_string())
                } else {
                    Ok(None)
                };
            }
        };
        let (recs, report) = validate_books(&[book], geo, as_of);
        if !report.balanced() || recs.len() != report.published {
            return Err(format!(
                "unbalanced: in {} = published {} + rejected {} + skipped {}",
                report.rows_in, report.published, report.rejected, report.skipped
            ));
        }
        Ok(Some((report.rows_in, report.published)))
    }));
    match run {
        Ok(r) => r,
        Err(p) => Err(format!(
            "panic: {}",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

/// The input of one run, drawn from the generator: which seed sheet, and its mutation.
fn draw<'a>(rng: &mut Rng, seeds: &'a [(String, Vec<u8>)]) -> (&'a str, Vec<u8>) {
    let (name, bytes) = &seeds[(rng.next_u64() % seeds.len() as u64) as usize];
    let input = if rng.chance(0.02) { bytes.clone() } else { mutate_text(rng, bytes) };
    (name, input)
}

/// Where a thread is: the generator's state before its current run, and when that run began
/// (milliseconds since the campaign began; `IDLE` between runs and after the last).
struct Watch {
    state: AtomicU64,
    run: AtomicU64,
    since_ms: AtomicU64,
}

const IDLE: u64 = u64::MAX;

/// A run that did not finish in time: the thread, the run, and its input written to a file.
#[derive(Debug)]
pub struct Stall {
    pub thread: usize,
    pub run: u64,
    pub seconds: u64,
    pub saved: std::path::PathBuf,
}

/// Runs `runs` mutated sheets on `threads` threads. XLSX seeds get byte mutations too (calamine
/// must refuse a broken zip with a message). A run still going after `limit` is a failure: its
/// input is regenerated from the generator's saved state and written to a file, the other threads
/// stop, and the campaign returns with `stalled` set. The stuck thread cannot be stopped; it is
/// left detached and ends with the process.
pub fn campaign(geo: Arc<Geo>, runs: u64, seed: u64, threads: usize, limit: Duration) -> Summary {
    let seeds = Arc::new(seeds(&geo));
    let as_of = Date::new(2025, 9, 30).unwrap_or(Date::from_days(0));
    let threads = threads.max(1);
    let t0 = Instant::now();
    let shared = Arc::new(Shared {
        done: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        watches: (0..threads)
            .map(|_| Watch {
                state: AtomicU64::new(0),
                run: AtomicU64::new(0),
                since_ms: AtomicU64::new(IDLE),
            })
            .collect(),
    });
    let (tx, rx) = std::sync::mpsc::channel::<Summary>();
    for t in 0..threads {
        let (geo, seeds, shared, tx) = (geo.clone(), seeds.clone(), shared.clone(), tx.clone());
        std::thread::spawn(move || {
            let mut sum = Summary::default();
            let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(t as u64));
            let share = runs / threads as u64 + u64::from((t as u64) < runs % threads as u64);
            let watch = &shared.watches[t];
            for i in 0..share {
                if shared.stop.load(Ordering::Relaxed) {
                    break;
                }
                // Order matters to the watchdog's snapshot: the run's state and number, then its
                // start; at its end the start is cleared before anything of the next is stored.
                watch.state.store(rng.state(), Ordering::SeqCst);
                watch.run.store(i, Ordering::SeqCst);
                watch.since_ms.store(t0.elapsed().as_millis() as u64, Ordering::SeqCst);
                let (name, input) = draw(&mut rng, &seeds);
                sum.runs += 1;
                match one(&geo, name, &input, as_of) {
                    Ok(Some((rows, published))) => {
                        sum.read += 1;
                        sum.rows += rows as u64;
                        sum.published += published as u64;
                    }
                    Ok(None) => {}
                    Err(why) => {
                        if sum.failures.len() < 20 {
                            let path =
                                std::env::temp_dir().join(format!("kgdata-fuzz-{seed}-{t}-{i}-{name}"));
                            let _ = std::fs::write(&path, &input);
                            sum.failures.push(format!("{why} (input saved to {})", path.display()));
                        }
                    }
                }
                watch.since_ms.store(IDLE, Ordering::SeqCst);
                let n = shared.done.fetch_add(1, Ordering::Relaxed) + 1;
                if n % 100_000 == 0 {
                    eprintln!("  {n} runs, {:.0} s", t0.elapsed().as_secs_f64());
                }
            }
            let _ = tx.send(sum);
        });
    }
    drop(tx);
    let mut total = Summary::default();
    let mut reported = 0;
    while reported < threads {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(sum) => {
                reported += 1;
                total.runs += sum.runs;
                total.read += sum.read;
                total.rows += sum.rows;
                total.published += sum.published;
                total.failures.extend(sum.failures);
                continue;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if total.stalled.is_some() {
            // The others are stopping; the stuck thread will not report.
            if reported + 1 >= threads {
                break;
            }
            continue;
        }
        let now = t0.elapsed().as_millis() as u64;
        for (t, w) in shared.watches.iter().enumerate() {
            let since = w.since_ms.load(Ordering::SeqCst);
            if since == IDLE || now.saturating_sub(since) < limit.as_millis() as u64 {
                continue;
            }
            let (run, state) = (w.run.load(Ordering::SeqCst), w.state.load(Ordering::SeqCst));
            // A consistent snapshot: the same run still going after reading its state (a thread
            // that moved on in between would pair one run's number with another's state).
            if w.since_ms.load(Ordering::SeqCst) != since || w.run.load(Ordering::SeqCst) != run {
                continue;
            }
            let (name, input) = draw(&mut Rng::at(state), &seeds);
            let saved = std::env::temp_dir().join(format!("kgdata-fuzz-stall-{seed}-{t}-{run}-{name}"));
            let _ = std::fs::write(&saved, &input);
            total.stalled = Some(Stall { thread: t, run, seconds: limit.as_secs(), saved });
            shared.stop.store(true, Ordering::Relaxed);
            if threads == 1 {
                reported = threads;
            }
            break;
        }
    }
    if let Some(st) = &total.stalled {
        // The stuck thread never reports: count its finished runs from the shared counter, and the
        // stuck one (its sheets and rows are missing from the figures).
        total.runs = shared.done.load(Ordering::Relaxed) + 1;
        total.failures.push(format!(
            "stall: thread {} run {} still running after {} s (input saved to {})",
            st.thread,
            st.run,
            st.seconds,
            st.saved.display()
        ));
    }
    total
}

struct Shared {
    done: AtomicU64,
    stop: AtomicBool,
    watches: Vec<Watch>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_campaign_finds_no_panic_and_loses_no_row() {
        let geo = Geo::bundled().unwrap();
        // The seeds themselves publish (so the campaign starts from sheets that work).
        let s = seeds(&geo);
        assert_eq!(s.len(), 3);
        // Deterministic to the byte (the workbook carries no clock).
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(seeds(&geo), s);
        for (name, bytes) in s {
            let (rows, published) =
                one(&geo, &name, &bytes, Date::new(2025, 9, 30).unwrap()).unwrap().unwrap();
            assert!(published >= 10 && rows >= published, "{name}: {published} of {rows}");
        }
        let runs = std::env::var("KG_FUZZ_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if cfg!(debug_assertions) { 3_000 } else { 20_000 });
        let s = campaign(Arc::new(geo), runs, 1, 2, Duration::from_secs(60));
        assert!(s.failures.is_empty(), "{:#?}", s.failures);
        assert_eq!(s.runs, runs);
        assert!(s.read > runs / 2, "most mutated sheets are still read: {s:?}");
    }

    #[test]
    fn a_run_past_the_time_limit_stops_the_campaign_and_saves_its_input() {
        let geo = Arc::new(Geo::bundled().unwrap());
        // With no time at all, the first run the watchdog sees in progress is a stall.
        let s = campaign(geo.clone(), 1_000_000, 7, 2, Duration::ZERO);
        let st = s.stalled.as_ref().expect("a stall is reported");
        assert!(s.runs < 1_000_000, "the campaign stopped early: {} runs", s.runs);
        assert!(s.failures.iter().any(|f| f.starts_with("stall: thread")), "{:?}", s.failures);
        // The saved file is that run's input: replaying the thread's generator to that run gives it.
        let saved = std::fs::read(&st.saved).unwrap();
        let seeds = seeds(&geo);
        let mut rng = Rng::new(7u64.wrapping_mul(1_000_003).wrapping_add(st.thread as u64));
        let mut input = Vec::new();
        for _ in 0..=st.run {
            input = draw(&mut rng, &seeds).1;
        }
        assert_eq!(saved, input);
        let _ = std::fs::remove_file(&st.saved);
    }
}
