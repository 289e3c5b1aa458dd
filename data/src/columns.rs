//! The spreadsheet a bureau keeps: one row per kindergarten, one column per field. This table is
//! the single source of truth for the template, the importer and the sample writer.

use kg_shared::{
    codes::check_uscc,
    date::Date,
    geo::{to_gcj02, Datum, MultiPolygon, Point},
    model::{ClassCount, ClassType, Education, Fees, FoodSafety, Grade, Nature, Quality, Record, Staffing},
    rules::{Finding, Rule},
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

macro_rules! col {
    ($h:literal, $u:literal, $n:ident, $help:expr) => {
        Column { header: $h, unit: $u, need: Need::$n, help: || String::from($help) }
    };
    ($h:literal, $u:literal, $n:ident, fn $help:expr) => {
        Column { header: $h, unit: $u, need: Need::$n, help: $help }
    };
}

pub const COLUMNS: &[Column] = &[
    col!("统一社会信用代码", "", OneOfIds, "18位，含校验位（GB 32100-2015）。与办学许可证号至少填一项。"),
    col!("办学许可证号", "", OneOfIds, "没有统一社会信用代码时填写。"),
    col!("幼儿园名称", "", Required, "审批（登记）的规范名称，与办学许可证一致。"),
    col!("县区代码", "", Required, "6位行政区划代码，例如 445202（榕城区）。"),
    col!("乡镇街道代码", "", Required, "9位统计用区划代码，例如 445202001。"),
    col!("地址", "", Required, "详细地址。"),
    col!("经度", "度", Required, "十进制度，例如 116.372345。"),
    col!("纬度", "度", Required, "十进制度，例如 23.541234。"),
    col!(
        "坐标系",
        "",
        Optional,
        "WGS-84（GPS）、GCJ-02（高德、腾讯、天地图以外的国内地图）或 BD-09（百度）；留空按 GCJ-02。"
    ),
    col!("性质", "", Required, fn || format!("可选：{}。公办、普惠由此推算，无需另填。", Nature::allowed())),
    col!("开办日期", "", Optional, "YYYY-MM-DD。"),
    col!("等级", "", Required, fn || format!("可选：{}。", Grade::allowed())),
    col!("等级评定年份", "年", Optional, "四位年份。"),
    col!("乡镇中心幼儿园", "", Optional, "是／否。"),
    col!("保教质量评估结果", "", Optional, fn || format!("可选：{}；未评估留空。", Quality::allowed())),
    col!("保教质量评估年份", "年", Optional, "四位年份。"),
    col!("保教费", "元/生/月", Required, "整数，元。"),
    col!("住宿费", "元/生/月", Optional, "不提供住宿留空。"),
    col!("伙食费", "元/生/月", Optional, "整数，元。"),
    col!("收费批准文号", "", Optional, "价格主管部门批准（备案）文号。"),
    col!("收费执行日期", "", Optional, "现行收费标准的执行日期，YYYY-MM-DD。"),
    col!("上次调价执行日期", "", Optional, "上一次收费标准的执行日期，用于核对3至5年调整间隔。"),
    col!("教职工数", "人", Required, "全部教职工。"),
    col!("专任教师数", "人", Required, ""),
    col!("专任教师大专以上学历人数", "人", Required, "不超过专任教师数。"),
    col!("持证专任教师数", "人", Required, "持有幼儿园教师资格证的专任教师，不超过专任教师数。"),
    col!("保育员数", "人", Required, ""),
    col!("卫生保健人员数", "人", Required, ""),
    col!("园长学历", "", Optional, fn || format!("可选：{}。", Education::allowed())),
    col!("园长任职资格培训合格", "", Optional, "是／否。"),
    col!("托班班数", "个", Optional, "2至3岁托班；没有留空或填0。"),
    col!("托班幼儿数", "人", Optional, ""),
    col!("小班班数", "个", Optional, ""),
    col!("小班幼儿数", "人", Optional, ""),
    col!("中班班数", "个", Optional, ""),
    col!("中班幼儿数", "人", Optional, ""),
    col!("大班班数", "个", Optional, ""),
    col!("大班幼儿数", "人", Optional, ""),
    col!("混龄班班数", "个", Optional, ""),
    col!("混龄班幼儿数", "人", Optional, ""),
    col!("核定学位数", "个", Required, "审批核定的学位数。"),
    col!("随班就读", "", Optional, "是否接收残疾儿童随班就读：是／否。"),
    col!("资源教室", "", Optional, "是否设有资源教室：是／否。"),
    col!("食品安全等级", "", Optional, fn || format!("可选：{}；留空视为未评定。", FoodSafety::allowed())),
    col!(
        "服务区社区村代码",
        "",
        Optional,
        "招生服务区内的社区（村）12位代码，多个用分号、逗号或空格分隔。普惠园应填写。"
    ),
    col!(
        "服务区范围",
        "",
        Optional,
        "可选：服务区多边形的 GeoJSON 坐标（Polygon 或 MultiPolygon 的 coordinates），坐标系同“坐标系”列。"
    ),
    col!("联系电话", "", Optional, ""),
    col!("网址", "", Optional, "以 http:// 或 https:// 开头。"),
    col!("信息更新日期", "", Required, "本条信息最近一次更新的日期，YYYY-MM-DD。"),
    col!("园长或专任教师最近变更日期", "", Optional, "最近一次园长或专任教师变动的日期。"),
    col!("信息来源", "", Required, "本条信息所依据的公示文件或通知（名称、文号）。"),
];

/// The header as written in the template, unit included: "保教费（元/生/月）".
pub fn template_header(c: &Column) -> String {
    if c.unit.is_empty() || c.unit == "年" {
        c.header.to_string()
    } else {
        format!("{}（{}）", c.header, c.unit)
    }
}

/// Full-width ASCII to half-width, ideographic space to space, trimmed.
pub fn normalize_cell(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The column a spreadsheet header names: spaces and a trailing unit in brackets are ignored.
pub fn column_of(header: &str) -> Option<usize> {
    let h = normalize_cell(header).replace([' ', '\t', '*'], "");
    let base = h.split(['(', '（']).next().unwrap_or("");
    COLUMNS.iter().position(|c| c.header == base)
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
}

/// One spreadsheet row by column index (None: the file has no such column).
pub struct Row<'a> {
    pub cells: &'a [Option<String>],
}

struct Parser<'a> {
    row: Row<'a>,
    findings: Vec<Finding>,
}

fn idx(header: &str) -> usize {
    COLUMNS.iter().position(|c| c.header == header).unwrap_or_else(|| panic!("unknown column {header}"))
}

impl Parser<'_> {
    fn raw(&self, h: &str) -> &str {
        self.row.cells.get(idx(h)).and_then(|c| c.as_deref()).unwrap_or("")
    }
    fn fail(&mut self, rule: Rule, h: &str, msg: impl Into<String>) {
        let v = self.raw(h).to_string();
        self.findings.push(Finding::new(rule, h, v, msg));
    }
    fn text(&mut self, h: &str) -> Option<String> {
        let v = self.raw(h).to_string();
        if v.is_empty() {
            if COLUMNS[idx(h)].need == Need::Required {
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
    fn number(&mut self, h: &str, max: f64) -> Option<f64> {
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
    fn int(&mut self, h: &str, max: u32) -> Option<u32> {
        let x = self.number(h, max as f64)?;
        if x.fract() != 0.0 {
            self.fail(Rule::BadFormat, h, format!("“{h}”应为整数"));
            return None;
        }
        Some(x as u32)
    }
    fn count(&mut self, h: &str) -> u16 {
        self.int(h, 5000).unwrap_or(0) as u16
    }
    fn year(&mut self, h: &str) -> Option<u16> {
        let y = self.int(h, 2100)?;
        if y < 1949 {
            self.fail(Rule::OutOfRange, h, format!("“{h}”应为1949年以后的四位年份"));
            return None;
        }
        Some(y as u16)
    }
    fn date(&mut self, h: &str) -> Option<Date> {
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
    fn flag(&mut self, h: &str) -> bool {
        match self.raw(h).to_ascii_lowercase().as_str() {
            "" | "否" | "无" | "n" | "no" | "false" | "0" | "×" => false,
            "是" | "有" | "y" | "yes" | "true" | "1" | "√" => true,
            _ => {
                self.fail(Rule::BadFormat, h, format!("“{h}”应填“是”或“否”"));
                false
            }
        }
    }
    fn code<T>(&mut self, h: &str, parse: fn(&str) -> Option<T>, allowed: fn() -> String) -> Option<T> {
        let v = self.text(h)?;
        let r = parse(&v);
        if r.is_none() {
            self.fail(Rule::BadFormat, h, format!("“{h}”的值“{v}”不在可选范围内（{}）", allowed()));
        }
        r
    }
}

/// Parses one row into a record, or the findings that reject it. Policy warnings are not
/// checked here (see `kg_shared::rules::check_policy`).
pub fn parse_row(row: Row, places: &dyn Places) -> Result<Record, Vec<Finding>> {
    let mut p = Parser { row, findings: Vec::new() };
    let uscc = p.text("统一社会信用代码").and_then(|v| match check_uscc(&v) {
        Ok(c) => Some(c),
        Err(e) => {
            p.fail(Rule::BadCreditCode, "统一社会信用代码", e.to_string());
            None
        }
    });
    let licence = p.text("办学许可证号");
    if p.raw("统一社会信用代码").is_empty() && licence.is_none() {
        p.fail(Rule::Required, "统一社会信用代码", "统一社会信用代码与办学许可证号至少填写一项");
    }
    let name = p.text("幼儿园名称");
    let county = p.int("县区代码", 999_999);
    if let Some(c) = county {
        if !places.has_county(c) {
            p.fail(Rule::UnknownDivision, "县区代码", format!("县区代码 {c} 不存在"));
        }
    }
    let town = p.int("乡镇街道代码", 999_999_999);
    if let (Some(t), Some(c)) = (town, county) {
        let ok = match places.town_in_county(t, c) {
            Some(ok) => ok,
            None => t / 1000 == c,
        };
        if !ok {
            p.fail(Rule::UnknownDivision, "乡镇街道代码", format!("乡镇街道代码 {t} 不存在或不属于县区 {c}"));
        }
    }
    let address = p.text("地址");
    let lon = p.number("经度", 180.0);
    let lat = p.number("纬度", 90.0);
    let datum = match p.raw("坐标系") {
        "" => Some(Datum::Gcj02),
        v => {
            let d = Datum::parse(v);
            if d.is_none() {
                p.fail(Rule::BadFormat, "坐标系", "坐标系应为 WGS-84、GCJ-02 或 BD-09");
            }
            d
        }
    };
    let location = match (lon, lat, datum) {
        (Some(lon), Some(lat), Some(d)) => Some(to_gcj02(Point { lon, lat }, d)),
        _ => None,
    };
    if let (Some(pt), Some(c)) = (location, county) {
        if places.inside_county(pt, c) == Some(false) {
            p.fail(
                Rule::OutsideCounty,
                "经度",
                format!("坐标（GCJ-02：{:.6}, {:.6}）不在县区 {c} 的边界内", pt.lon, pt.lat),
            );
        }
    }
    let nature = p.code("性质", Nature::parse, Nature::allowed);
    let founded = p.date("开办日期");
    let grade = p.code("等级", Grade::parse, Grade::allowed);
    let grade_year = p.year("等级评定年份");
    let center = p.flag("乡镇中心幼儿园");
    let quality = p.code("保教质量评估结果", Quality::parse, Quality::allowed);
    let quality_year = p.year("保教质量评估年份");
    let care = p.int("保教费", 100_000);
    let boarding = p.int("住宿费", 100_000);
    let meals = p.int("伙食费", 100_000);
    let approval = p.text("收费批准文号").unwrap_or_default();
    let effective = p.date("收费执行日期");
    let previous = p.date("上次调价执行日期");
    if let (Some(a), Some(b)) = (previous, effective) {
        if a >= b {
            p.fail(Rule::Inconsistent, "上次调价执行日期", "上次调价执行日期应早于现行收费执行日期");
        }
    }
    let staff = Staffing {
        total: p.count("教职工数"),
        teachers: p.count("专任教师数"),
        teachers_college: p.count("专任教师大专以上学历人数"),
        teachers_certified: p.count("持证专任教师数"),
        nurses: p.count("保育员数"),
        health: p.count("卫生保健人员数"),
    };
    for (h, v) in
        [("专任教师大专以上学历人数", staff.teachers_college), ("持证专任教师数", staff.teachers_certified)]
    {
        if v > staff.teachers {
            p.fail(Rule::Inconsistent, h, format!("{h}（{v}）大于专任教师数（{}）", staff.teachers));
        }
    }
    if staff.teachers as u32 + staff.nurses as u32 + staff.health as u32 > staff.total as u32 {
        p.fail(Rule::Inconsistent, "教职工数", "专任教师、保育员、卫生保健人员之和大于教职工数");
    }
    let principal_education = p.code("园长学历", Education::parse, Education::allowed);
    let principal_trained = p.flag("园长任职资格培训合格");
    let mut classes = [ClassCount::default(); 5];
    for t in ClassType::ALL {
        let (ch, kh) = (format!("{}班数", t.label()), format!("{}幼儿数", t.label()));
        let c = ClassCount { classes: p.count(&ch), children: p.count(&kh) };
        if c.classes == 0 && c.children > 0 {
            p.fail(Rule::Inconsistent, &ch, format!("{}有幼儿但班数为0", t.label()));
        }
        classes[*t as usize] = c;
    }
    let seats = p.count("核定学位数");
    let inclusion = p.flag("随班就读");
    let resource_room = p.flag("资源教室");
    let food_safety = match p.raw("食品安全等级") {
        "" => Some(FoodSafety::Unrated),
        _ => p.code("食品安全等级", FoodSafety::parse, FoodSafety::allowed),
    };
    let mut zone = Vec::new();
    let zone_text = p.raw("服务区社区村代码").to_string();
    for part in zone_text.split([';', '；', ',', '，', '、', ' ', '\n']).filter(|s| !s.is_empty()) {
        match part.parse::<u64>() {
            Ok(v) if (100_000_000_000..=999_999_999_999).contains(&v) => {
                let known = places.village_county(v);
                let ok = match (known, county) {
                    (Some(vc), Some(c)) => vc == c,
                    (None, Some(c)) => !places.has_villages(c) && v / 1_000_000 == c as u64,
                    _ => true,
                };
                if ok {
                    zone.push(v);
                } else {
                    p.fail(
                        Rule::UnknownDivision,
                        "服务区社区村代码",
                        format!("社区村代码 {v} 不存在或不在本县区"),
                    );
                }
            }
            _ => p.fail(Rule::BadFormat, "服务区社区村代码", format!("“{part}”不是12位社区村代码")),
        }
    }
    zone.sort_unstable();
    zone.dedup();
    let zone_text = p.raw("服务区范围").to_string();
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
                p.fail(Rule::BadFormat, "服务区范围", "服务区范围不是有效的 GeoJSON 坐标");
                None
            }
        },
    };
    let phone = p.text("联系电话").unwrap_or_default();
    let website = p.text("网址");
    if let Some(w) = &website {
        let lw = w.to_ascii_lowercase();
        if !(lw.starts_with("http://") || lw.starts_with("https://"))
            || w.contains(char::is_whitespace)
            || w.len() < 11
        {
            p.fail(Rule::BadFormat, "网址", "网址应以 http:// 或 https:// 开头");
        }
    }
    let updated = p.date("信息更新日期");
    let staff_changed = p.date("园长或专任教师最近变更日期");
    let provenance = p.text("信息来源");

    let id = uscc.clone().or_else(|| licence.clone());
    match (
        p.findings.is_empty(),
        id,
        name,
        county,
        town,
        address,
        location,
        nature,
        grade,
        care,
        updated,
        provenance,
        food_safety,
    ) {
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
            Some(food_safety),
        ) => Ok(Record {
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
        }),
        _ => {
            if p.findings.is_empty() {
                // Unreachable in practice: every None above recorded a finding.
                p.findings.push(Finding::new(Rule::Required, "", "", "本行缺少必填信息"));
            }
            Err(p.findings)
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

fn yes(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

/// Writes a record back as a spreadsheet row in `COLUMNS` order (coordinates as GCJ-02).
pub fn to_row(r: &Record) -> Vec<String> {
    let mut row = vec![
        opt(r.uscc.as_ref()),
        opt(r.licence.as_ref()),
        r.name.clone(),
        r.county.to_string(),
        r.town.to_string(),
        r.address.clone(),
        format!("{:.6}", r.location.lon),
        format!("{:.6}", r.location.lat),
        "GCJ-02".into(),
        r.nature.label().into(),
        opt(r.founded),
        r.grade.label().into(),
        opt(r.grade_year),
        yes(r.center),
        opt(r.quality.map(|q| q.label())),
        opt(r.quality_year),
        r.fees.care.to_string(),
        opt(r.fees.boarding),
        opt(r.fees.meals),
        r.fees.approval.clone(),
        opt(r.fees.effective),
        opt(r.fees.previous),
        r.staff.total.to_string(),
        r.staff.teachers.to_string(),
        r.staff.teachers_college.to_string(),
        r.staff.teachers_certified.to_string(),
        r.staff.nurses.to_string(),
        r.staff.health.to_string(),
        opt(r.principal_education.map(|e| e.label())),
        yes(r.principal_trained),
    ];
    for c in r.classes {
        row.push(c.classes.to_string());
        row.push(c.children.to_string());
    }
    row.extend([
        r.seats.to_string(),
        yes(r.inclusion),
        yes(r.resource_room),
        r.food_safety.label().into(),
        r.zone.iter().map(u64::to_string).collect::<Vec<_>>().join(";"),
        r.zone_polygon
            .as_ref()
            .map(|mp| serde_json::to_string(&mp.0).unwrap_or_default())
            .unwrap_or_default(),
        r.phone.clone(),
        opt(r.website.as_ref()),
        r.updated.to_string(),
        opt(r.staff_changed),
        r.provenance.clone(),
    ]);
    debug_assert_eq!(row.len(), COLUMNS.len());
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Knows 榕城区 (445202) with one town and village, and a square boundary.
    pub struct Fake;
    impl Places for Fake {
        fn has_county(&self, c: u32) -> bool {
            c == 445202 || c == 110101
        }
        fn town_in_county(&self, t: u32, c: u32) -> Option<bool> {
            (c == 445202).then_some(t == 445202001)
        }
        fn village_county(&self, v: u64) -> Option<u32> {
            (v == 445202001001).then_some(445202)
        }
        fn has_villages(&self, c: u32) -> bool {
            c == 445202
        }
        fn inside_county(&self, p: Point, c: u32) -> Option<bool> {
            (c == 445202).then(|| (116.0..117.0).contains(&p.lon) && (23.0..24.0).contains(&p.lat))
        }
    }

    fn record() -> Record {
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
            principal_trained: true,
            classes,
            seats: 90,
            inclusion: false,
            resource_room: false,
            food_safety: FoodSafety::B,
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

    fn parse(row: Vec<String>) -> Result<Record, Vec<Finding>> {
        parse_row(Row { cells: &cells(row) }, &Fake)
    }

    #[test]
    fn a_record_survives_the_spreadsheet() {
        let r = record();
        assert_eq!(parse(to_row(&r)).unwrap(), r);
    }

    #[test]
    fn full_width_cells_and_other_datums_are_understood() {
        let mut row = to_row(&record());
        row[idx("保教费")] = normalize_cell("１２００");
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
            ("网址", "javascript:alert(1)", Rule::BadFormat),
            ("网址", "ftp://x.example.cn", Rule::BadFormat),
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

    proptest! {
        #[test]
        fn arbitrary_rows_never_panic(row in proptest::collection::vec(proptest::option::of(".{0,30}"), 0..60)) {
            let _ = parse_row(Row { cells: &row }, &Fake);
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
