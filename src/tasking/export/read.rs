//! An attempts export read back (GeoJSON, KML or CSV written by this module's writers), to be
//! shown again as a comparison overlay: each footprint with its satellite, mission, offer,
//! acquisition time, incidence and share of the AOI covered. A file is taken for an export when
//! its footprints carry the export's `satellite` and `acquisition_utc` values; any other file is
//! left to the AOI importers. A footprint that cannot be read is named and skipped; the others
//! stay.

use std::io::Read;
use std::path::Path;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::ExportFormat;
#[cfg(test)]
use super::record::Record;
use crate::aoi::formats::{Format, import_bytes};
use crate::aoi::{Imported, LonLat};

/// The largest export read back, bytes: an export of every attempt of a week is a few hundred
/// kilobytes; a larger file is read as AOIs.
pub const MAX_EXPORT_BYTES: u64 = 64 * 1024 * 1024;

/// How much of a file is looked at to tell an export from an AOI file, bytes.
const SNIFF_BYTES: usize = 64 * 1024;

/// One footprint of an export, with the facts the overlay shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedFootprint {
    /// Its outline, lon/lat.
    pub ring: Vec<LonLat>,
    /// The satellite, e.g. `PHR1A`.
    pub satellite: String,
    /// The mission, as written ("Pléiades").
    pub mission: String,
    /// The offer, as written ("OneDay").
    pub offer: String,
    /// The acquisition's start, UTC.
    pub acquisition: Option<OffsetDateTime>,
    /// Incidence angle, degrees.
    pub incidence_deg: Option<f64>,
    /// The share of the AOI it covered, percent.
    pub aoi_coverage_pct: Option<f64>,
    /// The segment key.
    pub segment_key: String,
}

/// An export read back.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exported {
    /// The footprints read.
    pub footprints: Vec<ExportedFootprint>,
    /// Each footprint skipped, and why.
    pub skipped: Vec<String>,
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}; check the path and that the file may be read")]
    Io {
        /// The path given.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// It looks like an export but is damaged.
    #[error(
        "{what}; the file looks like a sattask attempts export but cannot be read: export it again"
    )]
    Damaged {
        /// What is wrong, and where.
        what: String,
    },
}

fn damaged(what: impl Into<String>) -> ReadError {
    ReadError::Damaged { what: what.into() }
}

/// Reads `path` as an attempts export; `Ok(None)` when it is not one (read it as AOIs).
pub fn read_export_file(path: &Path) -> Result<Option<Exported>, ReadError> {
    let Some(format) = ExportFormat::of(path) else {
        return Ok(None);
    };
    let io = |source| ReadError::Io {
        path: path.display().to_string(),
        source,
    };
    // A file that cannot be opened is left to the AOI importers, which say why.
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(None);
    };
    let size = file.metadata().map_err(io)?.len();
    // The start is enough to tell (every footprint carries the values); only an export is read
    // whole.
    let mut head = Vec::with_capacity(SNIFF_BYTES.min(size as usize));
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if !looks_like_export(format, &String::from_utf8_lossy(&head)) {
        return Ok(None);
    }
    // An export too large to show is said so, never opened as AOIs instead.
    if size > MAX_EXPORT_BYTES {
        return Err(damaged(format!(
            "an attempts export of {} MB, more than the {} MB an overlay reads: export fewer \
             attempts (one offer, or a shorter window)",
            size / 1_000_000,
            MAX_EXPORT_BYTES / 1_000_000
        )));
    }
    let mut text = String::from_utf8_lossy(&head).into_owned();
    let mut rest = Vec::new();
    file.read_to_end(&mut rest).map_err(io)?;
    if !rest.is_empty() {
        head.extend_from_slice(&rest);
        text = String::from_utf8(head).map_err(|e| {
            damaged(format!(
                "{}: not UTF-8 text at byte {}",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
    }
    read_export_text(format, &text)
}

/// Whether the start of a file in `format` is an attempts export.
fn looks_like_export(format: ExportFormat, head: &str) -> bool {
    match format {
        ExportFormat::Csv => head.lines().next().is_some_and(|header| {
            let names: Vec<&str> = header.split(',').map(str::trim).collect();
            ["satellite", "acquisition_utc", "footprint_wkt"]
                .iter()
                .all(|n| names.contains(n))
        }),
        ExportFormat::GeoJson => {
            head.contains("\"satellite\"") && head.contains("\"acquisition_utc\"")
        }
        ExportFormat::Kml => {
            head.contains("<Data name=\"satellite\">")
                && head.contains("<Data name=\"acquisition_utc\">")
        }
    }
}

/// Reads an export's text; `Ok(None)` when it is not an export.
pub fn read_export_text(format: ExportFormat, text: &str) -> Result<Option<Exported>, ReadError> {
    if !looks_like_export(format, text) {
        return Ok(None);
    }
    let exported = match format {
        ExportFormat::GeoJson => read_geojson(text)?,
        ExportFormat::Kml => read_kml(text)?,
        ExportFormat::Csv => read_csv(text)?,
    };
    if exported.footprints.is_empty() {
        return Err(damaged(format!(
            "no footprint could be read ({})",
            exported.skipped.join("; ")
        )));
    }
    Ok(Some(exported))
}

/// The facts of one footprint from its named values (text or JSON).
fn footprint_of(ring: Vec<LonLat>, value: impl Fn(&str) -> Option<String>) -> ExportedFootprint {
    let number = |key: &str| value(key).and_then(|v| v.trim().parse::<f64>().ok());
    ExportedFootprint {
        ring,
        satellite: value("satellite").unwrap_or_default(),
        mission: value("mission").unwrap_or_default(),
        offer: value("offer").unwrap_or_default(),
        acquisition: value("acquisition_utc")
            .and_then(|t| OffsetDateTime::parse(t.trim(), &Rfc3339).ok()),
        incidence_deg: number("incidence_deg"),
        aoi_coverage_pct: number("aoi_coverage_pct"),
        segment_key: value("segment_key").unwrap_or_default(),
    }
}

/// A polygon's outer ring, or why there is none.
fn ring_of(text: &str, format: Format, what: &str) -> Result<Vec<LonLat>, String> {
    let report = import_bytes(format, text.as_bytes(), what).map_err(|e| e.to_string())?;
    report
        .items
        .into_iter()
        .find_map(|item| match item {
            Imported::Aoi(aoi) => Some(aoi.ring),
            Imported::NotPolygon(_) => None,
        })
        .ok_or_else(|| "no polygon".to_owned())
}

fn read_geojson(text: &str) -> Result<Exported, ReadError> {
    let json: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| damaged(format!("GeoJSON line {}: {e}", e.line())))?;
    let features = json
        .get("features")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| damaged("GeoJSON: no \"features\" list"))?;
    let mut exported = Exported::default();
    for (index, feature) in features.iter().enumerate() {
        let properties = feature.get("properties");
        let value = |key: &str| -> Option<String> {
            match properties?.get(key)? {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            }
        };
        let geometry = feature
            .get("geometry")
            .map(serde_json::Value::to_string)
            .unwrap_or_default();
        match ring_of(&geometry, Format::GeoJson, "footprint") {
            Ok(ring) => exported.footprints.push(footprint_of(ring, value)),
            Err(why) => exported
                .skipped
                .push(format!("feature {} (index {index}): {why}", index + 1)),
        }
    }
    Ok(exported)
}

/// XML text with its five entities replaced.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text between the first `open` in `text` and the `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

fn read_kml(text: &str) -> Result<Exported, ReadError> {
    let mut exported = Exported::default();
    // Each Placemark on its own: its values and its polygon, read by the KML importer.
    for (index, placemark) in text.split("<Placemark").skip(1).enumerate() {
        let placemark = placemark.split("</Placemark>").next().unwrap_or(placemark);
        let value = |key: &str| -> Option<String> {
            let open = format!("<Data name=\"{key}\">");
            let data = between(placemark, &open, "</Data>")?;
            let value = between(data, "<value>", "</value>")?;
            (!value.is_empty()).then(|| unescape(value))
        };
        let document = format!(
            "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Placemark{placemark}</Placemark></kml>"
        );
        match ring_of(&document, Format::Kml, "footprint") {
            Ok(ring) => exported.footprints.push(footprint_of(ring, value)),
            Err(why) => exported
                .skipped
                .push(format!("placemark {}: {why}", index + 1)),
        }
    }
    Ok(exported)
}

/// The fields of RFC 4180 text, line by line (a quoted field may hold commas, quotes doubled
/// and line breaks).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn read_csv(text: &str) -> Result<Exported, ReadError> {
    let rows = csv_rows(text);
    let Some((header, lines)) = rows.split_first() else {
        return Err(damaged("CSV: no header line"));
    };
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let wkt = column("footprint_wkt").ok_or_else(|| damaged("CSV: no footprint_wkt column"))?;
    let mut exported = Exported::default();
    for (index, fields) in lines.iter().enumerate() {
        // Line 1 is the header.
        let line = index + 2;
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let value = |key: &str| -> Option<String> {
            let field = fields.get(column(key)?)?;
            (!field.is_empty()).then(|| field.clone())
        };
        let Some(geometry) = fields.get(wkt) else {
            exported
                .skipped
                .push(format!("line {line}: no footprint_wkt field"));
            continue;
        };
        match ring_of(geometry, Format::Wkt, "footprint") {
            Ok(ring) => exported.footprints.push(footprint_of(ring, value)),
            Err(why) => exported.skipped.push(format!("line {line}: {why}")),
        }
    }
    Ok(exported)
}

/// What [`read_export_text`] gives back for a record written by this module (its mission and
/// offer in words, the numbers as written): the oracle of the round trips.
#[cfg(test)]
fn as_read_back(record: &Record) -> ExportedFootprint {
    let values = record.json_values();
    footprint_of(record.footprint.ring.clone(), |key| {
        values
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| match v {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => (!s.is_empty()).then(|| s.clone()),
                other => Some(other.to_string()),
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasking::export::{export_text, tests::records};

    #[test]
    fn each_format_reads_back_what_was_written() {
        let records = records();
        assert!(!records.is_empty());
        let expected: Vec<ExportedFootprint> = records.iter().map(as_read_back).collect();
        assert_eq!(expected[0].satellite, "PHR1A");
        assert_eq!(expected[0].incidence_deg, Some(20.0));
        assert!(expected[0].acquisition.is_some());
        for format in [ExportFormat::GeoJson, ExportFormat::Kml, ExportFormat::Csv] {
            let text = export_text(format, &records);
            let read = read_export_text(format, &text)
                .unwrap_or_else(|e| panic!("{format:?}: {e}"))
                .unwrap_or_else(|| panic!("{format:?} not recognised as an export"));
            assert_eq!(read.footprints, expected, "{format:?}");
            assert!(read.skipped.is_empty(), "{format:?}: {:?}", read.skipped);
        }
    }

    #[test]
    fn an_aoi_file_is_not_an_export() {
        let aoi = crate::tasking::compare::tests::aoi();
        let geojson = String::from_utf8(
            crate::aoi::formats::export_bytes(Format::GeoJson, std::slice::from_ref(&aoi)).unwrap(),
        )
        .unwrap();
        assert!(
            read_export_text(ExportFormat::GeoJson, &geojson)
                .unwrap()
                .is_none()
        );
        let kml = String::from_utf8(
            crate::aoi::formats::export_bytes(Format::Kml, std::slice::from_ref(&aoi)).unwrap(),
        )
        .unwrap();
        assert!(read_export_text(ExportFormat::Kml, &kml).unwrap().is_none());
        assert!(
            read_export_text(ExportFormat::Csv, "name,wkt\r\na,POINT(1 2)\r\n")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_damaged_footprint_is_named_and_the_others_kept() {
        let records = records();
        let mut text = export_text(ExportFormat::Csv, &records);
        text.push_str("PHR1B,Pléiades,OneDay,2027-03-02T10:40:00Z,,,,,,,false,k,POLYGON((1 2\r\n");
        let read = read_export_text(ExportFormat::Csv, &text).unwrap().unwrap();
        assert_eq!(read.footprints.len(), records.len());
        assert_eq!(read.skipped.len(), 1);
        assert!(
            read.skipped[0].starts_with("line 3: "),
            "{:?}",
            read.skipped
        );
        let none = "satellite,acquisition_utc,footprint_wkt\r\nX,2027,POLYGON((\r\n";
        let error = read_export_text(ExportFormat::Csv, none).unwrap_err();
        assert!(error.to_string().contains("export it again"), "{error}");
    }

    #[test]
    fn a_file_is_sniffed_then_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let records = records();
        for (name, format) in [
            ("a.geojson", ExportFormat::GeoJson),
            ("a.kml", ExportFormat::Kml),
            ("a.csv", ExportFormat::Csv),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, export_text(format, &records)).unwrap();
            let read = read_export_file(&path).unwrap().unwrap();
            assert_eq!(read.footprints.len(), records.len(), "{name}");
        }
        let wkt = dir.path().join("a.wkt");
        std::fs::write(&wkt, "POLYGON((0 0, 1 0, 1 1, 0 0))").unwrap();
        assert!(read_export_file(&wkt).unwrap().is_none());
    }
}
