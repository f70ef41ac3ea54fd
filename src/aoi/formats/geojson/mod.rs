//! GeoJSON: Geometry, Feature and FeatureCollection; Polygon and MultiPolygon; 2D and 3D positions.

mod document;

use std::io::{BufReader, Read};

use geojson::{Feature, GeoJson, Geometry, GeometryValue, JsonObject, Position};

use super::{FormatError, Sink};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

const FORMAT: &str = "GeoJSON";

/// Reads every geometry of a GeoJSON document held in memory.
pub(super) fn read(bytes: &[u8], out: &mut dyn Sink) -> Result<(), FormatError> {
    read_with(&mut serde_json::Deserializer::from_slice(bytes), out)
}

/// Reads every geometry of a GeoJSON document as a stream (a file): memory follows the largest
/// feature, not the document.
pub(super) fn read_from(reader: impl Read, out: &mut dyn Sink) -> Result<(), FormatError> {
    read_with(
        &mut serde_json::Deserializer::from_reader(BufReader::new(reader)),
        out,
    )
}

fn read_with<'de, R: serde_json::de::Read<'de>>(
    deserializer: &mut serde_json::Deserializer<R>,
    out: &mut dyn Sink,
) -> Result<(), FormatError> {
    let invalid = |error: serde_json::Error| FormatError::Invalid {
        format: FORMAT,
        detail: format!(
            "{error} (expected a Geometry, Feature or FeatureCollection object as RFC 7946 describes)"
        ),
    };
    document::read_document(&mut *deserializer, out).map_err(invalid)?;
    deserializer.end().map_err(invalid)
}

fn push_feature(report: &mut dyn Sink, feature: &Feature, index: usize) {
    let name = feature_name(feature.properties.as_ref()).unwrap_or_default();
    match &feature.geometry {
        Some(geometry) => push_geometry(report, geometry, name),
        None => report.warning(format!(
            "feature {} ({}) has no geometry and was skipped",
            index + 1,
            if name.is_empty() { "unnamed" } else { &name }
        )),
    }
}

/// The first of the usual naming properties that holds a string or number.
fn feature_name(properties: Option<&JsonObject>) -> Option<String> {
    let properties = properties?;
    ["name", "Name", "NAME", "title", "label", "id"]
        .iter()
        .filter_map(|key| properties.get(*key))
        .find_map(|value| match value {
            serde_json::Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
            serde_json::Value::Number(number) => Some(number.to_string()),
            _ => None,
        })
}

fn push_geometry(report: &mut dyn Sink, geometry: &Geometry, name: String) {
    match &geometry.value {
        GeometryValue::Polygon { coordinates } => {
            report.item(Imported::Aoi(polygon(name, coordinates)));
        }
        GeometryValue::MultiPolygon { coordinates } => {
            let several = coordinates.len() > 1;
            for (index, rings) in coordinates.iter().enumerate() {
                let part_name = if several && !name.is_empty() {
                    format!("{name} {}", index + 1)
                } else {
                    name.clone()
                };
                report.item(Imported::Aoi(polygon(part_name, rings)));
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            for part in geometries {
                push_geometry(report, part, name.clone());
            }
        }
        other => {
            let at = match other {
                GeometryValue::Point { coordinates } => Some(lon_lat(coordinates)),
                GeometryValue::MultiPoint { coordinates }
                | GeometryValue::LineString { coordinates } => coordinates.first().map(lon_lat),
                GeometryValue::MultiLineString { coordinates } => coordinates
                    .first()
                    .and_then(|line| line.first())
                    .map(lon_lat),
                _ => None,
            };
            report.item(Imported::NotPolygon(NotPolygon {
                name,
                kind: other.type_name().to_owned(),
                at,
            }));
        }
    }
}

fn polygon(name: String, rings: &[Vec<Position>]) -> Aoi {
    let mut rings = rings.iter().map(|ring| ring.iter().map(lon_lat).collect());
    let ring = rings.next().unwrap_or_default();
    Aoi {
        name,
        ring,
        holes: rings.collect(),
    }
}

/// The first two numbers of a position; altitude and anything after it are dropped.
fn lon_lat(position: &Position) -> LonLat {
    let values = position.as_slice();
    LonLat {
        x: values.first().copied().unwrap_or(f64::NAN),
        y: values.get(1).copied().unwrap_or(f64::NAN),
    }
}

/// Writes AOIs as a FeatureCollection of Polygons with a `name` property, positions as given.
pub(super) fn write(aois: &[Aoi]) -> String {
    write_features(aois.iter().map(|aoi| (aoi, &[][..])))
}

/// Writes AOIs as a FeatureCollection of Polygons, each with a `name` property and its own
/// named values after it, positions as given.
pub(super) fn write_features<'a>(
    items: impl Iterator<Item = (&'a Aoi, &'a [(String, serde_json::Value)])>,
) -> String {
    let features = items
        .map(|(aoi, data)| {
            let rings = std::iter::once(&aoi.ring)
                .chain(aoi.holes.iter())
                .map(|ring| ring.iter().map(|c| Position::from([c.x, c.y])).collect())
                .collect::<Vec<Vec<Position>>>();
            let mut properties = JsonObject::new();
            properties.insert("name".to_owned(), aoi.name.clone().into());
            for (key, value) in data {
                properties.insert(key.clone(), value.clone());
            }
            Feature {
                bbox: None,
                geometry: Some(Geometry::new(GeometryValue::Polygon { coordinates: rings })),
                id: None,
                properties: Some(properties),
                foreign_members: None,
            }
        })
        .collect();
    let collection = geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    GeoJson::FeatureCollection(collection).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_collection_with_polygon_multipolygon_and_point() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]}},
          {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,0],[3,0],[3,1],[2,0]]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[4,5]}}]}"#;
        let report = crate::aoi::formats::collect(|out| read(text.as_bytes(), out)).unwrap();
        let names: Vec<_> = report.items.iter().map(|i| i.name().to_owned()).collect();
        assert_eq!(names, vec!["A", "B 1", "B 2", ""]);
        let Imported::Aoi(first) = &report.items[0] else {
            panic!("first is a polygon")
        };
        assert_eq!(first.ring[1], LonLat { x: 1.0, y: 0.0 });
        assert!(matches!(&report.items[3], Imported::NotPolygon(p) if p.kind == "Point"));
    }

    #[test]
    fn invalid_json_says_where() {
        let error = crate::aoi::formats::collect(|out| {
            read(b"{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1", out)
        })
        .unwrap_err();
        assert!(error.to_string().contains("line 1"), "{error}");
    }

    #[test]
    fn a_stream_reads_as_the_slice_reads_whatever_the_key_order() {
        let text = r#"{"features":[
          {"geometry":{"coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"type":"Polygon"},"type":"Feature","properties":{"name":"A"}},
          {"type":"Feature","properties":null,"geometry":null}],
          "bbox":[0,0,1,1],"type":"FeatureCollection"}"#;
        let from_slice = crate::aoi::formats::collect(|out| read(text.as_bytes(), out)).unwrap();
        let from_stream =
            crate::aoi::formats::collect(|out| read_from(text.as_bytes(), out)).unwrap();
        assert_eq!(from_slice, from_stream);
        assert_eq!(from_stream.items.len(), 1);
        assert_eq!(from_stream.warnings.len(), 1);
        let geometry = r#"{"coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"type":"Polygon"}"#;
        assert_eq!(
            crate::aoi::formats::collect(|out| read_from(geometry.as_bytes(), out))
                .unwrap()
                .items
                .len(),
            1
        );
    }

    #[test]
    fn features_under_another_type_or_trailing_text_are_refused() {
        for text in [
            r#"{"type":"Feature","features":[]}"#,
            r#"{"features":[]}"#,
            r#"{"type":"FeatureCollection","features":[]} {}"#,
            r#"{"type":"FeatureCollection","features":[],"features":[]}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1"#,
        ] {
            let error = crate::aoi::formats::collect(|out| read_from(text.as_bytes(), out))
                .unwrap_err()
                .to_string();
            assert!(error.contains("line 1"), "{text}: {error}");
        }
    }
}
