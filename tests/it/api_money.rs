//! The money path against the sandbox over loopback: an order whose answer is lost to an
//! injected fault (a 503, a dropped connection) is journaled unknown and held back, then
//! reconciled by looking it up, settled, and only sent again when it was not placed.

use std::path::Path;
use std::time::Duration;

use crate::common::{
    client_options, oneatlas_client, request_log, set_faults, start_sandbox, unpaced,
};
use sattask::aoi::Imported;
use sattask::aoi::formats::import_file;
use sattask::api::CheckHint;
use sattask::api::credentials::Backend;
use sattask::api::ids::TaskingId;
use sattask::api::ids::{ContractId, ProductTypeId};
use sattask::api::oneatlas::OneAtlasClient;
use sattask::api::oneatlas::models::OrderRequest;
use sattask::tasking::act::Act;
use sattask::tasking::requests::{OrderParams, order_request, property_value};
use sattask::tasking::spend::journal::{Destination, EntryState, Journal};
use sattask::tasking::spend::money::{MoneyError, MoneyPath};
use sattask::tasking::spend::reconcile::{Reconciliation, reconcile};
use sattask::tasking::spend::{Clients, Reach, Spending, check, spend};
use serde_json::json;
use time::macros::datetime;

const LEGACY: &str = "CTR24000001";

fn plan_order(reference: &str) -> OrderRequest {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/valid.geojson");
    let Some(Imported::Aoi(aoi)) = import_file(&path).unwrap().items.into_iter().next() else {
        panic!("the fixture holds a polygon");
    };
    let options = [
        ("processing_level", "ortho"),
        ("spectral_processing", "pansharpened_natural_color"),
        ("radiometric_processing", "basic"),
        ("image_format", "dimap_jpeg2000_regular"),
        ("pixel_coding", "8bits"),
        ("projection_1", "4326"),
        ("licence", "standard"),
        ("dem", "best_available"),
    ];
    let properties = [
        ("classification", "EASY"),
        ("feasibilityAutomation", "AUTOMATIC"),
        ("maxCloudCover", "10"),
        ("maxIncidenceAngle", "30"),
    ];
    let params = OrderParams {
        contract: ContractId::from(LEGACY),
        product: ProductTypeId::from("PleiadesTaskingOnePlan"),
        segment_key: None,
        options: options
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        properties: properties
            .iter()
            .map(|(k, v)| ((*k).to_owned(), property_value(v)))
            .collect(),
        acq_period: Some((
            datetime!(2026-12-10 00:00 UTC),
            datetime!(2027-03-10 00:00 UTC),
        )),
        customer_reference: Some(reference.to_owned()),
        market: "NQUAL".to_owned(),
        workspace: None,
    };
    order_request(&aoi, &params).unwrap()
}

fn hint(request: &OrderRequest) -> CheckHint {
    CheckHint::Taskings {
        contract: request.contract_id.clone(),
        customer_reference: request.customer_reference.clone(),
    }
}

/// The clients of a test, filed as gone to the sandbox at `base`.
fn clients(client: &OneAtlasClient, base: &str) -> Clients {
    let at = Destination::new(Backend::Sandbox, base);
    Clients {
        oneatlas: Reach {
            client: Ok(client.clone()),
            at: at.clone(),
        },
        up42: Reach {
            client: Err("not used".to_owned()),
            at,
        },
    }
}

/// A sandbox on loopback and a client of it whose token is taken (before any fault starts).
async fn sandbox_and_client() -> (sattask::sandbox::Sandbox, String, OneAtlasClient) {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2026-12-01 00:00 UTC)))).await;
    let base = sandbox.base_url();
    let client = oneatlas_client(
        &base,
        "sandbox",
        &client_options(Duration::from_secs(10), 1),
    );
    client.contracts().await.unwrap();
    (sandbox, base, client)
}

async fn order(
    money: &MoneyPath,
    clients: &Clients,
    request: &OrderRequest,
    again: bool,
) -> Result<String, MoneyError> {
    let spending = Spending::order(request.clone(), false);
    let answer = spend(money, clients, spending, again).await?;
    Ok(answer["salesOrderId"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_lost_order_is_held_back_reconciled_and_settled() {
    let (_sandbox, base, client) = sandbox_and_client().await;
    let clients = clients(&client, &base);
    let dir = tempfile::tempdir().unwrap();
    let money = MoneyPath::new(Journal::at(dir.path().join("orders.jsonl")));
    let request = plan_order("money-503");
    let hint = hint(&request);

    // A 503 on the order: unknown, never failed, and the same order is held back.
    set_faults(&base, json!({"error_rate": 1.0})).await;
    let error = order(&money, &clients, &request, false).await.unwrap_err();
    assert!(matches!(error, MoneyError::Unknown { .. }), "{error}");
    assert_eq!(error.check(), Some(&hint));
    set_faults(&base, json!({})).await;
    let held = order(&money, &clients, &request, false).await.unwrap_err();
    assert!(matches!(held, MoneyError::AlreadySent { .. }), "{held}");
    let unclear = money.unclear();
    assert_eq!(unclear.len(), 1);
    assert_eq!(unclear[0].state, EntryState::Unknown);
    assert_eq!(unclear[0].check.as_ref(), Some(&hint));
    assert_eq!(
        unclear[0].went_to,
        Some(Destination::new(Backend::Sandbox, &base)),
        "the entry records where it went"
    );

    // The sandbox answered 503 before handling it: the check finds nothing and settles the
    // entry, and the order may be sent again.
    let found = check(&money, &clients, &hint, Some(&unclear[0].id))
        .await
        .unwrap();
    assert_eq!(found, Reconciliation::NotFound);
    assert!(money.unclear().is_empty());
    order(&money, &clients, &request, false).await.unwrap();
    let Reconciliation::Found { detail } = reconcile(&client, &hint).await.unwrap() else {
        panic!("the placed order is found");
    };
    assert!(detail.contains("tasking"), "{detail}");
    assert!(matches!(
        order(&money, &clients, &request, false).await,
        Err(MoneyError::AlreadySent { .. })
    ));
}

/// A dropped connection, before or after the sandbox handled the order, as the test chooses:
/// the check tells which, settles the entry, and the order is sent again only when it was not
/// placed.
async fn a_dropped_order(point: &str, placed: bool) {
    let (_sandbox, base, client) = sandbox_and_client().await;
    let clients = clients(&client, &base);
    let dir = tempfile::tempdir().unwrap();
    let money = MoneyPath::new(Journal::at(dir.path().join("orders.jsonl")));
    let request = plan_order(&format!("money-drop-{point}"));
    let hint = hint(&request);
    set_faults(&base, json!({"drop_next": point})).await;
    let error = order(&money, &clients, &request, false).await.unwrap_err();
    assert!(matches!(error, MoneyError::Unknown { .. }), "{error}");
    let log = request_log(&base).await;
    let dropped = log
        .iter()
        .rev()
        .find(|r| r["path"] == "/api/v1/orders")
        .unwrap();
    assert_eq!(dropped["outcome"], format!("fault_drop_{point}"));
    // Used once: the faults are clear again.
    let entry = money.unclear().pop().unwrap();
    let found = check(&money, &clients, &hint, Some(&entry.id))
        .await
        .unwrap();
    assert_eq!(
        matches!(found, Reconciliation::Found { .. }),
        placed,
        "{found:?}"
    );
    assert!(money.unclear().is_empty());
    assert_eq!(
        order(&money, &clients, &request, false).await.is_ok(),
        !placed,
        "sent again only when it was not placed"
    );
}

#[tokio::test]
async fn an_order_dropped_before_it_was_handled_may_be_sent_again_after_the_check() {
    a_dropped_order("before", false).await;
}

#[tokio::test]
async fn an_order_dropped_after_it_was_handled_is_found_and_held_back() {
    a_dropped_order("after", true).await;
}

#[tokio::test]
async fn a_check_against_another_backend_or_host_settles_nothing() {
    let (_sandbox, base, client) = sandbox_and_client().await;
    let dir = tempfile::tempdir().unwrap();
    let money = MoneyPath::new(Journal::at(dir.path().join("orders.jsonl")));
    let request = plan_order("money-elsewhere");
    let hint = hint(&request);
    // Sent to "the real OneAtlas" (this sandbox, filed as such), the answer lost.
    let mut real = clients(&client, &base);
    real.oneatlas.at = Destination::new(Backend::Oneatlas, "https://order.api.oneatlas.airbus.com");
    set_faults(&base, json!({"drop_next": "before"})).await;
    order(&money, &real, &request, false).await.unwrap_err();
    let entry = money.unclear().pop().unwrap();
    // Checked from a window on the sandbox: the sandbox has never seen it and would answer
    // "not found"; the check refuses, says where the order went, and settles nothing.
    let here = clients(&client, &base);
    let before = request_log(&base).await.len();
    let refused = check(&money, &here, &hint, Some(&entry.id))
        .await
        .unwrap_err();
    let text = refused.to_string();
    assert!(matches!(refused, MoneyError::Elsewhere { .. }), "{text}");
    assert!(
        text.contains("went to oneatlas at https://order.api.oneatlas.airbus.com"),
        "{text}"
    );
    assert!(
        text.contains(&format!("connected to sandbox at {base}")),
        "{text}"
    );
    let by_hint = check(&money, &here, &hint, None).await.unwrap_err();
    assert!(matches!(by_hint, MoneyError::Elsewhere { .. }), "{by_hint}");
    assert_eq!(
        request_log(&base).await.len(),
        before,
        "nothing was looked up"
    );
    assert_eq!(money.unclear().len(), 1, "the entry stays unclear");
    assert!(matches!(
        order(&money, &here, &request, false).await,
        Err(MoneyError::AlreadySent { .. })
    ));
    // Where it went, it is checked and settled.
    let found = check(&money, &real, &hint, Some(&entry.id)).await.unwrap();
    assert_eq!(found, Reconciliation::NotFound);
    assert!(money.unclear().is_empty());
}

/// Spending calls the sandbox has received (its request log).
async fn posts(base: &str, path: &str) -> usize {
    request_log(base)
        .await
        .iter()
        .filter(|r| r["path"] == path && r["method"] != "GET")
        .count()
}

/// Sends `spending` from a thread of its own, with its own runtime, client and handles on the
/// journal (as another process has), once `start` lets it go; its answer goes to `answers`.
fn spend_in_a_thread(
    base: &str,
    journal: &std::path::Path,
    spending: Spending,
    start: std::sync::Arc<std::sync::Barrier>,
    answers: std::sync::mpsc::Sender<Result<serde_json::Value, MoneyError>>,
) {
    let (base, journal) = (base.to_owned(), journal.to_path_buf());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = oneatlas_client(
            &base,
            "sandbox",
            &client_options(Duration::from_secs(30), 1),
        );
        let clients = clients(&client, &base);
        let money = MoneyPath::new(Journal::at(journal));
        start.wait();
        let answer = runtime.block_on(spend(&money, &clients, spending, false));
        answers.send(answer).unwrap();
    });
}

/// Runs `spending` from `threads` threads at once, each with its own runtime and its own
/// handles on one journal (as many processes have), against a sandbox that holds spending
/// calls. Waits until all but the one that got through have answered, then lets the held call
/// go; returns every answer.
async fn at_once(
    base: &str,
    journal: &std::path::Path,
    threads: usize,
    spending: Spending,
) -> Vec<Result<serde_json::Value, MoneyError>> {
    set_faults(base, json!({"hold_spending": true})).await;
    let (sender, receiver) = std::sync::mpsc::channel();
    let start = std::sync::Arc::new(std::sync::Barrier::new(threads));
    for _ in 0..threads {
        spend_in_a_thread(
            base,
            journal,
            spending.clone(),
            start.clone(),
            sender.clone(),
        );
    }
    drop(sender);
    let mut answers = Vec::new();
    // All but one answer while the one sent is held.
    while answers.len() < threads - 1 {
        let next = tokio::task::block_in_place(|| receiver.recv()).unwrap();
        answers.push(next);
    }
    set_faults(base, json!({})).await;
    answers.push(tokio::task::block_in_place(|| receiver.recv()).unwrap());
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_at_once_send_the_same_order_once() {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2026-12-01 00:00 UTC)))).await;
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("orders.jsonl");
    let spending = Spending::order(plan_order("sixteen"), false);
    let answers = at_once(&base, &journal, 16, spending).await;
    assert_eq!(posts(&base, "/api/v1/orders").await, 1, "exactly one POST");
    let (sent, held): (Vec<_>, Vec<_>) = answers.into_iter().partition(Result::is_ok);
    assert_eq!(sent.len(), 1);
    for answer in held {
        let error = answer.unwrap_err();
        assert!(matches!(error, MoneyError::BeingSent { .. }), "{error}");
        let text = error.to_string();
        assert!(text.contains("order is already being sent"), "{text}");
        assert!(text.contains("nothing was sent now"), "{text}");
    }
    let money = MoneyPath::new(Journal::at(&journal));
    assert!(money.unclear().is_empty());
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(lines.lines().count(), 2, "sending, then done:\n{lines}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_decisions_at_once_send_one() {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2026-12-01 00:00 UTC)))).await;
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("orders.jsonl");
    // The tasking need not exist: what counts is how many calls reach the service.
    let act = Act::Cancel {
        contract: ContractId::from(LEGACY),
        tasking: TaskingId::from("ICR_FC_000042"),
    };
    let answers = at_once(&base, &journal, 2, Spending::Decide(act)).await;
    assert_eq!(
        posts(
            &base,
            "/api/v1/contracts/CTR24000001/taskings/ICR_FC_000042/cancel"
        )
        .await,
        1
    );
    let being_sent = answers
        .iter()
        .filter(|a| matches!(a, Err(MoneyError::BeingSent { .. })))
        .count();
    assert_eq!(being_sent, 1, "{answers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settle_while_another_process_sends_is_refused() {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2026-12-01 00:00 UTC)))).await;
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("orders.jsonl");
    let request = plan_order("settle-while-sending");
    let hint = hint(&request);
    set_faults(&base, json!({"hold_spending": true})).await;
    let (sender, answer) = std::sync::mpsc::channel();
    let spending = Spending::order(request.clone(), false);
    let alone = std::sync::Arc::new(std::sync::Barrier::new(1));
    spend_in_a_thread(&base, &journal, spending, alone, sender);
    // Another process (its own handles) sees the entry sending once it is journaled.
    let money = MoneyPath::new(Journal::at(&journal));
    let entry = loop {
        if let Some(entry) = money.unclear().pop() {
            break entry;
        }
        tokio::task::yield_now().await;
    };
    let client = oneatlas_client(
        &base,
        "sandbox",
        &client_options(Duration::from_secs(10), 1),
    );
    let here = clients(&client, &base);
    // The look-up comes before the held order arrives: it finds nothing, and must not free it.
    let refused = check(&money, &here, &hint, Some(&entry.id))
        .await
        .unwrap_err();
    assert!(matches!(refused, MoneyError::BeingSent { .. }), "{refused}");
    let refused = money
        .settle(&entry.id, None, &here.oneatlas.at)
        .unwrap_err();
    assert!(matches!(refused, MoneyError::BeingSent { .. }), "{refused}");
    set_faults(&base, json!({})).await;
    let answer = tokio::task::block_in_place(|| answer.recv()).unwrap();
    assert!(answer.is_ok(), "{answer:?}");
    assert!(money.unclear().is_empty());
    assert_eq!(posts(&base, "/api/v1/orders").await, 1);
}

#[tokio::test]
async fn hints_without_a_reference_cannot_tell_and_up42_hints_are_not_looked_up() {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2026-12-01 00:00 UTC)))).await;
    let client = oneatlas_client(
        &sandbox.base_url(),
        "sandbox",
        &client_options(Duration::from_secs(10), 1),
    );
    for hint in [
        CheckHint::Taskings {
            contract: ContractId::from(LEGACY),
            customer_reference: None,
        },
        CheckHint::Up42Quotation { id: "q".into() },
    ] {
        assert!(matches!(
            reconcile(&client, &hint).await.unwrap(),
            Reconciliation::CannotTell { .. }
        ));
    }
    let neo = CheckHint::NeoOrders {
        contract: ContractId::from("CTR24000002"),
        customer_reference: Some("nothing like it".to_owned()),
    };
    assert_eq!(
        reconcile(&client, &neo).await.unwrap(),
        Reconciliation::NotFound
    );
}
