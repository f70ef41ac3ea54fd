//! The sandbox against the OneAtlas OpenAPI file: its answers to the guide's requests checked
//! against the file's response schemas, and requests generated from the file's request
//! schemas (valid and broken) answered without a 5xx and, when refused, with an error body in
//! the guide's shape. Where the file's example and its schema disagree, the sandbox follows
//! the example (or the guide, which wins over both), and `FOLLOWS_THE_EXAMPLE` names the field.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::StatusCode;
use sattask::api::ErrorBody;
use serde_json::{Value, json};

use crate::common::{Session, oneatlas_token, start_sandbox, unpaced};
use crate::sandbox_guide::{LEGACY, START, example};
use crate::spec::generate::conforming;
use crate::spec::validate::problems;
use crate::spec::{documented_answers, resolve, spec};

const NEO: &str = "CTR24000002";

/// Where the sandbox departs from the file's schema on purpose: the operation, the problem
/// the validator names (list indices written `[]`), and why. Every entry must still be met, so
/// one the sandbox no longer needs is taken out.
const FOLLOWS_THE_EXAMPLE: &[(&str, &str, &str)] = &[
    (
        "POST /auth/realms/IDP/protocol/openid-connect/token",
        ".token_type: \"Bearer\" is not one of [\"bearer\"]",
        "the schema's enum says bearer; the file's example sends Bearer, as Keycloak does",
    ),
    (
        "POST /api/v1/attempts",
        "(the answer): an object where the schema says array",
        "the schema gives a bare list of capacities; the guide and the file's examples wrap them in progCapacities (the sandbox sends the guide's list)",
    ),
    (
        "GET /api/v1/contracts",
        ".contracts[].delivery: a list where the schema says object",
        "the schema gives delivery as one object; the file's pneo example sends a list, as the sandbox does",
    ),
];

/// `.contracts[3].delivery` as `.contracts[].delivery`.
fn without_indices(problem: &str) -> String {
    let mut out = String::with_capacity(problem.len());
    let mut in_index = false;
    for c in problem.chars() {
        match c {
            '[' if !in_index => {
                in_index = true;
                out.push('[');
            }
            ']' if in_index => {
                in_index = false;
                out.push(']');
            }
            c if in_index && c.is_ascii_digit() => {}
            c => {
                if in_index {
                    // Not an index (an enum's list of values): keep it as it was.
                    in_index = false;
                }
                out.push(c);
            }
        }
    }
    out
}

fn allowed(operation: &str, problem: &str) -> Option<usize> {
    let problem = without_indices(problem);
    FOLLOWS_THE_EXAMPLE
        .iter()
        .position(|(op, expected, _)| *op == operation && without_indices(expected) == problem)
}

/// The file's schema for the 2xx answer of `method path` with `status`.
fn answer_schema(method: &str, path: &str, status: u16) -> Value {
    documented_answers()
        .into_iter()
        .find(|a| a.method == method && a.path == path && a.status == status.to_string())
        .map(|a| a.schema)
        .unwrap_or_else(|| panic!("the file documents no {status} answer for {method} {path}"))
}

/// Checks one answer; returns its problems that the sandbox does not have on purpose, and
/// marks the departures met in `met`.
fn check(
    method: &str,
    template: &str,
    status: StatusCode,
    answer: &Value,
    met: &mut Vec<usize>,
) -> Vec<String> {
    let operation = format!("{method} {template}");
    let mut found = Vec::new();
    for problem in problems(&answer_schema(method, template, status.as_u16()), answer) {
        match allowed(&operation, &problem) {
            Some(entry) => met.push(entry),
            None => found.push(format!("{operation}: {problem}")),
        }
    }
    found
}

fn order_body(contract: &str, product: &str, segment_key: Option<&Value>) -> Value {
    let mut body = example("price_request_oneday.json");
    body["contractId"] = json!(contract);
    body["items"][0]["productTypeId"] = json!(product);
    body["optionsPerProductType"][0]["productTypeId"] = json!(product);
    if let Some(key) = segment_key {
        body["items"][0]["segmentKey"] = key.clone();
    }
    body
}

#[tokio::test]
async fn the_sandboxs_answers_follow_the_files_schemas() {
    let sandbox = start_sandbox(unpaced(Some(START))).await;
    let api = Session::oneatlas(&sandbox).await;
    let mut found = Vec::new();
    let mut met = Vec::new();
    let mut checked = 0;
    let mut note = |method: &str, template: &str, status: StatusCode, answer: &Value| {
        checked += 1;
        found.extend(check(method, template, status, answer, &mut met));
    };

    let (status, token) = oneatlas_token(&api.base, "sandbox").await;
    note(
        "POST",
        "/auth/realms/IDP/protocol/openid-connect/token",
        status,
        &token,
    );
    let (status, contracts) = api.get("/api/v1/contracts").await;
    note("GET", "/api/v1/contracts", status, &contracts);
    let (status, products) = api
        .get(&format!("/api/v1/contracts/{LEGACY}/productTypes"))
        .await;
    note(
        "GET",
        "/api/v1/contracts/{CisContractId}/productTypes",
        status,
        &products,
    );

    let (status, feasibility) = api
        .post("/api/v1/feasibility", &example("feasibility_request.json"))
        .await;
    assert_eq!(status, StatusCode::OK, "{feasibility}");
    note("POST", "/api/v1/feasibility", status, &feasibility);
    let (status, attempts) = api
        .post("/api/v1/attempts", &example("attempts_request.json"))
        .await;
    assert_eq!(status, StatusCode::OK, "{attempts}");
    note("POST", "/api/v1/attempts", status, &attempts);
    let key = &attempts["progCapacities"][0]["progTypes"][0]["segments"][0]["segmentKey"];

    let body = order_body(LEGACY, "PleiadesTaskingOneDay", Some(key));
    let (status, price) = api.post("/api/v1/prices", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{price}");
    note("POST", "/api/v1/prices", status, &price);
    let (status, order) = api.post("/api/v1/orders", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    note("POST", "/api/v1/orders", status, &order);

    let (status, taskings) = api
        .get(&format!("/api/v1/contracts/{LEGACY}/taskings"))
        .await;
    assert_eq!(status, StatusCode::OK, "{taskings}");
    note(
        "GET",
        "/api/v1/contracts/{cisContractId}/taskings",
        status,
        &taskings,
    );
    let tasking = taskings["taskings"][0]["icr"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, segments) = api
        .get(&format!(
            "/api/v1/contracts/{LEGACY}/taskings/{tasking}/segments"
        ))
        .await;
    note(
        "GET",
        "/api/v1/contracts/{CisContractId}/taskings/{taskingId}/segments",
        status,
        &segments,
    );

    let search = json!({"paging": {"itemsPerPage": 10, "startIndex": 0, "pagingMode": "item"}, "criteria": {"q": format!("(contractId:{NEO})")}});
    let (status, orders) = api.post("/api/v2/orders/search", &search).await;
    assert_eq!(status, StatusCode::OK, "{orders}");
    note("POST", "/api/v2/orders/search", status, &orders);
    let (status, coverages) = api.post("/api/v1/coverages/search", &search).await;
    assert_eq!(status, StatusCode::OK, "{coverages}");
    note("POST", "/api/v1/coverages/search", status, &coverages);

    assert!(
        found.is_empty(),
        "the sandbox's answers break the file's schemas:\n{}",
        found.join("\n")
    );
    assert_eq!(checked, 11);
    for (entry, (operation, problem, _)) in FOLLOWS_THE_EXAMPLE.iter().enumerate() {
        assert!(
            met.contains(&entry),
            "{operation} now conforms ({problem}): take it out of FOLLOWS_THE_EXAMPLE"
        );
    }
    sandbox.shutdown().await;
}

/// The request body schema of `method path` in the file.
fn request_schema(method: &str, path: &str) -> Value {
    let paths = spec()["paths"].as_object().unwrap();
    let (_, operations) = paths
        .iter()
        .find(|(raw, ops)| {
            crate::spec::normalise(raw) == path
                && ops
                    .get(method)
                    .is_some_and(|op| op.get("requestBody").is_some())
        })
        .unwrap_or_else(|| panic!("no request body for {method} {path}"));
    resolve(&operations[method]["requestBody"]["content"]["application/json"]["schema"]).clone()
}

/// An error body a person can act on: the guide's `{message}` / `{errors[]}` shapes (or OAuth's).
fn says_what_went_wrong(body: &Value) -> bool {
    let Ok(error) = serde_json::from_value::<ErrorBody>(body.clone()) else {
        return false;
    };
    let text = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    text(&error.message)
        || text(&error.error_description)
        || text(&error.detail)
        || error.errors.iter().any(|e| !e.describe().trim().is_empty())
}

/// Broken versions of a body: members dropped or given the wrong type, or another JSON value.
fn broken(body: Value) -> BoxedStrategy<Value> {
    let junk = prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        Just(json!("x")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(1e308)),
    ];
    let keys: Vec<String> = body
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    if keys.is_empty() {
        return junk.boxed();
    }
    (proptest::sample::select(keys), junk.clone(), any::<bool>())
        .prop_map(move |(key, junk, drop)| {
            let mut broken = body.clone();
            if let Some(members) = broken.as_object_mut() {
                if drop {
                    members.remove(&key);
                } else {
                    members.insert(key, junk);
                }
            }
            broken
        })
        .boxed()
}

#[tokio::test]
async fn generated_requests_are_answered_without_a_5xx_and_refusals_say_why() {
    let sandbox = start_sandbox(unpaced(Some(START))).await;
    let api = Session::oneatlas(&sandbox).await;
    let operations = [
        "/api/v1/feasibility".to_owned(),
        "/api/v1/attempts".to_owned(),
        "/api/v1/prices".to_owned(),
        "/api/v1/orders".to_owned(),
        "/api/v1/quotations".to_owned(),
        "/api/v2/orders/search".to_owned(),
        "/api/v1/coverages/search".to_owned(),
        format!("/api/v1/contracts/{LEGACY}/productTypes/PleiadesTaskingOneDay/options"),
    ];
    let templates = [
        "/api/v1/feasibility",
        "/api/v1/attempts",
        "/api/v1/prices",
        "/api/v1/orders",
        "/api/v1/quotations",
        "/api/v2/orders/search",
        "/api/v1/coverages/search",
        "/api/v1/contracts/{cisContractId}/productTypes/{productTypeId}/options",
    ];
    let mut bodies = Vec::new();
    let mut runner = TestRunner::new(Config {
        cases: 1,
        failure_persistence: None,
        ..Config::default()
    });
    for (path, template) in operations.iter().zip(templates) {
        let schema = request_schema("post", template);
        // Valid per the file's schema, then broken.
        for _ in 0..40 {
            let valid = conforming(&schema).new_tree(&mut runner).unwrap().current();
            let wrong = broken(valid.clone())
                .new_tree(&mut runner)
                .unwrap()
                .current();
            bodies.push((path.clone(), valid));
            bodies.push((path.clone(), wrong));
        }
        // A real request of the guide's with one member broken: past the first checks.
        let guide = match template {
            "/api/v1/feasibility" => example("feasibility_request.json"),
            "/api/v1/attempts" => example("attempts_request.json"),
            _ => order_body(LEGACY, "PleiadesTaskingOneDay", None),
        };
        for _ in 0..20 {
            bodies.push((
                path.clone(),
                broken(guide.clone())
                    .new_tree(&mut runner)
                    .unwrap()
                    .current(),
            ));
        }
    }
    let mut failures = Vec::new();
    let mut refused = 0;
    for (path, body) in &bodies {
        let (status, answer) = api.post(path, body).await;
        if status.is_server_error() {
            failures.push(format!("{path}: {status} for {body}\n  -> {answer}"));
        } else if status.is_client_error() {
            refused += 1;
            if !says_what_went_wrong(&answer) {
                failures.push(format!("{path}: {status} without an error body in the guide's shape: {answer}\n  for {body}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests:\n{}",
        failures.len(),
        bodies.len(),
        failures.join("\n")
    );
    // Most generated requests are refused (the file's schemas allow far more than the service).
    assert!(refused > bodies.len() / 2, "{refused} of {}", bodies.len());
    sandbox.shutdown().await;
}
