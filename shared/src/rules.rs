//! Validation rules. A rule with `Severity::Error` rejects a row; a `Warning` publishes it with a
//! visible flag (bit `code` of `Record::flags`) that the portal explains to readers; a `Note` is
//! for the clerk only. Policy rules come from `../shared/policy.md` §3; every rule names its
//! source.
//!
//! This module is the rules' vocabulary and depends on no other: which document sets each policy
//! rule, and for which regions, is the register's (`policy`, which also gives `Rule::sources_for`);
//! `check` checks a record only against the provisions that bind its county.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// For the clerk only: the row is published as it was read (or with the correction the
    /// message names) and no flag is shown to the public.
    Note,
}

macro_rules! rules {
    ($($v:ident = $code:literal, $sev:ident, $id:literal, $title:literal, $explain:literal, $source:literal;)+) => {
        /// Every rule the validator applies.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[repr(u8)]
        pub enum Rule { $($v = $code),+ }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$v),+];
            pub fn severity(self) -> Severity { match self { $(Rule::$v => Severity::$sev),+ } }
            /// Stable identifier used in reports, e.g. "W05".
            pub fn id(self) -> &'static str { match self { $(Rule::$v => $id),+ } }
            /// Short plain-Chinese name, e.g. "班额超标".
            pub fn title(self) -> &'static str { match self { $(Rule::$v => $title),+ } }
            /// What the rule asks and why, for readers.
            pub fn explain(self) -> &'static str { match self { $(Rule::$v => $explain),+ } }
            /// The documents and sections the rule comes from, in every region (the general text,
            /// equal to the register's citations joined). A record's finding cites
            /// `sources_for(county)`: only the documents binding its county.
            pub fn source(self) -> &'static str { match self { $(Rule::$v => $source),+ } }
            pub fn from_id(id: &str) -> Option<Rule> { Rule::ALL.iter().copied().find(|r| r.id() == id) }
        }
    };
}

rules! {
    NameForbiddenWord = 0, Warning, "W00", "名称含限用字词",
        "幼儿园名称不得冠以“中国”“中华”“全国”“国际”“世界”“全球”等字样（道路等地名除外，请核实）。",
        "揭阳市行动计划 §14；株洲市行动计划 §15（征求意见稿）；广东省“十四五”行动计划 §(十三)";
    NameForeign = 1, Warning, "W01", "名称含外文或外国地名",
        "幼儿园名称不得使用外文、外国国名或地名。",
        "揭阳市行动计划 §14；株洲市行动计划 §15（征求意见稿）；广东省“十四五”行动计划 §(十三)";
    NameMisleading = 2, Warning, "W02", "名称含误导性字词",
        "幼儿园名称不得使用“双语”“艺术”“国学”“私塾”等片面强调课程特色的字词或宗教用语。",
        "揭阳市行动计划 §14；株洲市行动计划 §15（征求意见稿）；广东省“十四五”行动计划 §(十三)";
    NamePublicCopy = 3, Warning, "W03", "民办园名称与公办园相同",
        "民办幼儿园不得使用公办学校（幼儿园）的名称。",
        "揭阳市行动计划 §14；株洲市行动计划 §15（征求意见稿）；广东省“十四五”行动计划 §(十三)";
    TwoTeachersOneNurse = 4, Warning, "W04", "两教一保不足",
        "每班应配备两名专任教师和一名保育员（“两教一保”）。", "株洲市行动计划 §7（征求意见稿）";
    // The limits are national (《幼儿园工作规程》; 托班: the national 托育 standard), cited by name:
    // the seeds only ask to eliminate 大班额 and set no size (policy.md §5).
    ClassSize = 5, Warning, "W05", "班额超标",
        "平均班额超过国家规定：小班25人、中班30人、大班35人、混龄班30人（《幼儿园工作规程》），托班20人（《托育机构设置标准（试行）》）。",
        "《幼儿园工作规程》第十一条（国家规定）；《托育机构设置标准（试行）》（国家规定）";
    FeeInterval = 6, Warning, "W06", "普惠收费调整间隔不足3年",
        "普惠性幼儿园收费标准调整间隔原则上不少于3年。", "株洲市行动计划 §5（征求意见稿）";
    FeeStale = 7, Warning, "W07", "普惠收费超过5年未调整",
        "普惠性幼儿园收费标准原则上每3至5年调整一次。", "株洲市行动计划 §5（征求意见稿）";
    StaleAfterStaffChange = 8, Warning, "W08", "信息逾期未更新",
        "园长、专任教师变动后应在一个月内完成信息更新；本记录的更新日期早于最近一次变更，且已超过一个月。",
        "广东省“十四五”行动计划 §(十一)";
    FoodSafetyGrade = 9, Warning, "W09", "食品安全等级低于B级",
        "幼儿园食堂食品安全等级应达到B级及以上。", "株洲市行动计划 §12（征求意见稿）";
    // Two parts from two regions: Guangdong's target for the 学历, 株洲's for the 培训 (the
    // register's `Part`s); a record is checked against its own region's part only.
    PrincipalQualification = 10, Warning, "W10", "园长资质不足",
        "园长未达到本地政策文件提出的园长资质目标（学历专科以上，或经任职资格培训合格，以依据所列文件为准）。",
        "广东省推动基础教育高质量发展行动方案 附件1 一.2（目标）；株洲市行动计划 §6（征求意见稿，目标）";
    TeacherCertification = 11, Warning, "W11", "专任教师未全员持证",
        "幼儿园教师应全员持证上岗。", "揭阳市行动计划 §9；广东省“十四五”行动计划 §(九)";
    // Report-only (policy.md §5): no document sets a limit on enrolment against the approved
    // seats, so it is no public flag; the clerk is asked to check the two numbers. The id, code
    // and bit stay (published shards store flag bits; a Note sets none).
    OverCapacity = 12, Note, "W12", "在园幼儿超过核定学位",
        "在园（含托班）幼儿数超过核定学位数，请核实两项数字。本站所收政策文件未对此作出规定，不向公众标注。",
        "数据核对（政策文件未作规定）";
    // Report-only (policy.md §5): the documents encourage counties to 探索 service zones; that is
    // no rule a kindergarten breaks. Kept as a hint to the clerk where a document encourages it.
    ZoneMissing = 13, Note, "W13", "普惠园未公布服务区",
        "本地文件鼓励探索实施学前教育服务区制度；未填写服务区的普惠性幼儿园，家长无法按住址查到。不向公众标注。",
        "揭阳市行动计划 §12（鼓励探索）；株洲市行动计划 §1（征求意见稿，鼓励探索）；广东省“十四五”行动计划 §(十一)（鼓励探索）；平顶山市实施方案 §24（鼓励探索）";

    Required = 32, Error, "E01", "必填项为空", "该列为必填项。", "数据规范";
    BadFormat = 33, Error, "E02", "格式错误", "该列的值无法按规定格式读取。", "数据规范";
    OutOfRange = 34, Error, "E03", "数值超出范围", "该列的值超出合理范围。", "数据规范";
    BadCreditCode = 35, Error, "E04", "统一社会信用代码无效",
        "统一社会信用代码应为18位且校验位正确。", "GB 32100-2015";
    UnknownDivision = 36, Error, "E05", "行政区划代码无效",
        "县区、乡镇街道或社区村代码不存在，或不属于所填县区。", "国家统计局统计用区划代码";
    OutsideCounty = 37, Error, "E06", "坐标不在所属县区内",
        "经纬度换算为GCJ-02后不在所填县区的边界内，请检查坐标或坐标系。", "数据规范";
    Inconsistent = 38, Error, "E07", "数据前后矛盾", "几列数值之间互相矛盾。", "数据规范";
    Duplicate = 39, Error, "E08", "重复记录", "同一统一社会信用代码或办学许可证号出现多次。", "数据规范";
    BadEncoding = 40, Error, "E09", "字符无法识别",
        "该行含有无法识别的字符，请以 UTF-8 或 GBK 编码另存后重试。", "数据规范";
    ConflictingColumns = 41, Error, "E10", "同一字段的两列不一致",
        "表格中有两列对应同一字段（如“地址”和“详细地址”），本行两列的值不同，无法判断以哪列为准。", "数据规范";
    WrongUnit = 42, Error, "E11", "计量单位不符",
        "表头注明的计量单位与该字段的单位不同（如伙食费按“元/天”填写，门户公布的是“元/月”），不予换算，请按模板单位填写。",
        "数据规范";
    UnknownName = 43, Error, "E12", "区划名称无法识别",
        "按名称填写的县区、乡镇街道或社区村在所填县区内找不到，请核对名称或改填代码。", "国家统计局统计用区划代码";

    WebsiteFixed = 48, Note, "N01", "网址已补全",
        "网址未写 http:// 或 https://，已按 http:// 补全后发布，请核实。", "数据规范";
    WebsiteDropped = 49, Note, "N02", "网址无效，未公布",
        "网址无法识别，本条记录照常发布，但不公布网址。", "数据规范";
    OldUpdate = 50, Note, "N03", "信息更新日期较早",
        "信息更新日期早于数据截至日期一年以上，请核实是否为最新信息。", "数据规范";
}

impl Rule {
    /// The bit a warning sets in `Record::flags`. Below bit 16: the list shard keeps flags in
    /// 16 bits (`codec::ListShard::flags`).
    pub fn flag(self) -> u32 {
        debug_assert_eq!(self.severity(), Severity::Warning);
        1 << (self as u8)
    }

    /// The warnings set in a `flags` word.
    pub fn from_flags(flags: u32) -> impl Iterator<Item = Rule> {
        Rule::ALL
            .iter()
            .copied()
            .filter(move |r| r.severity() == Severity::Warning && flags & (1 << (*r as u8)) != 0)
    }
}

/// One problem found in one row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    /// The column header the problem is in ("" for the whole row).
    pub column: String,
    pub value: String,
    pub message: String,
    /// What the finding cites: `Rule::sources_for` the record's county for policy rules
    /// (`check_policy` sets it), `Rule::source` for the others.
    #[serde(default)]
    pub source: String,
}

impl Finding {
    pub fn new(rule: Rule, column: &str, value: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            rule,
            column: column.to_string(),
            value: value.into(),
            message: message.into(),
            source: rule.source().to_string(),
        }
    }
}

/// The `Record::flags` word for a set of findings (warnings only).
pub fn flags_of(findings: &[Finding]) -> u32 {
    findings.iter().filter(|f| f.rule.severity() == Severity::Warning).fold(0, |acc, f| acc | f.rule.flag())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_fit_the_list_shards_16_bit_flags() {
        for r in Rule::ALL.iter().filter(|r| r.severity() == Severity::Warning) {
            assert!(u16::try_from(r.flag()).is_ok(), "{r:?}");
        }
    }
}
