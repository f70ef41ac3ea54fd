//! UP42 tasking: an order (`POST /v2/orders?workspaceId=`) gets a feasibility study an hour
//! later (simulated clock), decided with `PATCH /v2/tasking/feasibility-studies/{id}`; an hour
//! after that a quotation arrives, decided once with `PATCH /v2/tasking/quotation/{id}`
//! (`Content-Type: application/merge-patch+json`). Lists are Spring pages. A few quotations are
//! seeded so paging can be tried at once.

use std::cmp::Ordering;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};
use time::Duration;

use super::answer::{Answer, first, form_pairs, ok, up42_error};
use super::state::Shared;
use crate::sandbox::sim::geometry::checked_aoi_message;
use crate::sandbox::sim::model::{SimState, Up42Order, Up42Quotation, Up42Study};
use crate::sandbox::sim::up42_orders::{STEP_HOURS, new_id};
use crate::sandbox::sim::values::iso_secs;

fn bad(detail: impl Into<String>) -> Response {
    up42_error(StatusCode::BAD_REQUEST, detail)
}

fn order_json(sim: &SimState, o: &Up42Order) -> Value {
    json!({
        "id": o.id,
        "displayName": o.display_name,
        "workspaceId": o.workspace_id,
        "accountId": sim.up42.account_id,
        "status": o.status,
        "type": "TASKING",
        "dataProductId": o.data_product_id,
        "orderDetails": {
            "subStatus": o.sub_status,
            "geometry": o.geometry,
            "displayName": o.params.get("displayName"),
            "acquisitionStart": o.params.get("acquisitionStart"),
            "acquisitionEnd": o.params.get("acquisitionEnd"),
        },
        "createdAt": iso_secs(o.created_at),
        "updatedAt": iso_secs(o.updated_at),
        "createdBy": {"id": sim.up42.user_id, "type": "USER"},
        "updatedBy": {"id": sim.up42.user_id, "type": "USER"},
        "tags": [],
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

/// `POST /v2/orders?workspaceId=`: a tasking order → `{"results":[{"index":0,"id":...}],"errors":[]}`.
pub(crate) async fn place_order(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Answer {
    let pairs = form_pairs(query.as_deref().unwrap_or(""));
    let Some(workspace) = first(&pairs, "workspaceId").map(str::to_string) else {
        return Err(bad("the query parameter workspaceId is required"));
    };
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("the request body is not valid JSON: {e}")))?;
    let Some(data_product) = body.get("dataProduct").and_then(Value::as_str) else {
        return Err(bad("dataProduct is required"));
    };
    let params = body.get("params").cloned().unwrap_or(Value::Null);
    let geometry = params
        .get("geometry")
        .or_else(|| params.get("aoi"))
        .or_else(|| body.pointer("/featureCollection/features/0/geometry"))
        .cloned();
    let Some(geometry) = geometry else {
        return Err(bad(
            "params.geometry (a GeoJSON Polygon) is required for a tasking order",
        ));
    };
    let checked = checked_aoi_message(&geometry, "params.geometry").map_err(bad)?;
    let display_name = body
        .get("displayName")
        .or_else(|| params.get("displayName"))
        .and_then(Value::as_str)
        .unwrap_or("Tasking order")
        .to_string();
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let id = new_id(&mut inner.sim, 1);
    inner.sim.up42.orders.push(Up42Order {
        id: id.clone(),
        workspace_id: workspace,
        display_name,
        data_product_id: data_product.to_string(),
        status: "CREATED".into(),
        sub_status: "FEASIBILITY_WAITING_UPLOAD".into(),
        created_at: now,
        updated_at: now,
        next_step_at: Some(now + Duration::hours(STEP_HOURS)),
        geometry: Some(checked.geojson),
        area_km2: checked.measures.area_km2,
        params,
    });
    inner.touch();
    ok(json!({"results": [{"index": 0, "id": id}], "errors": []}))
}

/// `GET /v2/orders/{id}`.
pub(crate) async fn get_order(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    let mut inner = shared.lock();
    inner.now_and_tick();
    let sim = &inner.sim;
    match sim.up42.orders.iter().find(|o| o.id == id) {
        Some(order) => ok(order_json(sim, order)),
        None => Err(up42_error(
            StatusCode::NOT_FOUND,
            format!("order {id} not found"),
        )),
    }
}

/// Page, size and sort of a list request.
struct PageRequest {
    page: usize,
    size: usize,
    sort_field: String,
    descending: bool,
}

fn page_request(pairs: &[(String, String)], fields: &[&str]) -> Result<PageRequest, Response> {
    let number = |key: &str, default: usize| -> Result<usize, Response> {
        match first(pairs, key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| bad(format!("{key} must be a whole number"))),
        }
    };
    let page = number("page", 0)?;
    let size = number("size", 20)?;
    if size == 0 || size > 2000 {
        return Err(bad("size must be between 1 and 2000"));
    }
    let sort = first(pairs, "sort").unwrap_or("createdAt,desc");
    let (field, direction) = sort.split_once(',').unwrap_or((sort, "asc"));
    if !fields.contains(&field) {
        return Err(bad(format!(
            "cannot sort by '{field}': {}",
            fields.join(", ")
        )));
    }
    let descending = match direction.to_ascii_lowercase().as_str() {
        "desc" => true,
        "asc" => false,
        other => return Err(bad(format!("sort direction '{other}' is not asc or desc"))),
    };
    Ok(PageRequest {
        page,
        size,
        sort_field: field.to_string(),
        descending,
    })
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a
            .as_str()
            .unwrap_or_default()
            .cmp(b.as_str().unwrap_or_default()),
    }
}

/// A Spring Data page of `items` (already filtered).
fn spring_page(mut items: Vec<Value>, request: &PageRequest) -> Value {
    items.sort_by(|a, b| {
        let ordering = compare(&a[&request.sort_field], &b[&request.sort_field]);
        if request.descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    let total = items.len();
    let total_pages = total.div_ceil(request.size);
    let content: Vec<Value> = items
        .into_iter()
        .skip(request.page * request.size)
        .take(request.size)
        .collect();
    let sort = json!({"empty": false, "sorted": true, "unsorted": false});
    json!({
        "content": content,
        "pageable": {
            "sort": sort,
            "offset": request.page * request.size,
            "pageNumber": request.page,
            "pageSize": request.size,
            "paged": true,
            "unpaged": false,
        },
        "last": request.page + 1 >= total_pages,
        "totalElements": total,
        "totalPages": total_pages,
        "sort": sort,
        "numberOfElements": content.len(),
        "first": request.page == 0,
        "size": request.size,
        "number": request.page,
        "empty": content.is_empty(),
    })
}

/// Values of a repeatable (or comma-separated) query parameter.
fn many<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .filter(|v| !v.is_empty())
        .collect()
}

fn keep(record: &Value, pairs: &[(String, String)], keys: &[&str]) -> bool {
    keys.iter().all(|key| {
        let wanted = many(pairs, key);
        wanted.is_empty() || record[*key].as_str().is_some_and(|v| wanted.contains(&v))
    })
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
    let request = page_request(&pairs, sort_fields)?;
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

/// `GET /v2/orders?workspaceId=&status=&page=&size=&sort=`.
pub(crate) async fn list_orders(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Answer {
    list_page(
        &shared,
        query.as_deref(),
        &["createdAt", "updatedAt", "status"],
        &["id", "workspaceId", "status"],
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
        &["createdAt", "updatedAt", "decision"],
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

/// `PATCH /v2/tasking/feasibility-studies/{id}` `{"acceptedOptionId": ...}`, once.
pub(crate) async fn decide_study(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let kind = content_type(&headers);
    if kind != "application/json" && kind != "application/merge-patch+json" {
        return Err(up42_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type '{kind}' is not supported: use application/json"),
        ));
    }
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("the request body is not valid JSON: {e}")))?;
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

/// `PATCH /v2/tasking/quotation/{id}` with `Content-Type: application/merge-patch+json` and
/// `{"decision": "ACCEPTED" | "REJECTED"}`, only while `NOT_DECIDED`.
pub(crate) async fn decide_quotation(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let kind = content_type(&headers);
    if kind != "application/merge-patch+json" {
        return Err(up42_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type '{kind}' is not supported: use application/merge-patch+json"),
        ));
    }
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("the request body is not valid JSON: {e}")))?;
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
        order.updated_at = now;
        if decision == "ACCEPTED" {
            order.status = "PLACED".into();
            order.sub_status = "QUOTATION_ACCEPTED".into();
            order.next_step_at = Some(now + Duration::days(1));
        } else {
            order.status = "FAILED_PERMANENTLY".into();
            order.sub_status = "QUOTATION_REJECTED".into();
            order.next_step_at = None;
        }
    }
    let answer = quotation_json(sim, &sim.up42.quotations[index]);
    inner.touch();
    ok(answer)
}
