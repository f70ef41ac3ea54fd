//! A UP42 order changed by its owner, at the SDK's paths (`up42/order.py`): `PATCH
//! /v2/orders/{id}` (`Order.update`: its `tags`, its `budgetId`, a merge-patch) and `POST
//! /v2/orders/{id}/cancellation` (`Order.cancel`: only while `CREATED` or `PLACEMENT_FAILED`).
//! A canceled order's study or quotation can no longer be decided (`up42_orders::is_canceled`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::answer::{Answer, ok, up42_error};
use super::state::Shared;
use super::up42::{json_patch, order_json, order_not_found};
use super::up42_catalog::read_tags;

/// `PATCH /v2/orders/{id}` `{"tags": [...], "budgetId": ...}`: each key present replaces the
/// order's. The sandbox has no budgets, so only `null` is a budget it knows.
pub(crate) async fn update_order(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_patch(&headers, &body)?;
    let tags = read_tags(&body)?;
    if let Some(budget) = body.get("budgetId").filter(|b| !b.is_null()) {
        return Err(up42_error(
            StatusCode::NOT_FOUND,
            format!(
                "budget {budget} not found: the sandbox has no budgets; send \"budgetId\": null or leave it out"
            ),
        ));
    }
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let Some(order) = inner.sim.up42.orders.iter_mut().find(|o| o.id == id) else {
        return Err(order_not_found(&id));
    };
    if let Some(tags) = tags {
        order.tags = tags;
    }
    order.updated_at = now;
    inner.touch();
    let sim = &inner.sim;
    let answer = sim
        .up42
        .orders
        .iter()
        .find(|o| o.id == id)
        .map(|o| order_json(sim, o))
        .unwrap_or(Value::Null);
    ok(answer)
}

/// `POST /v2/orders/{id}/cancellation` → `{"orderId", "status": "CANCELED"}`; 409 once the
/// order is past `CREATED` (its quotation accepted, or failed).
pub(crate) async fn cancel_order(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Answer {
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let Some(order) = inner.sim.up42.orders.iter_mut().find(|o| o.id == id) else {
        return Err(order_not_found(&id));
    };
    if order.status != "CREATED" && order.status != "PLACEMENT_FAILED" {
        return Err(up42_error(
            StatusCode::CONFLICT,
            format!(
                "order {id} is {}: only a CREATED or PLACEMENT_FAILED order can be canceled",
                order.status
            ),
        ));
    }
    order.status = "CANCELED".into();
    order.updated_at = now;
    order.next_step_at = None;
    inner.touch();
    ok(json!({"orderId": id, "status": "CANCELED"}))
}
