//! Figures bureaus publish per county and year (not derivable from the records), and the policy
//! targets of `../shared/policy.md` §2 as data: each with the document and section that set it,
//! the regions it binds and how strongly (`data/targets.csv`, reviewed like code).

use crate::{
    check::{check_everywhere, PolicyContext},
    date::Date,
    model::{Grade, Record},
    policy::{self, Document, Kind, Status},
    rules::{Rule, Severity},
};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// One county in one year, as the bureau published it. Money in 万元. The optional figures are
/// later columns of the statistics sheet: `None` where a sheet has no such column or leaves the
/// cell blank (no data, never zero).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
    /// 学前教育一般公共预算教育支出, 万元: divided by `enrolled`, the 生均 spending that must not
    /// fall from one year to the next (000 §4, 002 §(四)).
    pub preschool_budget: Option<f64>,
    /// 公办幼儿园公用经费, 万元: divided by `enrolled_public`, the 生均公用经费 (004 §2).
    pub public_operating_funds: Option<f64>,
    /// 新建、改扩建公办幼儿园 in the year, 所 (002 §(二)).
    pub new_public_kg: Option<u32>,
    /// 常住人口4000人以上的行政村, and of them those with a 规范化普惠性幼儿园 (000 §1, 002 §(一)).
    pub villages_4000: Option<u32>,
    pub villages_4000_covered: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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

/// How strongly a target binds: the register's kinds (`policy::Kind`), as `targets.csv` writes
/// them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A dated target (到2025年…达到).
    #[default]
    Target,
    /// An aim (力争): the quote keeps the word.
    Aim,
    /// A requirement (要、应、确保、严格落实).
    Binding,
    /// An encouragement (鼓励、探索).
    Encouragement,
    /// A national standard outside the bundled documents, named as such.
    Outside,
}

impl TargetKind {
    pub const ALL: [TargetKind; 5] = [
        TargetKind::Target,
        TargetKind::Aim,
        TargetKind::Binding,
        TargetKind::Encouragement,
        TargetKind::Outside,
    ];

    /// The word `targets.csv` uses.
    pub fn key(self) -> &'static str {
        match self {
            TargetKind::Target => "target",
            TargetKind::Aim => "aim",
            TargetKind::Binding => "binding",
            TargetKind::Encouragement => "encouragement",
            TargetKind::Outside => "outside",
        }
    }

    pub fn parse(s: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.key() == s.trim())
    }

    pub fn policy(self) -> Kind {
        match self {
            TargetKind::Target => Kind::Target,
            TargetKind::Aim => Kind::Aim,
            TargetKind::Binding => Kind::Binding,
            TargetKind::Encouragement => Kind::Encouragement,
            TargetKind::Outside => Kind::OutsideStandard,
        }
    }

    /// "目标", "力争", "约束性要求"…: the register's words.
    pub fn label(self) -> &'static str {
        self.policy().label()
    }
}

/// A city of a named group, with its name as the defining paragraph writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupCity {
    pub code: u32,
    /// Short name in Simplified characters ("广州").
    pub name: &'static str,
    /// As 003 附件4 §7 writes it (Traditional: "廣州").
    pub written: &'static str,
}

/// The two regions Guangdong's plans set different figures for. 003 附件4 §7 lists their cities
/// (for the 考核评价 of 003 and, since 002 names the regions without listing them, for 002's
/// figures too). 003 附件2 §1 counts the 欠发达县 of 惠州、江门、肇庆 with 粤东粤西粤北 for the
/// 结对帮扶 only; that use sets no figure here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// 珠三角地区 (9 cities).
    PearlRiverDelta,
    /// 粤东粤西粤北地区 (12 cities).
    EastWestNorth,
}

const fn city(code: u32, name: &'static str, written: &'static str) -> GroupCity {
    GroupCity { code, name, written }
}

/// 003 附件4 §7, in the paragraph's order.
const PEARL_RIVER_DELTA: [GroupCity; 9] = [
    city(440100, "广州", "廣州"),
    city(440300, "深圳", "深圳"),
    city(440400, "珠海", "珠海"),
    city(440600, "佛山", "佛山"),
    city(441300, "惠州", "惠州"),
    city(441900, "东莞", "東莞"),
    city(442000, "中山", "中山"),
    city(440700, "江门", "江門"),
    city(441200, "肇庆", "肇慶"),
];

const EAST_WEST_NORTH: [GroupCity; 12] = [
    city(440500, "汕头", "汕頭"),
    city(440200, "韶关", "韶關"),
    city(441600, "河源", "河源"),
    city(441400, "梅州", "梅州"),
    city(441500, "汕尾", "汕尾"),
    city(441700, "阳江", "陽江"),
    city(440800, "湛江", "湛江"),
    city(440900, "茂名", "茂名"),
    city(441800, "清远", "清遠"),
    city(445100, "潮州", "潮州"),
    city(445200, "揭阳", "揭陽"),
    city(445300, "云浮", "雲浮"),
];

impl Group {
    pub const ALL: [Group; 2] = [Group::PearlRiverDelta, Group::EastWestNorth];
    /// The paragraph that lists the cities: 003 附件4 §7.
    pub const DOCUMENT: &'static Document = &policy::GUANGDONG_BASIC;
    pub const SECTION: &'static str = "附件4 §7";

    /// How `targets.csv` names the group in its `binds` column.
    pub fn key(self) -> &'static str {
        match self {
            Group::PearlRiverDelta => "珠三角",
            Group::EastWestNorth => "粤东粤西粤北",
        }
    }

    /// "珠三角地区".
    pub fn label(self) -> &'static str {
        match self {
            Group::PearlRiverDelta => "珠三角地区",
            Group::EastWestNorth => "粤东粤西粤北地区",
        }
    }

    pub fn cities(self) -> &'static [GroupCity] {
        match self {
            Group::PearlRiverDelta => &PEARL_RIVER_DELTA,
            Group::EastWestNorth => &EAST_WEST_NORTH,
        }
    }

    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.key() == s.trim())
    }

    /// Whether a region lies in the group: one of its cities or a county of one (东莞 and 中山 are
    /// their own county units). A province is in no group.
    pub fn contains(self, code: u32) -> bool {
        let city = code / 100 * 100;
        self.cities().iter().any(|c| c.code == city || c.code == code)
    }
}

/// The regions a target binds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Binds {
    /// Every region whose six-digit adcode begins with these digits: "44" is 广东省 and every
    /// city and county in it, "4452" is 揭阳市 and its counties (the issuing region's scope,
    /// `policy::Document::scope`); a whole code ("440000") is the region's own total only (a
    /// province-wide count, a share of the province's counties). Empty, in a stats file written
    /// before targets carried their scope: the issuing region's scope.
    Prefix(String),
    /// The cities of a named group and their counties.
    Group(Group),
}

impl Default for Binds {
    fn default() -> Self {
        Binds::Prefix(String::new())
    }
}

impl Binds {
    pub fn parse(s: &str) -> Result<Binds, String> {
        let s = s.trim();
        if let Some(g) = Group::parse(s) {
            return Ok(Binds::Group(g));
        }
        if matches!(s.len(), 2 | 4 | 6) && s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Binds::Prefix(s.to_string()));
        }
        let groups: Vec<&str> = Group::ALL.iter().map(|g| g.key()).collect();
        Err(format!("“{s}”应为 2、4 或 6 位区划代码前缀，或 {}", groups.join("、")))
    }

    /// The issuing region's scope: 440000 → "44", 445200 → "4452", 445202 → "445202".
    pub fn of_region(region: u32) -> Binds {
        let mut s = format!("{region:06}");
        while s.len() > 2 && s.ends_with("00") {
            s.truncate(s.len() - 2);
        }
        Binds::Prefix(s)
    }

    /// Whether the target binds region `code` (a county, city or province), for a target
    /// issued by `region`.
    pub fn covers(&self, code: u32, region: u32) -> bool {
        match self {
            Binds::Prefix(p) if p.is_empty() => Binds::of_region(region).covers(code, region),
            Binds::Prefix(p) => format!("{code:06}").starts_with(p.as_str()),
            Binds::Group(g) => g.contains(code),
        }
    }

    /// How narrowly it binds, for ordering equally strict targets (nearest plan first): a
    /// region's own total, then a city's scope, then a group of cities, then a province.
    pub fn narrowness(&self) -> usize {
        match self {
            Binds::Prefix(p) => p.len(),
            Binds::Group(_) => 3,
        }
    }
}

impl From<Binds> for String {
    fn from(b: Binds) -> String {
        match b {
            Binds::Prefix(p) => p,
            Binds::Group(g) => g.key().to_string(),
        }
    }
}

impl TryFrom<String> for Binds {
    type Error = String;
    fn try_from(s: String) -> Result<Binds, String> {
        if s.is_empty() {
            return Ok(Binds::default());
        }
        Binds::parse(&s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// The region whose document sets the target (its issuer's adcode).
    pub region: u32,
    pub region_name: String,
    /// Indicator key, e.g. "public_share".
    pub indicator: String,
    pub comparator: Comparator,
    pub value: f64,
    pub unit: String,
    pub year: Option<u16>,
    /// The seed that sets it, "000" … "004" (`policy::document`). Empty in a stats file written
    /// before targets carried it.
    pub doc: String,
    /// Its section, labelled as the register labels them: "§14", "§(十一)", "二(一)", "附件1 一.2".
    pub section: String,
    pub binds: Binds,
    pub kind: TargetKind,
    /// The words of the document that set the target, quoted exactly (spaces as the file has
    /// them; 003 in its Traditional characters).
    pub quote: String,
    pub note: String,
}

impl Target {
    pub fn document(&self) -> Option<&'static Document> {
        policy::document(&self.doc)
    }

    /// Set by a consultation draft (001, 株洲's 征求意见稿): said wherever the target is shown.
    pub fn is_draft(&self) -> bool {
        self.document().is_some_and(|d| d.status == Status::Draft)
    }

    /// Whether it binds region `code`.
    pub fn binds_region(&self, code: u32) -> bool {
        self.binds.covers(code, self.region)
    }

    /// Where it applies, in words: "揭阳市", "广东省（全省合计）", "广东省·珠三角地区".
    pub fn scope_label(&self) -> String {
        match &self.binds {
            Binds::Group(g) => format!("{}·{}", self.region_name, g.label()),
            Binds::Prefix(p) if p.len() == 6 && self.region.is_multiple_of(100) => {
                let whole = if self.region.is_multiple_of(10000) { "全省合计" } else { "全市合计" };
                format!("{}（{whole}）", self.region_name)
            }
            _ => self.region_name.clone(),
        }
    }

    /// How it is cited: the document's short title and the section, with the draft status and
    /// the kind where it is not a binding rule ("株洲市行动计划 一（征求意见稿，目标）",
    /// "平顶山市实施方案 二（力争）"), as `policy::Provision::citation` cites provisions.
    /// The 政策文件 page and anchor of the paragraph that sets it ("policy/?doc=000#c2-s1").
    pub fn href(&self) -> Option<String> {
        self.document().map(|d| policy::cite_href(d, &self.section))
    }

    pub fn citation(&self) -> String {
        let mut s = match self.document() {
            Some(d) if self.section.is_empty() => d.short.to_string(),
            Some(d) => format!("{} {}", d.short, self.section),
            None => self.doc.clone(),
        };
        let mut notes: Vec<&str> = Vec::new();
        if self.is_draft() {
            notes.push(Status::Draft.label());
        }
        if self.kind != TargetKind::Binding {
            notes.push(self.kind.label());
        }
        if !notes.is_empty() {
            s.push_str(&format!("（{}）", notes.join("，")));
        }
        s
    }
}

/// One county as its published records describe it on the dataset's as-of date, computed by the
/// publishing tool so that county pages need no shard.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
    pub with_classes: u32,
    pub teachers: u32,
    pub teachers_college: u32,
    pub teachers_certified: u32,
    pub principals_trained: u32,
    pub principals_college: u32,
    /// Kindergartens whose record gives the principal's 学历 (the base of the 园长学历 share).
    /// This and the counts below are None in files written before they were kept.
    pub principals_reported: Option<u32>,
    /// 市级示范性 and 省级示范性 kindergartens (the grades of Hunan and Henan; 001 §17).
    pub model_city: Option<u32>,
    pub model_province: Option<u32>,
    /// Kindergartens by published 保教质量评估 result, in `Quality` order (优秀, 良好, 合格,
    /// 不合格); the rest published none.
    pub quality: Option<[u32; 4]>,
    /// Warning rule id ("W05") → kindergartens flagged by it (the public flags: only rules that
    /// bind the county).
    pub flagged: BTreeMap<String, u32>,
    /// Kindergartens whose name fails any naming rule's test (W00–W03), each counted once. This
    /// and the two counts below apply each rule's test in every county, whether or not the rule
    /// binds there (`check::check_everywhere`): the indicators describe every county (a target
    /// says where a figure is judged), so a county no rule binds does not read as compliant.
    pub name_flagged: u32,
    /// Kindergartens short of 两教一保 (W04's test). None in files written before it was kept:
    /// then `flagged["W04"]`, which was unscoped then.
    pub two_one_short: Option<u32>,
    /// Kindergartens whose record is stale after a staff change (W08's test); None as above.
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
            principals_reported: Some(0),
            model_city: Some(0),
            model_province: Some(0),
            quality: Some([0; 4]),
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
            count(&mut a.principals_reported, r.principal_education.is_some());
            count(&mut a.model_city, r.grade == Grade::CityModel);
            count(&mut a.model_province, r.grade == Grade::ProvinceModel);
            if let (Some(q), Some(counts)) = (r.quality, a.quality.as_mut()) {
                counts[q.code() as usize] += 1;
            }
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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StatsFile {
    pub counties: Vec<CountyYear>,
    pub aggregates: Vec<CountyAggregate>,
    pub targets: Vec<Target>,
    /// Names of the cities and provinces of the publication (counties carry their own).
    pub names: BTreeMap<u32, String>,
}

impl StatsFile {
    /// Reads `stats.json`, naming the field at fault ("stats.json 中 targets[3].value 缺失或不是数值").
    /// Never panics, whatever the bytes.
    ///
    /// Every reader of the file goes through here: the pages and widgets, and the publishing
    /// tool when it checks what it wrote. It reads with `crate::json` rather than serde: serde_json
    /// with the derived readers was 22 KB (brotli) of each widget that shows statistics. The
    /// file is written with serde (`Serialize`); a property test reads back what that writes.
    pub fn parse(bytes: &[u8]) -> Result<StatsFile, String> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| format!("stats.json 第 {} 字节起不是 UTF-8 文本", e.valid_up_to()))?;
        let v = crate::json::parse(text).map_err(|e| format!("stats.json 不是有效的 JSON：{e}"))?;
        read::stats(&v).map_err(|e| format!("stats.json 中 {e}"))
    }
}

mod read {
    use super::*;
    use crate::json::{FieldError, Obj, Value};

    fn county_year(c: &Obj) -> Result<CountyYear, FieldError> {
        Ok(CountyYear {
            county: c.uint("county")?,
            year: c.uint("year")?,
            age_3_5: c.uint("age_3_5")?,
            residents: c.uint("residents")?,
            enrolled: c.uint("enrolled")?,
            enrolled_public: c.uint("enrolled_public")?,
            enrolled_inclusive: c.uint("enrolled_inclusive")?,
            fiscal_preschool: c.f64("fiscal_preschool")?,
            fiscal_education: c.f64("fiscal_education")?,
            new_public_seats: c.uint("new_public_seats")?,
            supervision_passed: c.bool("supervision_passed")?,
            preschool_budget: c.opt_f64("preschool_budget")?,
            public_operating_funds: c.opt_f64("public_operating_funds")?,
            new_public_kg: c.opt_uint("new_public_kg")?,
            villages_4000: c.opt_uint("villages_4000")?,
            villages_4000_covered: c.opt_uint("villages_4000_covered")?,
        })
    }

    fn target(t: &Obj) -> Result<Target, FieldError> {
        let binds = t.opt_string("binds")?.unwrap_or_default();
        Ok(Target {
            region: t.uint("region")?,
            region_name: t.string("region_name")?,
            indicator: t.string("indicator")?,
            comparator: t.req("comparator", "“>=”“>”或“<=”", |v| {
                v.as_str().and_then(Comparator::parse)
            })?,
            value: t.f64("value")?,
            unit: t.string("unit")?,
            year: t.opt_uint("year")?,
            doc: t.opt_string("doc")?.unwrap_or_default(),
            section: t.opt_string("section")?.unwrap_or_default(),
            binds: Binds::try_from(binds)
                .map_err(|_| FieldError { path: t.path("binds"), want: "区划代码前缀或地区组" })?,
            kind: t.opt("kind", "目标类别", |v| v.as_str().and_then(TargetKind::parse))?.unwrap_or_default(),
            quote: t.string("quote")?,
            note: t.string("note")?,
        })
    }

    fn town(v: &Value) -> Option<(u32, String)> {
        match v {
            Value::Arr(pair) => match pair.as_slice() {
                [code, name] => Some((code.as_uint()?, name.as_str()?.to_string())),
                _ => None,
            },
            _ => None,
        }
    }

    fn aggregate(a: &Obj) -> Result<CountyAggregate, FieldError> {
        let quality = match a.items("quality", false)?.as_slice() {
            [] => None,
            items => {
                let counts = items.iter().map(|(_, v)| v.as_uint()).collect::<Option<Vec<u32>>>();
                let four = counts.and_then(|c| <[u32; 4]>::try_from(c).ok());
                Some(four.ok_or_else(|| FieldError { path: a.path("quality"), want: "4 个非负整数" })?)
            }
        };
        let flagged = a
            .entries("flagged")?
            .into_iter()
            .map(|(rule, at, v)| {
                Ok((rule.to_string(), v.as_uint().ok_or(FieldError { path: at, want: "非负整数" })?))
            })
            .collect::<Result<_, FieldError>>()?;
        let towns = a
            .items("towns_without_standard_public", true)?
            .into_iter()
            .map(|(at, v)| town(v).ok_or(FieldError { path: at, want: "[区划代码, 名称]" }))
            .collect::<Result<_, FieldError>>()?;
        Ok(CountyAggregate {
            county: a.uint("county")?,
            name: a.string("name")?,
            city: a.uint("city")?,
            kindergartens: a.uint("kindergartens")?,
            public_kg: a.uint("public_kg")?,
            inclusive_kg: a.uint("inclusive_kg")?,
            standardized_kg: a.uint("standardized_kg")?,
            children: a.uint("children")?,
            children_public: a.uint("children_public")?,
            children_inclusive: a.uint("children_inclusive")?,
            toddlers: a.uint("toddlers")?,
            seats: a.uint("seats")?,
            classes: a.uint("classes")?,
            with_classes: a.opt_uint("with_classes")?.unwrap_or_default(),
            teachers: a.uint("teachers")?,
            teachers_college: a.uint("teachers_college")?,
            teachers_certified: a.uint("teachers_certified")?,
            principals_trained: a.uint("principals_trained")?,
            principals_college: a.uint("principals_college")?,
            principals_reported: a.opt_uint("principals_reported")?,
            model_city: a.opt_uint("model_city")?,
            model_province: a.opt_uint("model_province")?,
            quality,
            flagged,
            name_flagged: a.opt_uint("name_flagged")?.unwrap_or_default(),
            two_one_short: a.opt_uint("two_one_short")?,
            stale: a.opt_uint("stale")?,
            towns: a.uint("towns")?,
            towns_without_standard_public: towns,
        })
    }

    pub(super) fn stats(v: &Value) -> Result<StatsFile, FieldError> {
        let o = Obj::new(v, String::new())?;
        let names = o
            .entries("names")?
            .into_iter()
            .map(|(code, at, v)| match (code.parse::<u32>(), v.as_str()) {
                (Ok(code), Some(name)) => Ok((code, name.to_string())),
                _ => Err(FieldError { path: at, want: "以区划代码为键的名称" }),
            })
            .collect::<Result<_, FieldError>>()?;
        Ok(StatsFile {
            counties: o.each("counties", true, county_year)?,
            aggregates: o.each("aggregates", false, aggregate)?,
            targets: o.each("targets", true, target)?,
            names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregates_by_hand() {
        use crate::model::{Grade, Nature};
        let mut a = crate::check::tests::good(); // 教育部门办, 市一级, 174 children, 12 teachers (11 college)
        a.town = 445202001;
        let mut b = crate::check::tests::good();
        b.nature = Nature::InclusivePrivate;
        b.grade = Grade::Unrated;
        b.town = 445202100;
        b.flags = Rule::ClassSize.flag() | Rule::FeeStale.flag();
        let mut c = crate::check::tests::good();
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
        assert_eq!((agg.principals_college, agg.principals_reported), (3, Some(3)));
        assert_eq!((agg.model_city, agg.model_province, agg.quality), (Some(0), Some(0), Some([0; 4])));
        let mut d = crate::check::tests::good();
        d.grade = Grade::CityModel;
        d.quality = Some(crate::model::Quality::Good);
        d.principal_education = None;
        let agg = CountyAggregate::from_records(430202, "荷塘区", 430200, &[&a, &d], &[], as_of);
        assert_eq!(
            (agg.principals_college, agg.principals_reported),
            (1, Some(1)),
            "unreported: not counted"
        );
        assert_eq!((agg.model_city, agg.quality), (Some(1), Some([0, 1, 0, 0])));
        let empty = CountyAggregate::from_records(445203, "揭东区", 445200, &[], &[], as_of);
        assert_eq!((empty.kindergartens, empty.children), (0, 0));
    }

    fn seed(d: &Document) -> String {
        let path = format!("{}/../../shared/seeds/{}", env!("CARGO_MANIFEST_DIR"), d.file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The groups are the cities 003 附件4 §7 names, in its order and number.
    #[test]
    fn groups_are_the_cities_their_paragraph_names() {
        let text = seed(Group::DOCUMENT);
        let (pearl, rest) = (Group::PearlRiverDelta.cities(), Group::EastWestNorth.cities());
        let list = |g: &[GroupCity]| g.iter().map(|c| c.written).collect::<Vec<_>>().join("、");
        let words = format!(
            "珠三角地區(包括{}{}市)和粵東粵西粵北地區(包括{}{}市)",
            list(pearl),
            pearl.len(),
            list(rest),
            rest.len()
        );
        assert!(text.contains(&words), "003 does not say: {words}");
        assert!(text.contains("7.根據推動基礎教育高質量發展的重點任務不同,將全省劃分為兩個考核區域"));
        assert_eq!((pearl.len(), rest.len()), (9, 12));
        // Every city of Guangdong is in exactly one group.
        let mut codes: Vec<u32> = pearl.iter().chain(rest).map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 21);
        assert!(codes.iter().all(|c| c / 10000 == 44 && c % 100 == 0));
        assert!(Group::PearlRiverDelta.contains(441900) && Group::PearlRiverDelta.contains(440106));
        assert!(Group::EastWestNorth.contains(445202) && !Group::EastWestNorth.contains(440000));
        assert!(!Group::PearlRiverDelta.contains(430202));
    }

    #[test]
    fn binds_prefixes_groups_and_own_totals() {
        let b = |s: &str| Binds::parse(s).unwrap();
        assert!(b("44").covers(441900, 440000) && b("44").covers(440000, 440000));
        assert!(!b("44").covers(430202, 440000));
        assert!(b("4452").covers(445202, 445200) && b("4452").covers(445200, 445200));
        assert!(!b("4452").covers(440000, 445200) && !b("4452").covers(445102, 445200));
        // A whole code: the region's own total, not its sub-regions.
        assert!(b("440000").covers(440000, 440000) && !b("440000").covers(445200, 440000));
        assert_eq!(b("珠三角"), Binds::Group(Group::PearlRiverDelta));
        assert!(b("粤东粤西粤北").covers(445281, 440000));
        assert!(Binds::parse("4").is_err() && Binds::parse("珠三角地区").is_err());
        assert_eq!(Binds::of_region(445200), b("4452"));
        assert_eq!(Binds::of_region(440000), b("44"));
        // Empty (an older stats file): the issuing region's scope.
        assert!(Binds::default().covers(445202, 445200) && !Binds::default().covers(440106, 445200));
        assert_eq!(serde_json::to_string(&b("粤东粤西粤北")).unwrap(), "\"粤东粤西粤北\"");
        assert!(b("440000").narrowness() > b("4452").narrowness());
        assert!(
            b("4452").narrowness() > b("珠三角").narrowness()
                && b("珠三角").narrowness() > b("44").narrowness()
        );
    }

    /// A stats file written before targets carried their scope still reads (the live
    /// publication is read before it is replaced).
    #[test]
    fn older_files_still_read() {
        let old = r#"{"counties":[{"county":445202,"year":2025,"age_3_5":1,"residents":1,"enrolled":1,
            "enrolled_public":1,"enrolled_inclusive":1,"fiscal_preschool":1.0,"fiscal_education":1.0,
            "new_public_seats":1,"supervision_passed":false}],
            "targets":[{"region":445200,"region_name":"揭阳市","indicator":"public_share","comparator":">=",
            "value":50.0,"unit":"%","year":2025,"source":"000_7f3ab3d96cb7305e.txt","quote":"公办","note":""}]}"#;
        let st = StatsFile::parse(old.as_bytes()).unwrap();
        let t = &st.targets[0];
        assert_eq!((t.doc.as_str(), t.kind, &t.binds), ("", TargetKind::Target, &Binds::default()));
        assert!(t.binds_region(445202) && !t.binds_region(440106));
        let y = &st.counties[0];
        assert_eq!((y.preschool_budget, y.villages_4000), (None, None));
        assert!(st.aggregates.is_empty() && st.names.is_empty());
        assert_eq!(StatsFile::parse(&serde_json::to_vec(&st).unwrap()).unwrap(), st);
    }

    #[test]
    fn names_the_field_at_fault() {
        let mut v = serde_json::to_value(sample(&[7; 40], &[85.0; 6], &["x".into()], 1 << 23)).unwrap();
        let cases: &[(&str, serde_json::Value, &str)] = &[
            ("/targets/0/value", serde_json::json!("85"), "targets[0].value 缺失或不是数值"),
            ("/targets/0/comparator", serde_json::json!("=="), "targets[0].comparator"),
            ("/targets/0/binds", serde_json::json!("粤北"), "targets[0].binds"),
            ("/counties/0/year", serde_json::json!(70000), "counties[0].year 缺失或不是范围内的非负整数"),
            ("/counties/0/supervision_passed", serde_json::Value::Null, "counties[0].supervision_passed"),
            ("/aggregates/0/quality", serde_json::json!([1, 2, 3]), "aggregates[0].quality"),
            ("/aggregates/0/flagged", serde_json::json!({"W05": -1}), "aggregates[0].flagged.W05"),
            (
                "/aggregates/0/towns_without_standard_public/0",
                serde_json::json!([1]),
                "towns_without_standard_public[0]",
            ),
            ("/names", serde_json::json!({"广州": "广州市"}), "names.广州"),
        ];
        for (pointer, value, says) in cases {
            let good = v.pointer(pointer).unwrap().clone();
            *v.pointer_mut(pointer).unwrap() = value.clone();
            let err = StatsFile::parse(&serde_json::to_vec(&v).unwrap()).unwrap_err();
            assert!(err.starts_with("stats.json 中 ") && err.contains(says), "{pointer}: {err}");
            *v.pointer_mut(pointer).unwrap() = good;
        }
        assert!(StatsFile::parse(&serde_json::to_vec(&v).unwrap()).is_ok());
        assert!(StatsFile::parse(b"{\"counties\": [").unwrap_err().contains("第 1 行"));
        assert!(StatsFile::parse(b"[]").unwrap_err().contains("对象"));
        assert!(StatsFile::parse(&[0xff, 0xfe]).unwrap_err().contains("UTF-8"));
    }

    /// A stats file with every field set from the given values: optional fields present or not
    /// by the bits of `bits`, the enums and scopes picked by them too.
    fn sample(ints: &[u32], floats: &[f64], texts: &[String], bits: u64) -> StatsFile {
        let int = |i: usize| ints[i % ints.len()];
        let float = |i: usize| floats[i % floats.len()];
        let text = |i: usize| texts[i % texts.len()].clone();
        let on = |i: u32| bits >> i & 1 == 1;
        let opt = |i: u32, v: u32| on(i).then_some(v);
        let pick = |i: u32, n: u64| ((bits >> i) % n) as usize;
        let county = CountyYear {
            county: int(0),
            year: int(1) as u16,
            age_3_5: int(2),
            residents: int(3),
            enrolled: int(4),
            enrolled_public: int(5),
            enrolled_inclusive: int(6),
            fiscal_preschool: float(0),
            fiscal_education: float(1),
            new_public_seats: int(7),
            supervision_passed: on(0),
            preschool_budget: on(1).then(|| float(2)),
            public_operating_funds: on(2).then(|| float(3)),
            new_public_kg: opt(3, int(8)),
            villages_4000: opt(4, int(9)),
            villages_4000_covered: opt(5, int(10)),
        };
        let binds = ["", "44", "4452", "445202", "珠三角", "粤东粤西粤北"][pick(6, 6)];
        let target = Target {
            region: int(11),
            region_name: text(0),
            indicator: text(1),
            comparator: [Comparator::AtLeast, Comparator::MoreThan, Comparator::AtMost][pick(9, 3)],
            value: float(4),
            unit: text(2),
            year: on(11).then(|| int(12) as u16),
            doc: text(3),
            section: text(4),
            binds: Binds::try_from(binds.to_string()).unwrap(),
            kind: TargetKind::ALL[pick(12, 5)],
            quote: text(5),
            note: text(6),
        };
        let aggregate = CountyAggregate {
            county: int(13),
            name: text(7),
            city: int(14),
            kindergartens: int(15),
            public_kg: int(16),
            inclusive_kg: int(17),
            standardized_kg: int(18),
            children: int(19),
            children_public: int(20),
            children_inclusive: int(21),
            toddlers: int(22),
            seats: int(23),
            classes: int(24),
            with_classes: int(25),
            teachers: int(26),
            teachers_college: int(27),
            teachers_certified: int(28),
            principals_trained: int(29),
            principals_college: int(30),
            principals_reported: opt(15, int(31)),
            model_city: opt(16, int(32)),
            model_province: opt(17, int(33)),
            quality: on(18).then(|| [int(34), int(35), int(36), int(37)]),
            flagged: (0..pick(19, 3)).map(|i| (text(i + 8), int(38 + i))).collect(),
            name_flagged: int(39),
            two_one_short: opt(21, int(0)),
            stale: opt(22, int(1)),
            towns: int(2),
            towns_without_standard_public: (0..pick(23, 3)).map(|i| (int(i), text(i + 9))).collect(),
        };
        let names = (0..pick(25, 3)).map(|i| (int(i + 3), text(i + 11))).collect();
        StatsFile { counties: vec![county], aggregates: vec![aggregate], targets: vec![target], names }
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// What serde writes, `StatsFile::parse` reads back: every field, any integer, any text.
        #[test]
        fn reads_back_what_serde_writes(
            ints in proptest::collection::vec(proptest::num::u32::ANY, 40),
            // Figures as sheets carry them: up to 15 significant digits (`json::Value::as_f64`).
            floats in proptest::collection::vec((0u64..1_000_000_000_000_000, -8i32..=8, proptest::bool::ANY)
                .prop_map(|(m, e, neg): (u64, i32, bool)| format!("{}{m}e{e}", if neg { "-" } else { "" }).parse::<f64>().unwrap()), 6),
            texts in proptest::collection::vec(".*", 14),
            bits in proptest::num::u64::ANY,
        ) {
            let st = sample(&ints, &floats, &texts, bits);
            let json = serde_json::to_vec(&st).unwrap();
            proptest::prop_assert_eq!(StatsFile::parse(&json).unwrap(), st.clone());
            let pretty = serde_json::to_vec_pretty(&st).unwrap();
            proptest::prop_assert_eq!(StatsFile::parse(&pretty).unwrap(), st);
        }
    }

    #[test]
    fn comparators() {
        assert!(Comparator::MoreThan.met(30.1, 30.0) && !Comparator::MoreThan.met(30.0, 30.0));
        assert!(Comparator::AtMost.met(0.0, 0.0) && !Comparator::AtMost.met(1.0, 0.0));
        assert_eq!(Comparator::parse("≥"), Some(Comparator::AtLeast));
        assert_eq!(Comparator::parse("=="), None);
    }
}
