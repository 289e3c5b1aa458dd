//! The finder's query engine over one or more decoded list shards: text search (Chinese
//! substring, full pinyin, initials; indifferent to 简/繁 and full/half width), filters, sorts,
//! nearest-k by a grid, and 社区/村 → kindergartens admitting from it. Built once per load; every
//! query then touches only flat arrays.

use crate::{
    codec::{ListShard, StrCol, BIT_INCLUSION, BIT_TODDLER},
    geo::{distance_m, Point},
    model::Nature,
};
use std::collections::HashMap;

/// Folds text for matching: full-width ASCII to half-width, ASCII lower case, white space
/// removed, Traditional characters to Simplified when a map is given.
pub fn fold(s: &str, t2s: Option<&HashMap<char, char>>) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .map(|c| t2s.and_then(|m| m.get(&c).copied()).unwrap_or(c))
        .collect()
}

/// Marks every record of a string column that contains `needle`, searching the column's
/// contiguous bytes in place (a match may not span two records).
fn mark_col(col: &StrCol, needle: &str, hit: &mut [bool]) {
    if needle.is_empty() {
        return;
    }
    let n = needle.len();
    for pos in memchr::memmem::find_iter(col.data.as_bytes(), needle.as_bytes()) {
        let i = col.ends.partition_point(|&e| (e as usize) <= pos);
        if i < col.ends.len() && pos + n <= col.ends[i] as usize {
            if let Some(h) = hit.get_mut(i) {
                *h = true;
            }
        }
    }
}

/// A derived text column joined into one byte string for fast substring search.
struct Blob {
    bytes: Vec<u8>,
    /// End offset of record i (exclusive); a '\n' separates records.
    ends: Vec<u32>,
}

impl Blob {
    fn new(n: usize, f: impl Fn(usize) -> String) -> Blob {
        let mut bytes = Vec::new();
        let mut ends = Vec::with_capacity(n);
        for i in 0..n {
            bytes.extend_from_slice(f(i).as_bytes());
            ends.push(bytes.len() as u32);
            bytes.push(b'\n');
        }
        Blob { bytes, ends }
    }

    /// Marks every record whose text contains `needle`.
    fn mark(&self, needle: &str, hit: &mut [bool]) {
        if needle.is_empty() {
            return;
        }
        for pos in memchr::memmem::find_iter(&self.bytes, needle.as_bytes()) {
            let i = self.ends.partition_point(|&e| (e as usize) < pos + needle.len());
            if let Some(h) = hit.get_mut(i) {
                *h = true;
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    /// Distance when a place is set, else name.
    #[default]
    Auto,
    Distance,
    FeeAsc,
    FeeDesc,
    Grade,
    Name,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    /// 普惠 only (公办 + 普惠性民办).
    pub inclusive_only: bool,
    /// Any of these natures (empty: any).
    pub natures: Vec<Nature>,
    /// Minimum `Grade::rank` (0 = any).
    pub min_grade_rank: u8,
    pub fee_min: Option<u32>,
    pub fee_max: Option<u32>,
    pub toddler: bool,
    pub inclusion: bool,
    pub county: Option<u32>,
    pub town: Option<u32>,
    /// Only within this many metres of the query's origin.
    pub within_m: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub text: String,
    pub filters: Filters,
    pub sort: Sort,
    /// GCJ-02 point distances are measured from.
    pub origin: Option<Point>,
    /// Only kindergartens whose service zone admits this 社区/村.
    pub village: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub idx: u32,
    /// Metres from the origin, when there is one.
    pub distance_m: Option<f64>,
}

/// Cell size of the nearest-neighbour grid, in millionths of a degree (0.05°, about 5 km).
const CELL: i32 = 50_000;

pub struct Finder {
    pub shard: ListShard,
    /// Pinyin without the spaces between syllables.
    pinyin: Blob,
    /// (grid cell key, record) sorted by key.
    grid: Vec<(u64, u32)>,
    /// (village code, record) sorted.
    zones: Vec<(u64, u32)>,
    /// Rank of each record's pinyin, for sorting by name.
    name_rank: Vec<u32>,
    /// Records in pinyin order: a name-sorted result is a filtered walk, no sort.
    by_name: Vec<u32>,
}

fn cell_of(lon_e6: i32, lat_e6: i32) -> (i32, i32) {
    (lon_e6.div_euclid(CELL), lat_e6.div_euclid(CELL))
}

fn cell_key(cx: i32, cy: i32) -> u64 {
    ((cx as u32 as u64) << 32) | cy as u32 as u64
}

/// Fast planar distance² in (metre-scaled) units, good for ranking nearby points.
fn approx_d2(a_lon: i32, a_lat: i32, b_lon: i32, b_lat: i32, coslat: f64) -> f64 {
    let dx = (a_lon - b_lon) as f64 * coslat;
    let dy = (a_lat - b_lat) as f64;
    dx * dx + dy * dy
}

impl ListShard {
    /// Concatenates shards (e.g. every city, for national queries).
    pub fn merge(shards: Vec<ListShard>) -> ListShard {
        let mut out = ListShard { zone_start: vec![0], ..ListShard::default() };
        for s in shards {
            out.append(s);
        }
        out
    }

    /// Appends another shard's records, consuming it (so peak memory stays near the total).
    pub fn append(&mut self, s: ListShard) {
        let out = self;
        if out.zone_start.is_empty() {
            out.zone_start.push(0);
        }
        let push_col = |dst: &mut StrCol, src: &StrCol| {
            for i in 0..src.len() {
                dst.push(src.get(i));
            }
        };
        {
            push_col(&mut out.ids, &s.ids);
            push_col(&mut out.names, &s.names);
            push_col(&mut out.pinyin, &s.pinyin);
            push_col(&mut out.initials, &s.initials);
            push_col(&mut out.addresses, &s.addresses);
            out.county.extend(&s.county);
            out.town.extend(&s.town);
            out.lon_e6.extend(&s.lon_e6);
            out.lat_e6.extend(&s.lat_e6);
            out.nature.extend(&s.nature);
            out.grade.extend(&s.grade);
            out.fee.extend(&s.fee);
            out.flags.extend(&s.flags);
            out.children.extend(&s.children);
            out.seats.extend(&s.seats);
            out.bits.extend(&s.bits);
            let base = out.zone_codes.len() as u32;
            out.zone_codes.extend(&s.zone_codes);
            out.zone_start.extend(s.zone_start[1..].iter().map(|z| z + base));
            out.city = s.city;
        }
    }
}

impl Finder {
    pub fn new(shard: ListShard) -> Finder {
        let n = shard.len();
        let pinyin = Blob::new(n, |i| shard.pinyin.get(i).replace(' ', ""));
        let mut grid: Vec<(u64, u32)> = (0..n)
            .map(|i| {
                let (cx, cy) = cell_of(shard.lon_e6[i], shard.lat_e6[i]);
                (cell_key(cx, cy), i as u32)
            })
            .collect();
        grid.sort_unstable();
        let mut zones: Vec<(u64, u32)> =
            (0..n).flat_map(|i| shard.zone(i).iter().map(move |&v| (v, i as u32))).collect();
        zones.sort_unstable();
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by(|&a, &b| shard.pinyin.get(a as usize).cmp(shard.pinyin.get(b as usize)));
        let mut name_rank = vec![0u32; n];
        for (r, &i) in order.iter().enumerate() {
            name_rank[i as usize] = r as u32;
        }
        Finder { shard, pinyin, grid, zones, name_rank, by_name: order }
    }

    pub fn len(&self) -> usize {
        self.shard.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shard.is_empty()
    }

    /// Records whose service zone admits `village`, in record order.
    pub fn admitting(&self, village: u64) -> Vec<u32> {
        let start = self.zones.partition_point(|&(v, _)| v < village);
        self.zones[start..].iter().take_while(|&&(v, _)| v == village).map(|&(_, i)| i).collect()
    }

    fn passes(&self, i: usize, f: &Filters) -> bool {
        let s = &self.shard;
        let nature = s.nature[i];
        (!f.inclusive_only || nature.is_inclusive())
            && (f.natures.is_empty() || f.natures.contains(&nature))
            && s.grade[i].rank() >= f.min_grade_rank
            && f.fee_min.is_none_or(|m| s.fee[i] >= m)
            && f.fee_max.is_none_or(|m| s.fee[i] <= m)
            && (!f.toddler || s.bits[i] & BIT_TODDLER != 0)
            && (!f.inclusion || s.bits[i] & BIT_INCLUSION != 0)
            && f.county.is_none_or(|c| s.county[i] == c)
            && f.town.is_none_or(|t| s.town[i] == t)
    }

    /// Runs a query; `t2s` folds Traditional input (see `hant::HantMap::inverse`).
    pub fn search(&self, q: &Query, t2s: Option<&HashMap<char, char>>) -> Vec<Hit> {
        let n = self.len();
        let text = fold(&q.text, t2s);
        let sort = match q.sort {
            Sort::Auto if q.origin.is_some() => Sort::Distance,
            Sort::Auto => Sort::Name,
            Sort::Distance if q.origin.is_none() => Sort::Name,
            other => other,
        };
        let mut candidates: Vec<u32> = if let Some(v) = q.village {
            self.admitting(v)
        } else if text.is_empty() {
            if sort == Sort::Name {
                self.by_name.clone()
            } else {
                (0..n as u32).collect()
            }
        } else {
            let mut hit = vec![false; n];
            // Names and addresses are stored folded already (half-width, Simplified); ASCII
            // letters in names are also in their pinyin, which is lower case.
            mark_col(&self.shard.names, &text, &mut hit);
            mark_col(&self.shard.addresses, &text, &mut hit);
            if text.bytes().all(|b| b.is_ascii_alphabetic()) {
                self.pinyin.mark(&text, &mut hit);
                mark_col(&self.shard.initials, &text, &mut hit);
            }
            if sort == Sort::Name {
                self.by_name.iter().copied().filter(|&i| hit[i as usize]).collect()
            } else {
                (0..n as u32).filter(|&i| hit[i as usize]).collect()
            }
        };
        if q.village.is_some() && !text.is_empty() {
            candidates.retain(|&i| {
                let i = i as usize;
                fold(self.shard.names.get(i), None).contains(&text)
                    || self.shard.pinyin.get(i).replace(' ', "").contains(&text)
                    || self.shard.initials.get(i).contains(&text)
            });
        }
        candidates.retain(|&i| self.passes(i as usize, &q.filters));
        let (olon, olat, coslat) = match q.origin {
            Some(p) => (crate::codec::e6(p.lon), crate::codec::e6(p.lat), p.lat.to_radians().cos()),
            None => (0, 0, 1.0),
        };
        let s = &self.shard;
        if let (Some(max), Some(_)) = (q.filters.within_m, q.origin) {
            // 1e-6 degree of latitude is about 0.111 m.
            let lim = (max / 0.111_195).powi(2);
            candidates.retain(|&i| {
                approx_d2(s.lon_e6[i as usize], s.lat_e6[i as usize], olon, olat, coslat) <= lim * 1.0001
            });
        }
        let already_by_name = sort == Sort::Name && q.village.is_none();
        match sort {
            Sort::Distance => {
                let mut keyed: Vec<(f64, u32)> = candidates
                    .iter()
                    .map(|&i| (approx_d2(s.lon_e6[i as usize], s.lat_e6[i as usize], olon, olat, coslat), i))
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                candidates = keyed.into_iter().map(|(_, i)| i).collect();
            }
            Sort::FeeAsc => candidates.sort_by_key(|&i| (s.fee[i as usize], self.name_rank[i as usize])),
            Sort::FeeDesc => candidates
                .sort_by_key(|&i| (std::cmp::Reverse(s.fee[i as usize]), self.name_rank[i as usize])),
            Sort::Grade => candidates.sort_by_key(|&i| {
                (std::cmp::Reverse(s.grade[i as usize].rank()), self.name_rank[i as usize])
            }),
            Sort::Name | Sort::Auto if already_by_name => {}
            Sort::Name | Sort::Auto => candidates.sort_by_key(|&i| self.name_rank[i as usize]),
        }
        candidates
            .into_iter()
            .map(|idx| Hit { idx, distance_m: q.origin.map(|o| distance_m(o, s.point(idx as usize))) })
            .collect()
    }

    /// The `k` records nearest to `p` that pass `keep`, nearest first, with distances in metres.
    pub fn nearest(&self, p: Point, k: usize, keep: impl Fn(u32) -> bool) -> Vec<(u32, f64)> {
        let s = &self.shard;
        let (plon, plat) = (crate::codec::e6(p.lon), crate::codec::e6(p.lat));
        let coslat = p.lat.to_radians().cos();
        let (cx, cy) = cell_of(plon, plat);
        let mut best: Vec<(f64, u32)> = Vec::with_capacity(k + 1);
        let consider = |i: u32, best: &mut Vec<(f64, u32)>| {
            if !keep(i) {
                return;
            }
            let d = approx_d2(s.lon_e6[i as usize], s.lat_e6[i as usize], plon, plat, coslat);
            if best.len() < k || d < best[best.len() - 1].0 {
                let at = best.partition_point(|e| e.0 <= d);
                best.insert(at, (d, i));
                best.truncate(k);
            }
        };
        if k == 0 || s.is_empty() {
            return vec![];
        }
        for r in 0..=400i32 {
            for dx in -r..=r {
                for dy in -r..=r {
                    if dx.abs() != r && dy.abs() != r {
                        continue; // ring r only
                    }
                    let key = cell_key(cx + dx, cy + dy);
                    let start = self.grid.partition_point(|&(c, _)| c < key);
                    for &(c, i) in &self.grid[start..] {
                        if c != key {
                            break;
                        }
                        consider(i, &mut best);
                    }
                }
            }
            // Every point outside ring r is at least r cells away (in latitude or scaled longitude).
            let reach = (r as f64) * CELL as f64 * coslat.min(1.0);
            if best.len() == k && best[k - 1].0 <= reach * reach {
                break;
            }
            if r == 400 {
                // Sparse data far away: finish with a full scan.
                for i in 0..s.len() as u32 {
                    if !best.iter().any(|b| b.1 == i) {
                        consider(i, &mut best);
                    }
                }
            }
        }
        best.into_iter().map(|(_, i)| (i, distance_m(p, s.point(i as usize)))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        codec::{decode_list, encode_list},
        model::Grade,
        rules::tests::good,
    };
    use proptest::prelude::*;

    fn finder() -> Finder {
        let mk = |id: &str, name: &str, nature, fee, lon, lat, zone: Vec<u64>| {
            let mut r = good();
            r.id = id.into();
            r.address = match id {
                "a" => "中山街道新兴路1号",
                "b" => "中山街道人民路2号",
                "c" => "曲溪街道建设路3号",
                _ => "星沙街道开元路4号",
            }
            .into();
            r.name = name.into();
            r.nature = nature;
            r.fees.care = fee;
            r.location = Point { lon, lat };
            r.zone = zone;
            r
        };
        let recs = vec![
            mk(
                "a",
                "榕城区星桥幼儿园",
                Nature::EduDept,
                600,
                116.37,
                23.54,
                vec![445202001001, 445202001002],
            ),
            mk("b", "榕城区阳光幼儿园", Nature::InclusivePrivate, 1200, 116.40, 23.55, vec![445202001002]),
            mk("c", "揭东区蓓蕾幼儿园", Nature::ForProfitPrivate, 3000, 116.42, 23.57, vec![]),
            mk("d", "长沙县星沙幼儿园", Nature::NonProfitPrivate, 1800, 116.30, 23.50, vec![]),
        ];
        let py: Vec<String> = vec![
            "rong cheng qu xing qiao you er yuan".into(),
            "rong cheng qu yang guang you er yuan".into(),
            "jie dong qu bei lei you er yuan".into(),
            "chang sha xian xing sha you er yuan".into(),
        ];
        Finder::new(decode_list(&encode_list(445200, &recs, &py)).unwrap())
    }

    fn names(f: &Finder, hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| f.shard.names.get(h.idx as usize).to_string()).collect()
    }

    fn text(q: &str) -> Query {
        Query { text: q.into(), ..Query::default() }
    }

    #[test]
    fn finds_by_chinese_pinyin_initials_width_and_script() {
        let f = finder();
        assert_eq!(names(&f, &f.search(&text("星桥"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("xqy"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("XingQiao"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("ｘｑｙ"), None)), ["榕城区星桥幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("星 桥"), None)), ["榕城区星桥幼儿园"]);
        let t2s: HashMap<char, char> = [('橋', '桥'), ('區', '区')].into_iter().collect();
        assert_eq!(names(&f, &f.search(&text("星橋"), Some(&t2s))), ["榕城区星桥幼儿园"]);
        // Address search; 长 read cháng in 长沙.
        assert_eq!(names(&f, &f.search(&text("人民路"), None)), ["榕城区阳光幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("中山街道"), None)), ["榕城区星桥幼儿园", "榕城区阳光幼儿园"]);
        assert_eq!(names(&f, &f.search(&text("changsha"), None)), ["长沙县星沙幼儿园"]);
        assert_eq!(f.search(&text("zz"), None).len(), 0);
        assert_eq!(f.search(&text(""), None).len(), 4);
    }

    #[test]
    fn filters_and_sorts() {
        let f = finder();
        let mut q = Query::default();
        q.filters.inclusive_only = true;
        q.sort = Sort::FeeDesc;
        assert_eq!(names(&f, &f.search(&q, None)), ["榕城区阳光幼儿园", "榕城区星桥幼儿园"]);
        q.filters = Filters { fee_max: Some(2000), fee_min: Some(700), ..Filters::default() };
        q.sort = Sort::FeeAsc;
        assert_eq!(names(&f, &f.search(&q, None)), ["榕城区阳光幼儿园", "长沙县星沙幼儿园"]);
        q.filters = Filters { natures: vec![Nature::ForProfitPrivate], ..Filters::default() };
        assert_eq!(names(&f, &f.search(&q, None)), ["揭东区蓓蕾幼儿园"]);
        q.filters = Filters { min_grade_rank: Grade::Province1.rank(), ..Filters::default() };
        assert!(f.search(&q, None).is_empty(), "fixtures are 市一级");
        // Sorting by name follows pinyin.
        let all = f.search(&Query { sort: Sort::Name, ..Query::default() }, None);
        assert_eq!(names(&f, &all)[0], "长沙县星沙幼儿园");
        // Distance: origin at 星桥, within 5 km.
        let q = Query {
            origin: Some(Point { lon: 116.37, lat: 23.54 }),
            filters: Filters { within_m: Some(5_000.0), ..Filters::default() },
            ..Query::default()
        };
        let hits = f.search(&q, None);
        assert_eq!(names(&f, &hits), ["榕城区星桥幼儿园", "榕城区阳光幼儿园"]);
        assert!(hits[0].distance_m.unwrap() < 1.0);
        let d = hits[1].distance_m.unwrap();
        assert!((3_000.0..3_500.0).contains(&d), "{d}");
    }

    #[test]
    fn service_zone_lookup() {
        let f = finder();
        assert_eq!(f.admitting(445202001002), vec![0, 1]);
        assert_eq!(f.admitting(445202001001), vec![0]);
        assert!(f.admitting(445202009999).is_empty());
        let q = Query { village: Some(445202001002), ..Query::default() };
        assert_eq!(f.search(&q, None).len(), 2);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn nearest_equals_brute_force(
            pts in proptest::collection::vec((113.0f64..117.0, 21.0f64..25.0), 1..300),
            p in (112.0f64..118.0, 20.0f64..26.0),
            k in 1usize..25,
        ) {
            let recs: Vec<_> = pts.iter().enumerate().map(|(i, &(lon, lat))| {
                let mut r = good();
                r.id = i.to_string();
                r.location = Point { lon, lat };
                r
            }).collect();
            let py = vec![String::new(); recs.len()];
            let f = Finder::new(decode_list(&encode_list(445200, &recs, &py)).unwrap());
            let origin = Point { lon: p.0, lat: p.1 };
            let got: Vec<f64> = f.nearest(origin, k, |_| true).into_iter().map(|x| x.1).collect();
            let mut all: Vec<f64> = (0..recs.len()).map(|i| distance_m(origin, f.shard.point(i))).collect();
            all.sort_by(f64::total_cmp);
            all.truncate(k);
            prop_assert_eq!(got.len(), all.len());
            for (a, b) in got.iter().zip(&all) {
                // The grid ranks by a planar approximation: allow its error (well under 1%).
                prop_assert!((a - b).abs() <= b * 0.01 + 1.0, "{} vs {}", a, b);
            }
        }
    }
}
