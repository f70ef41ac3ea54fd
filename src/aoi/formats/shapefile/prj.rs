//! The `.prj` beside a layer: which coordinate system its WKT describes, and whether we can
//! convert it to WGS84 longitude/latitude.

use std::f64::consts::PI;

use super::invalid;
use super::reproject::{utm_to_lon_lat, web_mercator_to_lon_lat};
use crate::aoi::formats::FormatError;
use crate::aoi::measure::ellipsoid::{A_M, INVERSE_F};
use crate::aoi::model::LonLat;

/// A coordinate system we can read.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Crs {
    Wgs84,
    WebMercator { name: String },
    Utm { name: String, zone: u8, south: bool },
}

impl Crs {
    pub(super) fn to_lon_lat(&self, position: LonLat) -> LonLat {
        match self {
            Crs::Wgs84 => position,
            Crs::WebMercator { .. } => web_mercator_to_lon_lat(position),
            Crs::Utm { zone, south, .. } => utm_to_lon_lat(position, *zone, *south),
        }
    }
}

/// A node of WKT: `KEYWORD["name", 1.0, CHILD[...], ...]`.
#[derive(Debug)]
struct Wkt {
    keyword: String,
    args: Vec<WktArg>,
}

#[derive(Debug)]
enum WktArg {
    Text(String),
    Token(String),
    Node(Wkt),
}

impl Wkt {
    fn name(&self) -> Option<&str> {
        self.args.iter().find_map(|arg| match arg {
            WktArg::Text(text) => Some(text.as_str()),
            _ => None,
        })
    }

    fn nodes<'a>(&'a self, keywords: &'a [&'a str]) -> impl Iterator<Item = &'a Wkt> + 'a {
        self.args.iter().filter_map(move |arg| match arg {
            WktArg::Node(node) if keywords.contains(&node.keyword.as_str()) => Some(node),
            _ => None,
        })
    }

    fn node<'a>(&'a self, keywords: &'a [&'a str]) -> Option<&'a Wkt> {
        self.nodes(keywords).next()
    }

    /// The first number among the arguments.
    fn number(&self) -> Option<f64> {
        self.args.iter().find_map(|arg| match arg {
            WktArg::Token(token) => token.parse().ok(),
            _ => None,
        })
    }

    /// The EPSG code of AUTHORITY["EPSG","3857"] (WKT1) or ID["EPSG",3857] (WKT2).
    fn epsg(&self) -> Option<u32> {
        let id = self.node(&["AUTHORITY", "ID"])?;
        if !id.name()?.eq_ignore_ascii_case("EPSG") {
            return None;
        }
        id.args.iter().skip(1).find_map(|arg| match arg {
            WktArg::Text(code) | WktArg::Token(code) => code.trim().parse().ok(),
            WktArg::Node(_) => None,
        })
    }

    /// PARAMETER values by normalized name (WKT1 names).
    fn parameter(&self, normalized_name: &str) -> Option<f64> {
        self.nodes(&["PARAMETER"])
            .find(|p| p.name().map(normalize).as_deref() == Some(normalized_name))
            .and_then(Wkt::number)
    }
}

fn parse_wkt(text: &str) -> Result<Wkt, String> {
    let chars: Vec<char> = text.trim().trim_start_matches('\u{feff}').chars().collect();
    let mut pos = 0;
    let node = parse_wkt_node(&chars, &mut pos, 0)?;
    skip_ws(&chars, &mut pos);
    if pos < chars.len() {
        return Err(format!(
            "unexpected text after the end at character {}",
            pos + 1
        ));
    }
    Ok(node)
}

fn skip_ws(chars: &[char], pos: &mut usize) {
    while chars.get(*pos).is_some_and(|c| c.is_whitespace()) {
        *pos += 1;
    }
}

fn parse_wkt_node(chars: &[char], pos: &mut usize, depth: usize) -> Result<Wkt, String> {
    if depth > 64 {
        return Err("nested too deeply".to_owned());
    }
    skip_ws(chars, pos);
    let start = *pos;
    while chars
        .get(*pos)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
    {
        *pos += 1;
    }
    let keyword: String = chars.get(start..*pos).unwrap_or(&[]).iter().collect();
    if keyword.is_empty() {
        return Err(format!("expected a keyword at character {}", start + 1));
    }
    skip_ws(chars, pos);
    let close = match chars.get(*pos) {
        Some('[') => ']',
        Some('(') => ')',
        _ => return Err(format!("expected [ after {keyword}")),
    };
    *pos += 1;
    let mut args = Vec::new();
    loop {
        skip_ws(chars, pos);
        match chars.get(*pos) {
            None => return Err(format!("{keyword}[ is never closed")),
            Some(c) if *c == close && args.is_empty() => {
                *pos += 1;
                break;
            }
            Some('"') => {
                *pos += 1;
                let mut text = String::new();
                loop {
                    match chars.get(*pos) {
                        None => return Err("a quoted name is never closed".to_owned()),
                        Some('"') if chars.get(*pos + 1) == Some(&'"') => {
                            text.push('"');
                            *pos += 2;
                        }
                        Some('"') => {
                            *pos += 1;
                            break;
                        }
                        Some(c) => {
                            text.push(*c);
                            *pos += 1;
                        }
                    }
                }
                args.push(WktArg::Text(text));
            }
            Some(_) => {
                let token_start = *pos;
                while chars.get(*pos).is_some_and(|c| {
                    !matches!(c, ',' | '[' | ']' | '(' | ')' | '"') && !c.is_whitespace()
                }) {
                    *pos += 1;
                }
                let mut after = *pos;
                skip_ws(chars, &mut after);
                if matches!(chars.get(after), Some('[' | '(')) {
                    *pos = token_start;
                    args.push(WktArg::Node(parse_wkt_node(chars, pos, depth + 1)?));
                } else {
                    let token: String =
                        chars.get(token_start..*pos).unwrap_or(&[]).iter().collect();
                    if token.is_empty() {
                        return Err(format!("unexpected character at {}", *pos + 1));
                    }
                    args.push(WktArg::Token(token));
                }
            }
        }
        skip_ws(chars, pos);
        match chars.get(*pos) {
            Some(',') => *pos += 1,
            Some(c) if *c == close => {
                *pos += 1;
                break;
            }
            None => return Err(format!("{keyword}[ is never closed")),
            Some(c) => return Err(format!("unexpected '{c}' at character {}", *pos + 1)),
        }
    }
    Ok(Wkt {
        keyword: keyword.to_ascii_uppercase(),
        args,
    })
}

/// Upper case, letters and digits only: "WGS 84 / UTM zone 31N" -> "WGS84UTMZONE31N".
fn normalize(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

const GEOGRAPHIC: &[&str] = &[
    "GEOGCS",
    "GEOGCRS",
    "GEODCRS",
    "GEOGRAPHICCRS",
    "GEODETICCRS",
];
const PROJECTED: &[&str] = &["PROJCS", "PROJCRS", "PROJECTEDCRS"];
const BASE_GEOGRAPHIC: &[&str] = &["GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS", "GEODCRS"];

fn close_to(value: f64, expected: f64) -> bool {
    (value - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

/// Whether a geographic CRS node is WGS84 in degrees from Greenwich.
fn is_wgs84_geographic(geog: &Wkt) -> bool {
    let datum_ok = geog
        .node(&["DATUM", "TRF", "GEODETICDATUM", "ENSEMBLE"])
        .and_then(Wkt::name)
        .map(normalize)
        .is_some_and(|datum| {
            matches!(
                datum.as_str(),
                "DWGS1984"
                    | "WGS1984"
                    | "WGS84"
                    | "WORLDGEODETICSYSTEM1984"
                    | "WORLDGEODETICSYSTEM1984ENSEMBLE"
            )
        });
    let name_ok = geog
        .name()
        .map(normalize)
        .is_some_and(|name| matches!(name.as_str(), "GCSWGS1984" | "WGS84" | "WGS1984"));
    if !(datum_ok || name_ok || geog.epsg() == Some(4326)) {
        return false;
    }
    let datum = geog.node(&["DATUM", "TRF", "GEODETICDATUM", "ENSEMBLE"]);
    let ellipsoid_ok = datum
        .and_then(|d| d.node(&["SPHEROID", "ELLIPSOID"]))
        .map(|ellipsoid| {
            let numbers: Vec<f64> = ellipsoid
                .args
                .iter()
                .filter_map(|arg| match arg {
                    WktArg::Token(token) => token.parse().ok(),
                    _ => None,
                })
                .collect();
            match numbers.as_slice() {
                [a, inverse_f, ..] => close_to(*a, A_M) && close_to(*inverse_f, INVERSE_F),
                _ => true,
            }
        })
        .unwrap_or(true);
    let meridian_ok = geog
        .node(&["PRIMEM", "PRIMEMERIDIAN"])
        .and_then(Wkt::number)
        .is_none_or(|m| m == 0.0);
    let unit_ok = geog
        .node(&["UNIT", "ANGLEUNIT"])
        .and_then(Wkt::number)
        .is_none_or(|factor| close_to(factor, PI / 180.0));
    ellipsoid_ok && meridian_ok && unit_ok
}

/// The coordinate system a .prj describes, or why it cannot be used.
pub(super) fn crs_from_prj(text: &str) -> Result<Crs, FormatError> {
    let root = parse_wkt(text).map_err(|error| {
        invalid(format!(
            "the .prj is not a readable coordinate system ({error}): export the layer again, or in EPSG:4326"
        ))
    })?;
    let name = root.name().unwrap_or(&root.keyword).to_owned();
    let unsupported = |crs: String| FormatError::UnsupportedCrs { crs };
    if GEOGRAPHIC.contains(&root.keyword.as_str()) {
        return if is_wgs84_geographic(&root) {
            Ok(Crs::Wgs84)
        } else {
            Err(unsupported(name))
        };
    }
    if !PROJECTED.contains(&root.keyword.as_str()) {
        return Err(unsupported(name));
    }
    let normalized = normalize(&name);
    let epsg = root.epsg();
    let projection = root
        .node(&["PROJECTION", "METHOD"])
        .or_else(|| root.node(&["CONVERSION"]).and_then(|c| c.node(&["METHOD"])))
        .and_then(Wkt::name)
        .map(normalize)
        .unwrap_or_default();
    let metres = root
        .node(&["UNIT", "LENGTHUNIT"])
        .and_then(Wkt::number)
        .is_none_or(|factor| close_to(factor, 1.0));
    let base_wgs84 = root.node(BASE_GEOGRAPHIC).is_some_and(is_wgs84_geographic);
    let check = |parameter: &str, label: &str, expected: f64| -> Result<(), FormatError> {
        match root.parameter(parameter) {
            Some(value) if !close_to(value, expected) => Err(unsupported(format!(
                "{name} (its {label} is {value}, not {expected})"
            ))),
            _ => Ok(()),
        }
    };

    let web_mercator = [
        "MERCATORAUXILIARYSPHERE",
        "PSEUDOMERCATOR",
        "POPULARVISUALISATION",
        "WEBMERCATOR",
    ]
    .iter()
    .any(|marker| normalized.contains(marker) || projection.contains(marker))
        || matches!(epsg, Some(3857 | 3785 | 900913 | 102100 | 102113));
    if web_mercator {
        if !metres {
            return Err(unsupported(format!("{name} (not in metres)")));
        }
        check("FALSEEASTING", "false easting", 0.0)?;
        check("FALSENORTHING", "false northing", 0.0)?;
        check("CENTRALMERIDIAN", "central meridian", 0.0)?;
        check("STANDARDPARALLEL1", "standard parallel", 0.0)?;
        check("AUXILIARYSPHERETYPE", "auxiliary sphere type", 0.0)?;
        return Ok(Crs::WebMercator { name });
    }

    let utm = match epsg {
        Some(code @ 32601..=32660) => u8::try_from(code - 32600).ok().map(|zone| (zone, false)),
        Some(code @ 32701..=32760) => u8::try_from(code - 32700).ok().map(|zone| (zone, true)),
        _ if normalized.contains("WGS84") || normalized.contains("WGS1984") => {
            utm_zone_from_name(&normalized)
        }
        _ => None,
    };
    let Some((zone, south)) = utm else {
        return Err(unsupported(name));
    };
    let by_code = matches!(epsg, Some(32601..=32660 | 32701..=32760));
    if !(base_wgs84 || (by_code && root.node(BASE_GEOGRAPHIC).is_none())) {
        return Err(unsupported(name));
    }
    if !projection.is_empty() && !projection.contains("TRANSVERSEMERCATOR") {
        return Err(unsupported(format!(
            "{name} (its projection is not Transverse Mercator)"
        )));
    }
    if !metres {
        return Err(unsupported(format!("{name} (not in metres)")));
    }
    check(
        "CENTRALMERIDIAN",
        "central meridian",
        f64::from(zone) * 6.0 - 183.0,
    )?;
    check("SCALEFACTOR", "scale factor", 0.9996)?;
    check("FALSEEASTING", "false easting", 500_000.0)?;
    check(
        "FALSENORTHING",
        "false northing",
        if south { 10_000_000.0 } else { 0.0 },
    )?;
    check("LATITUDEOFORIGIN", "latitude of origin", 0.0)?;
    Ok(Crs::Utm { name, zone, south })
}

/// "...UTMZONE31N" -> (31, false).
fn utm_zone_from_name(normalized: &str) -> Option<(u8, bool)> {
    let after = normalized.get(normalized.find("UTMZONE")? + "UTMZONE".len()..)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    let zone: u8 = digits.parse().ok()?;
    let hemisphere = after.get(digits.len()..)?.chars().next()?;
    let south = match hemisphere {
        'N' => false,
        'S' => true,
        _ => return None,
    };
    (1..=60).contains(&zone).then_some((zone, south))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prj_classification() {
        let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_from_prj(wgs).unwrap(), Crs::Wgs84);
        let ntf = r#"GEOGCS["GCS_NTF",DATUM["D_NTF",SPHEROID["Clarke_1880_IGN",6378249.2,293.46602]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert!(
            matches!(crs_from_prj(ntf), Err(FormatError::UnsupportedCrs { crs }) if crs == "GCS_NTF")
        );
        let gdal_utm = r#"PROJCS["WGS 84 / UTM zone 33S",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",15],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","32733"]]"#;
        assert!(matches!(
            crs_from_prj(gdal_utm),
            Ok(Crs::Utm {
                zone: 33,
                south: true,
                ..
            })
        ));
        let wrong_meridian = gdal_utm.replace("\"central_meridian\",15", "\"central_meridian\",9");
        assert!(matches!(
            crs_from_prj(&wrong_meridian),
            Err(FormatError::UnsupportedCrs { .. })
        ));
        let feet = gdal_utm.replace("UNIT[\"metre\",1,", "UNIT[\"foot\",0.3048,");
        assert!(matches!(
            crs_from_prj(&feet),
            Err(FormatError::UnsupportedCrs { .. })
        ));
        let etrs = r#"PROJCS["ETRS89 / UTM zone 31N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",3],UNIT["metre",1]]"#;
        assert!(
            matches!(crs_from_prj(etrs), Err(FormatError::UnsupportedCrs { crs }) if crs == "ETRS89 / UTM zone 31N")
        );
        let pseudo = r#"PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137"],AUTHORITY["EPSG","3857"]]"#;
        assert!(matches!(crs_from_prj(pseudo), Ok(Crs::WebMercator { .. })));
        for bad in [
            "",
            "GEOGCS[",
            "GEOGCS[\"x\"",
            "[[[",
            "\"\"",
            "PROJCS[\"a\"]]",
        ] {
            assert!(crs_from_prj(bad).is_err(), "{bad:?}");
        }
    }
}
