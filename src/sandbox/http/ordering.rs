//! OneAtlas ordering: prices, orders (legacy taskings; Neo order items) and Pléiades Neo
//! quotations. Prices, orders and quotations share one body (the guide's), read leniently: `items`
//! as an array or one object, `optionsPerProductType` per product type or as a flat list,
//! property values as strings, numbers or booleans, `acqPeriod` or the `acqPeiod` typo.
//!
//! Orders are never deduplicated (the real service does not either): the same body posted twice
//! makes two orders.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::answer::{Answer, checked_aoi, json_answer, order_error, parse_body};
use super::oneatlas::{available_options, contract_product, find_contract};
use super::state::{Inner, Shared};
use crate::aoi::mission::Offer;
use crate::sandbox::sim::geometry::CheckedAoi;
use crate::sandbox::sim::model::{Backend, NeoQuotation, SimState};
use crate::sandbox::sim::orders::{
    OrderItem, OrderRequest, create_taskings, new_quotation_id, new_sales_order,
};
use crate::sandbox::sim::pricing::{ProductType, item_price, licence_factor, priority_factor};
use crate::sandbox::sim::rules::{
    Criteria, ONEPLAN_AUTOMATIC_DAYS, check_mode, check_segment_binding, size_errors, stereo_bh,
};
use crate::sandbox::sim::segments::read_segment_key;
use crate::sandbox::sim::values::{iso_millis, parse_time, value_f64, value_text};

/// The most AOI/item pairs in one order.
const MAX_ITEMS: usize = 5;
/// How long a Neo manual feasibility study takes before its quotation is sent.
pub(crate) const NEO_STUDY_HOURS: i64 = 2;
/// How long a sent Neo quotation stays valid.
const NEO_QUOTATION_VALID_HOURS: i64 = 24;
fn bad(message: impl Into<String>) -> Response {
    order_error(StatusCode::BAD_REQUEST, message)
}

/// `[{key, value}]` as text pairs.
fn key_values(value: Option<&Value>) -> Vec<(String, String)> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|p| {
                    let key = p.get("key").and_then(Value::as_str)?;
                    let value = p.get("value").and_then(value_text).unwrap_or_default();
                    Some((key.to_string(), value))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A number property the item states (0 to 100), if it states it.
fn stated_number(
    properties: &[(String, String)],
    keys: &[&str],
    at: &str,
) -> Result<Option<f64>, Response> {
    match lookup(properties, keys) {
        None => Ok(None),
        Some(text) => value_f64(&Value::String(text.into()))
            .filter(|n| (0.0..=100.0).contains(n))
            .map(Some)
            .ok_or_else(|| {
                bad(format!(
                    "{at}: property {} = '{text}' is not a number between 0 and 100",
                    keys[0]
                ))
            }),
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| pairs.iter().find(|(key, _)| key == k))
        .map(|(_, v)| v.as_str())
}

fn read_period(text: &str, what: &str) -> Result<(OffsetDateTime, OffsetDateTime), Response> {
    let mut parts = text.split_whitespace();
    match (
        parts.next().and_then(parse_time),
        parts.next().and_then(parse_time),
    ) {
        (Some(start), Some(end)) if end > start => Ok((start, end)),
        _ => Err(bad(format!(
            "{what} '{text}' is not two dates, start then end, separated by a space"
        ))),
    }
}

/// The options sent for a product type (per product type, or a flat list for every item).
fn options_for(body: &Value, product: &str) -> Option<Vec<(String, String)>> {
    let list = body.get("optionsPerProductType")?.as_array()?;
    let mut found = None;
    for entry in list {
        if entry.get("key").is_some() {
            // The flat shape of some OpenAPI examples: options for every product type.
            found
                .get_or_insert_with(Vec::new)
                .extend(key_values(Some(&Value::Array(vec![entry.clone()]))));
        } else if entry.get("productTypeId").and_then(Value::as_str) == Some(product) {
            found
                .get_or_insert_with(Vec::new)
                .extend(key_values(entry.get("options")));
        }
    }
    found
}

/// Checks options against the product's `availableOptions`: mandatory ones present (constraint
/// ones when their condition holds), list values known.
fn check_options(product: &ProductType, options: &[(String, String)]) -> Result<(), Response> {
    let available = available_options(product);
    let get = |name: &str| {
        options
            .iter()
            .find(|(k, _)| k == name || k.starts_with(&format!("{name}_")))
            .map(|(_, v)| v.as_str())
    };
    let condition_holds = |condition: &str| {
        let Some((key, values)) = condition.split_once(':') else {
            return true;
        };
        let values = values.trim_matches(|c| c == '(' || c == ')');
        get(key).is_some_and(|v| values.split('|').any(|allowed| allowed == v))
    };
    for option in &available {
        let name = option["name"].as_str().unwrap_or_default();
        let condition = option["constraint"]["condition"].as_str();
        let required = match option["mandatory"].as_str() {
            Some("true") => true,
            Some("constraint") => condition.is_some_and(condition_holds),
            _ => false,
        };
        let value = get(name);
        if required && value.is_none() {
            let when = condition
                .map(|c| format!(" (required when {c})"))
                .unwrap_or_default();
            return Err(bad(format!(
                "mandatory option '{name}' is missing for {}{when}: see POST /api/v1/contracts/{{contractId}}/productTypes/{}/options",
                product.id, product.id
            )));
        }
        if let (Some(value), Some(values)) = (value, option["constraint"]["values"].as_array())
            && !values.is_empty()
            && !values.iter().any(|v| v["id"].as_str() == Some(value))
        {
            let ids: Vec<&str> = values.iter().filter_map(|v| v["id"].as_str()).collect();
            return Err(bad(format!(
                "option '{name}' = '{value}' is not one of {} for {}",
                ids.join(", "),
                product.id
            )));
        }
    }
    Ok(())
}

/// Reads and prices an order body. `for_price`: MANUAL items are refused (no price without a
/// study).
pub(crate) fn read_order(
    inner: &Inner,
    body: &Value,
    now: OffsetDateTime,
    for_price: bool,
) -> Result<OrderRequest, Response> {
    let contract_id = body
        .get("contractId")
        .and_then(value_text)
        .ok_or_else(|| bad("contractId is missing"))?;
    let contract = find_contract(inner, &contract_id)?.clone();
    // AOIs by id.
    let aoi_list = match body.get("aoi") {
        Some(Value::Array(list)) => list.clone(),
        Some(other @ Value::Object(_)) => vec![other.clone()],
        _ => {
            return Err(bad(
                "aoi is missing: [{\"id\": 1, \"name\": ..., \"geometry\": Polygon}]",
            ));
        }
    };
    let mut aois: Vec<(String, String, CheckedAoi)> = Vec::new();
    for (index, entry) in aoi_list.iter().enumerate() {
        let id = entry
            .get("id")
            .and_then(value_text)
            .unwrap_or_else(|| (index + 1).to_string());
        let name = entry
            .get("name")
            .and_then(value_text)
            .unwrap_or_else(|| format!("Polygon {id}"));
        let geometry = entry
            .get("geometry")
            .ok_or_else(|| bad(format!("aoi {id} has no geometry")))?;
        let checked = checked_aoi(geometry, &format!("aoi {id}"))?;
        aois.push((id, name, checked));
    }
    let item_list = match body.get("items") {
        Some(Value::Array(list)) => list.clone(),
        Some(other @ Value::Object(_)) => vec![other.clone()],
        _ => return Err(bad("items is missing")),
    };
    if item_list.is_empty() {
        return Err(bad("items is empty"));
    }
    if item_list.len() > MAX_ITEMS {
        return Err(bad(format!(
            "{} items: an order holds at most {MAX_ITEMS} AOI/item pairs",
            item_list.len()
        )));
    }
    let customer_reference = body
        .get("customerReference")
        .and_then(value_text)
        .unwrap_or_default();
    let workspace = body
        .get("delivery")
        .and_then(|d| d.get("workspace"))
        .and_then(value_text)
        .unwrap_or_else(|| contract.workspace.clone());

    let mut items = Vec::new();
    for (index, item) in item_list.iter().enumerate() {
        let at = format!("items[{index}]");
        let product_id = item
            .get("productTypeId")
            .and_then(value_text)
            .ok_or_else(|| bad(format!("{at}.productTypeId is missing")))?;
        let product = contract_product(&contract, &product_id)?;
        let aoi_id = item.get("aoiId").and_then(value_text);
        let (_, aoi_name, aoi) = match &aoi_id {
            Some(id) => aois
                .iter()
                .find(|(a, _, _)| a == id)
                .ok_or_else(|| bad(format!("{at}.aoiId {id} names no AOI of the aoi list")))?,
            None if aois.len() == 1 => &aois[0],
            None => return Err(bad(format!("{at}.aoiId is missing"))),
        };
        let raw_properties = item
            .get("properties")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let raw = |key: &str| {
            raw_properties
                .iter()
                .find(|p| p.get("key").and_then(Value::as_str) == Some(key))
                .and_then(|p| p.get("value"))
        };
        let properties = key_values(item.get("properties"));
        let number = |keys: &[&str], default: f64| -> Result<f64, Response> {
            stated_number(&properties, keys, &at).map(|n| n.unwrap_or(default))
        };
        let mode = lookup(&properties, &["acquisitionMode"])
            .unwrap_or("MONO")
            .to_ascii_uppercase();
        if !matches!(mode.as_str(), "MONO" | "STEREO" | "TRISTEREO") {
            return Err(bad(format!(
                "{at}: acquisitionMode '{mode}' is not MONO, STEREO or TRISTEREO"
            )));
        }
        let stereo = mode != "MONO";
        check_mode(&mode, product.mission, product.offer)
            .map_err(|why| bad(format!("{at}: {why}")))?;
        if stereo {
            stereo_bh(raw("acquisitionModeMinBH"), raw("acquisitionModeMaxBH"))
                .map_err(|why| bad(format!("{at}: {mode} needs both B/H ratios: {why}")))?;
        }
        let options = options_for(body, product.id).ok_or_else(|| {
            bad(format!(
                "optionsPerProductType has no options for {}: add the mandatory options",
                product.id
            ))
        })?;
        check_options(product, &options)?;
        let licence_value = lookup(&options, &["licence"]).unwrap_or("standard");
        let licence = licence_factor(licence_value)
            .ok_or_else(|| bad(format!("unknown licence '{licence_value}'")))?;
        let priority_value = lookup(&options, &["priority"]).unwrap_or("standard");
        let priority = priority_factor(priority_value)
            .ok_or_else(|| bad(format!("unknown priority '{priority_value}'")))?;

        let stated_cloud = stated_number(&properties, &["maxCloudCover"], &at)?;
        let stated_incidence = stated_number(&properties, &["maxIncidenceAngle"], &at)?;
        let mut acq_periods = Vec::new();
        if let Some(text) = lookup(&properties, &["acqPeriods"]) {
            for period in text.split(',').filter(|p| !p.trim().is_empty()) {
                acq_periods.push(read_period(period, &format!("{at}.acqPeriods"))?);
            }
        }
        let segment = match item.get("segmentKey").and_then(Value::as_str) {
            Some(key) if !key.is_empty() => {
                let info = read_segment_key(key).map_err(|why| bad(format!("{at}: {why}")))?;
                check_segment_binding(&info, product, aoi, stated_cloud, stated_incidence)
                    .map_err(|why| bad(format!("{at}: {why}")))?;
                if info.deadline <= now {
                    return Err(bad(format!(
                        "{at}: the segment's orderDeadline ({}) has passed: run the attempts again and pick a later segment",
                        iso_millis(info.deadline)
                    )));
                }
                Some(info)
            }
            _ => None,
        };
        // The criteria: those the attempts were asked with when there is a key, else the item's.
        let mut max_cloud_cover = segment
            .as_ref()
            .map(|s| s.max_cloud_cover)
            .or(stated_cloud)
            .unwrap_or(20.0);
        let max_incidence_deg = segment
            .as_ref()
            .map(|s| s.max_incidence_deg)
            .or(stated_incidence)
            .unwrap_or(30.0);
        let criteria = Criteria {
            max_cloud_cover,
            max_incidence_deg,
            mono: !stereo,
        };
        let (below, beyond) = size_errors(&aoi.measures, product.mission, product.offer);
        if let Some(error) = below.first() {
            return Err(bad(format!(
                "{at}: {} for {}: enlarge it",
                error.sentence(&aoi.measures),
                product.id
            )));
        }
        let (automatic, classification, period) = match product.offer {
            Offer::OneDay | Offer::OneNow => {
                let classification = lookup(&properties, &["classification"])
                    .unwrap_or("EASY")
                    .to_string();
                match &segment {
                    Some(info) => {
                        // The automatic window applies again: a key does not make a large AOI or
                        // strict criteria automatic.
                        let automatic = criteria.allow_automatic() && beyond.is_empty();
                        let first = (info.start, info.end);
                        let last = acq_periods.iter().copied().fold(first, |a, b| a.max(b));
                        let period = (
                            first.0 - Duration::minutes(15),
                            last.1 + Duration::minutes(15),
                        );
                        (automatic, classification, period)
                    }
                    None => {
                        let period = lookup(&properties, &["acqPeriod", "acqPeiod"])
                            .map(|p| read_period(p, &format!("{at}.acqPeriod")))
                            .transpose()?
                            .unwrap_or((now, now + Duration::days(7)));
                        (false, classification, period)
                    }
                }
            }
            Offer::OnePlan => {
                let period_text =
                    lookup(&properties, &["acqPeriod", "acqPeiod"]).ok_or_else(|| {
                        bad(format!(
                            "{at}: the property acqPeriod (\"start end\") is required for {}",
                            product.id
                        ))
                    })?;
                let (start, end) = read_period(period_text, &format!("{at}.acqPeriod"))?;
                let start = start.max(now);
                if end <= start {
                    return Err(bad(format!("{at}: the acqPeriod has already ended")));
                }
                let claimed = lookup(&properties, &["feasibilityAutomation"])
                    .unwrap_or("MANUAL")
                    .eq_ignore_ascii_case("AUTOMATIC");
                let days = (end - start).as_seconds_f64() / 86_400.0;
                // A day of slack: the window shrinks while a person reads the feasibility answer.
                if claimed && (!criteria.allow_automatic() || days < ONEPLAN_AUTOMATIC_DAYS - 1.0) {
                    return Err(bad(format!(
                        "{at}: feasibilityAutomation AUTOMATIC does not match this request ({days:.1}-day window, {mode}, maxCloudCover {max_cloud_cover}, maxIncidenceAngle {max_incidence_deg}): run the feasibility again"
                    )));
                }
                let classification = lookup(&properties, &["classification"])
                    .unwrap_or("CHALLENGING")
                    .to_ascii_uppercase();
                (claimed, classification, (start, end))
            }
        };
        if for_price && !automatic {
            let why = if let Some(reason) = criteria.manual_reason() {
                reason
            } else if let Some(error) = beyond.first() {
                format!(
                    "{}, beyond the automatic window",
                    error.sentence(&aoi.measures)
                )
            } else if product.offer == Offer::OnePlan {
                "feasibilityAutomation is MANUAL".to_string()
            } else {
                "there is no segmentKey (a manual feasibility study)".to_string()
            };
            return Err(bad(format!(
                "{at}: a price can be calculated only for AUTOMATIC tasking; {why}: order it to start the study, the price comes with its result"
            )));
        }
        if product.offer == Offer::OneDay {
            // The guide: for OneDay, maxCloudCover and notificationThreshold are forced to 100%.
            max_cloud_cover = 100.0;
        }
        let proposal_cloud_cover = number(
            &["notificationThreshold"],
            (max_cloud_cover + 20.0).min(100.0),
        )?
        .max(max_cloud_cover);
        let price = item_price(
            product,
            aoi.measures.area_km2,
            classification == "CHALLENGING",
            licence,
            priority,
        );
        items.push(OrderItem {
            product,
            aoi: aoi.clone(),
            aoi_name: aoi_name.clone(),
            automatic,
            classification,
            segment,
            acq_periods,
            period,
            max_cloud_cover,
            max_incidence_deg,
            proposal_cloud_cover,
            mode,
            options,
            price,
        });
    }
    Ok(OrderRequest {
        contract,
        customer_reference,
        workspace,
        items,
    })
}

/// `POST /api/v1/prices`.
pub(crate) async fn prices(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let request = read_order(&inner, &body, now, true)?;
    Ok(json_answer(StatusCode::CREATED, request.price_answer()))
}

fn charge(sim: &mut SimState, contract_id: &str, amount: f64) -> Result<(), Response> {
    let Some(contract) = sim.contracts.iter_mut().find(|c| c.id == contract_id) else {
        return Err(order_error(
            StatusCode::NOT_FOUND,
            format!("CIS contract '{contract_id}' not found."),
        ));
    };
    if amount > contract.credit_remaining + 1e-6 {
        return Err(bad(format!(
            "not enough credit on contract '{}': {:.2} {} remaining, {:.2} needed",
            contract.id, contract.credit_remaining, contract.currency, amount
        )));
    }
    contract.credit_remaining = ((contract.credit_remaining - amount) * 100.0).round() / 100.0;
    Ok(())
}

/// `POST /api/v1/orders`: legacy taskings, or (neo contract) an accepted quotation and its order
/// items. Manual items are ordered as feasibility studies (no charge yet).
pub(crate) async fn orders(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let request = read_order(&inner, &body, now, false)?;
    let total = request.automatic_total();
    charge(&mut inner.sim, &request.contract.id, total)?;
    let sales_order_id = new_sales_order(&mut inner.sim, now);
    let mut answer = json!({
        "salesOrderId": sales_order_id,
        "currency": request.contract.currency,
        "discountPercentage": 0.0,
        "discountValue": 0.0,
        "totalAmount": total,
    });
    if request.contract.backend == Backend::Neo {
        let quotation_id = new_quotation_id(&mut inner.sim, now);
        let items = create_taskings(
            &mut inner.sim,
            &request,
            now,
            &sales_order_id,
            Some(&quotation_id),
        );
        inner.sim.neo_quotations.push(NeoQuotation {
            id: quotation_id.clone(),
            contract_id: request.contract.id.clone(),
            status: "ACCEPTED".into(),
            created_at: now,
            available_at: now,
            valid_until: now,
            currency: request.contract.currency.clone(),
            total_amount: total,
            request: body,
            order_items: items,
            sales_order_id: Some(sales_order_id.clone()),
            customer_reference: request.customer_reference.clone(),
        });
        answer["quotationId"] = json!(quotation_id);
    } else {
        create_taskings(&mut inner.sim, &request, now, &sales_order_id, None);
    }
    inner.touch();
    Ok(json_answer(StatusCode::CREATED, answer))
}

/// `POST /api/v1/quotations` (Pléiades Neo): a quotation sent at once for automatic items,
/// after a simulated study of a few hours for manual ones.
pub(crate) async fn quotations(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    let request = read_order(&inner, &body, now, false)?;
    if request.contract.backend != Backend::Neo {
        return Err(bad(format!(
            "quotations exist only for Pléiades Neo contracts; '{}' is a {} contract: use POST /api/v1/prices and /api/v1/orders",
            request.contract.id,
            request.contract.backend.api_name()
        )));
    }
    let manual = request.items.iter().any(|i| !i.automatic);
    let available_at = if manual {
        now + Duration::hours(NEO_STUDY_HOURS)
    } else {
        now
    };
    let id = new_quotation_id(&mut inner.sim, now);
    let total = request.total();
    inner.sim.neo_quotations.push(NeoQuotation {
        id: id.clone(),
        contract_id: request.contract.id.clone(),
        status: if manual { "PENDING" } else { "SENT" }.into(),
        created_at: now,
        available_at,
        valid_until: available_at + Duration::hours(NEO_QUOTATION_VALID_HOURS),
        currency: request.contract.currency.clone(),
        total_amount: total,
        request: body,
        order_items: Vec::new(),
        sales_order_id: None,
        customer_reference: request.customer_reference.clone(),
    });
    inner.touch();
    Ok(json_answer(
        StatusCode::CREATED,
        json!({
            "quotationId": id,
            "currency": request.contract.currency,
            "discountPercentage": 0.0,
            "discountValue": 0.0,
            "totalAmount": total,
        }),
    ))
}

/// `PUT /api/v1/contracts/{contract}/quotations/{quotation}/accept|refuse`: only a SENT
/// quotation can be decided; accepting orders it (and charges the contract).
pub(crate) async fn decide_quotation(
    State(shared): State<Arc<Shared>>,
    Path((contract, quotation, action)): Path<(String, String, String)>,
) -> Answer {
    let accept = match action.as_str() {
        "accept" => true,
        "refuse" => false,
        _ => {
            return Err(order_error(
                StatusCode::NOT_FOUND,
                format!("no such action '{action}': accept or refuse"),
            ));
        }
    };
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    find_contract(&inner, &contract)?;
    let Some(index) = inner
        .sim
        .neo_quotations
        .iter()
        .position(|q| q.id == quotation && q.contract_id == contract)
    else {
        return Err(order_error(
            StatusCode::NOT_FOUND,
            format!("quotation '{quotation}' not found in contract '{contract}'"),
        ));
    };
    let current = inner.sim.neo_quotations[index].clone();
    if current.status != "SENT" {
        let why = match current.status.as_str() {
            "PENDING" => "its feasibility study is still running".to_string(),
            "EXPIRED" => format!("it expired on {}", iso_millis(current.valid_until)),
            other => format!("it is already {other}"),
        };
        return Err(order_error(
            StatusCode::CONFLICT,
            format!("quotation '{quotation}' cannot be decided: {why}"),
        ));
    }
    if !accept {
        inner.sim.neo_quotations[index].status = "REFUSED".into();
        inner.touch();
        return Ok(json_answer(
            StatusCode::OK,
            json!({"quotationId": quotation, "quotationStatus": "REFUSED"}),
        ));
    }
    // The quotation's body is read again now: a segment whose deadline passed meanwhile fails.
    let mut request = read_order(&inner, &current.request, now, false)?;
    for item in &mut request.items {
        // The study is done: every item is tasked automatically at the quoted price.
        item.automatic = true;
    }
    charge(&mut inner.sim, &contract, current.total_amount)?;
    let sales_order_id = new_sales_order(&mut inner.sim, now);
    let items = create_taskings(
        &mut inner.sim,
        &request,
        now,
        &sales_order_id,
        Some(&quotation),
    );
    let record = &mut inner.sim.neo_quotations[index];
    record.status = "ACCEPTED".into();
    record.order_items = items.clone();
    record.sales_order_id = Some(sales_order_id.clone());
    inner.touch();
    Ok(json_answer(
        StatusCode::OK,
        json!({
            "quotationId": quotation,
            "quotationStatus": "ACCEPTED",
            "salesOrderId": sales_order_id,
            "orderItemIds": items,
            "totalAmount": current.total_amount,
            "currency": current.currency,
        }),
    ))
}
