//! The county-progress indicators: one definition each (formula, unit, inputs), computed for a
//! county unit, a city or a province by summing the inputs of its county units first (a ratio of
//! sums, never an average of ratios), and checked against the target that applies.
//!
//! Two kinds of input meet here: the statistics a bureau publishes per county and year
//! (`CountyYear`, 2021 onwards) and the aggregates of the published records on the dataset's
//! as-of date (`CountyAggregate`). Where both can give the same figure (毛入园率, 公办/普惠占比),
//! both are kept: a page shows them side by side with the gap rather than picking one.
//!
//! The county units are the codes records and statistics are filed under: the counties, and the
//! prefecture-level cities without counties (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关
//! 620200), which are at once a city and a county unit.

use crate::stats::{Comparator, CountyAggregate, CountyYear, StatsFile, Target};
use std::collections::{BTreeMap, BTreeSet};

/// The first year of the plans' period (“十四五”, 2021–2025): cumulative indicators count from it.
pub const PLAN_START: u16 = 2021;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Indicator {
    GrossEnrolment,
    PublicShare,
    InclusiveShare,
    TeacherCollege,
    TeacherCertified,
    StandardizedShare,
    SeatsPer1000,
    TownCoverage,
    TwoTeachersOneNurse,
    PrincipalTrained,
    OversizeKindergartens,
    NameFlagged,
    StaleRecords,
    FiscalShare,
    NewPublicSeats,
    SupervisionPassed,
}

/// Where an indicator's inputs come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inputs {
    /// The published records (as of the dataset date only).
    Records,
    /// The statistics bureaus publish per county and year.
    Statistics,
    /// Either: statistics give one figure per year, the records another for the as-of year.
    Both,
    /// Records for the numerator, statistics for the denominator.
    Mixed,
}

impl Inputs {
    pub fn label(self) -> &'static str {
        match self {
            Inputs::Records => "幼儿园记录",
            Inputs::Statistics => "公布的统计数据",
            Inputs::Both => "公布的统计数据；另由幼儿园记录核算",
            Inputs::Mixed => "幼儿园记录（分子）与公布的统计数据（分母）",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Percent,
    PerThousand,
    Kindergartens,
    Seats,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PerThousand => "座/千人",
            Unit::Kindergartens => "所",
            Unit::Seats => "个",
        }
    }

    /// A value as shown: percentages and rates with one decimal, counts whole and grouped.
    pub fn format(self, v: f64) -> String {
        match self {
            Unit::Percent | Unit::PerThousand => format!("{v:.1}"),
            Unit::Kindergartens | Unit::Seats => group_thousands(v.round() as i64),
        }
    }

    /// Whether values are counts (a chart of counts starts at zero; a gap is in units, not points).
    pub fn is_count(self) -> bool {
        matches!(self, Unit::Kindergartens | Unit::Seats)
    }
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// One indicator's single definition, shown on 数据与方法 and next to every chart.
#[derive(Clone, Copy, Debug)]
pub struct Definition {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: Unit,
    pub formula: &'static str,
    pub inputs: Inputs,
    pub higher_is_better: bool,
    /// A total of the region itself (a plan's count of seats, a share of counties): targets apply
    /// only to the region they name, not to the counties inside it.
    pub own_region_only: bool,
}

impl Indicator {
    pub const ALL: &'static [Indicator] = &[
        Indicator::GrossEnrolment,
        Indicator::PublicShare,
        Indicator::InclusiveShare,
        Indicator::StandardizedShare,
        Indicator::TeacherCollege,
        Indicator::TeacherCertified,
        Indicator::PrincipalTrained,
        Indicator::SeatsPer1000,
        Indicator::TownCoverage,
        Indicator::TwoTeachersOneNurse,
        Indicator::OversizeKindergartens,
        Indicator::NameFlagged,
        Indicator::StaleRecords,
        Indicator::FiscalShare,
        Indicator::NewPublicSeats,
        Indicator::SupervisionPassed,
    ];

    pub fn def(self) -> Definition {
        use Indicator::*;
        let d = |key, label, unit, formula, inputs, higher_is_better| Definition {
            key,
            label,
            unit,
            formula,
            inputs,
            higher_is_better,
            own_region_only: false,
        };
        match self {
            GrossEnrolment => d(
                "gross_enrolment",
                "学前三年毛入园率",
                Unit::Percent,
                "在园幼儿数 ÷ 3–5岁适龄人口 × 100。核算值以记录中的在园幼儿（不含托班）为分子、当年公布的适龄人口为分母。",
                Inputs::Both,
                true,
            ),
            PublicShare => d(
                "public_share",
                "公办幼儿园在园幼儿占比",
                Unit::Percent,
                "公办幼儿园在园幼儿数 ÷ 在园幼儿总数 × 100。",
                Inputs::Both,
                true,
            ),
            InclusiveShare => d(
                "inclusive_share",
                "普惠性幼儿园在园幼儿占比（普惠性幼儿园覆盖率）",
                Unit::Percent,
                "（公办 + 普惠性民办）幼儿园在园幼儿数 ÷ 在园幼儿总数 × 100。按教育统计口径，“普惠性幼儿园覆盖率”即此比例，株洲市计划的覆盖率目标按此比较。",
                Inputs::Both,
                true,
            ),
            StandardizedShare => d(
                "standardized_share",
                "规范化幼儿园比例",
                Unit::Percent,
                "等级为规范化及以上（含各级示范性）的幼儿园数 ÷ 幼儿园总数 × 100。",
                Inputs::Records,
                true,
            ),
            TeacherCollege => d(
                "teacher_college",
                "专任教师大专以上学历比例",
                Unit::Percent,
                "大专及以上学历专任教师数 ÷ 专任教师总数 × 100。",
                Inputs::Records,
                true,
            ),
            TeacherCertified => d(
                "teacher_certified",
                "专任教师持证比例",
                Unit::Percent,
                "持有幼儿园教师资格证的专任教师数 ÷ 专任教师总数 × 100。",
                Inputs::Records,
                true,
            ),
            PrincipalTrained => d(
                "principal_trained",
                "园长任职培训合格率",
                Unit::Percent,
                "任职资格培训合格的园长数 ÷ 幼儿园数 × 100（每园一名园长）。",
                Inputs::Records,
                true,
            ),
            SeatsPer1000 => d(
                "seats_per_1000",
                "千人学位数",
                Unit::PerThousand,
                "全部幼儿园核定学位数 ÷ 当年公布的常住人口 × 1000。政策标准按城镇幼儿园计，此处含农村，仅作参考。",
                Inputs::Mixed,
                true,
            ),
            TownCoverage => d(
                "town_coverage",
                "乡镇（街道）规范化公办园覆盖率",
                Unit::Percent,
                "有规范化公办中心幼儿园的乡镇数与有规范化公办幼儿园的街道数之和 ÷ 乡镇（街道）总数 × 100。",
                Inputs::Records,
                true,
            ),
            TwoTeachersOneNurse => d(
                "two_teachers_one_nurse",
                "“两教一保”达标幼儿园比例",
                Unit::Percent,
                "专任教师数 ≥ 2 × 班数且保育员数 ≥ 班数的幼儿园数 ÷ 有班级的幼儿园数 × 100。",
                Inputs::Records,
                true,
            ),
            OversizeKindergartens => d(
                "oversize_kindergartens",
                "班额超标的幼儿园",
                Unit::Kindergartens,
                "至少一个班型平均班额超过上限（小班25、中班30、大班35、混龄30、托班20人）的幼儿园数。",
                Inputs::Records,
                false,
            ),
            NameFlagged => d(
                "name_flagged",
                "名称不规范的幼儿园",
                Unit::Kindergartens,
                "名称触发任一名称规则（W00–W03：限用字词、外文或外国地名、误导性字词、民办园用公办园名称）的幼儿园数。",
                Inputs::Records,
                false,
            ),
            StaleRecords => d(
                "stale_records",
                "信息逾期未更新的幼儿园",
                Unit::Kindergartens,
                "园长或专任教师变更已超过一个月而信息更新日期仍早于变更日期（规则 W08）的幼儿园数。",
                Inputs::Records,
                false,
            ),
            FiscalShare => d(
                "fiscal_share",
                "财政性学前教育经费占比",
                Unit::Percent,
                "财政性学前教育经费 ÷ 同级财政性教育经费 × 100。",
                Inputs::Statistics,
                true,
            ),
            NewPublicSeats => Definition {
                own_region_only: true,
                ..d(
                    "new_public_seats",
                    "新增公办幼儿园学位（累计）",
                    Unit::Seats,
                    "2021年起逐年公布的新增公办学位之和；与规划目标（同一地区）比较。",
                    Inputs::Statistics,
                    true,
                )
            },
            SupervisionPassed => Definition {
                own_region_only: true,
                ..d(
                    "supervision_passed_share",
                    "通过县域普及普惠督导评估的县区比例",
                    Unit::Percent,
                    "已通过县域学前教育普及普惠督导评估的县区数 ÷ 县区总数 × 100；单个县区为 100（已通过）或 0（未通过）。",
                    Inputs::Statistics,
                    true,
                )
            },
        }
    }

    pub fn key(self) -> &'static str {
        self.def().key
    }

    /// The indicator a key names. Targets may use a synonym the plans use (普惠性幼儿园覆盖率).
    pub fn from_key(key: &str) -> Option<Indicator> {
        let key = if key == "inclusive_coverage" { "inclusive_share" } else { key };
        Indicator::ALL.iter().copied().find(|i| i.key() == key)
    }

    /// Whether the published statistics give this indicator a value per year.
    pub fn has_years(self) -> bool {
        matches!(self.def().inputs, Inputs::Statistics | Inputs::Both)
    }
}

/// The statistics of a region for one year, summed over the counties that published them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearTotals {
    pub counties: u32,
    pub age_3_5: u64,
    pub residents: u64,
    pub enrolled: u64,
    pub enrolled_public: u64,
    pub enrolled_inclusive: u64,
    pub fiscal_preschool: f64,
    pub fiscal_education: f64,
    pub new_public_seats: u64,
    pub passed: u32,
}

impl YearTotals {
    fn add(&mut self, y: &CountyYear) {
        self.counties += 1;
        self.age_3_5 += y.age_3_5 as u64;
        self.residents += y.residents as u64;
        self.enrolled += y.enrolled as u64;
        self.enrolled_public += y.enrolled_public as u64;
        self.enrolled_inclusive += y.enrolled_inclusive as u64;
        self.fiscal_preschool += y.fiscal_preschool;
        self.fiscal_education += y.fiscal_education;
        self.new_public_seats += y.new_public_seats as u64;
        self.passed += y.supervision_passed as u32;
    }
}

/// What the records of a region add up to on the as-of date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordTotals {
    pub kindergartens: u64,
    pub public_kg: u64,
    pub inclusive_kg: u64,
    pub standardized_kg: u64,
    pub children: u64,
    pub children_public: u64,
    pub children_inclusive: u64,
    pub seats: u64,
    pub teachers: u64,
    pub teachers_college: u64,
    pub teachers_certified: u64,
    pub principals_trained: u64,
    pub with_classes: u64,
    pub two_one_short: u64,
    pub oversize: u64,
    pub name_flagged: u64,
    pub stale: u64,
    pub towns: u64,
    /// (code, name, county) of 乡镇/街道 without a 规范化公办(中心)幼儿园.
    pub towns_without: Vec<(u32, String, u32)>,
}

impl RecordTotals {
    fn add(&mut self, a: &CountyAggregate) {
        let flagged = |id: &str| a.flagged.get(id).copied().unwrap_or(0) as u64;
        self.kindergartens += a.kindergartens as u64;
        self.public_kg += a.public_kg as u64;
        self.inclusive_kg += a.inclusive_kg as u64;
        self.standardized_kg += a.standardized_kg as u64;
        self.children += a.children as u64;
        self.children_public += a.children_public as u64;
        self.children_inclusive += a.children_inclusive as u64;
        self.seats += a.seats as u64;
        self.teachers += a.teachers as u64;
        self.teachers_college += a.teachers_college as u64;
        self.teachers_certified += a.teachers_certified as u64;
        self.principals_trained += a.principals_trained as u64;
        self.with_classes += a.with_classes as u64;
        self.two_one_short += a.two_one_short.map_or_else(|| flagged("W04"), u64::from);
        self.oversize += flagged("W05");
        self.name_flagged += a.name_flagged as u64;
        self.stale += a.stale.map_or_else(|| flagged("W08"), u64::from);
        self.towns += a.towns as u64;
        self.towns_without
            .extend(a.towns_without_standard_public.iter().map(|(c, n)| (*c, n.clone(), a.county)));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province,
    City,
    County,
}

impl Level {
    /// The level an adcode's digits say. A prefecture-level city without counties (东莞 441900)
    /// is `City` here and a county unit too: ask `Progress::is_county_unit`.
    pub fn of(code: u32) -> Level {
        if code.is_multiple_of(10000) {
            Level::Province
        } else if code.is_multiple_of(100) {
            Level::City
        } else {
            Level::County
        }
    }
}

/// Everything the indicators of one region are computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionTotals {
    pub code: u32,
    pub name: String,
    /// County units of the region that have records or statistics (for a county unit: itself).
    pub counties: Vec<u32>,
    pub records: RecordTotals,
    /// Counties with record aggregates (the as-of figures are complete only if this is all of them).
    pub counties_with_records: u32,
    pub years: BTreeMap<u16, YearTotals>,
}

impl RegionTotals {
    /// The statistics of a year, if every county of the region published them: a sum over only
    /// some of the counties would be a wrong figure, not a partial one.
    pub fn year(&self, year: u16) -> Option<&YearTotals> {
        self.years.get(&year).filter(|y| y.counties as usize == self.counties.len())
    }

    /// Years for which some but not all counties published statistics.
    pub fn partial_years(&self) -> Vec<u16> {
        self.years
            .iter()
            .filter(|(_, y)| (y.counties as usize) < self.counties.len())
            .map(|(k, _)| *k)
            .collect()
    }

    fn records_complete(&self) -> bool {
        self.counties_with_records as usize == self.counties.len()
    }
}

/// An indicator's value for a region and year: from the published statistics, from the records,
/// or both (then they may disagree, and the gap is shown).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Reading {
    pub published: Option<f64>,
    pub records: Option<f64>,
}

impl Reading {
    /// The figure a target is checked against: the published one where there is one.
    pub fn value(&self) -> Option<f64> {
        self.published.or(self.records)
    }

    /// Published minus records, when both exist.
    pub fn gap(&self) -> Option<f64> {
        Some(self.published? - self.records?)
    }
}

fn ratio(num: u64, den: u64, scale: f64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64 * scale)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    /// No plan sets a target for this indicator here.
    NoTarget,
    /// A target applies but there is no figure to check.
    NoData,
}

impl Verdict {
    /// Words that carry the meaning without colour.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "✓ 已达标",
            Verdict::NotMet => "✗ 未达标",
            Verdict::NoTarget => "— 无目标",
            Verdict::NoData => "？ 无数据",
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not-met",
            Verdict::NoTarget => "no-target",
            Verdict::NoData => "no-data",
        }
    }
}

/// An indicator of a region checked against the target that applies.
#[derive(Clone, Debug)]
pub struct Assessment<'a> {
    pub indicator: Indicator,
    pub year: u16,
    pub reading: Reading,
    /// The applicable target first (nearest plan), then the others (for “which plans say what”).
    pub targets: Vec<&'a Target>,
    pub verdict: Verdict,
    /// How far the value is from the target, signed so that negative means behind.
    pub gap: Option<f64>,
}

impl Assessment<'_> {
    pub fn target(&self) -> Option<&Target> {
        self.targets.first().copied()
    }
}

/// The indicators of every county unit, city and province of a publication.
#[derive(Clone, Debug)]
pub struct Progress<'a> {
    pub stats: &'a StatsFile,
    /// The year of the records' as-of date.
    pub as_of_year: u16,
    regions: BTreeMap<u32, RegionTotals>,
    /// The codes records and statistics are filed under.
    county_units: BTreeSet<u32>,
    years: Vec<u16>,
}

impl<'a> Progress<'a> {
    pub fn new(stats: &'a StatsFile, as_of_year: u16) -> Self {
        let mut regions: BTreeMap<u32, RegionTotals> = BTreeMap::new();
        let mut county_names: BTreeMap<u32, &str> = BTreeMap::new();
        for a in &stats.aggregates {
            county_names.insert(a.county, &a.name);
        }
        // The county units: every code the records or statistics are filed under, except a
        // province, and except a city whose own counties are filed too (a city total filed
        // beside its counties would count them twice).
        let mut filed: BTreeSet<u32> = stats.aggregates.iter().map(|a| a.county).collect();
        filed.extend(stats.counties.iter().map(|c| c.county));
        let with_counties: BTreeSet<u32> =
            filed.iter().filter(|c| Level::of(**c) == Level::County).map(|c| c / 100 * 100).collect();
        let county_units: BTreeSet<u32> = filed
            .into_iter()
            .filter(|&c| match Level::of(c) {
                Level::County => true,
                Level::City => !with_counties.contains(&c),
                Level::Province => false,
            })
            .collect();
        // A county unit counts once in itself, its city and its province (a city without
        // counties is its own city).
        let ancestors = |c: u32| {
            let mut v = vec![c, c / 100 * 100, c / 10000 * 10000];
            v.dedup();
            v
        };
        for &c in &county_units {
            for code in ancestors(c) {
                let r = regions.entry(code).or_insert_with(|| RegionTotals {
                    code,
                    name: stats
                        .names
                        .get(&code)
                        .cloned()
                        .or_else(|| county_names.get(&code).map(|s| s.to_string()))
                        .unwrap_or_else(|| code.to_string()),
                    ..Default::default()
                });
                r.counties.push(c);
            }
        }
        for a in stats.aggregates.iter().filter(|a| county_units.contains(&a.county)) {
            for code in ancestors(a.county) {
                if let Some(r) = regions.get_mut(&code) {
                    r.records.add(a);
                    r.counties_with_records += 1;
                }
            }
        }
        for y in stats.counties.iter().filter(|y| county_units.contains(&y.county)) {
            for code in ancestors(y.county) {
                if let Some(r) = regions.get_mut(&code) {
                    r.years.entry(y.year).or_default().add(y);
                }
            }
        }
        let mut years: Vec<u16> = stats.counties.iter().map(|c| c.year).collect();
        years.push(as_of_year);
        years.sort_unstable();
        years.dedup();
        Progress { stats, as_of_year, regions, county_units, years }
    }

    pub fn region(&self, code: u32) -> Option<&RegionTotals> {
        self.regions.get(&code)
    }

    pub fn regions(&self) -> impl Iterator<Item = &RegionTotals> {
        self.regions.values()
    }

    pub fn name(&self, code: u32) -> &str {
        self.regions.get(&code).map(|r| r.name.as_str()).unwrap_or("")
    }

    /// Whether records and statistics are filed under the code: an ordinary county, or a
    /// prefecture-level city without counties (东莞), which is a city too.
    pub fn is_county_unit(&self, code: u32) -> bool {
        self.county_units.contains(&code)
    }

    /// Every county unit of the publication, by code.
    pub fn county_units(&self) -> Vec<u32> {
        self.county_units.iter().copied().collect()
    }

    /// The county units of a region: a province's or a city's (a city without counties: itself),
    /// a county unit itself.
    pub fn county_units_of(&self, code: u32) -> Vec<u32> {
        self.regions.get(&code).map(|r| r.counties.clone()).unwrap_or_default()
    }

    /// The provinces of the publication.
    pub fn provinces(&self) -> Vec<u32> {
        self.regions.keys().copied().filter(|&c| Level::of(c) == Level::Province).collect()
    }

    /// The cities of the publication (东莞 and 中山 among them).
    pub fn cities(&self) -> Vec<u32> {
        self.regions.keys().copied().filter(|&c| Level::of(c) == Level::City).collect()
    }

    /// The region one level up: a county's city, a city's province (东莞's too); None for a
    /// province or a code the publication does not have.
    pub fn parent(&self, code: u32) -> Option<u32> {
        self.regions.get(&code)?;
        let up = match Level::of(code) {
            Level::County => code / 100 * 100,
            Level::City => code / 10000 * 10000,
            Level::Province => return None,
        };
        self.regions.contains_key(&up).then_some(up)
    }

    /// The city a region lies in (a city, and a city without counties, is its own); None for a
    /// province.
    pub fn city_of(&self, code: u32) -> Option<u32> {
        match Level::of(code) {
            Level::Province => None,
            _ => Some(code / 100 * 100),
        }
    }

    /// The regions one level below `code`: a province's cities, a city's county units (东莞's is
    /// 东莞 itself); none below a county.
    pub fn children(&self, code: u32) -> Vec<u32> {
        match Level::of(code) {
            Level::Province => self.cities().into_iter().filter(|c| c / 10000 * 10000 == code).collect(),
            Level::City => self.county_units_of(code),
            Level::County => Vec::new(),
        }
    }

    /// Every year with statistics anywhere in the publication, and the as-of year.
    pub fn years(&self) -> Vec<u16> {
        self.years.clone()
    }

    /// An indicator of a region in a year. Records give figures only for the as-of year.
    pub fn reading(&self, code: u32, ind: Indicator, year: u16) -> Reading {
        let Some(r) = self.regions.get(&code) else { return Reading::default() };
        let y = r.year(year);
        let rec = (year == self.as_of_year && r.records_complete()).then_some(&r.records);
        let pct = |n: u64, d: u64| ratio(n, d, 100.0);
        use Indicator::*;
        match ind {
            GrossEnrolment => Reading {
                published: y.and_then(|y| pct(y.enrolled, y.age_3_5)),
                records: rec.zip(y).and_then(|(t, y)| pct(t.children, y.age_3_5)),
            },
            PublicShare => Reading {
                published: y.and_then(|y| pct(y.enrolled_public, y.enrolled)),
                records: rec.and_then(|t| pct(t.children_public, t.children)),
            },
            InclusiveShare => Reading {
                published: y.and_then(|y| pct(y.enrolled_inclusive, y.enrolled)),
                records: rec.and_then(|t| pct(t.children_inclusive, t.children)),
            },
            StandardizedShare => Reading {
                published: None,
                records: rec.and_then(|t| pct(t.standardized_kg, t.kindergartens)),
            },
            TeacherCollege => {
                Reading { published: None, records: rec.and_then(|t| pct(t.teachers_college, t.teachers)) }
            }
            TeacherCertified => {
                Reading { published: None, records: rec.and_then(|t| pct(t.teachers_certified, t.teachers)) }
            }
            PrincipalTrained => Reading {
                published: None,
                records: rec.and_then(|t| pct(t.principals_trained, t.kindergartens)),
            },
            SeatsPer1000 => Reading {
                published: None,
                records: rec.zip(y).and_then(|(t, y)| ratio(t.seats, y.residents, 1000.0)),
            },
            TownCoverage => Reading {
                published: None,
                records: rec.and_then(|t| pct(t.towns.saturating_sub(t.towns_without.len() as u64), t.towns)),
            },
            TwoTeachersOneNurse => Reading {
                published: None,
                records: rec
                    .and_then(|t| pct(t.with_classes.saturating_sub(t.two_one_short), t.with_classes)),
            },
            OversizeKindergartens => Reading { published: None, records: rec.map(|t| t.oversize as f64) },
            NameFlagged => Reading { published: None, records: rec.map(|t| t.name_flagged as f64) },
            StaleRecords => Reading { published: None, records: rec.map(|t| t.stale as f64) },
            FiscalShare => Reading {
                published: y.and_then(|y| {
                    (y.fiscal_education > 0.0).then(|| y.fiscal_preschool / y.fiscal_education * 100.0)
                }),
                records: None,
            },
            NewPublicSeats => Reading {
                published: (PLAN_START..=year)
                    .map(|yr| r.year(yr).map(|t| t.new_public_seats))
                    .sum::<Option<u64>>()
                    .filter(|_| year >= PLAN_START)
                    .map(|v| v as f64),
                records: None,
            },
            SupervisionPassed => {
                Reading { published: y.and_then(|y| pct(y.passed as u64, y.counties as u64)), records: None }
            }
        }
    }

    /// The latest year in which the indicator has a figure for the region (the as-of year for
    /// record-only indicators).
    pub fn latest_year(&self, code: u32, ind: Indicator) -> u16 {
        self.years
            .iter()
            .rev()
            .copied()
            .find(|&y| self.reading(code, ind, y).value().is_some())
            .unwrap_or(self.as_of_year)
    }

    /// The targets that apply to a region for an indicator, the nearest plan first: a county is
    /// checked against its city's plan where the city sets the indicator (the city plan is how the
    /// province's plan is carried out there, e.g. 揭阳's 83% for teachers is the province's figure
    /// for 粤东), else the province's. The others follow, for “which plans say what”. A region's
    /// own totals (seats a plan promises, share of its counties) are checked only against its
    /// own plan.
    pub fn targets(&self, code: u32, ind: Indicator) -> Vec<&'a Target> {
        let def = ind.def();
        let mut scope = vec![code];
        if !def.own_region_only {
            match Level::of(code) {
                Level::County => scope.extend([code / 100 * 100, code / 10000 * 10000]),
                Level::City => scope.push(code / 10000 * 10000),
                Level::Province => {}
            }
        }
        let mut v: Vec<&Target> = self
            .stats
            .targets
            .iter()
            .filter(|t| scope.contains(&t.region) && Indicator::from_key(&t.indicator) == Some(ind))
            .collect();
        // Nearest first (county, city, province), then the stricter of one region's plans.
        v.sort_by(|a, b| {
            let key = |t: &Target| match t.comparator {
                Comparator::AtMost => -t.value,
                _ => t.value,
            };
            Level::of(b.region)
                .cmp(&Level::of(a.region))
                .then(key(b).partial_cmp(&key(a)).unwrap_or(std::cmp::Ordering::Equal))
        });
        v
    }

    /// Checks an indicator of a region in its latest year against the target that applies.
    pub fn assess(&self, code: u32, ind: Indicator) -> Assessment<'a> {
        let year = self.latest_year(code, ind);
        let reading = self.reading(code, ind, year);
        let targets = self.targets(code, ind);
        let (verdict, gap) = match (targets.first(), reading.value()) {
            (None, _) => (Verdict::NoTarget, None),
            (Some(_), None) => (Verdict::NoData, None),
            (Some(t), Some(v)) => {
                let verdict = if t.comparator.met(v, t.value) { Verdict::Met } else { Verdict::NotMet };
                let gap = match t.comparator {
                    Comparator::AtMost => t.value - v,
                    _ => v - t.value,
                };
                (verdict, Some(gap))
            }
        };
        Assessment { indicator: ind, year, reading, targets, verdict, gap }
    }

    /// Every indicator of a region.
    pub fn scorecard(&self, code: u32) -> Vec<Assessment<'a>> {
        Indicator::ALL.iter().map(|&i| self.assess(code, i)).collect()
    }

    /// “5080”: 公办在园幼儿占比 ≥ 50% and 普惠在园幼儿占比 ≥ 80%, on the published figures of a year.
    pub fn five_eighty(&self, code: u32, year: u16) -> Option<bool> {
        let p = self.reading(code, Indicator::PublicShare, year).value()?;
        let i = self.reading(code, Indicator::InclusiveShare, year).value()?;
        Some(p >= 50.0 && i >= 80.0)
    }
}

/// One region's figure in a ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct RankRow {
    pub code: u32,
    pub name: String,
    pub value: Option<f64>,
    /// The figure is computed from the records (no published statistic for it).
    pub from_records: bool,
}

/// One region's figures over years (published where there are any, else the records' as-of figure).
#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    pub code: u32,
    pub name: String,
    pub values: Vec<(u16, Option<f64>)>,
}

fn fmt_opt(unit: Unit, v: Option<f64>) -> String {
    v.map(|v| unit.format(v)).unwrap_or_else(|| "—".into())
}

/// A target in words: “≥ 50%（揭阳市，2025年）”.
pub fn target_text(t: &Target) -> String {
    let year = t.year.map(|y| format!("，{y}年")).unwrap_or_default();
    format!("{} {}{}（{}{}）", t.comparator.symbol(), t.value, t.unit, t.region_name, year)
}

/// A target's source: the document and the sentence that sets it.
pub fn target_source(t: &Target) -> String {
    let note = if t.note.is_empty() { String::new() } else { format!("（{}）", t.note) };
    format!("{}：“{}”{note}", t.source, t.quote)
}

impl<'a> Progress<'a> {
    /// The latest year in which any of the regions has a figure for the indicator.
    pub fn common_year(&self, regions: &[u32], ind: Indicator) -> u16 {
        self.years
            .iter()
            .rev()
            .copied()
            .find(|&y| regions.iter().any(|&r| self.reading(r, ind, y).value().is_some()))
            .unwrap_or(self.as_of_year)
    }

    /// The regions ranked on an indicator in one year, best first; regions without a figure last.
    pub fn ranking(&self, regions: &[u32], ind: Indicator, year: u16) -> Vec<RankRow> {
        let mut rows: Vec<RankRow> = regions
            .iter()
            .map(|&code| {
                let r = self.reading(code, ind, year);
                RankRow {
                    code,
                    name: self.name(code).to_string(),
                    value: r.value(),
                    from_records: r.published.is_none() && r.records.is_some(),
                }
            })
            .collect();
        let better = ind.def().higher_is_better;
        rows.sort_by(|a, b| match (a.value, b.value) {
            (Some(x), Some(y)) => {
                let o = if better { y.partial_cmp(&x) } else { x.partial_cmp(&y) };
                o.unwrap_or(std::cmp::Ordering::Equal).then(a.code.cmp(&b.code))
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.code.cmp(&b.code),
        });
        rows
    }

    /// The regions' figures for each year of `years`.
    pub fn trend(&self, regions: &[u32], ind: Indicator, years: &[u16]) -> Vec<TrendRow> {
        regions
            .iter()
            .map(|&code| TrendRow {
                code,
                name: self.name(code).to_string(),
                values: years.iter().map(|&y| (y, self.reading(code, ind, y).value())).collect(),
            })
            .collect()
    }

    /// The target one line on a chart of these regions can show: the strictest that applies,
    /// if it is the same for all of them (otherwise each region's target is in the table).
    pub fn shared_target(&self, regions: &[u32], ind: Indicator) -> Option<&'a Target> {
        let mut it = regions.iter().map(|&r| self.targets(r, ind).first().copied());
        let first = it.next()??;
        it.all(|t| t.is_some_and(|t| t.value == first.value && t.comparator == first.comparator))
            .then_some(first)
    }

    fn target_cell(&self, code: u32, ind: Indicator) -> String {
        self.targets(code, ind).first().map(|t| target_text(t)).unwrap_or_else(|| "—".into())
    }

    pub fn scorecard_table(&self, code: u32) -> crate::export::Table {
        let headers = [
            "指标",
            "年份",
            "公布值",
            "记录核算值",
            "公布−核算",
            "单位",
            "目标",
            "目标来源",
            "结论",
            "与目标差距",
        ];
        let rows = self
            .scorecard(code)
            .iter()
            .map(|a| {
                let d = a.indicator.def();
                vec![
                    d.label.to_string(),
                    a.year.to_string(),
                    fmt_opt(d.unit, a.reading.published),
                    fmt_opt(d.unit, a.reading.records),
                    fmt_opt(d.unit, a.reading.gap()),
                    d.unit.label().to_string(),
                    a.target().map(target_text).unwrap_or_else(|| "—".into()),
                    a.target().map(target_source).unwrap_or_else(|| "—".into()),
                    a.verdict.label().to_string(),
                    fmt_opt(d.unit, a.gap),
                ]
            })
            .collect();
        crate::export::Table { headers: headers.iter().map(|s| s.to_string()).collect(), rows }
    }

    pub fn ranking_table(&self, rows: &[RankRow], ind: Indicator, year: u16) -> crate::export::Table {
        let d = ind.def();
        let headers = vec![
            "名次".to_string(),
            "地区".into(),
            "代码".into(),
            "年份".into(),
            format!("{}（{}）", d.label, d.unit.label()),
            "口径".into(),
            "适用目标".into(),
        ];
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    if r.value.is_some() { (i + 1).to_string() } else { "—".into() },
                    r.name.clone(),
                    r.code.to_string(),
                    year.to_string(),
                    fmt_opt(d.unit, r.value),
                    match (r.value, r.from_records) {
                        (None, _) => "无数据".into(),
                        (_, true) => "记录核算".into(),
                        (_, false) => "公布".into(),
                    },
                    self.target_cell(r.code, ind),
                ]
            })
            .collect();
        crate::export::Table { headers, rows }
    }

    pub fn trend_table(&self, rows: &[TrendRow], ind: Indicator) -> crate::export::Table {
        let d = ind.def();
        let mut headers = vec!["地区".to_string(), "代码".into()];
        if let Some(first) = rows.first() {
            headers.extend(first.values.iter().map(|(y, _)| format!("{y}年（{}）", d.unit.label())));
        }
        headers.push("适用目标".into());
        let rows = rows
            .iter()
            .map(|r| {
                let mut v = vec![r.name.clone(), r.code.to_string()];
                v.extend(r.values.iter().map(|(_, x)| fmt_opt(d.unit, *x)));
                v.push(self.target_cell(r.code, ind));
                v
            })
            .collect();
        crate::export::Table { headers, rows }
    }
}

/// Every indicator of every county, city and province checked against its targets: what the
/// progress pages compute, all at once (for the benchmark). Returns the number of assessments.
pub fn assess_everything(stats: &StatsFile, as_of_year: u16) -> usize {
    let p = Progress::new(stats, as_of_year);
    let codes: Vec<u32> = p.regions().map(|r| r.code).collect();
    codes.iter().map(|&c| p.scorecard(c).iter().filter(|a| a.verdict != Verdict::NoData).count().max(1)).sum()
}

/// Upper bounds of `n` classes holding about equally many of `values` (quantiles), for a
/// choropleth; the last bound is the maximum. Fewer classes when there are fewer distinct values.
pub fn class_breaks(values: &[f64], n: usize) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() || n == 0 {
        return Vec::new();
    }
    let mut out: Vec<f64> = (1..=n).map(|k| v[(k * v.len()).div_ceil(n) - 1]).collect();
    out.dedup();
    out
}

/// The class of a value given `class_breaks`.
pub fn class_of(breaks: &[f64], v: f64) -> Option<usize> {
    breaks.iter().position(|b| v <= *b).or(if breaks.is_empty() { None } else { Some(breaks.len() - 1) })
}

/// An indicator's definition as exported with the numbers (the JSON download).
#[derive(Clone, Debug, serde::Serialize)]
pub struct DefinitionExport {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub formula: &'static str,
    pub inputs: &'static str,
}

impl From<Indicator> for DefinitionExport {
    fn from(i: Indicator) -> Self {
        let d = i.def();
        DefinitionExport {
            key: d.key,
            label: d.label,
            unit: d.unit.label(),
            formula: d.formula,
            inputs: d.inputs.label(),
        }
    }
}

/// Every fixed string this module shows, for the publication's Traditional map.
pub fn texts() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for i in Indicator::ALL {
        let d = i.def();
        v.extend([d.label, d.formula, d.inputs.label(), d.unit.label()].map(String::from));
    }
    for verdict in [Verdict::Met, Verdict::NotMet, Verdict::NoTarget, Verdict::NoData] {
        v.push(verdict.label().into());
    }
    v.extend(
        [
            "指标",
            "年份",
            "公布值",
            "记录核算值",
            "公布−核算",
            "单位",
            "目标",
            "目标来源",
            "结论",
            "与目标差距",
            "名次",
            "地区",
            "代码",
            "口径",
            "适用目标",
            "无数据",
            "记录核算",
            "公布",
        ]
        .map(String::from),
    );
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn year(county: u32, year: u16, age: u32, enrolled: u32, public: u32, inclusive: u32) -> CountyYear {
        CountyYear {
            county,
            year,
            age_3_5: age,
            residents: age * 30,
            enrolled,
            enrolled_public: public,
            enrolled_inclusive: inclusive,
            fiscal_preschool: 50.0,
            fiscal_education: 1000.0,
            new_public_seats: 100,
            supervision_passed: county == 445202,
        }
    }

    fn agg(county: u32, children: u32, public: u32, inclusive: u32) -> CountyAggregate {
        CountyAggregate {
            county,
            name: format!("县{county}"),
            city: county / 100 * 100,
            kindergartens: 10,
            public_kg: 5,
            inclusive_kg: 8,
            standardized_kg: 9,
            children,
            children_public: public,
            children_inclusive: inclusive,
            seats: 2000,
            classes: 60,
            with_classes: 10,
            teachers: 100,
            teachers_college: 80,
            teachers_certified: 95,
            principals_trained: 10,
            flagged: BTreeMap::from([("W04".to_string(), 2), ("W05".to_string(), 1)]),
            name_flagged: 1,
            towns: 4,
            towns_without_standard_public: vec![(county * 1000 + 1, "某镇".into())],
            ..Default::default()
        }
    }

    fn target(region: u32, key: &str, cmp: Comparator, value: f64) -> Target {
        Target {
            region,
            region_name: String::new(),
            indicator: key.into(),
            comparator: cmp,
            value,
            unit: "%".into(),
            year: Some(2025),
            source: "000".into(),
            quote: String::new(),
            note: String::new(),
        }
    }

    /// Two counties of 揭阳市; 445203 published no statistics for 2024.
    fn fixture() -> StatsFile {
        StatsFile {
            counties: vec![
                year(445202, 2024, 1000, 900, 400, 800),
                year(445202, 2025, 1000, 1000, 500, 850),
                year(445203, 2025, 3000, 2700, 1400, 2400),
            ],
            aggregates: vec![agg(445202, 960, 480, 816), agg(445203, 2700, 1400, 2400)],
            targets: vec![
                target(440000, "public_share", Comparator::AtLeast, 50.0),
                target(445200, "inclusive_coverage", Comparator::AtLeast, 85.0),
                target(440000, "inclusive_share", Comparator::AtLeast, 85.0),
                target(445200, "gross_enrolment", Comparator::AtLeast, 99.0),
                target(445200, "oversize_kindergartens", Comparator::AtMost, 0.0),
                target(445200, "new_public_seats", Comparator::AtLeast, 16800.0),
                target(440000, "supervision_passed_share", Comparator::MoreThan, 30.0),
            ],
            names: BTreeMap::from([(445200, "揭阳市".to_string()), (440000, "广东省".to_string())]),
        }
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a value");
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn county_figures_by_hand() {
        let s = fixture();
        let p = Progress::new(&s, 2025);
        // 445202 in 2025: 1000 enrolled of 1000 aged 3–5; records count 960 children.
        let g = p.reading(445202, Indicator::GrossEnrolment, 2025);
        close(g.published, 100.0);
        close(g.records, 96.0);
        close(g.gap(), 4.0);
        close(p.reading(445202, Indicator::PublicShare, 2025).published, 50.0);
        close(p.reading(445202, Indicator::PublicShare, 2025).records, 50.0);
        close(p.reading(445202, Indicator::PublicShare, 2024).published, 400.0 / 900.0 * 100.0);
        assert_eq!(
            p.reading(445202, Indicator::PublicShare, 2024).records,
            None,
            "records are as of 2025 only"
        );
        close(p.reading(445202, Indicator::TeacherCollege, 2025).records, 80.0);
        close(p.reading(445202, Indicator::TwoTeachersOneNurse, 2025).records, 80.0);
        close(p.reading(445202, Indicator::TownCoverage, 2025).records, 75.0);
        close(p.reading(445202, Indicator::SeatsPer1000, 2025).records, 2000.0 / 30000.0 * 1000.0);
        close(p.reading(445202, Indicator::FiscalShare, 2025).published, 5.0);
        close(p.reading(445202, Indicator::OversizeKindergartens, 2025).records, 1.0);
        close(p.reading(445202, Indicator::SupervisionPassed, 2025).published, 100.0);
        // Cumulative seats: 2021–2023 missing, so no total.
        assert_eq!(p.reading(445202, Indicator::NewPublicSeats, 2025).published, None);
    }

    #[test]
    fn city_is_a_ratio_of_sums_and_never_sums_part_of_its_counties() {
        let s = fixture();
        let p = Progress::new(&s, 2025);
        assert_eq!(p.name(445200), "揭阳市");
        assert_eq!(p.children(445200), vec![445202, 445203]);
        // (500 + 1400) / (1000 + 2700), not the mean of 50% and 51.85%.
        close(p.reading(445200, Indicator::PublicShare, 2025).published, 1900.0 / 3700.0 * 100.0);
        close(p.reading(445200, Indicator::TeacherCollege, 2025).records, 80.0);
        close(p.reading(445200, Indicator::SupervisionPassed, 2025).published, 50.0);
        // 2024: only one of the two counties published, so the city has no 2024 figure.
        assert_eq!(p.reading(445200, Indicator::PublicShare, 2024).published, None);
        assert_eq!(p.region(445200).unwrap().partial_years(), vec![2024]);
        assert_eq!(p.region(445200).unwrap().records.towns_without.len(), 2);
        assert_eq!(p.years(), vec![2024, 2025]);
    }

    /// 揭阳 (two ordinary counties), 东莞 and 中山 (cities without counties) in 广东; 儋州 (a city
    /// without counties) in 海南; and a 揭阳 city total filed beside its counties.
    fn units_fixture() -> StatsFile {
        let mut s = fixture();
        s.counties.retain(|y| y.year == 2025);
        for (code, age) in [(441900, 5000), (442000, 2000), (460400, 800)] {
            s.counties.push(year(code, 2025, age, age, age / 2, age * 9 / 10));
            s.aggregates
                .push(CountyAggregate {
                    name: format!("市{code}"), ..agg(code, age, age / 2, age * 9 / 10)
                });
        }
        s.aggregates.push(CountyAggregate { name: "揭阳市（合计）".into(), ..agg(445200, 1, 1, 1) });
        s.names.extend([(441900, "东莞市".into()), (442000, "中山市".into()), (460400, "儋州市".into())]);
        s
    }

    #[test]
    fn an_ordinary_county_is_a_unit_of_its_city_and_province() {
        let s = units_fixture();
        let p = Progress::new(&s, 2025);
        assert!(p.is_county_unit(445202) && p.is_county_unit(445203));
        assert_eq!(p.parent(445202), Some(445200));
        assert_eq!(p.city_of(445202), Some(445200));
        assert_eq!(p.county_units_of(445202), [445202]);
        assert!(p.children(445202).is_empty());
        close(p.reading(445202, Indicator::PublicShare, 2025).published, 50.0);
    }

    #[test]
    fn a_city_without_counties_is_a_city_and_a_county_unit() {
        let s = units_fixture();
        let p = Progress::new(&s, 2025);
        for (code, province) in [(441900, 440000), (442000, 440000), (460400, 460000)] {
            assert!(p.is_county_unit(code), "{code}");
            assert_eq!(Level::of(code), Level::City);
            assert_eq!(p.parent(code), Some(province));
            assert_eq!(p.city_of(code), Some(code));
            assert_eq!(p.county_units_of(code), [code], "its own county unit");
            assert_eq!(p.children(code), [code], "the 区县 choice of the city is the city");
            assert!(p.children(province).contains(&code), "{code} among its province's cities");
            assert!(p.county_units().contains(&code));
            let r = p.region(code).unwrap();
            assert!(r.partial_years().is_empty() && r.counties_with_records == 1);
        }
        close(p.reading(441900, Indicator::PublicShare, 2025).published, 50.0);
        close(p.reading(441900, Indicator::PublicShare, 2025).records, 50.0);
        close(p.reading(460400, Indicator::GrossEnrolment, 2025).published, 100.0);
        assert_eq!(p.name(441900), "东莞市");
        assert_eq!(p.assess(441900, Indicator::PublicShare).verdict, Verdict::Met, "the province's 50%");
    }

    #[test]
    fn a_city_with_counties_is_not_a_unit_and_its_own_filing_is_not_counted_twice() {
        let s = units_fixture();
        let p = Progress::new(&s, 2025);
        assert!(!p.is_county_unit(445200), "揭阳's own total is filed beside its counties");
        assert_eq!(p.county_units_of(445200), [445202, 445203]);
        assert_eq!(p.parent(445200), Some(440000));
        assert_eq!(p.children(445200), [445202, 445203]);
        assert_eq!(p.region(445200).unwrap().records.kindergartens, 20, "not 21");
        assert_eq!(p.parent(440000), None);
    }

    #[test]
    fn a_province_sums_every_county_unit_dongguan_and_zhongshan_included() {
        let s = units_fixture();
        let p = Progress::new(&s, 2025);
        assert_eq!(p.provinces(), [440000, 460000]);
        assert_eq!(p.county_units_of(440000), [441900, 442000, 445202, 445203]);
        assert_eq!(p.children(440000), [441900, 442000, 445200]);
        let gd = p.region(440000).unwrap();
        assert_eq!(gd.counties_with_records, 4);
        assert_eq!(gd.records.kindergartens, 40);
        assert_eq!(gd.records.children, 960 + 2700 + 5000 + 2000);
        let y = gd.year(2025).expect("complete: all four units published 2025");
        assert_eq!(y.enrolled, 1000 + 2700 + 5000 + 2000);
        close(
            p.reading(440000, Indicator::PublicShare, 2025).published,
            (500.0 + 1400.0 + 2500.0 + 1000.0) / 10700.0 * 100.0,
        );
        assert_eq!(p.county_units_of(460000), [460400]);
        assert!(!p.is_county_unit(440000));
    }

    #[test]
    fn nearest_plan_applies_and_totals_stay_with_their_region() {
        let s = fixture();
        let p = Progress::new(&s, 2025);
        // The city's 覆盖率 target is the same indicator as the province's 普惠占比 target.
        let t = p.targets(445202, Indicator::InclusiveShare);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].region, 445200, "the city's plan first");
        let mut s2 = fixture();
        s2.targets.push(target(440000, "teacher_college", Comparator::AtLeast, 93.0));
        s2.targets.push(target(445200, "teacher_college", Comparator::AtLeast, 83.0));
        let p2 = Progress::new(&s2, 2025);
        assert_eq!(
            p2.targets(445202, Indicator::TeacherCollege)[0].value,
            83.0,
            "揭阳's own 83%, not the province's 93%"
        );
        assert_eq!(p2.targets(445200, Indicator::TeacherCollege)[0].value, 83.0);
        assert_eq!(p2.targets(440000, Indicator::TeacherCollege).len(), 1);
        let a = p.assess(445202, Indicator::GrossEnrolment);
        assert_eq!((a.verdict, a.year), (Verdict::Met, 2025));
        close(a.gap, 1.0);
        let a = p.assess(445202, Indicator::OversizeKindergartens);
        assert_eq!(a.verdict, Verdict::NotMet);
        close(a.gap, -1.0);
        // The city's plan for seats does not apply to a county; the province's 30% is its own.
        assert_eq!(p.assess(445202, Indicator::NewPublicSeats).verdict, Verdict::NoTarget);
        assert_eq!(p.assess(445200, Indicator::NewPublicSeats).verdict, Verdict::NoData);
        assert_eq!(p.assess(445202, Indicator::SupervisionPassed).verdict, Verdict::NoTarget);
        let a = p.assess(440000, Indicator::SupervisionPassed);
        assert_eq!(a.verdict, Verdict::Met, "50% of counties > 30%");
        assert_eq!(p.assess(445202, Indicator::FiscalShare).verdict, Verdict::NoTarget);
        assert_eq!(p.five_eighty(445202, 2025), Some(true));
        assert_eq!(p.five_eighty(445202, 2024), Some(false), "44.4% public in 2024");
    }

    #[test]
    fn edge_cases_zero_children_missing_statistics_no_target() {
        let mut s = fixture();
        s.aggregates.push(CountyAggregate { county: 445222, name: "揭西县".into(), ..Default::default() });
        let p = Progress::new(&s, 2025);
        // No children: no share (not 0%, not NaN). No statistics: no published figure.
        assert_eq!(p.reading(445222, Indicator::PublicShare, 2025), Reading::default());
        assert_eq!(p.assess(445222, Indicator::PublicShare).verdict, Verdict::NoData);
        close(p.reading(445222, Indicator::StaleRecords, 2025).records, 0.0);
        // The city now has a county without statistics: no city figure from statistics at all.
        assert_eq!(p.reading(445200, Indicator::GrossEnrolment, 2025).published, None);
        // A county outside any plan.
        let mut s2 = fixture();
        s2.aggregates.push(agg(410402, 100, 50, 90));
        let p2 = Progress::new(&s2, 2025);
        assert_eq!(p2.assess(410402, Indicator::PublicShare).verdict, Verdict::NoTarget);
        assert_eq!(p2.name(410402), "县410402");
        assert!(p2.reading(999999, Indicator::PublicShare, 2025).value().is_none());
    }

    #[test]
    fn definitions_are_complete_and_keys_unique() {
        let mut keys: Vec<&str> = Indicator::ALL.iter().map(|i| i.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Indicator::ALL.len());
        for i in Indicator::ALL {
            assert_eq!(Indicator::from_key(i.key()), Some(*i));
            assert!(!i.def().formula.is_empty() && !i.def().label.is_empty());
        }
        assert_eq!(Indicator::from_key("inclusive_coverage"), Some(Indicator::InclusiveShare));
        assert_eq!(Unit::Seats.format(16800.0), "16,800");
        assert_eq!(Unit::Percent.format(85.04), "85.0");
        assert_eq!(group_thousands(-1234567), "-1,234,567");
    }

    #[test]
    fn ranking_trend_and_tables_hold_the_numbers_shown() {
        let s = fixture();
        let p = Progress::new(&s, 2025);
        let regions = [445202, 445203];
        let year = p.common_year(&regions, Indicator::PublicShare);
        assert_eq!(year, 2025);
        let rank = p.ranking(&regions, Indicator::PublicShare, year);
        // 445203: 1400/2700 = 51.85% ranks above 445202's 50%.
        assert_eq!(rank.iter().map(|r| r.code).collect::<Vec<_>>(), [445203, 445202]);
        let t = p.ranking_table(&rank, Indicator::PublicShare, year);
        assert_eq!(t.rows[0], ["1", "县445203", "445203", "2025", "51.9", "公布", "≥ 50%（，2025年）"]);
        // Fewer is better for counts of problems.
        let rank = p.ranking(&regions, Indicator::OversizeKindergartens, 2025);
        assert_eq!(rank[0].value, Some(1.0));
        assert!(rank[0].from_records);
        let trend = p.trend(&regions, Indicator::PublicShare, &[2024, 2025]);
        let t = p.trend_table(&trend, Indicator::PublicShare);
        assert_eq!(t.headers, ["地区", "代码", "2024年（%）", "2025年（%）", "适用目标"]);
        assert_eq!(t.rows[0][2..4], ["44.4", "50.0"]);
        assert_eq!(t.rows[1][2], "—", "445203 published nothing for 2024");
        assert_eq!(p.shared_target(&regions, Indicator::PublicShare).map(|t| t.value), Some(50.0));
        assert!(p.shared_target(&regions, Indicator::FiscalShare).is_none());
        let card = p.scorecard_table(445202);
        assert_eq!(card.rows.len(), Indicator::ALL.len());
        let gross = card.rows.iter().find(|r| r[0] == "学前三年毛入园率").unwrap();
        assert_eq!(gross[1..6], ["2025", "100.0", "96.0", "4.0", "%"]);
        assert_eq!(gross[8], "✓ 已达标");
        assert!(card.to_csv().lines().count() == Indicator::ALL.len() + 1);
    }

    #[test]
    fn choropleth_classes_by_quantile() {
        let v = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0];
        assert_eq!(class_breaks(&v, 5), [20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(class_of(&class_breaks(&v, 5), 35.0), Some(1));
        assert_eq!(class_of(&class_breaks(&v, 5), 100.0), Some(4));
        assert_eq!(class_breaks(&[5.0, 5.0, 5.0], 5), [5.0]);
        assert!(class_breaks(&[f64::NAN], 5).is_empty());
        assert_eq!(class_of(&[], 1.0), None);
    }
}
