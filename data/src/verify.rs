//! `kgdata verify DIR`: checks a publication on disk as the app would read it. The manifest must
//! parse and validate; every file it names must exist with its size and SHA-256 and decode with
//! the decoder of its kind (a detail shard with its city's list shard); the record counts must
//! agree. Every problem is named with its file; leftovers of interrupted runs are noted.

use crate::safety::{strays, Stray};
use kg_shared::{
    codec::{decode_detail, decode_list, ListShard},
    first::{decode_first, first_text, FirstPage, View},
    hant::HantMap,
    manifest::{self, FileEntry, FileKind, Manifest},
    regions::{decode_divisions, decode_regions},
    report::Report,
    stats::StatsFile,
};
use std::{
    collections::{HashMap, HashSet},
    path::Path,
    process::ExitCode,
};

/// What `check` found: problems (path, what is wrong) and notes (path, what it is).
#[derive(Debug, Default)]
pub struct Outcome {
    pub manifest: Option<Manifest>,
    pub problems: Vec<(String, String)>,
    pub notes: Vec<(String, String)>,
}

/// Checks the publication in `dir`. Never panics, whatever the files hold.
pub fn check(dir: &Path) -> Outcome {
    let mut o = Outcome::default();
    let bytes = match std::fs::read(dir.join("manifest.json")) {
        Ok(b) => b,
        Err(e) => {
            o.problems.push(("manifest.json".into(), format!("无法读取（{e}）")));
            return o;
        }
    };
    let m = match Manifest::parse(&bytes) {
        Ok(m) => m,
        Err(e) => {
            let e = e.to_string();
            o.problems
                .push(("manifest.json".into(), e.trim_start_matches("manifest.json").trim_start().into()));
            return o;
        }
    };
    // Files that exist with the right size and hash, by path.
    let mut good: HashMap<&str, Vec<u8>> = HashMap::new();
    let mut seen = HashSet::new();
    for f in &m.files {
        if !seen.insert(f.path.as_str()) {
            o.problems.push((f.path.clone(), "在 manifest.json 中出现了不止一次".into()));
            continue;
        }
        match std::fs::read(dir.join(&f.path)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                o.problems.push((f.path.clone(), "文件不存在".into()));
            }
            Err(e) => o.problems.push((f.path.clone(), format!("无法读取（{e}）"))),
            Ok(b) => match manifest::verify(f, &b) {
                // `verify` names the path itself.
                Err(e) => {
                    o.problems.push((f.path.clone(), e.trim_start_matches(f.path.as_str()).trim().into()))
                }
                Ok(()) => {
                    good.insert(f.path.as_str(), b);
                }
            },
        }
    }
    // Lists first: a detail shard decodes against its city's list.
    let mut lists: HashMap<u32, ListShard> = HashMap::new();
    for f in m.files_of(FileKind::List) {
        let Some(b) = good.get(f.path.as_str()) else { continue };
        match decode_list(b) {
            Err(e) => o.problems.push((f.path.clone(), e.to_string())),
            Ok(l) => {
                expect(&mut o, f, "城市", f.region, Some(l.city));
                expect(&mut o, f, "记录数", f.records, l.len() as u64);
                if let Some(city) = f.region {
                    lists.insert(city, l);
                }
            }
        }
    }
    // First pages, decoded and checked against their list once: the first-text files are then
    // checked against those that agree (`Ok(Some(page))`); `Ok(None)`: the list is broken.
    let firsts: HashMap<&str, Result<Option<FirstPage>, String>> = m
        .files_of(FileKind::First)
        .filter_map(|f| {
            let b = good.get(f.path.as_str())?;
            let checked = match (decode_first(b), f.region.and_then(|c| lists.get(&c))) {
                (Err(e), _) => Err(e.to_string()),
                (Ok(p), Some(l)) => p.check_against(l).map(|()| Some(p)),
                (Ok(_), None) if m.file(FileKind::List, f.region).is_some() => Ok(None),
                (Ok(_), None) => Err(format!("无法核对：manifest.json 中没有城市 {} 的列表文件", region(f))),
            };
            Some((f.path.as_str(), checked))
        })
        .collect();
    for f in m.files.iter().filter(|f| f.kind != FileKind::List) {
        let Some(b) = good.get(f.path.as_str()) else { continue };
        let decoded: Result<(Option<u32>, u64), String> = match f.kind {
            FileKind::List => continue,
            FileKind::Detail => match f.region.and_then(|c| lists.get(&c)) {
                Some(l) => {
                    decode_detail(b, l).map(|r| (Some(l.city), r.len() as u64)).map_err(|e| e.to_string())
                }
                // Its list is named but broken: that problem is reported already.
                None if m.file(FileKind::List, f.region).is_some() => {
                    o.notes.push((f.path.clone(), "未能解码核对：同城市的列表文件有问题（见上）".into()));
                    continue;
                }
                None => Err(format!("无法解码：manifest.json 中没有城市 {} 的列表文件", region(f))),
            },
            FileKind::First => match firsts.get(f.path.as_str()) {
                Some(Ok(Some(p))) => Ok((Some(p.finder.shard.city), p.finder.len() as u64)),
                // As for a detail shard: a broken list is reported already.
                Some(Ok(None)) => {
                    o.notes.push((f.path.clone(), "未能核对：同城市的列表文件有问题（见上）".into()));
                    continue;
                }
                Some(Err(e)) => Err(e.clone()),
                None => continue,
            },
            // What the finder's page paints before the app: exactly the text of its city's first
            // page (itself checked against the list above).
            FileKind::FirstText => {
                let page = m
                    .file(FileKind::First, f.region)
                    .and_then(|e| firsts.get(e.path.as_str()))
                    .and_then(|r| r.as_ref().ok().and_then(Option::as_ref));
                match page {
                    Some(p) if first_text(p) == b.as_slice() => {
                        Ok((Some(p.finder.shard.city), p.page(View::Inclusive).len() as u64))
                    }
                    Some(_) => {
                        Err("与同城市的首页文件不符（名称、性质、等级、保教费、地址或总数不同）".into())
                    }
                    None if m.file(FileKind::First, f.region).is_some() => {
                        o.notes.push((f.path.clone(), "未能核对：同城市的首页文件有问题（见上）".into()));
                        continue;
                    }
                    None => Err(format!("无法核对：manifest.json 中没有城市 {} 的首页文件", region(f))),
                }
            }
            // Written by a newer publisher: its size and SHA-256 are checked above; this version
            // cannot read it (the app never asks for it).
            FileKind::Unknown => {
                o.notes.push((
                    f.path.clone(),
                    "文件类型不为本版本所知（较新的发布工具写的？），只核对了大小和 SHA-256".into(),
                ));
                continue;
            }
            FileKind::Divisions => decode_divisions(b)
                .map(|d| (Some(d.city), d.villages.len() as u64))
                .map_err(|e| e.to_string()),
            FileKind::Boundaries => {
                decode_regions(b).map(|r| (None, r.len() as u64)).map_err(|e| e.to_string())
            }
            FileKind::Hant => HantMap::decode(b)
                .map(|h| (None, (h.chars.len() + h.overrides.len()) as u64))
                .map_err(|e| e.to_string()),
            FileKind::Stats => StatsFile::parse(b).map(|s| (None, s.counties.len() as u64)),
            FileKind::Report => serde_json::from_slice::<Report>(b)
                .map(|r| (None, r.lines.len() as u64))
                .map_err(|e| format!("不是有效的校验报告 JSON：{e}")),
        };
        match decoded {
            Err(e) => o.problems.push((f.path.clone(), e)),
            Ok((city, n)) => {
                if matches!(
                    f.kind,
                    FileKind::Detail | FileKind::Divisions | FileKind::First | FileKind::FirstText
                ) {
                    expect(&mut o, f, "城市", f.region, city);
                }
                expect(&mut o, f, "记录数", f.records, n);
            }
        }
    }
    for r in &m.regions {
        for kind in [FileKind::List, FileKind::Detail, FileKind::Divisions] {
            if m.file(kind, Some(r.code)).is_none() {
                o.problems.push((
                    "manifest.json".into(),
                    format!("{}（{}）缺少 {} 文件", r.name, r.code, kind.key()),
                ));
            }
        }
        if let Some(l) = m.file(FileKind::List, Some(r.code)) {
            if l.records != r.records {
                o.problems.push((
                    "manifest.json".into(),
                    format!("regions 中{}的记录数为 {}，其列表文件为 {}", r.name, r.records, l.records),
                ));
            }
        }
    }
    first_text_copies(dir, &m, &mut o.notes);
    leftovers(dir, &m, &mut o.notes);
    o.manifest = Some(m);
    o
}

fn region(f: &FileEntry) -> String {
    f.region.map(|c| c.to_string()).unwrap_or_else(|| "（未注明）".into())
}

fn expect<T: PartialEq + std::fmt::Debug>(o: &mut Outcome, f: &FileEntry, what: &str, listed: T, found: T) {
    if listed != found {
        o.problems
            .push((f.path.clone(), format!("{what}不符：manifest.json 写 {listed:?}，文件中为 {found:?}")));
    }
}

/// The fixed-name copies of the first-view texts (`Manifest::first_text_aliases`). The finder
/// shows one only when it matches the manifest, so a missing or different copy costs a reader
/// only speed (the page then downloads the listed file after the manifest): notes, not errors.
fn first_text_copies(dir: &Path, m: &Manifest, notes: &mut Vec<(String, String)>) {
    for (alias, entry) in m.first_text_aliases() {
        match std::fs::read(dir.join(&alias)) {
            Ok(b) if manifest::verify(entry, &b).is_ok() => {}
            Ok(_) => notes.push((
                alias,
                format!(
                    "与 manifest.json 所列的 {} 不同，不会被显示，找幼儿园页首屏稍慢（发布中断？重新发布即可更新）",
                    entry.path
                ),
            )),
            Err(_) => notes.push((
                alias,
                format!("缺少 {} 的副本，找幼儿园页首屏稍慢（重新发布即可补上）", entry.path),
            )),
        }
    }
}

/// Temporary files of interrupted runs and data files no manifest names: harmless, and removed by
/// the next publish.
fn leftovers(dir: &Path, m: &Manifest, notes: &mut Vec<(String, String)>) {
    for (rel, kind) in strays(dir, m) {
        notes.push((
            rel,
            match kind {
                Stray::Temporary => "中断的发布留下的临时文件（下次发布时自动清理）",
                Stray::Unlisted => "未被 manifest.json 引用的旧文件（下次发布时自动清理）",
            }
            .into(),
        ));
    }
}

/// Prints what `check` found; exit code 0 when the publication is whole, 1 otherwise.
pub fn run(dir: &Path) -> ExitCode {
    let o = check(dir);
    for (path, what) in &o.problems {
        say!("错误 {path}：{what}");
    }
    for (path, what) in &o.notes {
        say!("提示 {path}：{what}");
    }
    let Some(m) = &o.manifest else {
        say!("{}：不是完整的发布（manifest.json 无法使用）。", dir.display());
        return ExitCode::from(1);
    };
    let records: u64 = m.files_of(FileKind::List).map(|f| f.records).sum();
    let head = format!(
        "{}：版本 {}，{} 个文件，{} 条记录，{} 个地级市",
        dir.display(),
        m.dataset.version,
        m.files.len(),
        kg_pipeline::guard::thousands(records),
        m.regions.len()
    );
    if o.problems.is_empty() {
        say!("{head}。全部文件存在，大小、SHA-256 与数据清单相符，均可解码。");
        ExitCode::SUCCESS
    } else {
        let bad: HashSet<&str> = o.problems.iter().map(|(p, _)| p.as_str()).collect();
        say!("{head}。发现 {} 个问题，涉及 {} 个文件。", o.problems.len(), bad.len());
        ExitCode::from(1)
    }
}
