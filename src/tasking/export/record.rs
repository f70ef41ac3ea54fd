//! One exported footprint: an attempt's facts as named values, the same in every format.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::aoi::Aoi;
use crate::aoi::mission::{mission_words, offer_words};
use crate::tasking::workflow::attempts::Attempt;

/// An attempt ready to write: its footprint as a named polygon and its facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The footprint, named `satellite acquisition-time`.
    pub footprint: Aoi,
    /// The attempt.
    pub attempt: Attempt,
}

/// The attempts that have a footprint, as records (one the service sent unreadable is left
/// out: there is nothing to draw).
pub fn records_of<'a>(attempts: impl IntoIterator<Item = &'a Attempt>) -> Vec<Record> {
    attempts
        .into_iter()
        .filter(|a| a.footprint.len() >= 4)
        .map(|a| Record {
            footprint: Aoi {
                name: format!("{} {}", a.satellite, utc(a.acquisition)),
                ring: ring_once_closed(&a.footprint),
                holes: Vec::new(),
            },
            attempt: a.clone(),
        })
        .collect()
}

/// The ring without consecutive repeats, closed once (a footprint may come closed twice).
fn ring_once_closed(ring: &[crate::aoi::LonLat]) -> Vec<crate::aoi::LonLat> {
    let mut out: Vec<crate::aoi::LonLat> = Vec::with_capacity(ring.len() + 1);
    for &position in ring {
        if out.last() != Some(&position) {
            out.push(position);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

/// The along-track angle, degrees, from the incidence and the across-track angle: for a
/// viewing direction, tan² incidence = tan² along + tan² across (its sign is not known).
pub fn along_track_deg(incidence_deg: f64, across_track_deg: f64) -> f64 {
    let along =
        incidence_deg.to_radians().tan().powi(2) - across_track_deg.to_radians().tan().powi(2);
    along.max(0.0).sqrt().atan().to_degrees()
}

fn utc(time: Option<OffsetDateTime>) -> String {
    time.and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn rounded(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

impl Record {
    /// The column names, in order.
    pub const COLUMNS: [&'static str; 12] = [
        "satellite",
        "mission",
        "offer",
        "acquisition_utc",
        "local_solar_time",
        "incidence_deg",
        "along_track_deg",
        "across_track_deg",
        "order_deadline_utc",
        "aoi_coverage_pct",
        "extended_angle",
        "segment_key",
    ];

    /// The facts as JSON values (numbers as numbers; `null` when not given), in column order.
    pub fn json_values(&self) -> Vec<(String, serde_json::Value)> {
        let a = &self.attempt;
        let along = a
            .incidence_deg
            .zip(a.across_track_deg)
            .map(|(i, c)| rounded(along_track_deg(i, c), 2));
        let values = [
            serde_json::json!(a.satellite),
            serde_json::json!(mission_words(&a.mission)),
            serde_json::json!(offer_words(&a.offer)),
            serde_json::json!(utc(a.acquisition)),
            serde_json::json!(a.local_solar_time),
            serde_json::json!(a.incidence_deg.map(|d| rounded(d, 2))),
            serde_json::json!(along),
            serde_json::json!(a.across_track_deg.map(|d| rounded(d, 2))),
            serde_json::json!(utc(a.order_deadline)),
            serde_json::json!(rounded(a.aoi_coverage * 100.0, 1)),
            serde_json::json!(a.extended_angle),
            serde_json::json!(a.segment_key),
        ];
        Record::COLUMNS
            .iter()
            .map(|c| (*c).to_owned())
            .zip(values)
            .collect()
    }

    /// The facts as text (empty when not given), in column order.
    pub fn text_values(&self) -> Vec<(String, String)> {
        self.json_values()
            .into_iter()
            .map(|(key, value)| {
                let text = match value {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (key, text)
            })
            .collect()
    }
}
