//! Attempts leave the window: each footprint with its satellite, acquisition time (UTC and
//! local solar), incidence and along/across-track angles, order deadline and the share of the
//! AOI it covers, written as GeoJSON or KML (through the AOI writers of `aoi::formats`, so
//! `sattask aoi` and any GIS read them back) or as CSV (the footprint as WKT); `read` takes
//! such a file back, to show it again as a comparison overlay.

mod csv;
pub mod read;
mod record;

use std::path::Path;

pub use self::record::{Record, along_track_deg, records_of};
use crate::aoi::formats::{geojson_with_data, kml_with_data};

/// A format footprints are written in, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// `.geojson` / `.json`: a FeatureCollection.
    GeoJson,
    /// `.kml`: a Placemark per footprint with `ExtendedData`.
    Kml,
    /// `.csv`: a header, then a line per footprint.
    Csv,
}

impl ExportFormat {
    /// The format of a path, by its extension.
    pub fn of(path: &Path) -> Option<ExportFormat> {
        let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match extension.as_str() {
            "geojson" | "json" => Some(ExportFormat::GeoJson),
            "kml" => Some(ExportFormat::Kml),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }
}

/// Why footprints could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The extension names no format written here.
    #[error("{path}: unknown export format; name the file .geojson, .kml or .csv")]
    UnknownFormat {
        /// The path given.
        path: String,
    },
    /// The file could not be written.
    #[error("cannot write {path}: {source}; check the folder exists and may be written")]
    Write {
        /// The path given.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// The records in a format, as text.
pub fn export_text(format: ExportFormat, records: &[Record]) -> String {
    match format {
        ExportFormat::GeoJson => {
            let data: Vec<Vec<(String, serde_json::Value)>> =
                records.iter().map(Record::json_values).collect();
            geojson_with_data(
                records
                    .iter()
                    .map(|r| &r.footprint)
                    .zip(data.iter().map(Vec::as_slice)),
            )
        }
        ExportFormat::Kml => {
            let data: Vec<Vec<(String, String)>> =
                records.iter().map(Record::text_values).collect();
            kml_with_data(
                records
                    .iter()
                    .map(|r| &r.footprint)
                    .zip(data.iter().map(Vec::as_slice)),
            )
        }
        ExportFormat::Csv => csv::write(records),
    }
}

/// Writes the records to `path`, in the format its extension names.
pub fn export_file(path: &Path, records: &[Record]) -> Result<(), ExportError> {
    let format = ExportFormat::of(path).ok_or_else(|| ExportError::UnknownFormat {
        path: path.display().to_string(),
    })?;
    std::fs::write(path, export_text(format, records)).map_err(|source| ExportError::Write {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::api::oneatlas::models::CapacityAnswer;
    use crate::tasking::workflow::attempts::attempts_of;

    pub(crate) fn records() -> Vec<Record> {
        let answer: CapacityAnswer = serde_json::from_value(serde_json::json!({
            "progCapacities": {"mission": "PLEIADES", "progTypes": [{"name": "ONEDAY", "mission": "PLEIADES", "segments": [
                {"id": "PHR1A", "footprint": {"geometry": "POLYGON((1.45 43.5, 1.6 43.5, 1.6 43.8, 1.45 43.8, 1.45 43.5))",
                 "center": "POINT(1.525 43.65)"}, "segmentKey": "k,1 \"a\"",
                 "acquisitionStartDate": "2027-03-01T10:40:00.000Z", "orderDeadline": "2027-02-28T10:00:00.000Z",
                 "incidenceAngle": 20.0, "acrossTrackIncidenceAngle": 12.0},
                {"id": "PHR1B", "footprint": {"geometry": "coordinates"}, "segmentKey": "k2"}
            ]}]}
        }))
        .unwrap();
        let aoi = crate::tasking::compare::tests::aoi();
        records_of(&attempts_of(&answer, &aoi))
    }

    #[test]
    fn the_along_track_angle_completes_the_incidence() {
        assert!((along_track_deg(20.0, 0.0) - 20.0).abs() < 1e-9);
        assert!(along_track_deg(20.0, 20.0).abs() < 1e-9);
        let along = along_track_deg(20.0, 12.0);
        let back = (along.to_radians().tan().powi(2) + 12f64.to_radians().tan().powi(2))
            .sqrt()
            .atan()
            .to_degrees();
        assert!((back - 20.0).abs() < 1e-9, "{along}");
    }

    #[test]
    fn each_format_carries_every_fact_of_a_footprint() {
        let records = records();
        assert_eq!(records.len(), 1, "an unreadable footprint is left out");
        let geojson: geojson::GeoJson = export_text(ExportFormat::GeoJson, &records)
            .parse()
            .unwrap();
        let geojson::GeoJson::FeatureCollection(collection) = geojson else {
            panic!("not a collection")
        };
        let properties = collection.features[0].properties.as_ref().unwrap();
        assert_eq!(properties["satellite"], "PHR1A");
        assert_eq!(properties["mission"], "Pléiades");
        assert_eq!(properties["acquisition_utc"], "2027-03-01T10:40:00Z");
        assert_eq!(properties["local_solar_time"], "10:46");
        assert_eq!(properties["incidence_deg"], 20.0);
        assert_eq!(properties["across_track_deg"], 12.0);
        assert_eq!(properties["order_deadline_utc"], "2027-02-28T10:00:00Z");
        assert_eq!(properties["aoi_coverage_pct"], 50.0);
        let kml = export_text(ExportFormat::Kml, &records);
        assert!(
            kml.contains(
                "<Data name=\"order_deadline_utc\"><value>2027-02-28T10:00:00Z</value></Data>"
            ),
            "{kml}"
        );
        let csv = export_text(ExportFormat::Csv, &records);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some(
                "satellite,mission,offer,acquisition_utc,local_solar_time,incidence_deg,along_track_deg,across_track_deg,order_deadline_utc,aoi_coverage_pct,extended_angle,segment_key,footprint_wkt"
            )
        );
        let line = lines.next().unwrap();
        assert!(
            line.starts_with("PHR1A,Pléiades,OneDay,2027-03-01T10:40:00Z,10:46,20.0,"),
            "{line}"
        );
        assert!(
            line.contains(",\"k,1 \"\"a\"\"\",\"POLYGON((1.45 43.5, "),
            "{line}"
        );
    }

    #[test]
    fn an_unknown_extension_is_refused_with_the_ones_known() {
        let error = export_file(Path::new("out.shp"), &[]).unwrap_err();
        assert!(error.to_string().contains(".geojson, .kml or .csv"));
    }
}
