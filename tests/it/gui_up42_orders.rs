//! The window's UP42 orders (under Quotations, against the sandbox inside the app): each order's
//! status and sub-status in words that say what to do next, and its AOI shown on the map.

use crate::common::spending::{Up42Spends, up42_client};
use crate::common::toulouse_geojson;
use crate::gui_common::tasking::{app_with, connection, press, wait_until};
use egui_kittest::kittest::Queryable;
use sattask::api::up42::models::OrderRequest;
use sattask::tasking::up42_status::order_words;
use serde_json::json;

#[test]
fn the_up42_orders_say_what_to_do_and_show_their_aoi() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(connection(&dir));
    wait_until(&mut harness, "the contracts", |app| {
        app.state.tasking.contracts.ready().is_some()
    });
    // An order placed by a script: the sandbox's seeded ones carry no AOI.
    let jobs = harness.state().jobs.as_ref().unwrap();
    let client = up42_client(&jobs.sandbox_url().unwrap());
    let request = OrderRequest {
        data_product: "47dadb27-9532-4552-93a5-48f70a83eaef".into(),
        display_name: "from a script".into(),
        params: json!({"acquisitionStart": "2027-03-02T00:00:00Z", "acquisitionEnd": "2027-03-30T00:00:00Z"}),
        feature_collection: json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": toulouse_geojson()},
        ]}),
        tags: vec![],
    };
    let placed = jobs
        .block_on(client.place_order_once("096e3715-e908-473f-b527-d12af3e254b6", &request))
        .unwrap();
    let placed = placed.results[0].id.clone();
    press(&mut harness, "Quotations");
    wait_until(&mut harness, "the UP42 orders", |app| {
        app.state.tracking.up42_orders.ready().is_some()
    });
    let page = harness
        .state()
        .state
        .tracking
        .up42_orders
        .ready()
        .unwrap()
        .clone();
    let order = page.content[0].clone();
    assert_eq!(order.id, placed, "the newest first");
    let words = order_words(order.status.as_deref(), order.sub_status());
    harness.run_steps(2);
    assert!(
        harness.query_all_by_label(&words).next().is_some(),
        "{words:?} shown"
    );
    assert!(harness.state().state.tracking.up42_open_ring().is_none());
    harness
        .query_all_by_label("Show on map")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    let tracking = &harness.state().state.tracking;
    assert_eq!(tracking.up42_open.as_ref(), Some(&order.id));
    let ring = tracking
        .up42_open_ring()
        .expect("the order's AOI on the map");
    assert!(ring.len() >= 4);
    assert!(harness.query_all_by_label("Hide from map").next().is_some());
}
