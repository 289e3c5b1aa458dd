//! Reading the CLI's inputs from disk and writing what it makes beside the publication: every
//! `std::fs` call of publishing but the publication's own (`publish`, `safety`). The parsing is
//! `kg_pipeline`'s.

use crate::safety::write_atomic;
use anyhow::anyhow;
use kg_pipeline::{
    places::{Geo, GeoSources},
    report::{Report, ReportOutput},
    table::{read_bytes, HeaderScore, HeaderSpec, Workbook},
};
use kg_shared::{
    model::Record,
    stats::{CountyYear, StatsFile},
};
use std::path::{Path, PathBuf};

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow!("{}：无法读取（{e}）", path.display()))
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| anyhow!("{}：无法读取（{e}）", path.display()))
}

/// Reads `path` by its content (a workbook is recognised by its bytes, whatever its name).
pub fn read_file(path: &Path, spec: HeaderSpec, score: &dyn HeaderScore) -> anyhow::Result<Workbook> {
    read_bytes(&path.display().to_string(), &read(path)?, spec, score)
}

/// Loads the divisions and boundaries in `dir` (normally `data/geo`).
pub fn load_geo(dir: &Path) -> anyhow::Result<Geo> {
    let names = ["counties.csv", "boundaries.geojson", "towns.csv", "villages.csv"].map(|n| dir.join(n));
    let texts = names.iter().map(|p| read_text(p)).collect::<anyhow::Result<Vec<_>>>()?;
    let shown: Vec<String> = names.iter().map(|p| p.display().to_string()).collect();
    Geo::from_sources(&GeoSources {
        counties: (&shown[0], &texts[0]),
        boundaries: (&shown[1], &texts[1]),
        towns: (&shown[2], &texts[2]),
        villages: (&shown[3], &texts[3]),
    })
}

/// Reads `targets.csv`.
pub fn load_targets(path: &Path) -> anyhow::Result<StatsFile> {
    kg_pipeline::stats::parse_targets(&path.display().to_string(), &read(path)?)
}

/// Reads a bureau's county statistics CSV.
pub fn read_county_stats(path: &Path) -> anyhow::Result<Vec<CountyYear>> {
    kg_pipeline::stats::parse_county_stats(&path.display().to_string(), &read(path)?)
}

/// Writes county statistics as a bureau's sheet.
pub fn write_county_stats(path: &Path, years: &[CountyYear]) -> anyhow::Result<()> {
    let bytes = kg_pipeline::stats::county_stats_csv(years)?;
    std::fs::write(path, bytes).map_err(|e| anyhow!("{}：{e}", path.display()))
}

/// Writes the generated records as a bureau's spreadsheets into `work` (emptied first).
pub fn write_sample_inputs(work: &Path, geo: &Geo, records: &[Record]) -> anyhow::Result<Vec<PathBuf>> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(|e| anyhow!("{}：{e}", work.display()))?;
    let mut paths = Vec::new();
    for (name, bytes) in kg_pipeline::stats::sample_inputs(geo, records)? {
        let p = work.join(name);
        std::fs::write(&p, bytes).map_err(|e| anyhow!("{}：{e}", p.display()))?;
        paths.push(p);
    }
    Ok(paths)
}

/// Writes report.json and report.csv into `dir`.
pub fn write_report(report: &Report, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| anyhow!("{}：无法创建（{e}）", dir.display()))?;
    let json = serde_json::to_vec_pretty(report)?;
    write_atomic(&dir.join("report.json"), &json)?;
    write_atomic(&dir.join("report.csv"), &report.csv())
}

/// Writes the XLSX template.
pub fn write_template(path: &Path) -> anyhow::Result<()> {
    let bytes = kg_pipeline::template::template_xlsx()?;
    std::fs::write(path, bytes).map_err(|e| anyhow!("{}：{e}", path.display()))
}
