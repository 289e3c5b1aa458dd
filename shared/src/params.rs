//! URL parameters shared by every page. Parsing is total: a hostile or broken value is never an
//! error that stops the page, it becomes the default and the caller can tell the user it did.

/// The UI language. Simplified Chinese is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Hans,
    Hant,
}

impl Lang {
    /// The value written to `?lang=` and to storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Hans => "zh-Hans",
            Lang::Hant => "zh-Hant",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Hans => "zh-CN",
            Lang::Hant => "zh-Hant",
        }
    }

    /// Reads a language code case-insensitively; accepts the common aliases people type.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh-hans" | "hans" | "zh-cn" | "zh-sg" | "sc" | "zh" => Some(Lang::Hans),
            "zh-hant" | "hant" | "zh-tw" | "zh-hk" | "zh-mo" | "tc" => Some(Lang::Hant),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_a_zone_level_clears_the_levels_below() {
        let mut p = FinderParams::default();
        p.query.county = Some(445202);
        p.query.town = Some(445202001);
        p.query.village = Some(445202001001);
        let levels = |p: &FinderParams| (p.query.county, p.query.town, p.query.village);
        p.choose(ZoneChoice::Village(None));
        assert_eq!(levels(&p), (Some(445202), Some(445202001), None));
        p.query.village = Some(445202001001);
        p.choose(ZoneChoice::Town(Some(445202002)));
        assert_eq!(levels(&p), (Some(445202), Some(445202002), None));
        p.choose(ZoneChoice::County(None));
        assert_eq!(levels(&p), (None, None, None));
    }
    use proptest::prelude::*;

    #[test]
    fn codes_round_trip() {
        for l in [Lang::Hans, Lang::Hant] {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse(" ZH-TW "), Some(Lang::Hant));
        assert_eq!(Lang::parse("<script>"), None);
        assert_eq!(Lang::default(), Lang::Hans);
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,64}") {
            let _ = Lang::parse(&s);
        }
    }
}

/// A page's state as its URL carries it. Parsing is total: a value that cannot be used is dropped
/// (the field keeps its default) and named in the corrections, for the page to show; `to_query`
/// writes only non-default values, in a fixed order, and what it writes parses back unchanged.
pub trait UrlState: Clone + Default + PartialEq + 'static {
    /// Reads (key, value) pairs, ignoring keys that belong to other pages (`lang`, …).
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<String>);
    fn to_query(&self) -> Vec<(&'static str, String)>;

    /// Reads a query string ("?a=1&b=2" or "a=1&b=2", form-encoded as browsers write it).
    fn from_query_string(qs: &str) -> (Self, Vec<String>) {
        let pairs = query_pairs(qs);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// A query string's (key, value) pairs, decoded, in order.
pub fn query_pairs(qs: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(qs.trim_start_matches('?').as_bytes()).into_owned().collect()
}

/// A map page's URL holds the finder's state and its own; each half ignores the other's keys.
impl<A: UrlState, B: UrlState> UrlState for (A, B) {
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<String>) {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let (a, mut bad) = A::from_pairs(pairs.iter().copied());
        let (b, more) = B::from_pairs(pairs.iter().copied());
        bad.extend(more);
        ((a, b), bad)
    }
    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut q = self.0.to_query();
        q.extend(self.1.to_query());
        q
    }
}

/// The corrections a parse collects: `key=value` of each value dropped, the value cut to 30
/// characters (it is shown back to the reader as text).
#[derive(Default)]
struct Corrections(Vec<String>);

impl Corrections {
    fn note(&mut self, key: &str, value: &str) {
        self.0.push(format!("{key}={}", value.chars().take(30).collect::<String>()));
    }
    /// Keeps `parsed` in `slot`, or notes the value.
    fn keep<T>(&mut self, slot: &mut T, parsed: Option<T>, key: &str, value: &str) {
        match parsed {
            Some(v) => *slot = v,
            None => self.note(key, value),
        }
    }
}

/// Everything the finder's view depends on, as carried in its URL: the city and the engine's
/// query, field for field (`query::Query` documents each).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FinderParams {
    pub city: Option<u32>,
    pub query: crate::query::Query,
}

/// A choice in the 县区 → 乡镇/街道 → 社区/村 picker. Choosing a level clears the levels below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneChoice {
    County(Option<u32>),
    Town(Option<u32>),
    Village(Option<u64>),
}

impl FinderParams {
    /// The city's first view: its defaults, nothing chosen.
    pub fn of_city(city: Option<u32>) -> FinderParams {
        FinderParams { city, ..FinderParams::default() }
    }

    pub fn choose(&mut self, c: ZoneChoice) {
        let q = &mut self.query;
        match c {
            ZoneChoice::County(v) => {
                q.county = v;
                q.town = None;
                q.village = None;
            }
            ZoneChoice::Town(v) => {
                q.town = v;
                q.village = None;
            }
            ZoneChoice::Village(v) => q.village = v,
        }
    }

    /// Forgets the place (and the distance limit that needs it).
    pub fn clear_place(&mut self) {
        self.query.near = None;
        self.query.within_km = None;
    }
}

/// `1` is on; anything else is off.
fn flag(v: &str) -> bool {
    v == "1"
}

fn number<T: std::str::FromStr + PartialOrd>(v: &str, range: std::ops::RangeInclusive<T>) -> Option<T> {
    v.parse::<T>().ok().filter(|x| range.contains(x))
}

impl UrlState for FinderParams {
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (FinderParams, Vec<String>) {
        use crate::{
            geo::Point,
            model::Nature,
            query::{Flag, Sort},
        };
        let mut p = FinderParams::default();
        let mut bad = Corrections::default();
        let q = &mut p.query;
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "city" => bad.keep(&mut p.city, number(v, 110000..=829999).map(Some), k, v),
                "q" => q.set_text(v),
                "all" => q.all = flag(v),
                "nature" => {
                    for part in v.split(',').filter(|s| !s.is_empty()) {
                        match part.parse::<u8>().ok().and_then(Nature::from_code) {
                            Some(n) if !q.natures.contains(&n) => q.natures.push(n),
                            Some(_) => {}
                            None => bad.note(k, part),
                        }
                    }
                }
                "grade" => bad.keep(&mut q.min_grade_rank, number(v, 0..=4), k, v),
                "fee_max" => bad.keep(&mut q.fee_max, number(v, 1..=100_000).map(Some), k, v),
                "fee_min" => bad.keep(&mut q.fee_min, number(v, 1..=100_000).map(Some), k, v),
                "county" => bad.keep(
                    &mut q.county,
                    v.parse::<u32>().ok().filter(|&c| crate::codes::is_county_adcode(c)).map(Some),
                    k,
                    v,
                ),
                "town" => bad.keep(&mut q.town, number(v, 100_000_000..=999_999_999).map(Some), k, v),
                "village" => {
                    bad.keep(&mut q.village, number(v, 100_000_000_000..=999_999_999_999).map(Some), k, v)
                }
                "near" => {
                    let parsed = v
                        .split_once(',')
                        .and_then(|(a, b)| Some((a.parse::<f64>().ok()?, b.parse::<f64>().ok()?)))
                        .filter(|(lon, lat)| (73.0..=136.0).contains(lon) && (3.0..=54.0).contains(lat))
                        .map(|(lon, lat)| Some(Point { lon, lat }));
                    bad.keep(&mut q.near, parsed, k, v)
                }
                "within" => bad.keep(
                    &mut q.within_km,
                    // Metres at most: what the URL writes back (`num::trimmed`).
                    v.parse::<f64>().ok().filter(|d| *d >= 0.001 && *d <= 200.0).map(Some),
                    k,
                    v,
                ),
                "sort" => bad.keep(&mut q.sort, Sort::from_code(v), k, v),
                k => {
                    if let Some(f) = Flag::from_code(k) {
                        q.flags.set(f, flag(v))
                    }
                    // otherwise another page's parameter (lang, …)
                }
            }
        }
        if let (Some(t), Some(c)) = (q.town, q.county) {
            if t / 1000 != c {
                bad.0.push(format!("town={t}"));
                q.town = None;
            }
        }
        (p, bad.0)
    }

    /// The URL query (without `?`), only non-default values, in a fixed order.
    fn to_query(&self) -> Vec<(&'static str, String)> {
        use crate::query::Flag;
        let q = &self.query;
        let mut v = Vec::new();
        let mut put = |k: &'static str, x: Option<String>| {
            if let Some(x) = x {
                v.push((k, x));
            }
        };
        let on = |b: bool| b.then(|| "1".to_string());
        put("city", self.city.map(|c| c.to_string()));
        put("q", (!q.text.is_empty()).then(|| q.text.clone()));
        put("all", on(q.all));
        put(
            "nature",
            (!q.natures.is_empty())
                .then(|| q.natures.iter().map(|n| n.code().to_string()).collect::<Vec<_>>().join(",")),
        );
        put("grade", (q.min_grade_rank > 0).then(|| q.min_grade_rank.to_string()));
        put("fee_min", q.fee_min.map(|f| f.to_string()));
        put("fee_max", q.fee_max.map(|f| f.to_string()));
        for f in Flag::ALL {
            put(f.code(), on(q.flags.has(*f)));
        }
        put("county", q.county.map(|c| c.to_string()));
        put("town", q.town.map(|t| t.to_string()));
        put("village", q.village.map(|t| t.to_string()));
        put(
            "near",
            q.near.map(|p| format!("{},{}", crate::num::fixed(p.lon, 6), crate::num::fixed(p.lat, 6))),
        );
        put("within", q.within_km.map(|d| crate::num::trimmed(d, 3)));
        put("sort", (!q.sort.code().is_empty()).then(|| q.sort.code().to_string()));
        v
    }
}

impl FinderParams {
    /// Whether any filter differs from what a parent first sees (for the "clear" button).
    pub fn has_filters(&self) -> bool {
        *self != FinderParams::of_city(self.city)
    }
}

#[cfg(test)]
mod finder_tests {
    use super::*;
    use crate::{model::Nature, query::Sort};
    use proptest::prelude::*;

    #[test]
    fn round_trip_and_defaults() {
        let (p, bad) = FinderParams::from_pairs([
            ("city", "445200"),
            ("q", "星桥"),
            ("all", "1"),
            ("nature", "0,6"),
            ("grade", "2"),
            ("fee_min", "500"),
            ("fee_max", "1500"),
            ("toddler", "1"),
            ("county", "445202"),
            ("town", "445202001"),
            ("near", "116.37,23.54"),
            ("within", "3"),
            ("sort", "fee"),
            ("lang", "zh-Hant"),
        ]);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(p.query.natures, [Nature::EduDept, Nature::InclusivePrivate]);
        assert_eq!(p.query.sort, Sort::FeeAsc);
        let q = p.to_query();
        let (back, bad) = FinderParams::from_pairs(q.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(bad.is_empty());
        assert_eq!(back, p);
        let (d, _) = FinderParams::from_pairs([]);
        assert!(!d.query.all, "普惠 only by default");
        assert!(!d.has_filters());
    }

    #[test]
    fn hostile_values_are_dropped_and_named() {
        let (p, bad) = FinderParams::from_pairs([
            ("city", "<script>"),
            ("nature", "0,99,x"),
            ("fee_max", "-1"),
            ("near", "0,0"),
            ("within", "NaN"),
            ("sort", "drop table"),
            ("county", "445202"),
            ("town", "440101001"),
            ("q", &"长".repeat(500)),
        ]);
        assert_eq!(p.city, None);
        let q = &p.query;
        assert_eq!(q.natures, [Nature::EduDept]);
        assert_eq!(q.fee_max, None);
        assert_eq!(q.near, None);
        assert_eq!(q.within_km, None);
        assert_eq!(q.town, None, "a town outside the county is dropped");
        assert_eq!(q.text.chars().count(), crate::query::Query::MAX_TEXT);
        assert_eq!(bad.len(), 8, "{bad:?}");
        assert!(bad.iter().any(|b| b.starts_with("city=<script>")));
    }

    proptest! {
        #[test]
        fn any_query_string_parses_and_round_trips(pairs in proptest::collection::vec(
            (prop_oneof![
                proptest::sample::select(vec!["city", "q", "all", "nature", "grade", "fee_min", "fee_max", "toddler",
                    "county", "town", "village", "near", "within", "sort"]).prop_map(String::from),
                ".{0,8}"
            ], ".{0,40}"), 0..16)) {
            let (p, _) = FinderParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let q = p.to_query();
            let (back, bad) = FinderParams::from_pairs(q.iter().map(|(k, v)| (*k, v.as_str())));
            prop_assert!(bad.is_empty(), "{:?}", bad);
            prop_assert_eq!(back.to_query(), q);
        }
    }
}

/// A province, city or county code (six digits in the national range).
fn parse_adcode(v: &str) -> Option<u32> {
    v.parse::<u32>().ok().filter(|c| (110000..=829999).contains(c))
}

/// `2021-2025`: first and last year, in order.
fn parse_years(v: &str) -> Option<(u16, u16)> {
    let (a, b) = v.split_once('-')?;
    let (a, b) = (a.parse::<u16>().ok()?, b.parse::<u16>().ok()?);
    ((2000..=2100).contains(&a) && (a..=2100).contains(&b)).then_some((a, b))
}

/// The county-progress page's view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProgressView {
    /// One region's indicators against their targets.
    #[default]
    Scorecard,
    /// Several regions on chosen indicators: ranking and trend.
    Compare,
}

/// Everything the progress page shows, as carried in its URL (`region`, `view`, `ind`, `among`,
/// `years`). Parsing is total, like `FinderParams`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressParams {
    /// The region of the scorecard, or whose sub-regions are compared.
    pub region: Option<u32>,
    pub view: ProgressView,
    /// Indicators to compare (at most `MAX_INDICATORS`).
    pub indicators: Vec<crate::indicators::Indicator>,
    /// The sub-regions to compare (at most `MAX_AMONG`); empty means all of them.
    pub among: Vec<u32>,
    /// First and last year of the trend.
    pub years: Option<(u16, u16)>,
    /// The dataset version a permalink was made on (`v=2025.11.1-sample`), so a citation names
    /// the numbers it saw and the page can say when the site has moved on.
    pub version: Option<String>,
}

/// A dataset version as a URL carries it: letters, digits and `.-_+`, at most 40.
fn parse_version(v: &str) -> Option<String> {
    let ok = !v.is_empty()
        && v.len() <= 40
        && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
    ok.then(|| v.to_string())
}

impl ProgressParams {
    pub const MAX_INDICATORS: usize = 4;
    pub const MAX_AMONG: usize = 12;
}

impl UrlState for ProgressParams {
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (ProgressParams, Vec<String>) {
        use crate::indicators::Indicator;
        let mut p = ProgressParams::default();
        let mut bad = Vec::new();
        let mut note = |k: &str, v: &str| {
            let v: String = v.chars().take(30).collect();
            bad.push(format!("{k}={v}"));
        };
        let adcode = parse_adcode;
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "region" => match adcode(v) {
                    Some(c) => p.region = Some(c),
                    None => note(k, v),
                },
                "view" => match v {
                    "" | "card" => p.view = ProgressView::Scorecard,
                    "compare" => p.view = ProgressView::Compare,
                    _ => note(k, v),
                },
                "ind" => {
                    for part in v.split(',').filter(|s| !s.is_empty()) {
                        match Indicator::from_key(part) {
                            Some(i) if p.indicators.contains(&i) => {}
                            Some(i) if p.indicators.len() < ProgressParams::MAX_INDICATORS => {
                                p.indicators.push(i)
                            }
                            _ => note(k, part),
                        }
                    }
                }
                "among" => {
                    for part in v.split(',').filter(|s| !s.is_empty()) {
                        match adcode(part) {
                            Some(c) if p.among.contains(&c) => {}
                            Some(c) if p.among.len() < ProgressParams::MAX_AMONG => p.among.push(c),
                            _ => note(k, part),
                        }
                    }
                }
                "years" => match parse_years(v) {
                    Some(y) => p.years = Some(y),
                    None => note(k, v),
                },
                "v" => match parse_version(v) {
                    Some(x) => p.version = Some(x),
                    None => note(k, v),
                },
                _ => {}
            }
        }
        (p, bad)
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if let Some(r) = self.region {
            v.push(("region", r.to_string()));
        }
        if self.view == ProgressView::Compare {
            v.push(("view", "compare".into()));
        }
        if !self.indicators.is_empty() {
            v.push(("ind", self.indicators.iter().map(|i| i.key()).collect::<Vec<_>>().join(",")));
        }
        if !self.among.is_empty() {
            v.push(("among", self.among.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",")));
        }
        if let Some((a, b)) = self.years {
            v.push(("years", format!("{a}-{b}")));
        }
        if let Some(x) = &self.version {
            v.push(("v", x.clone()));
        }
        v
    }
}

#[cfg(test)]
mod progress_tests {
    use super::*;
    use crate::indicators::Indicator;
    use proptest::prelude::*;

    #[test]
    fn round_trip_and_hostile_values() {
        let (p, bad) = ProgressParams::from_pairs([
            ("region", "445200"),
            ("view", "compare"),
            ("ind", "public_share,inclusive_coverage,nope"),
            ("among", "445202,445203,<b>"),
            ("years", "2021-2025"),
            ("v", "2025.11.1-sample"),
        ]);
        assert_eq!(bad, ["ind=nope", "among=<b>"]);
        assert_eq!(p.version.as_deref(), Some("2025.11.1-sample"));
        assert_eq!(ProgressParams::from_pairs([("v", "<script>")]).1, ["v=<script>"]);
        assert_eq!(p.indicators, [Indicator::PublicShare, Indicator::InclusiveShare]);
        assert_eq!(p.years, Some((2021, 2025)));
        let q = p.to_query();
        let (back, bad) = ProgressParams::from_pairs(q.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(bad.is_empty());
        assert_eq!(back, p);
        let (p, bad) = ProgressParams::from_pairs([("years", "2025-2021"), ("region", "99"), ("view", "x")]);
        assert_eq!((p.years, p.region, p.view), (None, None, ProgressView::Scorecard));
        assert_eq!(bad.len(), 3);
        let many = ["public_share"; 9].join(",")
            + ",gross_enrolment,fiscal_share,teacher_college,town_coverage,stale_records";
        let (p, bad) = ProgressParams::from_pairs([("ind", many.as_str())]);
        assert_eq!(p.indicators.len(), ProgressParams::MAX_INDICATORS);
        assert_eq!(bad, ["ind=town_coverage", "ind=stale_records"]);
    }

    proptest! {
        #[test]
        fn any_query_string_parses_and_round_trips(pairs in proptest::collection::vec(
            (prop_oneof![
                proptest::sample::select(vec!["region", "view", "ind", "among", "years"]).prop_map(String::from),
                ".{0,8}"
            ], ".{0,60}"), 0..12)) {
            let (p, _) = ProgressParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let q = p.to_query();
            let (back, bad) = ProgressParams::from_pairs(q.iter().map(|(k, v)| (*k, v.as_str())));
            prop_assert!(bad.is_empty(), "{:?}", bad);
            prop_assert_eq!(back, p);
        }
    }
}

/// The map page's own parameters, on top of the finder's (`FinderParams`), which it shares so
/// that a finder view opens on the map and back unchanged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapParams {
    /// The selected kindergarten's id.
    pub sel: Option<String>,
    /// Colour counties by this indicator (choropleth).
    pub ind: Option<crate::indicators::Indicator>,
    /// Show the configured raster tile layer.
    pub tiles: bool,
}

impl UrlState for MapParams {
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (MapParams, Vec<String>) {
        let mut p = MapParams::default();
        let mut bad = Vec::new();
        for (k, v) in pairs {
            let v = v.trim();
            let short = || format!("{k}={}", v.chars().take(30).collect::<String>());
            match k {
                "sel" => {
                    if !v.is_empty()
                        && v.len() <= 40
                        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        p.sel = Some(v.to_string());
                    } else {
                        bad.push(short());
                    }
                }
                "ind" => match crate::indicators::Indicator::from_key(v) {
                    Some(i) => p.ind = Some(i),
                    None if v.is_empty() => {}
                    None => bad.push(short()),
                },
                "tiles" => p.tiles = v == "1",
                _ => {}
            }
        }
        (p, bad)
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if let Some(s) = &self.sel {
            v.push(("sel", s.clone()));
        }
        if let Some(i) = self.ind {
            v.push(("ind", i.key().to_string()));
        }
        if self.tiles {
            v.push(("tiles", "1".into()));
        }
        v
    }
}

#[cfg(test)]
mod map_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn selection_and_choropleth() {
        let (p, bad) =
            MapParams::from_pairs([("sel", "KG-445202-0001"), ("ind", "inclusive_coverage"), ("tiles", "1")]);
        assert!(bad.is_empty());
        assert_eq!(p.ind, Some(crate::indicators::Indicator::InclusiveShare));
        let (back, _) = MapParams::from_pairs(p.to_query().iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, p);
        let (p, bad) = MapParams::from_pairs([("sel", "<img src=x>"), ("ind", "drop")]);
        assert_eq!(p, MapParams::default());
        assert_eq!(bad, ["sel=<img src=x>", "ind=drop"]);
    }

    proptest! {
        #[test]
        fn any_map_query_round_trips(pairs in proptest::collection::vec(
            (proptest::sample::select(vec!["sel", "ind", "tiles", "x"]).prop_map(String::from), ".{0,50}"), 0..8)) {
            let (p, _) = MapParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let q = p.to_query();
            let (back, bad) = MapParams::from_pairs(q.iter().map(|(k, v)| (*k, v.as_str())));
            prop_assert!(bad.is_empty());
            prop_assert_eq!(back, p);
        }
    }
}

/// Which embeddable widget a `widget/` URL shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WidgetKind {
    /// A region's indicators against their targets.
    #[default]
    Scorecard,
    /// One indicator over a city's counties: trend or ranking.
    Chart,
    /// Which 普惠 kindergartens serve my 社区/村.
    Zone,
    /// A mini-map of a county's or city's kindergartens.
    Map,
}

impl WidgetKind {
    pub const ALL: [WidgetKind; 4] =
        [WidgetKind::Scorecard, WidgetKind::Chart, WidgetKind::Zone, WidgetKind::Map];
    pub fn code(self) -> &'static str {
        match self {
            WidgetKind::Scorecard => "scorecard",
            WidgetKind::Chart => "chart",
            WidgetKind::Zone => "zone",
            WidgetKind::Map => "map",
        }
    }
}

/// A widget's whole configuration, from its URL. Parsing is total: what cannot be used is named
/// in the returned list, for the widget to say inside its frame.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetParams {
    pub kind: WidgetKind,
    pub region: Option<u32>,
    pub indicator: crate::indicators::Indicator,
    /// Ranking instead of trend (chart widget).
    pub ranking: bool,
    pub years: Option<(u16, u16)>,
    /// Accent colour, `#rrggbb`.
    pub theme: Option<String>,
    pub dark: bool,
    /// Font scale in percent (100–200).
    pub scale: u16,
    pub lang: Lang,
}

impl Default for WidgetParams {
    fn default() -> Self {
        WidgetParams {
            kind: WidgetKind::Scorecard,
            region: None,
            indicator: crate::indicators::Indicator::PublicShare,
            ranking: false,
            years: None,
            theme: None,
            dark: false,
            scale: 100,
            lang: Lang::Hans,
        }
    }
}

impl UrlState for WidgetParams {
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (WidgetParams, Vec<String>) {
        let mut p = WidgetParams::default();
        let mut bad = Vec::new();
        for (k, v) in pairs {
            let v = v.trim();
            let mut note = || bad.push(format!("{k}={}", v.chars().take(30).collect::<String>()));
            match k {
                "w" => match WidgetKind::ALL.iter().find(|w| w.code() == v) {
                    Some(w) => p.kind = *w,
                    None => note(),
                },
                "region" => match parse_adcode(v) {
                    Some(c) => p.region = Some(c),
                    None => note(),
                },
                "ind" => match crate::indicators::Indicator::from_key(v) {
                    Some(i) => p.indicator = i,
                    None => note(),
                },
                "view" => match v {
                    "trend" | "" => p.ranking = false,
                    "ranking" => p.ranking = true,
                    _ => note(),
                },
                "years" => match parse_years(v) {
                    Some(y) => p.years = Some(y),
                    None => note(),
                },
                "theme" => {
                    let hex = v.trim_start_matches('#');
                    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                        p.theme = Some(format!("#{}", hex.to_ascii_lowercase()));
                    } else {
                        note()
                    }
                }
                "dark" => p.dark = v == "1",
                "scale" => match v.parse::<u16>() {
                    Ok(s) if (100..=200).contains(&s) => p.scale = s,
                    _ => note(),
                },
                "lang" => match Lang::parse(v) {
                    Some(l) => p.lang = l,
                    None => note(),
                },
                _ => note(),
            }
        }
        (p, bad)
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![("w", self.kind.code().to_string())];
        if let Some(r) = self.region {
            v.push(("region", r.to_string()));
        }
        if matches!(self.kind, WidgetKind::Chart)
            || self.indicator != crate::indicators::Indicator::PublicShare
        {
            v.push(("ind", self.indicator.key().to_string()));
        }
        if self.ranking {
            v.push(("view", "ranking".into()));
        }
        if let Some((a, b)) = self.years {
            v.push(("years", format!("{a}-{b}")));
        }
        if let Some(t) = &self.theme {
            v.push(("theme", t.trim_start_matches('#').to_string()));
        }
        if self.dark {
            v.push(("dark", "1".into()));
        }
        if self.scale != 100 {
            v.push(("scale", self.scale.to_string()));
        }
        if self.lang != Lang::Hans {
            v.push(("lang", self.lang.code().into()));
        }
        v
    }
}

#[cfg(test)]
mod widget_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn widget_params_round_trip_and_reject_markup() {
        let (p, bad) = WidgetParams::from_pairs([
            ("w", "chart"),
            ("region", "445200"),
            ("ind", "teacher_college"),
            ("view", "ranking"),
            ("theme", "#1F5F99"),
            ("dark", "1"),
            ("scale", "150"),
            ("lang", "zh-Hant"),
        ]);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(p.theme.as_deref(), Some("#1f5f99"));
        let (back, bad) = WidgetParams::from_pairs(p.to_query().iter().map(|(k, v)| (*k, v.as_str())));
        assert!(bad.is_empty());
        assert_eq!(back, p);
        let (p, bad) = WidgetParams::from_pairs([
            ("w", "<script>"),
            ("theme", "red;}body{"),
            ("scale", "900"),
            ("x", "1"),
        ]);
        assert_eq!(p, WidgetParams::default());
        assert_eq!(bad.len(), 4);
    }

    proptest! {
        #[test]
        fn any_widget_query_round_trips(pairs in proptest::collection::vec(
            (proptest::sample::select(vec!["w", "region", "ind", "view", "years", "theme", "dark", "scale", "lang"]).prop_map(String::from), ".{0,40}"), 0..12)) {
            let (p, _) = WidgetParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let (back, bad) = WidgetParams::from_pairs(p.to_query().iter().map(|(k, v)| (*k, v.as_str())));
            prop_assert!(bad.is_empty(), "{:?}", bad);
            prop_assert_eq!(back, p);
        }
    }
}

/// Escapes text for an HTML attribute value in double quotes.
pub fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The embed code the builder shows: an `<iframe>` that works with no script on the host page,
/// and optionally the one-line helper that sizes it. No inline style (host CSPs often forbid it).
pub fn embed_html(src: &str, title: &str, height: u32, script_src: Option<&str>) -> String {
    let mut out = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" referrerpolicy=\"no-referrer\" data-kgportal></iframe>",
        html_attr(src),
        html_attr(title)
    );
    if let Some(s) = script_src {
        out.push_str(&format!("\n<script src=\"{}\" async></script>", html_attr(s)));
    }
    out
}

#[cfg(test)]
mod embed_tests {
    use super::*;

    #[test]
    fn embed_code_is_escaped_and_script_is_optional() {
        let h = embed_html(
            "https://x.gov.cn/kg/widget/?w=zone&region=445202",
            "榕城区 \"服务区\" <查询>",
            480,
            None,
        );
        assert_eq!(
            h,
            "<iframe src=\"https://x.gov.cn/kg/widget/?w=zone&amp;region=445202\" title=\"榕城区 &quot;服务区&quot; &lt;查询&gt;\" width=\"100%\" height=\"480\" referrerpolicy=\"no-referrer\" data-kgportal></iframe>"
        );
        let h = embed_html("https://x/widget/", "t", 300, Some("https://x/embed.js"));
        assert!(h.ends_with("\n<script src=\"https://x/embed.js\" async></script>"));
    }
}
