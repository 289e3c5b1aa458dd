//! The spreadsheet a bureau keeps: one row per kindergarten, one column per field. This table is
//! the single source of truth for the template, the importer and the sample writer.

use kg_shared::{
    codes::check_uscc,
    date::Date,
    geo::{to_gcj02, Datum, MultiPolygon, Point},
    model::{ClassCount, ClassType, Education, Fees, FoodSafety, Grade, Nature, Quality, Record, Staffing},
    rules::{Finding, Rule, Severity},
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Need {
    Required,
    Optional,
    /// At least one of 统一社会信用代码 / 办学许可证号.
    OneOfIds,
}

pub struct Column {
    pub header: &'static str,
    pub unit: &'static str,
    pub need: Need,
    pub help: fn() -> String,
}

/// Declares the columns once: `Col` names each (so a misspelt column fails to compile) and
/// `COLUMNS` describes each, in template order (`Col::X as usize` is its index).
macro_rules! columns {
    ($($v:ident => $col:expr),+ $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Col { $($v),+ }

        impl Col {
            pub const ALL: &'static [Col] = &[$(Col::$v),+];
        }

        pub const COLUMNS: &[Column] = &[$($col),+];
    };
}

impl Col {
    pub fn def(self) -> &'static Column {
        &COLUMNS[self as usize]
    }
    pub fn header(self) -> &'static str {
        self.def().header
    }
    /// The 班数 and 幼儿数 columns of a class type.
    pub fn classes(t: ClassType) -> (Col, Col) {
        match t {
            ClassType::Toddler => (Col::ToddlerClasses, Col::ToddlerChildren),
            ClassType::Small => (Col::SmallClasses, Col::SmallChildren),
            ClassType::Middle => (Col::MiddleClasses, Col::MiddleChildren),
            ClassType::Large => (Col::LargeClasses, Col::LargeChildren),
            ClassType::Mixed => (Col::MixedClasses, Col::MixedChildren),
        }
    }
}

impl std::fmt::Display for Col {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.header())
    }
}

macro_rules! col {
    ($h:literal, $u:literal, $n:ident, $help:expr) => {
        Column { header: $h, unit: $u, need: Need::$n, help: || String::from($help) }
    };
    ($h:literal, $u:literal, $n:ident, fn $help:expr) => {
        Column { header: $h, unit: $u, need: Need::$n, help: $help }
    };
}

columns! {
    Uscc => col!("统一社会信用代码", "", OneOfIds, "18位，含校验位（GB 32100-2015）。与办学许可证号至少填一项。"),
    Licence => col!("办学许可证号", "", OneOfIds, "没有统一社会信用代码时填写。"),
    Name => col!("幼儿园名称", "", Required, "审批（登记）的规范名称，与办学许可证一致。"),
    County => col!("县区代码", "", Required, "6位行政区划代码，例如 445202（榕城区）。"),
    Town => col!("乡镇街道代码", "", Required, "9位统计用区划代码，例如 445202001。"),
    Address => col!("地址", "", Required, "详细地址。"),
    Lon => col!("经度", "度", Required, "十进制度，例如 116.372345。"),
    Lat => col!("纬度", "度", Required, "十进制度，例如 23.541234。"),
    Datum => col!(
        "坐标系",
        "",
        Optional,
        "WGS-84（GPS）、GCJ-02（高德、腾讯、天地图以外的国内地图）或 BD-09（百度）；留空按 GCJ-02。"
    ),
    Nature => col!("性质", "", Required, fn || format!("可选：{}。公办、普惠由此推算，无需另填。", Nature::allowed())),
    Founded => col!("开办日期", "", Optional, "YYYY-MM-DD。"),
    Grade => col!("等级", "", Required, fn || format!("可选：{}。", Grade::allowed())),
    GradeYear => col!("等级评定年份", "年", Optional, "四位年份。"),
    Center => col!("乡镇中心幼儿园", "", Optional, "是／否。"),
    Quality => col!("保教质量评估结果", "", Optional, fn || format!("可选：{}；未评估留空。", Quality::allowed())),
    QualityYear => col!("保教质量评估年份", "年", Optional, "四位年份。"),
    CareFee => col!("保教费", "元/生/月", Required, "整数，元。"),
    BoardingFee => col!("住宿费", "元/生/月", Optional, "不提供住宿留空。"),
    MealsFee => col!("伙食费", "元/生/月", Optional, "整数，元。"),
    FeeApproval => col!("收费批准文号", "", Optional, "价格主管部门批准（备案）文号。"),
    FeeEffective => col!("收费执行日期", "", Optional, "现行收费标准的执行日期，YYYY-MM-DD。"),
    FeePrevious => col!("上次调价执行日期", "", Optional, "上一次收费标准的执行日期，用于核对3至5年调整间隔。"),
    Staff => col!("教职工数", "人", Required, "全部教职工。"),
    Teachers => col!("专任教师数", "人", Required, ""),
    TeachersCollege => col!("专任教师大专以上学历人数", "人", Required, "不超过专任教师数。"),
    TeachersCertified => col!("持证专任教师数", "人", Required, "持有幼儿园教师资格证的专任教师，不超过专任教师数。"),
    Nurses => col!("保育员数", "人", Required, ""),
    Health => col!("卫生保健人员数", "人", Required, ""),
    PrincipalEducation => col!("园长学历", "", Optional, fn || format!("可选：{}。", Education::allowed())),
    PrincipalTrained => col!("园长任职资格培训合格", "", Optional, "是／否。"),
    ToddlerClasses => col!("托班班数", "个", Optional, "2至3岁托班；没有留空或填0。"),
    ToddlerChildren => col!("托班幼儿数", "人", Optional, ""),
    SmallClasses => col!("小班班数", "个", Optional, ""),
    SmallChildren => col!("小班幼儿数", "人", Optional, ""),
    MiddleClasses => col!("中班班数", "个", Optional, ""),
    MiddleChildren => col!("中班幼儿数", "人", Optional, ""),
    LargeClasses => col!("大班班数", "个", Optional, ""),
    LargeChildren => col!("大班幼儿数", "人", Optional, ""),
    MixedClasses => col!("混龄班班数", "个", Optional, ""),
    MixedChildren => col!("混龄班幼儿数", "人", Optional, ""),
    Seats => col!("核定学位数", "个", Required, "审批核定的学位数。"),
    Inclusion => col!("随班就读", "", Optional, "是否接收残疾儿童随班就读：是／否。"),
    ResourceRoom => col!("资源教室", "", Optional, "是否设有资源教室：是／否。"),
    FoodSafety => col!("食品安全等级", "", Optional, fn || format!("可选：{}；留空视为未评定。", FoodSafety::allowed())),
    Zone => col!(
        "服务区社区村代码",
        "",
        Optional,
        "招生服务区内的社区（村）12位代码，多个用分号、逗号或空格分隔。普惠园应填写。"
    ),
    ZoneShape => col!(
        "服务区范围",
        "",
        Optional,
        "可选：服务区多边形的 GeoJSON 坐标（Polygon 或 MultiPolygon 的 coordinates），坐标系同“坐标系”列。"
    ),
    Phone => col!("联系电话", "", Optional, ""),
    Website => col!("网址", "", Optional, "以 http:// 或 https:// 开头。"),
    Updated => col!("信息更新日期", "", Required, "本条信息最近一次更新的日期，YYYY-MM-DD。"),
    StaffChanged => col!("园长或专任教师最近变更日期", "", Optional, "最近一次园长或专任教师变动的日期。"),
    Provenance => col!("信息来源", "", Required, "本条信息所依据的公示文件或通知（名称、文号）。"),
}

/// The header as written in the template, unit included: "保教费（元/生/月）".
pub fn template_header(c: &Column) -> String {
    if c.unit.is_empty() || c.unit == "年" {
        c.header.to_string()
    } else {
        format!("{}（{}）", c.header, c.unit)
    }
}

/// Other headers bureaus give a column (compared as `header_key` does). A key that is no
/// column's header fails `aliases_name_real_columns`.
const ALIASES: &[(Col, &[&str])] = &[
    (Col::Uscc, &["社会信用代码", "信用代码", "统一信用代码", "统一社会信用代码证号"]),
    (Col::Licence, &["办学许可证", "办学许可证编号", "许可证号", "办学许可证号码"]),
    (Col::Name, &["园所名称", "幼儿园", "名称", "学校名称", "单位名称", "幼儿园全称", "园名", "园所"]),
    (
        Col::County,
        &[
            "县区",
            "所属县区",
            "县(市、区)",
            "县(市,区)",
            "县市区",
            "区县",
            "所属区县",
            "县区名称",
            "所在县区",
            "县(区)",
        ],
    ),
    (
        Col::Town,
        &[
            "乡镇街道",
            "所属街道(镇)",
            "所属镇(街道)",
            "所属乡镇",
            "所属乡镇(街道)",
            "乡镇(街道)",
            "街道(镇)",
            "镇(街道)",
            "所在乡镇",
            "所在乡镇(街道)",
            "乡镇",
            "街道",
            "所属镇街",
            "镇街",
            "乡镇街道名称",
        ],
    ),
    (Col::Address, &["详细地址", "园址", "办园地址", "幼儿园地址", "地址(详细)"]),
    (Col::Nature, &["办园性质", "举办者类型", "幼儿园性质", "办学性质", "举办性质"]),
    (Col::Founded, &["开办时间", "建园时间", "创办时间", "开办年月", "成立时间", "建园日期"]),
    (Col::Grade, &["幼儿园等级", "办园等级", "等级评定", "评估等级"]),
    (Col::Quality, &["保教质量评估", "质量评估结果", "质量评估"]),
    (Col::CareFee, &["保育教育费", "保教费标准", "保教费收费标准"]),
    (Col::BoardingFee, &["住宿费标准"]),
    (Col::MealsFee, &["伙食费标准"]),
    (Col::Staff, &["教职工人数", "教职工总数", "教职工"]),
    (Col::Teachers, &["专任教师人数", "专任教师"]),
    (Col::Nurses, &["保育员人数", "保育员"]),
    (Col::Health, &["卫生保健人员", "保健医生数", "卫生保健人数"]),
    (Col::Seats, &["学位数", "核定学位", "核定学位(个)"]),
    (Col::PrincipalEducation, &["园长最高学历"]),
    (Col::PrincipalTrained, &["园长任职资格培训", "园长培训合格", "园长任职资格"]),
    (Col::FoodSafety, &["食品安全量化等级", "食堂食品安全等级", "食品安全量化分级"]),
    (
        Col::Zone,
        &[
            "服务区",
            "招生服务区",
            "服务区社区村",
            "服务区(社区、村)",
            "服务区范围(社区/村)",
            "服务区社区(村)",
        ],
    ),
    (Col::Phone, &["电话", "联系方式", "咨询电话", "招生电话"]),
    (Col::Website, &["网站", "网站地址", "网址链接", "门户网站"]),
    (Col::Updated, &["更新日期", "更新时间", "信息更新时间"]),
    (Col::Provenance, &["来源", "公示依据", "信息公示来源"]),
];

/// A header as compared: half-width, no spaces, no required-field marks.
fn header_key(h: &str) -> String {
    kg_shared::text::squeeze(h).filter(|c| !matches!(c, '*' | '★' | '☆' | ':')).collect()
}

/// What a spreadsheet header names: the column and the unit written in brackets, if any.
#[derive(Debug, PartialEq, Eq)]
pub struct HeaderMatch {
    pub column: usize,
    pub unit: Option<String>,
}

/// Header key → column, for every header and alias (built once).
fn named(key: &str) -> Option<usize> {
    static KEYS: std::sync::OnceLock<std::collections::HashMap<String, usize>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for (c, aliases) in ALIASES {
            m.extend(aliases.iter().map(|a| (header_key(a), *c as usize)));
        }
        m.extend(COLUMNS.iter().enumerate().map(|(i, c)| (c.header.to_string(), i)));
        m
    });
    keys.get(key).copied()
}

/// The column a header names. The whole header is tried first ("所属街道（镇）", "县（市、区）"
/// are names), then the part before a bracket, the bracket holding the unit ("保教费（元/月）").
pub fn match_header(header: &str) -> Option<HeaderMatch> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    if let Some(column) = named(&key) {
        return Some(HeaderMatch { column, unit: None });
    }
    let (base, rest) = key.split_once('(')?;
    let unit = rest.trim_end_matches(')').to_string();
    named(base).map(|column| HeaderMatch { column, unit: (!unit.is_empty()).then_some(unit) })
}

/// The column a spreadsheet header names, unit ignored (header detection).
pub fn column_of(header: &str) -> Option<usize> {
    match_header(header).map(|m| m.column)
}

/// Whether a header's unit is the column's own (in any of its spellings). A different unit is
/// refused, never silently read as the column's: 伙食费（元/天） is not a monthly fee.
pub fn check_unit(column: usize, unit: &str) -> Result<(), String> {
    let c = &COLUMNS[column];
    let u: String = unit
        .chars()
        .map(|ch| match ch {
            '每' | '·' | '•' | '／' => '/',
            _ => ch,
        })
        .collect();
    let u = u.trim_matches('/');
    if c.unit.is_empty() || ["必填", "选填", "可选", "必填项", "选填项", "可不填"].contains(&u)
    {
        return Ok(());
    }
    let same: &[&str] = match c.unit {
        "元/生/月" => &[
            "元/生/月",
            "元/月",
            "元/人/月",
            "元/月/生",
            "元/月/人",
            "元/生月",
            "元/人月",
            "元/月生",
            "元/月人",
            "元",
        ],
        "人" => &["人", "名", "人数"],
        "个" => &["个", "班", "个数"],
        "度" => &["度", "°", "十进制度", "十进制"],
        "年" => &["年", "年份"],
        other => &[other],
    };
    if same.contains(&u) {
        Ok(())
    } else {
        Err(format!(
            "“{}”一列的单位为“{unit}”，门户公布的单位是“{}”，不予换算：请换算为“{}”后填写，并把表头改为“{}”",
            c.header,
            c.unit,
            c.unit,
            template_header(c)
        ))
    }
}

/// Reads a code list value as bureaus write it: "公办（教育部门办）", "民办(营利性)",
/// "普惠性民办园", "省一级幼儿园" as well as the canonical labels.
pub fn parse_lenient<T>(v: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
    let v: String = kg_shared::text::squeeze(v).collect();
    let strip = |s: &str| -> Option<T> {
        parse(s).or_else(|| {
            let t = s.strip_suffix("幼儿园").or_else(|| s.strip_suffix('园'))?;
            parse(t)
        })
    };
    if let Some(x) = strip(&v) {
        return Some(x);
    }
    let (outer, rest) = v.split_once('(')?;
    let inner = rest.trim_end_matches(')');
    strip(inner)
        .or_else(|| strip(&format!("{inner}{outer}")))
        .or_else(|| strip(&format!("{outer}{inner}")))
        .or_else(|| strip(outer).filter(|_| inner.is_empty()))
}

/// Edit distance between two strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Up to three names closest to `name`, for "did you mean".
pub fn nearest_names<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    // No division name is this long: whatever was typed is not a misspelt name.
    if name.chars().count() > 24 {
        return Vec::new();
    }
    // Only names sharing a character with it can be near.
    let names = names.filter(|n| n.chars().any(|c| name.contains(c)));
    let mut scored: Vec<(usize, &str)> = names.map(|n| (distance(name, n), n)).collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    let limit = name.chars().count().div_ceil(2).max(2);
    scored.into_iter().filter(|(d, _)| *d <= limit).take(3).map(|(_, n)| n.to_string()).collect()
}

/// The keys a division name is matched by, loosest last: the name itself, without the
/// 居民委员会/村民委员会 suffix, then without 街道/镇/乡/社区/村 as well.
pub fn division_keys(name: &str) -> std::rc::Rc<[String; 3]> {
    // Every row looks names up among a county's hundreds of divisions: remember their keys.
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<[String; 3]>>> =
            Default::default();
    }
    if let Some(k) = KEYS.with(|m| m.borrow().get(name).cloned()) {
        return k;
    }
    let k = std::rc::Rc::new(division_keys_uncached(name));
    KEYS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() < 200_000 {
            m.insert(name.to_string(), k.clone());
        }
    });
    k
}

fn division_keys_uncached(name: &str) -> [String; 3] {
    let n: String = kg_shared::text::squeeze(name).collect();
    let mut k1 = n.clone();
    for suffix in
        ["社区居民委员会", "居民委员会", "村民委员会", "社区居委会", "居委会", "村委会", "委员会", "办事处"]
    {
        if let Some(t) = k1.strip_suffix(suffix) {
            k1 = if suffix.starts_with("社区") { format!("{t}社区") } else { t.to_string() };
            break;
        }
    }
    let mut k2 = k1.clone();
    for suffix in ["街道", "民族乡", "镇", "乡", "社区", "村", "居"] {
        if let Some(t) = k2.strip_suffix(suffix) {
            if !t.is_empty() {
                k2 = t.to_string();
            }
            break;
        }
    }
    [n, k1, k2]
}

/// Finds `name` among `(code, name)` pairs: the tightest key that matches exactly one wins.
/// Err: the nearest names, for the message.
pub fn find_division<'a, C: Copy + PartialEq>(
    name: &str,
    items: impl Iterator<Item = (C, &'a str)> + Clone,
) -> Result<C, Vec<String>> {
    let want = division_keys(name);
    let keyed: Vec<(C, std::rc::Rc<[String; 3]>)> =
        items.clone().map(|(c, n)| (c, division_keys(n))).collect();
    for (level, key) in want.iter().enumerate() {
        let mut hit: Option<C> = None;
        let mut many = false;
        for (code, keys) in &keyed {
            let code = *code;
            if keys[level] == *key {
                if hit.is_some_and(|h| h != code) {
                    many = true;
                }
                hit.get_or_insert(code);
            }
        }
        match (hit, many) {
            (Some(c), false) => return Ok(c),
            (Some(_), true) => break,
            _ => {}
        }
    }
    Err(nearest_names(&want[1], items.map(|(_, n)| n)))
}

/// What row parsing needs to check codes and positions.
pub trait Places {
    /// Is this a county adcode we know?
    fn has_county(&self, county: u32) -> bool;
    /// Some(true/false) when the county's 乡镇 list is known; None when it is not.
    fn town_in_county(&self, town: u32, county: u32) -> Option<bool>;
    /// Some(county of the village's town) when known.
    fn village_county(&self, village: u64) -> Option<u32>;
    /// Whether the county's list of 社区/村 is known.
    fn has_villages(&self, county: u32) -> bool;
    /// Some(inside) when the county's boundary is known.
    fn inside_county(&self, p: Point, county: u32) -> Option<bool>;
    /// Counties a name may mean: "新华区" is a county of 石家庄, 平顶山 and 沧州; "平顶山市新华区"
    /// and "东莞市" (a city without counties) are one each.
    fn counties_named(&self, name: &str) -> Vec<u32>;
    /// The county's 乡镇/街道 (code, name); empty when unknown.
    fn town_names(&self, county: u32) -> &[(u32, String)];
    /// The county's 社区/村 (code, name, town); empty when unknown.
    fn village_names(&self, county: u32) -> &[(u64, String, u32)];
}

/// One spreadsheet row by column index (None: the file has no such column).
pub struct Row<'a> {
    pub cells: &'a [Option<String>],
}

struct Parser<'a> {
    row: Row<'a>,
    findings: Vec<Finding>,
}

impl Parser<'_> {
    fn raw(&self, h: Col) -> &str {
        self.row.cells.get(h as usize).and_then(|c| c.as_deref()).unwrap_or("")
    }
    fn fail(&mut self, rule: Rule, h: Col, msg: impl Into<String>) {
        let v = self.raw(h).to_string();
        self.findings.push(Finding::new(rule, h.header(), v, msg));
    }
    fn text(&mut self, h: Col) -> Option<String> {
        let v = self.raw(h).to_string();
        if v.is_empty() {
            if h.def().need == Need::Required {
                self.fail(Rule::Required, h, format!("“{h}”为必填项"));
            }
            return None;
        }
        if v.contains('\u{FFFD}') {
            self.fail(Rule::BadEncoding, h, format!("“{h}”含无法识别的字符"));
            return None;
        }
        if v.chars().count() > 200 {
            self.fail(Rule::OutOfRange, h, format!("“{h}”超过200个字"));
            return None;
        }
        Some(v)
    }
    fn number(&mut self, h: Col, max: f64) -> Option<f64> {
        let v = self.text(h)?;
        let cleaned = v.replace([',', '，'], "");
        let cleaned = cleaned.trim_end_matches(['元', '人', '个', '度']);
        match cleaned.parse::<f64>() {
            Ok(x) if x.is_finite() && (0.0..=max).contains(&x) => Some(x),
            Ok(_) => {
                self.fail(Rule::OutOfRange, h, format!("“{h}”应在 0 到 {max} 之间"));
                None
            }
            Err(_) => {
                self.fail(Rule::BadFormat, h, format!("“{h}”应为数字"));
                None
            }
        }
    }
    fn int(&mut self, h: Col, max: u32) -> Option<u32> {
        let x = self.number(h, max as f64)?;
        if x.fract() != 0.0 {
            self.fail(Rule::BadFormat, h, format!("“{h}”应为整数"));
            return None;
        }
        Some(x as u32)
    }
    fn count(&mut self, h: Col) -> u16 {
        self.int(h, 5000).unwrap_or(0) as u16
    }
    fn year(&mut self, h: Col) -> Option<u16> {
        let y = self.int(h, 2100)?;
        if y < 1949 {
            self.fail(Rule::OutOfRange, h, format!("“{h}”应为1949年以后的四位年份"));
            return None;
        }
        Some(y as u16)
    }
    fn date(&mut self, h: Col) -> Option<Date> {
        let v = self.text(h)?;
        let d = Date::parse(&v).or_else(|| {
            // An Excel serial number that reached us as text.
            v.parse::<f64>().ok().and_then(Date::from_excel_serial)
        });
        if d.is_none() {
            self.fail(Rule::BadFormat, h, format!("“{h}”不是有效日期，请写作 YYYY-MM-DD"));
        }
        d
    }
    /// 是 / 否; a blank cell is None (未填报), never 否.
    fn flag(&mut self, h: Col) -> Option<bool> {
        match self.raw(h).to_ascii_lowercase().as_str() {
            "" => None,
            "否" | "无" | "n" | "no" | "false" | "0" | "×" | "没有" | "不是" => Some(false),
            "是" | "有" | "y" | "yes" | "true" | "1" | "√" | "✓" => Some(true),
            _ => {
                self.fail(Rule::BadFormat, h, format!("“{h}”应填“是”或“否”（不清楚请留空）"));
                None
            }
        }
    }
    fn code<T>(&mut self, h: Col, parse: fn(&str) -> Option<T>, allowed: fn() -> String) -> Option<T> {
        let v = self.text(h)?;
        let r = parse_lenient(&v, parse);
        if r.is_none() {
            self.fail(Rule::BadFormat, h, format!("“{h}”的值“{v}”不在可选范围内（{}）", allowed()));
        }
        r
    }
    /// 县区: a 6-digit code, or a name ("榕城区", "平顶山市新华区", "东莞市"). A name several
    /// counties share is settled by the coordinates; otherwise the clerk is asked for the code.
    fn county(&mut self, places: &dyn Places, at: Option<Point>) -> Option<u32> {
        const H: Col = Col::County;
        let v = self.text(H)?;
        if v.chars().all(|c| c.is_ascii_digit()) {
            let c = self.int(H, 999_999)?;
            if !places.has_county(c) {
                self.fail(Rule::UnknownDivision, H, format!("县区代码 {c} 不存在"));
                return None;
            }
            return Some(c);
        }
        let mut named = places.counties_named(&v);
        if named.len() > 1 {
            if let Some(pt) = at {
                named.retain(|&c| places.inside_county(pt, c) != Some(false));
            }
        }
        match named[..] {
            [c] => Some(c),
            [] => {
                self.fail(
                    Rule::UnknownName,
                    H,
                    format!("找不到名为“{v}”的县区，请核对名称或改填6位县区代码"),
                );
                None
            }
            _ => {
                let list: Vec<String> = named.iter().map(u32::to_string).collect();
                self.fail(
                    Rule::UnknownName,
                    H,
                    format!("“{v}”可能是多个县区（代码 {}），请改填6位县区代码", list.join("、")),
                );
                None
            }
        }
    }
    /// 乡镇/街道: a 9-digit code, or its name within the county.
    fn town(&mut self, places: &dyn Places, county: Option<u32>) -> Option<u32> {
        const H: Col = Col::Town;
        let v = self.text(H)?;
        let county = county?;
        if v.chars().all(|c| c.is_ascii_digit()) {
            let t = self.int(H, 999_999_999)?;
            let ok = match places.town_in_county(t, county) {
                Some(ok) => ok,
                None => t / 1000 == county,
            };
            if !ok {
                self.fail(Rule::UnknownDivision, H, format!("乡镇街道代码 {t} 不存在或不属于县区 {county}"));
                return None;
            }
            return Some(t);
        }
        let towns = places.town_names(county);
        if towns.is_empty() {
            self.fail(
                Rule::UnknownName,
                H,
                format!("县区 {county} 的乡镇街道名单未收录，请改填9位乡镇街道代码"),
            );
            return None;
        }
        match find_division(&v, towns.iter().map(|(c, n)| (*c, n.as_str()))) {
            Ok(t) => Some(t),
            Err(near) => {
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!("；是否为：{}", near.join("、"))
                };
                self.fail(Rule::UnknownName, H, format!("县区 {county} 没有名为“{v}”的乡镇街道{hint}"));
                None
            }
        }
    }
    /// 服务区: 社区/村 codes or names, separated by 、；，; or spaces; names are looked up in the
    /// record's town first, then its county.
    fn zone(&mut self, places: &dyn Places, county: Option<u32>, town: Option<u32>) -> Vec<u64> {
        const H: Col = Col::Zone;
        let text = self.raw(H).to_string();
        let mut zone = Vec::new();
        for part in
            text.split([';', '；', ',', '，', '、', ' ', '\n', '/']).map(str::trim).filter(|s| !s.is_empty())
        {
            if part.chars().all(|c| c.is_ascii_digit()) {
                match part.parse::<u64>() {
                    Ok(v) if (100_000_000_000..=999_999_999_999).contains(&v) => {
                        let ok = match (places.village_county(v), county) {
                            (Some(vc), Some(c)) => vc == c,
                            (None, Some(c)) => !places.has_villages(c) && v / 1_000_000 == c as u64,
                            _ => true,
                        };
                        if ok {
                            zone.push(v);
                        } else {
                            self.fail(Rule::UnknownDivision, H, format!("社区村代码 {v} 不存在或不在本县区"));
                        }
                    }
                    _ => self.fail(Rule::BadFormat, H, format!("“{part}”不是12位社区村代码")),
                }
                continue;
            }
            let Some(c) = county else { continue };
            let villages = places.village_names(c);
            if villages.is_empty() {
                self.fail(Rule::UnknownName, H, format!("县区 {c} 的社区村名单未收录，请改填12位社区村代码"));
                continue;
            }
            let in_town = villages.iter().filter(|v| Some(v.2) == town).map(|v| (v.0, v.1.as_str()));
            let all = villages.iter().map(|v| (v.0, v.1.as_str()));
            match find_division(part, in_town).or_else(|_| find_division(part, all)) {
                Ok(v) => zone.push(v),
                Err(near) => {
                    let hint = if near.is_empty() {
                        String::new()
                    } else {
                        format!("；是否为：{}", near.join("、"))
                    };
                    self.fail(Rule::UnknownName, H, format!("县区 {c} 没有名为“{part}”的社区或村{hint}"));
                }
            }
        }
        zone.sort_unstable();
        zone.dedup();
        zone
    }
    /// 网址: http(s) only. "www.example.cn" gets http:// (noted); anything else is left out of the
    /// publication (noted): a bad website never withholds the kindergarten.
    fn website(&mut self) -> Option<String> {
        const H: Col = Col::Website;
        let w = self.text(H)?;
        let lw = w.to_ascii_lowercase();
        let host_ok = |rest: &str| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.')
                && host.len() >= 4
                && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
                && !host.starts_with(['.', '-'])
        };
        let clean = !w.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
        if clean {
            for scheme in ["https://", "http://"] {
                if lw.starts_with(scheme) && host_ok(&w[scheme.len()..]) {
                    return Some(w);
                }
            }
            if !lw.contains("://") && !lw.contains(':') && host_ok(&w) {
                let fixed = format!("http://{w}");
                self.findings.push(Finding::new(
                    Rule::WebsiteFixed,
                    H.header(),
                    w.clone(),
                    format!("网址已补全为 {fixed}"),
                ));
                return Some(fixed);
            }
        }
        self.findings.push(Finding::new(
            Rule::WebsiteDropped,
            H.header(),
            w,
            "网址应以 http:// 或 https:// 开头，本条不公布网址",
        ));
        None
    }
}

/// Parses one row: the record (None when an error rejects the row) and every finding — errors,
/// and notes on what was corrected. Policy warnings are not checked here (see
/// `kg_shared::check::check_policy`).
pub fn parse_row(row: Row, places: &dyn Places) -> (Option<Record>, Vec<Finding>) {
    let mut p = Parser { row, findings: Vec::new() };
    let uscc = p.text(Col::Uscc).and_then(|v| match check_uscc(&v) {
        Ok(c) => Some(c),
        Err(e) => {
            p.fail(Rule::BadCreditCode, Col::Uscc, e.to_string());
            None
        }
    });
    let licence = p.text(Col::Licence);
    if p.raw(Col::Uscc).is_empty() && licence.is_none() {
        p.fail(Rule::Required, Col::Uscc, "统一社会信用代码与办学许可证号至少填写一项");
    }
    let name = p.text(Col::Name);
    // Coordinates first: a county written by name is told apart from its namesakes by them.
    let lon = p.number(Col::Lon, 180.0);
    let lat = p.number(Col::Lat, 90.0);
    let datum = match p.raw(Col::Datum) {
        "" => Some(Datum::Gcj02),
        v => {
            let d = Datum::parse(v);
            if d.is_none() {
                p.fail(Rule::BadFormat, Col::Datum, "坐标系应为 WGS-84、GCJ-02 或 BD-09");
            }
            d
        }
    };
    let location = match (lon, lat, datum) {
        (Some(lon), Some(lat), Some(d)) => Some(to_gcj02(Point { lon, lat }, d)),
        _ => None,
    };
    let county = p.county(places, location);
    let town = p.town(places, county);
    let address = p.text(Col::Address);
    if let (Some(pt), Some(c)) = (location, county) {
        if places.inside_county(pt, c) == Some(false) {
            p.fail(
                Rule::OutsideCounty,
                Col::Lon,
                format!("坐标（GCJ-02：{:.6}, {:.6}）不在县区 {c} 的边界内", pt.lon, pt.lat),
            );
        }
    }
    let nature = p.code(Col::Nature, Nature::parse, Nature::allowed);
    let founded = p.date(Col::Founded);
    let grade = p.code(Col::Grade, Grade::parse, Grade::allowed);
    let grade_year = p.year(Col::GradeYear);
    let center = p.flag(Col::Center).unwrap_or(false);
    let quality = p.code(Col::Quality, Quality::parse, Quality::allowed);
    let quality_year = p.year(Col::QualityYear);
    let care = p.int(Col::CareFee, 100_000);
    let boarding = p.int(Col::BoardingFee, 100_000);
    let meals = p.int(Col::MealsFee, 100_000);
    let approval = p.text(Col::FeeApproval).unwrap_or_default();
    let effective = p.date(Col::FeeEffective);
    let previous = p.date(Col::FeePrevious);
    if let (Some(a), Some(b)) = (previous, effective) {
        if a >= b {
            p.fail(Rule::Inconsistent, Col::FeePrevious, "上次调价执行日期应早于现行收费执行日期");
        }
    }
    let staff = Staffing {
        total: p.count(Col::Staff),
        teachers: p.count(Col::Teachers),
        teachers_college: p.count(Col::TeachersCollege),
        teachers_certified: p.count(Col::TeachersCertified),
        nurses: p.count(Col::Nurses),
        health: p.count(Col::Health),
    };
    for (h, v) in
        [(Col::TeachersCollege, staff.teachers_college), (Col::TeachersCertified, staff.teachers_certified)]
    {
        if v > staff.teachers {
            p.fail(Rule::Inconsistent, h, format!("{h}（{v}）大于专任教师数（{}）", staff.teachers));
        }
    }
    if staff.teachers as u32 + staff.nurses as u32 + staff.health as u32 > staff.total as u32 {
        p.fail(Rule::Inconsistent, Col::Staff, "专任教师、保育员、卫生保健人员之和大于教职工数");
    }
    let principal_education = p.code(Col::PrincipalEducation, Education::parse, Education::allowed);
    let principal_trained = p.flag(Col::PrincipalTrained);
    let mut classes = [ClassCount::default(); 5];
    for t in ClassType::ALL {
        let (ch, kh) = Col::classes(*t);
        let c = ClassCount { classes: p.count(ch), children: p.count(kh) };
        if c.classes == 0 && c.children > 0 {
            p.fail(Rule::Inconsistent, ch, format!("{}有幼儿但班数为0", t.label()));
        }
        classes[*t as usize] = c;
    }
    let seats = p.count(Col::Seats);
    let inclusion = p.flag(Col::Inclusion);
    let resource_room = p.flag(Col::ResourceRoom);
    let food_safety = p.code(Col::FoodSafety, FoodSafety::parse, FoodSafety::allowed);
    let zone = p.zone(places, county, town);
    let zone_text = p.raw(Col::ZoneShape).to_string();
    let zone_polygon = match zone_text.as_str() {
        "" => None,
        v => match parse_polygon(v) {
            Some(mp) => Some(MultiPolygon(
                mp.0.into_iter()
                    .map(|poly| {
                        poly.into_iter()
                            .map(|ring| {
                                ring.into_iter()
                                    .map(|c| {
                                        let g = to_gcj02(
                                            Point { lon: c[0], lat: c[1] },
                                            datum.unwrap_or(Datum::Gcj02),
                                        );
                                        [g.lon, g.lat]
                                    })
                                    .collect()
                            })
                            .collect()
                    })
                    .collect(),
            )),
            None => {
                p.fail(Rule::BadFormat, Col::ZoneShape, "服务区范围不是有效的 GeoJSON 坐标");
                None
            }
        },
    };
    let phone = p.text(Col::Phone).unwrap_or_default();
    let website = p.website();
    let updated = p.date(Col::Updated);
    let staff_changed = p.date(Col::StaffChanged);
    let provenance = p.text(Col::Provenance);

    let id = uscc.clone().or_else(|| licence.clone());
    let clean = !p.findings.iter().any(|f| f.rule.severity() == Severity::Error);
    match (clean, id, name, county, town, address, location, nature, grade, care, updated, provenance) {
        (
            true,
            Some(id),
            Some(name),
            Some(county),
            Some(town),
            Some(address),
            Some(location),
            Some(nature),
            Some(grade),
            Some(care),
            Some(updated),
            Some(provenance),
        ) => {
            let r = Record {
                id,
                uscc,
                licence,
                name,
                county,
                town,
                address,
                location,
                nature,
                founded,
                grade,
                grade_year,
                center,
                quality,
                quality_year,
                fees: Fees { care, boarding, meals, approval, effective, previous },
                staff,
                principal_education,
                principal_trained,
                classes,
                seats,
                inclusion,
                resource_room,
                food_safety,
                zone,
                zone_polygon,
                phone,
                website,
                updated,
                staff_changed,
                provenance,
                flags: 0,
            };
            (Some(r), p.findings)
        }
        _ => {
            if clean {
                // Unreachable in practice: every None above recorded an error.
                p.findings.push(Finding::new(Rule::Required, "", "", "本行缺少必填信息"));
            }
            (None, p.findings)
        }
    }
}

/// Reads GeoJSON polygon coordinates: a Polygon's or a MultiPolygon's `coordinates`, or a whole
/// geometry object.
fn parse_polygon(s: &str) -> Option<MultiPolygon> {
    let v: serde_json::Value = serde_json::from_str(s).ok()?;
    let coords = v.get("coordinates").unwrap_or(&v);
    let depth = {
        let mut d = 0;
        let mut cur = coords;
        while let Some(first) = cur.as_array().and_then(|a| a.first()) {
            d += 1;
            cur = first;
        }
        d
    };
    let as_ring = |r: &serde_json::Value| -> Option<Vec<[f64; 2]>> {
        r.as_array()?
            .iter()
            .map(|p| {
                let a = p.as_array()?;
                let (x, y) = (a.first()?.as_f64()?, a.get(1)?.as_f64()?);
                ((-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y)).then_some([x, y])
            })
            .collect()
    };
    let as_poly = |p: &serde_json::Value| -> Option<Vec<Vec<[f64; 2]>>> {
        let rings: Option<Vec<_>> = p.as_array()?.iter().map(as_ring).collect();
        rings.filter(|r| !r.is_empty() && r.iter().all(|ring| ring.len() >= 3))
    };
    let polys = match depth {
        3 => vec![as_poly(coords)?],
        4 => coords.as_array()?.iter().map(as_poly).collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    (!polys.is_empty()).then_some(MultiPolygon(polys))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn yes(b: Option<bool>) -> String {
    match b {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
    .to_string()
}

/// Writes a record back as a spreadsheet row in `COLUMNS` order (coordinates as GCJ-02).
pub fn to_row(r: &Record) -> Vec<String> {
    Col::ALL.iter().map(|&c| cell_of(r, c)).collect()
}

/// A record's cell in a column, as the template has it.
pub fn cell_of(r: &Record, c: Col) -> String {
    let class = |t: ClassType| r.classes[t as usize];
    match c {
        Col::Uscc => opt(r.uscc.as_ref()),
        Col::Licence => opt(r.licence.as_ref()),
        Col::Name => r.name.clone(),
        Col::County => r.county.to_string(),
        Col::Town => r.town.to_string(),
        Col::Address => r.address.clone(),
        Col::Lon => format!("{:.6}", r.location.lon),
        Col::Lat => format!("{:.6}", r.location.lat),
        Col::Datum => "GCJ-02".into(),
        Col::Nature => r.nature.label().into(),
        Col::Founded => opt(r.founded),
        Col::Grade => r.grade.label().into(),
        Col::GradeYear => opt(r.grade_year),
        Col::Center => yes(Some(r.center)),
        Col::Quality => opt(r.quality.map(|q| q.label())),
        Col::QualityYear => opt(r.quality_year),
        Col::CareFee => r.fees.care.to_string(),
        Col::BoardingFee => opt(r.fees.boarding),
        Col::MealsFee => opt(r.fees.meals),
        Col::FeeApproval => r.fees.approval.clone(),
        Col::FeeEffective => opt(r.fees.effective),
        Col::FeePrevious => opt(r.fees.previous),
        Col::Staff => r.staff.total.to_string(),
        Col::Teachers => r.staff.teachers.to_string(),
        Col::TeachersCollege => r.staff.teachers_college.to_string(),
        Col::TeachersCertified => r.staff.teachers_certified.to_string(),
        Col::Nurses => r.staff.nurses.to_string(),
        Col::Health => r.staff.health.to_string(),
        Col::PrincipalEducation => opt(r.principal_education.map(|e| e.label())),
        Col::PrincipalTrained => yes(r.principal_trained),
        Col::ToddlerClasses => class(ClassType::Toddler).classes.to_string(),
        Col::ToddlerChildren => class(ClassType::Toddler).children.to_string(),
        Col::SmallClasses => class(ClassType::Small).classes.to_string(),
        Col::SmallChildren => class(ClassType::Small).children.to_string(),
        Col::MiddleClasses => class(ClassType::Middle).classes.to_string(),
        Col::MiddleChildren => class(ClassType::Middle).children.to_string(),
        Col::LargeClasses => class(ClassType::Large).classes.to_string(),
        Col::LargeChildren => class(ClassType::Large).children.to_string(),
        Col::MixedClasses => class(ClassType::Mixed).classes.to_string(),
        Col::MixedChildren => class(ClassType::Mixed).children.to_string(),
        Col::Seats => r.seats.to_string(),
        Col::Inclusion => yes(r.inclusion),
        Col::ResourceRoom => yes(r.resource_room),
        Col::FoodSafety => opt(r.food_safety.map(|f| f.label())),
        Col::Zone => r.zone.iter().map(u64::to_string).collect::<Vec<_>>().join(";"),
        Col::ZoneShape => r
            .zone_polygon
            .as_ref()
            .map(|mp| serde_json::to_string(&mp.0).unwrap_or_default())
            .unwrap_or_default(),
        Col::Phone => r.phone.clone(),
        Col::Website => opt(r.website.as_ref()),
        Col::Updated => r.updated.to_string(),
        Col::StaffChanged => opt(r.staff_changed),
        Col::Provenance => r.provenance.clone(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The index of the column a template header names; a header no column has fails the test.
    fn idx(header: &str) -> usize {
        COLUMNS.iter().position(|c| c.header == header).unwrap_or_else(|| panic!("{header} is no column"))
    }

    #[test]
    fn every_column_is_found_by_its_own_header_and_template_header() {
        for &c in Col::ALL {
            assert_eq!(column_of(c.header()), Some(c as usize), "{c}");
            assert_eq!(column_of(&template_header(c.def())), Some(c as usize), "{c}");
            assert_eq!(Col::ALL[c as usize], c);
        }
    }

    /// Knows 榕城区 (445202) with one town and village, and a square boundary.
    pub struct Fake;
    impl Places for Fake {
        fn has_county(&self, c: u32) -> bool {
            c == 445202 || c == 110101
        }
        fn town_in_county(&self, t: u32, c: u32) -> Option<bool> {
            (c == 445202).then_some(t == 445202001 || t == 445202100)
        }
        fn village_county(&self, v: u64) -> Option<u32> {
            (v == 445202001001 || v == 445202100201).then_some(445202)
        }
        fn has_villages(&self, c: u32) -> bool {
            c == 445202
        }
        /// 110101's box overlaps 榕城区's west half, so that a shared name can be told apart (or not).
        fn inside_county(&self, p: Point, c: u32) -> Option<bool> {
            let lat = (23.0..24.0).contains(&p.lat);
            match c {
                445202 => Some((116.0..117.0).contains(&p.lon) && lat),
                110101 => Some((116.0..116.45).contains(&p.lon) && lat),
                _ => None,
            }
        }
        fn counties_named(&self, n: &str) -> Vec<u32> {
            match n {
                "榕城区" | "揭阳市榕城区" => vec![445202],
                "东城区" => vec![110101, 445202],
                _ => vec![],
            }
        }
        fn town_names(&self, c: u32) -> &[(u32, String)] {
            static T: std::sync::OnceLock<Vec<(u32, String)>> = std::sync::OnceLock::new();
            if c == 445202 {
                T.get_or_init(|| vec![(445202001, "中山街道".into()), (445202100, "磐东镇".into())])
            } else {
                &[]
            }
        }
        fn village_names(&self, c: u32) -> &[(u64, String, u32)] {
            static V: std::sync::OnceLock<Vec<(u64, String, u32)>> = std::sync::OnceLock::new();
            if c == 445202 {
                V.get_or_init(|| {
                    vec![
                        (445202001001, "新兴社区居民委员会".into(), 445202001),
                        (445202100201, "乔南村民委员会".into(), 445202100),
                    ]
                })
            } else {
                &[]
            }
        }
    }

    pub(crate) fn record() -> Record {
        let mut classes = [ClassCount::default(); 5];
        classes[1] = ClassCount { classes: 2, children: 50 };
        classes[0] = ClassCount { classes: 1, children: 15 };
        Record {
            id: "12445200MB2C765438".into(),
            uscc: Some("12445200MB2C765438".into()),
            licence: None,
            name: "榕城区星桥幼儿园".into(),
            county: 445202,
            town: 445202001,
            address: "中山街道人民路1号".into(),
            location: Point { lon: 116.372345, lat: 23.541234 },
            nature: Nature::InclusivePrivate,
            founded: Date::new(2010, 9, 1),
            grade: Grade::Standard,
            grade_year: Some(2020),
            center: false,
            quality: Some(Quality::Good),
            quality_year: Some(2024),
            fees: Fees {
                care: 1200,
                boarding: None,
                meals: Some(350),
                approval: "揭市发改〔2022〕1号".into(),
                effective: Date::new(2022, 9, 1),
                previous: None,
            },
            staff: Staffing {
                total: 12,
                teachers: 6,
                teachers_college: 5,
                teachers_certified: 6,
                nurses: 3,
                health: 1,
            },
            principal_education: Some(Education::Associate),
            principal_trained: Some(true),
            classes,
            seats: 90,
            inclusion: Some(false),
            resource_room: None,
            food_safety: Some(FoodSafety::B),
            zone: vec![445202001001],
            zone_polygon: Some(MultiPolygon(vec![vec![vec![
                [116.1, 23.1],
                [116.2, 23.1],
                [116.2, 23.2],
                [116.1, 23.1],
            ]]])),
            phone: "0663-1234567".into(),
            website: Some("https://example.edu.cn/kg".into()),
            updated: Date::new(2025, 9, 1).unwrap(),
            staff_changed: Date::new(2025, 3, 1),
            provenance: "公示".into(),
            flags: 0,
        }
    }

    fn cells(row: Vec<String>) -> Vec<Option<String>> {
        row.into_iter().map(Some).collect()
    }

    /// The record, or the errors that reject the row.
    fn parse(row: Vec<String>) -> Result<Record, Vec<Finding>> {
        match parse_row(Row { cells: &cells(row) }, &Fake) {
            (Some(r), f) => {
                assert!(f.iter().all(|f| f.rule.severity() != Severity::Error), "{f:?}");
                Ok(r)
            }
            (None, f) => {
                assert!(f.iter().any(|f| f.rule.severity() == Severity::Error));
                Err(f)
            }
        }
    }

    fn notes(row: Vec<String>) -> (Option<Record>, Vec<Rule>) {
        let (r, f) = parse_row(Row { cells: &cells(row) }, &Fake);
        (r, f.into_iter().map(|f| f.rule).collect())
    }

    #[test]
    fn a_record_survives_the_spreadsheet() {
        let r = record();
        assert_eq!(parse(to_row(&r)).unwrap(), r);
    }

    #[test]
    fn full_width_cells_and_other_datums_are_understood() {
        let mut row = to_row(&record());
        row[idx("保教费")] = kg_shared::text::cell("１２００");
        row[idx("坐标系")] = "WGS-84".into();
        let r = parse(row).unwrap();
        assert_eq!(r.fees.care, 1200);
        let moved = kg_shared::geo::distance_m(r.location, record().location);
        assert!((100.0..1000.0).contains(&moved), "WGS-84 converted to GCJ-02: moved {moved} m");
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: &[(&str, &str, Rule)] = &[
            ("统一社会信用代码", "12445200MB2C765439", Rule::BadCreditCode),
            ("幼儿园名称", "", Rule::Required),
            ("县区代码", "999999", Rule::UnknownDivision),
            ("乡镇街道代码", "445202999", Rule::UnknownDivision),
            ("经度", "east", Rule::BadFormat),
            ("经度", "200", Rule::OutOfRange),
            ("纬度", "30.5", Rule::OutsideCounty),
            ("坐标系", "UTM", Rule::BadFormat),
            ("性质", "公办", Rule::BadFormat),
            ("等级", "五星", Rule::BadFormat),
            ("开办日期", "2010-13-01", Rule::BadFormat),
            ("保教费", "-5", Rule::OutOfRange),
            ("保教费", "12.5", Rule::BadFormat),
            ("专任教师数", "4", Rule::Inconsistent),
            ("教职工数", "3", Rule::Inconsistent),
            ("小班班数", "0", Rule::Inconsistent),
            ("上次调价执行日期", "2023-01-01", Rule::Inconsistent),
            ("服务区社区村代码", "110101001001", Rule::UnknownDivision),
            ("服务区社区村代码", "12345", Rule::BadFormat),
            ("服务区范围", "{\"type\":\"Polygon\"}", Rule::BadFormat),
            ("县区代码", "某某区", Rule::UnknownName),
            ("县区代码", "东城区", Rule::UnknownName),
            ("乡镇街道代码", "中山镇镇", Rule::UnknownName),
            ("服务区社区村代码", "新兴社区、不存在村", Rule::UnknownName),
            ("随班就读", "maybe", Rule::BadFormat),
            ("信息更新日期", "", Rule::Required),
            ("信息来源", "\u{FFFD}\u{FFFD}", Rule::BadEncoding),
        ];
        for (h, v, rule) in cases {
            let mut row = to_row(&record());
            row[idx(h)] = v.to_string();
            let f = parse(row).expect_err(&format!("{h}={v} accepted"));
            assert!(
                f.iter().any(|f| f.rule == *rule
                    && (f.column == *h || f.column.starts_with(&h[..3]) || *rule == Rule::OutsideCounty)),
                "{h}={v}: {f:?}"
            );
            assert!(f.iter().all(|f| !f.message.is_empty()));
        }
        // Both ids missing.
        let mut row = to_row(&record());
        row[0].clear();
        assert!(parse(row).unwrap_err().iter().any(|f| f.message.contains("至少填写一项")));
    }

    #[test]
    fn headers_with_units_spaces_and_full_width_brackets_are_recognised() {
        assert_eq!(column_of("保教费（元/生/月）"), Some(idx("保教费")));
        assert_eq!(column_of(" 保教费 (元/生/月) "), Some(idx("保教费")));
        assert_eq!(column_of("*幼儿园名称"), Some(idx("幼儿园名称")));
        assert_eq!(column_of("备注"), None);
    }

    #[test]
    fn names_stand_for_codes_within_the_county() {
        let mut row = to_row(&record());
        row[idx("县区代码")] = "揭阳市榕城区".into();
        row[idx("乡镇街道代码")] = "中山街道".into();
        row[idx("服务区社区村代码")] = "新兴社区、乔南村".into();
        let r = parse(row).unwrap();
        assert_eq!((r.county, r.town), (445202, 445202001));
        assert_eq!(r.zone, [445202001001, 445202100201]);
        // A name two counties share is settled by the coordinates (the point lies in 榕城区).
        let mut row = to_row(&record());
        row[idx("县区代码")] = "东城区".into();
        row[idx("经度")] = "116.5".into();
        assert_eq!(parse(row).unwrap().county, 445202);
        // An unknown name gets the nearest ones suggested.
        let mut row = to_row(&record());
        row[idx("乡镇街道代码")] = "磐冬镇".into();
        let f = parse(row).unwrap_err();
        assert!(f[0].message.contains("是否为：磐东镇"), "{:?}", f[0].message);
    }

    #[test]
    fn blank_optional_cells_are_not_reported_never_a_no() {
        let mut row = to_row(&record());
        for h in ["园长任职资格培训合格", "随班就读", "资源教室", "食品安全等级"] {
            row[idx(h)] = String::new();
        }
        let r = parse(row).unwrap();
        assert_eq!(
            (r.principal_trained, r.inclusion, r.resource_room, r.food_safety),
            (None, None, None, None)
        );
    }

    #[test]
    fn a_bad_website_never_withholds_the_kindergarten() {
        for (typed, want, rule) in [
            ("www.example.cn", Some("http://www.example.cn"), Some(Rule::WebsiteFixed)),
            ("example.edu.cn/kg", Some("http://example.edu.cn/kg"), Some(Rule::WebsiteFixed)),
            ("HTTPS://Example.cn", Some("HTTPS://Example.cn"), None),
            ("javascript:alert(1)", None, Some(Rule::WebsiteDropped)),
            ("ftp://x.example.cn", None, Some(Rule::WebsiteDropped)),
            ("见公众号", None, Some(Rule::WebsiteDropped)),
        ] {
            let mut row = to_row(&record());
            row[idx("网址")] = typed.into();
            let (r, rules) = notes(row);
            let r = r.unwrap_or_else(|| panic!("{typed} withheld the record"));
            assert_eq!(r.website.as_deref(), want, "{typed}");
            assert_eq!(rules, rule.into_iter().collect::<Vec<_>>(), "{typed}");
        }
    }

    #[test]
    fn natures_as_bureaus_write_them() {
        for (typed, want) in [
            ("公办（教育部门办）", Some(Nature::EduDept)),
            ("公办(其他部门办)", Some(Nature::OtherDept)),
            ("民办(营利性)", Some(Nature::ForProfitPrivate)),
            ("民办（普惠性）", Some(Nature::InclusivePrivate)),
            ("民办（非营利性）", Some(Nature::NonProfitPrivate)),
            ("普惠性民办园", Some(Nature::InclusivePrivate)),
            ("普惠性民办幼儿园", Some(Nature::InclusivePrivate)),
            (" 教育部门办 ", Some(Nature::EduDept)),
            ("公办", None),
            ("民办", None),
        ] {
            assert_eq!(parse_lenient(typed, Nature::parse), want, "{typed}");
        }
        let mut row = to_row(&record());
        row[idx("性质")] = "民办".into();
        let f = parse(row).unwrap_err();
        assert!(f[0].message.contains("教育部门办、其他部门办"), "the accepted list: {}", f[0].message);
    }

    #[test]
    fn units_in_headers_are_checked_against_the_field() {
        let fee = idx("伙食费");
        assert_eq!(
            match_header("伙食费（元/天）"),
            Some(HeaderMatch { column: fee, unit: Some("元/天".into()) })
        );
        assert!(check_unit(fee, "元/天").unwrap_err().to_string().contains("元/生/月"));
        assert!(check_unit(fee, "元/学期").is_err() && check_unit(fee, "万元").is_err());
        for ok in ["元/月", "元/生·月", "元/人/月", "元每月", "必填"] {
            assert!(check_unit(fee, ok).is_ok(), "{ok}");
        }
        assert!(check_unit(idx("教职工数"), "名").is_ok());
        assert!(check_unit(idx("幼儿园名称"), "全称").is_ok(), "a remark on a column without a unit");
    }

    #[test]
    fn bureau_headers_name_the_columns() {
        for (h, col) in [
            ("办园性质", "性质"),
            ("详细地址", "地址"),
            ("开办时间", "开办日期"),
            ("所属街道（镇）", "乡镇街道代码"),
            ("县（市、区）", "县区代码"),
            ("保育教育费（元/生·月）", "保教费"),
            ("＊幼儿园名称", "幼儿园名称"),
            ("招生服务区", "服务区社区村代码"),
        ] {
            assert_eq!(column_of(h), Some(idx(col)), "{h}");
        }
    }

    #[test]
    fn aliases_name_real_columns_and_never_two() {
        let mut seen = std::collections::HashMap::new();
        for (c, aliases) in ALIASES {
            let h = c.header();
            for a in aliases.iter().map(|a| header_key(a)).chain([header_key(h)]) {
                if let Some(other) = seen.insert(a.clone(), h) {
                    assert_eq!(other, h, "{a} names two columns");
                }
                assert!(
                    COLUMNS.iter().all(|c| c.header == h || c.header != a),
                    "{a} is another column's header"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_rows_never_panic(row in proptest::collection::vec(proptest::option::of(".{0,30}"), 0..60)) {
            let (r, f) = parse_row(Row { cells: &row }, &Fake);
            prop_assert_eq!(r.is_none(), f.iter().any(|f| f.rule.severity() == Severity::Error));
        }

        #[test]
        fn mutating_one_cell_gives_a_record_or_findings_never_a_panic(col in 0usize..51, v in "[0-9a-zA-Z\u{4e00}-\u{4e20},.;:/ -]{0,24}") {
            let mut row = to_row(&record());
            row[col] = v;
            match parse(row) {
                Ok(r) => prop_assert!(!r.name.is_empty()),
                Err(f) => prop_assert!(!f.is_empty()),
            }
        }
    }
}
