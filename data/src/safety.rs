//! The file-system half of a safe publish: atomic writes, the lock that keeps two publishes out
//! of the same folder, and reading the live publication for the guard (`kg_pipeline::guard`).

use anyhow::anyhow;
use kg_pipeline::guard::Coverage;
use std::{
    fs::{File, OpenOptions, TryLockError},
    io::Write,
    path::Path,
};

/// Writes a file so that readers see either the old or the new content, never a partial one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| anyhow!("{}：无法创建目录（{e}）", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    let mut f = std::fs::File::create(&tmp).map_err(|e| anyhow!("{}：无法写入（{e}）", tmp.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| anyhow!("{}：写入失败（{e}）", tmp.display()))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| anyhow!("{}：无法替换（{e}）", path.display()))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A file in a publication folder that the publication `m` does not hold.
#[derive(Debug, PartialEq)]
pub enum Stray {
    /// Left by an interrupted run (`write_atomic`'s temporary file).
    Temporary,
    /// A data file neither the manifest nor its first-view copies name (an older publication's).
    Unlisted,
}

/// The stray files of the publication folder `out` for the publication `m`, by path relative to
/// it, in name order: what `kgdata publish` removes after replacing the manifest and what
/// `kgdata verify` notes. One definition, so the two never disagree on what belongs.
pub fn strays(out: &Path, m: &kg_shared::manifest::Manifest) -> Vec<(String, Stray)> {
    let mut named: std::collections::HashSet<String> = m.files.iter().map(|f| f.path.clone()).collect();
    named.extend(m.first_text_aliases().into_iter().map(|(alias, _)| alias));
    let mut found = Vec::new();
    for sub in ["", "shards", "geo", "first"] {
        let Ok(rd) = std::fs::read_dir(out.join(sub)) else { continue };
        let mut names: Vec<String> = rd
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into())
            .collect();
        names.sort();
        for name in names {
            let rel = if sub.is_empty() { name.clone() } else { format!("{sub}/{name}") };
            if name.contains(".tmp-") {
                found.push((rel, Stray::Temporary));
            } else if (name.ends_with(".bin") || name.ends_with(".json"))
                && name != "manifest.json"
                && !named.contains(&rel)
            {
                found.push((rel, Stray::Unlisted));
            }
        }
    }
    found
}

/// The lock file in `--out`. Never removed: removing a lock file lets two runs each hold "the" lock.
pub const LOCK_FILE: &str = ".kgdata.lock";

/// The coverage of the live publication in `out`: `None` when there is no `manifest.json`.
pub fn live_coverage(out: &Path) -> anyhow::Result<Option<Coverage>> {
    let path = out.join("manifest.json");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(anyhow!("现有的 {} 无法读取（{e}）", path.display())),
    };
    let read = |e: &kg_shared::manifest::FileEntry| {
        let p = out.join(&e.path);
        std::fs::read(&p).map_err(|err| anyhow!("{}：{err}", p.display()))
    };
    Coverage::of_publication(&bytes, read)
        .map(Some)
        .map_err(|e| anyhow!("现有发布（{}）：{e:#}", out.display()))
}

/// An exclusive advisory lock on `--out` (`flock` on Unix, `LockFileEx` on Windows), held from
/// before the first file is written until garbage collection ends. The OS releases it when the
/// process ends, however it ends, so a killed run never blocks the next one.
pub struct OutLock {
    _file: File,
}

impl OutLock {
    /// Takes the lock, or fails at once if another run holds it.
    pub fn take(out: &Path) -> anyhow::Result<OutLock> {
        std::fs::create_dir_all(out).map_err(|e| anyhow!("{}：无法创建目录（{e}）", out.display()))?;
        let p = out.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&p)
            .map_err(|e| anyhow!("{}：无法打开锁文件（{e}）", p.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&p)
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .map(|pid| format!("（进程 {pid}）"))
                    .unwrap_or_default();
                return Err(anyhow!(
                    "另一个发布正在写入该目录{holder}：{}。本次未发布，该目录未作任何改动；请等它结束后重试。",
                    out.display()
                ));
            }
            Err(TryLockError::Error(e)) => return Err(anyhow!("{}：无法加锁（{e}）", p.display())),
        }
        // Who holds it, for the message above; the lock itself is the flock, not this text.
        let _ = file.set_len(0).and_then(|()| writeln!(file, "{}", std::process::id()));
        Ok(OutLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let held = OutLock::take(&out).unwrap();
        let e = OutLock::take(&out).err().unwrap().to_string();
        assert!(e.contains("另一个发布正在写入该目录") && e.contains(&std::process::id().to_string()), "{e}");
        drop(held);
        assert!(OutLock::take(&out).is_ok());
    }
}
