//! Geography the publishing tool checks records against: the national county list, and for the
//! regions with committed divisions and boundaries, 乡镇/街道, 社区/村 and county polygons.

use crate::columns::Places;
use anyhow::anyhow;
use kg_shared::geo::{distance_m, MultiPolygon, Point};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct County {
    pub code: u32,
    pub name: String,
    pub city: u32,
    pub city_name: String,
    pub province: u32,
    pub province_name: String,
    pub point: Point,
    pub radius_deg: f64,
}

impl County {
    /// "揭阳市 榕城区"; a county-level city without counties (东莞, 中山) once: "中山市".
    pub fn label(&self) -> String {
        if self.name == self.city_name {
            self.name.clone()
        } else {
            format!("{} {}", self.city_name, self.name)
        }
    }
}

#[derive(Clone, Debug)]
pub struct Boundary {
    pub code: u32,
    pub name: String,
    /// "省", "市" or "区县".
    pub level: String,
    pub parent: Option<u32>,
    pub shape: MultiPolygon,
}

#[derive(Default)]
pub struct Geo {
    pub counties: HashMap<u32, County>,
    pub boundaries: Vec<Boundary>,
    by_code: HashMap<u32, usize>,
    /// town code → (name, county)
    pub towns: HashMap<u32, (String, u32)>,
    /// village code → (name, town)
    pub villages: HashMap<u64, (String, u32)>,
    counties_with_towns: std::collections::HashSet<u32>,
    /// county → its 乡镇/街道 (code, name), for names written instead of codes.
    town_index: HashMap<u32, Vec<(u32, String)>>,
    /// county → its 社区/村 (code, name, town).
    village_index: HashMap<u32, Vec<(u64, String, u32)>>,
    /// county name → codes (names repeat across cities: 新华区, 鼓楼区…).
    county_names: HashMap<String, Vec<u32>>,
}

#[derive(Deserialize)]
struct Fc {
    features: Vec<Feature>,
}
#[derive(Deserialize)]
struct Feature {
    properties: Props,
    geometry: Geometry,
}
#[derive(Deserialize)]
struct Props {
    adcode: u32,
    name: String,
    level: String,
    parent: Option<u32>,
}
#[derive(Deserialize)]
struct Geometry {
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

/// The four source files of `data/geo`, as text, with the names errors cite.
pub struct GeoSources<'a> {
    pub counties: (&'a str, &'a str),
    pub boundaries: (&'a str, &'a str),
    pub towns: (&'a str, &'a str),
    pub villages: (&'a str, &'a str),
}

impl GeoSources<'static> {
    /// The divisions and boundaries this build carries (`data/geo`), for the browser's
    /// publishing page and tests; the CLI reads `--geo`.
    pub fn bundled() -> Self {
        GeoSources {
            counties: ("data/geo/counties.csv", include_str!("../../geo/counties.csv")),
            boundaries: ("data/geo/boundaries.geojson", include_str!("../../geo/boundaries.geojson")),
            towns: ("data/geo/towns.csv", include_str!("../../geo/towns.csv")),
            villages: ("data/geo/villages.csv", include_str!("../../geo/villages.csv")),
        }
    }
}

fn csv_rows((name, text): (&str, &str)) -> anyhow::Result<Vec<csv::StringRecord>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow!("{name}：{e}"))
}

fn field<T: std::str::FromStr>(r: &csv::StringRecord, i: usize, name: &str) -> anyhow::Result<T> {
    r.get(i)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| anyhow!("{name}：第 {:?} 行第 {} 列无效", r.position().map(|p| p.line()), i + 1))
}

impl Geo {
    /// A county as the publishing page names it (`County::label`), or its code if unknown.
    pub fn county_label(&self, code: u32) -> String {
        self.counties.get(&code).map(County::label).unwrap_or_else(|| code.to_string())
    }

    /// The bundled `data/geo` (see `GeoSources::bundled`).
    pub fn bundled() -> anyhow::Result<Geo> {
        Geo::from_sources(&GeoSources::bundled())
    }

    /// Parses the four source files.
    pub fn from_sources(src: &GeoSources) -> anyhow::Result<Geo> {
        let mut g = Geo::default();
        let p = src.counties.0;
        for r in csv_rows(src.counties)? {
            let c = County {
                code: field(&r, 0, p)?,
                name: field(&r, 1, p)?,
                city: field(&r, 2, p)?,
                city_name: field(&r, 3, p)?,
                province: field(&r, 4, p)?,
                province_name: field(&r, 5, p)?,
                point: Point { lon: field(&r, 6, p)?, lat: field(&r, 7, p)? },
                radius_deg: field(&r, 8, p)?,
            };
            g.counties.insert(c.code, c);
        }
        let (p, text) = src.boundaries;
        let fc: Fc = serde_json::from_str(text).map_err(|e| anyhow!("{p}：{e}"))?;
        for f in fc.features {
            g.by_code.insert(f.properties.adcode, g.boundaries.len());
            g.boundaries.push(Boundary {
                code: f.properties.adcode,
                name: f.properties.name,
                level: f.properties.level,
                parent: f.properties.parent,
                shape: MultiPolygon(f.geometry.coordinates),
            });
        }
        let p = src.towns.0;
        for r in csv_rows(src.towns)? {
            let (code, county): (u32, u32) = (field(&r, 0, p)?, field(&r, 2, p)?);
            g.towns.insert(code, (field(&r, 1, p)?, county));
            g.counties_with_towns.insert(county);
        }
        let p = src.villages.0;
        for r in csv_rows(src.villages)? {
            g.villages.insert(field(&r, 0, p)?, (field(&r, 1, p)?, field(&r, 2, p)?));
        }
        g.index_names();
        Ok(g)
    }

    fn index_names(&mut self) {
        for (&code, (name, county)) in &self.towns {
            self.town_index.entry(*county).or_default().push((code, name.clone()));
        }
        for (&code, (name, town)) in &self.villages {
            if let Some((_, county)) = self.towns.get(town) {
                self.village_index.entry(*county).or_default().push((code, name.clone(), *town));
            }
        }
        for v in self.town_index.values_mut() {
            v.sort_unstable();
        }
        for v in self.village_index.values_mut() {
            v.sort_unstable();
        }
        for c in self.counties.values() {
            for n in [
                c.name.clone(),
                format!("{}{}", c.city_name, c.name),
                format!("{}{}{}", c.province_name, c.city_name, c.name),
            ] {
                let v = self.county_names.entry(n).or_default();
                if !v.contains(&c.code) {
                    v.push(c.code);
                }
            }
        }
        for v in self.county_names.values_mut() {
            v.sort_unstable();
        }
    }

    pub fn boundary(&self, code: u32) -> Option<&Boundary> {
        self.by_code.get(&code).map(|&i| &self.boundaries[i])
    }

    /// Counties with committed boundaries (the regions the sample covers), sorted.
    pub fn detailed_counties(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.boundaries.iter().filter(|b| b.level == "区县").map(|b| b.code).collect();
        v.sort_unstable();
        v
    }

    /// The 乡镇/街道 of a county, sorted by code.
    pub fn towns_of(&self, county: u32) -> Vec<(u32, &str)> {
        let mut v: Vec<_> = self
            .towns
            .iter()
            .filter(|(_, (_, c))| *c == county)
            .map(|(&code, (n, _))| (code, n.as_str()))
            .collect();
        v.sort_unstable();
        v
    }

    /// The 社区/村 of a town, sorted by code.
    pub fn villages_of(&self, town: u32) -> Vec<(u64, &str)> {
        let mut v: Vec<_> = self
            .villages
            .iter()
            .filter(|(_, (_, t))| *t == town)
            .map(|(&code, (n, _))| (code, n.as_str()))
            .collect();
        v.sort_unstable();
        v
    }

    /// The city-level region a county is published under (its 地级市; 直辖市 districts under the city).
    pub fn city_of(&self, county: u32) -> u32 {
        self.counties.get(&county).map(|c| c.city).unwrap_or(county / 100 * 100)
    }
}

impl Places for Geo {
    fn has_county(&self, county: u32) -> bool {
        self.counties.contains_key(&county)
    }
    fn town_in_county(&self, town: u32, county: u32) -> Option<bool> {
        if !self.counties_with_towns.contains(&county) {
            return None;
        }
        Some(self.towns.get(&town).is_some_and(|(_, c)| *c == county))
    }
    fn village_county(&self, village: u64) -> Option<u32> {
        let (_, town) = self.villages.get(&village)?;
        self.towns.get(town).map(|(_, c)| *c)
    }
    fn has_villages(&self, county: u32) -> bool {
        self.counties_with_towns.contains(&county)
    }
    fn inside_county(&self, p: Point, county: u32) -> Option<bool> {
        if let Some(b) = self.boundary(county) {
            return Some(b.shape.contains(p));
        }
        // No committed polygon (national mode): within a generous radius of the county's centre.
        let c = self.counties.get(&county)?;
        let r_m = c.radius_deg.max(0.02) * 111_000.0 * 3.0;
        Some(distance_m(p, c.point) <= r_m)
    }
    fn counties_named(&self, name: &str) -> Vec<u32> {
        let key: String = kg_shared::text::squeeze(name).collect();
        self.county_names.get(&key).cloned().unwrap_or_default()
    }
    fn town_names(&self, county: u32) -> &[(u32, String)] {
        self.town_index.get(&county).map(Vec::as_slice).unwrap_or(&[])
    }
    fn village_names(&self, county: u32) -> &[(u64, String, u32)] {
        self.village_index.get(&county).map(Vec::as_slice).unwrap_or(&[])
    }
}
