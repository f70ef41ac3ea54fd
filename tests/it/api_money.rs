//! The money path against the sandbox over loopback: an order whose answer is lost to an
//! injected fault (a 503, a dropped connection) is journaled unknown and held back, then
//! reconciled by looking it up, settled, and only sent again when it was not placed.

use std::path::Path;
use std::time::Duration;

use crate::common::{client_options, oneatlas_client, request_log, start_sandbox, unpaced};
use sattask::aoi::Imported;
use sattask::aoi::formats::import_file;
use sattask::api::CheckHint;
use sattask::api::ids::{ContractId, ProductTypeId};
use sattask::api::oneatlas::OneAtlasClient;
use sattask::api::oneatlas::models::OrderRequest;
use sattask::tasking::journal::{EntryState, Journal};
use sattask::tasking::money::{MoneyError, MoneyPath, Spend, SpendKind};
use sattask::tasking::reconcile::{Reconciliation, reconcile};
use sattask::tasking::requests::{OrderParams, order_request, property_value};
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

fn spend(request: &OrderRequest) -> Spend {
    Spend {
        kind: SpendKind::Order,
        key: serde_json::to_value(request).unwrap(),
        customer_reference: request.customer_reference.clone(),
        check: CheckHint::Taskings {
            contract: request.contract_id.clone(),
            customer_reference: request.customer_reference.clone(),
        },
    }
}

async fn set_faults(base: &str, faults: serde_json::Value) {
    reqwest::Client::new()
        .put(format!("{base}/sandbox/faults"))
        .json(&faults)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

async fn order(
    money: &MoneyPath,
    client: &OneAtlasClient,
    request: &OrderRequest,
    again: bool,
) -> Result<String, MoneyError> {
    let ticket = money.begin(spend(request), again)?;
    let answer = money.send(ticket, client.order(request)).await?;
    Ok(answer.sales_order_id.unwrap().to_string())
}

#[tokio::test]
async fn a_lost_order_is_held_back_reconciled_and_settled() {
    let sandbox = start_sandbox(unpaced(Some(datetime!(2026-12-01 00:00 UTC)))).await;
    let base = sandbox.base_url();
    let client = oneatlas_client(
        &base,
        "sandbox",
        &client_options(Duration::from_secs(10), 1),
    );
    client.contracts().await.unwrap(); // the token is taken before the faults start
    let dir = tempfile::tempdir().unwrap();
    let money = MoneyPath::new(Journal::at(dir.path().join("orders.jsonl")));
    let request = plan_order("money-503");
    let hint = spend(&request).check;

    // A 503 on the order: unknown, never failed, and the same order is held back.
    set_faults(&base, json!({"error_rate": 1.0})).await;
    let error = order(&money, &client, &request, false).await.unwrap_err();
    assert!(matches!(error, MoneyError::Unknown { .. }), "{error}");
    assert_eq!(error.check(), Some(&hint));
    set_faults(&base, json!({})).await;
    let held = order(&money, &client, &request, false).await.unwrap_err();
    assert!(matches!(held, MoneyError::AlreadySent { .. }), "{held}");
    let unclear = money.unclear();
    assert_eq!(unclear.len(), 1);
    assert_eq!(unclear[0].state, EntryState::Unknown);
    assert_eq!(unclear[0].check.as_ref(), Some(&hint));

    // The sandbox answered 503 before handling it: the look-up finds nothing, and once
    // settled the order may be sent again.
    assert_eq!(
        reconcile(&client, &hint).await.unwrap(),
        Reconciliation::NotFound
    );
    money.settle(&unclear[0].id, None).unwrap();
    assert!(money.unclear().is_empty());
    order(&money, &client, &request, false).await.unwrap();
    let Reconciliation::Found { detail } = reconcile(&client, &hint).await.unwrap() else {
        panic!("the placed order is found");
    };
    assert!(detail.contains("tasking"), "{detail}");
    assert!(matches!(
        order(&money, &client, &request, false).await,
        Err(MoneyError::AlreadySent { .. })
    ));

    // A dropped connection: before or after the sandbox handled it, at random. The look-up
    // tells which, and agrees with the sandbox's own log.
    let request = plan_order("money-drop");
    let hint = spend(&request).check;
    set_faults(&base, json!({"drop_rate": 1.0})).await;
    let error = order(&money, &client, &request, false).await.unwrap_err();
    set_faults(&base, json!({})).await;
    assert!(matches!(error, MoneyError::Unknown { .. }), "{error}");
    let log = request_log(&base).await;
    let dropped = log
        .iter()
        .rev()
        .find(|r| r["path"] == "/api/v1/orders")
        .unwrap();
    let found = reconcile(&client, &hint).await.unwrap();
    match dropped["outcome"].as_str().unwrap() {
        "fault_drop_after" => assert!(matches!(found, Reconciliation::Found { .. }), "{found:?}"),
        "fault_drop_before" => assert_eq!(found, Reconciliation::NotFound),
        other => panic!("unexpected outcome {other}"),
    }
    let entry = money.unclear().pop().unwrap();
    let detail = match found {
        Reconciliation::Found { detail } => Some(detail),
        _ => None,
    };
    let placed = detail.is_some();
    money.settle(&entry.id, detail).unwrap();
    assert!(money.unclear().is_empty());
    assert_eq!(
        order(&money, &client, &request, false).await.is_ok(),
        !placed,
        "sent again only when it was not placed"
    );
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
