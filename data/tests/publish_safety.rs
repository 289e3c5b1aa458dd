//! The live publication is never harmed: not by a run killed at any moment, not by two runs at
//! once, not by a blank or partial input; `kgdata verify` names whatever is wrong on disk.
//!
//! The inputs are the sample's own spreadsheets (`kgdata sample --work`), generated once per run
//! of this file. The kill campaign runs `KG_KILL_TRIALS` trials, 25 by default (about 2 minutes
//! on a 2-core machine: a trial costs one debug run up to its writing phase, some 4–5 s);
//! `KG_KILL_TRIALS=100 cargo test -p kg-data --test publish_safety` runs the full campaign
//! (7–11 minutes).

use kg_shared::manifest::{self, Manifest};
use std::{
    collections::BTreeSet,
    io::BufRead,
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

const BIN: &str = env!("CARGO_BIN_EXE_kgdata");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn kgdata() -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(root());
    c
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

struct Fixture {
    _tmp: tempfile::TempDir,
    /// The sample's input spreadsheets, one per city.
    work: PathBuf,
}

/// The sample's spreadsheets, generated once for every test here.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path().join("work");
        let out = kgdata()
            .args(["sample", "--scale", "0.03", "--seed", "7", "--out"])
            .arg(tmp.path().join("sample-site"))
            .arg("--work")
            .arg(&work)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        Fixture { _tmp: tmp, work }
    })
}

/// Input files of the sample by name (`441300.csv` …).
fn inputs(names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|n| fixture().work.join(n)).collect()
}

/// Copies of UTF-8 CSV inputs with every "号" of the addresses and fee approvals changed, so
/// that each of their shards differs from the original's while records, cities and counties
/// stay the same.
fn variant(dir: &Path, files: &[PathBuf], tag: &str) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    files
        .iter()
        .map(|f| {
            let p = dir.join(f.file_name().unwrap());
            let s = std::fs::read_to_string(f).unwrap();
            let (header, rows) = s.split_once('\n').unwrap();
            std::fs::write(&p, format!("{header}\n{}", rows.replace("号,", &format!("号{tag},")))).unwrap();
            p
        })
        .collect()
}

/// `kgdata publish` of `files` into `site` as version `version`, with `extra` flags.
fn publish_cmd(site: &Path, files: &[PathBuf], version: &str, extra: &[&str]) -> Command {
    let mut c = kgdata();
    c.arg("publish")
        .args(files)
        .arg("--out")
        .arg(site)
        .arg("--report")
        .arg(site.with_extension(format!("report-{version}")))
        .args(["--version", version, "--as-of", "2025-09-30"])
        .args(extra);
    c
}

fn publish(site: &Path, files: &[PathBuf], version: &str, extra: &[&str]) -> Output {
    publish_cmd(site, files, version, extra).output().unwrap()
}

fn verify(site: &Path) -> Output {
    kgdata().arg("verify").arg(site).output().unwrap()
}

/// The publication in `site` is whole: `kgdata verify` passes, and (checked here independently)
/// every file the manifest names exists with its size and SHA-256. Returns the manifest.
fn assert_whole(site: &Path) -> Manifest {
    let v = verify(site);
    assert!(v.status.success(), "verify: {}", text(&v));
    assert!(text(&v).contains("全部文件存在"), "{}", text(&v));
    let m = Manifest::parse(&std::fs::read(site.join("manifest.json")).unwrap()).unwrap();
    for f in &m.files {
        let bytes = std::fs::read(site.join(&f.path)).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        manifest::verify(f, &bytes).unwrap();
    }
    m
}

/// After a publish that ran to its end: the publication is whole, and the finder's first-view
/// copies, one per city and the default city's, are the listed files (verify notes none).
fn assert_whole_with_copies(site: &Path) -> Manifest {
    let m = assert_whole(site);
    assert!(!text(&verify(site)).contains("提示 first/"), "{}", text(&verify(site)));
    let aliases = m.first_text_aliases();
    assert_eq!(aliases.len(), m.regions.len() + 1);
    for (alias, f) in aliases {
        let bytes = std::fs::read(site.join(&alias)).unwrap_or_else(|e| panic!("{alias}: {e}"));
        manifest::verify(f, &bytes).unwrap();
    }
    m
}

/// Every file under `site`, with its bytes: what "nothing written" compares.
fn snapshot(site: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![site.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (p, bytes) in snapshot(from) {
        let q = to.join(p.strip_prefix(from).unwrap());
        std::fs::create_dir_all(q.parent().unwrap()).unwrap();
        std::fs::write(q, bytes).unwrap();
    }
}

const SMALL: &[&str] = &["441300.csv", "445300.csv"];
const THREE: &[&str] = &["441300.csv", "445300.csv", "440100.csv"];

#[test]
fn blank_and_header_only_inputs_are_refused_even_with_allow_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let header_only = dir.path().join("只有表头.csv");
    let first = std::fs::read_to_string(&inputs(SMALL)[0]).unwrap();
    std::fs::write(&header_only, first.lines().next().unwrap()).unwrap();
    let blank = dir.path().join("模板.xlsx");
    let t = kgdata().args(["template", "--out"]).arg(&blank).output().unwrap();
    assert!(t.status.success());

    // No live publication: refused, and the folder is not even created.
    let site = dir.path().join("site");
    for input in [&header_only, &blank] {
        let out = publish(&site, std::slice::from_ref(input), "empty", &["--allow-rejects", "--replace-all"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains("新发布没有任何记录"), "{}", text(&out));
        assert!(!site.exists(), "nothing written");
    }

    // Over a live publication: refused, and not one byte of it changes.
    assert!(publish(&site, &inputs(SMALL), "live", &[]).status.success());
    let before = snapshot(&site);
    for input in [&header_only, &blank] {
        let out = publish(&site, std::slice::from_ref(input), "empty", &["--allow-rejects", "--replace-all"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains("现有发布（"), "{}", text(&out));
        assert!(snapshot(&site) == before, "the live publication is untouched");
    }
    assert_whole(&site);
}

#[test]
fn a_publish_losing_most_records_or_a_city_needs_replace_all() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(publish(&site, &inputs(THREE), "live", &[]).status.success());
    let live = assert_whole(&site);
    let live_records: u64 = live.regions.iter().map(|r| r.records).sum();
    let before = snapshot(&site);

    // One city of three: most records and two cities lost.
    let out = publish(&site, &inputs(&["441300.csv"]), "partial", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let msg = text(&out);
    assert!(msg.contains(&format!("现有发布 {live_records} 条记录")), "{msg}");
    assert!(msg.contains("（减少 ") && msg.contains("超过允许的 10%"), "{msg}");
    assert!(msg.contains("2 个地级市") && msg.contains("--replace-all"), "{msg}");
    assert!(snapshot(&site) == before, "nothing written");

    // Two cities of three with a looser shrink limit: the lost city alone is reason enough.
    let out = publish(&site, &inputs(&["441300.csv", "440100.csv"]), "partial", &["--max-shrink", "50"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let msg = text(&out);
    assert!(msg.contains("缺少现有发布中的 1 个地级市：云浮市") && !msg.contains("超过允许"), "{msg}");
    assert!(snapshot(&site) == before, "nothing written");

    // Said on purpose, it goes through.
    let out = publish(&site, &inputs(&["441300.csv"]), "partial", &["--replace-all"]);
    assert!(out.status.success(), "{}", text(&out));
    let m = assert_whole(&site);
    assert_eq!(m.dataset.version, "partial");
    assert_eq!(m.regions.len(), 1);
}

#[test]
fn sample_replaces_a_different_publication() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(publish(&site, &inputs(SMALL), "bureau", &[]).status.success());
    let out = kgdata()
        .args(["sample", "--scale", "0.03", "--seed", "8", "--out"])
        .arg(&site)
        .arg("--work")
        .arg(dir.path().join("work"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let m = assert_whole(&site);
    assert!(m.dataset.sample && m.regions.len() > 2);
}

#[test]
fn verify_names_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    assert!(publish(&good, &inputs(SMALL), "v1", &[]).status.success());
    let m = assert_whole_with_copies(&good);
    let list = m.files.iter().find(|f| f.kind == manifest::FileKind::List).unwrap().path.clone();
    let detail = m.files.iter().find(|f| f.kind == manifest::FileKind::Detail).unwrap().path.clone();
    let case = |name: &str, damage: &dyn Fn(&Path)| -> String {
        let site = dir.path().join(name);
        copy_dir(&good, &site);
        damage(&site);
        let out = verify(&site);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out));
        text(&out)
    };

    let out = case("corrupt", &|s| {
        let p = s.join(&list);
        let mut b = std::fs::read(&p).unwrap();
        let mid = b.len() / 2;
        b[mid] ^= 0x40;
        std::fs::write(&p, b).unwrap();
    });
    assert!(out.contains(&format!("错误 {list}：校验失败")), "{out}");
    assert!(out.contains("发现 1 个问题"), "{out}");

    let out = case("deleted", &|s| std::fs::remove_file(s.join(&detail)).unwrap());
    assert!(out.contains(&format!("错误 {detail}：文件不存在")), "{out}");

    let out = case("truncated", &|s| {
        let p = s.join("manifest.json");
        let b = std::fs::read(&p).unwrap();
        std::fs::write(&p, &b[..b.len() / 3]).unwrap();
    });
    assert!(out.contains("错误 manifest.json：") && out.contains("不是有效的 JSON"), "{out}");

    // Bytes that match a (rewritten) manifest but do not decode: the decoder names them.
    let out = case("undecodable", &|s| replace_listed(s, &list, b"KGL1 not a list shard"));
    assert!(out.contains(&format!("错误 {list}：数据文件损坏")), "{out}");
    assert!(out.contains("同城市的列表文件有问题"), "its detail shard cannot be checked either: {out}");

    // A first page out of step with its list (another city's, listed under this one's name):
    // a parent would see other kindergartens than the list they then get.
    let path_of = |kind, city: u32| m.file(kind, Some(city)).unwrap().path.clone();
    let first = |city| path_of(manifest::FileKind::First, city);
    let (a, b) = (m.regions[0].code, m.regions[1].code);
    let out = case("stale first page", &|s| {
        replace_listed(s, &first(a), &std::fs::read(s.join(first(b))).unwrap())
    });
    assert!(out.contains(&format!("错误 {}：城市 {b} 与列表文件的 {a} 不符", first(a))), "{out}");

    // The first view as text (painted before the app) with one name changed: refused by name,
    // since the page would show a kindergarten the list does not have.
    let first_text = |city| path_of(manifest::FileKind::FirstText, city);
    let text_of = first_text(a);
    let out = case("altered first text", &|s| {
        let t =
            std::fs::read_to_string(s.join(&text_of)).unwrap().replacen("\"name\":\"", "\"name\":\"假", 1);
        replace_listed(s, &text_of, t.as_bytes())
    });
    assert!(out.contains(&format!("错误 {text_of}：与同城市的首页文件不符")), "{out}");

    // A first-view copy from another publication, or none: never shown, so notes, not errors.
    std::fs::write(good.join(format!("first/{a}.json")), std::fs::read(good.join(first_text(b))).unwrap())
        .unwrap();
    std::fs::remove_file(good.join("first/default.json")).unwrap();
    let out = verify(&good);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("提示 first/{a}.json：与 manifest.json 所列的 {} 不同", first_text(a))),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("提示 first/default.json：缺少"), "{}", text(&out));
    // The next publish writes them again, and removes a copy of a city no longer published.
    std::fs::write(good.join("first/110100.json"), b"{}").unwrap();
    assert!(publish(&good, &inputs(SMALL), "v2", &[]).status.success());
    assert_whole_with_copies(&good);
    assert!(!good.join("first/110100.json").exists());

    // Leftovers of an interrupted run are notes, not errors.
    std::fs::write(good.join("shards/.441300.list.x.bin.tmp-12345"), b"half").unwrap();
    let out = verify(&good);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("提示 shards/.441300.list.x.bin.tmp-12345：中断的发布留下的临时文件"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_closed_stdout_does_not_stop_a_publish() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    // `kgdata publish … | head -1`
    let mut child = publish_cmd(&site, &inputs(SMALL), "piped", &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("读入"), "{first}");
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !err.contains("panicked"), "{err}");
    assert_eq!(assert_whole(&site).dataset.version, "piped");
}

#[test]
fn two_publishes_into_one_folder_leave_one_whole_publication() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let a = inputs(SMALL);
    let b = variant(&dir.path().join("b"), &a, "之一");
    let c = variant(&dir.path().join("c"), &a, "之二");
    assert!(publish(&site, &a, "a", &[]).status.success());

    // The first holds the lock until told to go on; the second meets it, fails at once naming
    // it, and changes nothing.
    let go = dir.path().join("go");
    let mut first = publish_cmd(&site, &b, "b", &[])
        .env("KGDATA_HOLD_LOCK_UNTIL", &go)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The lock file names its holder once the lock is taken.
    let holder = first.id().to_string();
    let t = Instant::now();
    while std::fs::read_to_string(site.join(".kgdata.lock")).unwrap_or_default().trim() != holder {
        assert!(first.try_wait().unwrap().is_none(), "the first run ended without taking the lock");
        assert!(t.elapsed() < Duration::from_secs(300), "the first run never took the lock");
        std::thread::sleep(Duration::from_millis(5));
    }
    let before = snapshot(&site);
    let second = publish(&site, &c, "c", &[]);
    assert!(snapshot(&site) == before, "the second run changed nothing");
    std::fs::write(&go, b"").unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", text(&first));
    assert_eq!(second.status.code(), Some(2), "{}", text(&second));
    assert!(text(&second).contains("另一个发布正在写入该目录"), "{}", text(&second));
    assert_eq!(assert_whole(&site).dataset.version, "b");

    // Both at once, as they come: each either wins or fails on the lock; what is left is whole.
    for round in 0..2 {
        let (va, vb) = (format!("c{round}"), format!("a{round}"));
        let x =
            publish_cmd(&site, &c, &va, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let y =
            publish_cmd(&site, &a, &vb, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let (x, y) = (x.wait_with_output().unwrap(), y.wait_with_output().unwrap());
        let mut won = Vec::new();
        for (o, v) in [(&x, &va), (&y, &vb)] {
            if o.status.success() {
                won.push(v.clone());
            } else {
                assert!(text(o).contains("另一个发布正在写入该目录"), "{}", text(o));
            }
        }
        assert!(!won.is_empty(), "one of them publishes");
        let m = assert_whole(&site);
        assert!(won.contains(&m.dataset.version), "{} not among {won:?}", m.dataset.version);
    }
}

/// splitmix64: the same delays on every run.
struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Names of the files under `site` (its folder, shards/ and geo/).
fn names(site: &Path) -> BTreeSet<String> {
    ["", "shards", "geo"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(site.join(sub)).ok())
        .flat_map(|rd| rd.flatten().map(|e| e.path().to_string_lossy().into_owned()))
        .collect()
}

/// Waits until a file appears in or vanishes from `site` (the run has begun writing) or the run
/// ends; returns the time since `t`.
fn first_write(site: &Path, before: &BTreeSet<String>, child: &mut Child, t: Instant) -> Duration {
    while child.try_wait().unwrap().is_none() && names(site) == *before {
        std::thread::sleep(Duration::from_millis(1));
    }
    t.elapsed()
}

/// Kills `kgdata publish` with SIGKILL at pseudo-random moments while it replaces a live
/// publication: after every kill the manifest is the old publication's or the new one's, and
/// whole. Each trial publishes inputs of its own (two cities' sheets edited, a third unchanged),
/// so that every run writes new shards. A quarter of the kills fall anywhere in the run (delays
/// spread over a measured run's duration); the rest fall in its writing phase, where a kill can
/// do harm: once the run's first file appears, after a delay spread over the measured writing
/// time (write, rename, garbage collection) and a little beyond.
#[test]
fn killed_at_any_moment_a_publish_leaves_a_whole_publication() {
    use std::os::unix::process::ExitStatusExt;
    let trials: usize = std::env::var("KG_KILL_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(25);
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let a = inputs(&["441300.csv", "445300.csv", "430200-gb18030.csv"]);
    let inputs_of = |i: usize| {
        let edited = variant(&dir.path().join(format!("in{i}")), &a[..2], &format!("之{i}"));
        [edited, a[2..].to_vec()].concat()
    };
    assert!(publish(&site, &a, "live", &[]).status.success());
    assert_whole(&site);

    // One run to its end, timed.
    let t0 = Instant::now();
    let before = names(&site);
    let mut child = publish_cmd(&site, &inputs_of(0), "v0", &[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let writing_from = first_write(&site, &before, &mut child, t0);
    assert!(child.wait().unwrap().success(), "the timed run failed");
    let run = t0.elapsed();
    let writing = run - writing_from;
    let mut live = assert_whole(&site).dataset.version;
    assert_eq!(live, "v0");

    let mut rng = Rng(0x6b67_6461_7461);
    let (mut kept, mut replaced, mut finished) = (0, 0, 0);
    for i in 1..=trials {
        let (files, version) = (inputs_of(i), format!("v{i}"));
        let before = names(&site);
        let t = Instant::now();
        let mut child = publish_cmd(&site, &files, &version, &[])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = if i % 4 == 0 {
            run.mul_f64(rng.unit())
        } else {
            first_write(&site, &before, &mut child, t) + writing.mul_f64(1.25 * rng.unit())
        };
        std::thread::sleep(at.saturating_sub(t.elapsed()));
        let _ = child.kill(); // SIGKILL; fails only if the run has already ended
        let status = child.wait().unwrap();
        let m = assert_whole(&site);
        let now = m.dataset.version;
        assert!(now == live || now == version, "trial {i} (kill at {at:?}): version {now}, live was {live}");
        if status.success() {
            assert_eq!(now, version, "a run that ended well published");
            finished += 1;
        } else {
            assert_eq!(status.signal(), Some(9), "trial {i}: the run failed by itself: {status}");
            if now == version {
                replaced += 1;
            } else {
                kept += 1;
            }
        }
        live = now;
        std::fs::remove_dir_all(dir.path().join(format!("in{i}"))).unwrap();
    }
    // No killed run left the lock held, and the next clean run removes what they left behind.
    let out = publish(&site, &inputs_of(trials + 1), "last", &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(assert_whole_with_copies(&site).dataset.version, "last");
    let v = text(&verify(&site));
    assert!(!v.contains("提示"), "leftovers after a clean run: {v}");
    eprintln!(
        "{trials} kills, a run taking {run:.2?} (writing for the last {writing:.2?}): {kept} kept the old \
         publication, {replaced} left the new one, {finished} ended before the kill; {:.0?} in all",
        t0.elapsed()
    );
}

/// Writes `bytes` as the file at `path` of the publication `site` and lists them in its manifest
/// (size and SHA-256), as a publisher that made them would.
fn replace_listed(site: &Path, path: &str, bytes: &[u8]) {
    use sha2::Digest;
    std::fs::write(site.join(path), bytes).unwrap();
    let mp = site.join("manifest.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&mp).unwrap()).unwrap();
    for f in v["files"].as_array_mut().unwrap() {
        if f["path"] == path {
            f["sha256"] =
                sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>().into();
            f["bytes"] = bytes.len().into();
        }
    }
    std::fs::write(&mp, serde_json::to_vec(&v).unwrap()).unwrap();
}
