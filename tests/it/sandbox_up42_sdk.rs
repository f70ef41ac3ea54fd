//! The sandbox at the official UP42 SDK's paths and in its shapes (up42-py 4.3.0), over real HTTP
//! on 127.0.0.1, without Python: the SDK's login (`client_id=up42-sdk`, `scope=openid`, then the
//! userinfo), the tasking catalogue, a product's schema, estimates that follow the price per km²
//! and the minimum area, orders placed per AOI with per-feature errors, refusals in UP42's problem
//! body, and an order's coverage growing to delivery on the simulated clock.

use crate::common::{
    Service, Session, advance_clock, json_answer, start_sandbox, toulouse_geojson, unpaced,
};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const TOKEN: &str = "/realms/public/protocol/openid-connect/token";
const USERINFO: &str = "/realms/public/protocol/openid-connect/userinfo";
const PHR_DISPLAY: &str = "47dadb27-9532-4552-93a5-48f70a83eaef";
const NEO_DISPLAY: &str = "ce7360e8-d667-46cd-92cd-b456f5fb0702";
const WORKSPACE: &str = "096e3715-e908-473f-b527-d12af3e254b6";

/// The token request exactly as `up42/http/oauth.py` (`AccountTokenRetriever`) sends it.
async fn sdk_token(base: &str, client_id: &str, password: &str) -> (StatusCode, Value) {
    let request = Client::new().post(format!("{base}{TOKEN}")).form(&[
        ("grant_type", "password"),
        ("username", "sandbox@example.com"),
        ("password", password),
        ("client_id", client_id),
        ("scope", "openid"),
    ]);
    json_answer(request).await
}

fn features(geometries: &[Value]) -> Value {
    let features: Vec<Value> = geometries
        .iter()
        .map(|g| json!({"type": "Feature", "properties": {}, "geometry": g}))
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

fn bow_tie() -> Value {
    json!({"type": "Polygon", "coordinates": [[[2.0, 1.0], [1.0, 2.0], [1.0, 1.0], [2.0, 2.0], [2.0, 1.0]]]})
}

fn params() -> Value {
    json!({
        "acquisitionStart": "2030-01-02T00:00:00Z",
        "acquisitionEnd": "2030-01-30T00:00:00Z",
        "maxCloudCover": 20,
    })
}

#[tokio::test]
async fn the_sdk_logs_in_and_reads_its_userinfo() {
    let sandbox = start_sandbox(unpaced(None)).await;
    let base = sandbox.base_url();
    for client in ["up42-sdk", "up42-api"] {
        let (status, answer) = sdk_token(&base, client, "sandbox").await;
        assert_eq!(status, StatusCode::OK, "{client}: {answer}");
        assert_eq!(answer["token_type"], "Bearer");
    }
    // What the real service refuses stays refused.
    let (status, refused) = sdk_token(&base, "up42-sdk", "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused["error"], "invalid_grant");
    let (status, refused) = sdk_token(&base, "someone-else", "sandbox").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused["error"], "invalid_client");

    let (status, _) = json_answer(Client::new().get(format!("{base}{USERINFO}"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, token) = sdk_token(&base, "up42-sdk", "sandbox").await;
    let bearer = token["access_token"].as_str().unwrap();
    let (status, info) = json_answer(
        Client::new()
            .get(format!("{base}{USERINFO}"))
            .bearer_auth(bearer),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{info}");
    // `up42/base.py` keeps `sub` as the default workspace id.
    assert_eq!(info["sub"], WORKSPACE);
    assert_eq!(info["email"], "sandbox@example.com");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_catalogue_lists_tasking_collections_with_products_and_schemas() {
    let sandbox = start_sandbox(unpaced(None)).await;
    let mut up42 = Session::new(&sandbox, Service::Up42);
    up42.renew().await;
    let (status, page) = up42.get("/v2/collections?page=0").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalPages"], 1);
    let collections = page["content"].as_array().unwrap();
    let tasking: Vec<&Value> = collections
        .iter()
        .filter(|c| c["type"] == "TASKING")
        .collect();
    assert!(tasking.len() >= 3, "{page}");
    assert!(collections.iter().any(|c| c["type"] == "ARCHIVE"));
    let phr = tasking.iter().find(|c| c["name"] == "phr-tasking").unwrap();
    for integration in [
        "FEASIBILITY_STUDY_REQUIRED",
        "QUOTATION_REQUIRED",
        "PRICE_ESTIMATION_AVAILABLE",
    ] {
        assert!(
            phr["integrations"]
                .as_array()
                .unwrap()
                .contains(&json!(integration))
        );
    }
    // `Provider(**provider)`: exactly the keys the SDK's dataclass takes.
    let provider = phr["providers"][0].as_object().unwrap();
    let mut keys: Vec<&str> = provider.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["description", "name", "roles", "title"]);
    let resolution = phr["metadata"]["resolutionValue"].as_object().unwrap();
    assert!(resolution.keys().all(|k| k == "minimum" || k == "maximum"));
    let product = &phr["dataProducts"][0];
    for key in ["name", "title", "description", "id"] {
        assert!(product[key].is_string(), "{key} in {product}");
    }

    let id = product["id"].as_str().unwrap();
    let (status, schema) = up42.get(&format!("/orders/schema/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{schema}");
    assert_eq!(schema["type"], "object");
    assert!(
        schema["required"]
            .as_array()
            .unwrap()
            .contains(&json!("acquisitionEnd"))
    );
    assert_eq!(schema["properties"]["maxCloudCover"]["maximum"], 100);
    let (status, missing) = up42.get("/orders/schema/no-such-product").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["status"], 404);
    assert!(
        missing["detail"]
            .as_str()
            .unwrap()
            .contains("/v2/collections")
    );
    // The schema path needs a UP42 bearer like every other.
    let response = Client::new()
        .get(format!("{}/orders/schema/{id}", sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn estimates_follow_the_price_and_the_minimum_and_name_each_bad_aoi() {
    let sandbox = start_sandbox(unpaced(None)).await;
    let mut up42 = Session::new(&sandbox, Service::Up42);
    up42.renew().await;
    let small = json!({"type": "Polygon", "coordinates": [[[13.40, 52.50], [13.44, 52.50], [13.44, 52.52], [13.40, 52.52], [13.40, 52.50]]]});
    let body = json!({
        "dataProduct": PHR_DISPLAY,
        "displayName": "estimate",
        "params": params(),
        "featureCollection": features(&[toulouse_geojson(), bow_tie(), small]),
    });
    let (status, estimate) = up42.post("/v2/orders/estimate", &body).await;
    assert_eq!(status, StatusCode::OK, "{estimate}");
    let results = estimate["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    // `OrderCost(**result)`: exactly index, credits, size, unit.
    assert_eq!(results[0].as_object().unwrap().len(), 4);
    let size = results[0]["size"].as_f64().unwrap();
    assert!((130.0..135.0).contains(&size), "{estimate}");
    assert_eq!(results[0]["credits"], (size * 1000.0).round() as u64);
    assert_eq!(results[1]["index"], 2);
    assert_eq!(results[1]["size"], 25.0);
    assert_eq!(results[1]["credits"], 25_000);
    let errors = estimate["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["index"], 1);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("self_intersection")
    );
    assert_eq!(errors[0].as_object().unwrap().len(), 3);
    let summary = &estimate["summary"];
    assert_eq!(summary["unit"], "SQ_KM");
    assert_eq!(
        summary["totalCredits"].as_u64().unwrap(),
        results[0]["credits"].as_u64().unwrap() + 25_000
    );

    // A request-level fault is refused whole, in UP42's problem body.
    let cases = [
        (
            json!({"params": params()}),
            StatusCode::BAD_REQUEST,
            "dataProduct is required",
        ),
        (
            json!({"dataProduct": "nope", "displayName": "x", "params": params()}),
            StatusCode::NOT_FOUND,
            "not found",
        ),
        (
            json!({"dataProduct": PHR_DISPLAY, "displayName": "x", "params": {"acquisitionStart": "2030-01-02T00:00:00Z"}}),
            StatusCode::BAD_REQUEST,
            "params.acquisitionEnd is required",
        ),
        (
            json!({"dataProduct": PHR_DISPLAY, "displayName": "x", "params": params()}),
            StatusCode::BAD_REQUEST,
            "featureCollection is required",
        ),
        (
            json!({"dataProduct": PHR_DISPLAY, "displayName": "x", "params": params(), "featureCollection": toulouse_geojson()}),
            StatusCode::BAD_REQUEST,
            "FeatureCollection",
        ),
    ];
    for (body, expected, words) in cases {
        let (status, refused) = up42.post("/v2/orders/estimate", &body).await;
        assert_eq!(status, expected, "{body}: {refused}");
        assert_eq!(refused["status"], expected.as_u16());
        assert!(
            refused["detail"].as_str().unwrap().contains(words),
            "{refused}"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_order_without_study_is_quoted_then_acquired_and_delivered() {
    let sandbox = start_sandbox(unpaced(None)).await;
    let base = sandbox.base_url();
    let mut up42 = Session::new(&sandbox, Service::Up42);
    up42.renew().await;
    let body = json!({
        "dataProduct": NEO_DISPLAY,
        "displayName": "Neo Toulouse",
        "params": params(),
        "featureCollection": features(&[toulouse_geojson(), bow_tie()]),
        "tags": ["a", "b"],
    });
    let (status, placed) = up42
        .post(&format!("/v2/orders?workspaceId={WORKSPACE}"), &body)
        .await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    assert_eq!(placed["results"].as_array().unwrap().len(), 1);
    assert_eq!(placed["errors"][0]["index"], 1);
    let id = placed["results"][0]["id"].as_str().unwrap().to_string();
    let (_, order) = up42.get(&format!("/v2/orders/{id}")).await;
    assert_eq!(order["status"], "CREATED");
    assert_eq!(
        order["orderDetails"]["subStatus"],
        "QUOTATION_WAITING_UPLOAD"
    );
    assert_eq!(order["orderDetails"]["maxCloudCover"], 20);
    assert_eq!(order["orderDetails"]["geometry"]["type"], "Polygon");
    assert_eq!(order["tags"], json!(["a", "b"]));
    let (_, waiting) = up42
        .get("/v2/orders?subStatus=QUOTATION_WAITING_UPLOAD&type=TASKING")
        .await;
    assert_eq!(waiting["totalElements"], 1, "{waiting}");
    // The SDK's other filters: ids and budgets comma-separated, tags.
    for (query, expected) in [
        (format!("orderIds={id},nope"), 1),
        ("orderIds=nope".to_string(), 0),
        ("tags=b".to_string(), 1),
        ("tags=c".to_string(), 0),
        ("budgetIds=some-budget".to_string(), 0),
    ] {
        let (_, found) = up42.get(&format!("/v2/orders?{query}")).await;
        assert_eq!(found["totalElements"], expected, "{query}: {found}");
    }

    advance_clock(&base, 3601).await;
    up42.renew().await;
    let (_, studies) = up42
        .get(&format!("/v2/tasking/feasibility-studies?orderId={id}"))
        .await;
    assert_eq!(studies["totalElements"], 0);
    // Every sort the SDK offers is taken (`FeasibilityStudySorting`, `QuotationSorting`).
    for path in [
        "/v2/tasking/feasibility-studies?sort=decisionAt,desc",
        "/v2/tasking/quotation?sort=decisionAt,asc",
        "/v2/orders?sort=type,asc",
        "/v2/collections?sort=title,desc",
    ] {
        let (status, page) = up42.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {page}");
    }
    let (_, quotations) = up42
        .get(&format!("/v2/tasking/quotation?orderId={id}"))
        .await;
    let quotation = &quotations["content"][0];
    let (_, order) = up42.get(&format!("/v2/orders/{id}")).await;
    assert_eq!(
        order["orderDetails"]["subStatus"],
        "QUOTATION_WAITING_RESPONSE"
    );
    // Pléiades Neo: 2,200 credits per km² of the AOI.
    let credits = quotation["creditsPrice"].as_f64().unwrap();
    assert!((286_000.0..297_000.0).contains(&credits), "{quotation}");
    let path = format!(
        "/v2/tasking/quotation/{}",
        quotation["id"].as_str().unwrap()
    );
    let (status, _) = up42
        .patch(&path, "application/json", &json!({"decision": "ACCEPTED"}))
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, coverage) = up42.get(&format!("/v2/coverage/orders/{id}")).await;
    assert_eq!(coverage["covered"]["percentage"], 0.0);
    assert_eq!(coverage["remainder"]["percentage"], 100.0);
    advance_clock(&base, 86_401).await;
    up42.renew().await;
    let (_, order) = up42.get(&format!("/v2/orders/{id}")).await;
    assert_eq!(order["status"], "BEING_FULFILLED");
    let (_, coverage) = up42.get(&format!("/v2/coverage/orders/{id}")).await;
    let share = coverage["covered"]["percentage"].as_f64().unwrap();
    assert!((40.0..60.0).contains(&share), "{coverage}");
    assert_eq!(coverage["covered"]["geometry"]["type"], "Polygon");
    advance_clock(&base, 2 * 86_400 + 1).await;
    up42.renew().await;
    let (_, order) = up42.get(&format!("/v2/orders/{id}")).await;
    assert_eq!(order["status"], "FULFILLED");
    let (_, coverage) = up42.get(&format!("/v2/coverage/orders/{id}")).await;
    assert_eq!(coverage["covered"]["percentage"], 100.0);
    let (status, missing) = up42.get("/v2/coverage/orders/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing["detail"].as_str().unwrap().contains("nope"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_order_is_retagged_and_canceled_only_while_created() {
    let sandbox = start_sandbox(unpaced(None)).await;
    let base = sandbox.base_url();
    let mut up42 = Session::new(&sandbox, Service::Up42);
    up42.renew().await;
    let body = json!({
        "dataProduct": PHR_DISPLAY,
        "displayName": "to cancel",
        "params": params(),
        "featureCollection": features(&[toulouse_geojson()]),
    });
    let place = format!("/v2/orders?workspaceId={WORKSPACE}");
    let (_, placed) = up42.post(&place, &body).await;
    let id = placed["results"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/v2/orders/{id}");
    let patch = "application/merge-patch+json";
    let (status, order) = up42.patch(&path, patch, &json!({"tags": ["x"]})).await;
    assert_eq!(status, StatusCode::OK, "{order}");
    assert_eq!(order["tags"], json!(["x"]));
    let (status, refused) = up42
        .patch(&path, patch, &json!({"budgetId": "some-budget"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(refused["detail"].as_str().unwrap().contains("no budgets"));

    // The study arrives, then the order is canceled: the study can no longer be decided.
    advance_clock(&base, 3601).await;
    up42.renew().await;
    let (_, studies) = up42
        .get(&format!("/v2/tasking/feasibility-studies?orderId={id}"))
        .await;
    let study = studies["content"][0].clone();
    let (status, canceled) = up42
        .post(&format!("{path}/cancellation"), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK, "{canceled}");
    assert_eq!(canceled, json!({"orderId": id, "status": "CANCELED"}));
    let (status, again) = up42
        .post(&format!("{path}/cancellation"), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(again["detail"].as_str().unwrap().contains("CANCELED"));
    let option = study["options"][0]["id"].as_str().unwrap();
    let (status, refused) = up42
        .patch(
            &format!(
                "/v2/tasking/feasibility-studies/{}",
                study["id"].as_str().unwrap()
            ),
            "application/json",
            &json!({"acceptedOptionId": option}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused["detail"].as_str().unwrap().contains("canceled"));
    sandbox.shutdown().await;
}
