//! The typed UP42 tasking calls (`api::up42`, `tasking.rs`) against the sandbox over loopback:
//! the catalogue, a schema, an estimate, an order placed once, the orders read back typed, its
//! study's option chosen, its quotation accepted and its coverage growing to delivery.

use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::common::spending::{Up42Spends, up42_client};
use crate::common::{advance_clock, start_sandbox, toulouse_geojson, unpaced};
use sattask::api::ids::QuotationId;
use sattask::api::up42::Decision;
use sattask::api::up42::models::{OrderQuery, OrderRequest, QuotationQuery};

const START: OffsetDateTime = datetime!(2030-03-01 00:00 UTC);
const WORKSPACE: &str = "096e3715-e908-473f-b527-d12af3e254b6";

#[tokio::test]
async fn a_tasking_order_from_the_catalogue_to_delivery() {
    let sandbox = start_sandbox(unpaced(Some(START))).await;
    let base = sandbox.base_url();
    let client = up42_client(&base);

    let page = client.collections(0).await.unwrap();
    assert!(page.content.skipped().is_empty());
    let tasking: Vec<_> = page.content.iter().filter(|c| c.is_tasking()).collect();
    assert!(tasking.len() >= 3);
    let phr = tasking.iter().find(|c| c.needs_study()).unwrap();
    assert_eq!(phr.providers[0].name, "oneatlas");
    let product = phr.data_products[0].id.clone().unwrap();
    let schema = client.order_schema(&product).await.unwrap();
    assert!(
        schema["required"]
            .as_array()
            .unwrap()
            .contains(&json!("acquisitionStart"))
    );

    let bow_tie = json!({"type": "Polygon", "coordinates": [[[2.0, 1.0], [1.0, 2.0], [1.0, 1.0], [2.0, 2.0], [2.0, 1.0]]]});
    let request = OrderRequest {
        data_product: product.clone(),
        display_name: "typed client".into(),
        params: json!({"acquisitionStart": "2030-03-02T00:00:00Z", "acquisitionEnd": "2030-03-30T00:00:00Z"}),
        feature_collection: json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": toulouse_geojson()},
            {"type": "Feature", "properties": {}, "geometry": bow_tie},
        ]}),
        tags: vec!["typed".into()],
    };
    let estimate = client.estimate(&request).await.unwrap();
    let credits = estimate.summary.total_credits.number().unwrap();
    let size = estimate.results[0].size.number().unwrap();
    assert_eq!(credits, (size * 1000.0).round());
    assert_eq!(estimate.errors[0].index, 1);

    // Placing an order spends: through the money path, like every spending call.
    let placed = client.place_order_once(WORKSPACE, &request).await.unwrap();
    assert_eq!(placed.results.len(), 1);
    assert_eq!(placed.errors[0].index, 1);
    let id = placed.results[0].id.clone();
    let order = client.tasking_order(&id).await.unwrap();
    assert_eq!(order.status.as_deref(), Some("CREATED"));
    assert_eq!(order.sub_status(), Some("FEASIBILITY_WAITING_UPLOAD"));
    assert_eq!(order.tags, ["typed"]);

    advance_clock(&base, 3601).await;
    let waiting = client
        .orders(&OrderQuery {
            sub_status: vec!["FEASIBILITY_WAITING_RESPONSE".into()],
            kind: Some("TASKING".into()),
            ..OrderQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(waiting.total_elements, 1);
    assert_eq!(waiting.content[0].id, id);
    let studies = client.feasibility_studies(Some(id.as_str())).await.unwrap();
    let study = &studies.content[0];
    let option = study.options[0]["id"].as_str().unwrap();
    let chosen = client.choose_option_once(&study.id, option).await.unwrap();
    assert_eq!(chosen["decision"], "ACCEPTED", "{chosen}");

    advance_clock(&base, 3601).await;
    let quotations = client
        .quotations(&QuotationQuery {
            order_id: Some(id.0.clone()),
            ..QuotationQuery::default()
        })
        .await
        .unwrap();
    let quotation = &quotations.content[0];
    assert_eq!(quotation.credits_price, Some(credits));
    client
        .decide_quotation_once(&QuotationId(quotation.id.0.clone()), Decision::Accepted)
        .await
        .unwrap();

    advance_clock(&base, 86_401).await;
    let coverage = client.order_coverage(&id).await.unwrap();
    let share = coverage.covered.percentage.number().unwrap();
    assert!(share > 0.0 && share < 100.0, "{share}");
    advance_clock(&base, 2 * 86_400 + 1).await;
    let order = client.tasking_order(&id).await.unwrap();
    assert_eq!(order.status.as_deref(), Some("FULFILLED"));
    let coverage = client.order_coverage(&id).await.unwrap();
    assert_eq!(coverage.covered.percentage.number(), Some(100.0));
    sandbox.shutdown().await;
}
