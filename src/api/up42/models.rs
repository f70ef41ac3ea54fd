//! UP42 tasking models: quotations (a Spring page), feasibility studies, order status.

use serde::{Deserialize, Serialize};

use crate::api::ids::{FeasibilityStudyId, OrderId, QuotationId, WorkspaceId};

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
