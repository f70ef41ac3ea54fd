//! After the order: the simulated clock turns planned passes into acquisitions (a pseudo-random
//! but deterministic clear-sky rate per tasking and attempt), within the criteria validated,
//! close to them proposed to the customer; and the views of it all: legacy taskings and
//! segments, Pléiades Neo order search and coverage items, cancel/stop, accept/refuse, and the
//! delivered imagery (`/api/v2/opensearch`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::answer::{Answer, first, form_pairs, json_answer, ok, order_error, parse_body};
use super::oneatlas::find_contract;
use super::state::Shared;
use crate::aoi::mission::Offer;
use crate::sandbox::sim::geometry::pairs_geojson;
use crate::sandbox::sim::lifecycle::{self, SegmentRefusal};
use crate::sandbox::sim::model::{
    Backend, NeoQuotation, Segment, SegmentStatus, SimState, Tasking, TaskingStatus,
};
use crate::sandbox::sim::orders::prog_type_name;
use crate::sandbox::sim::tasking_filter::TaskingFilter;
use crate::sandbox::sim::values::{iso_millis, iso_secs, round_to, value_text};

/// How long before its window a tasking can still be cancelled.
const CANCEL_NOTICE_HOURS: i64 = 12;

fn not_found(what: String) -> Response {
    order_error(StatusCode::NOT_FOUND, what)
}

/// The legacy view of a tasking.
fn tasking_json(t: &Tasking) -> Value {
    let attempts = match t.offer {
        Offer::OnePlan => Value::Null,
        _ => json!(
            t.plan
                .iter()
                .map(|a| format!("{} {}", iso_millis(a.start), iso_millis(a.end)))
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    json!({
        "sal": t.sales_order_id,
        "so": t.so,
        "icr": {
            "id": t.id,
            "aoi": t.aoi,
            "progTypeName": prog_type_name(t.offer),
            "status": t.status.legacy_name(),
            "nbProposedSegments": t.segments.iter().filter(|s| s.status == SegmentStatus::Proposed).count(),
            "nbTotalSegments": t.segments.len(),
            "period": {"startDate": iso_secs(t.period_start), "endDate": iso_secs(t.period_end)},
            "seriesInformation": null,
            "customerRef": t.customer_ref,
            "taskingProgress": {
                "orderedArea": t.aoi_area_km2 * 1e6,
                "validatedArea": t.validated_area_km2 * 1e6,
            },
            "attempts": attempts,
            "mission": t.mission.api_name(),
            "productTypeId": t.product_type_id,
        },
    })
}

/// `GET /api/v1/contracts/{contract}/taskings?customerRef=&status=&taskingIds=&mission=&hasProposedSegments=&count=&startPage=`.
pub(crate) async fn taskings(
    State(shared): State<Arc<Shared>>,
    Path(contract): Path<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    let pairs = form_pairs(query.as_deref().unwrap_or(""));
    let count = first(&pairs, "count")
        .map(|c| c.parse::<usize>().ok().filter(|&c| c > 0))
        .unwrap_or(Some(10))
        .ok_or_else(|| order_error(StatusCode::BAD_REQUEST, "count must be a positive number"))?;
    let start_page = first(&pairs, "startPage")
        .map(|c| c.parse::<usize>().ok().filter(|&c| c > 0))
        .unwrap_or(Some(1))
        .ok_or_else(|| order_error(StatusCode::BAD_REQUEST, "startPage counts from 1"))?;
    let listed = |key: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::to_string)
            .collect()
    };
    let has_proposed = match first(&pairs, "hasProposedSegments") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(order_error(
                StatusCode::BAD_REQUEST,
                format!("hasProposedSegments is true or false, not '{other}'"),
            ));
        }
    };
    let filter = TaskingFilter {
        customer_ref: first(&pairs, "customerRef").map(str::to_string),
        statuses: listed("status"),
        ids: listed("taskingIds"),
        mission: first(&pairs, "mission").map(str::to_ascii_uppercase),
        has_proposed_segments: has_proposed,
    };
    let mut inner = shared.lock();
    inner.now_and_tick();
    find_contract(&inner, &contract)?;
    let matching: Vec<&Tasking> = inner
        .sim
        .taskings
        .iter()
        .filter(|t| t.contract_id == contract && t.backend == Backend::Legacy)
        .filter(|t| filter.matches(t))
        .collect();
    let total = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .rev()
        .skip((start_page - 1) * count)
        .take(count)
        .map(|t| tasking_json(t))
        .collect();
    ok(json!({
        "taskings": page,
        "totalResults": total,
        "itemsPerPage": count,
        "startPage": start_page,
    }))
}

fn find_tasking<'a>(
    sim: &'a mut SimState,
    contract: &str,
    id: &str,
) -> Result<&'a mut Tasking, Response> {
    sim.taskings
        .iter_mut()
        .find(|t| t.contract_id == contract && t.id == id)
        .ok_or_else(|| not_found(format!("tasking '{id}' not found in contract '{contract}'")))
}

/// `GET /api/v1/contracts/{contract}/taskings/{tasking}` → `{"taskings": [one]}`.
pub(crate) async fn tasking(
    State(shared): State<Arc<Shared>>,
    Path((contract, id)): Path<(String, String)>,
) -> Answer {
    let mut inner = shared.lock();
    inner.now_and_tick();
    find_contract(&inner, &contract)?;
    let t = find_tasking(&mut inner.sim, &contract, &id)?;
    ok(json!({ "taskings": [tasking_json(t)] }))
}

fn segment_json(s: &Segment) -> Value {
    json!({
        "id": s.id,
        "status": s.status.legacy_name(),
        "asDetail1": {
            "catalogId": s.catalog_id,
            "footprint": pairs_geojson(&s.footprint),
            "incidenceAngle": s.incidence_deg,
            "clearSkyRate": s.clear_sky_rate,
            "acquisitionDate": iso_secs(s.acquired_at),
        },
    })
}

/// `GET /api/v1/contracts/{contract}/taskings/{tasking}/segments`.
pub(crate) async fn segments(
    State(shared): State<Arc<Shared>>,
    Path((contract, id)): Path<(String, String)>,
) -> Answer {
    let mut inner = shared.lock();
    inner.now_and_tick();
    find_contract(&inner, &contract)?;
    let t = find_tasking(&mut inner.sim, &contract, &id)?;
    let segments: Vec<Value> = t.segments.iter().map(segment_json).collect();
    ok(json!({ "segments": segments }))
}

/// Accepts or refuses a proposed acquisition, answering the refusal in the OneAtlas shape.
fn decide(
    t: &mut Tasking,
    segment_id: &str,
    accept: bool,
    now: OffsetDateTime,
) -> Result<Segment, Response> {
    lifecycle::decide_segment(t, segment_id, accept, now).map_err(|refusal| match refusal {
        SegmentRefusal::NotFound(why) => not_found(why),
        SegmentRefusal::NotProposed(why) => order_error(StatusCode::CONFLICT, why),
    })
}

fn accept_or_refuse(action: &str) -> Result<bool, Response> {
    match action {
        "accept" => Ok(true),
        "refuse" => Ok(false),
        _ => Err(not_found(format!(
            "no such action '{action}': accept or refuse"
        ))),
    }
}

/// `POST /api/v1/contracts/{contract}/taskings/{tasking}/segments/{segment}/accept|refuse`.
pub(crate) async fn decide_segment(
    State(shared): State<Arc<Shared>>,
    Path((contract, id, segment, action)): Path<(String, String, String, String)>,
) -> Answer {
    let accept = accept_or_refuse(&action)?;
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    find_contract(&inner, &contract)?;
    let t = find_tasking(&mut inner.sim, &contract, &id)?;
    let decided = decide(t, &segment, accept, now)?;
    inner.touch();
    ok(segment_json(&decided))
}

/// Cancels (until 12 h before the window) or stops (OneNow, after that) a tasking; refunds a
/// cancelled one.
fn cancel_or_stop(
    sim: &mut SimState,
    contract: &str,
    id: &str,
    stop: bool,
    now: OffsetDateTime,
) -> Result<Value, Response> {
    let t = find_tasking(sim, contract, id)?;
    let deadline = t.period_start - Duration::hours(CANCEL_NOTICE_HOURS);
    if matches!(
        t.status,
        TaskingStatus::Canceled | TaskingStatus::Completed | TaskingStatus::Stopped
    ) {
        return Err(order_error(
            StatusCode::CONFLICT,
            format!("tasking '{id}' is already {}", t.status.legacy_name()),
        ));
    }
    let refund;
    if stop {
        if t.offer != Offer::OneNow {
            return Err(order_error(
                StatusCode::BAD_REQUEST,
                format!(
                    "tasking '{id}' is a {}: only a OneNow can be stopped; cancel it instead (until 12 hours before its window)",
                    prog_type_name(t.offer)
                ),
            ));
        }
        if now < deadline {
            return Err(order_error(
                StatusCode::BAD_REQUEST,
                format!(
                    "tasking '{id}' can still be cancelled (until {}): stop applies only after that",
                    iso_millis(deadline)
                ),
            ));
        }
        t.status = TaskingStatus::Stopped;
        refund = 0.0;
    } else {
        if now >= deadline && t.status != TaskingStatus::FeasibilityStudy {
            let hint = if t.offer == Offer::OneNow {
                "; a OneNow can be stopped instead"
            } else {
                ""
            };
            return Err(order_error(
                StatusCode::BAD_REQUEST,
                format!(
                    "tasking '{id}' can no longer be cancelled: cancellation is possible only until 12 hours before the tasking window starts ({}, deadline {}){hint}",
                    iso_millis(t.period_start),
                    iso_millis(deadline)
                ),
            ));
        }
        t.status = TaskingStatus::Canceled;
        refund = t.amount;
    }
    t.updated_at = now;
    let status = t.status;
    let contract_id = t.contract_id.clone();
    if let Some(c) = sim.contracts.iter_mut().find(|c| c.id == contract_id) {
        c.credit_remaining = ((c.credit_remaining + refund) * 100.0).round() / 100.0;
    }
    Ok(json!({"id": id, "status": status.legacy_name()}))
}

/// `POST /api/v1/contracts/{contract}/taskings/{tasking}/cancel|stop`.
pub(crate) async fn tasking_action(
    State(shared): State<Arc<Shared>>,
    Path((contract, id, action)): Path<(String, String, String)>,
) -> Answer {
    let stop = match action.as_str() {
        "cancel" => false,
        "stop" => true,
        _ => {
            return Err(not_found(format!(
                "no such action '{action}': cancel or stop"
            )));
        }
    };
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    find_contract(&inner, &contract)?;
    let answer = cancel_or_stop(&mut inner.sim, &contract, &id, stop, now)?;
    inner.touch();
    ok(answer)
}

/// The OpenSearch-like `q` of the Neo searches: `(field:value) AND (field:a OR field:b)`.
/// Terms of one field are alternatives, different fields must all match; `*` is a wildcard.
fn parse_q(q: &str) -> Vec<(String, Vec<String>)> {
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    let separated = q
        .replace(['(', ')'], "\u{0}")
        .replace(" AND ", "\u{0}")
        .replace(" OR ", "\u{0}");
    for term in separated
        .split('\u{0}')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let Some((field, value)) = term.split_once(':') else {
            continue;
        };
        let (field, value) = (field.trim(), value.trim().trim_matches('"'));
        match fields.iter_mut().find(|(f, _)| f == field) {
            Some((_, values)) => values.push(value.to_string()),
            None => fields.push((field.to_string(), vec![value.to_string()])),
        }
    }
    fields
}

fn glob(pattern: &str, text: &str) -> bool {
    let (starts, ends) = (pattern.starts_with('*'), pattern.ends_with('*'));
    let core = pattern.trim_matches('*');
    match (starts, ends) {
        (true, true) => text.contains(core),
        (true, false) => text.ends_with(core),
        (false, true) => text.starts_with(core),
        (false, false) => text == core,
    }
}

fn matches_q(record: &Value, fields: &[(String, Vec<String>)]) -> bool {
    fields.iter().all(|(field, values)| {
        let key = match field.as_str() {
            "cis.quotation" => "quotationId",
            "technicalProduct.source.id" => "source",
            other => other,
        };
        match record.get(key) {
            // A field the records do not have does not filter.
            None => true,
            Some(value) => {
                let text = value_text(value).unwrap_or_default();
                values.iter().any(|v| glob(v, &text))
            }
        }
    })
}

fn read_paging(body: &Value) -> (usize, usize, String) {
    let paging = body.get("paging");
    let per_page = paging
        .and_then(|p| p.get("itemsPerPage"))
        .and_then(Value::as_u64)
        .unwrap_or(25)
        .max(1) as usize;
    let start = paging
        .and_then(|p| p.get("startIndex"))
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    let q = body
        .get("criteria")
        .and_then(|c| c.get("q"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    (per_page, start, q)
}

fn page_answer(records: Vec<Value>, q: &str, per_page: usize, start: usize) -> Answer {
    let fields = parse_q(q);
    let matching: Vec<Value> = records
        .into_iter()
        .filter(|r| matches_q(r, &fields))
        .collect();
    let total = matching.len();
    let features: Vec<Value> = matching.into_iter().skip(start).take(per_page).collect();
    ok(json!({
        "paging": {"itemsPerPage": per_page, "startIndex": start, "totalResults": total},
        "features": features,
    }))
}

fn option_value<'a>(t: &'a Tasking, key: &str) -> Option<&'a str> {
    t.options
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A Neo order line (an order item with its quotation).
fn neo_record(t: &Tasking, quotation: Option<&NeoQuotation>) -> Value {
    let proposed = t
        .segments
        .iter()
        .filter(|s| s.status == SegmentStatus::Proposed)
        .count();
    json!({
        "contractId": t.contract_id,
        "customerReference": t.customer_ref,
        "quotationId": t.quotation_id,
        "salesOrderId": t.sales_order_id,
        "program": "",
        "productType": t.product_type_id,
        "licence": option_value(t, "licence").unwrap_or("standard"),
        "aoi": {"name": t.aoi_name, "geometry": t.aoi},
        "mission": "pleiadesneo",
        "source": "tasking",
        "target": prog_type_name(t.offer).to_ascii_lowercase(),
        "status": t.status.neo_name(),
        "comment": "",
        "tasking": {
            "maxIncidenceAngle": t.max_incidence_deg,
            "acquisitionMode": if t.acquisition_mode == "MONO" { "MONOSCOPIC" } else { t.acquisition_mode.as_str() },
            "cloudCoverageThresholdForProposition": t.max_cloud_cover + t.proposal_tolerance,
            "period": [{"startDate": iso_secs(t.period_start), "endDate": iso_secs(t.period_end)}],
            "endOfInitialPeriod": iso_secs(t.period_end),
            "validatedArea": t.validated_area_km2,
            "validatedAreaPct": if t.aoi_area_km2 > 0.0 { round_to(100.0 * t.validated_area_km2 / t.aoi_area_km2, 2) } else { 0.0 },
            "maxCloudCoverage": t.max_cloud_cover,
            "nbProposedCoverageItems": proposed,
            "totalCoverageItems": t.segments.len(),
        },
        "processingLevel": option_value(t, "processing_level"),
        "spectralProcessing": option_value(t, "spectral_processing"),
        "productFormat": option_value(t, "image_format"),
        "pixelCoding": option_value(t, "pixel_coding"),
        "radiometricProcessing": option_value(t, "radiometric_processing"),
        "priority": option_value(t, "priority").unwrap_or("standard"),
        "quotationStatus": quotation.map(|q| q.status.as_str()).unwrap_or("ACCEPTED"),
        "quotationCreationDate": iso_secs(quotation.map(|q| q.created_at).unwrap_or(t.created_at)),
        "orderCreationDate": iso_secs(t.created_at),
        "currency": t.currency,
        "orderLineAmount": t.amount,
        "orderLineAmountWithoutDiscount": t.amount,
        "orderLineAmountDiscountPct": 0,
        "orderLineAmountWithDiscount": t.amount,
        "priceCalculationArea": t.billed_area_km2,
        "orderMinimumApplied": t.billed_area_km2 > t.aoi_area_km2,
        "requestedArea": t.aoi_area_km2,
        "deliveryType": "network",
        "deliveryPlatformId": "PublicMOC",
        "deliveryWorkspace": t.workspace,
        "cancelationDeadlineDate": iso_secs(t.period_start - Duration::hours(CANCEL_NOTICE_HOURS)),
        "orderItemId": t.id,
        "lastStatusChangeDate": iso_secs(t.updated_at),
    })
}

/// A Neo quotation not (yet) ordered.
fn quotation_record(q: &NeoQuotation) -> Value {
    json!({
        "contractId": q.contract_id,
        "customerReference": q.customer_reference,
        "quotationId": q.id,
        "salesOrderId": null,
        "mission": "pleiadesneo",
        "source": "tasking",
        "status": "QUOTATION",
        "quotationStatus": q.status,
        "quotationCreationDate": iso_secs(q.created_at),
        "quotationEndOfValidityDate": iso_secs(q.valid_until),
        "currency": q.currency,
        "orderLineAmount": q.total_amount,
        "orderItemId": null,
    })
}

/// `POST /api/v2/orders/search {paging{itemsPerPage,startIndex}, criteria{q}}`: Neo order lines
/// and quotations → `{paging{..., totalResults}, features[]}`.
pub(crate) async fn neo_search(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let (per_page, start, q) = read_paging(&body);
    let mut inner = shared.lock();
    inner.now_and_tick();
    let sim = &inner.sim;
    let mut records = Vec::new();
    for quotation in sim.neo_quotations.iter().rev() {
        if quotation.order_items.is_empty() {
            records.push(quotation_record(quotation));
        }
        for item in &quotation.order_items {
            if let Some(t) = sim.taskings.iter().find(|t| &t.id == item) {
                records.push(neo_record(t, Some(quotation)));
            }
        }
    }
    page_answer(records, &q, per_page, start)
}

fn coverage_json(t: &Tasking, s: &Segment) -> Value {
    json!({
        "contractId": t.contract_id,
        "coverageItemId": s.id,
        "orderItemId": t.id,
        "status": s.status.neo_name(),
        "clearSkyRate": s.clear_sky_rate,
        "catalogPlatformId": "MMCAT",
        "archiveId": s.catalog_id.replacen("DS_", "ACQ_", 1),
        "satellite": s.satellite,
        "mission": "pleiadesneo",
        "incidenceAngle": s.incidence_deg,
        "quotationId": t.quotation_id,
        "salesOrderId": t.sales_order_id,
        "footprint": pairs_geojson(&s.footprint),
        "acquisitionDate": iso_millis(s.acquired_at),
    })
}

/// `POST /api/v1/coverages/search`: Neo acquisitions (coverage items).
pub(crate) async fn coverages_search(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let (per_page, start, q) = read_paging(&body);
    let mut inner = shared.lock();
    inner.now_and_tick();
    let records: Vec<Value> = inner
        .sim
        .taskings
        .iter()
        .filter(|t| t.backend == Backend::Neo)
        .flat_map(|t| t.segments.iter().map(move |s| coverage_json(t, s)))
        .collect();
    page_answer(records, &q, per_page, start)
}

/// `POST /api/v1/coverages/{coverage}/accept|refuse`.
pub(crate) async fn decide_coverage(
    State(shared): State<Arc<Shared>>,
    Path((coverage, action)): Path<(String, String)>,
) -> Answer {
    let accept = accept_or_refuse(&action)?;
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let Some(t) = inner
        .sim
        .taskings
        .iter_mut()
        .find(|t| t.backend == Backend::Neo && t.segments.iter().any(|s| s.id == coverage))
    else {
        return Err(not_found(format!("coverage item '{coverage}' not found")));
    };
    let decided = decide(t, &coverage, accept, now)?;
    let answer = coverage_json(t, &decided);
    inner.touch();
    ok(answer)
}

/// `POST /api/v1/orders/{orderItemId}/cancel|stop` (Pléiades Neo).
pub(crate) async fn neo_order_action(
    State(shared): State<Arc<Shared>>,
    Path((item, action)): Path<(String, String)>,
) -> Answer {
    let stop = match action.as_str() {
        "cancel" => false,
        "stop" => true,
        _ => {
            return Err(not_found(format!(
                "no such action '{action}': cancel or stop"
            )));
        }
    };
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let Some(contract) = inner
        .sim
        .taskings
        .iter()
        .find(|t| t.id == item && t.backend == Backend::Neo)
        .map(|t| t.contract_id.clone())
    else {
        return Err(not_found(format!("order item '{item}' not found")));
    };
    let mut answer = cancel_or_stop(&mut inner.sim, &contract, &item, stop, now)?;
    if let Some(t) = inner.sim.taskings.iter().find(|t| t.id == item) {
        answer = json!({"orderItemId": item, "status": t.status.neo_name()});
    }
    inner.touch();
    ok(answer)
}

/// `GET /api/v2/opensearch?workspace=<id>` (also `workspaceid`/`workspaceId`): the validated
/// acquisitions delivered to a workspace, as a GeoJSON FeatureCollection; with
/// `sourceIdentifier=<catalogId>`, that acquisition whatever its status (a proposed one has a
/// quicklook to decide on). Each record links its quicklook (`_links.quicklook.href`), at the
/// host the request came to.
pub(crate) async fn opensearch(
    State(shared): State<Arc<Shared>>,
    headers: axum::http::HeaderMap,
    RawQuery(query): RawQuery,
) -> Answer {
    let pairs = form_pairs(query.as_deref().unwrap_or(""));
    let source = first(&pairs, "sourceIdentifier").map(str::to_string);
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    let workspace = ["workspace", "workspaceid", "workspaceId"]
        .iter()
        .find_map(|k| first(&pairs, k))
        .map(str::to_string);
    let per_page = first(&pairs, "itemsPerPage")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(50)
        .max(1);
    let start_page = first(&pairs, "startPage")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let mut inner = shared.lock();
    inner.now_and_tick();
    let features: Vec<Value> = inner
        .sim
        .taskings
        .iter()
        .filter(|t| workspace.as_ref().is_none_or(|w| &t.workspace == w))
        .flat_map(|t| {
            let (source, host) = (source.clone(), host.clone());
            t.segments
                .iter()
                .filter(move |s| match &source {
                    Some(id) => &s.catalog_id == id || &s.id == id,
                    None => s.status.counts(),
                })
                .map(move |s| {
                    json!({
                        "type": "Feature",
                        "id": s.catalog_id,
                        "_links": {"quicklook": {
                            "href": format!("http://{host}/api/v1/items/{}/quicklook", s.catalog_id),
                            "name": "QuickLook",
                            "type": "HTTP",
                        }},
                        "geometry": pairs_geojson(&s.footprint),
                        "properties": {
                            "id": s.catalog_id,
                            "acquisitionDate": iso_millis(s.acquired_at),
                            "platform": s.satellite,
                            "constellation": t.mission.api_name(),
                            "incidenceAngle": s.incidence_deg,
                            "cloudCover": round_to(100.0 - s.clear_sky_rate, 2),
                            "workspaceId": t.workspace,
                            "processingLevel": option_value(t, "processing_level"),
                            "productType": t.product_type_id,
                            "sourceIdentifier": s.id,
                            "taskingId": t.id,
                            "customerReference": t.customer_ref,
                        },
                    })
                })
        })
        .collect();
    let total = features.len();
    let page: Vec<Value> = features
        .into_iter()
        .skip((start_page - 1) * per_page)
        .take(per_page)
        .collect();
    Ok(json_answer(
        StatusCode::OK,
        json!({
            "type": "FeatureCollection",
            "totalResults": total,
            "startIndex": (start_page - 1) * per_page + 1,
            "itemsPerPage": per_page,
            "features": page,
        }),
    ))
}

/// `GET /api/v1/items/{catalogItemId}/quicklook`: the acquisition's quicklook, a PNG of the
/// ground under its footprint with clouds in the share its clear-sky rate leaves.
pub(crate) async fn quicklook(
    State(shared): State<Arc<Shared>>,
    Path(item): Path<String>,
) -> Answer {
    let (footprint, clear, seed) = {
        let mut inner = shared.lock();
        inner.now_and_tick();
        let found = inner
            .sim
            .taskings
            .iter()
            .flat_map(|t| t.segments.iter())
            .find(|s| s.catalog_id == item)
            .ok_or_else(|| not_found(format!("no catalog item {item}: search /api/v2/opensearch?sourceIdentifier=<catalogId> for its quicklook link")))?;
        let seed = item.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        (found.footprint.clone(), found.clear_sky_rate, seed)
    };
    // Drawn off the lock: a quicklook takes a few milliseconds.
    let png = tokio::task::spawn_blocking(move || {
        crate::sandbox::sim::quicklook::quicklook_png(&footprint, clear, seed)
    })
    .await
    .unwrap_or_default();
    let mut response = (StatusCode::OK, png).into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("image/png"),
    );
    Ok(response)
}
