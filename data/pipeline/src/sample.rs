//! The deterministic sample: synthetic kindergartens for every county of the committed regions
//! (广东省, 株洲市, 平顶山市), or with `national` for every county of China (~280,000 records,
//! for benchmarks; generated on demand, never committed). Same seed, same bytes. Everything it
//! makes is marked as sample data. Divisions, boundaries and names of places are real; the
//! kindergartens, their names and all figures are invented.

use crate::places::Geo;
use kg_shared::{
    codes::uscc_check_char,
    date::Date,
    geo::Point,
    model::{ClassCount, ClassType, Education, Fees, FoodSafety, Grade, Nature, Quality, Record, Staffing},
    stats::CountyYear,
};
use std::collections::HashSet;

pub const AS_OF: (u16, u8, u8) = (2025, 9, 30);

/// SplitMix64: tiny, fast and stable forever, so the sample never changes by accident.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// The generator's whole state, so a run can be replayed from it (`Rng::at`).
    pub fn state(&self) -> u64 {
        self.0
    }
    pub fn at(state: u64) -> Self {
        Rng(state)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    pub fn int(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as u32
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next_u64() % v.len() as u64) as usize]
    }
}

const ELEGANT: &[&str] = &[
    "阳光",
    "蓓蕾",
    "星星",
    "童心",
    "育才",
    "金色",
    "小天使",
    "春苗",
    "新苗",
    "启智",
    "博雅",
    "彩虹",
    "七彩",
    "明珠",
    "蓝天",
    "东方",
    "英才",
    "智慧树",
    "小太阳",
    "向日葵",
    "爱心",
    "乐童",
    "童趣",
    "稚慧",
    "朝阳",
    "晨曦",
    "小海豚",
    "金太阳",
    "小博士",
    "苗苗",
    "雅韵",
    "睿思",
    "鹏程",
    "欣欣",
    "安琪",
    "贝乐",
    "思源",
];
const ENTERPRISE: &[&str] =
    &["电力", "铁路", "供销", "石化", "邮电", "粮食", "水电", "电信", "医院", "卫生院"];
const ROADS: &[&str] = &[
    "人民路",
    "建设路",
    "中山路",
    "解放路",
    "新华路",
    "文化路",
    "振兴路",
    "朝阳路",
    "育才路",
    "和平路",
    "环城路",
    "滨江路",
    "新村路",
    "学府路",
    "东风路",
    "青年路",
    "幸福路",
    "光明路",
];
const ENGLISH: &[&str] = &["Sunshine", "Happy Kids", "Little Star", "Rainbow"];

fn short_town(name: &str) -> &str {
    for suf in ["街道办事处", "街道", "镇", "乡", "办事处"] {
        if let Some(s) = name.strip_suffix(suf) {
            if s.chars().count() >= 2 {
                return s;
            }
        }
    }
    name
}

fn short_county(name: &str) -> &str {
    for suf in ["自治县", "区", "县", "市"] {
        if let Some(s) = name.strip_suffix(suf) {
            if s.chars().count() >= 2 {
                return s;
            }
        }
    }
    name
}

fn uscc(rng: &mut Rng, prefix: &str, county: u32) -> String {
    const CH: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut s = format!("{prefix}{county}");
    while s.len() < 17 {
        s.push(CH[(rng.next_u64() % 31) as usize] as char);
    }
    let c = uscc_check_char(s.as_bytes()).unwrap_or('0');
    s.push(c);
    s
}

fn date(rng: &mut Rng, from: Date, to: Date) -> Date {
    let (a, b) = (from.to_days(), to.to_days());
    Date::from_days(a + (rng.next_u64() % (b - a + 1) as u64) as i32)
}

/// Settings that make one county differ from the next.
struct CountyProfile {
    public_share: f64,
    inclusive_private_share: f64,
    fee_level: f64,
    staffing_slack: f64,
}

struct Town {
    code: u32,
    name: String,
    is_street: bool,
    villages: Vec<u64>,
}

pub struct Generated {
    pub records: Vec<Record>,
    pub stats: Vec<CountyYear>,
}

/// Generates the sample; `scale` multiplies the kindergartens per town (benchmarks of big cities).
pub fn generate_scaled(geo: &Geo, national: bool, seed: u64, scale: f64) -> Generated {
    let mut counties: Vec<u32> =
        if national { geo.counties.keys().copied().collect() } else { geo.detailed_counties() };
    counties.sort_unstable();
    generate_counties(geo, &counties, national, seed, scale)
}

/// The sample's records and statistics of some counties, exactly as the whole sample (of
/// `national` mode or not) has them: every county draws from its own seed.
pub fn generate_counties(geo: &Geo, counties: &[u32], national: bool, seed: u64, scale: f64) -> Generated {
    let detailed: HashSet<u32> = geo.detailed_counties().into_iter().collect();
    let mut records = Vec::new();
    let mut stats = Vec::new();
    for &county in counties {
        let mut rng = Rng::new(seed ^ (county as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let Some(info) = geo.counties.get(&county) else {
            continue;
        };
        let guangdong = info.province == 440000;
        let rich = [440100, 440300, 440600, 441900, 442000].contains(&info.city);
        let profile = CountyProfile {
            public_share: rng.range(0.28, 0.72),
            inclusive_private_share: rng.range(0.35, 0.92),
            fee_level: if rich { rng.range(1.5, 2.4) } else { rng.range(0.8, 1.3) },
            staffing_slack: rng.range(0.0, 0.12),
        };
        let towns: Vec<Town> = if detailed.contains(&county) {
            geo.towns_of(county)
                .into_iter()
                .map(|(code, name)| Town {
                    code,
                    name: name.to_string(),
                    is_street: name.contains("街道") || name.contains("办事处"),
                    villages: geo.villages_of(code).into_iter().map(|(v, _)| v).collect(),
                })
                .collect()
        } else {
            let k = rng.int(6, 18);
            (1..=k)
                .map(|i| Town {
                    code: county * 1000 + i,
                    name: format!("示例{}镇", i),
                    is_street: i <= 2,
                    villages: (1..=rng.int(5, 20))
                        .map(|j| (county as u64 * 1000 + i as u64) * 1000 + j as u64)
                        .collect(),
                })
                .collect()
        };
        let shape = geo.boundary(county).map(|b| (&b.shape, b.shape.bbox()));
        let inside = |p: Point| match &shape {
            Some((s, _)) => s.contains(p),
            None => kg_shared::geo::distance_m(p, info.point) < info.radius_deg.max(0.02) * 111_000.0 * 2.0,
        };
        let random_point = |rng: &mut Rng| -> Point {
            for _ in 0..200 {
                let p = match &shape {
                    Some((_, Some(b))) => {
                        Point { lon: rng.range(b.min_lon, b.max_lon), lat: rng.range(b.min_lat, b.max_lat) }
                    }
                    _ => {
                        let r = info.radius_deg.max(0.02);
                        Point {
                            lon: info.point.lon + rng.range(-r, r),
                            lat: info.point.lat + rng.range(-r, r),
                        }
                    }
                };
                if inside(p) {
                    return p;
                }
            }
            info.point
        };
        let cshort = short_county(&info.name).to_string();
        let mut names: HashSet<String> = HashSet::new();
        let mut public_names: Vec<String> = Vec::new();
        let mut numbered = 0;
        let mut county_records = Vec::new();
        for town in &towns {
            let center = random_point(&mut rng);
            let n = if national {
                rng.int(6, 10)
            } else if town.is_street {
                rng.int(5, 16)
            } else {
                rng.int(3, 9)
            };
            let n = ((n as f64) * scale).round().max(1.0) as usize;
            let tshort = short_town(&town.name).to_string();
            let mut town_recs: Vec<Record> = Vec::new();
            for k in 0..n {
                let center_kg = k == 0 && !town.is_street && rng.chance(0.94);
                let nature = if center_kg {
                    Nature::EduDept
                } else if rng.chance(profile.public_share) {
                    *rng.pick(&[
                        Nature::EduDept,
                        Nature::EduDept,
                        Nature::EduDept,
                        Nature::EduDept,
                        Nature::OtherDept,
                        Nature::PublicInstitution,
                        Nature::StateEnterprise,
                        Nature::Collective,
                        Nature::Collective,
                    ])
                } else if rng.chance(profile.inclusive_private_share) {
                    Nature::InclusivePrivate
                } else if rng.chance(0.3) {
                    Nature::NonProfitPrivate
                } else {
                    Nature::ForProfitPrivate
                };
                let mut name = if center_kg {
                    format!("{cshort}{tshort}中心幼儿园")
                } else if nature.is_public() {
                    match nature {
                        Nature::StateEnterprise => {
                            format!("{cshort}{}幼儿园", rng.pick(ENTERPRISE))
                        }
                        Nature::OtherDept => format!("{cshort}机关幼儿园"),
                        Nature::Collective => {
                            format!("{tshort}{}幼儿园", if town.is_street { "社区" } else { "村" })
                        }
                        _ => {
                            numbered += 1;
                            if numbered == 1 {
                                format!("{cshort}实验幼儿园")
                            } else {
                                format!("{cshort}第{}幼儿园", to_cn(numbered))
                            }
                        }
                    }
                } else {
                    format!("{tshort}{}幼儿园", rng.pick(ELEGANT))
                };
                // A realistic share of names that break the naming rules.
                let roll = rng.f();
                if !nature.is_public() {
                    if roll < 0.012 {
                        name = name.replace("幼儿园", "双语幼儿园");
                    } else if roll < 0.02 {
                        name = name.replace("幼儿园", "艺术幼儿园");
                    } else if roll < 0.027 {
                        name = format!("{tshort}国际幼儿园");
                    } else if roll < 0.033 {
                        name = format!("{tshort}{}幼儿园", rng.pick(ENGLISH));
                    } else if roll < 0.036 && !public_names.is_empty() {
                        name = rng.pick(&public_names).clone();
                    }
                }
                let base = name.clone();
                let mut dup = 1;
                while !names.insert(name.clone()) {
                    dup += 1;
                    name = base.replace("幼儿园", &format!("第{}分园", to_cn(dup)));
                    if dup > 1 && !base.ends_with("幼儿园") {
                        name = format!("{base}{dup}");
                    }
                }
                if nature.is_public() {
                    public_names.push(name.clone());
                }
                let id = if nature.is_public() {
                    uscc(&mut rng, "12", county)
                } else if rng.chance(0.05) {
                    format!("教民{county}{:07}号", rng.int(1, 9_999_999))
                } else {
                    uscc(&mut rng, if nature == Nature::ForProfitPrivate { "91" } else { "52" }, county)
                };
                let (id_uscc, licence) =
                    if id.starts_with('教') { (None, Some(id.clone())) } else { (Some(id.clone()), None) };
                // Position: around the town centre, inside the county.
                let mut location = center;
                for _ in 0..30 {
                    let p = Point {
                        lon: center.lon + rng.range(-0.02, 0.02),
                        lat: center.lat + rng.range(-0.018, 0.018),
                    };
                    if inside(p) {
                        location = p;
                        break;
                    }
                }
                // Classes and children.
                let size = if nature.is_public() { rng.int(3, 15) } else { rng.int(3, 12) };
                let mut classes = [ClassCount::default(); 5];
                let over = rng.chance(0.04);
                for t in [ClassType::Small, ClassType::Middle, ClassType::Large] {
                    let c = (size / 3).max(1) + u32::from(rng.chance(0.3));
                    let fill = if over { rng.range(1.02, 1.2) } else { rng.range(0.7, 1.0) };
                    classes[t as usize] = ClassCount {
                        classes: c as u16,
                        children: ((c as f64) * t.limit() as f64 * fill) as u16,
                    };
                }
                if rng.chance(0.06) {
                    classes[ClassType::Mixed as usize] =
                        ClassCount { classes: 1, children: rng.int(12, 30) as u16 };
                }
                if rng.chance(0.3) {
                    let c = rng.int(1, 2);
                    classes[ClassType::Toddler as usize] =
                        ClassCount { classes: c as u16, children: (c * rng.int(10, 20)) as u16 };
                }
                let total_classes: u32 = classes.iter().map(|c| c.classes as u32).sum();
                let short = rng.chance(0.04 + profile.staffing_slack);
                let teachers = if short {
                    2 * total_classes - rng.int(1, total_classes.max(1))
                } else {
                    2 * total_classes + rng.int(0, 2)
                };
                let nurses =
                    if short && rng.chance(0.5) { total_classes - 1 } else { total_classes + rng.int(0, 1) };
                let college_rate =
                    if guangdong && !rich { rng.range(0.7, 1.0) } else { rng.range(0.82, 1.0) };
                let health = rng.int(1, 2);
                let staff = Staffing {
                    teachers: teachers as u16,
                    teachers_college: ((teachers as f64) * college_rate).round() as u16,
                    teachers_certified: if rng.chance(0.1) {
                        teachers.saturating_sub(rng.int(1, 2))
                    } else {
                        teachers
                    } as u16,
                    nurses: nurses as u16,
                    health: health as u16,
                    total: (teachers + nurses + health + rng.int(2, 8)) as u16,
                };
                let enrolled: u32 = classes.iter().map(|c| c.children as u32).sum();
                let seats = if rng.chance(0.03) {
                    enrolled.saturating_sub(rng.int(5, 30))
                } else {
                    (enrolled as f64 * rng.range(1.0, 1.25)) as u32
                };
                let care = match nature {
                    n if n.is_public() => rng.int(25, 90) * 10,
                    Nature::InclusivePrivate => rng.int(60, 150) * 10,
                    _ => rng.int(150, 600) * 10,
                };
                let care = ((care as f64 * profile.fee_level) / 10.0).round() as u32 * 10;
                let effective =
                    date(&mut rng, Date::new(2020, 10, 1).unwrap(), Date::new(2025, 3, 1).unwrap());
                let effective = if nature.is_inclusive() && rng.chance(0.04) {
                    date(&mut rng, Date::new(2016, 9, 1).unwrap(), Date::new(2020, 6, 1).unwrap())
                } else {
                    effective
                };
                let gap_days = if rng.chance(0.05) { rng.int(400, 1000) } else { rng.int(1100, 1800) } as i32;
                let previous = rng.chance(0.8).then(|| effective.add_days(-gap_days));
                let grade_roll = rng.f();
                let grade = if nature.is_public() {
                    match grade_roll {
                        x if x < 0.05 => Grade::Province1,
                        x if x < 0.25 => Grade::City1,
                        x if x < 0.55 => Grade::County1,
                        x if x < 0.95 => Grade::Standard,
                        _ => Grade::Unrated,
                    }
                } else {
                    match grade_roll {
                        x if x < 0.03 => Grade::City1,
                        x if x < 0.18 => Grade::County1,
                        x if x < 0.8 => Grade::Standard,
                        _ => Grade::Unrated,
                    }
                };
                let grade = if guangdong {
                    grade
                } else {
                    match grade {
                        Grade::Province1 => Grade::ProvinceModel,
                        Grade::City1 => Grade::CityModel,
                        Grade::County1 => Grade::CountyModel,
                        g => g,
                    }
                };
                let quality = rng.chance(0.7).then(|| match rng.f() {
                    x if x < 0.2 => Quality::Excellent,
                    x if x < 0.7 => Quality::Good,
                    x if x < 0.97 => Quality::Pass,
                    _ => Quality::Fail,
                });
                let updated = date(&mut rng, Date::new(2025, 1, 1).unwrap(), Date::new(2025, 9, 20).unwrap());
                let staff_changed = if rng.chance(0.05) {
                    Some(date(
                        &mut rng,
                        updated.add_days(5),
                        Date::new(2025, 8, 25).unwrap().max(updated.add_days(5)),
                    ))
                } else {
                    rng.chance(0.6).then(|| date(&mut rng, Date::new(2024, 6, 1).unwrap(), updated))
                };
                let road = rng.pick(ROADS);
                county_records.push(Record {
                    id,
                    uscc: id_uscc,
                    licence,
                    name,
                    county,
                    town: town.code,
                    address: format!("{}{}{}{}号", info.name, town.name, road, rng.int(1, 399)),
                    location,
                    nature,
                    founded: Some(date(
                        &mut rng,
                        Date::new(1980, 9, 1).unwrap(),
                        Date::new(2023, 9, 1).unwrap(),
                    )),
                    grade,
                    grade_year: (grade != Grade::Unrated).then(|| rng.int(2012, 2024) as u16),
                    center: center_kg,
                    quality,
                    quality_year: quality.map(|_| rng.int(2022, 2025) as u16),
                    fees: Fees {
                        care,
                        boarding: rng.chance(0.05).then(|| rng.int(10, 40) * 10),
                        meals: Some(rng.int(20, 60) * 10),
                        approval: if nature.is_inclusive() {
                            format!("{}发改价格〔{}〕{}号", cshort, effective.year, rng.int(1, 80))
                        } else {
                            format!("{}民办园收费备案〔{}〕{}号", cshort, effective.year, rng.int(1, 300))
                        },
                        effective: Some(effective),
                        previous,
                    },
                    staff,
                    principal_education: Some(match rng.f() {
                        x if x < 0.03 => Education::Postgraduate,
                        x if x < 0.6 => Education::Bachelor,
                        x if x < 0.94 => Education::Associate,
                        _ => Education::Secondary,
                    }),
                    principal_trained: Some(rng.chance(0.95)),
                    classes,
                    seats: seats.min(u16::MAX as u32) as u16,
                    inclusion: Some(rng.chance(0.4)),
                    resource_room: Some(rng.chance(0.15)),
                    food_safety: Some(match rng.f() {
                        x if x < 0.5 => FoodSafety::A,
                        x if x < 0.9 => FoodSafety::B,
                        x if x < 0.97 => FoodSafety::C,
                        _ => FoodSafety::Unrated,
                    }),
                    zone: vec![],
                    zone_polygon: None,
                    phone: format!("0{}-{}", rng.int(660, 799), rng.int(2_000_000, 8_999_999)),
                    website: rng
                        .chance(0.2)
                        .then(|| format!("https://kg{}.example.edu.cn/", rng.int(1000, 99999))),
                    updated,
                    staff_changed,
                    provenance: format!(
                        "{}{}教育局2025年幼儿园信息公示（示例数据）",
                        info.city_name, info.name
                    ),
                    flags: 0,
                });
                town_recs.push(county_records.pop().unwrap());
            }
            // Service zones: the town's 社区/村 shared out among its 普惠 kindergartens.
            let inclusive: Vec<usize> =
                (0..town_recs.len()).filter(|&i| town_recs[i].nature.is_inclusive()).collect();
            if !inclusive.is_empty() && !town.villages.is_empty() {
                let per = town.villages.len().div_ceil(inclusive.len());
                for (j, &i) in inclusive.iter().enumerate() {
                    if rng.chance(0.03) {
                        continue; // no zone published: trips W13
                    }
                    let start = (j * per).min(town.villages.len() - 1);
                    let end = ((j + 1) * per + usize::from(rng.chance(0.3))).min(town.villages.len());
                    town_recs[i].zone = town.villages[start..end.max(start + 1)].to_vec();
                }
            }
            // Some zones are also drawn as a polygon (a hexagon around the kindergarten). Each uses an
            // RNG seeded from its id, so the rest of the sample is unchanged by this.
            for r in town_recs.iter_mut().filter(|r| !r.zone.is_empty()) {
                let h =
                    r.id.bytes()
                        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
                let mut prng = Rng::new(h);
                if prng.chance(0.25) {
                    let radius = prng.range(0.004, 0.01);
                    let turn = prng.range(0.0, 1.0);
                    let c = r.location;
                    let mut ring: Vec<[f64; 2]> = (0..6)
                        .map(|k| {
                            let a = (k as f64 + turn) * std::f64::consts::PI / 3.0;
                            let lon = c.lon + radius * a.cos() / c.lat.to_radians().cos();
                            [(lon * 1e6).round() / 1e6, ((c.lat + radius * a.sin()) * 1e6).round() / 1e6]
                        })
                        .collect();
                    ring.push(ring[0]);
                    r.zone_polygon = Some(kg_shared::geo::MultiPolygon(vec![vec![ring]]));
                }
            }
            county_records.extend(town_recs);
        }
        let mut years = county_stats(&mut rng, county, &county_records);
        // The later columns draw from a generator of their own, so the figures above stay
        // what they were before these columns existed.
        later_columns(&mut Rng::new(seed ^ (county as u64).wrapping_mul(0x9FB2_1C65_1E98_DF25)), &mut years);
        stats.extend(years);
        records.extend(county_records);
    }
    Generated { records, stats }
}

/// Five years of published county statistics around what the records say for 2025, with
/// growth towards the targets and, in some counties, a published figure that differs from the
/// records (so the portal can show both).
fn county_stats(rng: &mut Rng, county: u32, recs: &[Record]) -> Vec<CountyYear> {
    let enrolled: u32 = recs.iter().map(Record::children).sum();
    let public: u32 = recs.iter().filter(|r| r.nature.is_public()).map(Record::children).sum();
    let inclusive: u32 = recs.iter().filter(|r| r.nature.is_inclusive()).map(Record::children).sum();
    let gross_2025 = rng.range(0.9, 1.08);
    let age = (enrolled as f64 / gross_2025).round().max(1.0);
    let residents = age * rng.range(22.0, 38.0);
    let fiscal_edu = residents * rng.range(0.08, 0.2);
    let share_2025 = rng.range(0.03, 0.08);
    let mismatch = rng.chance(0.15);
    let passed_year = rng.chance(0.35).then(|| rng.int(2021, 2025) as u16);
    (2021..=2025u16)
        .map(|year| {
            let back = (2025 - year) as f64;
            let g = (1.0 - 0.035 * back).max(0.7);
            let pub_g = (1.0 - 0.06 * back).max(0.6);
            let inc_g = (1.0 - 0.03 * back).max(0.7);
            let e = (enrolled as f64
                * (g + if mismatch && year == 2025 { rng.range(0.03, 0.08) } else { 0.0 }))
            .round() as u32;
            CountyYear {
                county,
                year,
                age_3_5: (age * (1.0 + 0.02 * back)).round() as u32,
                residents: (residents * (1.0 - 0.004 * back)).round() as u32,
                enrolled: e,
                enrolled_public: ((public as f64) * pub_g * g).round().min(e as f64) as u32,
                enrolled_inclusive: ((inclusive as f64) * inc_g * g).round().min(e as f64) as u32,
                fiscal_preschool: (fiscal_edu * (share_2025 - 0.004 * back).max(0.01) * 100.0).round()
                    / 100.0,
                fiscal_education: (fiscal_edu * (1.0 - 0.03 * back) * 100.0).round() / 100.0,
                new_public_seats: rng.int(0, (age as u32 / 20).max(30)),
                supervision_passed: passed_year.is_some_and(|y| y <= year),
                ..CountyYear::default()
            }
        })
        .collect()
}

/// The statistics added after the first eleven columns: 学前教育一般公共预算教育支出 (a share of
/// the 财政性学前教育经费, so 生均 mostly grows; in some counties it falls for a year), 公办园公用
/// 经费 (about 450–900 元 per child), 新建改扩建公办园 and the villages of 4000 residents or more
/// with and without a 规范化普惠园.
fn later_columns(rng: &mut Rng, years: &mut [CountyYear]) {
    let budget_share = rng.range(0.8, 0.95);
    let dip = rng.chance(0.15).then(|| rng.int(2022, 2025) as u16);
    let operating = rng.range(450.0, 900.0);
    let villages = rng.int(0, 12);
    let covered_share = if rng.chance(0.3) { 1.0 } else { rng.range(0.4, 1.0) };
    let round2 = |v: f64| (v * 100.0).round() / 100.0;
    for y in years.iter_mut() {
        let back = (2025 - y.year) as f64;
        let share = if dip == Some(y.year) { budget_share * 0.85 } else { budget_share };
        y.preschool_budget = Some(round2(y.fiscal_preschool * share));
        y.public_operating_funds =
            Some(round2(operating * rng.range(0.97, 1.03) * y.enrolled_public as f64 / 10_000.0));
        y.new_public_kg = Some(rng.int(0, 8));
        y.villages_4000 = Some(villages);
        let covered = (covered_share - 0.05 * back).max(0.0);
        y.villages_4000_covered = Some(((villages as f64) * covered).round() as u32);
    }
}

fn to_cn(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] }
        ),
        _ => n.to_string(),
    }
}

/// Rows a bureau gets wrong, appended to the sample so that its report shows every error kind:
/// (description, row). Built from real sample rows with one thing broken each.
pub fn broken_rows(good: &[Vec<String>]) -> Vec<Vec<String>> {
    use crate::columns::Col;
    let col = |c: Col| c as usize;
    let mut out = Vec::new();
    let mut take = |i: usize, f: &dyn Fn(&mut Vec<String>)| {
        if let Some(r) = good.get(i) {
            let mut r = r.clone();
            f(&mut r);
            out.push(r);
        }
    };
    take(3, &|r| {
        let c = &mut r[col(Col::Uscc)];
        if c.len() == 18 {
            let last = if c.ends_with('0') { '1' } else { '0' };
            c.pop();
            c.push(last);
        }
    });
    take(5, &|r| r[col(Col::Name)] = String::new());
    take(7, &|r| r[col(Col::Updated)] = "2025-02-30".into());
    take(9, &|r| r[col(Col::Town)] = "999999999".into());
    take(11, &|r| {
        r[col(Col::Lon)] = "121.47".into();
        r[col(Col::Lat)] = "31.23".into();
    });
    take(13, &|r| r[col(Col::TeachersCollege)] = "999".into());
    take(15, &|r| r[col(Col::Nature)] = "公办".into());
    take(17, &|r| r[col(Col::CareFee)] = "八百".into());
    take(19, &|r| r[col(Col::FoodSafety)] = "优良".into());
    // A duplicate of a published row.
    take(21, &|_| {});
    out
}
