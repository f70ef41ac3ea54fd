//! Pléiades Neo specifics: order/quotation search and coverage search bodies. Their answers vary
//! a lot between documents, so they are kept as JSON and read with helpers.

use serde::{Deserialize, Serialize};

/// `{paging{itemsPerPage, startIndex, pagingMode}, criteria{q}}` for `/api/v2/orders/search`
/// and `/api/v1/coverages/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    /// Paging.
    pub paging: Paging,
    /// The query.
    pub criteria: Criteria,
}

/// Paging of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    /// Items per page.
    pub items_per_page: u32,
    /// Offset.
    pub start_index: u32,
    /// "item".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging_mode: Option<String>,
}

/// `criteria{q}`: e.g. `(contractId:CTR1) AND (status:PROPOSED)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criteria {
    /// The query string.
    pub q: String,
}

impl SearchRequest {
    /// A search for a query, first page.
    pub fn new(q: String, items_per_page: u32, start_index: u32) -> Self {
        SearchRequest {
            paging: Paging {
                items_per_page,
                start_index,
                paging_mode: Some("item".to_owned()),
            },
            criteria: Criteria { q },
        }
    }
}
