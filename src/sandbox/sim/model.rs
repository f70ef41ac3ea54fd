//! The simulated world that is persisted: contracts and their credit, taskings and their
//! acquisitions, Pléiades Neo quotations, UP42 orders, studies and quotations, the counters behind
//! identifiers and the simulated clock's reading when saved. Plain values: no HTTP, no lock.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::aoi::mission::{Mission, Offer};

/// Which contract family: Pléiades/SPOT ("legacy") or Pléiades Neo ("neo").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Backend {
    Legacy,
    Neo,
}

impl Backend {
    pub(crate) fn api_name(self) -> &'static str {
        match self {
            Backend::Legacy => "legacy",
            Backend::Neo => "neo",
        }
    }
}

/// A OneAtlas contract.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Contract {
    pub id: String,
    pub name: String,
    pub backend: Backend,
    pub credit_remaining: f64,
    pub currency: String,
    pub workspace: String,
}

/// Where a tasking stands (the legacy API's words; the Neo views translate them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum TaskingStatus {
    FeasibilityStudy,
    InProgress,
    Completed,
    Canceled,
    Stopped,
}

impl TaskingStatus {
    /// The legacy tracking API's status text.
    pub(crate) fn legacy_name(self) -> &'static str {
        match self {
            TaskingStatus::FeasibilityStudy => "Feasibility study in progress",
            TaskingStatus::InProgress => "In Progress",
            // The documented status list has no "Stopped": a stopped OneNow is completed.
            TaskingStatus::Completed | TaskingStatus::Stopped => "Completed",
            TaskingStatus::Canceled => "Canceled",
        }
    }

    /// The Pléiades Neo order search's status text.
    pub(crate) fn neo_name(self) -> &'static str {
        match self {
            TaskingStatus::FeasibilityStudy => "FEASIBILITY_STUDY",
            TaskingStatus::InProgress => "IN_PROGRESS",
            TaskingStatus::Completed => "COMPLETED",
            TaskingStatus::Canceled => "CANCELLED",
            TaskingStatus::Stopped => "STOPPED",
        }
    }
}

/// An acquisition's state, as the customer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum SegmentStatus {
    /// Within the criteria: validated without asking.
    Validated,
    /// Close to the criteria: waiting for the customer.
    Proposed,
    /// A proposal the customer accepted.
    Accepted,
    /// A proposal the customer refused.
    Refused,
}

impl SegmentStatus {
    pub(crate) fn legacy_name(self) -> &'static str {
        match self {
            SegmentStatus::Validated => "Validated",
            SegmentStatus::Proposed => "Proposed",
            SegmentStatus::Accepted => "Accepted",
            SegmentStatus::Refused => "Refused",
        }
    }

    pub(crate) fn neo_name(self) -> &'static str {
        match self {
            SegmentStatus::Validated | SegmentStatus::Accepted => "VALIDATED",
            SegmentStatus::Proposed => "PROPOSED",
            SegmentStatus::Refused => "REFUSED",
        }
    }

    /// Whether its area counts as validated.
    pub(crate) fn counts(self) -> bool {
        matches!(self, SegmentStatus::Validated | SegmentStatus::Accepted)
    }
}

/// A pass planned for a tasking: when the sandbox clock passes its end, it becomes an
/// acquisition (or a failed attempt).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PlannedAttempt {
    pub satellite: String,
    #[serde(with = "time::serde::rfc3339")]
    pub start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub end: OffsetDateTime,
    pub incidence_deg: f64,
    /// Closed ring, lon/lat.
    pub footprint: Vec<[f64; 2]>,
}

/// An acquisition made for a tasking.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Segment {
    pub id: String,
    pub status: SegmentStatus,
    pub catalog_id: String,
    pub satellite: String,
    #[serde(with = "time::serde::rfc3339")]
    pub acquired_at: OffsetDateTime,
    pub incidence_deg: f64,
    pub clear_sky_rate: f64,
    pub footprint: Vec<[f64; 2]>,
    /// The AOI area this acquisition covers without clouds, km².
    pub useful_area_km2: f64,
}

/// One ordered tasking: a legacy ICR or a Pléiades Neo order item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Tasking {
    /// Legacy: `ICR_FC_000001`; Neo: the order item id `WOI_000001_1`.
    pub id: String,
    pub backend: Backend,
    pub contract_id: String,
    pub sales_order_id: String,
    pub so: String,
    pub quotation_id: Option<String>,
    pub product_type_id: String,
    pub mission: Mission,
    pub offer: Offer,
    /// The AOI as sent (GeoJSON Polygon).
    pub aoi: Value,
    pub aoi_name: String,
    pub aoi_area_km2: f64,
    pub billed_area_km2: f64,
    pub customer_ref: String,
    pub status: TaskingStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub period_start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub period_end: OffsetDateTime,
    pub max_cloud_cover: f64,
    pub max_incidence_deg: f64,
    /// Extra cloud cover (percentage points above `max_cloud_cover`) still proposed to the customer.
    pub proposal_tolerance: f64,
    pub acquisition_mode: String,
    pub feasibility_automation: String,
    pub classification: String,
    pub amount: f64,
    pub currency: String,
    pub workspace: String,
    pub options: Vec<(String, String)>,
    pub plan: Vec<PlannedAttempt>,
    pub next_attempt: usize,
    pub segments: Vec<Segment>,
    pub validated_area_km2: f64,
    pub seed: u64,
}

/// A Pléiades Neo quotation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct NeoQuotation {
    pub id: String,
    pub contract_id: String,
    /// PENDING (manual study running), SENT (waiting for a decision), ACCEPTED, REFUSED, EXPIRED.
    pub status: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub available_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub valid_until: OffsetDateTime,
    pub currency: String,
    pub total_amount: f64,
    /// The request body, kept to create the order items on acceptance.
    pub request: Value,
    /// Order items created on acceptance.
    pub order_items: Vec<String>,
    pub sales_order_id: Option<String>,
    pub customer_reference: String,
}

/// A UP42 tasking order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Up42Order {
    pub id: String,
    pub workspace_id: String,
    pub display_name: String,
    pub data_product_id: String,
    pub status: String,
    pub sub_status: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// When the next automatic step happens (study ready, quotation ready, delivery...).
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_step_at: Option<OffsetDateTime>,
    pub geometry: Option<Value>,
    pub area_km2: f64,
    pub params: Value,
    /// The share of the AOI acquired so far, 0 to 1 (0 in state files written before
    /// acquisitions were simulated).
    #[serde(default)]
    pub acquired_share: f64,
    /// User tags, as sent.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Its acquisitions so far, each delivered as an asset (none in state files written before
    /// assets were simulated).
    #[serde(default)]
    pub acquisitions: Vec<Up42Acquisition>,
}

/// One acquisition of a UP42 tasking order: when, and which slice of the AOI's west–east
/// extent it covers (shares from 0 to 1). Each is delivered as one asset.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Up42Acquisition {
    /// Its asset's id.
    pub asset_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub from_share: f64,
    pub to_share: f64,
}

/// A UP42 feasibility study.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Up42Study {
    pub id: String,
    pub order_id: String,
    pub workspace_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub decision: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decision_at: Option<OffsetDateTime>,
    pub options: Vec<Value>,
    pub accepted_option_id: Option<String>,
}

/// A UP42 tasking quotation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Up42Quotation {
    pub id: String,
    pub order_id: String,
    pub workspace_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub decision: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decision_at: Option<OffsetDateTime>,
    pub credits_price: u64,
}

/// Everything UP42.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Up42State {
    pub account_id: String,
    pub user_id: String,
    pub credits: u64,
    pub orders: Vec<Up42Order>,
    pub studies: Vec<Up42Study>,
    pub quotations: Vec<Up42Quotation>,
}

/// Counters behind the generated identifiers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Counters {
    pub icr: u64,
    pub sales_order: u64,
    pub quotation: u64,
    pub order_item: u64,
    pub up42: u64,
}

impl Counters {
    /// The next value of a counter.
    pub(crate) fn next(counter: &mut u64) -> u64 {
        *counter += 1;
        *counter
    }
}

/// The persisted state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SimState {
    /// The simulated clock when saved.
    #[serde(with = "time::serde::rfc3339")]
    pub clock: OffsetDateTime,
    pub contracts: Vec<Contract>,
    pub taskings: Vec<Tasking>,
    pub neo_quotations: Vec<NeoQuotation>,
    pub up42: Up42State,
    pub counters: Counters,
}

/// Workspace of the legacy contract.
pub(crate) const LEGACY_WORKSPACE: &str = "0e1f6b2a-5c3d-4e8f-9a10-sandboxlegacy";
/// Workspace of the neo contract.
pub(crate) const NEO_WORKSPACE: &str = "7a2b9c4d-1e3f-4a5b-8c6d-sandboxneo00";
/// The legacy (Pléiades, SPOT) contract id.
pub(crate) const LEGACY_CONTRACT: &str = "CTR24000001";
/// The Pléiades Neo contract id.
pub(crate) const NEO_CONTRACT: &str = "CTR24000002";
/// The two UP42 workspaces of the seeded account.
pub(crate) const UP42_WORKSPACES: [&str; 2] = [
    "ef0efa32-d1c1-43d4-a5e2-fe7b4f00403c",
    "5b1e7c2a-9d34-4f0e-8a61-3c2d9e8f7a10",
];

/// A tasking to test rules on: in progress, a 100 km² AOI, one planned attempt a day after
/// `now`, no acquisition yet.
#[cfg(test)]
pub(crate) fn sample_tasking(offer: Offer, now: OffsetDateTime) -> Tasking {
    let attempt = PlannedAttempt {
        satellite: "PHR1A".into(),
        start: now + time::Duration::days(1),
        end: now + time::Duration::days(1) + time::Duration::seconds(2),
        incidence_deg: 20.0,
        footprint: vec![
            [1.0, 43.0],
            [1.2, 43.0],
            [1.2, 43.2],
            [1.0, 43.2],
            [1.0, 43.0],
        ],
    };
    Tasking {
        id: "ICR_FC_000001".into(),
        backend: Backend::Legacy,
        contract_id: LEGACY_CONTRACT.into(),
        sales_order_id: "SAL26000001".into(),
        so: "SO26000001".into(),
        quotation_id: None,
        product_type_id: "PleiadesTaskingOneDay".into(),
        mission: Mission::Pleiades,
        offer,
        aoi: Value::Null,
        aoi_name: "Polygon 1".into(),
        aoi_area_km2: 100.0,
        billed_area_km2: 100.0,
        customer_ref: "ref".into(),
        status: TaskingStatus::InProgress,
        created_at: now,
        updated_at: now,
        period_start: attempt.start - time::Duration::minutes(15),
        period_end: attempt.end + time::Duration::minutes(15),
        max_cloud_cover: 10.0,
        max_incidence_deg: 30.0,
        proposal_tolerance: 20.0,
        acquisition_mode: "MONO".into(),
        feasibility_automation: "AUTOMATIC".into(),
        classification: "EASY".into(),
        amount: 5600.0,
        currency: "EUR".into(),
        workspace: LEGACY_WORKSPACE.into(),
        options: Vec::new(),
        plan: vec![attempt],
        next_attempt: 0,
        segments: Vec::new(),
        validated_area_km2: 0.0,
        seed: 7,
    }
}
