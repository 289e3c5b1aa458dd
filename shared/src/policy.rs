//! The policy register: the documents the portal checks records against, and for each
//! record-level rule (the warnings W00–W13 of `rules`) the document and section that set it,
//! its words, the regions it binds and how strongly it binds them.
//!
//! This is data, reviewed like code. The seeds (`../shared/seeds/`) are the final word: every
//! quote below is copied from its seed file character for character (003 in its Traditional
//! characters) and a test checks it there. `../shared/policy.md` §2 and §5 set the principles:
//! a rule binds only the region whose document sets it and that region's sub-regions; 探索、鼓励、
//! 力争 mark encouragements and aims, not rules; what the documents do not say is not claimed.
//!
//! `check::check_policy` checks a record only against the provisions that bind its county, and
//! a finding cites only those (`Rule::sources_for`).

use crate::rules::Rule;

/// Whether a document is in force or still a consultation draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Adopted,
    /// 征求意见稿: said wherever the document is cited.
    Draft,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Adopted => "已印发",
            Status::Draft => "征求意见稿",
        }
    }
}

/// One of the bundled policy documents (a seed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Document {
    /// "000" … "004", the seed file's prefix.
    pub id: &'static str,
    /// The title as the text gives it (in Simplified characters).
    pub title: &'static str,
    /// How findings cite it ("揭阳市行动计划 §14").
    pub short: &'static str,
    /// The issuing body, where the text names it.
    pub issuer: Option<&'static str>,
    /// 发文字号, where the text gives one.
    pub number: Option<&'static str>,
    /// The issuing region's adcode.
    pub region: u32,
    pub region_name: &'static str,
    /// 成文日期 (YYYY-MM-DD), where the text gives one.
    pub date: Option<&'static str>,
    pub status: Status,
    /// The seed file in `../shared/seeds/`, bundled as `public/policy/<file>`.
    pub file: &'static str,
    /// SHA-256 of the file, checked by the 政策文件 page before it shows the text.
    pub sha256: &'static str,
    /// A second document the seed file carries after this one (a 县域普通高中 plan issued with
    /// the preschool plan): shown as such on the page, never cited.
    pub appended: Option<Appended>,
}

/// A document a seed file carries after the cited one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appended {
    /// The line it begins with, as the file writes it (spaces aside).
    pub line: &'static str,
    pub title: &'static str,
}

impl Document {
    /// The headings of the document's text (the seed file's contents).
    pub fn outline(&self, text: &str) -> crate::outline::Outline {
        crate::outline::Outline::of(text, self.appended.map(|a| a.line))
    }

    /// The 政策文件 page of the document, relative to the site's base, at a section's anchor
    /// if one is given: "policy/?doc=000#c3-s5-i14".
    pub fn href(&self, anchor: Option<&str>) -> String {
        self.link(anchor).href(crate::params::Lang::Hans)
    }

    pub fn link(&self, anchor: Option<&str>) -> crate::links::Link {
        crate::links::Link::Policy { doc: self.id.to_string(), anchor: anchor.map(str::to_string) }
    }
}

impl Document {
    /// The adcode prefix of the issuing region and its sub-regions: 440000 → "44",
    /// 445200 → "4452" (trailing pairs of zeros dropped).
    pub fn scope(&self) -> String {
        let mut s = format!("{:06}", self.region);
        while s.len() > 2 && s.ends_with("00") {
            s.truncate(s.len() - 2);
        }
        s
    }
}

pub const JIEYANG: Document = Document {
    id: "000",
    title: "揭阳市学前教育发展提升行动计划",
    short: "揭阳市行动计划",
    issuer: None,
    number: None,
    region: 445200,
    region_name: "揭阳市",
    date: None,
    status: Status::Adopted,
    file: "000_7f3ab3d96cb7305e.txt",
    sha256: "8ceaf47e6d32a78708ac436cc035f500e5a92cf0fe9dfbcb511eeb246d0fad0b",
    appended: Some(Appended {
        line: "揭阳市县域普通高中发展提升行动计划",
        title: "揭阳市县域普通高中发展提升行动计划",
    }),
};

pub const ZHUZHOU: Document = Document {
    id: "001",
    title: "株洲市学前教育发展提升行动计划（2023－2025年）",
    short: "株洲市行动计划",
    issuer: None,
    number: None,
    region: 430200,
    region_name: "株洲市",
    date: None,
    status: Status::Draft,
    file: "001_ccd7170f247a446e.txt",
    sha256: "1555fa8bf90bcd3347dc78a7b4c3365df28f81a8ebffe22f5b7921ac7c012c60",
    appended: Some(Appended {
        line: "株洲市县域普通高中发展提升行动计划",
        title: "株洲市县域普通高中发展提升行动计划（2023－2025年）（征求意见稿）",
    }),
};

pub const GUANGDONG: Document = Document {
    id: "002",
    title: "广东省“十四五”学前教育发展提升行动计划",
    short: "广东省“十四五”行动计划",
    issuer: None,
    number: None,
    region: 440000,
    region_name: "广东省",
    date: None,
    status: Status::Adopted,
    file: "002_12ba81a7b3b67171.txt",
    sha256: "0364c563ff613c35a876ea97086fdeb9e0b48b090e0f0661cfdc765ac83ac94a",
    appended: Some(Appended {
        line: "广东省“十四五”县域普通高中发展提升",
        title: "广东省“十四五”县域普通高中发展提升行动计划",
    }),
};

pub const GUANGDONG_BASIC: Document = Document {
    id: "003",
    title: "广东省推动基础教育高质量发展行动方案",
    short: "广东省推动基础教育高质量发展行动方案",
    issuer: Some("广东省人民政府"),
    number: Some("粤府〔2021〕55号"),
    region: 440000,
    region_name: "广东省",
    date: Some("2021-08-16"),
    status: Status::Adopted,
    file: "003_ae7b5f444ce16081.txt",
    sha256: "c8683df5c061463690487473bc7b4da83a31575d47f19df8cea15c678b83db3e",
    appended: None,
};

pub const PINGDINGSHAN: Document = Document {
    id: "004",
    title: "平顶山市新时代基础教育扩优提质行动计划实施方案",
    short: "平顶山市实施方案",
    issuer: Some("平顶山市教育体育局、平顶山市发展和改革委员会、平顶山市财政局"),
    number: Some("平教体基〔2024〕35号"),
    region: 410400,
    region_name: "平顶山市",
    // Signed 2024-08-22; the page gives 发布日期 2024-08-23.
    date: Some("2024-08-22"),
    status: Status::Adopted,
    file: "004_30c7ead1cea38f01.txt",
    sha256: "fe65669668fd1c8a5edd0ba01e1087679596684e4ff572d0c7429306b863c303",
    appended: None,
};

/// The five seeds, in id order.
pub const DOCUMENTS: [Document; 5] = [JIEYANG, ZHUZHOU, GUANGDONG, GUANGDONG_BASIC, PINGDINGSHAN];

/// A national regulation a rule relies on that is not among the seeds (policy.md §5: the class
/// sizes come from 《幼儿园工作规程》, which the seeds do not contain). Cited by name, labelled as
/// such, and binding everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outside {
    /// With its book-title marks: "《幼儿园工作规程》".
    pub title: &'static str,
    pub issuer: &'static str,
}

pub const WORK_RULES: Outside = Outside { title: "《幼儿园工作规程》", issuer: "教育部" };
pub const CHILDCARE_STANDARD: Outside =
    Outside { title: "《托育机构设置标准（试行）》", issuer: "国家卫生健康委" };

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Seed(&'static Document),
    Outside(&'static Outside),
}

/// How strongly a provision binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A requirement (要、应、严格落实、不得).
    Binding,
    /// A dated target (到2025年…达到).
    Target,
    /// An aim (力争).
    Aim,
    /// An encouragement (探索、鼓励): never a public flag.
    Encouragement,
    /// A national regulation outside the seeds.
    OutsideStandard,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Binding => "约束性要求",
            Kind::Target => "目标",
            Kind::Aim => "力争",
            Kind::Encouragement => "鼓励探索",
            Kind::OutsideStandard => "国家规定",
        }
    }
}

/// Every fixed string the 政策文件 pages show beside the seeds' own words (titles, issuers, numbers,
/// regions, kinds), for the publication's Traditional map: the quotes stay as the seeds give them.
pub fn texts() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for d in DOCUMENTS {
        v.extend([Some(d.title), Some(d.region_name), d.issuer, d.number].into_iter().flatten());
        v.extend(d.appended.map(|a| a.title));
    }
    for o in [WORK_RULES, CHILDCARE_STANDARD] {
        v.extend([o.title, o.issuer]);
    }
    for k in [Kind::Binding, Kind::Target, Kind::Aim, Kind::Encouragement, Kind::OutsideStandard] {
        v.push(k.label());
    }
    v
}

/// Which part of a rule a provision sets, for a rule whose parts come from different regions
/// (W10: Guangdong sets the principal's 学历, 株洲 the 任职培训).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Whole,
    PrincipalEducation,
    PrincipalTraining,
}

/// One document's words setting (part of) a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provision {
    pub origin: Origin,
    /// "§14", "§(十三)", "附件1 一.2"; "" when the whole document is meant.
    pub section: &'static str,
    /// Copied exactly from the seed (spaces and punctuation as the file has them). For an
    /// outside regulation: its words, not checked here.
    pub quote: &'static str,
    /// The adcode prefix of the counties bound: the issuing region's (`Document::scope`); ""
    /// for a national regulation.
    pub binds: &'static str,
    pub kind: Kind,
    pub part: Part,
}

impl Provision {
    pub fn binds_county(&self, county: u32) -> bool {
        format!("{county:06}").starts_with(self.binds)
    }

    /// How a finding cites it: "揭阳市行动计划 §14", "株洲市行动计划 §6（征求意见稿，目标）",
    /// "《幼儿园工作规程》第十一条（国家规定）".
    pub fn citation(&self) -> String {
        let (mut s, mut notes) = match self.origin {
            Origin::Seed(d) => {
                let s = if self.section.is_empty() {
                    d.short.to_string()
                } else {
                    format!("{} {}", d.short, self.section)
                };
                (s, if d.status == Status::Draft { vec![d.status.label()] } else { vec![] })
            }
            Origin::Outside(o) => (format!("{}{}", o.title, self.section), vec![]),
        };
        if self.kind != Kind::Binding {
            notes.push(self.kind.label());
        }
        if !notes.is_empty() {
            s.push_str(&format!("（{}）", notes.join("，")));
        }
        s
    }
}

/// A record-level rule and the provisions that set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub rule: Rule,
    /// Empty: the rule is a data check no document sets (report-only, `Severity::Note`), and it
    /// applies everywhere.
    pub provisions: &'static [Provision],
}

impl Entry {
    /// The provisions binding a county.
    pub fn binding(&self, county: u32) -> impl Iterator<Item = &'static Provision> + 'static {
        self.provisions.iter().filter(move |p| p.binds_county(county))
    }

    /// Whether (a part of) the rule applies to a record of the county.
    pub fn applies(&self, part: Part, county: u32) -> bool {
        self.provisions.is_empty() || self.binding(county).any(|p| p.part == part)
    }
}

impl Rule {
    /// Whether the rule can fire for a record of the county: a provision of the register binds
    /// the county. Rules no document sets (the data rules, the report-only W12) apply everywhere.
    pub fn applies_to(self, county: u32) -> bool {
        entry(self).is_none_or(|e| e.provisions.is_empty() || e.binding(county).next().is_some())
    }

    /// What a finding for a record of the county cites: the provisions binding the county only,
    /// e.g. W00 in 榕城区 "揭阳市行动计划 §14；广东省“十四五”行动计划 §(十三)", in 芦淞区
    /// "株洲市行动计划 §15（征求意见稿）". `source()` for rules no document sets; "" where the
    /// rule does not apply.
    pub fn sources_for(self, county: u32) -> String {
        match entry(self) {
            Some(e) if !e.provisions.is_empty() => {
                self.citations_for(county).into_iter().map(|(c, _)| c).collect::<Vec<_>>().join("；")
            }
            _ => self.source().to_string(),
        }
    }

    /// Every citation of the rule, in all regions, as links (the general form of
    /// `citations_for`); `source()` as plain text for rules no document sets.
    pub fn citations(self) -> Vec<(String, Option<String>)> {
        let mut cited = links_of(entry(self).into_iter().flat_map(|e| e.provisions));
        if cited.is_empty() && !self.source().is_empty() {
            cited.push((self.source().to_string(), None));
        }
        cited
    }

    /// `sources_for` as links: each citation binding the county with the 政策文件 page and anchor
    /// it points to (None for a national regulation, cited by name). Empty for rules no document
    /// sets.
    pub fn citations_for(self, county: u32) -> Vec<(String, Option<String>)> {
        links_of(entry(self).into_iter().flat_map(|e| e.binding(county)))
    }
}

/// Provisions as (citation, link), each citation once, in order.
fn links_of<'a>(provisions: impl Iterator<Item = &'a Provision>) -> Vec<(String, Option<String>)> {
    let mut cited: Vec<(String, Option<String>)> = Vec::new();
    for p in provisions {
        let c = p.citation();
        if !cited.iter().any(|(x, _)| *x == c) {
            cited.push((c, p.href()));
        }
    }
    cited
}

const fn seed(
    d: &'static Document,
    section: &'static str,
    binds: &'static str,
    kind: Kind,
    quote: &'static str,
) -> Provision {
    Provision { origin: Origin::Seed(d), section, quote, binds, kind, part: Part::Whole }
}

const fn part(p: Provision, part: Part) -> Provision {
    Provision { part, ..p }
}

use Kind::*;

/// W00–W13, in rule order.
pub const REGISTER: &[Entry] = &[
    // Names (000 §14, 001 §15, 002 §(十三)): each lists the four faults in one sentence. 004 §4
    // asks only that the name match the approved one (`NOT_CHECKED`), so no name rule binds 平顶山.
    Entry {
        rule: Rule::NameForbiddenWord,
        provisions: &[
            seed(&JIEYANG, "§14", "4452", Binding, "各地要按要求开展幼儿园名称规范清理行动，对冠以“中国”“中华”“全国”“国际”“世界”“全球”等字样"),
            seed(&ZHUZHOU, "§15", "4302", Binding, "进一步清理规范幼儿园名称。对冠以“中国”“中华”“全国”“国际”“世界”“全球”等字样"),
            seed(&GUANGDONG, "§(十三)", "44", Binding, "各地要按要求开展幼儿园名称规范清理行动，对冠以“中国”“中华”“全国”“国际”“世界”“全球”等字样"),
        ],
    },
    Entry {
        rule: Rule::NameForeign,
        provisions: &[
            seed(&JIEYANG, "§14", "4452", Binding, "包含外语词、外国国名、地名"),
            seed(&ZHUZHOU, "§15", "4302", Binding, "包含外语词、外国国名、地名"),
            seed(&GUANGDONG, "§(十三)", "44", Binding, "包含外语词、外国国名、地名"),
        ],
    },
    Entry {
        rule: Rule::NameMisleading,
        provisions: &[
            seed(&JIEYANG, "§14", "4452", Binding, "使用“双语”“艺术”“国学”“私塾”等片面强调课程特色或带有宗教色彩的名称"),
            seed(&ZHUZHOU, "§15", "4302", Binding, "使用“双语”“艺术”“国学”“私塾”等片面强调课程特色和带有宗教色彩的名称"),
            seed(&GUANGDONG, "§(十三)", "44", Binding, "使用“双语”“艺术”“国学”“私塾”等片面强调课程特色或带有宗教色彩的名称"),
        ],
    },
    Entry {
        rule: Rule::NamePublicCopy,
        provisions: &[
            seed(&JIEYANG, "§14", "4452", Binding, "以及民办幼儿园使用公办学校名称或简称等进行清理整治"),
            seed(&ZHUZHOU, "§15", "4302", Binding, "以及民办幼儿园使用公办学校名称或简称等进行清理整治"),
            seed(&GUANGDONG, "§(十三)", "44", Binding, "以及民办幼儿园使用公办学校名称或简称等进行清理整治"),
        ],
    },
    Entry {
        rule: Rule::TwoTeachersOneNurse,
        provisions: &[seed(&ZHUZHOU, "§7", "4302", Binding, "落实每班“两教一保”的人员配备标准")],
    },
    // Class sizes: the seeds only ask to eliminate 大班额 (000 §12, 001 §2, 002 §(十); see
    // `NOT_CHECKED`) and set no size. The limits are the national 《幼儿园工作规程》's (and, for
    // 托班, the national 托育 standard's): binding everywhere, cited by name, never as a seed.
    Entry {
        rule: Rule::ClassSize,
        provisions: &[
            Provision {
                origin: Origin::Outside(&WORK_RULES),
                section: "第十一条",
                quote: "幼儿园每班幼儿人数一般为：小班（3周岁至4周岁）25人，中班（4周岁至5周岁）30人，大班（5周岁至6周岁）35人，混合班30人。",
                binds: "",
                kind: OutsideStandard,
                part: Part::Whole,
            },
            Provision {
                origin: Origin::Outside(&CHILDCARE_STANDARD),
                section: "",
                quote: "",
                binds: "",
                kind: OutsideStandard,
                part: Part::Whole,
            },
        ],
    },
    Entry {
        rule: Rule::FeeInterval,
        provisions: &[seed(
            &ZHUZHOU,
            "§5",
            "4302",
            Binding,
            "分步、稳妥调整公办幼儿园和普惠性民办幼儿园的收费标准，间隔前一次调整时间不少于3 年",
        )],
    },
    Entry {
        rule: Rule::FeeStale,
        provisions: &[seed(&ZHUZHOU, "§5", "4302", Binding, "但调整时限原则上不得超过5年")],
    },
    // 001 §10 asks only for a 及时 update (`NOT_CHECKED`): the one-month limit is Guangdong's.
    Entry {
        rule: Rule::StaleAfterStaffChange,
        provisions: &[seed(
            &GUANGDONG,
            "§(十一)",
            "44",
            Binding,
            "幼儿园园长和专任教师变更要主动向教育部门备案，一个月内完成信息更新",
        )],
    },
    Entry {
        rule: Rule::FoodSafetyGrade,
        provisions: &[seed(&ZHUZHOU, "§12", "4302", Binding, "食品安全等级达到B级（含）以上")],
    },
    // Two regions, two parts: Guangdong's 2025 target for the principal's 学历 (003; 附件2-1 §6
    // repeats it for the regions receiving help), 株洲's 2025 target for 任职培训.
    Entry {
        rule: Rule::PrincipalQualification,
        provisions: &[
            part(
                seed(&GUANGDONG_BASIC, "附件1 一.2", "44", Target, "幼兒園園長學曆層次全員達到專科以上"),
                Part::PrincipalEducation,
            ),
            part(
                seed(&ZHUZHOU, "§6", "4302", Target, "到2025年实现园长任职培训合格率100%"),
                Part::PrincipalTraining,
            ),
        ],
    },
    Entry {
        rule: Rule::TeacherCertification,
        provisions: &[
            seed(&JIEYANG, "§9", "4452", Binding, "建立健全幼儿园教师信息管理制度，严格落实全员持证上岗要求"),
            seed(&GUANGDONG, "§(九)", "44", Binding, "建立健全幼儿园教师信息管理制度，严格落实全员持证上岗要求"),
        ],
    },
    // Enrolment above the approved seats is in no document (policy.md §5; 000 §12 asks to
    // eliminate 大班额, which is about class sizes, W05). No national rule we can cite either,
    // so it is not a public flag: a report-only data check (`Severity::Note`) that the clerk
    // sees, everywhere.
    Entry { rule: Rule::OverCapacity, provisions: &[] },
    // Service zones are something the documents encourage counties to 探索 (policy.md §5), not a
    // rule: report-only (`Severity::Note`), shown to the clerk where a document encourages them.
    Entry {
        rule: Rule::ZoneMissing,
        provisions: &[
            seed(&JIEYANG, "§12", "4452", Encouragement, "探索实施学前教育服务区制度，以“相对就近”为原则合理确定普惠性幼儿园招生服务区域"),
            seed(&ZHUZHOU, "§1", "4302", Encouragement, "鼓励有条件的县（市）区探索实施学前教育服务区制度"),
            seed(&GUANGDONG, "§(十一)", "44", Encouragement, "鼓励各地探索实施学前教育服务区制度，以“相对就近”为原则合理确定普惠性幼儿园招生服务区域"),
            seed(
                &PINGDINGSHAN,
                "§24",
                "4104",
                Encouragement,
                "鼓励有条件的县(市、 区)根据 学位资源布局、入园需求和招生实际,探索实施学前教育服 务区制度",
            ),
        ],
    },
];

/// A record-level ask of a seed that no rule checks, and why: so that what was left out is left
/// out on purpose, and a reader of the register can see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unchecked {
    pub doc: &'static Document,
    pub section: &'static str,
    pub quote: &'static str,
    pub why: &'static str,
}

pub const NOT_CHECKED: &[Unchecked] = &[
    Unchecked {
        doc: &PINGDINGSHAN,
        section: "§4",
        quote: "严禁幼儿园使用与审批不一致的名称",
        why: "Records carry the name as published; the approved name is not in the data.",
    },
    Unchecked {
        doc: &ZHUZHOU,
        section: "§15",
        quote: "幼儿园校牌、印鉴、相关证照使用的名称必须与审批机关批准的名称一致",
        why: "As 004 §4: the approved name is not in the data.",
    },
    Unchecked {
        doc: &ZHUZHOU,
        section: "§14",
        quote: "幼儿园不得在保教费外以开办实验班、特长班、兴趣班和亲子班等特色教育为名向幼儿家长另行收取费用",
        why: "Records list 保教费, 住宿费 and 伙食费 only.",
    },
    Unchecked {
        doc: &ZHUZHOU,
        section: "§10",
        quote: "教育行政部门要及时完成信息更新",
        why: "及时 sets no time limit, so W08 (one month) is Guangdong's only.",
    },
    Unchecked {
        doc: &ZHUZHOU,
        section: "§6",
        quote: "落实教师资格准入制度与定期注册制度",
        why: "A hiring and registration system, not the 全员持证上岗 requirement W11 checks \
              (000 §9, 002 §(九)); policy.md §3 does not list it for W11.",
    },
    Unchecked {
        doc: &JIEYANG,
        section: "§12",
        quote: "化解和消除学前教育“大班额”现象",
        why: "Sets no class size; W05 uses 《幼儿园工作规程》.",
    },
    Unchecked {
        doc: &ZHUZHOU,
        section: "§2",
        quote: "逐步化解和消除学前教育“大班额”现象",
        why: "As 000 §12.",
    },
    Unchecked {
        doc: &GUANGDONG,
        section: "§(十)",
        quote: "化解和消除学前教育“大班额”现象",
        why: "As 000 §12.",
    },
];

/// The register entry of a warning rule (W00–W13); None for the other rules.
pub fn entry(rule: Rule) -> Option<&'static Entry> {
    REGISTER.iter().find(|e| e.rule == rule)
}

/// The seed with this id ("000" … "004").
pub fn document(id: &str) -> Option<&'static Document> {
    DOCUMENTS.iter().find(|d| d.id == id)
}

/// The anchor on its 政策文件 page of every section the portal cites (the register's rules, the
/// targets of `data/targets.csv`, the “5080” invocations, Guangdong's groups): (document id,
/// section label as citations write it, anchor). The page computes anchors from the text
/// (`outline::Outline`); this table lets pages that do not have the text link to them, and a
/// test holds it to the outline and to every citation (the register's, the targets').
pub const SECTIONS: &[(&str, &str, &str)] = &[
    ("000", "二(一)", "c2-s1"),
    ("000", "二(二)", "c2-s2"),
    ("000", "§1", "c3-s1-i1"),
    ("000", "§2", "c3-s1-i2"),
    ("000", "§4", "c3-s2-i4"),
    ("000", "§9", "c3-s3-i9"),
    ("000", "§11", "c3-s4-i11"),
    ("000", "§12", "c3-s5-i12"),
    ("000", "§14", "c3-s5-i14"),
    ("001", "一", "c1"),
    ("001", "§1", "c2-s1-i1"),
    ("001", "§2", "c2-s2-i2"),
    ("001", "§5", "c2-s3-i5"),
    ("001", "§6", "c2-s4-i6"),
    ("001", "§7", "c2-s5-i7"),
    ("001", "§10", "c2-s6-i10"),
    ("001", "§12", "c2-s7-i12"),
    ("001", "§14", "c2-s8-i14"),
    ("001", "§15", "c2-s8-i15"),
    ("001", "§17", "c2-s9-i17"),
    ("002", "一", "c1"),
    ("002", "§(一)", "c2-s1"),
    ("002", "§(二)", "c2-s2"),
    ("002", "§(四)", "c3-s4"),
    ("002", "§(六)", "c4-s6"),
    ("002", "§(九)", "c4-s9"),
    ("002", "§(十)", "c5-s10"),
    ("002", "§(十一)", "c5-s11"),
    ("002", "§(十三)", "c5-s13"),
    ("003", "§14", "c2-s4-i14"),
    ("003", "附件1 一.2", "a1-c1-i2"),
    ("003", "附件3 §1", "a3-c1-i1"),
    ("003", "附件3 §2", "a3-c2-i2"),
    ("003", "附件4 §7", "a4-c3-i7"),
    ("004", "二", "c2"),
    ("004", "§2", "c3-s1-i2"),
    ("004", "§4", "c3-s1-i4"),
    ("004", "§24", "c3-s8-i24"),
];

/// The anchor of a cited section on its document's page (see `SECTIONS`).
pub fn anchor(doc: &str, section: &str) -> Option<&'static str> {
    SECTIONS.iter().find(|(d, s, _)| *d == doc && *s == section).map(|(_, _, a)| *a)
}

/// Where a citation of a document's section links: its 政策文件 page at the section's anchor, or
/// at the top when the section is not in `SECTIONS` (the whole document is meant).
pub fn cite_href(doc: &Document, section: &str) -> String {
    doc.href(anchor(doc.id, section))
}

impl Provision {
    /// The 政策文件 page and anchor this provision is cited from; None for an outside regulation.
    pub fn href(&self) -> Option<String> {
        match self.origin {
            Origin::Seed(d) => Some(cite_href(d, self.section)),
            Origin::Outside(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn seed_text(d: &Document) -> String {
        let path = format!("{}/../../shared/seeds/{}", env!("CARGO_MANIFEST_DIR"), d.file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{path}: {e} (the seeds live in ../shared/seeds beside the repository)")
        })
    }

    #[test]
    fn every_quote_is_verbatim_in_its_seed() {
        let texts: Vec<(&str, String)> = DOCUMENTS.iter().map(|d| (d.id, seed_text(d))).collect();
        let text = |d: &Document| &texts.iter().find(|(id, _)| *id == d.id).unwrap().1;
        let mut n = 0;
        for e in REGISTER {
            for p in e.provisions {
                if let Origin::Seed(d) = p.origin {
                    assert!(!p.quote.is_empty(), "{:?} {}", e.rule, d.id);
                    assert!(text(d).contains(p.quote), "{} {} does not say: {}", d.id, p.section, p.quote);
                    n += 1;
                }
            }
        }
        for u in NOT_CHECKED {
            assert!(text(u.doc).contains(u.quote), "{} {} does not say: {}", u.doc.id, u.section, u.quote);
        }
        assert!(n >= 20, "{n}");
    }

    #[test]
    fn documents_are_what_the_seed_files_are() {
        for (i, d) in DOCUMENTS.iter().enumerate() {
            assert_eq!(d.id, format!("{i:03}"));
            assert!(d.file.starts_with(&format!("{}_", d.id)));
            let text = seed_text(d);
            // The title is in the text (003 in Traditional characters: its first words).
            let probe = if d.id == "003" {
                "廣東省推動基礎教育高質量發展行動方案"
            } else {
                d.title
            };
            let flat: String = text.split_whitespace().collect();
            assert!(flat.contains(&probe.replace(' ', "")), "{}: {}", d.id, probe);
            assert_eq!(d.status == Status::Draft, text.contains("征求意见稿"), "{}", d.id);
        }
        assert_eq!(JIEYANG.scope(), "4452");
        assert_eq!(ZHUZHOU.scope(), "4302");
        assert_eq!(GUANGDONG.scope(), "44");
        assert_eq!(PINGDINGSHAN.scope(), "4104");
        assert_eq!(document("003"), Some(&GUANGDONG_BASIC));
    }

    #[test]
    fn the_register_covers_every_warning_and_binds_where_documents_do() {
        let warnings: Vec<Rule> = Rule::ALL.iter().copied().filter(|r| r.id().starts_with('W')).collect();
        assert_eq!(REGISTER.iter().map(|e| e.rule).collect::<Vec<_>>(), warnings);
        for e in REGISTER {
            for p in e.provisions {
                match p.origin {
                    // The issuing region and its sub-regions, nothing wider.
                    Origin::Seed(d) => assert!(p.binds.starts_with(&d.scope()), "{:?} {}", e.rule, d.id),
                    Origin::Outside(_) => {
                        assert_eq!((p.binds, p.kind), ("", Kind::OutsideStandard), "{:?}", e.rule)
                    }
                }
                assert_eq!(p.kind == Kind::OutsideStandard, matches!(p.origin, Origin::Outside(_)));
                // Keep the word: an encouragement says 探索 or 鼓励, an aim 力争.
                match p.kind {
                    Kind::Encouragement => assert!(p.quote.contains("探索") || p.quote.contains("鼓励")),
                    Kind::Aim => assert!(p.quote.contains("力争")),
                    _ => assert!(!p.quote.contains("探索") && !p.quote.contains("力争")),
                }
            }
            // A public flag needs a rule, a target or a national regulation behind it; a rule
            // with only encouragements or aims (or nothing) behind it is report-only.
            let firm = e.provisions.iter().any(|p| !matches!(p.kind, Kind::Encouragement | Kind::Aim));
            assert_eq!(e.rule.severity() == Severity::Warning, firm, "{:?}", e.rule);
            // One part or several, each set somewhere.
            let parts: Vec<Part> = e.provisions.iter().map(|p| p.part).collect();
            assert!(parts.iter().all(|p| *p == Part::Whole) || !parts.contains(&Part::Whole), "{:?}", e.rule);
        }
    }

    #[test]
    fn citations_name_the_draft_and_the_kind() {
        let w10 = entry(Rule::PrincipalQualification).unwrap();
        assert_eq!(w10.provisions[1].citation(), "株洲市行动计划 §6（征求意见稿，目标）");
        assert_eq!(w10.provisions[0].citation(), "广东省推动基础教育高质量发展行动方案 附件1 一.2（目标）");
        let w00 = entry(Rule::NameForbiddenWord).unwrap();
        assert_eq!(w00.provisions[0].citation(), "揭阳市行动计划 §14");
        let w05 = entry(Rule::ClassSize).unwrap();
        assert_eq!(w05.provisions[0].citation(), "《幼儿园工作规程》第十一条（国家规定）");
        assert!(entry(Rule::Required).is_none());
    }

    #[test]
    fn counties_are_bound_by_prefix() {
        let p = &entry(Rule::NameForeign).unwrap().provisions[0]; // 揭阳
        assert!(p.binds_county(445202) && p.binds_county(445281));
        assert!(!p.binds_county(445102) && !p.binds_county(440106));
        let gd = &entry(Rule::NameForeign).unwrap().provisions[2];
        for c in [441900, 442000, 440106, 445202] {
            assert!(gd.binds_county(c), "{c}");
        }
        assert!(!gd.binds_county(430202) && !gd.binds_county(410402));
    }

    #[test]
    fn every_quote_sits_in_the_section_it_cites() {
        let check = |d: &Document, section: &str, quote: &str, what: &str| {
            let text = seed_text(d);
            let lines: Vec<&str> = text.lines().collect();
            let o = d.outline(&text);
            let at = o.locate(section).unwrap_or_else(|| panic!("{what}: {} has no section {section}", d.id));
            let body = lines[at.start..at.end].join("\n");
            assert!(
                body.contains(quote),
                "{what}: {} {section} (lines {}–{}) does not say: {quote}",
                d.id,
                at.start + 1,
                at.end
            );
        };
        for e in REGISTER {
            for p in e.provisions {
                if let Origin::Seed(d) = p.origin {
                    check(d, p.section, p.quote, &format!("{:?}", e.rule));
                }
            }
        }
        for u in NOT_CHECKED {
            check(u.doc, u.section, u.quote, "NOT_CHECKED");
        }
    }

    #[test]
    fn bundled_texts_are_the_seeds_and_their_hashes() {
        use sha2::{Digest, Sha256};
        for d in &DOCUMENTS {
            let seed = seed_text(d);
            let hex: String = Sha256::digest(seed.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, d.sha256, "{}", d.id);
            let path = format!("{}/../public/policy/{}", env!("CARGO_MANIFEST_DIR"), d.file);
            let bundled = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(bundled == seed, "{path} differs from the seed: copy ../shared/seeds/{} again", d.file);
            let o = d.outline(&seed);
            assert_eq!(o.appended.is_some(), d.appended.is_some(), "{}", d.id);
            // Every document has a numbered structure to anchor citations in, and anchors are unique.
            assert!(o.headings.len() >= 10, "{}: {}", d.id, o.headings.len());
            let mut anchors: Vec<&str> = o.headings.iter().map(|h| h.anchor.as_str()).collect();
            anchors.sort_unstable();
            let n = anchors.len();
            anchors.dedup();
            assert_eq!(anchors.len(), n, "{}", d.id);
        }
        // The citations the tests above rely on point where a reader expects.
        let jy = seed_text(&JIEYANG);
        let at = JIEYANG.outline(&jy).locate("§14").unwrap();
        assert!(jy.lines().nth(at.start).unwrap().starts_with("14.规范办园行为"));
        assert_eq!(JIEYANG.href(Some(&at.anchor)), format!("policy/?doc=000#{}", at.anchor));
        let gd = seed_text(&GUANGDONG_BASIC);
        let at = GUANGDONG_BASIC.outline(&gd).locate("附件1 一.2").unwrap();
        assert!(gd.lines().nth(at.start).unwrap().trim_start().starts_with("2.具體目標"), "{at:?}");
    }

    #[test]
    fn every_cited_section_has_its_anchor() {
        for (id, section, anchor) in SECTIONS {
            let d = document(id).unwrap();
            let at = d.outline(&seed_text(d)).locate(section);
            assert_eq!(at.map(|a| a.anchor), Some(anchor.to_string()), "{id} {section}");
        }
        for e in REGISTER {
            for p in e.provisions {
                if let Origin::Seed(d) = p.origin {
                    assert!(
                        anchor(d.id, p.section).is_some(),
                        "{:?}: add {} {} to SECTIONS",
                        e.rule,
                        d.id,
                        p.section
                    );
                    assert_eq!(
                        p.href().unwrap(),
                        format!("policy/?doc={}#{}", d.id, anchor(d.id, p.section).unwrap())
                    );
                }
            }
        }
        for u in NOT_CHECKED {
            assert!(anchor(u.doc.id, u.section).is_some(), "{} {}", u.doc.id, u.section);
        }
    }
}
