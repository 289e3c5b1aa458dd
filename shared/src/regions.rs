//! Binary files for geography: simplified, quantized boundaries (`KGB1`), and per city the
//! 县区, 乡镇/街道 and 社区/村 a reader picks a service zone from (`KGV2`). Same conventions as
//! `codec`: length-checked, never panics.

use crate::codec::{CodecError, Reader, Writer};

/// Boundary coordinates are quantized to 1e-5 degree (about a metre).
pub const QUANT: f64 = 1e5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Province = 0,
    City = 1,
    County = 2,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub code: u32,
    pub name: String,
    pub level: Level,
    pub parent: Option<u32>,
    /// Polygons → rings → [lon, lat] in units of 1/QUANT degree (GCJ-02).
    pub shape: Vec<Vec<Vec<[i32; 2]>>>,
}

/// A shape's rings as flat `[lat, lon, lat, lon, …]` arrays (the order map libraries take), each
/// point passed through `to_map` (e.g. GCJ-02 → WGS-84 when drawn over WGS-84 tiles).
pub fn flat_rings(
    shape: &[Vec<Vec<[i32; 2]>>],
    to_map: &dyn Fn(crate::geo::Point) -> crate::geo::Point,
) -> Vec<Vec<f64>> {
    shape
        .iter()
        .flatten()
        .map(|ring| {
            ring.iter()
                .flat_map(|q| {
                    let p = to_map(crate::geo::Point { lon: q[0] as f64 / QUANT, lat: q[1] as f64 / QUANT });
                    [(p.lat * 1e6).round() / 1e6, (p.lon * 1e6).round() / 1e6]
                })
                .collect()
        })
        .collect()
}

pub fn encode_regions(regions: &[Region]) -> Vec<u8> {
    let mut w = Writer::default();
    w.buf.extend_from_slice(b"KGB1");
    w.varint(regions.len() as u64);
    for r in regions {
        w.varint(r.code as u64);
        w.str(&r.name);
        w.u8(r.level as u8);
        w.varint(r.parent.map_or(0, |p| p as u64));
        w.varint(r.shape.len() as u64);
        let (mut px, mut py) = (0i64, 0i64);
        for poly in &r.shape {
            w.varint(poly.len() as u64);
            for ring in poly {
                w.varint(ring.len() as u64);
                for p in ring {
                    w.zigzag(p[0] as i64 - px);
                    w.zigzag(p[1] as i64 - py);
                    (px, py) = (p[0] as i64, p[1] as i64);
                }
            }
        }
    }
    w.buf
}

fn count(r: &mut Reader, what: &str) -> Result<usize, CodecError> {
    let n = r.varint()?;
    if n > 10_000_000 {
        return r.err(format!("{what}数量无效"));
    }
    Ok(n as usize)
}

pub fn decode_regions(bytes: &[u8]) -> Result<Vec<Region>, CodecError> {
    let mut r = Reader::new(bytes);
    if r.bytes(4)? != b"KGB1" {
        return r.err("文件类型标记不是 KGB1");
    }
    let n = count(&mut r, "区域")?;
    let mut out = Vec::with_capacity(n.min(10_000));
    for _ in 0..n {
        let code = r.small::<u32>("区划代码")?;
        let name = r.str()?.to_string();
        let level = match r.u8()? {
            0 => Level::Province,
            1 => Level::City,
            2 => Level::County,
            _ => return r.err("区划级别无效"),
        };
        let parent = match r.small::<u32>("上级代码")? {
            0 => None,
            p => Some(p),
        };
        let (mut px, mut py) = (0i64, 0i64);
        let np = count(&mut r, "多边形")?;
        let mut shape = Vec::new();
        for _ in 0..np {
            let nr = count(&mut r, "环")?;
            let mut poly = Vec::new();
            for _ in 0..nr {
                let nq = count(&mut r, "点")?;
                let mut ring = Vec::with_capacity(nq.min(100_000));
                for _ in 0..nq {
                    px += r.zigzag()?;
                    py += r.zigzag()?;
                    match (i32::try_from(px), i32::try_from(py)) {
                        (Ok(x), Ok(y)) => ring.push([x, y]),
                        _ => return r.err("坐标超出范围"),
                    }
                }
                poly.push(ring);
            }
            shape.push(poly);
        }
        out.push(Region { code, name, level, parent, shape });
    }
    if !r.done() {
        return r.err("文件末尾有多余的字节");
    }
    Ok(out)
}

impl Region {
    /// Whether `p` (GCJ-02) lies inside the shape: even-odd over each polygon's rings, so a point
    /// in a hole (an enclave of another region) is outside.
    pub fn contains(&self, p: crate::geo::Point) -> bool {
        let (x, y) = (p.lon * QUANT, p.lat * QUANT);
        self.shape.iter().any(|poly| {
            poly.iter()
                .filter(|ring| {
                    let n = ring.len();
                    let mut inside = false;
                    for i in 0..n {
                        let (a, b) = (ring[i], ring[(i + n - 1) % n]);
                        let (xa, ya, xb, yb) = (a[0] as f64, a[1] as f64, b[0] as f64, b[1] as f64);
                        if (ya > y) != (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa {
                            inside = !inside;
                        }
                    }
                    n >= 3 && inside
                })
                .count()
                % 2
                == 1
        })
    }

    /// Metres from `p` to the nearest point of the outline (on a local flat projection, which is
    /// within a percent or so at the few hundred kilometres this is used for); `None` for no shape.
    pub fn distance_m(&self, p: crate::geo::Point) -> Option<f64> {
        let kx = 111_320.0 * p.lat.to_radians().cos() / QUANT;
        let ky = 110_574.0 / QUANT;
        let (x, y) = (p.lon * QUANT * kx, p.lat * QUANT * ky);
        self.shape
            .iter()
            .flatten()
            .filter(|ring| !ring.is_empty())
            .flat_map(|ring| {
                let n = ring.len();
                (0..n).map(move |i| {
                    let (a, b) = (ring[i], ring[(i + 1) % n]);
                    let (ax, ay) = (a[0] as f64 * kx, a[1] as f64 * ky);
                    let (bx, by) = (b[0] as f64 * kx, b[1] as f64 * ky);
                    let (dx, dy) = (bx - ax, by - ay);
                    let len2 = dx * dx + dy * dy;
                    let t = if len2 > 0.0 {
                        (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    ((x - ax - t * dx).powi(2) + (y - ay - t * dy).powi(2)).sqrt()
                })
            })
            .min_by(f64::total_cmp)
    }
}

/// Where a reader's position lies among the cities a dataset covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Whereabouts {
    /// Inside this city's boundary.
    Inside(u32),
    /// Inside none of them; the nearest, and how far its boundary is.
    Outside { nearest: u32, metres: f64 },
}

/// The city of `cities` whose boundary holds `p`, or else the nearest one. `None` when no city of
/// the list has a boundary in `regions`.
pub fn locate(regions: &[Region], cities: &[u32], p: crate::geo::Point) -> Option<Whereabouts> {
    let candidates = || regions.iter().filter(|r| r.level == Level::City && cities.contains(&r.code));
    if let Some(r) = candidates().find(|r| r.contains(p)) {
        return Some(Whereabouts::Inside(r.code));
    }
    candidates()
        .filter_map(|r| Some((r.code, r.distance_m(p)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(nearest, metres)| Whereabouts::Outside { nearest, metres })
}

/// 乡镇/街道 and 社区/村 of one city.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Divisions {
    pub city: u32,
    /// (code, name) of the city's counties that have records.
    pub counties: Vec<(u32, String)>,
    /// (code, name, county)
    pub towns: Vec<(u32, String, u32)>,
    /// (code, name, town)
    pub villages: Vec<(u64, String, u32)>,
}

impl Divisions {
    pub fn county_name(&self, county: u32) -> Option<&str> {
        self.counties.iter().find(|c| c.0 == county).map(|c| c.1.as_str())
    }
    pub fn towns_of(&self, county: u32) -> impl Iterator<Item = &(u32, String, u32)> {
        self.towns.iter().filter(move |t| t.2 == county)
    }
    pub fn villages_of(&self, town: u32) -> impl Iterator<Item = &(u64, String, u32)> {
        self.villages.iter().filter(move |v| v.2 == town)
    }
    pub fn village_name(&self, code: u64) -> Option<&str> {
        self.villages.iter().find(|v| v.0 == code).map(|v| v.1.as_str())
    }

    /// A service zone's 社区/村 by name, grouped by 乡镇/街道 in the zone's order. A code this file
    /// does not know is kept, as its number, under the town its code names (never dropped).
    pub fn zone_by_town(&self, zone: &[u64]) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(u32, String, Vec<String>)> = Vec::new();
        for &v in zone {
            let known = self.villages.iter().find(|x| x.0 == v);
            let town = known.map_or((v / 1000) as u32, |x| x.2);
            let name = known.map_or_else(|| v.to_string(), |x| x.1.clone());
            match out.iter_mut().find(|g| g.0 == town) {
                Some(g) => g.2.push(name),
                None => {
                    let t = self
                        .towns
                        .iter()
                        .find(|t| t.0 == town)
                        .map_or_else(|| town.to_string(), |t| t.1.clone());
                    out.push((town, t, vec![name]));
                }
            }
        }
        out.into_iter().map(|(_, t, v)| (t, v)).collect()
    }

    /// The zone in one line: "中山街道：进东社区、进安社区；西马街道：西马社区".
    pub fn zone_text(&self, zone: &[u64]) -> String {
        self.zone_by_town(zone)
            .into_iter()
            .map(|(t, v)| format!("{t}：{}", v.join("、")))
            .collect::<Vec<_>>()
            .join("；")
    }
}

pub fn encode_divisions(d: &Divisions) -> Vec<u8> {
    let mut w = Writer::default();
    w.buf.extend_from_slice(b"KGV2");
    w.varint(d.city as u64);
    w.varint(d.counties.len() as u64);
    for (code, name) in &d.counties {
        w.varint(code.saturating_sub(d.city) as u64);
        w.str(name);
    }
    w.varint(d.towns.len() as u64);
    for (code, name, county) in &d.towns {
        w.varint((*county).saturating_sub(d.city) as u64);
        w.varint(code.saturating_sub(county * 1000) as u64);
        w.str(name);
    }
    w.varint(d.villages.len() as u64);
    for (code, name, town) in &d.villages {
        w.varint(town.saturating_sub(d.city * 1000) as u64);
        w.varint(code.saturating_sub(*town as u64 * 1000));
        w.str(name);
    }
    w.buf
}

pub fn decode_divisions(bytes: &[u8]) -> Result<Divisions, CodecError> {
    let mut r = Reader::new(bytes);
    if r.bytes(4)? != b"KGV2" {
        return r.err("文件类型标记不是 KGV2");
    }
    let city = r.small::<u32>("城市代码")?;
    let n = count(&mut r, "县区")?;
    let mut counties = Vec::with_capacity(n.min(10_000));
    for _ in 0..n {
        let code = city.saturating_add(r.small::<u32>("县区")?);
        counties.push((code, r.str()?.to_string()));
    }
    let n = count(&mut r, "乡镇")?;
    let mut towns = Vec::with_capacity(n.min(100_000));
    for _ in 0..n {
        let county = city.saturating_add(r.small::<u32>("县区")?);
        let code = county.saturating_mul(1000).saturating_add(r.small::<u32>("乡镇")?);
        towns.push((code, r.str()?.to_string(), county));
    }
    let n = count(&mut r, "社区村")?;
    let mut villages = Vec::with_capacity(n.min(1_000_000));
    for _ in 0..n {
        let town = city.saturating_mul(1000).saturating_add(r.small::<u32>("乡镇")?);
        let code = (town as u64).saturating_mul(1000).saturating_add(r.varint()?);
        villages.push((code, r.str()?.to_string(), town));
    }
    if !r.done() {
        return r.err("文件末尾有多余的字节");
    }
    Ok(Divisions { city, counties, towns, villages })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Point;
    use proptest::prelude::*;

    fn square(code: u32, lon: f64, lat: f64, side: f64, hole: bool) -> Region {
        let q = |x: f64, y: f64| [(x * QUANT) as i32, (y * QUANT) as i32];
        let ring = |x: f64, y: f64, s: f64| vec![q(x, y), q(x + s, y), q(x + s, y + s), q(x, y + s)];
        let mut poly = vec![ring(lon, lat, side)];
        if hole {
            poly.push(ring(lon + side / 4.0, lat + side / 4.0, side / 2.0));
        }
        Region { code, name: code.to_string(), level: Level::City, parent: None, shape: vec![poly] }
    }

    #[test]
    fn a_zone_is_named_by_town_and_keeps_unknown_codes() {
        let d = Divisions {
            city: 445200,
            counties: vec![(445202, "榕城区".into())],
            towns: vec![(445202001, "中山街道".into(), 445202), (445202002, "西马街道".into(), 445202)],
            villages: vec![
                (445202001001, "进东社区".into(), 445202001),
                (445202001002, "进安社区".into(), 445202001),
                (445202002001, "西马社区".into(), 445202002),
            ],
        };
        assert_eq!(
            d.zone_by_town(&[445202001002, 445202002001, 445202001001, 445202009001]),
            vec![
                ("中山街道".to_string(), vec!["进安社区".to_string(), "进东社区".to_string()]),
                ("西马街道".to_string(), vec!["西马社区".to_string()]),
                ("445202009".to_string(), vec!["445202009001".to_string()]),
            ]
        );
        assert_eq!(d.zone_text(&[445202002001, 445202001001]), "西马街道：西马社区；中山街道：进东社区");
    }

    #[test]
    fn a_position_chooses_the_city_that_holds_it_or_names_the_nearest() {
        // Two cities side by side; the first has an enclave (a hole) in its middle.
        let rs = vec![square(1, 100.0, 20.0, 1.0, true), square(2, 101.0, 20.0, 1.0, false)];
        let at = |lon, lat| locate(&rs, &[1, 2], Point { lon, lat });
        assert_eq!(at(100.1, 20.1), Some(Whereabouts::Inside(1)));
        assert_eq!(at(101.5, 20.5), Some(Whereabouts::Inside(2)));
        // In the hole: inside neither, and the nearest is the city around it.
        assert!(matches!(at(100.5, 20.5), Some(Whereabouts::Outside { nearest: 1, .. })));
        // Far to the east: the second city, about 1° of longitude at 20°N (~104 km) beyond it.
        match at(103.0, 20.5) {
            Some(Whereabouts::Outside { nearest: 2, metres }) => {
                assert!((95e3..115e3).contains(&metres), "{metres}")
            }
            other => panic!("{other:?}"),
        }
        // A city not in the dataset is never chosen.
        assert!(matches!(
            locate(&rs, &[2], Point { lon: 100.1, lat: 20.1 }),
            Some(Whereabouts::Outside { nearest: 2, .. })
        ));
        assert_eq!(locate(&rs, &[], Point { lon: 100.1, lat: 20.1 }), None);
    }

    #[test]
    fn round_trips() {
        let regions = vec![
            Region {
                code: 440000,
                name: "广东省".into(),
                level: Level::Province,
                parent: None,
                shape: vec![],
            },
            Region {
                code: 445202,
                name: "榕城区".into(),
                level: Level::County,
                parent: Some(445200),
                shape: vec![vec![vec![[11637000, 2354000], [11640000, 2354000], [11640000, 2351000]]]],
            },
        ];
        assert_eq!(decode_regions(&encode_regions(&regions)).unwrap(), regions);
        let d = Divisions {
            city: 445200,
            counties: vec![(445202, "榕城区".into())],
            towns: vec![(445202001, "中山街道".into(), 445202)],
            villages: vec![(445202001001, "新兴社区居委会".into(), 445202001)],
        };
        let back = decode_divisions(&encode_divisions(&d)).unwrap();
        assert_eq!(back, d);
        assert_eq!(back.village_name(445202001001), Some("新兴社区居委会"));
        assert_eq!(back.towns_of(445202).count(), 1);
        assert_eq!(back.county_name(445202), Some("榕城区"));
        let bytes = encode_divisions(&d);
        for cut in 0..bytes.len() {
            assert!(decode_divisions(&bytes[..cut]).is_err(), "divisions cut at {cut}");
        }
        let bytes = encode_regions(&regions);
        for cut in 0..bytes.len() {
            assert!(decode_regions(&bytes[..cut]).is_err());
        }
    }

    proptest! {
        #[test]
        fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut a = b"KGB1".to_vec();
            a.extend_from_slice(&bytes);
            let _ = decode_regions(&a);
            let mut b = b"KGV2".to_vec();
            b.extend_from_slice(&bytes);
            let _ = decode_divisions(&b);
        }
    }
}
