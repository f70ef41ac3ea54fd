//! Tracking legacy taskings: the list, one tasking's segments, and their states.

use serde::{Deserialize, Serialize};

use super::common::GeoPolygon;
use crate::api::ids::{SegmentId, TaskingId};
use crate::api::tolerant::{Lenient, Number, Records, Warnings, note_field, note_skipped};

/// `GET /api/v1/contracts/{c}/taskings`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TaskingList {
    /// The taskings; one that cannot be read is left out with a warning.
    pub taskings: Records<TaskingEntry>,
    /// Paging fields when the service sends them.
    #[serde(flatten)]
    pub paging: serde_json::Map<String, serde_json::Value>,
}

/// One entry: `{sal, so, icr}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskingEntry {
    /// Sales line.
    #[serde(default)]
    pub sal: Option<String>,
    /// Sales order.
    #[serde(default)]
    pub so: Option<String>,
    /// The tasking itself.
    pub icr: Icr,
}

/// The tasking request (ICR).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Icr {
    /// e.g. ICR_FC_XXXXX.
    pub id: TaskingId,
    /// The AOI (empty, with the reason, when it cannot be read).
    #[serde(default)]
    pub aoi: Lenient<GeoPolygon>,
    /// OneDay, OnePlan...
    #[serde(default)]
    pub prog_type_name: Option<String>,
    /// e.g. Ongoing, Completed, Cancelled.
    #[serde(default)]
    pub status: Option<String>,
    /// Acquisitions waiting for a decision.
    #[serde(default)]
    pub nb_proposed_segments: Option<u32>,
    /// Acquisitions in all.
    #[serde(default)]
    pub nb_total_segments: Option<u32>,
    /// The tasking window.
    #[serde(default)]
    pub period: Option<Period>,
    /// The customer's reference.
    #[serde(default)]
    pub customer_ref: Option<String>,
    /// Ordered and validated areas (m²).
    #[serde(default)]
    pub tasking_progress: Option<TaskingProgress>,
    /// Planned attempts, "start end" pairs.
    #[serde(default)]
    pub attempts: Option<serde_json::Value>,
}

/// `period{startDate, endDate}` (kept as text: services vary in precision).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Period {
    /// Start.
    pub start_date: Option<String>,
    /// End.
    pub end_date: Option<String>,
}

/// `taskingProgress{orderedArea, validatedArea}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TaskingProgress {
    /// Ordered area, m².
    pub ordered_area: f64,
    /// Validated area, m².
    pub validated_area: f64,
}

impl TaskingProgress {
    /// Validated share of the ordered area, percent.
    pub fn percent(&self) -> f64 {
        if self.ordered_area > 0.0 {
            self.validated_area / self.ordered_area * 100.0
        } else {
            0.0
        }
    }
}

/// `GET .../taskings/{id}/segments`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SegmentList {
    /// The acquisitions; one that cannot be read is left out with a warning.
    pub segments: Records<TaskingSegment>,
}

impl Warnings for SegmentList {
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        note_skipped(&mut warnings, "acquisitions", &self.segments);
        for segment in self.segments.iter() {
            if let Some(detail) = &segment.as_detail1 {
                let record = || format!("acquisition {}", segment.id);
                note_field(
                    &mut warnings,
                    record,
                    "asDetail1.footprint",
                    &detail.footprint,
                );
            }
        }
        warnings
    }
}

impl Warnings for TaskingList {
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        note_skipped(&mut warnings, "taskings", &self.taskings);
        for entry in self.taskings.iter() {
            let record = || format!("tasking {}", entry.icr.id);
            note_field(&mut warnings, record, "icr.aoi", &entry.icr.aoi);
        }
        warnings
    }
}

/// One acquisition of a tasking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskingSegment {
    /// Its id.
    pub id: SegmentId,
    /// PROPOSED, VALIDATED, REFUSED...
    #[serde(default)]
    pub status: Option<String>,
    /// Details.
    #[serde(default)]
    pub as_detail1: Option<AcquisitionDetail>,
}

/// `asDetail1{catalogId, footprint, incidenceAngle, clearSkyRate, acquisitionDate}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AcquisitionDetail {
    /// The catalog id of the image.
    pub catalog_id: Option<String>,
    /// GeoJSON footprint (empty, with the reason, when it cannot be read: the spec's example
    /// sends a placeholder string for its coordinates).
    pub footprint: Lenient<GeoPolygon>,
    /// Degrees.
    pub incidence_angle: Lenient<Number>,
    /// Percent.
    pub clear_sky_rate: Lenient<Number>,
    /// When.
    pub acquisition_date: Option<String>,
}
