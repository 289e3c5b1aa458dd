//! The published record of one kindergarten, and the code lists its fields take values from.
//! Field meanings follow the policy documents digested in `../shared/policy.md` (§1).
//! Derived facts (公办, 普惠, 托班 offered, totals) are methods, never stored twice.

use crate::{date::Date, geo::MultiPolygon, geo::Point};
use serde::{Deserialize, Serialize};

/// Declares a code list: an enum with its Chinese labels (the first is canonical, the others
/// are accepted aliases when importing) and a stable byte code for the shards.
macro_rules! code_list {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal => [$($label:literal),+]),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[repr(u8)]
        pub enum $name { $($(#[$vm])* $v = $code),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The canonical Chinese label.
            pub fn label(self) -> &'static str {
                match self { $($name::$v => [$($label),+][0]),+ }
            }

            /// Every label this value is written as (canonical first).
            pub fn labels(self) -> &'static [&'static str] {
                match self { $($name::$v => &[$($label),+]),+ }
            }

            /// Reads a label, ignoring surrounding white space.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $( if [$($label),+].contains(&s) { return Some($name::$v); } )+
                None
            }

            pub fn code(self) -> u8 { self as u8 }

            pub fn from_code(c: u8) -> Option<$name> {
                match c { $($code => Some($name::$v),)+ _ => None }
            }

            /// The canonical labels joined for messages and the template, e.g. "公办、民办".
            pub fn allowed() -> String {
                Self::ALL.iter().map(|v| v.label()).collect::<Vec<_>>().join("、")
            }
        }
    };
}

code_list! {
    /// 性质 (举办者类型). 公办 = the first six; 普惠 = 公办 + 普惠性民办.
    Nature {
        EduDept = 0 => ["教育部门办", "教育部门"],
        OtherDept = 1 => ["其他部门办", "其他部门", "街道办"],
        PublicInstitution = 2 => ["事业单位办", "事业单位"],
        StateEnterprise = 3 => ["国有企业办", "国有企业", "国企办"],
        Collective = 4 => ["集体办", "村集体办", "集体"],
        Military = 5 => ["部队办", "军队办", "部队"],
        InclusivePrivate = 6 => ["普惠性民办", "普惠民办", "民办普惠"],
        NonProfitPrivate = 7 => ["非营利性民办", "非营利民办"],
        ForProfitPrivate = 8 => ["营利性民办", "营利民办"],
    }
}

/// The three groups maps and charts colour by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NatureGroup {
    Public,
    InclusivePrivate,
    OtherPrivate,
}

impl Nature {
    pub fn is_public(self) -> bool {
        self.code() <= Nature::Military.code()
    }

    /// 普惠性幼儿园: 公办 or 普惠性民办.
    pub fn is_inclusive(self) -> bool {
        self.is_public() || self == Nature::InclusivePrivate
    }

    pub fn group(self) -> NatureGroup {
        match self {
            n if n.is_public() => NatureGroup::Public,
            Nature::InclusivePrivate => NatureGroup::InclusivePrivate,
            _ => NatureGroup::OtherPrivate,
        }
    }
}

code_list! {
    /// 等级. Guangdong grades 省一级/市一级/县区一级/规范化; other provinces name 示范性 levels.
    Grade {
        Province1 = 0 => ["省一级", "省一级幼儿园"],
        City1 = 1 => ["市一级", "市一级幼儿园"],
        County1 = 2 => ["县区一级", "区一级", "县一级", "县（区）一级"],
        ProvinceModel = 3 => ["省级示范性", "省级示范", "省示范性幼儿园"],
        CityModel = 4 => ["市级示范性", "市级示范", "市示范性幼儿园"],
        CountyModel = 5 => ["县级示范性", "县级示范", "县示范性幼儿园"],
        Standard = 6 => ["规范化", "规范化幼儿园"],
        Unrated = 7 => ["未评级", "无", "未评定"],
    }
}

impl Grade {
    /// Every graded kindergarten meets 规范化 (a 一级 or 示范性 kindergarten is 规范化 and more).
    pub fn is_standardized(self) -> bool {
        self != Grade::Unrated
    }

    /// Higher is better; for sorting by grade.
    pub fn rank(self) -> u8 {
        match self {
            Grade::Province1 | Grade::ProvinceModel => 4,
            Grade::City1 | Grade::CityModel => 3,
            Grade::County1 | Grade::CountyModel => 2,
            Grade::Standard => 1,
            Grade::Unrated => 0,
        }
    }
}

code_list! {
    /// 保教质量评估结果.
    Quality {
        Excellent = 0 => ["优秀", "A"],
        Good = 1 => ["良好", "B"],
        Pass = 2 => ["合格", "C"],
        Fail = 3 => ["不合格", "D"],
    }
}

code_list! {
    /// 园长最高学历.
    Education {
        Postgraduate = 0 => ["研究生", "硕士", "博士", "研究生及以上"],
        Bachelor = 1 => ["本科", "大学本科"],
        Associate = 2 => ["专科", "大专", "大学专科"],
        Secondary = 3 => ["高中及以下", "中专", "高中", "中专及以下", "高中/中专及以下"],
    }
}

impl Education {
    /// 专科以上 (the qualification 003 asks of every 园长).
    pub fn is_college(self) -> bool {
        self != Education::Secondary
    }
}

code_list! {
    /// 食品安全等级 (量化分级). 001 §12 asks for B or above.
    FoodSafety {
        A = 0 => ["A", "A级", "优秀"],
        B = 1 => ["B", "B级", "良好"],
        C = 2 => ["C", "C级", "一般"],
        Unrated = 3 => ["未评定", "无", "未评级"],
    }
}

code_list! {
    /// 班级类型 and their size limits.
    ClassType {
        Toddler = 0 => ["托班"],
        Small = 1 => ["小班"],
        Middle = 2 => ["中班"],
        Large = 3 => ["大班"],
        Mixed = 4 => ["混龄班", "混龄"],
    }
}

impl ClassType {
    /// Largest class allowed: 《幼儿园工作规程》 小班 25, 中班 30, 大班 35, 混龄 30;
    /// 托班 (2–3 岁) 20 per 《托育机构设置标准（试行）》.
    pub fn limit(self) -> u16 {
        match self {
            ClassType::Toddler => 20,
            ClassType::Small => 25,
            ClassType::Middle => 30,
            ClassType::Large => 35,
            ClassType::Mixed => 30,
        }
    }
}

/// Classes and children of one class type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCount {
    pub classes: u16,
    pub children: u16,
}

impl ClassCount {
    /// Average children per class, if there are classes.
    pub fn average(self) -> Option<f64> {
        (self.classes > 0).then(|| self.children as f64 / self.classes as f64)
    }
}

/// 教职工配备.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staffing {
    /// 教职工总数.
    pub total: u16,
    /// 专任教师.
    pub teachers: u16,
    /// 专任教师中大专及以上学历.
    pub teachers_college: u16,
    /// 专任教师中持教师资格证.
    pub teachers_certified: u16,
    /// 保育员.
    pub nurses: u16,
    /// 卫生保健人员.
    pub health: u16,
}

/// 收费.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fees {
    /// 保教费, 元/生/月.
    pub care: u32,
    /// 住宿费, 元/生/月 (None: no boarding).
    pub boarding: Option<u32>,
    /// 伙食费, 元/生/月.
    pub meals: Option<u32>,
    /// 收费批准文号.
    pub approval: String,
    /// The current fee standard took effect on.
    pub effective: Option<Date>,
    /// The previous fee standard took effect on (for the 3–5 year adjustment rule).
    pub previous: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The key: 统一社会信用代码 if known, else 办学许可证号.
    pub id: String,
    pub uscc: Option<String>,
    pub licence: Option<String>,
    /// The approved name.
    pub name: String,
    /// County adcode (6 digits).
    pub county: u32,
    /// 乡镇/街道 code (9 digits).
    pub town: u32,
    pub address: String,
    /// GCJ-02.
    pub location: Point,
    pub nature: Nature,
    /// 开办时间.
    pub founded: Option<Date>,
    pub grade: Grade,
    pub grade_year: Option<u16>,
    /// 乡镇（街道）中心幼儿园.
    pub center: bool,
    pub quality: Option<Quality>,
    pub quality_year: Option<u16>,
    pub fees: Fees,
    pub staff: Staffing,
    pub principal_education: Option<Education>,
    /// 园长任职资格培训合格; None: 未填报 (a blank cell is never read as 否).
    pub principal_trained: Option<bool>,
    /// Indexed by `ClassType as usize`.
    pub classes: [ClassCount; 5],
    /// 核定学位数.
    pub seats: u16,
    /// 接收残疾儿童随班就读; None: 未填报.
    pub inclusion: Option<bool>,
    /// 设有资源教室; None: 未填报.
    pub resource_room: Option<bool>,
    /// None: 未填报 (distinct from an explicit 未评定).
    pub food_safety: Option<FoodSafety>,
    /// 服务区: the 社区/村 codes (12 digits) this kindergarten admits from.
    pub zone: Vec<u64>,
    /// 服务区范围, when the bureau drew one (GCJ-02).
    pub zone_polygon: Option<MultiPolygon>,
    pub phone: String,
    /// http(s) only.
    pub website: Option<String>,
    /// 信息更新日期.
    pub updated: Date,
    /// 园长或专任教师最近变更日期.
    pub staff_changed: Option<Date>,
    /// The 公示 document or notice this record comes from.
    pub provenance: String,
    /// Warning rules this record trips (bit i = `rules::Rule` with code i), set by the validator.
    pub flags: u32,
}

impl Record {
    pub fn class(&self, t: ClassType) -> ClassCount {
        self.classes[t as usize]
    }

    pub fn total_classes(&self) -> u32 {
        self.classes.iter().map(|c| c.classes as u32).sum()
    }

    /// 在园幼儿 (3–6 岁, excluding 托班).
    pub fn children(&self) -> u32 {
        self.classes[1..].iter().map(|c| c.children as u32).sum()
    }

    pub fn toddlers(&self) -> u32 {
        self.classes[0].children as u32
    }

    /// Every child enrolled, 托班 included: what the seats (核定学位) are compared with.
    pub fn enrolled(&self) -> u32 {
        self.children() + self.toddlers()
    }

    /// Offers 托班 (2–3 岁): derived from the class counts, never typed separately.
    pub fn offers_toddler(&self) -> bool {
        self.classes[0].classes > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nature_derivations() {
        assert!(Nature::EduDept.is_public() && Nature::Military.is_public());
        assert!(!Nature::InclusivePrivate.is_public());
        assert!(Nature::InclusivePrivate.is_inclusive());
        assert!(!Nature::NonProfitPrivate.is_inclusive());
        assert!(!Nature::ForProfitPrivate.is_inclusive());
        assert_eq!(Nature::parse(" 军队办 "), Some(Nature::Military));
        assert_eq!(Nature::parse("公办"), None, "公办 is derived, not a nature");
        assert_eq!(Nature::ALL.len(), 9);
        for n in Nature::ALL {
            assert_eq!(Nature::from_code(n.code()), Some(*n));
            assert_eq!(Nature::parse(n.label()), Some(*n));
        }
    }

    #[test]
    fn grades_and_limits() {
        assert!(Grade::Standard.is_standardized());
        assert!(!Grade::Unrated.is_standardized());
        assert!(Grade::Province1.rank() > Grade::County1.rank());
        assert_eq!(Grade::parse("区一级"), Some(Grade::County1));
        assert_eq!(ClassType::Large.limit(), 35);
        assert_eq!(ClassCount { classes: 2, children: 61 }.average(), Some(30.5));
        assert_eq!(ClassCount::default().average(), None);
        assert!(Nature::allowed().starts_with("教育部门办、其他部门办"));
    }
}
