//! Feasibility and attempts: the shared request body and the `progCapacities` answers.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::common::{GeoPolygon, WktPoint, WktPolygon, one_or_many, opt_date};
use crate::aoi::mission::{AcquisitionMode, Mission};
use crate::api::error::OfferError;
use crate::api::ids::ContractId;

/// The body of `POST /api/v1/feasibility` and `POST /api/v1/attempts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeasibilityRequest {
    /// The acquisition window.
    pub acquisition_date: AcquisitionDate,
    /// The contract.
    pub contract_id: ContractId,
    /// PLEIADES, SPOT, PLEIADESNEO (the spec's examples say `mission`: both are read).
    #[serde(alias = "mission", deserialize_with = "one_or_many")]
    pub missions: Vec<Mission>,
    /// Optical constraints.
    pub optical: Optical,
    /// ONEPLAN, ONEDAY, ONENOWATTEMPTS, ONENOWWEATHER...
    #[serde(deserialize_with = "one_or_many")]
    pub prog_type_names: Vec<String>,
    /// The AOI.
    pub aoi: GeoPolygon,
}

/// `acquisitionDate{startDate, endDate}` (endDate may be null for attempts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcquisitionDate {
    /// Start (a past date becomes now on the service side).
    #[serde(with = "opt_date")]
    pub start_date: Option<OffsetDateTime>,
    /// End.
    #[serde(with = "opt_date", default)]
    pub end_date: Option<OffsetDateTime>,
}

/// `optical{acquisitionMode, maxCloudCover, maxIncidenceAngle}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Optical {
    /// MONO, STEREO or TRISTEREO.
    pub acquisition_mode: AcquisitionMode,
    /// Percent.
    #[serde(serialize_with = "super::common::whole_as_integer")]
    pub max_cloud_cover: f64,
    /// Degrees.
    #[serde(serialize_with = "super::common::whole_as_integer")]
    pub max_incidence_angle: f64,
}

/// The answer of feasibility and attempts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CapacityAnswer {
    /// One entry per mission.
    pub prog_capacities: Vec<ProgCapacity>,
}

/// One mission's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProgCapacity {
    /// The mission.
    pub mission: String,
    /// One entry per offer.
    pub prog_types: Vec<ProgType>,
}

/// One offer's answer: available or not, its feasibility, its segments, its errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProgType {
    /// ONEPLAN, ONEDAY...
    pub name: String,
    /// The mission.
    pub mission: String,
    /// Whether it can be ordered.
    pub available: bool,
    /// Feasibility (feasibility answers).
    pub feasibility: Option<Feasibility>,
    /// Attempts (attempts answers).
    pub segments: Vec<AttemptSegment>,
    /// Why it is not available.
    pub errors: Vec<OfferError>,
}

/// `feasibility{classification, automation, automationName}`: goes into the order item's properties.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Feasibility {
    /// EASY or CHALLENGING.
    pub classification: Option<String>,
    /// AUTOMATIC or MANUAL.
    pub automation: Option<String>,
    /// e.g. AutomaticTasking30.
    pub automation_name: Option<String>,
}

impl Feasibility {
    /// True when the request is answered without a manual study.
    pub fn is_automatic(&self) -> bool {
        self.automation
            .as_deref()
            .is_some_and(|a| a.eq_ignore_ascii_case("AUTOMATIC"))
    }
}

/// One proposed acquisition of an attempts answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptSegment {
    /// e.g. PHR1.
    pub id: String,
    /// Where it would image (WKT parsed on arrival).
    pub footprint: SegmentFootprint,
    /// e.g. THR.
    #[serde(default)]
    pub instrument_mode: Option<String>,
    /// Ordering after this is impossible.
    #[serde(default, with = "opt_date")]
    pub order_deadline: Option<OffsetDateTime>,
    /// Acquisition start.
    #[serde(default, with = "opt_date")]
    pub acquisition_start_date: Option<OffsetDateTime>,
    /// Acquisition end.
    #[serde(default, with = "opt_date")]
    pub acquisition_end_date: Option<OffsetDateTime>,
    /// Degrees.
    #[serde(default)]
    pub incidence_angle: Option<f64>,
    /// Degrees.
    #[serde(default)]
    pub across_track_incidence_angle: Option<f64>,
    /// Whether the angle is beyond the standard range.
    #[serde(default)]
    pub extended_angle: Option<bool>,
    /// Opaque; copied verbatim into the price and order items.
    pub segment_key: String,
}

/// `footprint{geometry: WKT POLYGON, center: WKT POINT}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentFootprint {
    /// The imaged area.
    pub geometry: WktPolygon,
    /// Its centre.
    #[serde(default)]
    pub center: Option<WktPoint>,
}

impl CapacityAnswer {
    /// Every offer of every mission.
    pub fn offers(&self) -> impl Iterator<Item = &ProgType> {
        self.prog_capacities
            .iter()
            .flat_map(|c| c.prog_types.iter())
    }
}
