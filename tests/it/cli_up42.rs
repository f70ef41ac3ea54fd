//! The UP42 tasking commands of `sattask api` run as a person runs them, against the sandbox
//! over loopback: the whole flow from the estimate to the delivered order (the sandbox's clock
//! moved on through its control endpoint, never slept on), the same order and the same option
//! sent once, and an invalid AOI that never reaches UP42.

use crate::cli_api::Env;
use crate::common::{advance_clock, request_log};

const WORKSPACE: &str = "096e3715-e908-473f-b527-d12af3e254b6";
/// The sandbox's Pléiades tasking display product: a feasibility study follows an order.
const PHR_DISPLAY: &str = "47dadb27-9532-4552-93a5-48f70a83eaef";
const AOI: &str = "POLYGON((1.4 43.6, 1.5 43.6, 1.5 43.7, 1.4 43.7, 1.4 43.6))";
const BOW_TIE: &str = "POLYGON((2 1, 1 2, 1 1, 2 2, 2 1))";

/// An estimate or order (`command`) of the Pléiades display product over `aoi`.
fn body<'a>(command: &'a str, aoi: &'a str) -> Vec<&'a str> {
    vec![
        command,
        "--aoi",
        aoi,
        "--data-product",
        PHR_DISPLAY,
        "--param",
        "acquisitionStart=2026-12-02T00:00:00Z",
        "--param",
        "acquisitionEnd=2026-12-30T00:00:00Z",
        "--workspace",
        WORKSPACE,
    ]
}

fn advance(env: &Env, seconds: u64) {
    let base = env.sandbox.base_url();
    env.runtime.block_on(advance_clock(&base, seconds));
}

fn posts_to(env: &Env, path: &str) -> usize {
    let base = env.sandbox.base_url();
    env.runtime
        .block_on(request_log(&base))
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == path)
        .count()
}

#[test]
fn a_up42_order_from_the_estimate_to_delivery() {
    let env = Env::start();
    let collections = env.ok(&["up42-collections"]);
    let products: Vec<&str> = collections
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["dataProducts"].as_array().unwrap())
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(products.contains(&PHR_DISPLAY), "{collections}");
    let schema = env.ok(&["up42-schema", PHR_DISPLAY]);
    assert!(schema["properties"]["acquisitionStart"].is_object());

    let estimate = env.ok(&body("up42-estimate", AOI));
    let credits = estimate["summary"]["totalCredits"].as_f64().unwrap();
    assert!(credits > 0.0, "{estimate}");

    // Without --yes nothing is sent; with it, once; the same order again is held back.
    let mut order = body("up42-order", AOI);
    order.extend(["--name", "cli flow"]);
    env.fails(&order, 2, "add --yes");
    order.push("--yes");
    let placed = env.ok(&order);
    let id = placed["results"][0]["id"].as_str().unwrap().to_owned();
    env.fails(&order, 2, "already sent");
    assert_eq!(posts_to(&env, "/v2/orders"), 1, "one order sent");

    advance(&env, 3601);
    let waiting = env.ok(&[
        "up42-orders",
        "--sub-status",
        "FEASIBILITY_WAITING_RESPONSE",
    ]);
    assert_eq!(waiting["content"][0]["id"], id.as_str(), "{waiting}");
    let studies = env.ok(&["up42-studies", "--order", &id]);
    let study = studies["content"][0]["id"].as_str().unwrap().to_owned();
    let option = studies["content"][0]["options"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let choose = ["choose-study-option", &study, &option, "--yes"];
    let chosen = env.ok(&choose);
    assert_eq!(chosen["decision"], "ACCEPTED");
    env.fails(&choose, 2, "already sent");

    advance(&env, 3601);
    let quotations = env.ok(&["quotations", "--order-id", &id]);
    let quotation = quotations["content"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        quotations["content"][0]["creditsPrice"].as_f64(),
        Some(credits)
    );
    env.ok(&["accept-quotation", &quotation, "--yes"]);

    advance(&env, 86_401);
    advance(&env, 2 * 86_400 + 1);
    let delivered = env.ok(&["up42-orders", "--status", "FULFILLED"]);
    assert_eq!(delivered["content"][0]["id"], id.as_str(), "{delivered}");
}

#[test]
fn an_invalid_aoi_never_reaches_up42() {
    let env = Env::start();
    env.fails(&body("up42-estimate", BOW_TIE), 2, "self_intersection");
    let mut order = body("up42-order", BOW_TIE);
    order.push("--yes");
    env.fails(&order, 2, "self_intersection");
    assert_eq!(posts_to(&env, "/v2/orders/estimate"), 0);
    assert_eq!(posts_to(&env, "/v2/orders"), 0);
}
