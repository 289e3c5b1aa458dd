//! The file-system half of publishing: read the input files, then write a compiled publication
//! (`kg_pipeline::publish::compile`) into the site's data folder.
//!
//! Publication is atomic: content-hashed data files are written first (next to the previous
//! publication's, which they never overwrite), then `manifest.json` is replaced by a rename, and
//! only then are files no manifest refers to removed. A run that fails or is killed at any point
//! leaves the previous publication complete and consistent. All of it happens under the lock on
//! `--out` (`safety::OutLock`), after the guard (`kg_pipeline::guard::check_replacement`) has
//! compared the new publication with the live one.

use crate::{
    files::read_file,
    safety::{live_coverage, strays, write_atomic, OutLock},
};
use kg_pipeline::{
    guard::{check_replacement, Guard, PublishError},
    places::Geo,
    publish::{manifest_of, rfc3339, validate_books, Compiled, DatasetMeta, Fields},
    report::Report,
    table::{HeaderSpec, Workbook},
};
use kg_shared::{date::Date, manifest::Manifest, model::Record};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Validates every row of every input file. Returns the publishable records and the report.
/// A file that cannot be read as a sheet at all (no header, not a spreadsheet) is an error for
/// the whole run: nothing of it could be accounted for.
pub fn validate(
    inputs: &[PathBuf],
    geo: &Geo,
    as_of: Date,
    spec: HeaderSpec,
) -> anyhow::Result<(Vec<Record>, Report)> {
    let books =
        inputs.iter().map(|p| read_file(p, spec, &Fields)).collect::<anyhow::Result<Vec<Workbook>>>()?;
    Ok(validate_books(&books, geo, as_of))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes a compiled publication into `out` atomically and removes what it replaced, unless the
/// guard refuses it (then nothing is written). Holds the lock on `out` throughout.
pub fn publish(
    out: &Path,
    compiled: Compiled,
    meta: &DatasetMeta,
    guard: &Guard,
) -> Result<Manifest, PublishError> {
    // The guard first without the lock, so that a refused run touches nothing (not even the lock
    // file), then again under it: another run may have replaced the live publication meanwhile.
    let new = compiled.coverage();
    let judge = || -> Result<(), PublishError> {
        let live = match live_coverage(out) {
            Ok(live) => live,
            Err(_) if guard.replace_all || new.records == 0 => None,
            Err(e) => {
                return Err(PublishError::Refused(format!(
                    "{e}。未发布，原有文件保持不变；用 kgdata verify 检查该目录，如确需整体替换，请加 --replace-all。"
                )))
            }
        };
        check_replacement(live.as_ref(), &new, guard).map_err(|r| PublishError::Refused(r.to_string()))
    };
    judge()?;
    let _lock = OutLock::take(out)?;
    if let Some(go) = std::env::var_os("KGDATA_HOLD_LOCK_UNTIL") {
        // Test hook: hold the lock until the file `go` exists (at most ten minutes), so that a
        // second run surely meets it.
        let t = std::time::Instant::now();
        while !Path::new(&go).exists() && t.elapsed().as_secs() < 600 {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    judge()?;
    let fail_after: Option<usize> = std::env::var("KGDATA_FAIL_AFTER").ok().and_then(|v| v.parse().ok());
    let manifest = manifest_of(&compiled, meta, now_rfc3339())?;
    for (i, f) in compiled.files.iter().enumerate() {
        if fail_after == Some(i) {
            // Test hook: die as a killed process would, without cleaning up.
            std::process::abort();
        }
        let target = out.join(&f.path);
        let unchanged =
            std::fs::read(&target).map(|b| sha256_hex(&b) == manifest.files[i].sha256).unwrap_or(false);
        if !unchanged {
            write_atomic(&target, &f.bytes)?;
        }
    }
    let json = serde_json::to_vec_pretty(&manifest).map_err(anyhow::Error::from)?;
    let aliases = kg_pipeline::bundle::aliases(&compiled, &manifest)?;
    if fail_after == Some(usize::MAX) {
        std::process::abort();
    }
    write_atomic(&out.join("manifest.json"), &json)?;
    // The first-view copies after the manifest: a reader checks each against the manifest it
    // has, so one older or newer than that manifest is never shown. The new publication is live
    // by now, so a copy that cannot be written is a warning (the finder then takes the listed
    // file, a little later), not a failed publish.
    for (alias, bytes) in &aliases {
        if let Err(e) = write_atomic(&out.join(alias), bytes) {
            note!("警告：{e:#}（已发布；找幼儿园页首屏稍慢，重新发布即可补上）");
        }
    }
    // Data files no longer referenced, and temporary files left by killed runs.
    for (rel, _) in strays(out, &manifest) {
        let _ = std::fs::remove_file(out.join(rel));
    }
    Ok(manifest)
}

fn now_rfc3339() -> String {
    // SOURCE_DATE_EPOCH makes the sample reproducible byte for byte.
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    rfc3339(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_input_reads_like_csv() {
        let g = Geo::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let recs = kg_pipeline::sample::generate_scaled(&g, false, 7, 1.0).records;
        let few: Vec<_> = recs.into_iter().filter(|r| r.county == 445202).take(5).collect();
        let paths = crate::files::write_sample_inputs(dir.path(), &g, &few).unwrap();
        assert!(paths[0].to_string_lossy().ends_with(".xlsx"));
        let (back, report) = validate(&paths, &g, Date::new(2025, 9, 30).unwrap(), HeaderSpec::Auto).unwrap();
        // 5 good rows and the broken rows the sample appends to 揭阳市's file.
        assert!(report.balanced());
        assert_eq!(back.len(), 5);
        for (a, b) in few.iter().zip(&back) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.name, b.name);
            assert_eq!(a.classes, b.classes);
        }
    }
}
