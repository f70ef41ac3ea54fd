//! Shapes shared by several OneAtlas areas: GeoJSON polygons, key/value properties, dates,
//! WKT footprints parsed on arrival.

use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::aoi::{Aoi, LonLat};

/// A GeoJSON Polygon as the API sends and expects it (positions kept as given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoPolygon {
    /// Always "Polygon".
    #[serde(rename = "type")]
    pub kind: String,
    /// Rings of [lon, lat] (a third value, altitude, is accepted and dropped).
    #[serde(deserialize_with = "rings_2d")]
    pub coordinates: Vec<Vec<[f64; 2]>>,
}

fn rings_2d<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<[f64; 2]>>, D::Error> {
    let rings: Vec<Vec<Vec<f64>>> = Vec::deserialize(d)?;
    rings
        .into_iter()
        .map(|ring| {
            ring.into_iter()
                .map(|p| match p.as_slice() {
                    [x, y, ..] => Ok([*x, *y]),
                    _ => Err(serde::de::Error::custom(
                        "a position needs at least 2 numbers",
                    )),
                })
                .collect()
        })
        .collect()
}

impl GeoPolygon {
    /// The AOI's outer ring, every position as drawn.
    pub fn from_aoi(aoi: &Aoi) -> Self {
        GeoPolygon {
            kind: "Polygon".to_owned(),
            coordinates: vec![aoi.ring.iter().map(|c| [c.x, c.y]).collect()],
        }
    }

    /// The outer ring as lon/lat.
    pub fn outer_ring(&self) -> Vec<LonLat> {
        self.coordinates
            .first()
            .map(|ring| ring.iter().map(|p| LonLat { x: p[0], y: p[1] }).collect())
            .unwrap_or_default()
    }
}

/// A `{key, value}` property; values are strings, numbers or booleans depending on the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyValue {
    /// The key.
    pub key: String,
    /// The value as sent.
    pub value: serde_json::Value,
}

impl KeyValue {
    /// A property.
    pub fn new(key: &str, value: impl Into<serde_json::Value>) -> Self {
        KeyValue {
            key: key.to_owned(),
            value: value.into(),
        }
    }
}

/// Formats a date as the API expects: ISO 8601 with milliseconds and `Z`.
pub fn api_date(date: OffsetDateTime) -> String {
    let utc = date.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

/// Parses an API date (RFC 3339, with or without fractions).
pub fn parse_api_date(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|e| {
        format!("{text:?} is not an ISO 8601 date-time like 2026-05-12T11:03:19.052Z ({e})")
    })
}

/// Serde for optional API dates.
pub mod opt_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;

    /// Writes `null` or the API format.
    pub fn serialize<S: Serializer>(
        date: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => s.serialize_str(&super::api_date(*date)),
            None => s.serialize_none(),
        }
    }

    /// Reads `null`, an empty string or a date.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => super::parse_api_date(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// An API date read on its own, for a field that may be unreadable (`Lenient<ApiDate>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiDate(pub OffsetDateTime);

impl<'de> Deserialize<'de> for ApiDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_api_date(&text)
            .map(ApiDate)
            .map_err(serde::de::Error::custom)
    }
}

impl Serialize for ApiDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&api_date(self.0))
    }
}

/// A WKT polygon footprint, parsed once on arrival.
#[derive(Debug, Clone, PartialEq)]
pub struct WktPolygon {
    /// The outer ring, lon/lat.
    pub ring: Vec<LonLat>,
    /// The text as received (sent back verbatim where needed).
    pub text: String,
}

impl<'de> Deserialize<'de> for WktPolygon {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_wkt_ring(&text)
            .map(|ring| WktPolygon { ring, text })
            .map_err(serde::de::Error::custom)
    }
}

impl Serialize for WktPolygon {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// The outer ring of a WKT POLYGON (or the first polygon of a MULTIPOLYGON).
pub fn parse_wkt_ring(text: &str) -> Result<Vec<LonLat>, String> {
    use std::str::FromStr;
    let geometry = wkt::Wkt::<f64>::from_str(text)
        .map_err(|e| format!("footprint {text:.60?} is not WKT: {e}"))?;
    let polygon = match &geometry {
        wkt::Wkt::Polygon(p) => Some(p),
        wkt::Wkt::MultiPolygon(m) => m.polygons().first(),
        _ => None,
    }
    .ok_or_else(|| format!("footprint {text:.60?} is not a POLYGON"))?;
    Ok(polygon
        .rings()
        .first()
        .map(|ring| {
            ring.coords()
                .iter()
                .map(|c| LonLat { x: c.x, y: c.y })
                .collect()
        })
        .unwrap_or_default())
}

/// A WKT POINT, parsed on arrival.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WktPoint(pub LonLat);

impl<'de> Deserialize<'de> for WktPoint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use std::str::FromStr;
        let text = String::deserialize(d)?;
        match wkt::Wkt::<f64>::from_str(&text) {
            Ok(wkt::Wkt::Point(p)) => p
                .coord()
                .map(|c| WktPoint(LonLat { x: c.x, y: c.y }))
                .ok_or_else(|| serde::de::Error::custom("empty POINT")),
            _ => Err(serde::de::Error::custom(format!(
                "{text:.60?} is not a WKT POINT"
            ))),
        }
    }
}

impl Serialize for WktPoint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("POINT({} {})", self.0.x, self.0.y))
    }
}

/// Writes 10.0 as `10`, as the guide's examples do; other values as they are.
pub fn whole_as_integer<S: serde::Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)] // checked: whole and well inside i64
        s.serialize_i64(*value as i64)
    } else {
        s.serialize_f64(*value)
    }
}
