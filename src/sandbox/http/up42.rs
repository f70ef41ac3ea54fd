//! UP42 tasking: an order (`POST /v2/orders?workspaceId=`) gets a feasibility study an hour
//! later (simulated clock), decided with `PATCH /v2/tasking/feasibility-studies/{id}`; an hour
//! after that a quotation arrives, decided once with `PATCH /v2/tasking/quotation/{id}`
//! (`Content-Type: application/merge-patch+json`). Lists are Spring pages. A few quotations are
//! seeded so paging can be tried at once.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};
use time::Duration;

use super::answer::{Answer, first, form_pairs, ok, up42_body, up42_error};
use super::spring::{keep, many, page_request, spring_page};
use super::state::Shared;
use super::up42_catalog::{feature_error, read_order_request};
use crate::sandbox::sim::model::{SimState, Up42Order, Up42Quotation, Up42Study};
use crate::sandbox::sim::up42_coverage::coverage;
use crate::sandbox::sim::up42_orders::{STEP_HOURS, canceled, decide, first_sub_status, new_id};
use crate::sandbox::sim::values::iso_secs;

fn bad(detail: impl Into<String>) -> Response {
    up42_error(StatusCode::BAD_REQUEST, detail)
}

/// An order as `GET /v2/orders/{id}` answers it. The SDK (`up42/order.py`, `Order._from_metadata`)
/// reads `orderDetails.acquisitionStart`, `acquisitionEnd` and `geometry` of every tasking order,
/// the other parameters and `subStatus` when present: the order's params are echoed there.
pub(crate) fn order_json(sim: &SimState, o: &Up42Order) -> Value {
    let mut details = serde_json::Map::new();
    if let Some(params) = o.params.as_object() {
        for (key, value) in params {
            if key != "displayName" && key != "geometry" && key != "aoi" {
                details.insert(key.clone(), value.clone());
            }
        }
    }
    for key in ["acquisitionStart", "acquisitionEnd"] {
        details.entry(key).or_insert(Value::Null);
    }
    details.insert("subStatus".into(), json!(o.sub_status));
    details.insert("geometry".into(), o.geometry.clone().unwrap_or(Value::Null));
    json!({
        "id": o.id,
        "displayName": o.display_name,
        "workspaceId": o.workspace_id,
        "accountId": sim.up42.account_id,
        "status": o.status,
        "type": "TASKING",
        "dataProductId": o.data_product_id,
        "orderDetails": details,
        "budgetId": Value::Null,
        "createdAt": iso_secs(o.created_at),
        "updatedAt": iso_secs(o.updated_at),
        "createdBy": {"id": sim.up42.user_id, "type": "USER"},
        "updatedBy": {"id": sim.up42.user_id, "type": "USER"},
        "tags": o.tags,
    })
}

fn quotation_json(sim: &SimState, q: &Up42Quotation) -> Value {
    let decided = q.decision != "NOT_DECIDED";
    json!({
        "id": q.id,
        "createdAt": iso_secs(q.created_at),
        "updatedAt": iso_secs(q.updated_at),
        "decision": q.decision,
        "decisionById": if decided { json!(sim.up42.user_id) } else { Value::Null },
        "decisionByType": if decided { json!("USER") } else { Value::Null },
        "decisionAt": q.decision_at.map(iso_secs),
        "accountId": sim.up42.account_id,
        "workspaceId": q.workspace_id,
        "orderId": q.order_id,
        "creditsPrice": q.credits_price,
    })
}

fn study_json(sim: &SimState, s: &Up42Study) -> Value {
    let decided = s.decision != "NOT_DECIDED";
    let option = s
        .accepted_option_id
        .as_ref()
        .and_then(|id| s.options.iter().find(|o| o["id"].as_str() == Some(id)));
    json!({
        "id": s.id,
        "createdAt": iso_secs(s.created_at),
        "updatedAt": iso_secs(s.updated_at),
        "accountId": sim.up42.account_id,
        "workspaceId": s.workspace_id,
        "orderId": s.order_id,
        "decision": s.decision,
        "decisionById": if decided { json!(sim.up42.user_id) } else { Value::Null },
        "decisionByType": if decided { json!("USER") } else { Value::Null },
        "decisionAt": s.decision_at.map(iso_secs),
        "decisionOption": option,
        "options": s.options,
    })
}

/// `POST /v2/orders?workspaceId=`: one tasking order per valid AOI of the feature collection →
/// `{"results":[{"index","id"}],"errors":[{"index","message","details"}]}` (the SDK's
/// `BatchOrderTemplate.place`).
pub(crate) async fn place_order(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Answer {
    let pairs = form_pairs(query.as_deref().unwrap_or(""));
    let Some(workspace) = first(&pairs, "workspaceId").map(str::to_string) else {
        return Err(bad(
            "the query parameter workspaceId is required (the SDK sends the userinfo's sub)",
        ));
    };
    let request = read_order_request(&body)?;
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for (index, feature) in request.features.into_iter().enumerate() {
        let aoi = match feature {
            Ok(aoi) => aoi,
            Err(message) => {
                errors.push(feature_error(index, &message));
                continue;
            }
        };
        let id = new_id(&mut inner.sim, 1);
        inner.sim.up42.orders.push(Up42Order {
            id: id.clone(),
            workspace_id: workspace.clone(),
            display_name: request.display_name.clone(),
            data_product_id: request.product.id.to_string(),
            status: "CREATED".into(),
            sub_status: first_sub_status(request.product.id).into(),
            created_at: now,
            updated_at: now,
            next_step_at: Some(now + Duration::hours(STEP_HOURS)),
            geometry: Some(aoi.geojson),
            area_km2: aoi.measures.area_km2,
            params: request.params.clone(),
            acquired_share: 0.0,
            tags: request.tags.clone(),
            acquisitions: Vec::new(),
        });
        results.push(json!({"index": index, "id": id}));
    }
    inner.touch();
    ok(json!({"results": results, "errors": errors}))
}

/// `GET /v2/coverage/orders/{id}`: what the order's acquisitions cover of its AOI so far.
pub(crate) async fn order_coverage(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Answer {
    let mut inner = shared.lock();
    inner.now_and_tick();
    match inner.sim.up42.orders.iter().find(|o| o.id == id) {
        Some(order) => ok(coverage(
            order.geometry.as_ref(),
            order.area_km2,
            order.acquired_share,
        )),
        None => Err(order_not_found(&id)),
    }
}

pub(crate) fn order_not_found(id: &str) -> Response {
    up42_error(
        StatusCode::NOT_FOUND,
        format!("order {id} not found: GET /v2/orders lists the orders of your workspaces"),
    )
}

/// `GET /v2/orders/{id}`.
pub(crate) async fn get_order(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    let mut inner = shared.lock();
    inner.now_and_tick();
    let sim = &inner.sim;
    match sim.up42.orders.iter().find(|o| o.id == id) {
        Some(order) => ok(order_json(sim, order)),
        None => Err(order_not_found(&id)),
    }
}

/// A Spring page of one kind of record: the query's `page`, `size` and `sort` (by one of
/// `sort_fields`) are read first, then `check` sees the query, then each of `records` is
/// written by `to_json` and kept when it matches every one of `filters` the query gives.
fn list_page<T>(
    shared: &Shared,
    query: Option<&str>,
    sort_fields: &[&str],
    filters: &[&str],
    check: impl FnOnce(&[(String, String)]) -> Result<(), Response>,
    records: fn(&SimState) -> &[T],
    to_json: fn(&SimState, &T) -> Value,
) -> Answer {
    let pairs = form_pairs(query.unwrap_or(""));
    let request = page_request(&pairs, sort_fields, "createdAt,desc")?;
    check(&pairs)?;
    let mut inner = shared.lock();
    inner.now_and_tick();
    let sim = &inner.sim;
    let items: Vec<Value> = records(sim)
        .iter()
        .map(|record| to_json(sim, record))
        .filter(|r| keep(r, &pairs, filters))
        .collect();
    ok(spring_page(items, &request))
}

/// `GET /v2/orders?workspaceId=&status=&subStatus=&type=&displayName=&tags=&orderIds=&budgetIds=&page=&size=&sort=`.
pub(crate) async fn list_orders(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Answer {
    // The SDK (`up42/order.py`, `Order.all`) names the lists of ids `orderIds` and `budgetIds`
    // (comma-separated): each is a filter on the order's `id` and `budgetId`.
    let query = query.map(|text| {
        text.split('&')
            .map(|part| {
                if let Some(ids) = part.strip_prefix("orderIds=") {
                    format!("id={ids}")
                } else if let Some(ids) = part.strip_prefix("budgetIds=") {
                    format!("budgetId={ids}")
                } else {
                    part.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("&")
    });
    list_page(
        &shared,
        query.as_deref(),
        &["createdAt", "updatedAt", "status", "type"],
        &[
            "id",
            "workspaceId",
            "status",
            "subStatus",
            "type",
            "displayName",
            "tags",
            "budgetId",
        ],
        |_| Ok(()),
        |sim| &sim.up42.orders,
        order_json,
    )
}

/// `GET /v2/tasking/feasibility-studies?id=&workspaceId=&orderId=&decision=&page=&size=&sort=`.
pub(crate) async fn list_studies(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Answer {
    list_page(
        &shared,
        query.as_deref(),
        // The SDK's `FeasibilityStudySorting` (`up42/tasking.py`) sorts by these three.
        &["createdAt", "updatedAt", "decision", "decisionAt"],
        &["id", "workspaceId", "orderId", "decision"],
        |_| Ok(()),
        |sim| &sim.up42.studies,
        study_json,
    )
}

/// `GET /v2/tasking/quotation?id=&workspaceId=&orderId=&decision=&page=&size=&sort=`.
pub(crate) async fn list_quotations(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Answer {
    list_page(
        &shared,
        query.as_deref(),
        &[
            "createdAt",
            "updatedAt",
            "decision",
            "creditsPrice",
            "decisionAt",
        ],
        &["id", "workspaceId", "orderId", "decision"],
        |pairs| {
            for decision in many(pairs, "decision") {
                if !matches!(decision, "NOT_DECIDED" | "ACCEPTED" | "REJECTED") {
                    return Err(bad(format!(
                        "decision '{decision}' is not NOT_DECIDED, ACCEPTED or REJECTED"
                    )));
                }
            }
            Ok(())
        },
        |sim| &sim.up42.quotations,
        quotation_json,
    )
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

/// A decision's body must be JSON: `application/json` (what the SDK sends, `up42/tasking.py`,
/// `Quotation.save` and `FeasibilityStudy.save` with `json=`) or `application/merge-patch+json`
/// (UP42's guide). The real service takes both; anything else is 415.
/// The body of a PATCH: JSON of one of the two types UP42 takes.
pub(crate) fn json_patch(headers: &HeaderMap, bytes: &[u8]) -> Result<Value, Response> {
    check_patch_type(headers)?;
    up42_body(bytes)
}

fn check_patch_type(headers: &HeaderMap) -> Result<(), Response> {
    let kind = content_type(headers);
    if kind == "application/json" || kind == "application/merge-patch+json" {
        return Ok(());
    }
    Err(up42_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!(
            "Content-Type '{kind}' is not supported: send the decision as application/json or application/merge-patch+json"
        ),
    ))
}

/// `PATCH /v2/tasking/feasibility-studies/{id}` `{"acceptedOptionId": ...}`, once.
pub(crate) async fn decide_study(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_patch(&headers, &body)?;
    let Some(option_id) = body.get("acceptedOptionId").and_then(Value::as_str) else {
        return Err(bad("acceptedOptionId is required"));
    };
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let sim = &mut inner.sim;
    let Some(study) = sim.up42.studies.iter_mut().find(|s| s.id == id) else {
        return Err(up42_error(
            StatusCode::NOT_FOUND,
            format!("feasibility study {id} not found"),
        ));
    };
    if let Some(why) = canceled(&sim.up42.orders, &study.order_id) {
        return Err(up42_error(StatusCode::CONFLICT, why));
    }
    if study.decision != "NOT_DECIDED" {
        return Err(up42_error(
            StatusCode::CONFLICT,
            format!(
                "feasibility study {id} is already decided ({})",
                study.decision
            ),
        ));
    }
    if !study
        .options
        .iter()
        .any(|o| o["id"].as_str() == Some(option_id))
    {
        return Err(bad(format!(
            "option {option_id} is not an option of feasibility study {id}"
        )));
    }
    study.decision = "ACCEPTED".into();
    study.decision_at = Some(now);
    study.updated_at = now;
    study.accepted_option_id = Some(option_id.to_string());
    let order_id = study.order_id.clone();
    if let Some(order) = sim.up42.orders.iter_mut().find(|o| o.id == order_id) {
        order.sub_status = "QUOTATION_WAITING_UPLOAD".into();
        order.updated_at = now;
        order.next_step_at = Some(now + Duration::hours(STEP_HOURS));
    }
    let answer = sim
        .up42
        .studies
        .iter()
        .find(|s| s.id == id)
        .map(|s| study_json(sim, s))
        .unwrap_or(Value::Null);
    inner.touch();
    ok(answer)
}

/// `PATCH /v2/tasking/quotation/{id}` with a JSON body (plain or merge-patch) and
/// `{"decision": "ACCEPTED" | "REJECTED"}`, only while `NOT_DECIDED`.
pub(crate) async fn decide_quotation(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_patch(&headers, &body)?;
    let decision = body.get("decision").and_then(Value::as_str).unwrap_or("");
    if decision != "ACCEPTED" && decision != "REJECTED" {
        return Err(bad(format!(
            "decision must be ACCEPTED or REJECTED, not '{decision}'"
        )));
    }
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let sim = &mut inner.sim;
    let Some(index) = sim.up42.quotations.iter().position(|q| q.id == id) else {
        return Err(up42_error(
            StatusCode::NOT_FOUND,
            format!("quotation {id} not found"),
        ));
    };
    let current = sim.up42.quotations[index].clone();
    if let Some(why) = canceled(&sim.up42.orders, &current.order_id) {
        return Err(up42_error(StatusCode::CONFLICT, why));
    }
    if current.decision != "NOT_DECIDED" {
        return Err(up42_error(
            StatusCode::CONFLICT,
            format!(
                "quotation {id} is already decided ({}): a decision is allowed only while NOT_DECIDED",
                current.decision
            ),
        ));
    }
    if decision == "ACCEPTED" {
        if current.credits_price > sim.up42.credits {
            return Err(up42_error(
                StatusCode::PAYMENT_REQUIRED,
                format!(
                    "not enough credits: {} needed, {} available",
                    current.credits_price, sim.up42.credits
                ),
            ));
        }
        sim.up42.credits -= current.credits_price;
    }
    let quotation = &mut sim.up42.quotations[index];
    quotation.decision = decision.to_string();
    quotation.decision_at = Some(now);
    quotation.updated_at = now;
    if let Some(order) = sim
        .up42
        .orders
        .iter_mut()
        .find(|o| o.id == current.order_id)
    {
        decide(order, decision == "ACCEPTED", now);
    }
    let answer = quotation_json(sim, &sim.up42.quotations[index]);
    inner.touch();
    ok(answer)
}
