//! What keeps a publish from harming the live site: the replacement guard (never an empty
//! publication; no large shrink and no lost city or county without `--replace-all`), judged on
//! the live publication however it was read (from disk by the CLI, fetched by the browser).

use anyhow::anyhow;
use kg_shared::{
    manifest::{self, FileKind, Manifest},
    msg::{Msg, Phrase},
    stats::StatsFile,
};
use std::collections::BTreeMap;

/// Where the publish is made, for the guard to say how to override it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FrontEnd {
    /// `kgdata publish`: options.
    #[default]
    Cli,
    /// The 数据发布 page: its confirmation box.
    Page,
}

/// How far a publish may depart from the live publication.
#[derive(Clone, Copy, Debug)]
pub struct Guard {
    pub front: FrontEnd,
    /// The largest share of the live records (percent) a new publication may lose.
    pub max_shrink: f64,
    /// Let a shrinking publication, one that loses cities or counties, or one replacing an
    /// unreadable manifest through. An empty publication is refused all the same.
    pub replace_all: bool,
}

impl Default for Guard {
    fn default() -> Self {
        Guard { front: FrontEnd::Cli, max_shrink: 10.0, replace_all: false }
    }
}

/// Why a publish did not happen.
#[derive(Debug)]
pub enum PublishError {
    /// The guard refused the new publication (exit code 1, like rejected rows).
    Refused(String),
    /// Anything else: I/O, the lock held by another run (exit code 2).
    Failed(anyhow::Error),
}

impl From<anyhow::Error> for PublishError {
    fn from(e: anyhow::Error) -> Self {
        PublishError::Failed(e)
    }
}

/// What a publication covers: records, cities and counties (code → name, records).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    pub records: u64,
    pub cities: BTreeMap<u32, (String, u64)>,
    pub counties: BTreeMap<u32, (String, u64)>,
}

impl Coverage {
    /// The coverage of a live publication from its `manifest.json` bytes; `read` gives a file
    /// of it by its manifest entry (verified here). Counties come from the record aggregates of
    /// its `stats` file.
    pub fn of_publication(
        manifest_bytes: &[u8],
        read: impl Fn(&manifest::FileEntry) -> anyhow::Result<Vec<u8>>,
    ) -> anyhow::Result<Coverage> {
        let m = Manifest::parse(manifest_bytes).map_err(|e| anyhow!("manifest.json 无效：{e}"))?;
        let mut c = Coverage {
            records: m.files_of(FileKind::List).map(|f| f.records).sum(),
            cities: m.regions.iter().map(|r| (r.code, (r.name.clone(), r.records))).collect(),
            ..Coverage::default()
        };
        if c.cities.is_empty() {
            // An older manifest without `regions`: the cities its list files name.
            c.cities = m
                .files_of(FileKind::List)
                .filter_map(|f| Some((f.region?, (String::new(), f.records))))
                .collect();
        }
        if let Some(entry) = m.files_of(FileKind::Stats).next() {
            let bad = |e: &dyn std::fmt::Display| anyhow!("现有发布的 {} 有问题：{e}", entry.path);
            let bytes = read(entry).map_err(|e| bad(&e))?;
            manifest::verify(entry, &bytes).map_err(|e| bad(&e))?;
            let st = StatsFile::parse(&bytes).map_err(|e| bad(&e))?;
            c.counties =
                st.aggregates.into_iter().map(|a| (a.county, (a.name, u64::from(a.kindergartens)))).collect();
        }
        Ok(c)
    }
}

/// 1013 → "1,013".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn percent(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// At most ten names, then how many more.
fn names(lost: &[String]) -> Phrase {
    let mut p = vec![Phrase::join(lost.iter().take(10).cloned().map(Phrase::Data).collect(), Msg::SepList)];
    if lost.len() > 10 {
        p.push(Msg::GuardMoreNames.fill(vec![Phrase::plain(lost.len().to_string())]));
    }
    Phrase::Seq(p)
}

/// Why the guard refused a publication: the message for the clerk, with the counts of both
/// publications, worded by `Msg`s (the page shows it in the reader's script, the CLI in
/// Simplified). A refusal is a verdict on the input (exit code 1), not a failure of the tool.
#[derive(Debug, PartialEq)]
pub struct Refusal(pub Phrase);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.hans())
    }
}

fn n(v: impl ToString) -> Phrase {
    Phrase::plain(v.to_string())
}

/// Whether a publication covering `new` may replace the live one (`live`, if any). The error
/// is the message for the clerk, with the counts of both.
pub fn check_replacement(live: Option<&Coverage>, new: &Coverage, guard: &Guard) -> Result<(), Refusal> {
    if new.records == 0 {
        let kept = match live {
            Some(l) => Msg::GuardKept.fill(vec![n(thousands(l.records)), n(l.counties.len())]),
            None => Phrase::Msg(Msg::GuardNothingWritten),
        };
        let even = match guard.front {
            FrontEnd::Cli => Msg::GuardEvenCli,
            FrontEnd::Page => Msg::GuardEvenPage,
        };
        return Err(Refusal(Msg::GuardEmpty.fill(vec![kept, Phrase::Msg(even)])));
    }
    let Some(live) = live else {
        return Ok(());
    };
    if guard.replace_all {
        return Ok(());
    }
    let mut why = Vec::new();
    let mut change = Phrase::plain("");
    if new.records < live.records {
        let drop = (live.records - new.records) as f64 * 100.0 / live.records as f64;
        change = Msg::GuardDrop.fill(vec![n(format!("{drop:.1}"))]);
        if drop > guard.max_shrink {
            why.push(match guard.front {
                FrontEnd::Cli => {
                    Msg::GuardShrinkCli.fill(vec![n(percent(guard.max_shrink)), n(guard.max_shrink)])
                }
                FrontEnd::Page => Msg::GuardShrinkPage.fill(vec![n(percent(guard.max_shrink))]),
            });
        }
    }
    // The regions of the live publication that the new one no longer has, by name (code if unnamed).
    let lost = |live: &BTreeMap<u32, (String, u64)>, new: &BTreeMap<u32, (String, u64)>| -> Vec<String> {
        live.iter()
            .filter(|(c, _)| !new.contains_key(c))
            .map(|(c, (n, _))| if n.is_empty() { c.to_string() } else { n.clone() })
            .collect()
    };
    for (what, gone) in [
        (Msg::GuardCities, lost(&live.cities, &new.cities)),
        (Msg::GuardCounties, lost(&live.counties, &new.counties)),
    ] {
        if !gone.is_empty() {
            why.push(Msg::GuardLost.fill(vec![n(gone.len()), Phrase::Msg(what), names(&gone)]));
        }
    }
    if why.is_empty() {
        return Ok(());
    }
    let how = match guard.front {
        FrontEnd::Cli => Msg::GuardHowCli,
        // The page says how to confirm, in the reader's script, after this text.
        FrontEnd::Page => Msg::GuardHowPage,
    };
    Err(Refusal(Msg::GuardCompare.fill(vec![
        n(thousands(live.records)),
        n(live.counties.len()),
        n(thousands(new.records)),
        n(new.counties.len()),
        change,
        Phrase::join(why, Msg::SepSemicolon),
        Phrase::Msg(how),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `records` records in `counties` counties spread over `cities` cities (codes from 1).
    fn cov(records: u64, cities: u32, counties: u32) -> Coverage {
        Coverage {
            records,
            cities: (1..=cities).map(|c| (c * 100, (format!("市{c}"), 0))).collect(),
            counties: (1..=counties).map(|c| (c, (format!("县{c}"), 0))).collect(),
        }
    }

    const GUARD: Guard = Guard { front: FrontEnd::Cli, max_shrink: 10.0, replace_all: false };
    const REPLACE_ALL: Guard = Guard { front: FrontEnd::Cli, max_shrink: 10.0, replace_all: true };

    #[test]
    fn an_empty_publication_is_never_written() {
        for guard in [GUARD, REPLACE_ALL] {
            let e = check_replacement(None, &Coverage::default(), &guard).unwrap_err().to_string();
            assert!(e.contains("没有任何记录") && e.contains("未写入任何文件"), "{e}");
            let e = check_replacement(Some(&cov(1013, 2, 12)), &Coverage::default(), &guard)
                .unwrap_err()
                .to_string();
            assert!(e.contains("1,013 条记录、12 个县区"), "{e}");
        }
    }

    #[test]
    fn a_first_publication_or_growth_passes() {
        assert_eq!(check_replacement(None, &cov(3, 1, 1), &GUARD), Ok(()));
        assert_eq!(check_replacement(Some(&cov(100, 1, 2)), &cov(300, 2, 5), &GUARD), Ok(()));
        assert_eq!(check_replacement(Some(&cov(100, 1, 2)), &cov(100, 1, 2), &GUARD), Ok(()));
    }

    #[test]
    fn a_large_shrink_is_refused_with_both_counts() {
        let live = cov(1013, 1, 12);
        let e = check_replacement(Some(&live), &cov(3, 1, 1), &GUARD).unwrap_err().to_string();
        assert!(e.contains("现有发布 1,013 条记录、12 个县区；新发布 3 条、1 个县区（减少 99.7%）"), "{e}");
        assert!(e.contains("--replace-all") && e.contains("保持不变"), "{e}");
        assert!(e.contains("11 个县区：县2、县3"), "{e}");
        assert_eq!(check_replacement(Some(&live), &cov(3, 1, 1), &REPLACE_ALL), Ok(()));
        // The page names its confirmation box, not the CLI's options.
        let page = Guard { front: FrontEnd::Page, ..GUARD };
        let e = check_replacement(Some(&live), &cov(3, 1, 1), &page).unwrap_err().to_string();
        assert!(e.contains("请核对所选文件是否齐全。") && !e.contains("--"), "{e}");
    }

    #[test]
    fn the_shrink_limit_is_a_share_of_the_live_records() {
        let live = cov(1000, 1, 1);
        assert_eq!(check_replacement(Some(&live), &cov(900, 1, 1), &GUARD), Ok(()), "exactly 10%");
        let e = check_replacement(Some(&live), &cov(899, 1, 1), &GUARD).unwrap_err().to_string();
        assert!(e.contains("减少 10.1%") && e.contains("超过允许的 10%"), "{e}");
        let loose = Guard { max_shrink: 50.0, ..GUARD };
        assert_eq!(check_replacement(Some(&live), &cov(600, 1, 1), &loose), Ok(()));
        assert!(check_replacement(Some(&live), &cov(499, 1, 1), &loose).is_err());
        let strict = Guard { max_shrink: 0.0, ..GUARD };
        assert!(check_replacement(Some(&live), &cov(999, 1, 1), &strict).is_err());
    }

    #[test]
    fn losing_a_city_or_county_is_refused_even_while_growing() {
        let live = cov(100, 2, 3);
        let e = check_replacement(Some(&live), &cov(500, 1, 3), &GUARD).unwrap_err().to_string();
        assert!(e.contains("缺少现有发布中的 1 个地级市：市2"), "{e}");
        assert!(!e.contains("减少"), "{e}");
        let e = check_replacement(Some(&live), &cov(500, 2, 2), &GUARD).unwrap_err().to_string();
        assert!(e.contains("1 个县区：县3"), "{e}");
        // A county without a name is named by its code; long lists are cut.
        let mut live = cov(100, 1, 30);
        live.counties.insert(445202, (String::new(), 1));
        let e = check_replacement(Some(&live), &cov(100, 1, 1), &GUARD).unwrap_err().to_string();
        assert!(e.contains("30 个县区：县2、县3") && e.contains(" 等 30 个"), "{e}");
        assert_eq!(check_replacement(Some(&live), &cov(100, 1, 1), &REPLACE_ALL), Ok(()));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1013), "1,013");
        assert_eq!(thousands(283_456_789), "283,456,789");
    }
}
