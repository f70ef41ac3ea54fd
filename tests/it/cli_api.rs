//! `sattask api ...` run as a person runs it, against the sandbox over loopback: every command,
//! its JSON on stdout and its exit code.

use std::collections::VecDeque;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::common::{advance_clock, start_sandbox, unpaced, unreachable_base_url};
use sattask::sandbox::Sandbox;
use time::macros::datetime;

const LEGACY: &str = "CTR24000001";
const NEO: &str = "CTR24000002";

pub(crate) struct Env {
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) sandbox: Sandbox,
    pub(crate) data: tempfile::TempDir,
}

impl Env {
    pub(crate) fn start() -> Env {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = runtime.block_on(start_sandbox(unpaced(Some(
            datetime!(2026-12-01 00:00 UTC),
        ))));
        Env {
            runtime,
            sandbox,
            data: tempfile::tempdir().unwrap(),
        }
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        let base = self.sandbox.base_url();
        Command::new(env!("CARGO_BIN_EXE_sattask"))
            .arg("api")
            .args(["--base-url", &base])
            .args(args)
            .env("SATTASK_DATA_DIR", self.data.path())
            .env("SATTASK_ORDERING_INTERVAL_MS", "0")
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed; returns its JSON.
    pub(crate) fn ok(&self, args: &[&str]) -> serde_json::Value {
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    pub(crate) fn fails(&self, args: &[&str], code: i32, expected: &str) {
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: {expected:?} not in {stderr}"
        );
    }
}

/// A Pléiades OnePlan order of `aoi` under `reference`, with every option, confirmed.
fn oneplan_order<'a>(aoi: &'a str, reference: &'a str) -> Vec<&'a str> {
    let mut order = vec![
        "order",
        "--aoi",
        aoi,
        "--contract",
        LEGACY,
        "--product",
        "PleiadesTaskingOnePlan",
        "--property",
        "maxCloudCover=10",
        "--property",
        "maxIncidenceAngle=30",
        "--start",
        "2026-12-10T00:00:00.000Z",
        "--end",
        "2027-03-10T00:00:00.000Z",
        "--customer-ref",
        reference,
        "--yes",
    ];
    order.extend(OPTIONS);
    order
}

fn aoi() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/valid.geojson")
        .display()
        .to_string()
}

const OPTIONS: [&str; 16] = [
    "--option",
    "processing_level=ortho",
    "--option",
    "spectral_processing=pansharpened_natural_color",
    "--option",
    "radiometric_processing=basic",
    "--option",
    "image_format=dimap_jpeg2000_regular",
    "--option",
    "pixel_coding=8bits",
    "--option",
    "projection_1=4326",
    "--option",
    "licence=standard",
    "--option",
    "dem=best_available",
];

#[test]
fn the_legacy_flow_from_the_command_line() {
    let env = Env::start();
    let aoi = aoi();
    let contracts = env.ok(&["contracts"]);
    assert_eq!(contracts["contracts"].as_array().unwrap().len(), 2);
    let types = env.ok(&["product-types", "--contract", LEGACY]);
    assert!(types.to_string().contains("PleiadesTaskingOneDay"));
    let options = env.ok(&[
        "options",
        "--contract",
        LEGACY,
        "--product",
        "PleiadesTaskingOneDay",
        "--aoi",
        &aoi,
    ]);
    assert!(options["availableOptions"].as_array().unwrap().len() > 3);
    let feasibility = env.ok(&[
        "feasibility",
        "--aoi",
        &aoi,
        "--contract",
        LEGACY,
        "--mission",
        "PLEIADES",
        "--offer",
        "ONEPLAN",
        "--start",
        "2026-12-02T00:00:00.000Z",
        "--end",
        "2027-02-15T00:00:00.000Z",
        "--max-cloud",
        "10",
        "--max-incidence",
        "30",
    ]);
    assert_eq!(
        feasibility["progCapacities"][0]["progTypes"][0]["feasibility"]["automation"],
        "AUTOMATIC"
    );
    let key = a_segment_key(&env);

    let mut order = vec![
        "--aoi",
        aoi.as_str(),
        "--contract",
        LEGACY,
        "--product",
        "PleiadesTaskingOneDay",
        "--segment-key",
        key.as_str(),
        "--customer-ref",
        "cli-1",
    ];
    order.extend(OPTIONS);
    let price = env.ok(&[&["price"], order.as_slice()].concat());
    assert_eq!(price["totalAmount"], 5600.0);

    env.fails(&[&["order"], order.as_slice()].concat(), 2, "add --yes");
    let mut confirmed = order.clone();
    confirmed.push("--yes");
    let placed = env.ok(&[&["order"], confirmed.as_slice()].concat());
    assert!(placed["salesOrderId"].is_string());
    // The journal stands in the way of the same order twice, and says where it went.
    env.fails(
        &[&["order"], confirmed.as_slice()].concat(),
        2,
        "already sent at 20",
    );
    env.fails(
        &[&["order"], confirmed.as_slice()].concat(),
        2,
        &format!(
            "to sandbox at {} and it went through",
            env.sandbox.base_url()
        ),
    );
    let journal = std::fs::read_to_string(env.data.path().join("orders.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 2, "sending, then done:\n{journal}");

    let taskings = env.ok(&["taskings", "--contract", LEGACY, "--customer-ref", "cli-1"]);
    let tasking = taskings["taskings"][0]["icr"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let segments = env.ok(&["segments", "--contract", LEGACY, &tasking]);
    assert!(segments["segments"].is_array());
    env.fails(
        &["stop", "--contract", LEGACY, &tasking, "--yes"],
        1,
        "OneNow",
    );
    env.ok(&["cancel", "--contract", LEGACY, &tasking, "--yes"]);
    // A cancel goes through the journal like an order: the same one again is held back...
    env.fails(
        &["cancel", "--contract", LEGACY, &tasking, "--yes"],
        2,
        "already sent",
    );
    // ...unless sent again on purpose.
    env.fails(
        &["cancel", "--contract", LEGACY, &tasking, "--yes", "--again"],
        1,
        "already Canceled",
    );
    let journal = std::fs::read_to_string(env.data.path().join("orders.jsonl")).unwrap();
    for kind in ["\"kind\":\"cancel\"", "\"kind\":\"stop\""] {
        assert!(journal.contains(kind), "{kind} not in:\n{journal}");
    }
}

/// A scripted OneAtlas on 127.0.0.1: tokens for anyone, no production options, and
/// `/api/v1/orders` answered from a list (status, body), one per call; returns its base URL and
/// the count of orders received.
fn start_order_stub(
    runtime: &tokio::runtime::Runtime,
    answers: Vec<(u16, &'static str)>,
) -> (String, Arc<AtomicUsize>) {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use axum::routing::post;
    let hits = Arc::new(AtomicUsize::new(0));
    let answers = Arc::new(Mutex::new(VecDeque::from(answers)));
    let counted = hits.clone();
    let app = axum::Router::new()
        .route(
            "/auth/realms/IDP/protocol/openid-connect/token",
            post(|| async {
                axum::Json(serde_json::json!({
                    "access_token": "t", "expires_in": 3600, "token_type": "Bearer"
                }))
            }),
        )
        .route(
            "/api/v1/contracts/{contract}/productTypes/{product}/options",
            post(|| async { axum::Json(serde_json::json!({"availableOptions": []})) }),
        )
        .route(
            "/api/v1/orders",
            post(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                let (status, body) = answers.lock().unwrap().pop_front().unwrap_or((500, "{}"));
                async move { (StatusCode::from_u16(status).unwrap(), body).into_response() }
            }),
        );
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, app).await });
    (base, hits)
}

#[test]
fn an_order_without_a_clear_answer_is_unknown_and_not_sent_twice() {
    let env = Env::start();
    let (base, hits) = start_order_stub(
        &env.runtime,
        vec![
            (503, r#"{"code":"UNEXPECTED_SERVER_ERROR"}"#),
            (201, r#"{"salesOrderId": "SO-"#),
        ],
    );
    let aoi = aoi();
    let mut order = vec![
        "api",
        "--base-url",
        base.as_str(),
        "order",
        "--aoi",
        aoi.as_str(),
        "--contract",
        LEGACY,
        "--product",
        "PleiadesTaskingOneDay",
        "--segment-key",
        "KEY",
        "--customer-ref",
        "cli-unknown",
        "--yes",
    ];
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_sattask"))
            .args(args)
            .env("SATTASK_DATA_DIR", env.data.path())
            .env("SATTASK_ORDERING_INTERVAL_MS", "0")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output.status.code(), stderr)
    };
    let journal_states = || {
        std::fs::read_to_string(env.data.path().join("orders.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["state"].clone())
            .collect::<Vec<_>>()
    };

    // A 503 on an order: unknown (exit 3), the check named as a command that exists.
    let (code, stderr) = run(&order);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("no clear answer"), "{stderr}");
    assert!(
        stderr
            .contains("sattask api taskings --contract CTR24000001 --customer-ref \"cli-unknown\""),
        "{stderr}"
    );
    assert_eq!(journal_states(), ["sending", "unknown"]);

    // The same order is held back until checked.
    let (code, stderr) = run(&order);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("outcome is unknown"), "{stderr}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    // Sent again on purpose: a 2xx that cannot be read is unknown too, never failed.
    order.push("--again");
    let (code, stderr) = run(&order);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert_eq!(
        journal_states(),
        ["sending", "unknown", "sending", "unknown"]
    );
}

#[test]
fn segments_are_decided_from_the_command_line() {
    let env = Env::start();
    let aoi = aoi();
    let order = oneplan_order(&aoi, "cli-plan");
    // The sandbox draws clouds from the tasking id: the second tasking's first acquisitions are
    // cloudy enough to be proposed rather than validated at once (the first's are clear).
    let mut warm_up = order.clone();
    let reference = warm_up.iter().position(|a| *a == "cli-plan").unwrap();
    warm_up[reference] = "cli-plan-first";
    env.ok(&warm_up);
    // The same order under another reference is the same order (the identity rule leaves
    // references out): the second one is held back, and sent only on purpose.
    env.fails(&order, 2, "the same order was already sent");
    let again = [&order[..], &["--again"]].concat();
    env.ok(&again);
    env.runtime
        .block_on(advance_clock(&env.sandbox.base_url(), 40 * 86_400));
    let tasking = env.ok(&[
        "taskings",
        "--contract",
        LEGACY,
        "--customer-ref",
        "cli-plan",
    ])["taskings"][0]["icr"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let segments = env.ok(&["segments", "--contract", LEGACY, &tasking]);
    let proposed: Vec<String> = segments["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["status"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("proposed")
        })
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(proposed.len() >= 2, "{segments}");
    env.fails(
        &[
            "accept-segment",
            "--contract",
            LEGACY,
            &tasking,
            &proposed[0],
        ],
        2,
        "add --yes",
    );
    env.ok(&[
        "accept-segment",
        "--contract",
        LEGACY,
        &tasking,
        &proposed[0],
        "--yes",
    ]);
    env.ok(&[
        "refuse-segment",
        "--contract",
        LEGACY,
        &tasking,
        &proposed[1],
        "--yes",
    ]);
    env.fails(
        &[
            "refuse-segment",
            "--contract",
            LEGACY,
            &tasking,
            &proposed[0],
            "--yes",
        ],
        1,
        "refused",
    );
}

#[test]
fn neo_coverages_are_listed_and_decided_once_from_the_command_line() {
    let env = Env::start();
    let aoi = aoi();
    // The legacy OnePlan order on the Neo contract and product, proposing up to 60 % cloud.
    let mut order = oneplan_order(&aoi, "cli-neo-plan");
    for (from, to) in [
        (LEGACY, NEO),
        ("PleiadesTaskingOnePlan", "PleiadesNeoOnePlan"),
    ] {
        let at = order.iter().position(|a| *a == from).unwrap();
        order[at] = to;
    }
    order.extend(["--property", "notificationThreshold=60"]);
    let position = order
        .iter()
        .position(|a| *a == "spectral_processing=pansharpened_natural_color")
        .unwrap();
    order[position] = "spectral_processing=pansharpened";
    // The sandbox draws clouds from the order item id: the second item's first acquisitions are
    // cloudy enough to be proposed (over maxCloudCover, under notificationThreshold) rather
    // than validated at once (the first's are clear).
    let mut warm_up = order.clone();
    let reference = warm_up.iter().position(|a| *a == "cli-neo-plan").unwrap();
    warm_up[reference] = "cli-neo-plan-first";
    env.ok(&warm_up);
    // The same order under another reference is the same order (the identity rule leaves
    // references out): the second one is held back, and sent only on purpose.
    env.fails(&order, 2, "the same order was already sent");
    let again = [&order[..], &["--again"]].concat();
    env.ok(&again);
    let found = env.ok(&[
        "neo-orders",
        "--contract",
        NEO,
        "--customer-ref",
        "cli-neo-plan",
    ]);
    let item = found["features"][0]["orderItemId"]
        .as_str()
        .unwrap_or_else(|| panic!("{found}"))
        .to_owned();
    // Nothing acquired yet; past the first passes, coverage items are there.
    let none = env.ok(&["coverages", "--contract", NEO, &item]);
    assert_eq!(none["paging"]["totalResults"], 0, "{none}");
    env.runtime
        .block_on(advance_clock(&env.sandbox.base_url(), 40 * 86_400));
    let all = env.ok(&["coverages", "--contract", NEO, &item]);
    let features = all["features"].as_array().unwrap();
    assert!(!features.is_empty(), "{all}");
    assert!(features.iter().all(|f| f["orderItemId"] == item.as_str()));
    let proposed = env.ok(&[
        "coverages",
        "--contract",
        NEO,
        &item,
        "--status",
        "PROPOSED",
    ]);
    let ids: Vec<String> = proposed["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["status"], "PROPOSED", "{f}");
            f["coverageItemId"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(ids.len() >= 2, "{all}");

    env.fails(
        &["accept-coverage", "--contract", NEO, &ids[0]],
        2,
        "add --yes",
    );
    let accepted = env.ok(&["accept-coverage", "--contract", NEO, &ids[0], "--yes"]);
    assert_eq!(accepted["coverageItemId"], ids[0].as_str(), "{accepted}");
    assert_eq!(accepted["status"], "VALIDATED", "{accepted}");
    // The same acceptance again is held back by the journal, and nothing is sent.
    env.fails(
        &["accept-coverage", "--contract", NEO, &ids[0], "--yes"],
        2,
        "already sent",
    );
    env.fails(
        &["accept-coverage", "--contract", NEO, &ids[0], "--yes"],
        2,
        "sattask api coverages --contract",
    );
    // With --again it goes out; the sandbox refuses a second decision on the same item.
    env.fails(
        &[
            "accept-coverage",
            "--contract",
            NEO,
            &ids[0],
            "--yes",
            "--again",
        ],
        1,
        "refused",
    );
    let refused = env.ok(&["refuse-coverage", "--contract", NEO, &ids[1], "--yes"]);
    assert_eq!(refused["status"], "REFUSED", "{refused}");
    let after = env.ok(&["coverages", "--contract", NEO, &item]);
    let status_of = |id: &str| {
        after["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["coverageItemId"] == id)
            .map(|f| f["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status_of(&ids[0]).as_deref(), Some("VALIDATED"));
    assert_eq!(status_of(&ids[1]).as_deref(), Some("REFUSED"));
    let journal = std::fs::read_to_string(env.data.path().join("orders.jsonl")).unwrap();
    let kinds: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"].clone())
        .filter(|k| k.as_str().is_some_and(|k| k.ends_with("-coverage")))
        .collect();
    assert_eq!(kinds.len(), 6, "{journal}");
}

#[test]
fn quotations_from_the_command_line() {
    let env = Env::start();
    let page = env.ok(&["quotations", "--size", "2", "--page", "0"]);
    assert_eq!(page["content"].as_array().unwrap().len(), 2);
    let open = env.ok(&["quotations", "--decision", "NOT_DECIDED"]);
    let id = open["content"][0]["id"].as_str().unwrap().to_owned();
    let other = open["content"][1]["id"].as_str().unwrap().to_owned();
    env.fails(&["accept-quotation", &id], 2, "add --yes");
    let accepted = env.ok(&["accept-quotation", &id, "--yes"]);
    assert_eq!(accepted["decision"], "ACCEPTED");
    env.fails(&["reject-quotation", &id, "--yes"], 1, "refused");
    assert_eq!(
        env.ok(&["reject-quotation", &other, "--yes"])["decision"],
        "REJECTED"
    );

    // A Pléiades Neo quotation: requested, then accepted with its contract.
    let aoi = aoi();
    let attempts = env.ok(&[
        "attempts",
        "--aoi",
        &aoi,
        "--contract",
        NEO,
        "--mission",
        "PLEIADESNEO",
        "--offer",
        "ONEDAY",
        "--start",
        "2026-12-02T00:00:00.000Z",
    ]);
    let key = attempts["progCapacities"][0]["progTypes"][0]["segments"][0]["segmentKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut request = vec![
        "quotation-request",
        "--aoi",
        aoi.as_str(),
        "--contract",
        NEO,
        "--product",
        "PleiadesNeoOneDay",
        "--segment-key",
        key.as_str(),
        "--yes",
    ];
    request.extend(OPTIONS);
    let position = request
        .iter()
        .position(|a| *a == "spectral_processing=pansharpened_natural_color")
        .unwrap();
    request[position] = "spectral_processing=pansharpened";
    let quotation = env.ok(&request);
    let id = quotation["quotationId"].as_str().unwrap().to_owned();
    let accepted = env.ok(&["accept-quotation", &id, "--contract", NEO, "--yes"]);
    assert!(accepted["salesOrderId"].is_string(), "{accepted}");
}

#[test]
fn bad_input_network_trouble_and_refusals_have_their_exit_codes() {
    let env = Env::start();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/self_intersection.geojson");
    env.fails(
        &[
            "options",
            "--contract",
            LEGACY,
            "--product",
            "PleiadesTaskingOneDay",
            "--aoi",
            bad.to_str().unwrap(),
        ],
        2,
        "self_intersection",
    );
    env.fails(
        &[
            "feasibility",
            "--aoi",
            &aoi(),
            "--contract",
            LEGACY,
            "--mission",
            "PLEIADES",
            "--offer",
            "ONEPLAN",
            "--start",
            "next week",
        ],
        2,
        "--start",
    );
    env.fails(&["product-types", "--contract", "CTR-NOPE"], 1, "not found");
    let url = unreachable_base_url();
    let output = Command::new(env!("CARGO_BIN_EXE_sattask"))
        .args(["api", "--base-url", &url, "contracts"])
        .env("SATTASK_DATA_DIR", env.data.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot reach OneAtlas"), "{stderr}");
    assert!(
        stderr.contains("start it with: sattask sandbox"),
        "{stderr}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_sattask"))
        .args(["api", "--backend", "oneatlas", "contracts"])
        .env_remove("SATTASK_ONEATLAS_API_KEY")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("SATTASK_ONEATLAS_API_KEY"));
}

#[test]
fn help_explains_each_command_with_an_example() {
    let output = Command::new(env!("CARGO_BIN_EXE_sattask"))
        .args(["api", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for command in [
        "contracts",
        "feasibility",
        "attempts",
        "price",
        "order",
        "quotation-request",
        "taskings",
        "segments",
        "accept-segment",
        "refuse-segment",
        "cancel",
        "stop",
        "quotations",
        "accept-quotation",
        "reject-quotation",
        "product-types",
        "options",
        "neo-orders",
        "coverages",
        "accept-coverage",
        "refuse-coverage",
    ] {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_sattask"))
        .args(["api", "order", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("\n  sattask api order --aoi"));
    // That each example runs: tests/cli_help_examples.rs.
}

#[test]
fn what_a_person_types_wrong_is_caught_before_sending() {
    let env = Env::start();
    let aoi = aoi();
    // An empty segment key is refused by the parser: nothing reaches the service.
    env.fails(
        &[
            "price",
            "--aoi",
            &aoi,
            "--contract",
            LEGACY,
            "--product",
            "PleiadesTaskingOneDay",
            "--segment-key",
            "",
        ],
        2,
        "the segment key is empty",
    );
    // A mission or a mode the services do not know is named, with what to type instead.
    for (flag, value, words) in [
        (
            "--mission",
            "WORLDVIEW",
            "not a mission; use PLEIADES, SPOT or PLEIADESNEO",
        ),
        (
            "--mode",
            "BISTEREO",
            "not an acquisition mode; use MONO, STEREO or TRISTEREO",
        ),
    ] {
        let mut args = vec![
            "attempts",
            "--aoi",
            &aoi,
            "--contract",
            LEGACY,
            "--mission",
            "PLEIADES",
            "--offer",
            "ONEDAY",
            "--start",
            "2027-03-01",
        ];
        if flag == "--mission" {
            args[6] = value;
        } else {
            args.extend([flag, value]);
        }
        env.fails(&args, 2, words);
    }
    // A OnePlan price: the window is all it needs from the command line.
    let oneplan = [
        "price",
        "--aoi",
        &aoi,
        "--contract",
        LEGACY,
        "--product",
        "PleiadesTaskingOnePlan",
        "--start",
        "2027-03-01",
        "--end",
        "2027-05-01",
    ];
    let with = |more: &[&'static str]| -> Vec<&str> { [&oneplan[..], more].concat() };
    // A missing mandatory option names the command that lists the options, not an HTTP path.
    let output = env.run(&with(&["--option", "processing_level=ortho"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "sattask api options --contract CTR24000001 --product PleiadesTaskingOnePlan"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("/api/v1"), "{stderr}");
    // classification and feasibilityAutomation are not the person's to type.
    env.fails(
        &with(&[
            "--property",
            "feasibilityAutomation=AUTOMATIC",
            "--default-options",
        ]),
        2,
        "comes from the feasibility answer",
    );
    // A OnePlan priced from a saved feasibility answer carries what it answered; the same
    // price is reached when sattask asks the service itself.
    let feasibility = env.ok(&[
        "feasibility",
        "--aoi",
        &aoi,
        "--contract",
        LEGACY,
        "--mission",
        "PLEIADES",
        "--offer",
        "ONEPLAN",
        "--start",
        "2027-03-01",
        "--end",
        "2027-05-01",
        "--max-cloud",
        "20",
        "--max-incidence",
        "30",
    ]);
    let answer = &feasibility["progCapacities"][0]["progTypes"][0]["feasibility"];
    assert_eq!(answer["automation"], "AUTOMATIC", "{feasibility}");
    let saved = env.data.path().join("feasibility.json");
    std::fs::write(&saved, feasibility.to_string()).unwrap();
    let saved_arg = saved.display().to_string();
    let from_file = env.ok(&[
        &with(&["--default-options"])[..],
        &["--feasibility", &saved_arg],
    ]
    .concat());
    let asked = env.ok(&with(&["--default-options"]));
    assert_eq!(from_file["totalAmount"], asked["totalAmount"]);
    assert!(
        from_file["totalAmount"].as_f64().unwrap() > 0.0,
        "{from_file}"
    );
    let sent = env
        .runtime
        .block_on(crate::common::request_log(&env.sandbox.base_url()));
    let prices: Vec<&serde_json::Value> = sent
        .iter()
        .filter(|r| r["path"] == "/api/v1/prices")
        .collect();
    let properties = prices.last().unwrap()["body"]["items"][0]["properties"].to_string();
    assert!(
        properties.contains(&format!(
            "{{\"key\":\"classification\",\"value\":{}}}",
            answer["classification"]
        )),
        "{properties}"
    );
    assert!(properties.contains("feasibilityAutomation"), "{properties}");
}

#[test]
fn after_a_sandbox_restart_the_journal_holds_the_same_order_back_until_again() {
    let mut env = Env::start();
    let aoi = aoi();
    let attempts = env.ok(&[
        "attempts",
        "--aoi",
        &aoi,
        "--contract",
        LEGACY,
        "--mission",
        "PLEIADES",
        "--offer",
        "ONEDAY",
        "--start",
        "2027-03-01",
    ]);
    let saved = env.data.path().join("attempts.json");
    std::fs::write(&saved, attempts.to_string()).unwrap();
    let saved = saved.display().to_string();
    let order = [
        "order",
        "--aoi",
        &aoi,
        "--contract",
        LEGACY,
        "--product",
        "PleiadesTaskingOneDay",
        "--attempts",
        &saved,
        "--default-options",
        "--customer-ref",
        "restart",
        "--yes",
    ];
    env.ok(&order);
    // The sandbox restarts without --state: its memory is gone, the journal's is not.
    let fresh = env.runtime.block_on(start_sandbox(unpaced(Some(
        datetime!(2026-12-01 00:00 UTC),
    ))));
    let old = std::mem::replace(&mut env.sandbox, fresh);
    env.runtime.block_on(old.shutdown());
    let taskings = env.ok(&[
        "taskings",
        "--contract",
        LEGACY,
        "--customer-ref",
        "restart",
    ]);
    assert!(!taskings.to_string().contains("ICR_"), "{taskings}");
    env.fails(&order, 2, "was already sent at");
    let output = env.run(&order);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("sattask api taskings --contract CTR24000001 --customer-ref \"restart\""),
        "{stderr}"
    );
    // On purpose: sent again.
    let again = [&order[..], &["--again"]].concat();
    let answer = env.ok(&again);
    assert!(answer["salesOrderId"].is_string(), "{answer}");
    let taskings = env.ok(&[
        "taskings",
        "--contract",
        LEGACY,
        "--customer-ref",
        "restart",
    ]);
    assert!(taskings.to_string().contains("ICR_FC_000001"), "{taskings}");
}

/// Runs `sattask api ARGS` at `RUST_LOG=trace` with extra environment; all it wrote, both streams.
fn traced(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sattask"))
        .arg("api")
        .args(["--base-url", &env.sandbox.base_url()])
        .args(args)
        .env("SATTASK_DATA_DIR", env.data.path())
        .env("SATTASK_ORDERING_INTERVAL_MS", "0")
        .env("RUST_LOG", "trace")
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), all)
}

#[test]
fn no_secret_reaches_any_output_even_at_trace_level() {
    let env = Env::start();
    // With the sandbox's own credentials the tokens are issued and used: none may be printed,
    // nor the form bodies that carry the key and the password.
    for args in [&["contracts"][..], &["quotations", "--size", "1"][..]] {
        let (code, all) = traced(&env, args, &[]);
        assert_eq!(code, Some(0), "{args:?}: {all}");
        assert!(
            all.contains("TRACE") || all.contains("DEBUG"),
            "{args:?}: RUST_LOG=trace must log something: {all}"
        );
        for leak in [
            "apikey=",
            "password=",
            "sandbox.",
            "Bearer ",
            "access_token\":\"",
        ] {
            assert!(!all.contains(leak), "{args:?}: {leak:?} in {all}");
        }
    }
    // Credentials of our own, which the sandbox refuses: the request that carries them is made,
    // and they must not be printed either.
    let key = "k3y-0f-the-leak-test";
    let user = "us3r-0f-the-leak-test";
    let password = "pa55-0f-the-leak-test";
    let vars = [
        ("SATTASK_ONEATLAS_API_KEY", key),
        ("SATTASK_UP42_USERNAME", user),
        ("SATTASK_UP42_PASSWORD", password),
    ];
    for args in [&["contracts"][..], &["quotations", "--size", "1"][..]] {
        let (code, all) = traced(&env, args, &vars);
        assert_ne!(
            code,
            Some(0),
            "{args:?}: refused credentials must fail: {all}"
        );
        for secret in [key, password] {
            assert!(!all.contains(secret), "{args:?}: {secret:?} in {all}");
        }
    }
}

/// The segment key of the first OneDay attempt over the test AOI.
fn a_segment_key(env: &Env) -> String {
    let attempts = env.ok(&[
        "attempts",
        "--aoi",
        &aoi(),
        "--contract",
        LEGACY,
        "--mission",
        "PLEIADES",
        "--offer",
        "ONEDAY",
        "--start",
        "2026-12-02T00:00:00.000Z",
        "--max-incidence",
        "30",
    ]);
    attempts["progCapacities"][0]["progTypes"][0]["segments"][0]["segmentKey"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn sixteen_processes_placing_the_same_order_at_once_send_it_once() {
    let env = Env::start();
    let key = a_segment_key(&env);
    let aoi = aoi();
    let mut order = vec![
        "order".to_owned(),
        "--aoi".to_owned(),
        aoi,
        "--contract".to_owned(),
        LEGACY.to_owned(),
        "--product".to_owned(),
        "PleiadesTaskingOneDay".to_owned(),
        "--segment-key".to_owned(),
        key,
        "--customer-ref".to_owned(),
        "sixteen".to_owned(),
        "--yes".to_owned(),
    ];
    order.extend(OPTIONS.iter().map(|s| (*s).to_owned()));
    // The sandbox holds every spending call until told: as slow a stand-in as it takes.
    let base = env.sandbox.base_url();
    let faults = |body: serde_json::Value| {
        env.runtime.block_on(async {
            reqwest::Client::new()
                .put(format!("{base}/sandbox/faults"))
                .json(&body)
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap();
        })
    };
    faults(serde_json::json!({"hold_spending": true}));
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..16 {
            let (sender, order, env) = (sender.clone(), order.clone(), &env);
            scope.spawn(move || {
                let args: Vec<&str> = order.iter().map(String::as_str).collect();
                sender.send(env.run(&args)).unwrap();
            });
        }
        drop(sender);
        // Fifteen are told while the one sent is held; then it is let go.
        let mut outputs: Vec<Output> = (0..15).map(|_| receiver.recv().unwrap()).collect();
        faults(serde_json::json!({}));
        outputs.push(receiver.recv().unwrap());
        let codes: Vec<Option<i32>> = outputs.iter().map(|o| o.status.code()).collect();
        assert_eq!(
            codes.iter().filter(|c| **c == Some(0)).count(),
            1,
            "{codes:?}"
        );
        for output in outputs.iter().filter(|o| o.status.code() != Some(0)) {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{stderr}");
            assert!(stderr.contains("order is already being sent"), "{stderr}");
            assert!(stderr.contains("by process"), "{stderr}");
        }
    });
    let log = env.runtime.block_on(crate::common::request_log(&base));
    let posts = log
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/api/v1/orders")
        .count();
    assert_eq!(posts, 1, "exactly one order POST reached the sandbox");
}

#[test]
fn a_second_order_of_the_same_image_with_another_option_is_named_and_sent_only_with_buy_again() {
    let env = Env::start();
    let aoi = aoi();
    let order = oneplan_order(&aoi, "cli-twice");
    env.ok(&order);
    // The same window and AOI in GeoTIFF: another body, the same image. --again is for the
    // same body and is not enough.
    let mut geotiff = order.clone();
    let format = geotiff
        .iter()
        .position(|a| *a == "image_format=dimap_jpeg2000_regular")
        .unwrap();
    geotiff[format] = "image_format=dimap_geotiff";
    env.fails(
        &geotiff,
        2,
        "already bought? an earlier order buys the same image",
    );
    env.fails(
        &geotiff,
        2,
        "on an overlapping window, its AOI covering 100 %",
    );
    let again = [&geotiff[..], &["--again"]].concat();
    env.fails(&again, 2, "add --buy-again");
    let on_purpose = [&geotiff[..], &["--buy-again"]].concat();
    env.ok(&on_purpose);
}
