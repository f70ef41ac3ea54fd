//! Footprints as CSV (RFC 4180): a header line of the column names and `footprint_wkt`, then
//! one line per footprint; a field with a comma, a quote or a line break is quoted.

use super::record::Record;
use crate::aoi::formats::wkt_polygon;

/// The CSV text of the records.
pub fn write(records: &[Record]) -> String {
    let mut out = String::new();
    let header: Vec<&str> = Record::COLUMNS
        .iter()
        .copied()
        .chain(["footprint_wkt"])
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for record in records {
        let mut fields: Vec<String> = record.text_values().into_iter().map(|(_, v)| v).collect();
        fields.push(wkt_polygon(&record.footprint));
        let quoted: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
