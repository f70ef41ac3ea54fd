//! `POST /v2/assets/stac/search`: the assets UP42 delivered, as its asset service's STAC search
//! answers (a GeoJSON FeatureCollection of STAC items), filtered by order with the CQL2-JSON
//! filter `{"op": "=", "args": [{"property": "up42-order:id"}, "<order id>"]}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::answer::{Answer, ok, up42_body, up42_error};
use super::state::Shared;
use crate::sandbox::sim::up42_assets::{items, order_asked};

/// Items per answer unless the search says otherwise (pystac-client's default page).
const DEFAULT_LIMIT: u64 = 100;

/// `POST /v2/assets/stac/search {"filter": ..., "limit": n}`.
pub(crate) async fn search(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = if body.is_empty() {
        json!({})
    } else {
        up42_body(&body)?
    };
    let filter = body.get("filter");
    let order = filter.and_then(order_asked);
    if filter.is_some() && order.is_none() {
        return Err(up42_error(
            StatusCode::BAD_REQUEST,
            "the sandbox's asset search filters by order only: send {\"filter\": {\"op\": \"=\", \"args\": [{\"property\": \"up42-order:id\"}, \"<order id>\"]}}",
        ));
    }
    let limit = body
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(DEFAULT_LIMIT);
    let mut inner = shared.lock();
    inner.now_and_tick();
    let mut features = items(&inner.sim, order.as_deref());
    let matched = features.len();
    features.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let returned = features.len();
    ok(json!({
        "type": "FeatureCollection",
        "features": features,
        "links": [],
        "numberMatched": matched,
        "numberReturned": returned,
    }))
}
