//! Feasibility and attempts: the shared request body and the `progCapacities` answers.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::common::{ApiDate, GeoPolygon, WktPoint, WktPolygon, opt_date};
use crate::aoi::mission::{AcquisitionMode, Mission, mission_words, offer_words};
use crate::api::error::OfferError;
use crate::api::ids::ContractId;
use crate::api::tolerant::{
    Lenient, Number, Records, Warnings, note_field, note_skipped, one_or_many,
};

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

/// The answer of feasibility and attempts. Read in the three shapes the documents show:
/// `{"progCapacities": [...]}` (the guide), `{"progCapacities": {...}}` (the spec's attempts
/// examples) and a bare list of capacities (the spec's `TaskingAttempt` schema).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityAnswer {
    /// One entry per mission.
    pub prog_capacities: Vec<ProgCapacity>,
}

impl<'de> Deserialize<'de> for CapacityAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wrapped {
            #[serde(default, deserialize_with = "one_or_many")]
            prog_capacities: Vec<ProgCapacity>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Bare(Vec<ProgCapacity>),
            Wrapped(Wrapped),
        }
        Ok(CapacityAnswer {
            prog_capacities: match Shape::deserialize(d)? {
                Shape::Bare(capacities) => capacities,
                Shape::Wrapped(wrapped) => wrapped.prog_capacities,
            },
        })
    }
}

impl Warnings for CapacityAnswer {
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        for offer in self.offers() {
            let (mission, name) = (mission_words(&offer.mission), offer_words(&offer.name));
            note_skipped(
                &mut warnings,
                &format!("{mission} {name} attempts"),
                &offer.segments,
            );
            for segment in offer.segments.iter() {
                let record = || format!("attempt {} ({mission} {name})", segment.id);
                note_field(&mut warnings, record, "footprint", &segment.footprint);
                note_field(
                    &mut warnings,
                    record,
                    "orderDeadline",
                    &segment.order_deadline,
                );
                let start = &segment.acquisition_start_date;
                note_field(&mut warnings, record, "acquisitionStartDate", start);
                let end = &segment.acquisition_end_date;
                note_field(&mut warnings, record, "acquisitionEndDate", end);
                note_field(
                    &mut warnings,
                    record,
                    "incidenceAngle",
                    &segment.incidence_angle,
                );
                let across = &segment.across_track_incidence_angle;
                note_field(&mut warnings, record, "acrossTrackIncidenceAngle", across);
            }
        }
        warnings
    }
}

/// One mission's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProgCapacity {
    /// The mission.
    pub mission: String,
    /// One entry per offer.
    #[serde(deserialize_with = "one_or_many")]
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
    /// Attempts (attempts answers); one that cannot be read is left out with a warning.
    pub segments: Records<AttemptSegment>,
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
    /// Where it would image (WKT parsed on arrival); empty, with the reason, when the service
    /// sent a footprint that cannot be read.
    #[serde(default)]
    pub footprint: Lenient<SegmentFootprint>,
    /// e.g. THR.
    #[serde(default)]
    pub instrument_mode: Option<String>,
    /// Ordering after this is impossible.
    #[serde(default)]
    pub order_deadline: Lenient<ApiDate>,
    /// Acquisition start.
    #[serde(default)]
    pub acquisition_start_date: Lenient<ApiDate>,
    /// Acquisition end.
    #[serde(default)]
    pub acquisition_end_date: Lenient<ApiDate>,
    /// Degrees.
    #[serde(default)]
    pub incidence_angle: Lenient<Number>,
    /// Degrees.
    #[serde(default)]
    pub across_track_incidence_angle: Lenient<Number>,
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

impl AttemptSegment {
    /// The order deadline, when it was sent and could be read.
    pub fn order_deadline(&self) -> Option<OffsetDateTime> {
        self.order_deadline.get().map(|d| d.0)
    }

    /// The acquisition's start, when it was sent and could be read.
    pub fn acquisition_start(&self) -> Option<OffsetDateTime> {
        self.acquisition_start_date.get().map(|d| d.0)
    }
}

impl CapacityAnswer {
    /// Every offer of every mission.
    pub fn offers(&self) -> impl Iterator<Item = &ProgType> {
        self.prog_capacities
            .iter()
            .flat_map(|c| c.prog_types.iter())
    }
}
