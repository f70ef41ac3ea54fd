//! The typed clients against the sandbox over loopback: the whole legacy flow, the Pléiades Neo
//! quotation flow and the UP42 quotation flow, plus a token that expires mid-flow.

use crate::common::spending::{OneAtlasSpends, Up42Spends};
use std::time::Duration;

use crate::common::{
    advance_clock, client_options, oneatlas_client, request_log, start_sandbox, unpaced,
};
use sattask::aoi::Aoi;
use sattask::aoi::formats::import_file;
use sattask::api::ids::{ContractId, ProductTypeId, QuotationId};
use sattask::api::oneatlas::models::*;
use sattask::api::oneatlas::{OneAtlasClient, TaskingFilter};
use sattask::api::up42::models::QuotationQuery;
use sattask::api::up42::{Decision, Up42Client};
use sattask::api::{ApiError, ClientOptions, Hosts};
use sattask::sandbox::Sandbox;
use secrecy::SecretString;
use time::OffsetDateTime;
use time::macros::datetime;

const START: OffsetDateTime = datetime!(2026-12-01 00:00 UTC);

async fn sandbox() -> Sandbox {
    start_sandbox(unpaced(Some(START))).await
}

fn options() -> ClientOptions {
    client_options(Duration::from_secs(10), 3)
}

fn oneatlas(sandbox: &Sandbox) -> OneAtlasClient {
    oneatlas_client(&sandbox.base_url(), "sandbox", &options())
}

fn toulouse() -> Aoi {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rules/valid.geojson"
    );
    import_file(std::path::Path::new(path))
        .unwrap()
        .aois()
        .next()
        .unwrap()
        .clone()
}

fn window(
    aoi: &Aoi,
    contract: &ContractId,
    mission: &str,
    offer: &str,
    days: i64,
) -> FeasibilityRequest {
    FeasibilityRequest {
        acquisition_date: AcquisitionDate {
            start_date: Some(START + time::Duration::days(1)),
            end_date: Some(START + time::Duration::days(1 + days)),
        },
        contract_id: contract.clone(),
        missions: vec![sattask::aoi::mission::Mission::parse(mission).unwrap()],
        optical: Optical {
            acquisition_mode: sattask::aoi::mission::AcquisitionMode::Mono,
            max_cloud_cover: 20.0,
            max_incidence_angle: 30.0,
        },
        prog_type_names: vec![offer.to_owned()],
        aoi: GeoPolygon::from_aoi(aoi),
    }
}

fn order_body(
    aoi: &Aoi,
    contract: &ContractId,
    product: &str,
    segment_key: Option<String>,
    properties: Vec<KeyValue>,
    reference: &str,
) -> OrderRequest {
    let spectral = if product.starts_with("PleiadesNeo") {
        "pansharpened"
    } else {
        "pansharpened_natural_color"
    };
    let options = [
        ("processing_level", "ortho"),
        ("spectral_processing", spectral),
        ("radiometric_processing", "basic"),
        ("image_format", "dimap_jpeg2000_regular"),
        ("pixel_coding", "8bits"),
        ("projection_1", "4326"),
        ("licence", "standard"),
        ("dem", "best_available"),
    ];
    OrderRequest {
        aoi: vec![OrderAoi {
            id: 1,
            name: Some(aoi.name.clone()),
            geometry: GeoPolygon::from_aoi(aoi),
        }],
        program_reference: None,
        contract_id: contract.clone(),
        items: vec![OrderItem {
            product_type_id: ProductTypeId::from(product),
            aoi_id: 1,
            properties,
            comments: Some("sattask test".to_owned()),
            segment_key,
            data_source_ids: None,
            notifications: None,
            extra: Default::default(),
        }],
        primary_market: Some("NQUAL".to_owned()),
        secondary_market: None,
        customer_reference: Some(reference.to_owned()),
        options_per_product_type: vec![OptionsPerProductType {
            product_type_id: ProductTypeId::from(product),
            options: options.iter().map(|(k, v)| KeyValue::new(k, *v)).collect(),
            extra: Default::default(),
        }],
        delivery: None,
        end_users: None,
        extra: Default::default(),
    }
}

#[tokio::test]
async fn the_whole_legacy_flow() {
    let sandbox = sandbox().await;
    let client = oneatlas(&sandbox);
    let aoi = toulouse();

    let contracts = client.contracts().await.unwrap();
    let legacy = contracts.contracts.iter().find(|c| !c.is_neo()).unwrap();
    assert!(legacy.credit_remaining.number().unwrap() > 0.0);
    let contract = legacy.contract_id.clone();

    let types = client.product_types(&contract).await.unwrap();
    let oneday = types
        .product_types
        .iter()
        .find(|p| p.product_type_id.as_str() == "PleiadesTaskingOneDay")
        .unwrap();
    assert_eq!(oneday.minimum_order_area_applied.number(), Some(100.0));

    let options = client
        .options(&contract, &oneday.product_type_id, &aoi)
        .await
        .unwrap();
    let projection = options
        .available_options
        .iter()
        .find(|o| o.name == "projection_1")
        .unwrap();
    assert!(projection.applies(&[("processing_level".to_owned(), "ortho".to_owned())]));
    assert!(!projection.applies(&[("processing_level".to_owned(), "primary".to_owned())]));

    // OnePlan over 60 days: automatic and easy; SPOT OneDay on an 89 km² AOI: under its minimum
    // (OneDay is asked of the attempts: the guide's Step 3 takes ONEPLAN only for SPOT).
    let feasibility = client
        .feasibility(&window(&aoi, &contract, "PLEIADES", "ONEPLAN", 60))
        .await
        .unwrap();
    let oneplan = feasibility.offers().next().unwrap();
    let verdict = oneplan.feasibility.as_ref().unwrap();
    assert!(verdict.is_automatic(), "{verdict:?}");
    assert_eq!(verdict.classification.as_deref(), Some("EASY"));
    let spot = client
        .attempts(&window(&aoi, &contract, "SPOT", "ONEDAY", 7))
        .await
        .unwrap();
    let spot = spot.offers().next().unwrap();
    assert!(!spot.available);
    assert_eq!(spot.errors[0].code, "ERR_MIN_AOI_AREA");

    // Attempts: real passes, within the angle asked, footprints around the AOI.
    let mut request = window(&aoi, &contract, "PLEIADES", "ONEDAY", 7);
    request.acquisition_date.end_date = None;
    let attempts = client.attempts(&request).await.unwrap();
    let segments = &attempts.offers().next().unwrap().segments;
    assert!(segments.len() >= 3, "{} attempts", segments.len());
    for segment in segments {
        assert!(segment.incidence_angle.number().unwrap() <= 30.0);
        assert!(segment.footprint.get().unwrap().geometry.ring.len() >= 4);
        assert!(segment.order_deadline().unwrap() < segment.acquisition_start().unwrap());
    }
    let chosen = segments[0].clone();

    // Price and order with the segment key, verbatim.
    let body = order_body(
        &aoi,
        &contract,
        "PleiadesTaskingOneDay",
        Some(chosen.segment_key.clone()),
        vec![KeyValue::new(
            "extendedAngle",
            chosen.extended_angle.unwrap_or(false),
        )],
        "flow-legacy-1",
    );
    let price = client.price(&body).await.unwrap();
    assert_eq!(
        price.product_types[0].area_km2,
        Some(100.0),
        "billed at the minimum invoiced area"
    );
    assert_eq!(price.total_amount, 5600.0);
    let order = client.order_once(&body).await.unwrap();
    assert!(!order.sales_order_id.unwrap().as_str().is_empty());
    let orders_sent: Vec<_> = request_log(&sandbox.base_url())
        .await
        .into_iter()
        .filter(|r| r["path"] == "/api/v1/orders")
        .collect();
    assert_eq!(orders_sent.len(), 1, "the order was sent exactly once");
    assert_eq!(
        orders_sent[0]["body"]["items"][0]["segmentKey"],
        chosen.segment_key.as_str()
    );
    assert_eq!(orders_sent[0]["body"], serde_json::to_value(&body).unwrap());

    // Tracking: the tasking is found by its reference; cancelling within 12 h of the window is refused.
    let filter = TaskingFilter {
        customer_ref: Some("flow-legacy-1".to_owned()),
        ..TaskingFilter::default()
    };
    let taskings = client.taskings(&contract, &filter).await.unwrap();
    assert_eq!(taskings.taskings.len(), 1);
    let tasking = taskings.taskings[0].icr.id.clone();
    let six_hours_before = chosen.acquisition_start().unwrap() - time::Duration::hours(6) - START;
    advance_clock(
        &sandbox.base_url(),
        six_hours_before.whole_seconds().try_into().unwrap(),
    )
    .await;
    let error = client
        .end_tasking_once(&contract, &tasking, false)
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Refused { .. }), "{error}");
    assert!(error.to_string().contains("12"), "{error}");
    advance_clock(&sandbox.base_url(), 8 * 86_400).await;
    let acquired = client.segments(&contract, &tasking).await.unwrap();
    assert!(
        !acquired.segments.is_empty(),
        "an acquisition appeared as the clock passed it"
    );

    // A OnePlan tasking: acquisitions are proposed; accept one, refuse another; validated area grows.
    let mut plan = order_body(
        &aoi,
        &contract,
        "PleiadesTaskingOnePlan",
        None,
        Vec::new(),
        "flow-legacy-2",
    );
    let now = START + six_hours_before + time::Duration::days(8);
    plan.items[0].properties = vec![
        KeyValue::new("acquisitionMode", "MONO"),
        KeyValue::new("classification", "EASY"),
        KeyValue::new("feasibilityAutomation", "AUTOMATIC"),
        KeyValue::new("feasibilityAutomationName", "AutomaticTasking60"),
        KeyValue::new("maxCloudCover", 10),
        KeyValue::new("maxIncidenceAngle", 30),
        KeyValue::new(
            "acqPeriod",
            format!(
                "{} {}",
                api_date(now + time::Duration::days(2)),
                api_date(now + time::Duration::days(92))
            ),
        ),
    ];
    client.order_once(&plan).await.unwrap();
    let filter = TaskingFilter {
        customer_ref: Some("flow-legacy-2".to_owned()),
        ..TaskingFilter::default()
    };
    let tasking = client.taskings(&contract, &filter).await.unwrap().taskings[0]
        .icr
        .id
        .clone();
    advance_clock(&sandbox.base_url(), 40 * 86_400).await;
    let list = client.segments(&contract, &tasking).await.unwrap();
    let proposed: Vec<_> = list
        .segments
        .iter()
        .filter(|s| {
            s.status
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("proposed"))
        })
        .collect();
    assert!(
        proposed.len() >= 2,
        "statuses: {:?}",
        list.segments
            .iter()
            .map(|s| s.status.clone())
            .collect::<Vec<_>>()
    );
    let before = client.taskings(&contract, &filter).await.unwrap().taskings[0]
        .icr
        .tasking_progress
        .clone()
        .unwrap();
    client
        .decide_segment_once(&contract, &tasking, &proposed[0].id, true)
        .await
        .unwrap();
    client
        .decide_segment_once(&contract, &tasking, &proposed[1].id, false)
        .await
        .unwrap();
    let after = client.taskings(&contract, &filter).await.unwrap().taskings[0]
        .icr
        .tasking_progress
        .clone()
        .unwrap();
    assert!(
        after.validated_area > before.validated_area,
        "{before:?} -> {after:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_tasking_far_ahead_can_be_cancelled() {
    let sandbox = sandbox().await;
    let client = oneatlas(&sandbox);
    let aoi = toulouse();
    let contract = ContractId::from("CTR24000001");
    let mut plan = order_body(
        &aoi,
        &contract,
        "PleiadesTaskingOnePlan",
        None,
        Vec::new(),
        "far-ahead",
    );
    plan.items[0].properties = vec![
        KeyValue::new("classification", "EASY"),
        KeyValue::new("feasibilityAutomation", "AUTOMATIC"),
        KeyValue::new(
            "acqPeriod",
            format!(
                "{} {}",
                api_date(START + time::Duration::days(10)),
                api_date(START + time::Duration::days(80))
            ),
        ),
    ];
    client.order_once(&plan).await.unwrap();
    let filter = TaskingFilter {
        customer_ref: Some("far-ahead".to_owned()),
        ..TaskingFilter::default()
    };
    let tasking = client.taskings(&contract, &filter).await.unwrap().taskings[0]
        .icr
        .id
        .clone();
    client
        .end_tasking_once(&contract, &tasking, false)
        .await
        .unwrap();
    let status = client.taskings(&contract, &filter).await.unwrap().taskings[0]
        .icr
        .status
        .clone()
        .unwrap();
    assert!(status.to_ascii_lowercase().contains("cancel"), "{status}");
}

#[tokio::test]
async fn no_pass_at_all_is_no_sensor_available() {
    let sandbox = sandbox().await;
    let client = oneatlas(&sandbox);
    // Mid-Pacific at 84° north, 17 km × 22 km: beyond every orbit's reach.
    let c = |x: f64, y: f64| sattask::aoi::LonLat { x, y };
    let aoi = Aoi::new(
        "arctic",
        vec![
            c(-160.0, 84.0),
            c(-158.5, 84.0),
            c(-158.5, 84.2),
            c(-160.0, 84.2),
            c(-160.0, 84.0),
        ],
    );
    let mut request = window(
        &aoi,
        &ContractId::from("CTR24000001"),
        "PLEIADES",
        "ONEDAY",
        7,
    );
    request.acquisition_date.end_date = None;
    let error = client.attempts(&request).await.unwrap_err();
    assert!(matches!(error, ApiError::NoSensorAvailable), "{error}");
}

#[tokio::test]
async fn an_invalid_aoi_is_refused_naming_the_rule() {
    let sandbox = sandbox().await;
    let client = oneatlas(&sandbox);
    let mut aoi = toulouse();
    aoi.ring.swap(1, 2);
    let error = client
        .feasibility(&window(
            &aoi,
            &ContractId::from("CTR24000001"),
            "PLEIADES",
            "ONEPLAN",
            60,
        ))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("self_intersection"), "{error}");
}

#[tokio::test]
async fn a_token_that_expires_mid_flow_is_renewed() {
    let sandbox = sandbox().await;
    let client = oneatlas(&sandbox);
    client.contracts().await.unwrap();
    // The sandbox's clock jumps past the token's hour: the cached token is refused once, renewed, and the call goes through.
    advance_clock(&sandbox.base_url(), 2 * 3600).await;
    client
        .product_types(&ContractId::from("CTR24000001"))
        .await
        .unwrap();
    assert_eq!(client.tokens().fetch_count(), 2);
    let statuses: Vec<_> = request_log(&sandbox.base_url())
        .await
        .into_iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with("/productTypes"))
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        vec![serde_json::json!(401), serde_json::json!(200)]
    );
}

#[tokio::test]
async fn fifty_parallel_callers_get_one_token_from_the_sandbox() {
    let sandbox = sandbox().await;
    let client = oneatlas(&sandbox);
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.contracts().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let tokens = request_log(&sandbox.base_url())
        .await
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .ends_with("/openid-connect/token")
        })
        .count();
    assert_eq!(tokens, 1);
}

#[tokio::test]
async fn the_neo_quotation_flow() {
    let sandbox = sandbox().await;
    let client = oneatlas(&sandbox);
    let aoi = toulouse();
    let contract = ContractId::from("CTR24000002");
    let mut request = window(&aoi, &contract, "PLEIADESNEO", "ONEDAY", 7);
    request.acquisition_date.end_date = None;
    let attempts = client.attempts(&request).await.unwrap();
    let segment = attempts.offers().next().unwrap().segments[0].clone();
    let body = order_body(
        &aoi,
        &contract,
        "PleiadesNeoOneDay",
        Some(segment.segment_key),
        Vec::new(),
        "neo-1",
    );
    let quotation = client.request_quotation_once(&body).await.unwrap();
    let id = QuotationId(quotation["quotationId"].as_str().unwrap().to_owned());
    let found = client
        .search_orders(&SearchRequest::new(
            format!("(contractId:{contract}) AND (cis.quotation:{id})"),
            25,
            0,
        ))
        .await
        .unwrap();
    assert!(found.to_string().contains(id.as_str()), "{found}");
    let accepted = client
        .decide_quotation_once(&contract, &id, true)
        .await
        .unwrap();
    assert!(accepted["salesOrderId"].is_string(), "{accepted}");
    let again = client
        .decide_quotation_once(&contract, &id, true)
        .await
        .unwrap_err();
    assert!(
        matches!(again, ApiError::Refused { status: 409, .. }),
        "{again}"
    );
}

#[tokio::test]
async fn the_up42_quotation_flow() {
    let sandbox = sandbox().await;
    let client = Up42Client::new(
        Hosts::all_at(&sandbox.base_url()),
        "sandbox@example.com".to_owned(),
        SecretString::from("sandbox".to_owned()),
        &options(),
    )
    .unwrap();
    let first = client
        .quotations(&QuotationQuery {
            size: Some(2),
            ..QuotationQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(first.content.len(), 2);
    assert!(first.first && !first.last && first.total_pages >= 3);
    let last = client
        .quotations(&QuotationQuery {
            size: Some(2),
            page: Some(first.total_pages - 1),
            ..QuotationQuery::default()
        })
        .await
        .unwrap();
    assert!(last.last);
    let open = client
        .quotations(&QuotationQuery {
            decision: vec!["NOT_DECIDED".to_owned()],
            ..QuotationQuery::default()
        })
        .await
        .unwrap();
    let target = open.content[0].clone();
    assert!(target.is_undecided());
    let decided = client
        .decide_quotation_once(&target.id, Decision::Accepted)
        .await
        .unwrap();
    assert_eq!(decided.decision.as_deref(), Some("ACCEPTED"));
    let again = client
        .decide_quotation_once(&target.id, Decision::Rejected)
        .await
        .unwrap_err();
    assert!(matches!(again, ApiError::Refused { .. }), "{again}");
    let sent: Vec<_> = request_log(&sandbox.base_url())
        .await
        .into_iter()
        .filter(|r| r["method"] == "PATCH")
        .collect();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["contentType"], "application/merge-patch+json");
}
