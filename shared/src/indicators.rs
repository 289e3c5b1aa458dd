//! The county-progress indicators: one definition each (formula, unit, inputs), computed for a
//! county, a city or a province by summing the inputs of its county units first (a ratio of
//! sums, never an average of ratios), and checked against the targets that bind it: every
//! target its documents set (its city's, its province's, its group's) is shown, and the stricter
//! one judges.
//!
//! Two kinds of input meet here: the statistics a bureau publishes per county and year
//! (`CountyYear`, 2021 onwards) and the aggregates of the published records on the dataset's
//! as-of date (`CountyAggregate`). Where both can give the same figure (毛入园率, 公办/普惠占比),
//! both are kept: a page shows them side by side with the gap rather than picking one.
//!
//! The county units are the codes records and statistics are filed under: the counties, and the
//! prefecture-level cities without counties (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关
//! 620200), which are at once a city and a county unit.

use crate::{
    export::{Link, Table},
    msg::{Msg, Phrase},
    policy::{Document, Outside, GUANGDONG, GUANGDONG_BASIC, JIEYANG},
    stats::{Binds, Comparator, CountyAggregate, CountyYear, StatsFile, Target, TargetKind},
};
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
    PrincipalCollege,
    ModelCity,
    ModelProvince,
    QualityPublished,
    BudgetPerPupilChange,
    NewPublicKindergartens,
    PublicOperatingPerPupil,
    VillageCoverage,
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
    pub fn label(self) -> Msg {
        match self {
            Inputs::Records => Msg::InputsRecords,
            Inputs::Statistics => Msg::InputsStatistics,
            Inputs::Both => Msg::InputsBoth,
            Inputs::Mixed => Msg::InputsMixed,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Percent,
    PerThousand,
    Kindergartens,
    Seats,
    /// 元 per child and year.
    YuanPerPupil,
}

impl Unit {
    pub fn label(self) -> Msg {
        match self {
            Unit::Percent => Msg::UnitPercent,
            Unit::PerThousand => Msg::UnitPerThousand,
            Unit::Kindergartens => Msg::UnitKindergartens,
            Unit::Seats => Msg::UnitSeats,
            Unit::YuanPerPupil => Msg::UnitYuanPerPupil,
        }
    }

    /// A value as shown: percentages and rates with one decimal, counts and money whole and
    /// grouped.
    pub fn format(self, v: f64) -> String {
        match self {
            Unit::Percent | Unit::PerThousand => crate::num::fixed(v, 1),
            Unit::Kindergartens | Unit::Seats | Unit::YuanPerPupil => group_thousands(v.round() as i64),
        }
    }

    /// `v` at the precision `format` shows it, so that arithmetic on shown figures (a difference
    /// of two of them) agrees with what the reader sees.
    pub fn rounded(self, v: f64) -> f64 {
        // Read back from the text itself: `{:.1}` rounds the exact binary value (12.35 → "12.3"),
        // which `(v * 10).round()` would not agree with.
        self.format(v).replace(',', "").parse().unwrap_or(v)
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
    pub label: Msg,
    pub unit: Unit,
    pub formula: Msg,
    pub inputs: Inputs,
    pub higher_is_better: bool,
    /// A total of the region itself (a plan's count of seats, a share of counties): targets apply
    /// only to the region they name, not to the counties inside it (their `binds` is the
    /// region's whole code).
    pub own_region_only: bool,
    /// Targets set for each county (每个县…创建, 县级财政…不低于, 各县…只增不减): a county unit is
    /// judged on its own figure, a city or a province on its county units (met where every one
    /// meets its targets), because a total can hide a county below.
    pub county_target: bool,
    /// A planning standard the documents ask to be referred to (参照), not a pass/fail measure of
    /// this figure: shown with its targets, never judged (policy.md §5).
    pub reference_only: bool,
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
        Indicator::PrincipalCollege,
        Indicator::ModelCity,
        Indicator::ModelProvince,
        Indicator::QualityPublished,
        Indicator::BudgetPerPupilChange,
        Indicator::NewPublicKindergartens,
        Indicator::PublicOperatingPerPupil,
        Indicator::VillageCoverage,
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
            county_target: false,
            reference_only: false,
        };
        match self {
            GrossEnrolment => d(
                "gross_enrolment",
                Msg::IndGrossEnrolment,
                Unit::Percent,
                Msg::IndGrossEnrolmentFormula,
                Inputs::Both,
                true,
            ),
            PublicShare => d(
                "public_share",
                Msg::IndPublicShare,
                Unit::Percent,
                Msg::IndPublicShareFormula,
                Inputs::Both,
                true,
            ),
            InclusiveShare => d(
                "inclusive_share",
                Msg::IndInclusiveShare,
                Unit::Percent,
                Msg::IndInclusiveShareFormula,
                Inputs::Both,
                true,
            ),
            StandardizedShare => d(
                "standardized_share",
                Msg::IndStandardizedShare,
                Unit::Percent,
                Msg::IndStandardizedShareFormula,
                Inputs::Records,
                true,
            ),
            TeacherCollege => d(
                "teacher_college",
                Msg::IndTeacherCollege,
                Unit::Percent,
                Msg::IndTeacherCollegeFormula,
                Inputs::Records,
                true,
            ),
            TeacherCertified => d(
                "teacher_certified",
                Msg::IndTeacherCertified,
                Unit::Percent,
                Msg::IndTeacherCertifiedFormula,
                Inputs::Records,
                true,
            ),
            PrincipalTrained => d(
                "principal_trained",
                Msg::IndPrincipalTrained,
                Unit::Percent,
                Msg::IndPrincipalTrainedFormula,
                Inputs::Records,
                true,
            ),
            SeatsPer1000 => Definition {
                reference_only: true,
                ..d(
                    "seats_per_1000",
                    Msg::IndSeatsPer1000,
                    Unit::PerThousand,
                    Msg::IndSeatsPer1000Formula,
                    Inputs::Mixed,
                    true,
                )
            },
            TownCoverage => d(
                "town_coverage",
                Msg::IndTownCoverage,
                Unit::Percent,
                Msg::IndTownCoverageFormula,
                Inputs::Records,
                true,
            ),
            TwoTeachersOneNurse => d(
                "two_teachers_one_nurse",
                Msg::IndTwoTeachersOneNurse,
                Unit::Percent,
                Msg::IndTwoTeachersOneNurseFormula,
                Inputs::Records,
                true,
            ),
            OversizeKindergartens => d(
                "oversize_kindergartens",
                Msg::IndOversizeKindergartens,
                Unit::Kindergartens,
                Msg::IndOversizeKindergartensFormula,
                Inputs::Records,
                false,
            ),
            NameFlagged => d(
                "name_flagged",
                Msg::IndNameFlagged,
                Unit::Kindergartens,
                Msg::IndNameFlaggedFormula,
                Inputs::Records,
                false,
            ),
            StaleRecords => d(
                "stale_records",
                Msg::IndStaleRecords,
                Unit::Kindergartens,
                Msg::IndStaleRecordsFormula,
                Inputs::Records,
                false,
            ),
            FiscalShare => Definition {
                county_target: true,
                ..d(
                    "fiscal_share",
                    Msg::IndFiscalShare,
                    Unit::Percent,
                    Msg::IndFiscalShareFormula,
                    Inputs::Statistics,
                    true,
                )
            },
            NewPublicSeats => Definition {
                own_region_only: true,
                ..d(
                    "new_public_seats",
                    Msg::IndNewPublicSeats,
                    Unit::Seats,
                    Msg::IndNewPublicSeatsFormula,
                    Inputs::Statistics,
                    true,
                )
            },
            SupervisionPassed => Definition {
                own_region_only: true,
                ..d(
                    "supervision_passed_share",
                    Msg::IndSupervisionPassedShare,
                    Unit::Percent,
                    Msg::IndSupervisionPassedShareFormula,
                    Inputs::Statistics,
                    true,
                )
            },
            PrincipalCollege => d(
                "principal_college",
                Msg::IndPrincipalCollege,
                Unit::Percent,
                Msg::IndPrincipalCollegeFormula,
                Inputs::Records,
                true,
            ),
            ModelCity => Definition {
                county_target: true,
                ..d(
                    "model_city_kg",
                    Msg::IndModelCityKg,
                    Unit::Kindergartens,
                    Msg::IndModelCityKgFormula,
                    Inputs::Records,
                    true,
                )
            },
            ModelProvince => Definition {
                county_target: true,
                ..d(
                    "model_province_kg",
                    Msg::IndModelProvinceKg,
                    Unit::Kindergartens,
                    Msg::IndModelProvinceKgFormula,
                    Inputs::Records,
                    true,
                )
            },
            QualityPublished => d(
                "quality_published_share",
                Msg::IndQualityPublishedShare,
                Unit::Percent,
                Msg::IndQualityPublishedShareFormula,
                Inputs::Records,
                true,
            ),
            BudgetPerPupilChange => Definition {
                county_target: true,
                ..d(
                    "per_pupil_budget_change",
                    Msg::IndPerPupilBudgetChange,
                    Unit::Percent,
                    Msg::IndPerPupilBudgetChangeFormula,
                    Inputs::Statistics,
                    true,
                )
            },
            NewPublicKindergartens => Definition {
                own_region_only: true,
                ..d(
                    "new_public_kg",
                    Msg::IndNewPublicKg,
                    Unit::Kindergartens,
                    Msg::IndNewPublicKgFormula,
                    Inputs::Statistics,
                    true,
                )
            },
            PublicOperatingPerPupil => d(
                "public_per_pupil_funding",
                Msg::IndPublicPerPupilFunding,
                Unit::YuanPerPupil,
                Msg::IndPublicPerPupilFundingFormula,
                Inputs::Statistics,
                true,
            ),
            VillageCoverage => d(
                "village_coverage",
                Msg::IndVillageCoverage,
                Unit::Percent,
                Msg::IndVillageCoverageFormula,
                Inputs::Statistics,
                true,
            ),
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

/// A sum over the county units that reported a figure: a region has the figure only if all of
/// them did (an optional column one county left blank is no figure, not a zero).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sum {
    pub total: f64,
    pub reported: u32,
}

impl Sum {
    fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v {
            self.total += v;
            self.reported += 1;
        }
    }

    /// The total, if `of` county units all reported.
    pub fn of(&self, of: u32) -> Option<f64> {
        (self.reported == of && of > 0).then_some(self.total)
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
    pub preschool_budget: Sum,
    pub public_operating_funds: Sum,
    pub new_public_kg: Sum,
    pub villages_4000: Sum,
    pub villages_4000_covered: Sum,
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
        self.preschool_budget.add(y.preschool_budget);
        self.public_operating_funds.add(y.public_operating_funds);
        self.new_public_kg.add(y.new_public_kg.map(f64::from));
        self.villages_4000.add(y.villages_4000.map(f64::from));
        self.villages_4000_covered.add(y.villages_4000_covered.map(f64::from));
    }

    /// An optional figure, if every county of the year reported it.
    pub fn all(&self, s: Sum) -> Option<f64> {
        s.of(self.counties)
    }

    /// 生均学前教育一般公共预算教育支出, 元.
    fn budget_per_pupil(&self) -> Option<f64> {
        let b = self.all(self.preschool_budget)?;
        (self.enrolled > 0).then(|| b * 10_000.0 / self.enrolled as f64)
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
    pub principals_college: u64,
    pub with_classes: u64,
    pub two_one_short: u64,
    pub oversize: u64,
    pub name_flagged: u64,
    pub stale: u64,
    pub towns: u64,
    /// (code, name, county) of 乡镇/街道 without a 规范化公办(中心)幼儿园.
    pub towns_without: Vec<(u32, String, u32)>,
    /// Counts an older stats file may lack (then fewer county units report them).
    pub principals_reported: Sum,
    pub model_city: Sum,
    pub model_province: Sum,
    /// Kindergartens by 保教质量评估 result, in `Quality` order.
    pub quality: [Sum; 4],
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
        self.principals_college += a.principals_college as u64;
        self.with_classes += a.with_classes as u64;
        self.two_one_short += a.two_one_short.map_or_else(|| flagged("W04"), u64::from);
        self.oversize += flagged("W05");
        self.name_flagged += a.name_flagged as u64;
        self.stale += a.stale.map_or_else(|| flagged("W08"), u64::from);
        self.towns += a.towns as u64;
        self.towns_without
            .extend(a.towns_without_standard_public.iter().map(|(c, n)| (*c, n.clone(), a.county)));
        self.principals_reported.add(a.principals_reported.map(f64::from));
        self.model_city.add(a.model_city.map(f64::from));
        self.model_province.add(a.model_province.map(f64::from));
        for (k, s) in self.quality.iter_mut().enumerate() {
            s.add(a.quality.map(|q| f64::from(q[k])));
        }
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

    /// An optional record count, if every county unit's aggregate has it.
    fn rec(&self, s: Sum) -> Option<f64> {
        s.of(self.counties.len() as u32)
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

    /// The difference of the two figures as shown (each rounded as `unit` shows it): 96.8 − 95.8
    /// is 1.0, even where the exact values (96.76, 95.84) differ by 0.92.
    pub fn shown_gap(&self, unit: Unit) -> Option<f64> {
        Some(unit.rounded(self.published?) - unit.rounded(self.records?))
    }
}

fn ratio(num: u64, den: u64, scale: f64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64 * scale)
}

fn fratio(num: Option<f64>, den: Option<f64>, scale: f64) -> Option<f64> {
    let (n, d) = (num?, den?);
    (d > 0.0).then(|| n / d * scale)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    /// No document of the region sets a target for this indicator.
    NoTarget,
    /// A target applies but there is no figure to check.
    NoData,
    /// The documents set a planning standard to refer to, not a measure to pass (千人学位数).
    Reference,
}

impl Verdict {
    pub const ALL: [Verdict; 5] =
        [Verdict::Met, Verdict::NotMet, Verdict::NoTarget, Verdict::NoData, Verdict::Reference];

    /// Words that carry the meaning without colour.
    pub fn label(self) -> Msg {
        match self {
            Verdict::Met => Msg::VerdictMet,
            Verdict::NotMet => Msg::VerdictNotMet,
            Verdict::NoTarget => Msg::VerdictNoTarget,
            Verdict::NoData => Msg::VerdictNoData,
            Verdict::Reference => Msg::VerdictReference,
        }
    }
}

/// How a city's or a province's county units fare against a target set for each county.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CountyCount {
    pub met: u32,
    pub not_met: u32,
    pub no_data: u32,
}

/// An indicator of a region checked against the targets that bind it.
#[derive(Clone, Debug)]
pub struct Assessment<'a> {
    pub indicator: Indicator,
    pub year: u16,
    pub reading: Reading,
    /// Every target that binds the region, the one judged against first: the stricter (of
    /// equally strict ones, the nearest plan's), then the others.
    pub targets: Vec<&'a Target>,
    pub verdict: Verdict,
    /// How far the value is from the judging target, signed so that negative means behind; None
    /// where the verdict comes from the county units.
    pub gap: Option<f64>,
    /// For a target set for each county (`Definition::county_target`) and a region that is not a
    /// county unit: its county units' verdicts, which make its own.
    pub counties: Option<CountyCount>,
}

impl Assessment<'_> {
    /// The target judged against.
    pub fn target(&self) -> Option<&Target> {
        self.targets.first().copied()
    }

    /// The other targets that bind the region (less strict, or as strict and farther).
    pub fn others(&self) -> &[&Target] {
        self.targets.get(1..).unwrap_or(&[])
    }

    /// The judging target comes from a consultation draft (株洲's 001).
    pub fn from_draft(&self) -> bool {
        self.target().is_some_and(Target::is_draft)
    }

    /// What the verdict rests on, in words: which targets bind and which one judged, or how
    /// the county units fared.
    pub fn basis(&self) -> Phrase {
        let mut parts: Vec<Phrase> = Vec::new();
        let others =
            || Phrase::join(self.others().iter().map(|t| target_text(t)).collect(), Msg::SepSemicolon);
        match (self.verdict, self.targets.as_slice()) {
            (Verdict::NoTarget, _) | (_, []) => return Phrase::plain("—"),
            (Verdict::Reference, [_]) => parts.push(Msg::BasisReference.into()),
            (Verdict::Reference, _) => parts.push(Msg::BasisReferenceOthers.fill(vec![others()])),
            (_, [_]) => parts.push(Msg::BasisSole.into()),
            (_, [first, second, ..]) => {
                let n = Phrase::plain(self.targets.len().to_string());
                let judged = Phrase::data(first.scope_label());
                let stricter = stricter_first(first, second) == std::cmp::Ordering::Less
                    && (first.value != second.value || first.comparator != second.comparator);
                let m = if stricter { Msg::BasisStricter } else { Msg::BasisEqual };
                parts.push(m.fill(vec![n, judged, others()]));
            }
        }
        if let Some(c) = self.counties {
            let (met, all) = (c.met, c.met + c.not_met + c.no_data);
            let mut p =
                vec![Msg::BasisCounties.fill([met, all].map(|n| Phrase::plain(n.to_string())).to_vec())];
            if c.no_data > 0 {
                p.push(Msg::BasisCountiesNoData.fill(vec![Phrase::plain(c.no_data.to_string())]));
            }
            parts.push(Phrase::Seq(p));
        }
        if self.from_draft() {
            parts.push(Msg::BasisDraft.into());
        }
        Phrase::join(parts, Msg::SepSemicolon)
    }
}

/// “5080”: 公办园在园幼儿占比 ≥ 50% and 普惠性幼儿园覆盖率 ≥ 80%. The seeds never define it; the
/// figures come from the national 2018 意见, which 002 names but the portal does not bundle.
pub const FIVE_EIGHTY_SOURCE: Outside = Outside {
    title: "《中共中央 国务院关于学前教育深化改革规范发展的若干意见》",
    issuer: "中共中央、国务院",
};
/// The year of `FIVE_EIGHTY_SOURCE`.
pub const FIVE_EIGHTY_SOURCE_YEAR: u16 = 2018;
/// The figures, as policy.md words them.
pub const FIVE_EIGHTY_FIGURES: Msg = Msg::FiveEightyFigures;
pub const FIVE_EIGHTY_PUBLIC: f64 = 50.0;
pub const FIVE_EIGHTY_INCLUSIVE: f64 = 80.0;

/// Where the bundled documents invoke “5080” (巩固“5080”成果): quoted as the files write them (003
/// in Traditional characters). “5080” is judged only in the regions these documents bind.
pub const FIVE_EIGHTY_INVOKED: &[(&Document, &str, &str)] = &[
    (&JIEYANG, "§1", "当地巩固“5080”成果要求"),
    (&GUANGDONG, "§(一)", "巩固“5080”成果"),
    (&GUANGDONG_BASIC, "§14", "鞏固“5080”成果"),
    (&GUANGDONG_BASIC, "附件3 §1", "全省學前教育“5080”成果得到鞏固提升"),
    (&GUANGDONG_BASIC, "附件3 §2", "鞏固學前教育“5080”成果"),
];

/// Where “5080” comes from, for a page that shows it.
pub fn five_eighty_note() -> Phrase {
    Msg::FiveEightyNote.fill(vec![
        FIVE_EIGHTY_FIGURES.into(),
        Phrase::data(FIVE_EIGHTY_SOURCE.title),
        Phrase::plain(FIVE_EIGHTY_SOURCE_YEAR.to_string()),
    ])
}

/// What the portal can say about “5080” for a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FiveEighty {
    /// The region's documents do not invoke it: no verdict.
    NotApplicable,
    NoData,
    Met,
    NotMet,
}

impl FiveEighty {
    pub fn label(self) -> Msg {
        match self {
            FiveEighty::NotApplicable => Msg::FiveEightyNotApplicable,
            FiveEighty::NoData => Msg::VerdictNoData,
            FiveEighty::Met => Msg::FiveEightyMet,
            FiveEighty::NotMet => Msg::FiveEightyNotMet,
        }
    }
}

/// The order targets are judged in: the stricter first; of equally strict ones, the narrower
/// scope (a city's own plan before its province's or its group's), then the nearer issuer.
fn stricter_first(a: &Target, b: &Target) -> std::cmp::Ordering {
    let strictness = |t: &Target| match t.comparator {
        Comparator::AtLeast => (t.value, 0),
        Comparator::MoreThan => (t.value, 1),
        Comparator::AtMost => (-t.value, 0),
    };
    let (sa, sb) = (strictness(a), strictness(b));
    sb.0.partial_cmp(&sa.0)
        .unwrap_or(std::cmp::Ordering::Equal)
        .then(sb.1.cmp(&sa.1))
        .then(b.binds.narrowness().cmp(&a.binds.narrowness()))
        .then(Level::of(b.region).cmp(&Level::of(a.region)))
        .then(a.doc.cmp(&b.doc))
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

    /// Every region that can stand beside `scope`'s own sub-regions in a comparison: any city for
    /// a province's cities, any county unit for a city's (揭阳's counties beside 株洲's).
    pub fn comparable(&self, scope: u32) -> Vec<u32> {
        match Level::of(scope) {
            Level::Province => self.cities(),
            Level::City => self.county_units(),
            Level::County => Vec::new(),
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
        let records_only = |v: Option<f64>| Reading { published: None, records: v };
        let published_only = |v: Option<f64>| Reading { published: v, records: None };
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
            StandardizedShare => records_only(rec.and_then(|t| pct(t.standardized_kg, t.kindergartens))),
            TeacherCollege => records_only(rec.and_then(|t| pct(t.teachers_college, t.teachers))),
            TeacherCertified => records_only(rec.and_then(|t| pct(t.teachers_certified, t.teachers))),
            PrincipalTrained => records_only(rec.and_then(|t| pct(t.principals_trained, t.kindergartens))),
            SeatsPer1000 => records_only(rec.zip(y).and_then(|(t, y)| ratio(t.seats, y.residents, 1000.0))),
            TownCoverage => records_only(
                rec.and_then(|t| pct(t.towns.saturating_sub(t.towns_without.len() as u64), t.towns)),
            ),
            TwoTeachersOneNurse => records_only(
                rec.and_then(|t| pct(t.with_classes.saturating_sub(t.two_one_short), t.with_classes)),
            ),
            OversizeKindergartens => records_only(rec.map(|t| t.oversize as f64)),
            NameFlagged => records_only(rec.map(|t| t.name_flagged as f64)),
            StaleRecords => records_only(rec.map(|t| t.stale as f64)),
            FiscalShare => published_only(y.and_then(|y| {
                (y.fiscal_education > 0.0).then(|| y.fiscal_preschool / y.fiscal_education * 100.0)
            })),
            NewPublicSeats => published_only(
                (PLAN_START..=year)
                    .map(|yr| r.year(yr).map(|t| t.new_public_seats))
                    .sum::<Option<u64>>()
                    .filter(|_| year >= PLAN_START)
                    .map(|v| v as f64),
            ),
            SupervisionPassed => published_only(y.and_then(|y| pct(y.passed as u64, y.counties as u64))),
            PrincipalCollege => records_only(rec.and_then(|t| {
                fratio(Some(t.principals_college as f64), r.rec(t.principals_reported), 100.0)
            })),
            ModelCity => records_only(rec.and_then(|t| r.rec(t.model_city))),
            ModelProvince => records_only(rec.and_then(|t| r.rec(t.model_province))),
            QualityPublished => records_only(rec.and_then(|t| {
                let published: Option<f64> = t.quality.iter().map(|s| r.rec(*s)).sum();
                fratio(published, Some(t.kindergartens as f64), 100.0)
            })),
            BudgetPerPupilChange => published_only(
                year.checked_sub(1)
                    .and_then(|prev| r.year(prev))
                    .and_then(|p| p.budget_per_pupil())
                    .zip(y.and_then(|y| y.budget_per_pupil()))
                    .and_then(|(before, now)| (before > 0.0).then(|| (now / before - 1.0) * 100.0)),
            ),
            NewPublicKindergartens => published_only(
                (PLAN_START..=year)
                    .map(|yr| r.year(yr).and_then(|t| t.all(t.new_public_kg)))
                    .sum::<Option<f64>>()
                    .filter(|_| year >= PLAN_START),
            ),
            PublicOperatingPerPupil => published_only(y.and_then(|y| {
                fratio(y.all(y.public_operating_funds), Some(y.enrolled_public as f64), 10_000.0)
            })),
            VillageCoverage => published_only(
                y.and_then(|y| fratio(y.all(y.villages_4000_covered), y.all(y.villages_4000), 100.0)),
            ),
        }
    }

    /// Kindergartens of a region by published 保教质量评估 result (优秀, 良好, 合格, 不合格) and
    /// those without one, on the as-of date; None where the records do not say.
    pub fn quality_distribution(&self, code: u32) -> Option<([u64; 4], u64)> {
        let r = self.regions.get(&code).filter(|r| r.records_complete())?;
        let mut out = [0u64; 4];
        for (k, s) in r.records.quality.iter().enumerate() {
            out[k] = r.rec(*s)? as u64;
        }
        let none = r.records.kindergartens.saturating_sub(out.iter().sum());
        Some((out, none))
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

    /// Every target that binds a region for an indicator, the one it is judged against first:
    /// the targets of its own documents, its city's, its province's and its group's (a target
    /// binds the regions its `binds` names), the stricter first (policy.md §2: where a city and
    /// its province both set a target, show both and judge against the stricter). A region's
    /// own totals (seats a plan promises, a share of its counties) are bound only by targets
    /// for that region itself.
    pub fn targets(&self, code: u32, ind: Indicator) -> Vec<&'a Target> {
        let def = ind.def();
        let mut v: Vec<&Target> = self
            .stats
            .targets
            .iter()
            .filter(|t| Indicator::from_key(&t.indicator) == Some(ind))
            .filter(|t| t.binds_region(code) && (!def.own_region_only || t.region == code))
            .collect();
        v.sort_by(|a, b| stricter_first(a, b));
        v
    }

    /// Checks an indicator of a region in its latest year against the stricter of the targets
    /// that bind it.
    pub fn assess(&self, code: u32, ind: Indicator) -> Assessment<'a> {
        let year = self.latest_year(code, ind);
        let reading = self.reading(code, ind, year);
        let targets = self.targets(code, ind);
        let def = ind.def();
        let mut counties = None;
        let (verdict, gap) = match (targets.first(), reading.value()) {
            (None, _) => (Verdict::NoTarget, None),
            (Some(t), v) if def.reference_only => (Verdict::Reference, v.map(|v| gap_to(t, v))),
            (Some(_), _) if def.county_target && !self.is_county_unit(code) => {
                let mut c = CountyCount::default();
                for unit in self.county_units_of(code) {
                    match self.assess(unit, ind).verdict {
                        Verdict::Met => c.met += 1,
                        Verdict::NotMet => c.not_met += 1,
                        _ => c.no_data += 1,
                    }
                }
                counties = Some(c);
                let verdict = if c.not_met > 0 {
                    Verdict::NotMet
                } else if c.no_data > 0 || c.met == 0 {
                    Verdict::NoData
                } else {
                    Verdict::Met
                };
                (verdict, None)
            }
            (Some(_), None) => (Verdict::NoData, None),
            (Some(t), Some(v)) => {
                let verdict = if t.comparator.met(v, t.value) { Verdict::Met } else { Verdict::NotMet };
                (verdict, Some(gap_to(t, v)))
            }
        };
        Assessment { indicator: ind, year, reading, targets, verdict, gap, counties }
    }

    /// Every indicator of a region.
    pub fn scorecard(&self, code: u32) -> Vec<Assessment<'a>> {
        Indicator::ALL.iter().map(|&i| self.assess(code, i)).collect()
    }

    /// Whether the region's documents invoke “5080” (`FIVE_EIGHTY_INVOKED`).
    pub fn five_eighty_applies(&self, code: u32) -> bool {
        FIVE_EIGHTY_INVOKED.iter().any(|(d, _, _)| Binds::of_region(d.region).covers(code, d.region))
    }

    /// “5080” on the figures of a year, where the region's own documents invoke it.
    pub fn five_eighty(&self, code: u32, year: u16) -> FiveEighty {
        if !self.five_eighty_applies(code) {
            return FiveEighty::NotApplicable;
        }
        let p = self.reading(code, Indicator::PublicShare, year).value();
        let i = self.reading(code, Indicator::InclusiveShare, year).value();
        match (p, i) {
            (Some(p), Some(i)) if p >= FIVE_EIGHTY_PUBLIC && i >= FIVE_EIGHTY_INCLUSIVE => FiveEighty::Met,
            (Some(_), Some(_)) => FiveEighty::NotMet,
            _ => FiveEighty::NoData,
        }
    }
}

/// Value minus target, signed so that negative means behind.
fn gap_to(t: &Target, v: f64) -> f64 {
    match t.comparator {
        Comparator::AtMost => t.value - v,
        _ => v - t.value,
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

/// A target in words, with where it applies and how firmly: “≥ 50%（揭阳市，2025年）”,
/// “≥ 98%（广东省·珠三角地区，2025年）”, “≥ 60%（平顶山市，2027年，力争）”, “≥ 95%（株洲市，2025年，
/// 征求意见稿）”, “≥ 3所（株洲市各区县，鼓励探索，征求意见稿）”.
pub fn target_text(t: &Target) -> Phrase {
    let mut notes = vec![Phrase::data(t.scope_label())];
    if Indicator::from_key(&t.indicator).is_some_and(|i| i.def().county_target) {
        notes[0] = Phrase::Seq(vec![Phrase::data(t.scope_label()), Msg::TargetEachCounty.into()]);
    }
    notes.extend(t.year.map(|y| Msg::YearOf.fill(vec![Phrase::plain(y.to_string())])));
    if matches!(t.kind, TargetKind::Aim | TargetKind::Encouragement | TargetKind::Outside) {
        notes.push(Phrase::data(t.kind.label()));
    }
    if t.is_draft() {
        notes.push(Phrase::data(crate::policy::Status::Draft.label()));
    }
    let value = match Indicator::from_key(&t.indicator).map(|i| i.def().unit) {
        Some(u @ (Unit::Seats | Unit::Kindergartens | Unit::YuanPerPupil)) if t.value.fract() == 0.0 => {
            u.format(t.value)
        }
        _ => crate::num::trimmed(t.value, 6),
    };
    Phrase::Seq(vec![
        Phrase::plain(format!("{} {value}", t.comparator.symbol())),
        Phrase::data(t.unit.clone()),
        Phrase::plain("（"),
        Phrase::join(notes, Msg::SepComma),
        Phrase::plain("）"),
    ])
}

/// A ranking's caption: “2025年公办幼儿园在园幼儿占比排名（%）”.
pub fn rank_caption(ind: Indicator, year: u16) -> Phrase {
    let d = ind.def();
    Msg::ProgressRankCaption.fill(vec![
        Phrase::plain(year.to_string()),
        d.label.into(),
        d.unit.label().into(),
    ])
}

/// A trend's caption over `first`–`last`: “2021–2025年公办幼儿园在园幼儿占比（%）”.
pub fn trend_caption(ind: Indicator, first: u16, last: u16) -> Phrase {
    let d = ind.def();
    let years = [first, last].map(|y| Phrase::plain(y.to_string()));
    let [a, b] = years;
    Msg::ProgressTrendCaption.fill(vec![a, b, d.label.into(), d.unit.label().into()])
}

/// A target's source: the document and section, and the words that set it.
pub fn target_source(t: &Target) -> Phrase {
    let mut p = vec![
        Phrase::data(t.citation()),
        Phrase::plain("：“"),
        Phrase::data(t.quote.clone()),
        Phrase::plain("”"),
    ];
    if !t.note.is_empty() {
        p.extend([Phrase::plain("（"), Phrase::data(t.note.clone()), Phrase::plain("）")]);
    }
    Phrase::Seq(p)
}

/// Plain-Chinese name of an indicator key (every target's indicator is computed).
pub fn indicator_label(key: &str) -> Msg {
    Indicator::from_key(key).map_or(Msg::IndUnknown, |i| i.def().label)
}

/// The data text the targets of a publication show (their scopes, units, citations and quotes,
/// the regions' names in every scorecard's basis, the outside source of “5080”), for the
/// publication's Traditional map: each is converted whole, so its phrases convert as OpenCC
/// converts them. The fixed words around them are `Msg`s.
pub fn target_texts(stats: &StatsFile, as_of_year: u16) -> Vec<String> {
    let mut phrases: Vec<Phrase> = vec![five_eighty_note()];
    for t in &stats.targets {
        phrases.extend([Phrase::data(t.region_name.clone()), target_text(t), target_source(t)]);
    }
    let p = Progress::new(stats, as_of_year);
    for r in p.regions() {
        phrases.extend(p.scorecard(r.code).iter().map(Assessment::basis));
    }
    let mut v: BTreeSet<&str> = BTreeSet::new();
    for ph in &phrases {
        let mut parts = Vec::new();
        ph.data_parts(&mut parts);
        v.extend(parts);
    }
    v.into_iter().map(String::from).collect()
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

    /// A region's name among `regions`: with its city's (or province's) name in front when they
    /// are not all of one parent — 榕城区 beside 荷塘区 is "揭阳市 榕城区" and "株洲市 荷塘区".
    pub fn name_among(&self, regions: &[u32], code: u32) -> String {
        let parent = |c: u32| self.parent(c);
        let mixed = regions.iter().any(|&r| parent(r) != parent(code));
        match parent(code).filter(|_| mixed) {
            Some(up) => format!("{} {}", self.name(up), self.name(code)),
            None => self.name(code).to_string(),
        }
    }

    /// The regions ranked on an indicator in one year, best first; regions without a figure last.
    pub fn ranking(&self, regions: &[u32], ind: Indicator, year: u16) -> Vec<RankRow> {
        let mut rows: Vec<RankRow> = regions
            .iter()
            .map(|&code| {
                let r = self.reading(code, ind, year);
                RankRow {
                    code,
                    name: self.name_among(regions, code),
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
                name: self.name_among(regions, code),
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

    fn target_cell(&self, code: u32, ind: Indicator) -> Phrase {
        self.targets(code, ind).first().map(|t| target_text(t)).unwrap_or_else(|| Phrase::plain("—"))
    }

    /// Kindergartens of a region by 保教质量评估 result (000 §11 asks for the results to be
    /// published): a row per result and one for those without a published result.
    pub fn quality_table(&self, code: u32) -> Option<Table<Phrase>> {
        let (counts, none) = self.quality_distribution(code)?;
        let total = counts.iter().sum::<u64>() + none;
        let share = |n: u64| Phrase::plain(fmt_opt(Unit::Percent, ratio(n, total, 100.0)));
        let mut rows: Vec<Vec<Phrase>> = crate::model::Quality::ALL
            .iter()
            .zip(counts)
            .map(|(q, n)| vec![Phrase::data(q.label()), Phrase::plain(n.to_string()), share(n)])
            .collect();
        rows.push(vec![Msg::QualityUnpublished.into(), Phrase::plain(none.to_string()), share(none)]);
        let headers = [Msg::ColQualityResult, Msg::ColKindergartens, Msg::ColShare];
        Some(Table::new(headers.map(Phrase::from).to_vec(), rows))
    }

    pub fn scorecard_table(&self, code: u32) -> Table<Phrase> {
        let headers = [
            Msg::ColIndicator,
            Msg::ColYear,
            Msg::ColPublished,
            Msg::ColRecords,
            Msg::ColPublishedMinusRecords,
            Msg::ColUnit,
            Msg::ColTarget,
            Msg::ColTargetSource,
            Msg::ColVerdict,
            Msg::ColGap,
            Msg::ColBasis,
        ];
        let dash = || Phrase::plain("—");
        let scorecard = self.scorecard(code);
        let rows = scorecard
            .iter()
            .map(|a| {
                let d = a.indicator.def();
                let num = |v| Phrase::plain(fmt_opt(d.unit, v));
                vec![
                    d.label.into(),
                    Phrase::plain(a.year.to_string()),
                    num(a.reading.published),
                    num(a.reading.records),
                    num(a.reading.shown_gap(d.unit)),
                    d.unit.label().into(),
                    a.target().map(target_text).unwrap_or_else(dash),
                    a.target().map(target_source).unwrap_or_else(dash),
                    a.verdict.label().into(),
                    num(a.gap),
                    a.basis(),
                ]
            })
            .collect();
        let mut table = Table::new(headers.map(Phrase::from).to_vec(), rows);
        // The target's source links to its paragraph on the 政策文件 page.
        for (row, a) in scorecard.iter().enumerate() {
            if let Some(href) = a.target().and_then(|t| t.href()) {
                table.links.push(Link { row, col: 7, href });
            }
        }
        table
    }

    pub fn ranking_table(&self, rows: &[RankRow], ind: Indicator, year: u16) -> Table<Phrase> {
        let d = ind.def();
        let headers = vec![
            Msg::ColRank.into(),
            Msg::ColRegion.into(),
            Msg::ColCode.into(),
            Msg::ColYear.into(),
            Msg::ColValueIn.fill(vec![d.label.into(), d.unit.label().into()]),
            Msg::ColSource.into(),
            Msg::ColTargetApplied.into(),
        ];
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Phrase::plain(if r.value.is_some() { (i + 1).to_string() } else { "—".into() }),
                    Phrase::data(r.name.clone()),
                    Phrase::plain(r.code.to_string()),
                    Phrase::plain(year.to_string()),
                    Phrase::plain(fmt_opt(d.unit, r.value)),
                    match (r.value, r.from_records) {
                        (None, _) => Msg::NoData,
                        (_, true) => Msg::SourceRecords,
                        (_, false) => Msg::SourcePublished,
                    }
                    .into(),
                    self.target_cell(r.code, ind),
                ]
            })
            .collect();
        Table::new(headers, rows)
    }

    pub fn trend_table(&self, rows: &[TrendRow], ind: Indicator) -> Table<Phrase> {
        let d = ind.def();
        let mut headers: Vec<Phrase> = vec![Msg::ColRegion.into(), Msg::ColCode.into()];
        if let Some(first) = rows.first() {
            headers.extend(first.values.iter().map(|(y, _)| {
                Msg::ColYearIn.fill(vec![Phrase::plain(y.to_string()), d.unit.label().into()])
            }));
        }
        headers.push(Msg::ColTargetApplied.into());
        let rows = rows
            .iter()
            .map(|r| {
                let mut v = vec![Phrase::data(r.name.clone()), Phrase::plain(r.code.to_string())];
                v.extend(r.values.iter().map(|(_, x)| Phrase::plain(fmt_opt(d.unit, *x))));
                v.push(self.target_cell(r.code, ind));
                v
            })
            .collect();
        Table::new(headers, rows)
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

impl DefinitionExport {
    /// The definition in the reader's script.
    pub fn new(i: Indicator, lang: crate::params::Lang) -> Self {
        let d = i.def();
        DefinitionExport {
            key: d.key,
            label: d.label.text(lang),
            unit: d.unit.label().text(lang),
            formula: d.formula.text(lang),
            inputs: d.inputs.label().text(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{Binds, Group, TargetKind};
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
            ..Default::default()
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
            principals_college: 8,
            principals_reported: Some(9),
            model_city: Some(0),
            model_province: Some(0),
            quality: Some([1, 4, 2, 1]),
            flagged: BTreeMap::from([("W04".to_string(), 2), ("W05".to_string(), 1)]),
            name_flagged: 1,
            towns: 4,
            towns_without_standard_public: vec![(county * 1000 + 1, "某镇".into())],
            ..Default::default()
        }
    }

    fn region_name(code: u32) -> String {
        match code {
            440000 => "广东省",
            445200 => "揭阳市",
            430200 => "株洲市",
            _ => "",
        }
        .into()
    }

    /// A target of `region`'s plan binding the region and its sub-regions (its own total only,
    /// for the indicators that are a region's own total).
    fn target(region: u32, key: &str, cmp: Comparator, value: f64) -> Target {
        let own = Indicator::from_key(key).is_some_and(|i| i.def().own_region_only);
        Target {
            region,
            region_name: region_name(region),
            indicator: key.into(),
            comparator: cmp,
            value,
            unit: "%".into(),
            year: Some(2025),
            doc: if region == 430200 { "001" } else { "000" }.into(),
            section: "§1".into(),
            binds: if own { Binds::Prefix(format!("{region:06}")) } else { Binds::of_region(region) },
            kind: TargetKind::Target,
            quote: String::new(),
            note: String::new(),
        }
    }

    fn grouped(group: Group, key: &str, value: f64) -> Target {
        Target { binds: Binds::Group(group), ..target(440000, key, Comparator::AtLeast, value) }
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
        // The difference shown is of the figures shown, not of the exact values.
        let r = Reading { published: Some(96.76), records: Some(95.84) };
        assert_eq!(fmt_opt(Unit::Percent, r.gap()), "0.9");
        assert_eq!(fmt_opt(Unit::Percent, r.shown_gap(Unit::Percent)), "1.0");
        assert_eq!(Unit::Seats.rounded(1398.6), 1399.0);
        for v in [12.35, 96.85, 50.05, 0.25, -0.05] {
            // Halves in decimal that are not halves in binary: the rounded value shows as `v` does.
            assert_eq!(Unit::Percent.format(Unit::Percent.rounded(v)), Unit::Percent.format(v), "{v}");
            assert_eq!(Unit::Percent.rounded(v), Unit::Percent.format(v).parse::<f64>().unwrap());
        }
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
        // 园长学历 counts only the 9 principals whose 学历 is reported: 8 of 9.
        close(p.reading(445202, Indicator::PrincipalCollege, 2025).records, 800.0 / 9.0);
        // 8 of 10 kindergartens published a 保教质量评估 result.
        close(p.reading(445202, Indicator::QualityPublished, 2025).records, 80.0);
        assert_eq!(p.quality_distribution(445202), Some(([1, 4, 2, 1], 2)));
        let q = p.quality_table(445200).unwrap().render(&crate::msg::Script::HANS);
        assert_eq!(q.rows[1], ["良好", "8", "40.0"]);
        assert_eq!(q.rows[4], ["未公布评估结果", "4", "20.0"]);
        // Statistics without the optional columns: no figure, not zero.
        for i in [
            Indicator::BudgetPerPupilChange,
            Indicator::NewPublicKindergartens,
            Indicator::PublicOperatingPerPupil,
            Indicator::VillageCoverage,
        ] {
            assert_eq!(p.reading(445202, i, 2025), Reading::default(), "{i:?}");
        }
    }

    #[test]
    fn new_statistics_by_hand_and_a_blank_column_is_no_figure() {
        let mut s = fixture();
        for y in &mut s.counties {
            y.preschool_budget = Some(if y.year == 2024 { 900.0 } else { 1050.0 });
            y.public_operating_funds = Some(y.enrolled_public as f64 * 0.07); // 700 元 per child
            y.new_public_kg = Some(2);
            y.villages_4000 = Some(4);
            y.villages_4000_covered = Some(3);
        }
        for yr in 2021..=2023 {
            s.counties.push(CountyYear { new_public_kg: Some(1), ..year(445202, yr, 1000, 900, 400, 800) });
        }
        let p = Progress::new(&s, 2025);
        // 生均: 2024 900万 / 900 = 10,000 元; 2025 1050万 / 1000 = 10,500 元: +5%.
        close(p.reading(445202, Indicator::BudgetPerPupilChange, 2025).published, 5.0);
        assert_eq!(
            p.reading(445202, Indicator::BudgetPerPupilChange, 2024).published,
            None,
            "no 2023 budget"
        );
        close(p.reading(445202, Indicator::PublicOperatingPerPupil, 2025).published, 700.0);
        close(p.reading(445202, Indicator::NewPublicKindergartens, 2025).published, 3.0 + 2.0 + 2.0);
        close(p.reading(445200, Indicator::VillageCoverage, 2025).published, 75.0);
        // One county leaves a column blank: the city has no such figure.
        s.counties.iter_mut().find(|y| y.county == 445203).unwrap().villages_4000 = None;
        let p = Progress::new(&s, 2025);
        assert_eq!(p.reading(445200, Indicator::VillageCoverage, 2025).published, None);
        close(p.reading(445202, Indicator::VillageCoverage, 2025).published, 75.0);
        // A stats file without the record counts added later: no 园长学历 or 示范园 figure.
        let mut s = fixture();
        s.aggregates[1].principals_reported = None;
        s.aggregates[1].model_city = None;
        let p = Progress::new(&s, 2025);
        assert_eq!(p.reading(445200, Indicator::PrincipalCollege, 2025).records, None);
        assert_eq!(p.reading(445200, Indicator::ModelCity, 2025).records, None);
        close(p.reading(445202, Indicator::ModelCity, 2025).records, 0.0);
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
        // A county-level target binds 东莞 directly: it is its own county unit.
        let mut s2 = units_fixture();
        s2.targets.push(target(440000, "fiscal_share", Comparator::AtLeast, 5.0));
        let p2 = Progress::new(&s2, 2025);
        let a = p2.assess(441900, Indicator::FiscalShare);
        assert_eq!((a.verdict, a.counties), (Verdict::Met, None));
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
        // Comparisons may reach across: any county unit beside a city's, any city beside a province's.
        assert_eq!(p.comparable(445200), [441900, 442000, 445202, 445203, 460400]);
        assert!(p.comparable(440000).contains(&445200) && !p.comparable(440000).contains(&445202));
        // Side by side across cities, each name says its city.
        let names = |rs: &[u32]| {
            p.ranking(rs, Indicator::PublicShare, 2025)
                .into_iter()
                .map(|r| (r.code, r.name))
                .collect::<Vec<_>>()
        };
        let mixed = names(&[445202, 441900]);
        let with_parent = |c: u32| format!("{} {}", p.name(p.parent(c).unwrap()), p.name(c));
        assert!(
            mixed.contains(&(445202, with_parent(445202))) && mixed.contains(&(441900, with_parent(441900))),
            "{mixed:?}"
        );
        assert!(names(&[445202, 445203]).iter().all(|(c, n)| *n == p.name(*c)), "one city: plain names");
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
    fn stricter_target_judges_and_every_binding_target_is_shown() {
        let mut s = fixture();
        // Guangdong's teacher figures as 002 §(六) sets them: 93% for the province's total,
        // 98% and 83% for the two groups; 揭阳 sets 83% itself.
        s.targets.extend([
            Target {
                binds: Binds::Prefix("440000".into()),
                ..target(440000, "teacher_college", Comparator::AtLeast, 93.0)
            },
            grouped(Group::PearlRiverDelta, "teacher_college", 98.0),
            grouped(Group::EastWestNorth, "teacher_college", 83.0),
            target(445200, "teacher_college", Comparator::AtLeast, 83.0),
            // A city plan less strict than its province's: the province's judges.
            target(445200, "public_share", Comparator::AtLeast, 45.0),
        ]);
        s.aggregates.push(agg(441900, 100, 50, 90));
        s.counties.push(year(441900, 2025, 100, 100, 50, 90));
        let p = Progress::new(&s, 2025);
        let values = |code, ind| p.targets(code, ind).iter().map(|t| (t.region, t.value)).collect::<Vec<_>>();
        // 揭阳's counties: the city's 83% and the group's 83%, the city's judging (as strict,
        // nearer); never the province's 93%.
        assert_eq!(values(445202, Indicator::TeacherCollege), [(445200, 83.0), (440000, 83.0)]);
        assert_eq!(p.targets(445202, Indicator::TeacherCollege)[1].binds, Binds::Group(Group::EastWestNorth));
        assert_eq!(values(445200, Indicator::TeacherCollege), [(445200, 83.0), (440000, 83.0)]);
        assert_eq!(values(440000, Indicator::TeacherCollege), [(440000, 93.0)]);
        assert_eq!(values(441900, Indicator::TeacherCollege), [(440000, 98.0)], "东莞 is 珠三角");
        let a = p.assess(441900, Indicator::TeacherCollege);
        assert_eq!(a.verdict, Verdict::NotMet, "80% < 98%");
        close(a.gap, -18.0);
        assert_eq!(a.basis().hans(), "唯一适用目标");
        // The stricter of a city's and its province's.
        assert_eq!(values(445202, Indicator::PublicShare), [(440000, 50.0), (445200, 45.0)]);
        let a = p.assess(445202, Indicator::PublicShare);
        assert_eq!((a.verdict, a.target().unwrap().value, a.others().len()), (Verdict::Met, 50.0, 1));
        assert_eq!(a.basis().hans(), "2项目标适用，按较严者（广东省）判定；另有：≥ 45%（揭阳市，2025年）");
        assert_eq!(
            p.assess(445202, Indicator::InclusiveShare).basis().hans(),
            "2项目标适用，宽严相同，按揭阳市的目标判定；另有：≥ 85%（广东省，2025年）"
        );
        // Equal targets: the city's own plan judges.
        let t = p.targets(445202, Indicator::InclusiveShare);
        assert_eq!((t.len(), t[0].region), (2, 445200));
        let a = p.assess(445202, Indicator::GrossEnrolment);
        assert_eq!((a.verdict, a.year), (Verdict::Met, 2025));
        close(a.gap, 1.0);
        let a = p.assess(445202, Indicator::OversizeKindergartens);
        assert_eq!(a.verdict, Verdict::NotMet);
        close(a.gap, -1.0);
        // The city's plan for seats does not bind a county; the province's 30% is its own.
        assert_eq!(p.assess(445202, Indicator::NewPublicSeats).verdict, Verdict::NoTarget);
        assert_eq!(p.assess(445200, Indicator::NewPublicSeats).verdict, Verdict::NoData);
        assert_eq!(p.assess(445202, Indicator::SupervisionPassed).verdict, Verdict::NoTarget);
        let a = p.assess(440000, Indicator::SupervisionPassed);
        assert_eq!(a.verdict, Verdict::Met, "1 of 3 county units > 30%");
        let a = p.assess(445202, Indicator::FiscalShare);
        assert_eq!((a.verdict, a.basis().hans()), (Verdict::NoTarget, "—".to_string()));
        assert_eq!(Verdict::NoTarget.label().hans(), "本地区文件未设目标");
    }

    #[test]
    fn a_county_level_share_judges_a_city_by_its_counties() {
        let mut s = fixture();
        s.targets.push(target(445200, "fiscal_share", Comparator::AtLeast, 5.0));
        // 445202 spends 5%, 445203 4%: the city's total (4.25%) is not what is judged.
        s.counties.iter_mut().find(|y| y.county == 445203).unwrap().fiscal_preschool = 40.0;
        let p = Progress::new(&s, 2025);
        assert_eq!(p.assess(445202, Indicator::FiscalShare).verdict, Verdict::Met);
        assert_eq!(p.assess(445203, Indicator::FiscalShare).verdict, Verdict::NotMet);
        let a = p.assess(445200, Indicator::FiscalShare);
        close(a.reading.published, 90.0 / 2000.0 * 100.0);
        assert_eq!((a.verdict, a.gap), (Verdict::NotMet, None));
        assert_eq!(a.counties, Some(CountyCount { met: 1, not_met: 1, no_data: 0 }));
        assert_eq!(a.basis().hans(), "唯一适用目标；按所辖各区县判定：1/2个区县达标");
        assert_eq!(target_text(a.target().unwrap()).hans(), "≥ 5%（揭阳市各区县，2025年）");
        // 2024: 445203 published nothing, so the city's verdict waits for it.
        s.counties.retain(|y| y.year == 2024 || y.county == 445202);
        let p = Progress::new(&s, 2025);
        let a = p.assess(445200, Indicator::FiscalShare);
        assert_eq!((a.verdict, a.counties.map(|c| c.no_data)), (Verdict::NoData, Some(1)));
    }

    #[test]
    fn a_count_set_for_each_county_judges_a_city_by_its_counties() {
        let mut s = fixture();
        for a in &mut s.aggregates {
            a.county = a.county - 445200 + 430200;
            a.city = 430200;
        }
        s.aggregates[0].model_city = Some(4);
        s.aggregates[1].model_city = Some(2);
        s.counties.clear();
        s.targets = vec![Target {
            kind: TargetKind::Encouragement,
            unit: "所".into(),
            year: None,
            ..target(430200, "model_city_kg", Comparator::AtLeast, 3.0)
        }];
        s.names.insert(430200, "株洲市".into());
        let p = Progress::new(&s, 2025);
        assert_eq!(p.assess(430202, Indicator::ModelCity).verdict, Verdict::Met);
        assert_eq!(p.assess(430203, Indicator::ModelCity).verdict, Verdict::NotMet);
        let a = p.assess(430200, Indicator::ModelCity);
        close(a.reading.records, 6.0);
        assert_eq!(a.verdict, Verdict::NotMet, "6 in the city, but 430203 has 2 of 3");
        assert_eq!(a.counties, Some(CountyCount { met: 1, not_met: 1, no_data: 0 }));
        assert_eq!(a.gap, None);
        assert_eq!(a.basis().hans(), "唯一适用目标；按所辖各区县判定：1/2个区县达标；目标出自征求意见稿");
        assert!(a.from_draft());
        assert_eq!(target_text(a.target().unwrap()).hans(), "≥ 3所（株洲市各区县，鼓励探索，征求意见稿）");
        s.aggregates[1].model_city = Some(3);
        let p = Progress::new(&s, 2025);
        assert_eq!(p.assess(430200, Indicator::ModelCity).verdict, Verdict::Met);
    }

    #[test]
    fn a_planning_standard_is_shown_but_not_judged() {
        let mut s = fixture();
        s.targets.push(target(445200, "seats_per_1000", Comparator::AtLeast, 40.0));
        let p = Progress::new(&s, 2025);
        let a = p.assess(445202, Indicator::SeatsPer1000);
        assert_eq!((a.verdict, a.targets.len()), (Verdict::Reference, 1));
        assert!(a.gap.is_some());
        assert!(a.basis().hans().starts_with("规划参照标准，不作达标判断"));
    }

    #[test]
    fn five_eighty_is_judged_only_where_the_documents_invoke_it() {
        let mut s = fixture();
        s.counties.push(year(430202, 2025, 1000, 1000, 600, 900));
        s.counties.push(year(410402, 2025, 1000, 1000, 600, 900));
        let p = Progress::new(&s, 2025);
        assert_eq!(p.five_eighty(445202, 2025), FiveEighty::Met);
        assert_eq!(p.five_eighty(445202, 2024), FiveEighty::NotMet, "44.4% public in 2024");
        assert_eq!(p.five_eighty(445203, 2024), FiveEighty::NoData);
        assert_eq!(p.five_eighty(440000, 2025), FiveEighty::Met);
        for code in [430202, 430200, 430000, 410402] {
            assert_eq!(
                p.five_eighty(code, 2025),
                FiveEighty::NotApplicable,
                "{code}: no document of it says 5080"
            );
        }
        assert!(five_eighty_note()
            .hans()
            .contains("《中共中央 国务院关于学前教育深化改革规范发展的若干意见》（2018年）"));
    }

    fn seed(d: &Document) -> String {
        let path = format!("{}/../../shared/seeds/{}", env!("CARGO_MANIFEST_DIR"), d.file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn five_eighty_is_quoted_verbatim_and_its_source_is_named_by_guangdong() {
        for (d, section, quote) in FIVE_EIGHTY_INVOKED {
            assert!(seed(d).contains(quote), "{} {section} does not say: {quote}", d.id);
            assert!(quote.contains("“5080”"));
        }
        // The seeds only invoke it, in Guangdong's documents; none says 50% and 80% together.
        for d in &crate::policy::DOCUMENTS {
            let text = seed(d);
            assert_eq!(text.contains("5080"), d.scope() == "44" || d.id == "000", "{}", d.id);
            assert_eq!(
                FIVE_EIGHTY_INVOKED.iter().any(|(x, _, _)| x.id == d.id),
                text.contains("5080"),
                "{}",
                d.id
            );
        }
        // 002 carries out the national 意见 by name (its first paragraph).
        assert!(seed(&GUANGDONG).contains(FIVE_EIGHTY_SOURCE.title));
    }

    #[test]
    fn drafts_and_aims_say_so() {
        let mut t = target(430200, "gross_enrolment", Comparator::AtLeast, 95.0);
        assert!(t.is_draft());
        assert_eq!(target_text(&t).hans(), "≥ 95%（株洲市，2025年，征求意见稿）");
        t.section = "一".into();
        assert_eq!(t.citation(), "株洲市行动计划 一（征求意见稿，目标）");
        let mut a = target(440000, "supervision_passed_share", Comparator::MoreThan, 30.0);
        a.kind = TargetKind::Aim;
        a.doc = "002".into();
        a.section = "§(二)".into();
        a.quote = "力争超过30%的县（市、区）通过县域学前教育普及普惠国家督导评估".into();
        assert_eq!(target_text(&a).hans(), "> 30%（广东省（全省合计），2025年，力争）");
        assert_eq!(
            target_source(&a).hans(),
            "广东省“十四五”行动计划 §(二)（力争）：“力争超过30%的县（市、区）通过县域学前教育普及普惠国家督导评估”"
        );
        assert_eq!(
            target_text(&grouped(Group::PearlRiverDelta, "teacher_college", 98.0)).hans(),
            "≥ 98%（广东省·珠三角地区，2025年）"
        );
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
            assert!(!i.def().formula.hans().is_empty() && !i.def().label.hans().is_empty());
            let d = i.def();
            assert!(!(d.own_region_only && d.county_target), "{i:?}");
        }
        assert_eq!(Indicator::from_key("inclusive_coverage"), Some(Indicator::InclusiveShare));
        assert_eq!(Unit::Seats.format(16800.0), "16,800");
        assert_eq!(Unit::Percent.format(85.04), "85.0");
        assert_eq!(Unit::YuanPerPupil.format(612.4), "612");
        assert_eq!(group_thousands(-1234567), "-1,234,567");
        // Words are messages in both scripts; the data inside composed texts reaches the map.
        assert_eq!(
            Indicator::PrincipalCollege.def().label.text(crate::params::Lang::Hant),
            "園長專科以上學歷比例"
        );
        let t = target_texts(&fixture(), 2025);
        assert!(t.iter().any(|x| x == FIVE_EIGHTY_SOURCE.title), "{t:?}");
        assert!(t.iter().any(|x| x == "揭阳市"), "{t:?}");
        assert!(!t.iter().any(|x| x.contains("判定") || x.contains("年")), "fixed words are not data: {t:?}");
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
        let t = p.ranking_table(&rank, Indicator::PublicShare, year).render(&crate::msg::Script::HANS);
        assert_eq!(t.rows[0], ["1", "县445203", "445203", "2025", "51.9", "公布", "≥ 50%（广东省，2025年）"]);
        // Fewer is better for counts of problems.
        let rank = p.ranking(&regions, Indicator::OversizeKindergartens, 2025);
        assert_eq!(rank[0].value, Some(1.0));
        assert!(rank[0].from_records);
        let trend = p.trend(&regions, Indicator::PublicShare, &[2024, 2025]);
        let t = p.trend_table(&trend, Indicator::PublicShare).render(&crate::msg::Script::HANS);
        assert_eq!(t.headers, ["地区", "代码", "2024年（%）", "2025年（%）", "适用目标"]);
        assert_eq!(t.rows[0][2..4], ["44.4", "50.0"]);
        assert_eq!(t.rows[1][2], "—", "445203 published nothing for 2024");
        assert_eq!(p.shared_target(&regions, Indicator::PublicShare).map(|t| t.value), Some(50.0));
        assert!(p.shared_target(&regions, Indicator::FiscalShare).is_none());
        let card = p.scorecard_table(445202).render(&crate::msg::Script::HANS);
        assert_eq!(card.rows.len(), Indicator::ALL.len());
        let gross = card.rows.iter().find(|r| r[0] == "学前三年毛入园率").unwrap();
        assert_eq!(gross[1..6], ["2025", "100.0", "96.0", "4.0", "%"]);
        assert_eq!(gross[8], "✓ 已达标");
        assert_eq!(gross[10], "唯一适用目标");
        let fiscal = card.rows.iter().find(|r| r[0] == "财政性学前教育经费占比").unwrap();
        assert_eq!((fiscal[6].as_str(), fiscal[8].as_str()), ("—", "本地区文件未设目标"));
        assert!(card.to_csv().lines().count() == Indicator::ALL.len() + 1);
        // The data inside every basis a page can show is among the publication's texts.
        let texts = target_texts(&s, 2025);
        for row in &p.scorecard_table(445202).rows {
            let mut parts = Vec::new();
            row[10].data_parts(&mut parts);
            assert!(parts.iter().all(|d| texts.iter().any(|t| t == d)), "{parts:?}");
        }
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
