//! The official UP42 SDK's requests, recorded from `tests/sdk/up42_sdk_flow.py` (up42-py 4.3.0)
//! in `tests/fixtures/up42-sdk/flow.json`, sent again to a fresh sandbox in the same order: each
//! answer must have the recorded status and the recorded shape (the same keys at every level,
//! the same JSON types, the same words for statuses and decisions), so the wire format the SDK
//! reads is checked where Python is missing. Tokens are the replay's own; the ids come out the
//! same because a fresh sandbox numbers its records the same way.

use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

use crate::common::{start_sandbox, unpaced};
use crate::sdk_up42::FLOW_START;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/up42-sdk/flow.json"
);
const TOKEN: &str = "/realms/public/protocol/openid-connect/token";
/// Values that say where an order stands: they must be the recorded words, not just strings.
const WORDS: [&str; 6] = [
    "status",
    "subStatus",
    "decision",
    "type",
    "unit",
    "token_type",
];

/// `Ok` when `now` has the shape of `recorded`; else where and how they differ.
fn same_shape(recorded: &Value, now: &Value, at: &str) -> Result<(), String> {
    match (recorded, now) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys_a: Vec<&String> = a.keys().collect();
            let mut keys_b: Vec<&String> = b.keys().collect();
            keys_a.sort();
            keys_b.sort();
            if keys_a != keys_b {
                return Err(format!("{at}: keys {keys_a:?} recorded, {keys_b:?} now"));
            }
            for (key, value) in a {
                let inner = format!("{at}.{key}");
                same_shape(value, &b[key], &inner)?;
                if WORDS.contains(&key.as_str()) && value.is_string() && value != &b[key] {
                    return Err(format!("{inner}: {value} recorded, {} now", b[key]));
                }
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!("{at}: {} items recorded, {} now", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .try_for_each(|(i, (x, y))| same_shape(x, y, &format!("{at}[{i}]")))
        }
        (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => Ok(()),
        _ => Err(format!("{at}: {recorded} recorded, {now} now")),
    }
}

#[test]
fn the_shape_check_sees_a_missing_key_and_a_changed_type() {
    let recorded = serde_json::json!({"a": [{"b": 1, "status": "CREATED"}]});
    assert!(same_shape(&recorded, &recorded, "").is_ok());
    let missing = serde_json::json!({"a": [{"status": "CREATED"}]});
    assert!(
        same_shape(&recorded, &missing, "")
            .unwrap_err()
            .contains(".a[0]")
    );
    let text = serde_json::json!({"a": [{"b": "1", "status": "CREATED"}]});
    assert!(same_shape(&recorded, &text, "").is_err());
    let word = serde_json::json!({"a": [{"b": 1, "status": "PLACED"}]});
    assert!(
        same_shape(&recorded, &word, "")
            .unwrap_err()
            .contains("status")
    );
}

#[tokio::test]
async fn the_sdks_recorded_requests_get_answers_of_the_same_shape() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let exchanges = fixture["exchanges"].as_array().unwrap();
    assert!(exchanges.len() > 20, "{} exchanges only", exchanges.len());
    let sandbox = start_sandbox(unpaced(Some(FLOW_START))).await;
    let base = sandbox.base_url();
    let client = Client::new();
    let mut token = String::new();
    for (n, exchange) in exchanges.iter().enumerate() {
        let method = Method::from_bytes(exchange["method"].as_str().unwrap().as_bytes()).unwrap();
        let path = exchange["path"].as_str().unwrap();
        let url = match exchange["query"].as_str() {
            Some(query) => format!("{base}{path}?{query}"),
            None => format!("{base}{path}"),
        };
        let mut request = client.request(method.clone(), url);
        if let Some(kind) = exchange["contentType"].as_str() {
            request = request.header("Content-Type", kind);
        }
        request = match &exchange["body"] {
            Value::Null => request,
            Value::String(raw) => request.body(raw.clone()),
            json => request.body(json.to_string()),
        };
        if path != TOKEN && !path.starts_with("/sandbox/") {
            request = request.bearer_auth(&token);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        let what = format!("exchange {n}: {method} {path}");
        assert_eq!(
            status.as_u16() as u64,
            exchange["status"].as_u64().unwrap(),
            "{what}: {answer}"
        );
        if let Err(difference) = same_shape(&exchange["answer"], &answer, "answer") {
            panic!("{what}: the answer's shape changed: {difference}");
        }
        if path == TOKEN && status == StatusCode::OK {
            token = answer["access_token"].as_str().unwrap().to_string();
        }
    }
    sandbox.shutdown().await;
}
