//! The sandbox's control side over real HTTP on 127.0.0.1: the clock, injected faults (503,
//! dropped connections), the request log, reset, and the state file surviving a restart.

use crate::common::{
    Session, access_token, advance_clock, oneatlas_token, request_log, sandbox_clock,
    start_sandbox, toulouse_geojson, unpaced, up42_token,
};
use reqwest::{Client, Method, StatusCode};
use sattask::sandbox::{Faults, SandboxConfig};
use serde_json::{Value, json};
use time::macros::datetime;

async fn put(client: &Client, url: String, body: Value) -> Value {
    let response = client.put(url).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn faults_clock_log_and_reset() {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2024-06-01 06:00:00 UTC)))).await;
    let base = sandbox.base_url();
    let client = Client::new();

    let clock = sandbox_clock(&base).await;
    assert!(
        clock["now"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-01T06:00")
    );
    let advanced: Value = advance_clock(&base, 86_400).await.json().await.unwrap();
    assert!(
        advanced["now"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-02T06:00")
    );

    let api = Session::oneatlas(&sandbox).await;

    // Every request fails with 503; the control endpoints do not.
    put(
        &client,
        format!("{base}/sandbox/faults"),
        json!({"error_rate": 1.0}),
    )
    .await;
    let response = api
        .request(Method::GET, "/api/v1/contracts")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({"code": "UNEXPECTED_SERVER_ERROR"}));

    // Every connection is closed without an answer.
    put(
        &client,
        format!("{base}/sandbox/faults"),
        json!({"drop_rate": 1.0}),
    )
    .await;
    for _ in 0..4 {
        let dropped = api.request(Method::GET, "/api/v1/contracts").send().await;
        match dropped {
            Err(_) => {}
            // A dropped body surfaces when it is read.
            Ok(response) => {
                let status = response.status();
                let headers = format!("{:?}", response.headers());
                let bytes = response.bytes().await;
                assert!(bytes.is_err(), "{status} {headers} {bytes:?}");
            }
        }
    }

    // Latency.
    put(
        &client,
        format!("{base}/sandbox/faults"),
        json!({"latency_ms": 200}),
    )
    .await;
    let started = std::time::Instant::now();
    let response = api
        .request(Method::GET, "/api/v1/contracts")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(200));
    let faults = put(&client, format!("{base}/sandbox/faults"), json!({})).await;
    assert_eq!(
        faults,
        json!({"latency_ms": 0, "error_rate": 0.0, "drop_rate": 0.0})
    );
    let response = client
        .put(format!("{base}/sandbox/faults"))
        .json(&json!({"error_rate": 2.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // The log saw them all, the dropped ones without a status; token bodies are not kept.
    let requests = request_log(&base).await;
    assert_eq!(
        requests[0]["path"],
        "/auth/realms/IDP/protocol/openid-connect/token"
    );
    assert!(requests[0]["body"].is_null());
    assert!(
        requests
            .iter()
            .any(|r| r["status"] == 503 && r["outcome"] == "fault_error")
    );
    let dropped = requests.iter().filter(|r| r["status"].is_null()).count();
    assert_eq!(dropped, 4);

    // Reset: back to the seeded state, the log emptied.
    let response = client
        .post(format!("{base}/sandbox/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(request_log(&base).await, Vec::<Value>::new());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("sandbox-state.json");
    let config = SandboxConfig {
        state_file: Some(path.clone()),
        ..unpaced(Some(datetime!(2024-06-01 06:00:00 UTC)))
    };
    let sandbox = start_sandbox(config.clone()).await;
    let base = sandbox.base_url();
    let client = Client::new();
    advance_clock(&base, 7200).await;
    let api = Session::oneatlas(&sandbox).await;
    let quotation: Value = client
        .get(format!("{base}/v2/tasking/quotation?decision=NOT_DECIDED"))
        .bearer_auth(access_token(&up42_token(&base, "sandbox").await.1))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(quotation["totalElements"], 3);
    // A change through the API is saved at once.
    let order = json!({
        "aoi": [{"id": 1, "name": "Polygon 1", "geometry": toulouse_geojson()}],
        "contractId": "CTR24000001",
        "items": [{"productTypeId": "SpotTaskingOnePlan", "aoiId": 1, "properties": [
            {"key": "acquisitionMode", "value": "MONO"},
            {"key": "feasibilityAutomation", "value": "AUTOMATIC"},
            {"key": "classification", "value": "EASY"},
            {"key": "maxCloudCover", "value": 10},
            {"key": "maxIncidenceAngle", "value": 50},
            {"key": "acqPeriod", "value": "2024-06-05T00:00:00.000Z 2024-08-05T00:00:00.000Z"}]}],
        "customerReference": "persisted",
        "optionsPerProductType": [{"productTypeId": "SpotTaskingOnePlan", "options": [
            {"key": "spectral_processing", "value": "bundle"},
            {"key": "radiometric_processing", "value": "reflectance"},
            {"key": "image_format", "value": "dimap_jpeg2000_regular"},
            {"key": "pixel_coding", "value": "12bits"},
            {"key": "processing_level", "value": "primary"},
            {"key": "licence", "value": "standard"}]}],
    });
    let response = api
        .request(Method::POST, "/api/v1/orders")
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["taskings"].as_array().unwrap().len(), 1);
    sandbox.shutdown().await;

    // A new server on the same file: the order and the clock are back.
    let sandbox = start_sandbox(config).await;
    let base = sandbox.base_url();
    let clock = sandbox_clock(&base).await;
    assert!(
        clock["now"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-01T08:00"),
        "{clock}"
    );
    let api = Session::oneatlas(&sandbox).await;
    let (_, list) = api
        .get("/api/v1/contracts/CTR24000001/taskings?customerRef=persisted")
        .await;
    assert_eq!(list["taskings"].as_array().unwrap().len(), 1, "{list}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn configured_faults_apply_from_the_start() {
    let config = SandboxConfig {
        faults: Faults {
            latency_ms: 0,
            error_rate: 1.0,
            drop_rate: 0.0,
            ..Faults::default()
        },
        ..SandboxConfig::default()
    };
    let sandbox = start_sandbox(config).await;
    let (status, _) = oneatlas_token(&sandbox.base_url(), "sandbox").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_sandbox_that_catches_up_resumes_at_the_real_time() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("sandbox-state.json");
    let config = SandboxConfig {
        state_file: Some(path.clone()),
        ..unpaced(Some(datetime!(2024-06-01 06:00:00 UTC)))
    };
    let sandbox = start_sandbox(config.clone()).await;
    advance_clock(&sandbox.base_url(), 60).await;
    sandbox.shutdown().await;
    let year = |clock: &Value| clock["now"].as_str().unwrap()[..4].parse::<i32>().unwrap();
    // `sattask sandbox`: the saved clock is kept.
    let kept = start_sandbox(config.clone()).await;
    assert_eq!(year(&sandbox_clock(&kept.base_url()).await), 2024);
    kept.shutdown().await;
    // The sandbox inside the app: the time it was closed has passed.
    let caught_up = start_sandbox(SandboxConfig {
        catch_up: true,
        ..config
    })
    .await;
    let now = time::OffsetDateTime::now_utc().year();
    assert_eq!(year(&sandbox_clock(&caught_up.base_url()).await), now);
    caught_up.shutdown().await;
}

/// Issue 11's hostile requests: a wrong content type is answered 415 as the real services do; a
/// request refused (no token) is logged by its size, its body never kept; a handled one keeps
/// its body.
#[tokio::test]
async fn refused_bodies_are_logged_by_size_and_a_wrong_content_type_is_415() {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2026-06-01 06:00:00 UTC)))).await;
    let base = sandbox.base_url();
    let api = Session::oneatlas(&sandbox).await;
    let order = json!({"contractId": "CTR24000001", "aoi": toulouse_geojson()});

    // The body of a JSON request sent as text/plain is not read as JSON.
    let response = api
        .request(Method::POST, "/api/v1/feasibility")
        .header("Content-Type", "text/plain")
        .body(order.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let answer: Value = response.json().await.unwrap();
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("sent as text/plain"),
        "{answer}"
    );
    // UP42 answers its own problem body.
    let up42 = {
        let mut session = Session::new(&sandbox, crate::common::Service::Up42);
        session.renew().await;
        session
    };
    let response = up42
        .request(Method::POST, "/v2/orders?workspaceId=x")
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["status"], 415);

    // A large body without a token: 401, logged by its size only.
    let large = "x".repeat(1024 * 1024);
    let response = Client::new()
        .post(format!("{base}/api/v1/orders"))
        .header("Content-Type", "application/json")
        .body(format!("\"{large}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // A handled one keeps its body.
    let (status, _) = api.post("/api/v1/feasibility", &order).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let requests = request_log(&base).await;
    let by_outcome = |outcome: &str| {
        requests
            .iter()
            .filter(|r| r["outcome"] == outcome)
            .collect::<Vec<_>>()
    };
    let media = by_outcome("unsupported_media_type");
    assert_eq!(media.len(), 2);
    assert!(
        media
            .iter()
            .all(|r| r["body"].is_null() && r["status"] == 415)
    );
    let unauthorized = by_outcome("unauthorized");
    assert_eq!(unauthorized.len(), 1);
    assert!(unauthorized[0]["body"].is_null());
    assert_eq!(unauthorized[0]["bodyBytes"], 1024 * 1024 + 2);
    let handled = requests
        .iter()
        .find(|r| r["path"] == "/api/v1/feasibility" && r["outcome"] == "handled")
        .unwrap();
    assert_eq!(handled["body"], order);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_second_sandbox_on_the_same_state_file_is_refused_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        state_file: Some(dir.path().join("sandbox-state.json")),
        ..SandboxConfig::default()
    };
    let first = start_sandbox(config.clone()).await;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let Err(second) = sattask::sandbox::Sandbox::start(addr, config.clone()).await else {
        panic!("two sandboxes would write one world");
    };
    let text = second.to_string();
    assert!(
        matches!(second, sattask::sandbox::SandboxError::StateInUse(_)),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "in use by another sattask (process {}",
            std::process::id()
        )),
        "{text}"
    );
    // Once the first has stopped, the world is free again.
    first.shutdown().await;
    let again = start_sandbox(config).await;
    again.shutdown().await;
}
