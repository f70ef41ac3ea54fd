//! The UP42 client's tasking calls, at the official SDK's paths (up42-py 4.3.0): the catalogue
//! (`GET /v2/collections`), a data product's order schema (`GET /orders/schema/{id}`), the credit
//! estimate (`POST /v2/orders/estimate`), placing orders (`POST /v2/orders?workspaceId=`, a
//! spending call: sent once), the orders (`GET /v2/orders`, `/v2/orders/{id}`) and an order's
//! coverage (`GET /v2/coverage/orders/{id}`).

use super::Up42Client;
use super::models::{
    Collection, Estimate, OrderCoverage, OrderQuery, OrderRequest, Placed, RecordsPage, Up42Order,
};
use crate::api::error::ApiError;
use crate::api::hint::CheckHint;
use crate::api::http::Call;
use crate::api::ids::OrderId;

/// A request body as JSON. It cannot fail: the model holds only strings and JSON values.
fn body_of(request: &OrderRequest) -> serde_json::Value {
    serde_json::to_value(request).unwrap_or_default()
}

impl Up42Client {
    /// `GET /v2/collections?page=`: one page of the catalogue, tasking and archive collections
    /// alike (keep the tasking ones with [`Collection::is_tasking`]).
    pub async fn collections(&self, page: u32) -> Result<RecordsPage<Collection>, ApiError> {
        let call =
            Call::get("the UP42 collections", self.url("/v2/collections")).query("page", page);
        self.transport.json(&call).await
    }

    /// `GET /orders/schema/{dataProductId}`: the JSON schema of the product's order parameters.
    pub async fn order_schema(&self, data_product_id: &str) -> Result<serde_json::Value, ApiError> {
        let call = Call::get(
            format!("the order schema of data product {data_product_id}"),
            self.url(&format!("/orders/schema/{data_product_id}")),
        );
        self.transport.json(&call).await
    }

    /// `POST /v2/orders/estimate`: the credits each AOI would cost, and the total. Spends nothing.
    pub async fn estimate(&self, request: &OrderRequest) -> Result<Estimate, ApiError> {
        let call = Call::post(
            "the credit estimate",
            self.url("/v2/orders/estimate"),
            body_of(request),
        );
        self.transport.json(&call).await
    }

    /// `POST /v2/orders?workspaceId=`: one tasking order per AOI. Spends credits once its
    /// quotation is accepted and starts UP42's work at once: sent exactly once, never resent;
    /// `how_to_check` is what the caller files with it to look the orders up when the answer is
    /// lost (the spending module chooses it).
    pub async fn place_order(
        &self,
        _permit: crate::api::permit::SpendPermit,
        workspace_id: &str,
        request: &OrderRequest,
        how_to_check: CheckHint,
    ) -> Result<Placed, ApiError> {
        let call = Call::post(
            format!("the UP42 order '{}'", request.display_name),
            self.url("/v2/orders"),
            body_of(request),
        )
        .query("workspaceId", workspace_id)
        .spends_money(how_to_check);
        self.transport.json(&call).await
    }

    /// `GET /v2/orders` with filters: one page.
    pub async fn orders(&self, query: &OrderQuery) -> Result<RecordsPage<Up42Order>, ApiError> {
        let mut call = Call::get("the UP42 orders", self.url("/v2/orders"));
        if let Some(workspace) = &query.workspace_id {
            call = call.query("workspaceId", workspace);
        }
        if let Some(name) = &query.display_name {
            call = call.query("displayName", name);
        }
        if let Some(kind) = &query.kind {
            call = call.query("type", kind);
        }
        for status in &query.status {
            call = call.query("status", status);
        }
        for sub_status in &query.sub_status {
            call = call.query("subStatus", sub_status);
        }
        if let Some(page) = query.page {
            call = call.query("page", page);
        }
        self.transport.json(&call).await
    }

    /// `GET /v2/orders/{id}`, typed.
    pub async fn tasking_order(&self, id: &OrderId) -> Result<Up42Order, ApiError> {
        let call = Call::get(
            format!("UP42 order {id}"),
            self.url(&format!("/v2/orders/{id}")),
        );
        self.transport.json(&call).await
    }

    /// `GET /v2/coverage/orders/{id}`: what the order's acquisitions cover of its AOI.
    pub async fn order_coverage(&self, id: &OrderId) -> Result<OrderCoverage, ApiError> {
        let call = Call::get(
            format!("the coverage of UP42 order {id}"),
            self.url(&format!("/v2/coverage/orders/{id}")),
        );
        self.transport.json(&call).await
    }
}
