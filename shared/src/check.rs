//! The record-level checks: a record against the rules (`rules`) whose provisions bind its county
//! (`policy`'s register), each finding citing only those provisions.

use crate::{
    date::Date,
    model::{ClassType, FoodSafety, Record},
    policy::{self, Part},
    rules::{Finding, Rule},
};
use std::collections::HashSet;

/// What record-level policy checks need to know beyond the record.
pub struct PolicyContext<'a> {
    /// The date the dataset describes.
    pub as_of: Date,
    /// Names of 公办 kindergartens, by county.
    pub public_names: &'a HashSet<(u32, String)>,
}

const FORBIDDEN: &[&str] = &["中国", "中华", "全国", "国际", "世界", "全球"];
const FOREIGN: &[&str] = &[
    "美国",
    "英国",
    "法国",
    "德国",
    "日本",
    "韩国",
    "意大利",
    "加拿大",
    "澳大利亚",
    "新西兰",
    "新加坡",
    "俄罗斯",
    "西班牙",
    "瑞士",
    "瑞典",
    "芬兰",
    "丹麦",
    "荷兰",
    "挪威",
    "哈佛",
    "剑桥",
    "牛津",
    "耶鲁",
    "伦敦",
    "巴黎",
    "纽约",
    "维也纳",
    "米兰",
    "东京",
    "首尔",
    "悉尼",
    "温哥华",
    "蒙台梭利",
    "蒙特梭利",
    "迪士尼",
    "华盛顿",
    "爱丁堡",
];
const MISLEADING: &[&str] =
    &["双语", "艺术", "国学", "私塾", "佛教", "基督", "天主", "伊斯兰", "福音", "教会", "圣经"];

fn found_words(name: &str, words: &[&str]) -> Vec<String> {
    words.iter().filter(|w| name.contains(**w)).map(|w| w.to_string()).collect()
}

/// Applies to a record that parsed cleanly every policy rule that binds its county (the register's
/// provisions, `policy`); each finding cites the documents binding the county only. A 平顶山
/// record is not held to 株洲's 两教一保, a 株洲 record not to Guangdong's one-month update.
pub fn check_policy(r: &Record, ctx: &PolicyContext) -> Vec<Finding> {
    let applies = |rule: Rule, part: Part| policy::entry(rule).is_none_or(|e| e.applies(part, r.county));
    let mut out = check(r, ctx, &applies);
    for f in &mut out {
        f.source = f.rule.sources_for(r.county);
    }
    out
}

/// Every policy rule's own test, wherever the record is: what the county statistics count (the
/// 两教一保 share is an indicator for every county, with a target only in 株洲). Never flags.
pub fn check_everywhere(r: &Record, ctx: &PolicyContext) -> Vec<Finding> {
    check(r, ctx, &|_, _| true)
}

fn check(r: &Record, ctx: &PolicyContext, applies: &dyn Fn(Rule, Part) -> bool) -> Vec<Finding> {
    let whole = |rule: Rule| applies(rule, Part::Whole);
    let mut out = Vec::new();
    let name = &r.name;
    let hit = found_words(name, FORBIDDEN);
    if !hit.is_empty() && whole(Rule::NameForbiddenWord) {
        out.push(Finding::new(
            Rule::NameForbiddenWord,
            "幼儿园名称",
            name.clone(),
            format!("名称含“{}”", hit.join("”“")),
        ));
    }
    let mut foreign = found_words(name, FOREIGN);
    if name.chars().any(|c| c.is_ascii_alphabetic() || ('Ａ'..='ｚ').contains(&c)) {
        foreign.push("外文字母".into());
    }
    if !foreign.is_empty() && whole(Rule::NameForeign) {
        out.push(Finding::new(
            Rule::NameForeign,
            "幼儿园名称",
            name.clone(),
            format!("名称含“{}”", foreign.join("”“")),
        ));
    }
    let hit = found_words(name, MISLEADING);
    if !hit.is_empty() && whole(Rule::NameMisleading) {
        out.push(Finding::new(
            Rule::NameMisleading,
            "幼儿园名称",
            name.clone(),
            format!("名称含“{}”", hit.join("”“")),
        ));
    }
    if whole(Rule::NamePublicCopy)
        && !r.nature.is_public()
        && ctx.public_names.contains(&(r.county, name.clone()))
    {
        out.push(Finding::new(Rule::NamePublicCopy, "幼儿园名称", name.clone(), "同县区有同名的公办幼儿园"));
    }

    let classes = r.total_classes();
    if classes > 0 && whole(Rule::TwoTeachersOneNurse) {
        let (t, n) = (r.staff.teachers as u32, r.staff.nurses as u32);
        if t < 2 * classes || n < classes {
            out.push(Finding::new(
                Rule::TwoTeachersOneNurse,
                "专任教师数",
                format!("{t}/{n}"),
                format!(
                    "{classes} 个班应至少有 {} 名专任教师、{classes} 名保育员，实有 {t} 名、{n} 名",
                    2 * classes
                ),
            ));
        }
    }
    for t in ClassType::ALL {
        let c = r.class(*t);
        if c.classes > 0 && c.children as u32 > c.classes as u32 * t.limit() as u32 && whole(Rule::ClassSize)
        {
            out.push(Finding::new(
                Rule::ClassSize,
                &format!("{}幼儿数", t.label()),
                c.children.to_string(),
                format!(
                    "{}{}个班共{}人，平均每班{}人，超过{}人的上限",
                    t.label(),
                    c.classes,
                    c.children,
                    crate::num::fixed(c.average().unwrap_or(0.0), 1),
                    t.limit()
                ),
            ));
        }
    }
    if r.nature.is_inclusive() {
        if let (Some(prev), Some(eff)) = (r.fees.previous, r.fees.effective) {
            let m = prev.months_until(eff);
            if m < 36 && whole(Rule::FeeInterval) {
                out.push(Finding::new(
                    Rule::FeeInterval,
                    "收费执行日期",
                    eff.to_string(),
                    format!("距上次调价（{prev}）仅 {m} 个月"),
                ));
            }
        }
        if let Some(eff) = r.fees.effective {
            let m = eff.months_until(ctx.as_of);
            if m > 60 && whole(Rule::FeeStale) {
                out.push(Finding::new(
                    Rule::FeeStale,
                    "收费执行日期",
                    eff.to_string(),
                    format!("现行收费标准已执行 {m} 个月"),
                ));
            }
        }
        if r.zone.is_empty() && r.zone_polygon.is_none() && whole(Rule::ZoneMissing) {
            out.push(Finding::new(Rule::ZoneMissing, "服务区社区村代码", "", "普惠性幼儿园未填写服务区"));
        }
    }
    if let Some(changed) = r.staff_changed {
        if r.updated < changed && changed.months_until(ctx.as_of) >= 1 && whole(Rule::StaleAfterStaffChange) {
            out.push(Finding::new(
                Rule::StaleAfterStaffChange,
                "信息更新日期",
                r.updated.to_string(),
                format!("园长或专任教师于 {changed} 变更，信息更新日期仍为 {}", r.updated),
            ));
        }
    }
    // A blank 食品安全等级 is 未填报, not a claim: only a stated grade below B is flagged.
    if let Some(f @ (FoodSafety::C | FoodSafety::Unrated)) =
        r.food_safety.filter(|_| whole(Rule::FoodSafetyGrade))
    {
        out.push(Finding::new(
            Rule::FoodSafetyGrade,
            "食品安全等级",
            f.label(),
            format!("食品安全等级为“{}”", f.label()),
        ));
    }
    // Only what the record states: a blank 学历 or 培训 cell says nothing either way. Each part
    // where its region's document sets it.
    let edu_low = r
        .principal_education
        .filter(|e| !e.is_college() && applies(Rule::PrincipalQualification, Part::PrincipalEducation));
    let untrained =
        r.principal_trained == Some(false) && applies(Rule::PrincipalQualification, Part::PrincipalTraining);
    if edu_low.is_some() || untrained {
        let mut why = Vec::new();
        if let Some(e) = edu_low {
            why.push(format!("园长学历为“{}”", e.label()));
        }
        if untrained {
            why.push("园长未经任职资格培训合格".into());
        }
        let (column, value) = match edu_low {
            Some(e) => ("园长学历", e.label()),
            None => ("园长任职资格培训合格", "否"),
        };
        out.push(Finding::new(Rule::PrincipalQualification, column, value, why.join("；")));
    }
    if ctx.as_of.to_days() - r.updated.to_days() > 365 {
        out.push(Finding::new(
            Rule::OldUpdate,
            "信息更新日期",
            r.updated.to_string(),
            format!("信息更新日期 {} 早于数据截至日期 {} 一年以上", r.updated, ctx.as_of),
        ));
    }
    if r.staff.teachers_certified < r.staff.teachers && whole(Rule::TeacherCertification) {
        out.push(Finding::new(
            Rule::TeacherCertification,
            "持证专任教师数",
            r.staff.teachers_certified.to_string(),
            format!("{} 名专任教师中 {} 名持证", r.staff.teachers, r.staff.teachers_certified),
        ));
    }
    let enrolled = r.enrolled();
    if r.seats > 0 && enrolled > r.seats as u32 && whole(Rule::OverCapacity) {
        out.push(Finding::new(
            Rule::OverCapacity,
            "核定学位数",
            r.seats.to_string(),
            format!("在园 {enrolled} 人，核定学位 {} 个", r.seats),
        ));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rules::{flags_of, Severity};
    use crate::{
        geo::Point,
        model::{ClassCount, Education, Fees, Grade, Nature, Staffing},
    };

    /// A record that breaks no rule: the base every rule test changes one thing in.
    pub fn good() -> Record {
        let mut classes = [ClassCount::default(); 5];
        classes[ClassType::Small as usize] = ClassCount { classes: 2, children: 50 };
        classes[ClassType::Middle as usize] = ClassCount { classes: 2, children: 58 };
        classes[ClassType::Large as usize] = ClassCount { classes: 2, children: 66 };
        Record {
            id: "12445200MB2C765438".into(),
            uscc: Some("12445200MB2C765438".into()),
            licence: None,
            name: "揭阳市榕城区星桥幼儿园".into(),
            county: 445202,
            town: 445202001,
            address: "揭阳市榕城区中山街道星桥路1号".into(),
            location: Point { lon: 116.37, lat: 23.54 },
            nature: Nature::EduDept,
            founded: Date::new(2010, 9, 1),
            grade: Grade::City1,
            grade_year: Some(2022),
            center: false,
            quality: None,
            quality_year: None,
            fees: Fees {
                care: 800,
                boarding: None,
                meals: Some(300),
                approval: "揭市发改价格〔2022〕12号".into(),
                effective: Date::new(2022, 9, 1),
                previous: Date::new(2018, 9, 1),
            },
            staff: Staffing {
                total: 22,
                teachers: 12,
                teachers_college: 11,
                teachers_certified: 12,
                nurses: 6,
                health: 1,
            },
            principal_education: Some(Education::Bachelor),
            principal_trained: Some(true),
            classes,
            seats: 180,
            inclusion: Some(true),
            resource_room: Some(false),
            food_safety: Some(FoodSafety::A),
            zone: vec![445202001001],
            zone_polygon: None,
            phone: "0663-8888888".into(),
            website: None,
            updated: Date::new(2025, 9, 1).unwrap(),
            staff_changed: Date::new(2025, 3, 1),
            provenance: "揭阳市教育局2025年幼儿园信息公示".into(),
            flags: 0,
        }
    }

    /// Every rule's own test, wherever the record is (`check_everywhere`).
    fn check(r: &Record) -> Vec<Rule> {
        let names = [(445202, "揭阳市榕城区实验幼儿园".to_string())].into_iter().collect();
        let ctx = PolicyContext { as_of: Date::new(2025, 9, 30).unwrap(), public_names: &names };
        check_everywhere(r, &ctx).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn the_good_record_passes_every_rule() {
        assert_eq!(check(&good()), vec![]);
        let names = HashSet::new();
        let ctx = PolicyContext { as_of: Date::new(2025, 9, 30).unwrap(), public_names: &names };
        for county in [445202, 430202, 410402, 440106, 441900, 442000, 110101] {
            let mut r = good();
            r.county = county;
            assert_eq!(check_policy(&r, &ctx), vec![], "{county}");
        }
    }

    #[test]
    fn each_rule_fails_on_its_own_fault() {
        type Fault = Box<dyn Fn(&mut Record)>;
        let cases: Vec<(Rule, Fault)> = vec![
            (Rule::NameForbiddenWord, Box::new(|r| r.name = "揭阳国际幼儿园".into())),
            (Rule::NameForeign, Box::new(|r| r.name = "揭阳Sunshine幼儿园".into())),
            (Rule::NameForeign, Box::new(|r| r.name = "揭阳剑桥幼儿园".into())),
            (Rule::NameMisleading, Box::new(|r| r.name = "揭阳双语幼儿园".into())),
            (
                Rule::NamePublicCopy,
                Box::new(|r| {
                    r.nature = Nature::ForProfitPrivate;
                    r.name = "揭阳市榕城区实验幼儿园".into();
                }),
            ),
            (Rule::TwoTeachersOneNurse, Box::new(|r| r.staff.teachers = 11)),
            (Rule::TwoTeachersOneNurse, Box::new(|r| r.staff.nurses = 5)),
            (Rule::ClassSize, Box::new(|r| r.classes[ClassType::Small as usize].children = 51)),
            (Rule::FeeInterval, Box::new(|r| r.fees.previous = Date::new(2020, 9, 2))),
            (
                Rule::FeeStale,
                Box::new(|r| {
                    r.fees.effective = Date::new(2020, 8, 1);
                    r.fees.previous = None;
                }),
            ),
            (Rule::ZoneMissing, Box::new(|r| r.zone.clear())),
            (
                Rule::StaleAfterStaffChange,
                Box::new(|r| {
                    r.staff_changed = Date::new(2025, 8, 20);
                    r.updated = Date::new(2025, 8, 1).unwrap();
                }),
            ),
            (Rule::FoodSafetyGrade, Box::new(|r| r.food_safety = Some(FoodSafety::C))),
            (Rule::FoodSafetyGrade, Box::new(|r| r.food_safety = Some(FoodSafety::Unrated))),
            (Rule::PrincipalQualification, Box::new(|r| r.principal_education = Some(Education::Secondary))),
            (Rule::PrincipalQualification, Box::new(|r| r.principal_trained = Some(false))),
            (
                Rule::OldUpdate,
                Box::new(|r| {
                    r.updated = Date::new(2024, 9, 29).unwrap();
                    r.staff_changed = None;
                }),
            ),
            (Rule::TeacherCertification, Box::new(|r| r.staff.teachers_certified = 11)),
            (Rule::OverCapacity, Box::new(|r| r.seats = 170)),
        ];
        for (rule, fault) in cases {
            let mut r = good();
            fault(&mut r);
            assert_eq!(check(&r), vec![rule], "{rule:?}");
        }
    }

    #[test]
    fn boundaries_of_rules() {
        // Exactly at the class limit, exactly 36 months, a change less than a month ago: fine.
        let mut r = good();
        r.classes[ClassType::Small as usize].children = 50;
        r.fees.previous = Date::new(2019, 9, 1);
        r.staff_changed = Date::new(2025, 9, 15);
        r.updated = Date::new(2025, 9, 1).unwrap();
        assert_eq!(check(&r), vec![]);
        // Private kindergartens are not held to the 普惠 fee and zone rules.
        let mut r = good();
        r.nature = Nature::ForProfitPrivate;
        r.zone.clear();
        r.fees.previous = Date::new(2022, 1, 1);
        assert_eq!(check(&r), vec![]);
        // Blank optional cells are 未填报: no claim about the principal or the canteen.
        let mut r = good();
        r.principal_trained = None;
        r.principal_education = None;
        r.food_safety = None;
        r.updated = Date::new(2024, 9, 30).unwrap();
        r.staff_changed = None;
        assert_eq!(check(&r), vec![]);
        // A public kindergarten may of course carry its own name.
        let mut r = good();
        r.name = "揭阳市榕城区实验幼儿园".into();
        assert_eq!(check(&r), vec![]);
    }

    #[test]
    fn flags_round_trip_and_ids_are_unique() {
        let f = vec![
            Finding::new(Rule::ClassSize, "", "", ""),
            Finding::new(Rule::FeeStale, "", "", ""),
            Finding::new(Rule::Required, "", "", ""),
        ];
        let flags = flags_of(&f);
        assert_eq!(Rule::from_flags(flags).collect::<Vec<_>>(), vec![Rule::ClassSize, Rule::FeeStale]);
        let ids: HashSet<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), Rule::ALL.len());
        for r in Rule::ALL {
            assert_eq!(Rule::from_id(r.id()), Some(*r));
            if r.severity() == Severity::Warning {
                assert!((*r as u8) < 32);
            }
        }
    }

    /// A record that fails every policy rule's own test at once (a 普惠性民办 kindergarten, so
    /// the fee and zone rules apply), in the given county.
    fn faulty(county: u32) -> (Record, HashSet<(u32, String)>) {
        let mut r = good();
        r.county = county;
        r.name = "星桥国际Sunshine双语幼儿园".into();
        r.nature = Nature::InclusivePrivate;
        r.staff.teachers = 11;
        r.staff.teachers_certified = 10;
        r.staff.teachers_college = 10;
        r.classes[ClassType::Small as usize].children = 51;
        r.fees.effective = Date::new(2020, 8, 1);
        r.fees.previous = Date::new(2019, 1, 1);
        r.zone.clear();
        r.staff_changed = Date::new(2025, 8, 20);
        r.updated = Date::new(2025, 8, 1).unwrap();
        r.food_safety = Some(FoodSafety::C);
        r.principal_education = Some(Education::Secondary);
        r.principal_trained = Some(false);
        r.seats = 100;
        let names = [(county, r.name.clone())].into_iter().collect();
        (r, names)
    }

    fn ids(rules: &[Rule]) -> Vec<&'static str> {
        rules.iter().map(|r| r.id()).collect()
    }

    /// Each region is held to its own documents' rules only (policy.md §2 "Scope"): exactly
    /// these can fire for a record of each region. 东莞 and 中山 are cities without counties:
    /// their records carry the city code as county, and Guangdong's rules bind them.
    #[test]
    fn each_region_is_checked_against_its_own_documents() {
        const NAMES: [&str; 4] = ["W00", "W01", "W02", "W03"];
        let guangdong: Vec<&str> = [&NAMES[..], &["W05", "W08", "W10", "W11", "W12", "W13"]].concat();
        let cases: [(u32, &str, Vec<&str>); 7] = [
            (445202, "揭阳市榕城区", guangdong.clone()),
            (440106, "广州市天河区", guangdong.clone()),
            (441900, "东莞市", guangdong.clone()),
            (442000, "中山市", guangdong.clone()),
            (
                430202,
                "株洲市荷塘区",
                [&NAMES[..], &["W04", "W05", "W06", "W07", "W09", "W10", "W12", "W13"]].concat(),
            ),
            (410402, "平顶山市新华区", vec!["W05", "W12", "W13"]),
            // A county no bundled document covers: the national 规程 and the data check only.
            (110101, "北京市东城区", vec!["W05", "W12"]),
        ];
        let as_of = Date::new(2025, 9, 30).unwrap();
        for (county, place, want) in cases {
            let (r, names) = faulty(county);
            let ctx = PolicyContext { as_of, public_names: &names };
            let every: Vec<Rule> = check_everywhere(&r, &ctx).into_iter().map(|f| f.rule).collect();
            assert_eq!(every.len(), 14, "{place}: the record fails every rule's own test: {:?}", ids(&every));
            let found = check_policy(&r, &ctx);
            let got: Vec<Rule> = found.iter().map(|f| f.rule).collect();
            let mut got_ids = ids(&got);
            got_ids.sort_unstable();
            assert_eq!(got_ids, want, "{place}");
            for rule in Rule::ALL.iter().filter(|r| r.id().starts_with('W')) {
                assert_eq!(rule.applies_to(county), want.contains(&rule.id()), "{place} {rule:?}");
            }
            for f in &found {
                assert_eq!(f.source, f.rule.sources_for(county), "{place} {:?}", f.rule);
                assert!(!f.source.is_empty(), "{place} {:?}", f.rule);
            }
            // W10: Guangdong's part is the 学历, 株洲's the 培训.
            if let Some(f) = found.iter().find(|f| f.rule == Rule::PrincipalQualification) {
                let (edu, trained) = (f.message.contains("学历"), f.message.contains("培训"));
                assert_eq!(
                    (edu, trained),
                    (county / 10000 == 44, county / 100 == 4302),
                    "{place}: {}",
                    f.message
                );
            }
        }
    }

    #[test]
    fn findings_cite_the_documents_binding_the_county_only() {
        assert_eq!(
            Rule::NameForbiddenWord.sources_for(445202),
            "揭阳市行动计划 §14；广东省“十四五”行动计划 §(十三)"
        );
        assert_eq!(Rule::NameForbiddenWord.sources_for(440106), "广东省“十四五”行动计划 §(十三)");
        assert_eq!(Rule::NameForbiddenWord.sources_for(430202), "株洲市行动计划 §15（征求意见稿）");
        assert_eq!(Rule::NameForbiddenWord.sources_for(410402), "");
        assert_eq!(
            Rule::PrincipalQualification.sources_for(441900),
            "广东省推动基础教育高质量发展行动方案 附件1 一.2（目标）"
        );
        assert_eq!(Rule::PrincipalQualification.sources_for(430211), "株洲市行动计划 §6（征求意见稿，目标）");
        assert_eq!(Rule::ZoneMissing.sources_for(410402), "平顶山市实施方案 §24（鼓励探索）");
        // National regulations are cited as such, never as a seed.
        for county in [445202, 430202, 410402] {
            assert_eq!(
                Rule::ClassSize.sources_for(county),
                "《幼儿园工作规程》第十一条（国家规定）；《托育机构设置标准（试行）》（国家规定）"
            );
        }
        assert_eq!(Rule::OverCapacity.sources_for(445202), Rule::OverCapacity.source());
        // Each citation links to its paragraph; a national regulation has no page of its own.
        assert_eq!(
            Rule::NameForbiddenWord.citations_for(445202),
            [
                ("揭阳市行动计划 §14".to_string(), Some("policy/?doc=000#c3-s5-i14".to_string())),
                ("广东省“十四五”行动计划 §(十三)".to_string(), Some("policy/?doc=002#c5-s13".to_string())),
            ]
        );
        assert!(Rule::ClassSize.citations_for(445202).iter().all(|(_, href)| href.is_none()));
        assert!(Rule::OverCapacity.citations_for(445202).is_empty());
        // The general form joins to the general text.
        for r in Rule::ALL {
            let all: Vec<String> = r.citations().into_iter().map(|(c, _)| c).collect();
            assert_eq!(all.join("；"), r.source(), "{r:?}");
        }
        assert_eq!(Rule::Required.sources_for(445202), "数据规范");
        // No seed's name in a rule the seeds do not set (policy.md §5).
        for rule in [Rule::ClassSize, Rule::OverCapacity] {
            for d in &crate::policy::DOCUMENTS {
                assert!(!rule.source().contains(d.short), "{rule:?} cites {}", d.id);
            }
        }
    }

    /// `source()` (the general text the app shows) is the register's citations, every region's.
    #[test]
    fn the_general_source_is_the_registers_citations() {
        for e in crate::policy::REGISTER {
            if e.provisions.is_empty() {
                continue;
            }
            let mut cited: Vec<String> = Vec::new();
            for c in e.provisions.iter().map(|p| p.citation()) {
                if !cited.contains(&c) {
                    cited.push(c);
                }
            }
            assert_eq!(e.rule.source(), cited.join("；"), "{:?}", e.rule);
        }
    }

    /// Rules no document sets, or sets only as an encouragement, publish no flag.
    #[test]
    fn report_only_rules_set_no_flag() {
        let (r, names) = faulty(445202);
        let ctx = PolicyContext { as_of: Date::new(2025, 9, 30).unwrap(), public_names: &names };
        let flags = flags_of(&check_policy(&r, &ctx));
        for rule in [Rule::OverCapacity, Rule::ZoneMissing] {
            assert_eq!(rule.severity(), Severity::Note);
            assert_eq!(flags & (1 << (rule as u8)), 0, "{rule:?}");
        }
        assert!(Rule::from_flags(u32::MAX).all(|r| r != Rule::OverCapacity && r != Rule::ZoneMissing));
    }
}
