//! `site-config.json`: what a deployer may set without rebuilding the app. Today that is an
//! optional raster tile layer under the map (off unless configured, and then off until the
//! reader turns it on). The CSP of the built pages admits the tile origin only when it is set
//! here at build time (`scripts/postbuild.mjs`).

use crate::geo::Datum;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq)]
pub struct TileConfig {
    /// A Leaflet URL template, e.g. `https://t{s}.tianditu.gov.cn/vec_w/wmts?…&tk=KEY`.
    pub url: String,
    pub subdomains: String,
    /// Shown on the map; required by every tile provider's terms.
    pub attribution: String,
    pub max_zoom: u8,
    /// The datum the tiles are drawn in. The data are GCJ-02; over WGS-84 tiles (天地图 uses
    /// CGCS2000, within centimetres of WGS-84) every point and outline is converted first.
    pub datum: Datum,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteConfig {
    pub tiles: Option<TileConfig>,
}

#[derive(Deserialize)]
struct RawTiles {
    url: String,
    #[serde(default)]
    subdomains: String,
    attribution: String,
    #[serde(default)]
    max_zoom: Option<u8>,
    datum: String,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    tiles: Option<RawTiles>,
}

impl SiteConfig {
    /// Parses and checks the file; the error says which field is wrong.
    pub fn parse(text: &str) -> Result<SiteConfig, String> {
        let raw: Raw = serde_json::from_str(text).map_err(|e| format!("site-config.json 格式无效：{e}"))?;
        let Some(t) = raw.tiles else { return Ok(SiteConfig::default()) };
        if !t.url.starts_with("https://") || !["{z}", "{x}", "{y}"].iter().all(|p| t.url.contains(p)) {
            return Err("site-config.json：tiles.url 应为含 {z}、{x}、{y} 的 https:// 地址".into());
        }
        if t.attribution.trim().is_empty() {
            return Err("site-config.json：tiles.attribution（底图版权说明）不能为空".into());
        }
        let datum = match t.datum.to_ascii_lowercase().as_str() {
            "wgs84" | "cgcs2000" => Datum::Wgs84,
            "gcj02" => Datum::Gcj02,
            _ => {
                return Err(format!(
                    "site-config.json：tiles.datum 应为 wgs84、cgcs2000 或 gcj02，实为“{}”",
                    t.datum
                ))
            }
        };
        Ok(SiteConfig {
            tiles: Some(TileConfig {
                url: t.url,
                subdomains: t.subdomains,
                attribution: t.attribution,
                max_zoom: t.max_zoom.unwrap_or(18).clamp(1, 20),
                datum,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_are_optional_and_checked() {
        assert_eq!(SiteConfig::parse(r#"{"tiles": null}"#).unwrap(), SiteConfig::default());
        assert_eq!(SiteConfig::parse("{}").unwrap(), SiteConfig::default());
        let c = SiteConfig::parse(
            r#"{"tiles": {"url": "https://t{s}.example.cn/{z}/{x}/{y}.png", "subdomains": "01", "attribution": "审图号 GS(2024)0001", "datum": "CGCS2000"}}"#,
        )
        .unwrap();
        assert_eq!(c.tiles.as_ref().map(|t| (t.datum, t.max_zoom)), Some((Datum::Wgs84, 18)));
        assert!(SiteConfig::parse(
            r#"{"tiles": {"url": "http://x/{z}/{x}/{y}", "attribution": "a", "datum": "wgs84"}}"#
        )
        .is_err());
        assert!(SiteConfig::parse(
            r#"{"tiles": {"url": "https://x/{z}/{x}/{y}", "attribution": " ", "datum": "wgs84"}}"#
        )
        .is_err());
        assert!(SiteConfig::parse(
            r#"{"tiles": {"url": "https://x/{z}/{x}/{y}", "attribution": "a", "datum": "bd09"}}"#
        )
        .unwrap_err()
        .contains("bd09"));
        assert!(SiteConfig::parse("not json").is_err());
    }
}
