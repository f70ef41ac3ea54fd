//! UP42 tasking models: quotations (a Spring page), feasibility studies, order status; the
//! tasking catalogue (collections, data products), estimates, placed orders, orders and their
//! coverage, read through `api::tolerant` in the SDK's shapes (up42-py 4.3.0).

use serde::{Deserialize, Serialize};

use crate::api::ids::{FeasibilityStudyId, OrderId, QuotationId, WorkspaceId};
use crate::api::tolerant::{Lenient, Number, Records, one_or_many};

/// A page of results, as UP42's Spring API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    default,
    bound(deserialize = "T: Deserialize<'de>")
)]
pub struct Page<T> {
    /// The items of this page.
    pub content: Vec<T>,
    /// Pages in all.
    pub total_pages: u32,
    /// Items in all.
    pub total_elements: u64,
    /// This page's number, from 0.
    pub number: u32,
    /// Page size.
    pub size: u32,
    /// First page?
    pub first: bool,
    /// Last page?
    pub last: bool,
    /// No items?
    pub empty: bool,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            content: Vec::new(),
            total_pages: 0,
            total_elements: 0,
            number: 0,
            size: 0,
            first: true,
            last: true,
            empty: true,
        }
    }
}

/// A tasking quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quotation {
    /// Its id.
    pub id: QuotationId,
    /// NOT_DECIDED, ACCEPTED, REJECTED.
    #[serde(default)]
    pub decision: Option<String>,
    /// Credits charged on acceptance.
    #[serde(default)]
    pub credits_price: Option<f64>,
    /// The order it prices.
    #[serde(default)]
    pub order_id: Option<OrderId>,
    /// The workspace.
    #[serde(default)]
    pub workspace_id: Option<WorkspaceId>,
    /// Created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Updated.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Decided.
    #[serde(default)]
    pub decision_at: Option<String>,
    /// Who decided.
    #[serde(default)]
    pub decision_by_id: Option<String>,
    /// Account.
    #[serde(default)]
    pub account_id: Option<String>,
}

impl Quotation {
    /// Still open for a decision.
    pub fn is_undecided(&self) -> bool {
        self.decision.as_deref().is_none_or(|d| d == "NOT_DECIDED")
    }
}

/// A feasibility study made by UP42 staff for a tasking order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeasibilityStudy {
    /// Its id.
    pub id: FeasibilityStudyId,
    /// The order.
    #[serde(default)]
    pub order_id: Option<OrderId>,
    /// NOT_DECIDED, ACCEPTED...
    #[serde(default)]
    pub decision: Option<String>,
    /// The options offered.
    #[serde(default)]
    pub options: Vec<serde_json::Value>,
    /// Anything else.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// Query of the quotations list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuotationQuery {
    /// One quotation.
    pub id: Option<String>,
    /// A workspace.
    pub workspace_id: Option<String>,
    /// An order.
    pub order_id: Option<String>,
    /// Decisions to include.
    pub decision: Vec<String>,
    /// Page size (default 20).
    pub size: Option<u32>,
    /// Page, from 0.
    pub page: Option<u32>,
    /// e.g. `createdAt,desc`.
    pub sort: Option<String>,
}

/// A page of UP42's Spring API whose records are read one by one: a record that cannot be read
/// is left out with a warning (`content.skipped()`), the others stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    default,
    bound(deserialize = "T: serde::de::DeserializeOwned")
)]
pub struct RecordsPage<T> {
    /// The records of this page.
    pub content: Records<T>,
    /// Pages in all.
    pub total_pages: u32,
    /// Records in all.
    pub total_elements: u64,
    /// This page's number, from 0.
    pub number: u32,
}

impl<T> Default for RecordsPage<T> {
    fn default() -> Self {
        RecordsPage {
            content: Records::default(),
            total_pages: 0,
            total_elements: 0,
            number: 0,
        }
    }
}

/// A collection of `GET /v2/collections` (the SDK's `Collection`, `up42/glossary.py`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    /// Its name, e.g. `phr-tasking`.
    pub name: String,
    /// For people.
    #[serde(default)]
    pub title: Option<String>,
    /// For people.
    #[serde(default)]
    pub description: Option<String>,
    /// `TASKING` or `ARCHIVE`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// What ordering involves: `FEASIBILITY_STUDY_REQUIRED`, `QUOTATION_REQUIRED`...
    #[serde(default, deserialize_with = "one_or_many")]
    pub integrations: Vec<String>,
    /// Who produces and hosts it.
    #[serde(default)]
    pub providers: Records<Provider>,
    /// What can be ordered.
    #[serde(default)]
    pub data_products: Records<DataProduct>,
    /// Product type and resolution, as sent.
    #[serde(default)]
    pub metadata: Option<serde_json::Value>,
}

impl Collection {
    /// Whether it is for tasking.
    pub fn is_tasking(&self) -> bool {
        self.kind.as_deref() == Some("TASKING")
    }

    /// Whether its orders wait for a feasibility study before the quotation.
    pub fn needs_study(&self) -> bool {
        self.integrations
            .iter()
            .any(|i| i == "FEASIBILITY_STUDY_REQUIRED")
    }
}

/// A provider of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// Its name, e.g. `oneatlas`.
    pub name: String,
    /// For people.
    #[serde(default)]
    pub title: Option<String>,
    /// `PRODUCER`, `HOST`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub roles: Vec<String>,
}

/// A data product of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataProduct {
    /// What orders name (`dataProduct`); absent for a product that cannot be ordered.
    #[serde(default)]
    pub id: Option<String>,
    /// e.g. `phr-tasking-display`.
    pub name: String,
    /// For people.
    #[serde(default)]
    pub title: Option<String>,
    /// For people.
    #[serde(default)]
    pub description: Option<String>,
    /// The end-user licence to accept, if any.
    #[serde(default)]
    pub eula_id: Option<String>,
}

/// The body of an estimate or an order (`BatchOrderTemplate._payload`, `up42/order_template.py`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRequest {
    /// The data product's id.
    pub data_product: String,
    /// The order's name.
    pub display_name: String,
    /// The parameters the product's schema asks for.
    pub params: serde_json::Value,
    /// The AOIs, a GeoJSON FeatureCollection: one order per feature.
    pub feature_collection: serde_json::Value,
    /// User tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// What UP42 refused of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureError {
    /// The feature's index in the request.
    pub index: usize,
    /// What is wrong.
    #[serde(default)]
    pub message: Option<String>,
    /// More on it.
    #[serde(default)]
    pub details: Option<String>,
}

/// The credits of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureCost {
    /// The feature's index in the request.
    pub index: usize,
    /// Credits.
    #[serde(default)]
    pub credits: Lenient<Number>,
    /// The invoiced size, in `unit`.
    #[serde(default)]
    pub size: Lenient<Number>,
    /// `SQ_KM` or `SCENE`.
    #[serde(default)]
    pub unit: Option<String>,
}

/// The sums of an estimate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EstimateSummary {
    /// Credits in all.
    pub total_credits: Lenient<Number>,
    /// Size in all, in `unit`.
    pub total_size: Lenient<Number>,
    /// `SQ_KM` or `SCENE`.
    pub unit: Option<String>,
}

/// `POST /v2/orders/estimate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Estimate {
    /// The sums.
    pub summary: EstimateSummary,
    /// Each priced feature.
    pub results: Records<FeatureCost>,
    /// Each refused feature.
    pub errors: Records<FeatureError>,
}

/// One order placed for one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedOrder {
    /// The feature's index in the request.
    pub index: usize,
    /// The order.
    pub id: OrderId,
}

/// `POST /v2/orders?workspaceId=`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Placed {
    /// The orders placed.
    pub results: Records<PlacedOrder>,
    /// Each refused feature.
    pub errors: Records<FeatureError>,
}

/// A UP42 order (`GET /v2/orders/{id}`; the SDK's `Order`, `up42/order.py`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Up42Order {
    /// Its id.
    pub id: OrderId,
    /// Its name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// `CREATED` ... `FULFILLED`, `FAILED_PERMANENTLY`...
    #[serde(default)]
    pub status: Option<String>,
    /// `TASKING` or `ARCHIVE`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The workspace.
    #[serde(default)]
    pub workspace_id: Option<WorkspaceId>,
    /// The data product.
    #[serde(default)]
    pub data_product_id: Option<String>,
    /// User tags.
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    /// A tasking order's parameters, AOI and `subStatus`, as sent.
    #[serde(default)]
    pub order_details: Option<serde_json::Value>,
    /// Created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last changed (for a fulfilled order: when it was fulfilled).
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl Up42Order {
    /// A tasking order's sub-status (`FEASIBILITY_WAITING_RESPONSE`...).
    pub fn sub_status(&self) -> Option<&str> {
        self.order_details.as_ref()?.get("subStatus")?.as_str()
    }
}

/// Query of the orders list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderQuery {
    /// A workspace.
    pub workspace_id: Option<String>,
    /// Statuses to include.
    pub status: Vec<String>,
    /// Sub-statuses to include.
    pub sub_status: Vec<String>,
    /// `TASKING` or `ARCHIVE`.
    pub kind: Option<String>,
    /// Orders of this display name only.
    pub display_name: Option<String>,
    /// Page, from 0.
    pub page: Option<u32>,
}

/// One side of an order's coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CoverageMetrics {
    /// Its area, km².
    pub sq_km_area: Lenient<Number>,
    /// Its share of the AOI, %.
    pub percentage: Lenient<Number>,
    /// Its outline (GeoJSON).
    pub geometry: Option<serde_json::Value>,
}

/// `GET /v2/coverage/orders/{id}`: what the acquisitions cover of the AOI, and what remains.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderCoverage {
    /// Acquired.
    pub covered: CoverageMetrics,
    /// Still to acquire.
    pub remainder: CoverageMetrics,
}
