//! A GeoJSON document read as a stream: a FeatureCollection's features are turned into AOIs one
//! at a time as the parser reaches them, so memory follows the largest feature, not the file (a
//! `geojson::GeoJson` holds the whole tree, and its untagged parsing buffers it once more).

use std::fmt;

use geojson::{Feature, GeoJson};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{push_feature, push_geometry};
use crate::aoi::formats::Sink;

/// Reads one GeoJSON object into `report`.
pub(super) fn read_document<'de, D: Deserializer<'de>>(
    deserializer: D,
    report: &mut dyn Sink,
) -> Result<(), D::Error> {
    deserializer.deserialize_map(DocumentVisitor { report })
}

struct DocumentVisitor<'r> {
    report: &'r mut dyn Sink,
}

impl<'de> Visitor<'de> for DocumentVisitor<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a Geometry, Feature or FeatureCollection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut kind: Option<String> = None;
        let mut features_seen = false;
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "features" if !features_seen => {
                    features_seen = true;
                    map.next_value_seed(Features {
                        report: &mut *self.report,
                    })?;
                }
                "features" => return Err(de::Error::duplicate_field("features")),
                "type" if kind.is_none() => kind = Some(map.next_value()?),
                "type" => return Err(de::Error::duplicate_field("type")),
                _ => {
                    let value: Value = map.next_value()?;
                    rest.insert(key, value);
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("type"))?;
        if features_seen {
            if kind != "FeatureCollection" {
                return Err(de::Error::custom(format!(
                    "an object with \"features\" must have \"type\": \"FeatureCollection\", not {kind:?}"
                )));
            }
            return Ok(());
        }
        rest.insert("type".to_owned(), Value::String(kind));
        match serde_json::from_value::<GeoJson>(Value::Object(rest)).map_err(de::Error::custom)? {
            GeoJson::Geometry(geometry) => push_geometry(self.report, &geometry, String::new()),
            GeoJson::Feature(feature) => push_feature(self.report, &feature, 0),
            GeoJson::FeatureCollection(collection) => {
                for (index, feature) in collection.features.iter().enumerate() {
                    push_feature(self.report, feature, index);
                }
            }
        }
        Ok(())
    }
}

/// The `features` array, one Feature at a time.
struct Features<'r> {
    report: &'r mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for Features<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array of Features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(feature) = seq.next_element::<Feature>()? {
            push_feature(self.report, &feature, index);
            index += 1;
        }
        Ok(())
    }
}
