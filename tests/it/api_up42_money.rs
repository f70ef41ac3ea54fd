//! UP42 tasking orders and feasibility options on the money path, against the sandbox over
//! loopback: the same order placed twice is sent once, an order whose answer was lost is looked
//! up (`GET /v2/orders?workspaceId=&displayName=`) and found, never resent, and a study's
//! option is chosen once.

use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::common::spending::{clients, own_money, up42_client};
use crate::common::{
    advance_clock, request_log, set_faults, start_sandbox, toulouse_geojson, unpaced,
};
use sattask::api::up42::Up42Client;
use sattask::api::up42::models::{OrderQuery, OrderRequest};
use sattask::tasking::spend::{
    Clients, MoneyError, MoneyPath, Reconciliation, Spending, check, spend, spend_of,
};

const START: OffsetDateTime = datetime!(2030-03-01 00:00 UTC);
const WORKSPACE: &str = "096e3715-e908-473f-b527-d12af3e254b6";

/// A sandbox, its base URL, a UP42 client of it, the clients the money path takes and a money
/// path on a journal of its own.
struct Setup {
    _sandbox: sattask::sandbox::Sandbox,
    base: String,
    client: Up42Client,
    reach: Clients,
    _dir: tempfile::TempDir,
    money: MoneyPath,
}

async fn setup() -> Setup {
    let sandbox = start_sandbox(unpaced(Some(START))).await;
    let base = sandbox.base_url();
    let client = up42_client(&base);
    // The token first, so that a fault the test sets meets the order, not the login.
    client.collections(0).await.unwrap();
    let reach = clients(None, Some(&client));
    let (dir, money) = own_money();
    Setup {
        _sandbox: sandbox,
        base,
        client,
        reach,
        _dir: dir,
        money,
    }
}

/// A tasking order of the first product that needs a feasibility study.
async fn study_order(client: &Up42Client, name: &str) -> OrderRequest {
    let page = client.collections(0).await.unwrap();
    let collection = page
        .content
        .iter()
        .find(|c| c.is_tasking() && c.needs_study())
        .unwrap();
    OrderRequest {
        data_product: collection.data_products[0].id.clone().unwrap(),
        display_name: name.into(),
        params: json!({"acquisitionStart": "2030-03-02T00:00:00Z", "acquisitionEnd": "2030-03-30T00:00:00Z"}),
        feature_collection: json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": toulouse_geojson()},
        ]}),
        tags: vec![],
    }
}

fn posts(log: &[serde_json::Value], path: &str) -> usize {
    log.iter()
        .filter(|r| r["method"] == "POST" && r["path"] == path)
        .count()
}

async fn orders_named(client: &Up42Client, name: &str) -> u64 {
    client
        .orders(&OrderQuery {
            display_name: Some(name.into()),
            ..OrderQuery::default()
        })
        .await
        .unwrap()
        .total_elements
}

#[tokio::test]
async fn the_same_up42_order_placed_twice_is_sent_once() {
    let setup = setup().await;
    let (base, client, reach, money) = (&setup.base, &setup.client, &setup.reach, &setup.money);
    let request = study_order(client, "twice").await;
    let placed = spend(
        money,
        reach,
        Spending::up42_order(WORKSPACE, request.clone()),
        false,
    )
    .await
    .unwrap();
    assert_eq!(placed["results"].as_array().unwrap().len(), 1, "{placed}");
    // Another name is a label: the same order, held back.
    let mut renamed = request.clone();
    renamed.display_name = "twice, renamed".into();
    let again = spend(
        money,
        reach,
        Spending::up42_order(WORKSPACE, renamed),
        false,
    )
    .await;
    assert!(
        matches!(again, Err(MoneyError::AlreadySent { .. })),
        "{again:?}"
    );
    assert_eq!(posts(&request_log(base).await, "/v2/orders"), 1);
    assert_eq!(orders_named(client, "twice").await, 1);
    // Said on purpose, it is sent again.
    spend(money, reach, Spending::up42_order(WORKSPACE, request), true)
        .await
        .unwrap();
    assert_eq!(posts(&request_log(base).await, "/v2/orders"), 2);
}

#[tokio::test]
async fn an_unclear_up42_order_is_looked_up_found_and_never_resent() {
    let setup = setup().await;
    let (base, client, reach, money) = (&setup.base, &setup.client, &setup.reach, &setup.money);
    let request = study_order(client, "dropped after").await;
    let spending = Spending::up42_order(WORKSPACE, request.clone());
    let hint = spend_of(&spending).check;
    set_faults(base, json!({"drop_next": "after"})).await;
    let error = spend(money, reach, spending.clone(), false)
        .await
        .unwrap_err();
    assert!(matches!(error, MoneyError::Unknown { .. }), "{error}");
    assert_eq!(
        posts(&request_log(base).await, "/v2/orders"),
        1,
        "not resent"
    );
    let entry = money.unclear().pop().unwrap();
    let found = check(money, reach, &hint, Some(&entry.id)).await.unwrap();
    let Reconciliation::Found { detail } = found else {
        panic!("the order placed before the drop is found: {found:?}");
    };
    assert!(detail.contains("CREATED"), "{detail}");
    assert!(money.unclear().is_empty());
    assert!(matches!(
        spend(money, reach, spending, false).await,
        Err(MoneyError::AlreadySent { .. })
    ));
    assert_eq!(posts(&request_log(base).await, "/v2/orders"), 1);
    assert_eq!(orders_named(client, "dropped after").await, 1);
}

#[tokio::test]
async fn an_order_dropped_before_it_was_handled_is_not_found() {
    let setup = setup().await;
    let (base, client, reach, money) = (&setup.base, &setup.client, &setup.reach, &setup.money);
    let spending = Spending::up42_order(WORKSPACE, study_order(client, "dropped before").await);
    set_faults(base, json!({"drop_next": "before"})).await;
    spend(money, reach, spending.clone(), false)
        .await
        .unwrap_err();
    let found = check(money, reach, &spend_of(&spending).check, None)
        .await
        .unwrap();
    assert_eq!(found, Reconciliation::NotFound);
    // Settled as not sent: the same order may go now, without --again.
    spend(money, reach, spending, false).await.unwrap();
    assert_eq!(orders_named(client, "dropped before").await, 1);
}

#[tokio::test]
async fn a_study_option_is_chosen_once() {
    let setup = setup().await;
    let (base, client, reach, money) = (&setup.base, &setup.client, &setup.reach, &setup.money);
    let request = study_order(client, "study").await;
    let placed = spend(
        money,
        reach,
        Spending::up42_order(WORKSPACE, request),
        false,
    )
    .await
    .unwrap();
    let order = placed["results"][0]["id"].as_str().unwrap().to_owned();
    advance_clock(base, 3601).await;
    let studies = client.feasibility_studies(Some(&order)).await.unwrap();
    let study = &studies.content[0];
    let option = study.options[0]["id"].as_str().unwrap().to_owned();
    let choose = Spending::ChooseStudyOption {
        study: study.id.clone(),
        option: option.clone(),
    };
    let hint = spend_of(&choose).check;
    let chosen = spend(money, reach, choose.clone(), false).await.unwrap();
    assert_eq!(chosen["decision"], "ACCEPTED", "{chosen}");
    assert!(matches!(
        spend(money, reach, choose, false).await,
        Err(MoneyError::AlreadySent { .. })
    ));
    let patches = request_log(base)
        .await
        .iter()
        .filter(|r| r["method"] == "PATCH")
        .count();
    assert_eq!(patches, 1, "chosen once");
    // Looked up, the study says the option went through.
    let found = sattask::tasking::spend::reconcile_up42::reconcile_up42(client, &hint)
        .await
        .unwrap();
    assert!(
        matches!(&found, Reconciliation::Found { detail } if detail.contains(&option)),
        "{found:?}"
    );
}
