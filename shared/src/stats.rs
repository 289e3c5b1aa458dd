//! Figures bureaus publish per county and year (not derivable from the records), and the policy
//! targets of `../shared/policy.md` §2 as data.

use crate::{
    date::Date,
    model::Record,
    rules::{check_everywhere, PolicyContext, Rule, Severity},
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// One county in one year, as the bureau published it. Money in 万元.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountyYear {
    pub county: u32,
    pub year: u16,
    /// 3–5 岁适龄人口.
    pub age_3_5: u32,
    /// 常住人口.
    pub residents: u32,
    /// 在园幼儿 (published), and of them in 公办 and in 普惠 (公办 + 普惠性民办).
    pub enrolled: u32,
    pub enrolled_public: u32,
    pub enrolled_inclusive: u32,
    /// 财政性学前教育经费 and 财政性教育经费, 万元.
    pub fiscal_preschool: f64,
    pub fiscal_education: f64,
    /// 新增公办学位 in the year.
    pub new_public_seats: u32,
    /// 县域学前教育普及普惠督导评估 passed (in this year or before).
    pub supervision_passed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    MoreThan,
    #[serde(rename = "<=")]
    AtMost,
}

impl Comparator {
    pub fn parse(s: &str) -> Option<Comparator> {
        match s.trim() {
            ">=" | "≥" => Some(Comparator::AtLeast),
            ">" => Some(Comparator::MoreThan),
            "<=" | "≤" => Some(Comparator::AtMost),
            _ => None,
        }
    }
    pub fn met(self, value: f64, target: f64) -> bool {
        match self {
            Comparator::AtLeast => value >= target,
            Comparator::MoreThan => value > target,
            Comparator::AtMost => value <= target,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::MoreThan => ">",
            Comparator::AtMost => "≤",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Province, city or county adcode the plan is for.
    pub region: u32,
    pub region_name: String,
    /// Indicator key, e.g. "public_share".
    pub indicator: String,
    pub comparator: Comparator,
    pub value: f64,
    pub unit: String,
    pub year: Option<u16>,
    /// Seed file name of the policy document.
    pub source: String,
    /// The sentence of the document that sets the target, quoted exactly.
    pub quote: String,
    pub note: String,
}

/// Plain-Chinese name of an indicator key: the computed indicators' own labels, and the plan
/// targets the published data cannot check.
pub fn indicator_label(key: &str) -> &'static str {
    if let Some(i) = crate::indicators::Indicator::from_key(key) {
        return i.def().label;
    }
    match key {
        "new_public_kg" => "新建、改扩建公办幼儿园",
        "public_per_pupil_funding" => "公办园生均公用经费",
        _ => "（未知指标）",
    }
}

/// One county as its published records describe it on the dataset's as-of date, computed by the
/// publishing tool so that county pages need no shard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CountyAggregate {
    pub county: u32,
    pub name: String,
    pub city: u32,
    pub kindergartens: u32,
    pub public_kg: u32,
    pub inclusive_kg: u32,
    pub standardized_kg: u32,
    /// 在园幼儿 (3–6 岁), and of them in 公办 and 普惠 kindergartens; 托班 children apart.
    pub children: u32,
    pub children_public: u32,
    pub children_inclusive: u32,
    pub toddlers: u32,
    pub seats: u32,
    pub classes: u32,
    /// Kindergartens with at least one class (the base of the 两教一保 share).
    #[serde(default)]
    pub with_classes: u32,
    pub teachers: u32,
    pub teachers_college: u32,
    pub teachers_certified: u32,
    pub principals_trained: u32,
    pub principals_college: u32,
    /// Warning rule id ("W05") → kindergartens flagged by it (the public flags: only rules that
    /// bind the county).
    pub flagged: BTreeMap<String, u32>,
    /// Kindergartens whose name fails any naming rule's test (W00–W03), each counted once. This
    /// and the two counts below apply each rule's test in every county, whether or not the rule
    /// binds there (`rules::check_everywhere`): the indicators describe every county (a target
    /// says where a figure is judged), so a county no rule binds does not read as compliant.
    #[serde(default)]
    pub name_flagged: u32,
    /// Kindergartens short of 两教一保 (W04's test). None in files written before it was kept:
    /// then `flagged["W04"]`, which was unscoped then.
    #[serde(default)]
    pub two_one_short: Option<u32>,
    /// Kindergartens whose record is stale after a staff change (W08's test); None as above.
    #[serde(default)]
    pub stale: Option<u32>,
    /// 乡镇/街道 of the county (as far as the divisions are known).
    pub towns: u32,
    /// 乡镇 without a 规范化公办中心幼儿园, 街道 without a 规范化公办幼儿园 (000 §1, 002 §(一)).
    pub towns_without_standard_public: Vec<(u32, String)>,
}

impl CountyAggregate {
    /// `towns` lists the county's 乡镇/街道 as (code, is 街道, name); `as_of` is the dataset's date.
    pub fn from_records(
        county: u32,
        name: &str,
        city: u32,
        recs: &[&Record],
        towns: &[(u32, bool, String)],
        as_of: Date,
    ) -> Self {
        let mut a = CountyAggregate {
            county,
            name: name.to_string(),
            city,
            two_one_short: Some(0),
            stale: Some(0),
            ..Default::default()
        };
        let public_names: HashSet<(u32, String)> =
            recs.iter().filter(|r| r.nature.is_public()).map(|r| (r.county, r.name.clone())).collect();
        let ctx = PolicyContext { as_of, public_names: &public_names };
        let count = |n: &mut Option<u32>, hit: bool| *n = n.map(|n| n + hit as u32);
        for r in recs {
            a.kindergartens += 1;
            let c = r.children();
            a.children += c;
            a.toddlers += r.toddlers();
            a.seats += r.seats as u32;
            a.classes += r.total_classes();
            a.with_classes += (r.total_classes() > 0) as u32;
            a.teachers += r.staff.teachers as u32;
            a.teachers_college += r.staff.teachers_college as u32;
            a.teachers_certified += r.staff.teachers_certified as u32;
            a.principals_trained += (r.principal_trained == Some(true)) as u32;
            a.principals_college += r.principal_education.is_some_and(|e| e.is_college()) as u32;
            if r.nature.is_public() {
                a.public_kg += 1;
                a.children_public += c;
            }
            if r.nature.is_inclusive() {
                a.inclusive_kg += 1;
                a.children_inclusive += c;
            }
            a.standardized_kg += r.grade.is_standardized() as u32;
            const NAME_RULES: [Rule; 4] =
                [Rule::NameForbiddenWord, Rule::NameForeign, Rule::NameMisleading, Rule::NamePublicCopy];
            let fails: Vec<Rule> = check_everywhere(r, &ctx).into_iter().map(|f| f.rule).collect();
            a.name_flagged += NAME_RULES.iter().any(|n| fails.contains(n)) as u32;
            count(&mut a.two_one_short, fails.contains(&Rule::TwoTeachersOneNurse));
            count(&mut a.stale, fails.contains(&Rule::StaleAfterStaffChange));
            for rule in Rule::from_flags(r.flags) {
                debug_assert_eq!(rule.severity(), Severity::Warning);
                *a.flagged.entry(rule.id().to_string()).or_default() += 1;
            }
        }
        a.towns = towns.len() as u32;
        for (town, is_street, town_name) in towns {
            let (town, is_street) = (*town, *is_street);
            let covered = recs.iter().any(|r| {
                r.town == town && r.nature.is_public() && r.grade.is_standardized() && (is_street || r.center)
            });
            if !covered {
                a.towns_without_standard_public.push((town, town_name.clone()));
            }
        }
        a
    }
}

/// `stats.json`: county statistics, record aggregates and targets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatsFile {
    pub counties: Vec<CountyYear>,
    #[serde(default)]
    pub aggregates: Vec<CountyAggregate>,
    pub targets: Vec<Target>,
    /// Names of the cities and provinces of the publication (counties carry their own).
    #[serde(default)]
    pub names: BTreeMap<u32, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregates_by_hand() {
        use crate::model::{Grade, Nature};
        let mut a = crate::rules::tests::good(); // 教育部门办, 市一级, 174 children, 12 teachers (11 college)
        a.town = 445202001;
        let mut b = crate::rules::tests::good();
        b.nature = Nature::InclusivePrivate;
        b.grade = Grade::Unrated;
        b.town = 445202100;
        b.flags = Rule::ClassSize.flag() | Rule::FeeStale.flag();
        let mut c = crate::rules::tests::good();
        c.nature = Nature::ForProfitPrivate;
        c.town = 445202100;
        c.principal_trained = Some(false);
        c.staff.nurses = 5; // short of 两教一保, which binds 株洲 only: counted, not flagged
        c.flags = Rule::ClassSize.flag();
        // 街道 001 has a 规范化 public kindergarten; 镇 100 has none; 镇 101 has no kindergarten.
        let towns = [
            (445202001, true, "东兴街道".to_string()),
            (445202100, false, "磐东镇".to_string()),
            (445202101, false, "某镇".to_string()),
        ];
        let as_of = Date::new(2025, 9, 30).unwrap();
        let agg = CountyAggregate::from_records(445202, "榕城区", 445200, &[&a, &b, &c], &towns, as_of);
        assert_eq!(agg.kindergartens, 3);
        assert_eq!((agg.public_kg, agg.inclusive_kg, agg.standardized_kg), (1, 2, 2));
        assert_eq!((agg.children, agg.children_public, agg.children_inclusive), (522, 174, 348));
        assert_eq!((agg.teachers, agg.teachers_college), (36, 33));
        assert_eq!(agg.principals_trained, 2);
        assert_eq!(agg.flagged.get("W05"), Some(&2));
        assert_eq!(agg.flagged.get("W07"), Some(&1));
        assert_eq!(agg.towns, 3);
        assert_eq!(
            agg.towns_without_standard_public,
            vec![(445202100, "磐东镇".to_string()), (445202101, "某镇".to_string())]
        );
        // b and c are private and carry a's name, a public kindergarten's (W03's test).
        assert_eq!((agg.with_classes, agg.name_flagged), (3, 2));
        assert_eq!((agg.two_one_short, agg.stale, agg.flagged.get("W04")), (Some(1), Some(0), None));
        let empty = CountyAggregate::from_records(445203, "揭东区", 445200, &[], &[], as_of);
        assert_eq!((empty.kindergartens, empty.children), (0, 0));
    }

    #[test]
    fn comparators() {
        assert!(Comparator::MoreThan.met(30.1, 30.0) && !Comparator::MoreThan.met(30.0, 30.0));
        assert!(Comparator::AtMost.met(0.0, 0.0) && !Comparator::AtMost.met(1.0, 0.0));
        assert_eq!(Comparator::parse("≥"), Some(Comparator::AtLeast));
        assert_eq!(Comparator::parse("=="), None);
    }
}
