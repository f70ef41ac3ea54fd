#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The sandbox's control side over real HTTP on 127.0.0.1: the clock, injected faults (503,
//! dropped connections), the request log, reset, and the state file surviving a restart.

use std::net::SocketAddr;

use reqwest::{Client, StatusCode};
use sattask::sandbox::{Faults, Sandbox, SandboxConfig};
use serde_json::{Value, json};
use time::macros::datetime;

fn addr() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

async fn token(client: &Client, base: &str) -> String {
    let response = client
        .post(format!(
            "{base}/auth/realms/IDP/protocol/openid-connect/token"
        ))
        .form(&[
            ("apikey", "sandbox"),
            ("grant_type", "api_key"),
            ("client_id", "IDP"),
        ])
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

async fn put(client: &Client, url: String, body: Value) -> Value {
    let response = client.put(url).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn faults_clock_log_and_reset() {
    let config = SandboxConfig {
        ordering_min_interval_ms: 0,
        start_time: Some(datetime!(2024-06-01 06:00:00 UTC)),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(addr(), config).await.unwrap();
    let base = sandbox.base_url();
    let client = Client::new();

    let clock: Value = client
        .get(format!("{base}/sandbox/clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        clock["now"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-01T06:00")
    );
    let advanced: Value = client
        .post(format!("{base}/sandbox/clock/advance"))
        .json(&json!({"seconds": 86_400}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        advanced["now"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-02T06:00")
    );

    let bearer = token(&client, &base).await;

    // Every request fails with 503; the control endpoints do not.
    put(
        &client,
        format!("{base}/sandbox/faults"),
        json!({"error_rate": 1.0}),
    )
    .await;
    let response = client
        .get(format!("{base}/api/v1/contracts"))
        .bearer_auth(&bearer)
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
        let dropped = client
            .get(format!("{base}/api/v1/contracts"))
            .bearer_auth(&bearer)
            .send()
            .await;
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
    let response = client
        .get(format!("{base}/api/v1/contracts"))
        .bearer_auth(&bearer)
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
    let log: Value = client
        .get(format!("{base}/sandbox/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let requests = log["requests"].as_array().unwrap();
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
    let log: Value = client
        .get(format!("{base}/sandbox/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["requests"], json!([]));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("sandbox-state.json");
    let config = SandboxConfig {
        ordering_min_interval_ms: 0,
        start_time: Some(datetime!(2024-06-01 06:00:00 UTC)),
        state_file: Some(path.clone()),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(addr(), config.clone()).await.unwrap();
    let base = sandbox.base_url();
    let client = Client::new();
    client
        .post(format!("{base}/sandbox/clock/advance"))
        .json(&json!({"seconds": 7200}))
        .send()
        .await
        .unwrap();
    let bearer = token(&client, &base).await;
    let quotation: Value = client
        .get(format!("{base}/v2/tasking/quotation?decision=NOT_DECIDED"))
        .bearer_auth({
            let response = client
                .post(format!(
                    "{base}/realms/public/protocol/openid-connect/token"
                ))
                .form(&[
                    ("username", "sandbox@example.com"),
                    ("password", "sandbox"),
                    ("grant_type", "password"),
                    ("client_id", "up42-api"),
                ])
                .send()
                .await
                .unwrap();
            let body: Value = response.json().await.unwrap();
            body["access_token"].as_str().unwrap().to_string()
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(quotation["totalElements"], 3);
    // A change through the API is saved at once.
    let order = json!({
        "aoi": [{"id": 1, "name": "Polygon 1", "geometry": {"type": "Polygon", "coordinates": [[
            [1.3763809204101562, 43.545313140623726], [1.5095901489257812, 43.545313140623726],
            [1.5095901489257812, 43.656198305413156], [1.3763809204101562, 43.656198305413156],
            [1.3763809204101562, 43.545313140623726]]]}}],
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
    let response = client
        .post(format!("{base}/api/v1/orders"))
        .bearer_auth(&bearer)
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["taskings"].as_array().unwrap().len(), 1);
    sandbox.shutdown().await;

    // A new server on the same file: the order and the clock are back.
    let sandbox = Sandbox::start(addr(), config).await.unwrap();
    let base = sandbox.base_url();
    let clock: Value = client
        .get(format!("{base}/sandbox/clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        clock["now"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-01T08:00"),
        "{clock}"
    );
    let bearer = token(&client, &base).await;
    let list: Value = client
        .get(format!(
            "{base}/api/v1/contracts/CTR24000001/taskings?customerRef=persisted"
        ))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
        },
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(addr(), config).await.unwrap();
    let client = Client::new();
    let response = client
        .post(format!(
            "{}/auth/realms/IDP/protocol/openid-connect/token",
            sandbox.base_url()
        ))
        .form(&[
            ("apikey", "sandbox"),
            ("grant_type", "api_key"),
            ("client_id", "IDP"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    sandbox.shutdown().await;
}
