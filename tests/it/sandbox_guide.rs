//! The sandbox against the OneAtlas tasking guide, request by request: the guide's example
//! requests (tests/fixtures/api, copied from the guide) sent verbatim with their dates moved six
//! years on, answered with the guide's example values; and the rules the guide states that the
//! sandbox must hold to (segment keys bound to what they were issued for, the progType names each
//! step takes, stereo B/H ratios as strings).

use std::path::Path;

use crate::common::{Session, start_sandbox, unpaced};
use reqwest::StatusCode;
use sattask::sandbox::Sandbox;
use serde_json::{Value, json};
use time::macros::datetime;

pub(crate) const LEGACY: &str = "CTR24000001";

/// Every date of the guide's examples (2020 to 2023) lies after this clock once moved on.
pub(crate) const START: time::OffsetDateTime = datetime!(2026-04-15 12:00:00 UTC);

async fn start() -> Sandbox {
    start_sandbox(unpaced(Some(START))).await
}

/// A guide example with its placeholders filled and every year moved six years on.
pub(crate) fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/api")
        .join(name);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for year in 2020..=2023 {
        text = text.replace(&format!("\"{year}-"), &format!("\"{}-", year + 6));
        text = text.replace(&format!(",{year}-"), &format!(",{}-", year + 6));
        text = text.replace(&format!(" {year}-"), &format!(" {}-", year + 6));
    }
    let mut value: Value = serde_json::from_str(&text.replace("<CisContractId>", LEGACY)).unwrap();
    if value["delivery"]["workspace"] == "<workspaceId>" {
        value["delivery"]["workspace"] = Value::Null;
    }
    value
}

fn first_prog(answer: &Value) -> &Value {
    &answer["progCapacities"][0]["progTypes"][0]
}

/// The segments of an attempts answer.
fn segments(answer: &Value) -> &Vec<Value> {
    first_prog(answer)["segments"].as_array().unwrap()
}

/// A price answer carries the guide's figures, at the top and for the product type.
fn assert_same_price(answer: &Value, guide: &Value) {
    for field in [
        "currency",
        "discountPercentage",
        "discountValue",
        "totalAmount",
    ] {
        assert_eq!(answer[field], guide[field], "{field}: {answer}");
    }
    for field in [
        "amount",
        "areaKm2",
        "discountPercentage",
        "discountValue",
        "price",
        "productTypeId",
    ] {
        assert_eq!(
            answer["productTypes"][0][field], guide["productTypes"][0][field],
            "{field}: {answer}"
        );
    }
}

#[tokio::test]
async fn the_feasibility_example_is_automatic_challenging_30() {
    let sandbox = start().await;
    let api = Session::oneatlas(&sandbox).await;
    let (status, answer) = api
        .post("/api/v1/feasibility", &example("feasibility_request.json"))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let guide = example("feasibility_response.json");
    assert_eq!(
        first_prog(&answer)["feasibility"],
        first_prog(&guide)["feasibility"]
    );
    assert_eq!(first_prog(&answer)["available"], true);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_attempts_error_example_is_answered_entry_for_entry() {
    let sandbox = start().await;
    let api = Session::oneatlas(&sandbox).await;
    // The guide's attempts request over an AOI under the minimum (its feasibility AOI, 10.5 km²).
    let mut body = example("attempts_request.json");
    body["aoi"] = example("feasibility_request.json")["aoi"].clone();
    let (status, answer) = api.post("/api/v1/attempts", &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, example("attempts_error_response.json"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_oneday_price_example_is_132_km2_for_7392() {
    let sandbox = start().await;
    let api = Session::oneatlas(&sandbox).await;
    let (status, attempts) = api
        .post("/api/v1/attempts", &example("attempts_request.json"))
        .await;
    assert_eq!(status, StatusCode::OK, "{attempts}");
    let key = segments(&attempts)[0]["segmentKey"].clone();
    let mut body = example("price_request_oneday.json");
    body["items"][0]["segmentKey"] = key;
    let (status, answer) = api.post("/api/v1/prices", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let guide = example("price_response_oneday.json");
    assert_same_price(&answer, &guide);
    assert_eq!(answer["totalAmount"], 7392.0);
    sandbox.shutdown().await;
}

/// The guide's SPOT OnePlan price request, as printed (its options are "see
/// PleiadesTaskingOneDay options": those are used).
fn spot_oneplan_price_request() -> Value {
    let oneday = example("price_request_oneday.json");
    let mut options = oneday["optionsPerProductType"][0].clone();
    options["productTypeId"] = json!("SpotTaskingOnePlan");
    options["licence"] = json!("");
    json!({
        "aoi": [{"id": 1, "name": "Polygon 1", "geometry": {"type": "Polygon", "coordinates": [[
            [1.4316558837890625, 43.568824930165476], [1.4316558837890625, 43.601900054609445],
            [1.4670181274414062, 43.601900054609445], [1.4670181274414062, 43.568824930165476],
            [1.4316558837890625, 43.568824930165476]]]}}],
        "contractId": LEGACY,
        "items": [{
            "productTypeId": "SpotTaskingOnePlan",
            "dataSourceIds": [],
            "aoiId": 1,
            "properties": [
                {"key": "acquisitionMode", "value": "MONO"},
                {"key": "classification", "value": "CHALLENGING"},
                {"key": "feasibilityAutomation", "value": "AUTOMATIC"},
                {"key": "notificationThreshold", "value": 25},
                {"key": "maxCloudCover", "value": 10},
                {"key": "maxIncidenceAngle", "value": 50},
                {"key": "acqPeriod", "value": "2027-06-18T09:04:16.284Z 2027-07-18T23:59:59.999Z"},
                {"key": "comments", "value": "comment"},
                {"key": "feasibilityAutomationName", "value": "AutomaticTasking30"}
            ],
            "comments": "comment"
        }],
        "customerReference": "customer reference",
        "optionsPerProductType": [options],
    })
}

#[tokio::test]
async fn the_spot_oneplan_price_example_is_500_km2_3450_less_80_percent() {
    let sandbox = start().await;
    let api = Session::oneatlas(&sandbox).await;
    let (status, answer) = api
        .post("/api/v1/prices", &spot_oneplan_price_request())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let guide = example("price_response_oneplan.json");
    assert_same_price(&answer, &guide);
    assert_eq!(answer["productTypes"][0]["areaKm2"], 500.0);
    assert_eq!(answer["totalAmount"], 690.0);
    sandbox.shutdown().await;
}

/// Attempts for the guide's OneNow order: its AOI (in Australia), ONENOW, the item's
/// maxCloudCover (10).
fn onenow_attempts_request(order: &Value) -> Value {
    json!({
        "progTypeNames": ["ONENOW"],
        "missions": ["PLEIADES"],
        "contractId": LEGACY,
        "acquisitionDate": {"startDate": "2026-04-16T00:00:00.000Z", "endDate": null},
        "optical": {"acquisitionMode": "MONO", "maxCloudCover": 10, "maxIncidenceAngle": 45},
        "aoi": order["aoi"][0]["geometry"],
    })
}

#[tokio::test]
async fn the_onenow_order_example_costs_20790() {
    let sandbox = start().await;
    let api = Session::oneatlas(&sandbox).await;
    let mut order = example("order_request_onenow.json");
    let (status, attempts) = api
        .post("/api/v1/attempts", &onenow_attempts_request(&order))
        .await;
    assert_eq!(status, StatusCode::OK, "{attempts}");
    let list = segments(&attempts);
    assert!(list.len() >= 3, "{attempts}");
    // As in the guide's order: the chosen segment's key and deadline, three periods.
    let periods: Vec<String> = list[..3]
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["acquisitionStartDate"].as_str().unwrap(),
                s["acquisitionEndDate"].as_str().unwrap()
            )
        })
        .collect();
    order["items"][0]["segmentKey"] = list[0]["segmentKey"].clone();
    for property in order["items"][0]["properties"].as_array_mut().unwrap() {
        match property["key"].as_str().unwrap() {
            "orderDeadLine" => property["value"] = list[0]["orderDeadline"].clone(),
            "acqPeriods" => property["value"] = json!(periods.join(",")),
            _ => {}
        }
    }
    let (status, answer) = api.post("/api/v1/orders", &order).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    // The guide prints it as an integer; the amount is what counts.
    assert_eq!(
        answer["totalAmount"].as_f64(),
        example("order_response.json")["totalAmount"].as_f64()
    );
    assert_eq!(answer["totalAmount"], 20790.0);

    // The tasking's period holds every attempt it will make.
    let (_, taskings) = api
        .get(&format!(
            "/api/v1/contracts/{LEGACY}/taskings?customerRef=unique%20customer%20reference"
        ))
        .await;
    let icr = &taskings["taskings"][0]["icr"];
    let (start, end) = (
        icr["period"]["startDate"].as_str().unwrap().to_string(),
        icr["period"]["endDate"].as_str().unwrap().to_string(),
    );
    for attempt in icr["attempts"].as_str().unwrap().split(',') {
        let (from, to) = attempt.split_once(' ').unwrap();
        assert!(
            start.as_str() <= from && to <= end.as_str(),
            "{attempt} outside {start} {end}"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_tristereo_example_is_a_manual_order_of_zero_not_minus_zero() {
    let sandbox = start().await;
    let api = Session::oneatlas(&sandbox).await;
    let body = example("order_request_tristereo.json");
    let response = api
        .request(reqwest::Method::POST, "/api/v1/orders")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let text = response.text().await.unwrap();
    assert!(!text.contains("-0"), "{text}");
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["totalAmount"], 0.0);

    // B/H ratios as numbers, or the minimum above the maximum, are refused.
    for (min, max, why) in [
        (json!(0.2), json!("0.8"), "not a string"),
        (json!("0.6"), json!("0.3"), "is above acquisitionModeMaxBH"),
    ] {
        let mut body = example("order_request_tristereo.json");
        for property in body["items"][0]["properties"].as_array_mut().unwrap() {
            match property["key"].as_str().unwrap() {
                "acquisitionModeMinBH" => property["value"] = min.clone(),
                "acquisitionModeMaxBH" => property["value"] = max.clone(),
                _ => {}
            }
        }
        let (status, answer) = api.post("/api/v1/orders", &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(why),
            "{answer}"
        );
    }
    sandbox.shutdown().await;
}

/// The guide's OneDay price body with another AOI and a key.
fn priced_with(aoi: Value, key: &Value, product: &str) -> Value {
    let mut body = example("price_request_oneday.json");
    body["aoi"][0]["geometry"] = aoi;
    body["items"][0]["segmentKey"] = key.clone();
    body["items"][0]["productTypeId"] = json!(product);
    body["optionsPerProductType"][0]["productTypeId"] = json!(product);
    body
}

fn rectangle(west: f64, south: f64, east: f64, north: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [west, south], [east, south], [east, north], [west, north], [west, south]]]})
}

#[tokio::test]
async fn a_segment_key_prices_only_what_it_was_issued_for() {
    let sandbox = start().await;
    let api = Session::oneatlas(&sandbox).await;
    let request = example("attempts_request.json");
    let guide_aoi = request["aoi"].clone();
    let (_, attempts) = api.post("/api/v1/attempts", &request).await;
    let key = segments(&attempts)[0]["segmentKey"].clone();

    let refused = |body: Value, why: &'static str| {
        let api = &api;
        async move {
            let (status, answer) = api.post("/api/v1/prices", &body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
            let message = answer["message"].as_str().unwrap();
            assert!(message.contains(why), "{message}");
        }
    };
    // A larger AOI at Toulouse (about 3,600 km²), an AOI in Australia.
    refused(
        priced_with(
            rectangle(1.1, 43.3, 1.9, 43.85),
            &key,
            "PleiadesTaskingOneDay",
        ),
        "not inside the segment's footprint",
    )
    .await;
    refused(
        priced_with(
            rectangle(120.49, -24.73, 120.66, -24.57),
            &key,
            "PleiadesTaskingOneDay",
        ),
        "not inside the segment's footprint",
    )
    .await;
    // A OneDay key for OneNow.
    refused(
        priced_with(guide_aoi.clone(), &key, "PleiadesTaskingOneNow"),
        "comes from ONEDAY attempts",
    )
    .await;

    // A SPOT OneDay key for a 30 km² AOI inside its footprint: under SPOT's minimum.
    let mut spot = example("attempts_request.json");
    spot["missions"] = json!(["SPOT"]);
    let (status, answer) = api.post("/api/v1/attempts", &spot).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let spot_key = segments(&answer)[0]["segmentKey"].clone();
    refused(
        priced_with(
            rectangle(1.40, 43.58, 1.47, 43.62),
            &spot_key,
            "SpotTaskingOneDay",
        ),
        "under the 100 km² minimum",
    )
    .await;

    // Attempts asked with cloud 5 % or incidence 15°: not automatic, so no price.
    for (cloud, incidence, why) in [(5, 30, "maxCloudCover 5"), (25, 15, "maxIncidenceAngle 15")] {
        let mut strict = example("attempts_request.json");
        strict["optical"]["maxCloudCover"] = json!(cloud);
        strict["optical"]["maxIncidenceAngle"] = json!(incidence);
        let (status, answer) = api.post("/api/v1/attempts", &strict).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let segment = segments(&answer)
            .first()
            .expect("the criteria do not change the passes");
        let body = priced_with(
            guide_aoi.clone(),
            &segment["segmentKey"],
            "PleiadesTaskingOneDay",
        );
        refused(body, why).await;
    }
    sandbox.shutdown().await;
}
