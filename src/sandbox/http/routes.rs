//! The router: OneAtlas paths (`/auth/...`, `/api/v1/...`, `/api/v2/...`) and UP42 paths
//! (`/realms/...`, `/v2/...`) side by side on one origin (they do not collide), behind the gate;
//! the control endpoints under `/sandbox/` outside it.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{get, patch, post, put};

use super::answer::{api_error, up42_error};
use super::auth::{
    ONEATLAS_TOKEN_PATH, UP42_TOKEN_PATH, UP42_USERINFO_PATH, oneatlas_token, up42_token,
    up42_userinfo,
};
use super::state::Shared;
use super::{
    control, gate, oneatlas, ordering, tracking, up42, up42_amend, up42_assets, up42_catalog,
};

/// Every route.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        // OneAtlas
        .route(ONEATLAS_TOKEN_PATH, post(oneatlas_token))
        .route("/api/v1/contracts", get(oneatlas::contracts))
        .route(
            "/api/v1/contracts/{contract}/productTypes",
            get(oneatlas::product_types),
        )
        .route(
            "/api/v1/contracts/{contract}/productTypes/{product}/options",
            post(oneatlas::options),
        )
        .route("/api/v1/feasibility", post(oneatlas::feasibility))
        .route("/api/v1/attempts", post(oneatlas::attempts))
        .route("/api/v1/prices", post(ordering::prices))
        .route("/api/v1/orders", post(ordering::orders))
        .route("/api/v1/quotations", post(ordering::quotations))
        .route(
            "/api/v1/contracts/{contract}/quotations/{quotation}/{action}",
            put(ordering::decide_quotation),
        )
        .route("/api/v2/orders/search", post(tracking::neo_search))
        .route("/api/v1/coverages/search", post(tracking::coverages_search))
        .route(
            "/api/v1/coverages/{coverage}/{action}",
            post(tracking::decide_coverage),
        )
        .route(
            "/api/v1/orders/{item}/{action}",
            post(tracking::neo_order_action),
        )
        .route(
            "/api/v1/contracts/{contract}/taskings",
            get(tracking::taskings),
        )
        .route(
            "/api/v1/contracts/{contract}/taskings/{tasking}",
            get(tracking::tasking),
        )
        .route(
            "/api/v1/contracts/{contract}/taskings/{tasking}/segments",
            get(tracking::segments),
        )
        .route(
            "/api/v1/contracts/{contract}/taskings/{tasking}/segments/{segment}/{action}",
            post(tracking::decide_segment),
        )
        .route(
            "/api/v1/contracts/{contract}/taskings/{tasking}/{action}",
            post(tracking::tasking_action),
        )
        .route("/api/v2/opensearch", get(tracking::opensearch))
        .route("/api/v1/items/{item}/quicklook", get(tracking::quicklook))
        // UP42
        .route(UP42_TOKEN_PATH, post(up42_token))
        .route(UP42_USERINFO_PATH, get(up42_userinfo))
        .route("/v2/collections", get(up42_catalog::collections))
        .route("/orders/schema/{product}", get(up42_catalog::schema))
        .route("/v2/orders/estimate", post(up42_catalog::estimate))
        .route("/v2/coverage/orders/{order}", get(up42::order_coverage))
        .route("/v2/assets/stac/search", post(up42_assets::search))
        .route("/v2/orders", post(up42::place_order).get(up42::list_orders))
        .route(
            "/v2/orders/{order}",
            get(up42::get_order).patch(up42_amend::update_order),
        )
        .route(
            "/v2/orders/{order}/cancellation",
            post(up42_amend::cancel_order),
        )
        .route("/v2/tasking/feasibility-studies", get(up42::list_studies))
        .route(
            "/v2/tasking/feasibility-studies/{study}",
            patch(up42::decide_study),
        )
        .route("/v2/tasking/quotation", get(up42::list_quotations))
        .route(
            "/v2/tasking/quotation/{quotation}",
            patch(up42::decide_quotation),
        )
        .fallback(not_found)
        .layer(from_fn_with_state(shared.clone(), gate::gate));

    let control = Router::new()
        .route("/sandbox/clock", get(control::get_clock))
        .route("/sandbox/clock/advance", post(control::advance_clock))
        .route(
            "/sandbox/faults",
            put(control::put_faults).get(control::get_faults),
        )
        .route("/sandbox/token-lifetime", put(control::put_token_lifetime))
        .route(
            "/sandbox/requests",
            get(control::get_requests).delete(control::clear_requests),
        )
        .route("/sandbox/reset", post(control::reset));

    api.merge(control).with_state(shared)
}

/// An unknown path: 404 in the shape of the service the path belongs to.
async fn not_found(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/v2/") || path.starts_with("/orders/") {
        return up42_error(StatusCode::NOT_FOUND, format!("no such endpoint: {path}"));
    }
    let now = shared.lock().clock.now();
    api_error(
        StatusCode::NOT_FOUND,
        format!("no such endpoint: {path}"),
        "see the OneAtlas tasking guide for the paths the sandbox simulates",
        now,
    )
}
