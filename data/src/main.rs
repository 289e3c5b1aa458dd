//! kgdata — the publishing tool. See README「发布数据 / Publishing data」.

/// `println!` that a closed pipe cannot stop: `kgdata publish … | head -1` must still publish, so a
/// line nobody reads (EPIPE, or any other write error on stdout) is dropped instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` the same way, for stderr.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod benchq;
mod files;
mod fuzz;
mod publish;
mod safety;
mod verify;

use kg_pipeline::{guard, places, report, sample, table};

use anyhow::anyhow;
use clap::{Parser, Subcommand};
use kg_shared::date::Date;
use report::ReportOutput;
use std::{path::PathBuf, process::ExitCode};

#[global_allocator]
static ALLOC: benchq::Counting = benchq::Counting;

#[derive(Parser)]
#[command(name = "kgdata", about = "幼儿园信息公开门户 数据发布工具 / kgportal publishing tool")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// 校验并发布表格（CSV/XLSX）到网站数据目录 / validate spreadsheets and publish them
    Publish {
        /// 输入文件（.csv 或 .xlsx，可多个）/ input files
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// 网站数据目录（如 public/data）/ the site's data folder
        #[arg(long)]
        out: PathBuf,
        /// 校验报告目录 / where report.csv and report.json go
        #[arg(long, default_value = "kgdata-report")]
        report: PathBuf,
        /// 有被拒绝的行时仍发布其余各行 / publish the valid rows even if some are rejected
        #[arg(long)]
        allow_rejects: bool,
        /// 表头所在行（如 4，两行表头如 3-4）；默认自动查找 / the header row (e.g. 4, or 3-4); found automatically by default
        #[arg(long, value_parser = table::HeaderSpec::parse)]
        header_row: Option<table::HeaderSpec>,
        /// 新发布比现有发布减少超过此百分比的记录时不予发布 / refuse to lose more than PCT% of the live records
        #[arg(long, value_name = "PCT", default_value_t = 10.0)]
        max_shrink: f64,
        /// 允许整体替换：记录大量减少或缺少现有的地级市、县区时仍发布（空发布仍不允许）/ replace the live
        /// publication even if it shrinks or loses cities or counties (never with an empty one)
        #[arg(long)]
        replace_all: bool,
        /// 区县统计数据 CSV（可选）/ county statistics CSV
        #[arg(long)]
        stats: Option<PathBuf>,
        /// 数据集名称 / dataset name
        #[arg(long, default_value = "幼儿园信息公开数据")]
        name: String,
        /// 数据版本，如 2025.10 / dataset version
        #[arg(long)]
        version: String,
        /// 数据截至日期 YYYY-MM-DD / the date the records describe
        #[arg(long)]
        as_of: String,
        /// 发布单位 / publisher
        #[arg(long, default_value = "教育局")]
        publisher: String,
        #[arg(long, default_value = "data/geo", hide = true)]
        geo: PathBuf,
        #[arg(long, default_value = "data/targets.csv", hide = true)]
        targets: PathBuf,
    },
    /// 生成并发布示例数据（程序生成，非真实数据）/ generate and publish the synthetic sample
    Sample {
        #[arg(long)]
        out: PathBuf,
        /// 全国约28万条（用于性能测试）/ every county of China, ~280,000 records (benchmarks)
        #[arg(long)]
        national: bool,
        /// 生成的输入表格存放目录 / where the generated input spreadsheets are written
        #[arg(long)]
        work: Option<PathBuf>,
        #[arg(long, default_value_t = 20251)]
        seed: u64,
        /// 每个乡镇的幼儿园数量倍数（性能测试用）/ kindergartens per town multiplier (benchmarks)
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        #[arg(long, default_value = "data/geo", hide = true)]
        geo: PathBuf,
        #[arg(long, default_value = "data/targets.csv", hide = true)]
        targets: PathBuf,
    },
    /// 检查磁盘上的发布：数据清单、文件大小、SHA-256 与解码 / check a publication on disk
    Verify {
        /// 网站数据目录（含 manifest.json）/ the data folder (with manifest.json)
        dir: PathBuf,
    },
    /// 性能测试：计算所有地区的全部指标 / benchmark: every indicator of every region
    #[command(hide = true)]
    BenchIndicators {
        /// stats.*.json of a publication
        stats: PathBuf,
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
    /// 性能测试：查询引擎 Q1–Q5 与内存 / benchmark: the query engine's Q1–Q5 and memory
    #[command(hide = true)]
    BenchQuery {
        /// a publication's data folder (with manifest.json)
        site: PathBuf,
    },
    /// 基准测试：导出记录与查询参数供对照引擎使用 / the benchmark's peers: records as CSV, Q1–Q4 parameters and answers
    #[command(hide = true)]
    BenchExport {
        /// a publication's data folder (with manifest.json)
        site: PathBuf,
        /// output folder (records.csv, zones.csv, params.json)
        out: PathBuf,
        /// only this city's list shard (default: every city)
        #[arg(long)]
        city: Option<u32>,
    },
    /// 导入程序变异测试：变异真实格式的表格，检查不崩溃、每行都有去向 / the importer's mutation campaign
    #[command(hide = true)]
    Fuzz {
        #[arg(long, default_value_t = 10_000_000)]
        runs: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 线程数（默认为 CPU 核数）/ threads (default: the machine's cores)
        #[arg(long)]
        threads: Option<usize>,
        /// 单次运行的时限（秒），超时即失败并保存输入 / a run still going after this many seconds is a
        /// failure: its input is saved and the campaign stops
        #[arg(long, default_value_t = 60)]
        time_limit: u64,
        /// 只把种子表格（书记员格式的 CSV 与 XLSX）写入此目录，不做变异 / write the seed sheets (a clerk's
        /// CSV and XLSX) into this folder and stop: the end-to-end tests feed them to the 数据发布 page
        #[arg(long)]
        seeds_out: Option<PathBuf>,
        #[arg(long, default_value = "data/geo", hide = true)]
        geo: PathBuf,
    },
    /// 逐行把简体转为繁体，与发布时的转换相同（OpenCC s2t 加本站用字)，供测试核对繁体页面 /
    /// convert stdin lines as publishing does (OpenCC s2t, then the house style)
    S2t,
    /// 生成填报模板（XLSX，含“字段说明”工作表）/ write the XLSX template with a field guide
    Template {
        #[arg(long, default_value = "幼儿园信息填报模板.xlsx")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            note!("错误 / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.cmd {
        Cmd::BenchIndicators { stats, runs } => {
            let bytes = std::fs::read(&stats).map_err(|e| anyhow!("{}：{e}", stats.display()))?;
            let st = kg_shared::stats::StatsFile::parse(&bytes)
                .map_err(|e| anyhow!("{}：{e}", stats.display()))?;
            let t = std::time::Instant::now();
            for _ in 0..10 {
                std::hint::black_box(kg_shared::indicators::Progress::new(&st, sample::AS_OF.0));
            }
            say!("building the totals alone: {:.2} ms", t.elapsed().as_secs_f64() * 100.0);
            let mut times = Vec::new();
            let mut n = 0;
            for _ in 0..runs.max(1) {
                let t = std::time::Instant::now();
                n = kg_shared::indicators::assess_everything(&st, sample::AS_OF.0);
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(|a, b| a.total_cmp(b));
            let p95 = times[((times.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)];
            say!(
                "all indicators, {} counties, {n} assessments: median {:.2} ms, p95 {:.2} ms (native, {} runs)",
                st.aggregates.len(),
                times[times.len() / 2],
                p95,
                times.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Fuzz { runs, seed, threads, time_limit, seeds_out, geo } => {
            let geo = std::sync::Arc::new(files::load_geo(&geo)?);
            if let Some(dir) = seeds_out {
                std::fs::create_dir_all(&dir).map_err(|e| anyhow!("{}：{e}", dir.display()))?;
                for (name, bytes) in fuzz::seeds(&geo) {
                    let p = dir.join(name);
                    std::fs::write(&p, bytes).map_err(|e| anyhow!("{}：{e}", p.display()))?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let threads =
                threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
            let t = std::time::Instant::now();
            // Panics are caught and reported per run; keep the default hook from printing each.
            std::panic::set_hook(Box::new(|_| {}));
            let s = fuzz::campaign(geo, runs, seed, threads, std::time::Duration::from_secs(time_limit));
            let _ = std::panic::take_hook();
            say!(
                "{} runs in {:.0} s on {threads} threads: {} sheets read, {} rows, {} published; {} failures",
                s.runs,
                t.elapsed().as_secs_f64(),
                s.read,
                s.rows,
                s.published,
                s.failures.len()
            );
            for f in &s.failures {
                say!("  {f}");
            }
            Ok(if s.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Cmd::BenchQuery { site } => benchq::run(&site).map(|()| ExitCode::SUCCESS),
        Cmd::BenchExport { site, out, city } => benchq::export(&site, &out, city).map(|()| ExitCode::SUCCESS),
        Cmd::Verify { dir } => Ok(verify::run(&dir)),
        Cmd::S2t => {
            use kg_pipeline::publish::Dicts;
            use std::io::{BufRead, Write};
            let dicts = kg_pipeline::publish::Builtin::new()?;
            let mut out = std::io::stdout().lock();
            for line in std::io::stdin().lock().lines() {
                writeln!(out, "{}", dicts.s2t(&line?)?)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Template { out } => {
            files::write_template(&out)?;
            say!("已写入模板 / template written: {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Publish {
            inputs,
            out,
            report,
            allow_rejects,
            header_row,
            max_shrink,
            replace_all,
            stats,
            name,
            version,
            as_of,
            publisher,
            geo,
            targets,
        } => {
            let as_of = Date::parse(&as_of).ok_or_else(|| anyhow!("--as-of 应为 YYYY-MM-DD"))?;
            if !(0.0..=100.0).contains(&max_shrink) {
                return Err(anyhow!("--max-shrink 应在 0 到 100 之间（百分比）"));
            }
            let opts = Options {
                allow_rejects,
                guard: guard::Guard { max_shrink, replace_all, ..guard::Guard::default() },
            };
            let geo = files::load_geo(&geo)?;
            let mut st = files::load_targets(&targets)?;
            if let Some(p) = stats {
                st.counties = files::read_county_stats(&p)?;
            }
            let meta = kg_pipeline::publish::DatasetMeta {
                name,
                version,
                as_of,
                sample: false,
                notice: None,
                publisher,
            };
            let spec = header_row.unwrap_or_default();
            validate_and_publish(&inputs, spec, &out, &report, &opts, &geo, &st, &meta)
        }
        Cmd::Sample { out, national, work, seed, scale, geo, targets } => {
            if !(0.01..=100.0).contains(&scale) {
                return Err(anyhow!("--scale 应在 0.01 到 100 之间"));
            }
            let t0 = std::time::Instant::now();
            let geo = files::load_geo(&geo)?;
            let work = work.unwrap_or_else(|| {
                PathBuf::from(if national { "target/kg-sample/national" } else { "target/kg-sample/regions" })
            });
            let gen = sample::generate_scaled(&geo, national, seed, scale);
            let inputs = files::write_sample_inputs(&work, &geo, &gen.records)?;
            let mut st = files::load_targets(&targets)?;
            // The statistics as a bureau would send them (`--stats`), and read back as such.
            let stats_sheet = work.join("区县统计.csv");
            files::write_county_stats(&stats_sheet, &gen.stats)?;
            st.counties = files::read_county_stats(&stats_sheet)?;
            debug_assert_eq!(st.counties, gen.stats);
            note!("示例数据：生成 {} 条记录，用时 {:.1} 秒", gen.records.len(), t0.elapsed().as_secs_f64());
            let (y, m, d) = sample::AS_OF;
            let meta = kg_pipeline::publish::DatasetMeta {
                name: if national { "全国幼儿园信息（示例数据，性能测试用）".into() } else { "广东省、株洲市、平顶山市幼儿园信息（示例数据）".into() },
                version: format!("{y}.{m:02}-sample{}", if national { "-national" } else { "" }),
                as_of: Date::new(y, m, d).unwrap(),
                sample: true,
                notice: Some("本数据集中的幼儿园记录、名称、收费、师资和区县统计数据均由程序生成，仅用于演示和测试，不代表任何真实幼儿园。行政区划名称、代码和边界为真实数据。".into()),
                publisher: "kgportal（示例）".into(),
            };
            let report_dir = work.join("report");
            // Generated data: it replaces whatever the folder holds (never with nothing).
            let guard = guard::Guard { replace_all: true, ..guard::Guard::default() };
            let opts = Options { allow_rejects: true, guard };
            validate_and_publish(&inputs, table::HeaderSpec::Auto, &out, &report_dir, &opts, &geo, &st, &meta)
        }
    }
}

/// What a run may publish.
struct Options {
    allow_rejects: bool,
    guard: guard::Guard,
}

#[allow(clippy::too_many_arguments)]
fn validate_and_publish(
    inputs: &[PathBuf],
    spec: table::HeaderSpec,
    out: &std::path::Path,
    report_dir: &std::path::Path,
    opts: &Options,
    geo: &places::Geo,
    st: &kg_shared::stats::StatsFile,
    meta: &kg_pipeline::publish::DatasetMeta,
) -> anyhow::Result<ExitCode> {
    let t0 = std::time::Instant::now();
    let (records, report) = publish::validate(inputs, geo, meta.as_of, spec)?;
    let t_validate = t0.elapsed();
    say!("{}", report.summary().trim_end_matches('\n'));
    files::write_report(&report, report_dir)?;
    say!("校验报告 / report: {}/report.csv, report.json", report_dir.display());
    if report.rejected > 0 && !opts.allow_rejects {
        say!("有 {} 行被拒绝，未发布；原有发布内容保持不变。修正后重试，或加 --allow-rejects 只发布通过校验的行。", report.rejected);
        return Ok(ExitCode::from(1));
    }
    let t1 = std::time::Instant::now();
    let compiled = kg_pipeline::publish::compile(
        records,
        geo,
        st,
        &report,
        meta,
        &kg_pipeline::publish::Builtin::new()?,
    )?;
    let manifest = match publish::publish(out, compiled, meta, &opts.guard) {
        Ok(m) => m,
        Err(guard::PublishError::Refused(why)) => {
            say!("{why}");
            return Ok(ExitCode::from(1));
        }
        Err(guard::PublishError::Failed(e)) => return Err(e),
    };
    say!(
        "已发布 / published {} 条记录 → {}（版本 {}；校验 {:.2} 秒，编译发布 {:.2} 秒）",
        report.published,
        out.join("manifest.json").display(),
        manifest.dataset.version,
        t_validate.as_secs_f64(),
        t1.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
