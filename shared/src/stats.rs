//! Figures bureaus publish per county and year (not derivable from the records), and the policy
//! targets of `../shared/policy.md` §2 as data.

use serde::{Deserialize, Serialize};

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

/// `stats.json`: county statistics and targets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatsFile {
    pub counties: Vec<CountyYear>,
    pub targets: Vec<Target>,
}

impl StatsFile {
    /// The targets that apply to a county: its own, its city's and its province's plans. Where
    /// more than one plan sets the same indicator, the stricter target applies; all are returned
    /// so that the UI can say which plans set what.
    pub fn targets_for(&self, county: u32, indicator: &str) -> Vec<&Target> {
        let city = county / 100 * 100;
        let province = county / 10000 * 10000;
        let mut v: Vec<&Target> = self
            .targets
            .iter()
            .filter(|t| t.indicator == indicator && [county, city, province].contains(&t.region))
            .collect();
        // Strictest first.
        v.sort_by(|a, b| {
            let key = |t: &Target| match t.comparator {
                Comparator::AtMost => -t.value,
                _ => t.value,
            };
            key(b).partial_cmp(&key(a)).unwrap_or(std::cmp::Ordering::Equal)
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(region: u32, indicator: &str, value: f64) -> Target {
        Target {
            region,
            region_name: String::new(),
            indicator: indicator.into(),
            comparator: Comparator::AtLeast,
            value,
            unit: "%".into(),
            year: Some(2025),
            source: String::new(),
            quote: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn inheritance_takes_the_stricter_target() {
        let s = StatsFile {
            counties: vec![],
            targets: vec![
                t(440000, "gross_enrolment", 100.0),
                t(445200, "gross_enrolment", 99.0),
                t(445200, "public_share", 50.0),
                t(430200, "public_share", 58.0),
            ],
        };
        let v = s.targets_for(445202, "gross_enrolment");
        assert_eq!(v.iter().map(|t| t.region).collect::<Vec<_>>(), [440000, 445200]);
        assert_eq!(s.targets_for(445202, "public_share")[0].value, 50.0);
        assert!(s.targets_for(410402, "public_share").is_empty());
        assert!(Comparator::MoreThan.met(30.1, 30.0) && !Comparator::MoreThan.met(30.0, 30.0));
        assert_eq!(Comparator::parse("≥"), Some(Comparator::AtLeast));
    }
}
