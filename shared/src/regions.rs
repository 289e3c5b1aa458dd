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
    use proptest::prelude::*;

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
