//! Coordinates. Records are stored in GCJ-02 (the datum of Chinese maps and of the boundary
//! data). Browsers give WGS-84 and some bureau systems export BD-09: convert before any distance.

use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Datum {
    Wgs84,
    Gcj02,
    Bd09,
}

impl Datum {
    pub fn parse(s: &str) -> Option<Datum> {
        match s.trim().to_ascii_uppercase().replace(['-', '_', ' '], "").as_str() {
            "WGS84" | "GPS" | "WGS" => Some(Datum::Wgs84),
            "GCJ02" | "GCJ" | "火星坐标" | "国测局" => Some(Datum::Gcj02),
            "BD09" | "BD" | "百度" | "BD09LL" => Some(Datum::Bd09),
            _ => None,
        }
    }
}

const A: f64 = 6378245.0;
const EE: f64 = 0.006_693_421_622_965_943;
const X_PI: f64 = PI * 3000.0 / 180.0;

/// GCJ-02 leaves points outside mainland China's rough bounding box unchanged.
pub fn outside_china(p: Point) -> bool {
    !(72.004..=137.8347).contains(&p.lon) || !(0.8293..=55.8271).contains(&p.lat)
}

fn t_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn t_lon(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

pub fn wgs84_to_gcj02(p: Point) -> Point {
    if outside_china(p) {
        return p;
    }
    let d_lat = t_lat(p.lon - 105.0, p.lat - 35.0);
    let d_lon = t_lon(p.lon - 105.0, p.lat - 35.0);
    let rad = p.lat / 180.0 * PI;
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sq = magic.sqrt();
    let d_lat = d_lat * 180.0 / ((A * (1.0 - EE)) / (magic * sq) * PI);
    let d_lon = d_lon * 180.0 / (A / sq * rad.cos() * PI);
    Point { lon: p.lon + d_lon, lat: p.lat + d_lat }
}

/// Inverse of [`wgs84_to_gcj02`] by fixed-point iteration (error well under a centimetre).
pub fn gcj02_to_wgs84(g: Point) -> Point {
    if outside_china(g) {
        return g;
    }
    let mut w = g;
    for _ in 0..8 {
        let back = wgs84_to_gcj02(w);
        w.lon -= back.lon - g.lon;
        w.lat -= back.lat - g.lat;
    }
    w
}

pub fn bd09_to_gcj02(p: Point) -> Point {
    let x = p.lon - 0.0065;
    let y = p.lat - 0.006;
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    Point { lon: z * theta.cos(), lat: z * theta.sin() }
}

pub fn gcj02_to_bd09(p: Point) -> Point {
    let z = (p.lon * p.lon + p.lat * p.lat).sqrt() + 0.00002 * (p.lat * X_PI).sin();
    let theta = p.lat.atan2(p.lon) + 0.000003 * (p.lon * X_PI).cos();
    Point { lon: z * theta.cos() + 0.0065, lat: z * theta.sin() + 0.006 }
}

/// Converts a point in `datum` to GCJ-02.
pub fn to_gcj02(p: Point, datum: Datum) -> Point {
    match datum {
        Datum::Gcj02 => p,
        Datum::Wgs84 => wgs84_to_gcj02(p),
        Datum::Bd09 => bd09_to_gcj02(p),
    }
}

/// Great-circle distance in metres (the crow flies).
pub fn distance_m(a: Point, b: Point) -> f64 {
    const R: f64 = 6_371_008.8;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dla = la2 - la1;
    let dlo = (b.lon - a.lon).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().asin()
}

/// A polygon with holes: the first ring is the outline, the rest are holes. Rings are lists of
/// [lon, lat]; closing the ring is optional.
pub type Ring = Vec<[f64; 2]>;

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct MultiPolygon(pub Vec<Vec<Ring>>);

impl MultiPolygon {
    /// Even-odd rule over every ring: a point in a hole is outside.
    pub fn contains(&self, p: Point) -> bool {
        self.0.iter().any(|poly| poly.iter().filter(|ring| ring_contains(ring, p)).count() % 2 == 1)
    }

    pub fn bbox(&self) -> Option<BBox> {
        let mut it = self.0.iter().flatten().flatten();
        let first = it.next()?;
        let mut b = BBox { min_lon: first[0], max_lon: first[0], min_lat: first[1], max_lat: first[1] };
        for c in it {
            b.min_lon = b.min_lon.min(c[0]);
            b.max_lon = b.max_lon.max(c[0]);
            b.min_lat = b.min_lat.min(c[1]);
            b.max_lat = b.max_lat.max(c[1]);
        }
        Some(b)
    }
}

fn ring_contains(ring: &[[f64; 2]], p: Point) -> bool {
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = (ring[i][0], ring[i][1]);
        let (xj, yj) = (ring[j][0], ring[j][1]);
        if (yi > p.lat) != (yj > p.lat) && p.lon < (xj - xi) * (p.lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_lon: f64,
    pub max_lon: f64,
    pub min_lat: f64,
    pub max_lat: f64,
}

impl BBox {
    pub fn contains(&self, p: Point) -> bool {
        (self.min_lon..=self.max_lon).contains(&p.lon) && (self.min_lat..=self.max_lat).contains(&p.lat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gcj_offset_is_hundreds_of_metres_in_china_and_zero_abroad() {
        // 揭阳市 榕城区.
        let w = Point { lon: 116.3729, lat: 23.5500 };
        let g = wgs84_to_gcj02(w);
        let off = distance_m(w, g);
        assert!((200.0..900.0).contains(&off), "offset {off} m");
        let back = gcj02_to_wgs84(g);
        assert!(distance_m(back, w) < 0.01);
        let paris = Point { lon: 2.35, lat: 48.85 };
        assert_eq!(wgs84_to_gcj02(paris), paris);
        assert_eq!(Datum::parse("gcj-02"), Some(Datum::Gcj02));
        assert_eq!(Datum::parse("百度"), Some(Datum::Bd09));
        assert_eq!(Datum::parse("x"), None);
    }

    #[test]
    fn known_distance() {
        // 广州 to 深圳 city centres, about 104 km.
        let gz = Point { lon: 113.2644, lat: 23.1291 };
        let sz = Point { lon: 114.0579, lat: 22.5431 };
        let d = distance_m(gz, sz);
        assert!((100_000.0..108_000.0).contains(&d), "{d}");
    }

    #[test]
    fn polygon_with_hole() {
        let outer = vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
        let hole = vec![[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0]];
        let mp = MultiPolygon(vec![vec![outer, hole]]);
        assert!(mp.contains(Point { lon: 1.0, lat: 1.0 }));
        assert!(!mp.contains(Point { lon: 5.0, lat: 5.0 }));
        assert!(!mp.contains(Point { lon: 11.0, lat: 5.0 }));
        assert_eq!(mp.bbox().unwrap().max_lon, 10.0);
    }

    proptest! {
        #[test]
        fn bd09_round_trip(lon in 73.0f64..135.0, lat in 4.0f64..53.0) {
            let g = Point { lon, lat };
            let back = bd09_to_gcj02(gcj02_to_bd09(g));
            prop_assert!(distance_m(g, back) < 2.0);
        }
    }
}
