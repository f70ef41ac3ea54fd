//! The models against the OneAtlas guide's own examples (tests/fixtures/api): every answer is
//! read with the values the guide shows, and every request is written back field for field.

use std::path::Path;

use sattask::api::oneatlas::models::*;
use sattask::api::up42::models::{Page, Quotation};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn fixture(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/api")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn read<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Drops altitudes from GeoJSON positions: sattask sends 2D positions by design (UP42 forbids
/// Z, OneAtlas ignores it), so `[lon, lat, 0.0]` in an example is written `[lon, lat]`.
fn without_altitude(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Array(items) => {
            if items.len() == 3 && items.iter().all(serde_json::Value::is_number) {
                items.truncate(2);
            }
            items.iter_mut().for_each(without_altitude);
        }
        serde_json::Value::Object(map) => map.values_mut().for_each(without_altitude),
        _ => {}
    }
}

/// Drops `"key": null` members: an absent optional field and a null one mean the same to the API.
fn without_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_nulls),
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(without_nulls);
        }
        _ => {}
    }
}

/// Reads a request example and writes it back: it must come out identical (altitudes and
/// null members aside).
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) {
    let mut original = fixture(name);
    without_altitude(&mut original);
    let model: T =
        serde_json::from_value(original.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut written = serde_json::to_value(&model).unwrap();
    without_nulls(&mut original);
    without_nulls(&mut written);
    assert_eq!(
        written, original,
        "{name} changed on the way through the model"
    );
}

#[test]
fn request_examples_are_written_back_field_for_field() {
    round_trip::<FeasibilityRequest>("feasibility_request.json");
    round_trip::<FeasibilityRequest>("attempts_request.json");
    round_trip::<OrderRequest>("price_request_oneday.json");
    round_trip::<OrderRequest>("order_request_onenow.json");
    round_trip::<OrderRequest>("order_request_tristereo.json");
}

#[test]
fn the_spec_shape_of_missions_is_read_too() {
    let mut body = fixture("feasibility_request.json");
    let missions = body.as_object_mut().unwrap().remove("missions").unwrap();
    body["mission"] = missions[0].clone();
    let request: FeasibilityRequest = serde_json::from_value(body).unwrap();
    assert_eq!(
        request.missions,
        vec![sattask::aoi::mission::Mission::Pleiades]
    );
}

#[test]
fn feasibility_answer() {
    let answer: CapacityAnswer = read("feasibility_response.json");
    let offer = answer.offers().next().unwrap();
    assert_eq!(
        (offer.name.as_str(), offer.mission.as_str(), offer.available),
        ("ONEPLAN", "PLEIADES", true)
    );
    let feasibility = offer.feasibility.as_ref().unwrap();
    assert!(feasibility.is_automatic());
    assert_eq!(feasibility.classification.as_deref(), Some("CHALLENGING"));
    assert_eq!(
        feasibility.automation_name.as_deref(),
        Some("AutomaticTasking30")
    );
}

#[test]
fn attempts_answer_parses_the_footprint_once() {
    let answer: CapacityAnswer = read("attempts_response.json");
    let segment = &answer.offers().next().unwrap().segments[0];
    assert_eq!(segment.id, "PHR1");
    assert_eq!(segment.footprint.get().unwrap().geometry.ring.len(), 6);
    assert_eq!(
        segment.footprint.get().unwrap().geometry.ring[0].x,
        1.298502
    );
    assert_eq!(
        segment.footprint.get().unwrap().center.unwrap().0.y,
        43.600603
    );
    assert_eq!(segment.incidence_angle.number(), Some(26.3));
    assert!(segment.segment_key.starts_with("ea60293f38"));
    let deadline = segment.order_deadline().unwrap();
    assert!(deadline < segment.acquisition_start().unwrap());
    assert_eq!(api_date(deadline), "2021-05-31T02:55:00.099Z");
}

#[test]
fn attempts_error_answer_says_what_to_do() {
    let answer: CapacityAnswer = read("attempts_error_response.json");
    let offer = answer.offers().next().unwrap();
    assert!(!offer.available);
    assert_eq!(offer.errors[0].code, "ERR_MIN_AOI_AREA");
    let text = offer.errors[0].describe();
    assert!(
        text.contains("24.5 km²") && text.contains("enlarge"),
        "{text}"
    );
}

#[test]
fn price_and_order_answers() {
    let oneday: PriceAnswer = read("price_response_oneday.json");
    assert_eq!(oneday.total_amount, 7392.0);
    assert_eq!(oneday.product_types[0].area_km2, Some(132.0));
    let oneplan: PriceAnswer = read("price_response_oneplan.json");
    assert_eq!(oneplan.product_types[0].discount_percentage, Some(80.0));
    let order: OrderAnswer = read("order_response.json");
    assert_eq!(order.sales_order_id.unwrap().as_str(), " salesOrderId ");
    assert_eq!(order.total_amount, Some(20790.0));
}

#[test]
fn taskings_answer() {
    let list: TaskingList = read("taskings_response.json");
    let icr = &list.taskings[0].icr;
    assert_eq!(icr.id.as_str(), "ICR_FC_XXXXX");
    assert_eq!(icr.status.as_deref(), Some("Completed"));
    assert_eq!(icr.aoi.get().unwrap().outer_ring().len(), 5);
    assert_eq!(icr.tasking_progress.as_ref().unwrap().validated_area, 0.0);
}

#[test]
fn up42_quotation_page_from_the_guide() {
    let page: Page<Quotation> = serde_json::from_value(serde_json::json!({
        "content": [{
            "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "createdAt": "2019-08-24T14:15:22Z",
            "updatedAt": "2019-08-24T14:15:22Z", "decision": "NOT_DECIDED",
            "decisionById": "096e3715-e908-473f-b527-d12af3e254b6", "decisionByType": "USER",
            "decisionAt": "2019-08-24T14:15:22Z", "accountId": "3d07c219-0a88-45be-9cfc-91e9d095a1e9",
            "workspaceId": "ef0efa32-d1c1-43d4-a5e2-fe7b4f00403c",
            "orderId": "b3e1eced-f2bd-4d8c-9765-fbc9d1d222d5", "creditsPrice": 1
        }],
        "pageable": {"pageable": {}, "last": true, "size": 0},
        "last": true, "totalElements": 1, "totalPages": 1,
        "sort": {"unsorted": false, "sorted": true, "empty": false},
        "numberOfElements": 1, "first": true, "size": 10, "number": 0, "empty": false
    }))
    .unwrap();
    assert_eq!(page.total_elements, 1);
    assert!(page.content[0].is_undecided());
    assert_eq!(page.content[0].credits_price, Some(1.0));
}
