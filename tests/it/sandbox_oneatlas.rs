//! The sandbox's OneAtlas simulation over real HTTP on 127.0.0.1: tokens, feasibility,
//! attempts from the orbit model, prices, orders, tracking, accept/refuse, cancel, pacing,
//! Pléiades Neo quotations and coverages, delivered imagery.

use crate::common::{
    Session, advance_clock, oneatlas_token, request_log, start_sandbox, toulouse_geojson, unpaced,
    up42_token,
};
use geo::Contains;
use reqwest::{Client, Method, StatusCode};
use sattask::sandbox::{Sandbox, SandboxConfig};
use serde_json::{Value, json};
use time::macros::datetime;

const START: time::OffsetDateTime = datetime!(2024-06-01 06:00:00 UTC);

async fn start(ordering_min_interval_ms: u64) -> Sandbox {
    start_sandbox(SandboxConfig {
        ordering_min_interval_ms,
        ..unpaced(Some(START))
    })
    .await
}

/// The guide's feasibility AOI (about 2.9 × 3.7 km, 10.5 km²).
fn small_toulouse() -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [1.4316558837890625, 43.568824930165476], [1.4316558837890625, 43.601900054609445],
        [1.4670181274414062, 43.601900054609445], [1.4670181274414062, 43.568824930165476],
        [1.4316558837890625, 43.568824930165476]]]})
}

/// A feasibility/attempts body in the guide's shape (one argument per field it varies).
#[allow(clippy::too_many_arguments)]
fn tasking_body(
    contract: &str,
    mission: &str,
    prog: &str,
    start: &str,
    end: Option<&str>,
    max_cloud: f64,
    max_incidence: f64,
    mode: &str,
    aoi: Value,
) -> Value {
    json!({
        "acquisitionDate": {"startDate": start, "endDate": end},
        "contractId": contract,
        "missions": [mission],
        "optical": {"acquisitionMode": mode, "maxCloudCover": max_cloud, "maxIncidenceAngle": max_incidence},
        "progTypeNames": [prog],
        "aoi": aoi,
    })
}

fn options(product: &str) -> Value {
    json!([{"productTypeId": product, "options": [
        {"key": "spectral_processing", "value": if product.starts_with("PleiadesNeo") { "full_bundle" } else { "pansharpened_natural_color" }},
        {"key": "radiometric_processing", "value": "basic"},
        {"key": "image_format", "value": "dimap_jpeg2000_regular"},
        {"key": "pixel_coding", "value": "12bits"},
        {"key": "processing_level", "value": "ortho"},
        {"key": "projection_1", "value": "4326"},
        {"key": "licence", "value": "standard"},
        {"key": "dem", "value": "best_available"},
    ]}])
}

fn order_body(
    contract: &str,
    product: &str,
    aoi: Value,
    properties: Value,
    segment_key: Option<&str>,
    reference: &str,
) -> Value {
    json!({
        "aoi": [{"id": 1, "name": "Polygon 1", "geometry": aoi}],
        "programReference": null,
        "contractId": contract,
        "items": [{
            "productTypeId": product,
            "aoiId": 1,
            "properties": properties,
            "comments": "sandbox test",
            "segmentKey": segment_key,
        }],
        "primaryMarket": "NQUAL",
        "secondaryMarket": null,
        "customerReference": reference,
        "optionsPerProductType": options(product),
        "delivery": {"type": "network", "workspace": null},
    })
}

fn oneplan_properties(
    period: &str,
    max_cloud: u32,
    automation: &str,
    classification: &str,
) -> Value {
    json!([
        {"key": "acquisitionMode", "value": "MONO"},
        {"key": "classification", "value": classification},
        {"key": "feasibilityAutomation", "value": automation},
        {"key": "notificationThreshold", "value": 45},
        {"key": "maxCloudCover", "value": max_cloud},
        {"key": "maxIncidenceAngle", "value": 50},
        {"key": "acqPeriod", "value": period},
        {"key": "feasibilityAutomationName", "value": "AutomaticTasking30"},
    ])
}

fn prog(answer: &Value, mission: usize, prog: usize) -> &Value {
    &answer["progCapacities"][mission]["progTypes"][prog]
}

async fn contract_credit(api: &Session, contract: &str) -> f64 {
    let (_, contracts) = api.get("/api/v1/contracts").await;
    contracts["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contractId"] == contract)
        .unwrap()["creditRemaining"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn tokens_are_issued_refused_and_expire_on_the_simulated_clock() {
    let sandbox = start(0).await;
    let client = Client::new();
    let base = sandbox.base_url();

    let (status, token) = oneatlas_token(&base, "sandbox").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(token["expires_in"], 3600);
    assert_eq!(token["refresh_expires_in"], 0);
    assert_eq!(token["token_type"], "Bearer");

    let (status, refused) = oneatlas_token(&base, "not-the-key").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused["error"], "invalid_grant");

    let no_bearer = client
        .get(format!("{base}/api/v1/contracts"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_bearer.status(), StatusCode::UNAUTHORIZED);

    let lifetime = client
        .put(format!("{base}/sandbox/token-lifetime"))
        .json(&json!({"oneatlas_secs": 60, "up42_secs": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(lifetime.status(), StatusCode::OK);
    let api = Session::oneatlas(&sandbox).await;
    let (status, contracts) = api.get("/api/v1/contracts").await;
    assert_eq!(status, StatusCode::OK);
    let list = contracts["contracts"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|c| c["backendSource"] == "legacy"));
    assert!(list.iter().any(|c| c["backendSource"] == "neo"));
    assert!(list[0]["delivery"][0]["deliveryWorkspace"].is_string());

    let advanced = advance_clock(&base, 61).await;
    assert_eq!(advanced.status(), StatusCode::OK);
    let (status, expired) = api.get("/api/v1/contracts").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        expired["message"],
        "Authentication failed (cause: Token expired)"
    );

    // UP42's password grant, and its token is no good on OneAtlas paths.
    let (status, up42) = up42_token(&base, "sandbox").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(up42["expires_in"], 30);
    assert_eq!(up42["refresh_expires_in"], 1800);
    assert!(up42["refresh_token"].is_string());
    let wrong_service = client
        .get(format!("{base}/api/v1/contracts"))
        .bearer_auth(up42["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_service.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = up42_token(&base, "nope").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn product_types_and_options_follow_the_guide() {
    let sandbox = start(0).await;
    let api = Session::oneatlas(&sandbox).await;
    let (status, products) = api.get("/api/v1/contracts/CTR24000001/productTypes").await;
    assert_eq!(status, StatusCode::OK);
    let products = products["productTypes"].as_array().unwrap();
    let spot_oneday = products
        .iter()
        .find(|p| p["productTypeId"] == "SpotTaskingOneDay")
        .unwrap();
    assert_eq!(spot_oneday["minimumOrderAreaApplied"], 500.0);
    let (_, neo) = api.get("/api/v1/contracts/CTR24000002/productTypes").await;
    assert!(
        neo["productTypes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["productTypeId"] == "PleiadesNeoOneNowAttempts")
    );

    let (status, options) = api
        .post(
            "/api/v1/contracts/CTR24000001/productTypes/PleiadesTaskingOneDay/options",
            &json!({"aoi": [{"polygonId": 1, "geometry": toulouse_geojson()}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let options = options["availableOptions"].as_array().unwrap();
    let projection = options
        .iter()
        .find(|o| o["name"] == "projection_1")
        .unwrap();
    assert_eq!(projection["mandatory"], "constraint");
    assert_eq!(
        projection["constraint"]["condition"],
        "processing_level:(ortho|projected)"
    );
    let level = options
        .iter()
        .find(|o| o["name"] == "processing_level")
        .unwrap();
    assert_eq!(level["mandatory"], "true");
    assert_eq!(level["type"], "list");

    let (status, missing) = api
        .post(
            "/api/v1/contracts/CTR24000001/productTypes/NoSuchProduct/options",
            &json!({"aoi": [{"polygonId": 1, "geometry": toulouse_geojson()}]}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["errorCode"], "E2203");
    let (status, _) = api.get("/api/v1/contracts/CTR00000000/productTypes").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn feasibility_is_automatic_manual_or_too_small() {
    let sandbox = start(0).await;
    let api = Session::oneatlas(&sandbox).await;
    let start_date = "2024-06-02T00:00:00.000Z";

    let body = tasking_body(
        "CTR24000001",
        "PLEIADES",
        "ONEPLAN",
        start_date,
        Some("2024-07-05T23:59:59.999Z"),
        10.0,
        50.0,
        "MONO",
        small_toulouse(),
    );
    let (status, answer) = api.post("/api/v1/feasibility", &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let p = prog(&answer, 0, 0);
    assert_eq!(answer["progCapacities"][0]["mission"], "PLEIADES");
    assert_eq!(p["name"], "ONEPLAN");
    assert_eq!(p["available"], true);
    assert_eq!(p["feasibility"]["automation"], "AUTOMATIC");
    assert_eq!(p["feasibility"]["classification"], "CHALLENGING");
    assert_eq!(p["feasibility"]["automationName"], "AutomaticTasking30");

    let body = tasking_body(
        "CTR24000001",
        "SPOT",
        "ONEPLAN",
        start_date,
        Some("2024-08-20T00:00:00.000Z"),
        10.0,
        50.0,
        "MONO",
        small_toulouse(),
    );
    let (_, answer) = api.post("/api/v1/feasibility", &body).await;
    assert_eq!(prog(&answer, 0, 0)["feasibility"]["classification"], "EASY");

    // A short window, a low incidence or stereo: a manual study.
    for (end, incidence, mode) in [
        ("2024-06-12T00:00:00.000Z", 50.0, "MONO"),
        ("2024-07-20T00:00:00.000Z", 15.0, "MONO"),
        ("2024-07-20T00:00:00.000Z", 50.0, "STEREO"),
    ] {
        let body = tasking_body(
            "CTR24000001",
            "PLEIADES",
            "ONEPLAN",
            start_date,
            Some(end),
            10.0,
            incidence,
            mode,
            small_toulouse(),
        );
        let (status, answer) = api.post("/api/v1/feasibility", &body).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            prog(&answer, 0, 0)["feasibility"]["automation"],
            "MANUAL",
            "{end} {incidence} {mode}"
        );
    }

    // The guide's Step 3: for SPOT and Pléiades, feasibility takes ONEPLAN only; the refusal
    // lists exactly that, with the error code the OpenAPI file documents.
    for (mission, name) in [
        ("PLEIADES", "ONEDAY"),
        ("SPOT", "ONENOW"),
        ("PLEIADES", "ONESERIES"),
    ] {
        let body = tasking_body(
            "CTR24000001",
            mission,
            name,
            start_date,
            None,
            20.0,
            30.0,
            "MONO",
            small_toulouse(),
        );
        let (status, answer) = api.post("/api/v1/feasibility", &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert_eq!(answer["errorCode"], "E2203");
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.contains(&format!(
                "{name} is not accepted by POST /api/v1/feasibility for {mission}: the accepted names are ONEPLAN (the tasking guide, Step 3)"
            )),
            "{message}"
        );
    }

    // 10.5 km² is under OneDay's minimum: the minimum comes back as the message (asked of the
    // attempts, as in the guide's example).
    let body = tasking_body(
        "CTR24000001",
        "PLEIADES",
        "ONEDAY",
        start_date,
        None,
        20.0,
        30.0,
        "MONO",
        small_toulouse(),
    );
    let (_, answer) = api.post("/api/v1/attempts", &body).await;
    let p = prog(&answer, 0, 0);
    assert_eq!(p["available"], false);
    assert_eq!(p["errors"][0]["code"], "ERR_MIN_AOI_AREA");
    assert_eq!(p["errors"][0]["message"], "24.5");
    let mut neo = tasking_body(
        "CTR24000002",
        "PLEIADESNEO",
        "ONEDAY",
        start_date,
        None,
        20.0,
        30.0,
        "MONO",
        small_toulouse(),
    );
    // The OpenAPI spec's shape: `mission` as a string and the bare coordinates.
    neo.as_object_mut().unwrap().remove("missions");
    neo["mission"] = json!("PLEIADESNEO");
    neo["aoi"] = small_toulouse()["coordinates"].clone();
    let (status, answer) = api.post("/api/v1/feasibility", &neo).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(prog(&answer, 0, 0)["errors"][0]["message"], "24.5");

    // A neo progType asked of a legacy contract's mission.
    let body = tasking_body(
        "CTR24000001",
        "PLEIADESNEO",
        "ONEPLAN",
        start_date,
        None,
        20.0,
        30.0,
        "MONO",
        small_toulouse(),
    );
    let (status, _) = api.post("/api/v1/feasibility", &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_invalid_aoi_is_refused_naming_the_rule() {
    let sandbox = start(0).await;
    let api = Session::oneatlas(&sandbox).await;
    // The guide's "not good" shape: two edges cross.
    let bow_tie = json!({"type": "Polygon", "coordinates": [[[2.0, 1.0], [1.0, 2.0], [1.0, 1.0], [2.0, 2.0], [2.0, 1.0]]]});
    let body = tasking_body(
        "CTR24000001",
        "PLEIADES",
        "ONEPLAN",
        "2024-06-02T00:00:00.000Z",
        Some("2024-08-02T00:00:00.000Z"),
        10.0,
        50.0,
        "MONO",
        bow_tie,
    );
    let (status, answer) = api.post("/api/v1/feasibility", &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["errorCode"], "E2203");
    let message = answer["message"].as_str().unwrap();
    assert!(message.contains("self_intersection"), "{message}");

    let open = json!({"type": "Polygon", "coordinates": [[[1.0, 1.0], [1.2, 1.0], [1.2, 1.2], [1.0, 1.2]]]});
    let (status, answer) = api
        .post(
            "/api/v1/contracts/CTR24000001/productTypes/PleiadesTaskingOnePlan/options",
            &json!({"aoi": [{"polygonId": 1, "geometry": open}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"].as_str().unwrap().contains("not_closed"),
        "{answer}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn attempts_come_from_the_orbit_model() {
    let sandbox = start(0).await;
    let api = Session::oneatlas(&sandbox).await;
    let body = tasking_body(
        "CTR24000001",
        "PLEIADES",
        "ONEDAY",
        "2024-06-02T00:00:00.000Z",
        None,
        25.0,
        40.0,
        "MONO",
        toulouse_geojson(),
    );
    let (status, answer) = api.post("/api/v1/attempts", &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let segments = prog(&answer, 0, 0)["segments"].as_array().unwrap().clone();
    assert!(segments.len() >= 3, "{} segments", segments.len());
    let aoi: geo_types::Polygon<f64> = geo_types::Polygon::new(
        toulouse_geojson()["coordinates"][0]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect::<Vec<_>>()
            .into(),
        vec![],
    );
    let mut previous = String::new();
    for segment in &segments {
        assert!(segment["id"].as_str().unwrap().starts_with("PHR1"));
        let incidence = segment["incidenceAngle"].as_f64().unwrap();
        assert!(incidence <= 40.0, "{segment}");
        assert!(segment["acrossTrackIncidenceAngle"].as_f64().unwrap().abs() <= incidence + 0.5);
        assert_eq!(segment["extendedAngle"], incidence > 30.0);
        let wkt_text = segment["footprint"]["geometry"].as_str().unwrap();
        let footprint: wkt::Wkt<f64> = wkt_text.parse().unwrap();
        let footprint: geo_types::Geometry<f64> = footprint.try_into().unwrap();
        let footprint: geo_types::Polygon<f64> = footprint.try_into().unwrap();
        assert!(
            footprint.contains(&aoi),
            "{wkt_text} does not contain the AOI"
        );
        assert!(
            segment["footprint"]["center"]
                .as_str()
                .unwrap()
                .starts_with("POINT(")
        );
        let start = segment["acquisitionStartDate"].as_str().unwrap();
        let end = segment["acquisitionEndDate"].as_str().unwrap();
        let deadline = segment["orderDeadline"].as_str().unwrap();
        assert!(deadline < start && start < end, "{segment}");
        assert!(start > previous.as_str());
        previous = start.to_string();
        let key = segment["segmentKey"].as_str().unwrap();
        assert!(key.contains("::[{\"key\":\"acqPeriod\""), "{key}");
        // Mid-morning local time at Toulouse (UTC+0:06): 09:30 to 11:30 UTC.
        let hour: u32 = start[11..13].parse().unwrap();
        assert!((9..=11).contains(&hour), "{start}");
    }
    // Deterministic for the same inputs and clock.
    let (_, again) = api.post("/api/v1/attempts", &body).await;
    assert_eq!(again, answer);

    // OnePlan has no attempts (the guide's Step 4: "only for ONEDAY and ONENOW").
    let body = tasking_body(
        "CTR24000001",
        "PLEIADES",
        "ONEPLAN",
        "2024-06-02T00:00:00.000Z",
        None,
        25.0,
        40.0,
        "MONO",
        toulouse_geojson(),
    );
    let (status, answer) = api.post("/api/v1/attempts", &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["errorCode"], "E2203");
    let message = answer["message"].as_str().unwrap();
    assert!(
        message.contains("the accepted names are ONEDAY, ONENOW"),
        "{message}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn no_pass_at_all_is_a_500_no_sensor_available() {
    let sandbox = start(0).await;
    let api = Session::oneatlas(&sandbox).await;
    let pacific = json!({"type": "Polygon", "coordinates": [[
        [-150.0, 0.0], [-149.94, 0.0], [-149.94, 0.06], [-150.0, 0.06], [-150.0, 0.0]]]});
    let body = tasking_body(
        "CTR24000001",
        "PLEIADES",
        "ONEDAY",
        "2024-06-02T00:00:00.000Z",
        None,
        25.0,
        0.01,
        "MONO",
        pacific,
    );
    let (status, answer) = api.post("/api/v1/attempts", &body).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");
    assert_eq!(
        answer,
        json!({"errors": [{"code": "ERR_NO_SENSOR_AVAILABLE", "locator": "UNKNOWN"}]})
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn price_order_track_and_decide_acquisitions() {
    let sandbox = start(0).await;
    let mut api = Session::oneatlas(&sandbox).await;
    let contract = "CTR24000001";

    // OneDay: attempts, then a price for the first segment (56 EUR/km², the guide's rate).
    let body = tasking_body(
        contract,
        "PLEIADES",
        "ONEDAY",
        "2024-06-02T00:00:00.000Z",
        None,
        25.0,
        40.0,
        "MONO",
        toulouse_geojson(),
    );
    let (_, attempts) = api.post("/api/v1/attempts", &body).await;
    let key = prog(&attempts, 0, 0)["segments"][0]["segmentKey"]
        .as_str()
        .unwrap()
        .to_string();
    let props = json!([{"key": "extendedAngle", "value": true}, {"key": "comments", "value": "Pleiades OneDay"}]);
    let oneday = order_body(
        contract,
        "PleiadesTaskingOneDay",
        toulouse_geojson(),
        props.clone(),
        Some(&key),
        "oneday ref",
    );
    let (status, price) = api.post("/api/v1/prices", &oneday).await;
    assert_eq!(status, StatusCode::CREATED, "{price}");
    assert_eq!(price["currency"], "EUR");
    let area = price["productTypes"][0]["areaKm2"].as_f64().unwrap();
    assert!((130.0..135.0).contains(&area), "{price}");
    assert_eq!(
        price["totalAmount"].as_f64().unwrap(),
        (area * 56.0 * 100.0).round() / 100.0
    );

    // A tampered key and a missing key (manual) get no price.
    let mut tampered = oneday.clone();
    tampered["items"][0]["segmentKey"] = json!(key.replace("acqPeriod", "acqPeriodX"));
    let (status, _) = api.post("/api/v1/prices", &tampered).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut manual = oneday.clone();
    manual["items"][0]["segmentKey"] = Value::Null;
    let (status, refused) = api.post("/api/v1/prices", &manual).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        refused["message"].as_str().unwrap().contains("AUTOMATIC"),
        "{refused}"
    );

    // A OnePlan over 34 days, automatic: priced, then ordered.
    let period = "2024-06-02T00:00:00.000Z 2024-07-05T23:59:59.999Z";
    let oneplan = order_body(
        contract,
        "PleiadesTaskingOnePlan",
        toulouse_geojson(),
        oneplan_properties(period, 10, "AUTOMATIC", "CHALLENGING"),
        None,
        "oneplan ref",
    );
    let (status, price) = api.post("/api/v1/prices", &oneplan).await;
    assert_eq!(status, StatusCode::CREATED, "{price}");
    let total = price["totalAmount"].as_f64().unwrap();
    let credit_before = contract_credit(&api, contract).await;
    let (status, order) = api.post("/api/v1/orders", &oneplan).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    assert!(order["salesOrderId"].as_str().unwrap().starts_with("SAL"));
    assert_eq!(order["totalAmount"].as_f64().unwrap(), total);
    let credit_after = contract_credit(&api, contract).await;
    assert!((credit_before - credit_after - total).abs() < 0.01);

    // The order POST was sent once, with the guide's body.
    let log = request_log(&api.base).await;
    let orders: Vec<&Value> = log
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/api/v1/orders")
        .collect();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["body"]["customerReference"], "oneplan ref");
    assert_eq!(orders[0]["status"], 201);

    let (status, list) = api
        .get(&format!(
            "/api/v1/contracts/{contract}/taskings?customerRef=oneplan%20ref"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["taskings"].as_array().unwrap().len(), 1);
    let icr = &list["taskings"][0]["icr"];
    assert_eq!(icr["status"], "In Progress");
    assert_eq!(icr["progTypeName"], "OnePlan");
    assert_eq!(icr["nbTotalSegments"], 0);
    assert!(icr["taskingProgress"]["orderedArea"].as_f64().unwrap() > 1.3e8);
    let id = icr["id"].as_str().unwrap().to_string();
    let segments_path = format!("/api/v1/contracts/{contract}/taskings/{id}/segments");

    // Three days later, acquisitions have appeared.
    api.advance(3 * 86_400).await;
    let (_, segments) = api.get(&segments_path).await;
    assert!(
        !segments["segments"].as_array().unwrap().is_empty(),
        "{segments}"
    );

    // Go on until a proposal waits for the customer; accept it: the validated area grows.
    let mut proposed = None;
    for _ in 0..30 {
        let (_, segments) = api.get(&segments_path).await;
        proposed = segments["segments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == "Proposed")
            .cloned();
        if proposed.is_some() {
            break;
        }
        api.advance(86_400).await;
    }
    let proposed = proposed.expect("a proposed acquisition within the window");
    assert!(proposed["asDetail1"]["clearSkyRate"].as_f64().unwrap() < 90.0);
    assert_eq!(proposed["asDetail1"]["footprint"]["type"], "Polygon");
    let sid = proposed["id"].as_str().unwrap();
    let validated = |list: &Value| {
        list["taskings"][0]["icr"]["taskingProgress"]["validatedArea"]
            .as_f64()
            .unwrap()
    };
    let (_, before) = api
        .get(&format!("/api/v1/contracts/{contract}/taskings/{id}"))
        .await;
    let (status, accepted) = api
        .post(&format!("{segments_path}/{sid}/accept"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["status"], "Accepted");
    let (_, after) = api
        .get(&format!("/api/v1/contracts/{contract}/taskings/{id}"))
        .await;
    assert!(
        validated(&after) > validated(&before),
        "{before} -> {after}"
    );
    let (status, _) = api
        .post(&format!("{segments_path}/{sid}/refuse"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The same order posted again is another order (no deduplication, like the real service).
    let (status, again) = api.post("/api/v1/orders", &oneplan).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(again["salesOrderId"], order["salesOrderId"]);

    // Delivered imagery in the contract's workspace.
    let (_, contracts) = api.get("/api/v1/contracts").await;
    let workspace = contracts["contracts"][0]["delivery"][0]["deliveryWorkspace"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, delivered) = api
        .get(&format!("/api/v2/opensearch?workspace={workspace}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(delivered["type"], "FeatureCollection");
    assert!(!delivered["features"].as_array().unwrap().is_empty());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn cancel_is_refused_within_12_hours_of_the_window() {
    let sandbox = start(0).await;
    let api = Session::oneatlas(&sandbox).await;
    let contract = "CTR24000001";
    // The clock starts at 2024-06-01T06:00Z: a window at 12:00 the same day is 6 hours away.
    let soon = order_body(
        contract,
        "SpotTaskingOnePlan",
        toulouse_geojson(),
        oneplan_properties(
            "2024-06-01T12:00:00.000Z 2024-07-10T00:00:00.000Z",
            10,
            "AUTOMATIC",
            "CHALLENGING",
        ),
        None,
        "soon",
    );
    let (status, _) = api.post("/api/v1/orders", &soon).await;
    assert_eq!(status, StatusCode::CREATED);
    let later = order_body(
        contract,
        "SpotTaskingOnePlan",
        toulouse_geojson(),
        oneplan_properties(
            "2024-06-04T00:00:00.000Z 2024-07-10T00:00:00.000Z",
            10,
            "AUTOMATIC",
            "CHALLENGING",
        ),
        None,
        "later",
    );
    let (status, order) = api.post("/api/v1/orders", &later).await;
    assert_eq!(status, StatusCode::CREATED);
    let credit = contract_credit(&api, contract).await;

    let id_of = |list: Value| {
        list["taskings"][0]["icr"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let soon_id = id_of(
        api.get(&format!(
            "/api/v1/contracts/{contract}/taskings?customerRef=soon"
        ))
        .await
        .1,
    );
    let later_id = id_of(
        api.get(&format!(
            "/api/v1/contracts/{contract}/taskings?customerRef=later"
        ))
        .await
        .1,
    );

    let (status, refused) = api
        .post(
            &format!("/api/v1/contracts/{contract}/taskings/{soon_id}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        refused["message"].as_str().unwrap().contains("12 hours"),
        "{refused}"
    );
    let (status, stop) = api
        .post(
            &format!("/api/v1/contracts/{contract}/taskings/{soon_id}/stop"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{stop}");

    let (status, cancelled) = api
        .post(
            &format!("/api/v1/contracts/{contract}/taskings/{later_id}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["status"], "Canceled");
    let refunded = contract_credit(&api, contract).await;
    assert!((refunded - credit - order["totalAmount"].as_f64().unwrap()).abs() < 0.01);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn ordering_endpoints_are_paced_at_one_request_per_second() {
    let sandbox = start(1000).await;
    let api = Session::oneatlas(&sandbox).await;
    let (status, _) = api.get("/api/v1/contracts").await;
    assert_eq!(status, StatusCode::OK);
    let response = api
        .request(Method::GET, "/api/v1/contracts")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["internalCode"], 429);
    // The catalog and the token endpoint are not paced.
    let (status, _) = api.get("/api/v2/opensearch").await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1050)).await;
    let (status, _) = api.get("/api/v1/contracts").await;
    assert_eq!(status, StatusCode::OK);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn neo_quotation_order_and_coverage_items() {
    let sandbox = start(0).await;
    let mut api = Session::oneatlas(&sandbox).await;
    let contract = "CTR24000002";
    let body = tasking_body(
        contract,
        "PLEIADESNEO",
        "ONEDAY",
        "2024-06-02T00:00:00.000Z",
        None,
        25.0,
        40.0,
        "MONO",
        toulouse_geojson(),
    );
    let (status, attempts) = api.post("/api/v1/attempts", &body).await;
    assert_eq!(status, StatusCode::OK, "{attempts}");
    let segment = &prog(&attempts, 0, 0)["segments"][0];
    assert!(segment["id"].as_str().unwrap().starts_with("PNEO"));
    let key = segment["segmentKey"].as_str().unwrap();
    let request = order_body(
        contract,
        "PleiadesNeoOneDay",
        toulouse_geojson(),
        json!([]),
        Some(key),
        "neo ref",
    );

    let (status, legacy) = api
        .post(
            "/api/v1/quotations",
            &order_body(
                "CTR24000001",
                "PleiadesTaskingOneDay",
                toulouse_geojson(),
                json!([]),
                None,
                "x",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{legacy}");

    let (status, quotation) = api.post("/api/v1/quotations", &request).await;
    assert_eq!(status, StatusCode::CREATED, "{quotation}");
    let qid = quotation["quotationId"].as_str().unwrap().to_string();
    let search = json!({"paging": {"itemsPerPage": 25, "startIndex": 0, "pagingMode": "item"},
        "criteria": {"q": format!("(customerReference:*neo ref*) AND (quotationStatus:SENT) AND (contractId:{contract})")}});
    let (status, found) = api.post("/api/v2/orders/search", &search).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["paging"]["totalResults"], 1, "{found}");
    assert_eq!(found["features"][0]["quotationId"], qid);

    let (status, accepted) = api
        .put(&format!(
            "/api/v1/contracts/{contract}/quotations/{qid}/accept"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let item = accepted["orderItemIds"][0].as_str().unwrap().to_string();
    let (status, _) = api
        .put(&format!(
            "/api/v1/contracts/{contract}/quotations/{qid}/refuse"
        ))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let by_item = json!({"paging": {"itemsPerPage": 25, "startIndex": 0}, "criteria": {"q": format!("(orderItemId:{item}) AND (status:IN_PROGRESS)")}});
    let (_, found) = api.post("/api/v2/orders/search", &by_item).await;
    assert_eq!(found["paging"]["totalResults"], 1, "{found}");

    // Past the acquisition, a OneDay's coverage item is there.
    api.advance(8 * 86_400).await;
    let coverages = json!({"paging": {"itemsPerPage": 100, "startIndex": 0},
        "criteria": {"q": format!("(orderItemId:{item} AND contractId:{contract}) AND (status:VALIDATED OR status:PROPOSED OR status:REFUSED)")}});
    let (status, items) = api.post("/api/v1/coverages/search", &coverages).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(items["paging"]["totalResults"], 1, "{items}");
    assert_eq!(items["features"][0]["status"], "VALIDATED");
    let (status, _) = api
        .post(&format!("/api/v1/orders/{item}/cancel"), &json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    sandbox.shutdown().await;
}
