//! The sandbox's UP42 simulation over real HTTP on 127.0.0.1: quotation paging and filters,
//! deciding once (as the SDK sends it, `application/json`, or as the guide does, merge-patch),
//! and an order going through its feasibility study to a quotation on the simulated clock.
//! The catalogue, estimates, the SDK's login and the whole life cycle are in `sandbox_up42_sdk`.

use crate::common::{Service, Session, start_sandbox, toulouse_geojson, unpaced};
use reqwest::{Method, StatusCode};
use sattask::sandbox::Sandbox;
use serde_json::{Value, json};

/// A sandbox and a session holding a UP42 token, which lives five minutes.
async fn start() -> (Sandbox, Session) {
    let sandbox = start_sandbox(unpaced(None)).await;
    let mut up42 = Session::new(&sandbox, Service::Up42);
    assert_eq!(up42.renew().await["expires_in"], 300);
    (sandbox, up42)
}

#[tokio::test]
async fn quotations_page_filter_and_are_decided_once() {
    let (sandbox, up42) = start().await;

    let (status, page0) = up42.get("/v2/tasking/quotation?size=2").await;
    assert_eq!(status, StatusCode::OK, "{page0}");
    assert_eq!(page0["totalElements"], 5);
    assert_eq!(page0["totalPages"], 3);
    assert_eq!(page0["number"], 0);
    assert_eq!(page0["size"], 2);
    assert_eq!(page0["first"], true);
    assert_eq!(page0["last"], false);
    assert_eq!(page0["empty"], false);
    assert_eq!(page0["numberOfElements"], 2);
    let content = page0["content"].as_array().unwrap();
    // createdAt,desc by default.
    assert!(content[0]["createdAt"].as_str() > content[1]["createdAt"].as_str());
    for field in [
        "id",
        "createdAt",
        "updatedAt",
        "decision",
        "accountId",
        "workspaceId",
        "orderId",
        "creditsPrice",
    ] {
        assert!(
            !content[0][field].is_null(),
            "{field} missing in {}",
            content[0]
        );
    }

    let (_, page2) = up42.get("/v2/tasking/quotation?size=2&page=2").await;
    assert_eq!(page2["numberOfElements"], 1);
    assert_eq!(page2["last"], true);
    let (_, asc) = up42.get("/v2/tasking/quotation?sort=createdAt,asc").await;
    let asc = asc["content"].as_array().unwrap();
    assert!(asc[0]["createdAt"].as_str() < asc[4]["createdAt"].as_str());

    let (_, open) = up42.get("/v2/tasking/quotation?decision=NOT_DECIDED").await;
    assert_eq!(open["totalElements"], 3);
    let (_, decided) = up42
        .get("/v2/tasking/quotation?decision=ACCEPTED&decision=REJECTED")
        .await;
    assert_eq!(decided["totalElements"], 2);
    let workspace = open["content"][0]["workspaceId"].as_str().unwrap();
    let (_, in_workspace) = up42
        .get(&format!("/v2/tasking/quotation?workspaceId={workspace}"))
        .await;
    assert!(in_workspace["totalElements"].as_u64().unwrap() < 5);
    let (status, _) = up42.get("/v2/tasking/quotation?decision=MAYBE").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let id = open["content"][0]["id"].as_str().unwrap();
    let path = format!("/v2/tasking/quotation/{id}");
    let accept = json!({"decision": "ACCEPTED"});
    // Only a body that is not JSON is refused (the real service takes both JSON types).
    let (status, refused) = up42.patch(&path, "text/plain", &accept).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(refused["status"], 415);
    // The official SDK's way (`up42/tasking.py`, `Quotation.save`): `json=`, application/json.
    let (status, accepted) = up42.patch(&path, "application/json", &accept).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["decision"], "ACCEPTED");
    assert!(accepted["decisionAt"].is_string());
    let (status, again) = up42
        .patch(
            &path,
            "application/merge-patch+json",
            &json!({"decision": "REJECTED"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(again["detail"].as_str().unwrap().contains("NOT_DECIDED"));
    let (status, _) = up42
        .patch(
            "/v2/tasking/quotation/no-such-id",
            "application/merge-patch+json",
            &accept,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_order_gets_a_study_then_a_quotation() {
    let (sandbox, mut up42) = start().await;
    let workspace = "ef0efa32-d1c1-43d4-a5e2-fe7b4f00403c";
    let order = json!({
        "dataProduct": "47dadb27-9532-4552-93a5-48f70a83eaef",
        "displayName": "Toulouse tasking",
        "params": {
            "displayName": "Toulouse tasking",
            "acquisitionStart": "2024-06-02T00:00:00Z",
            "acquisitionEnd": "2024-07-02T23:59:59Z",
            "geometry": toulouse_geojson(),
        },
    });
    let response = up42
        .request(Method::POST, &format!("/v2/orders?workspaceId={workspace}"))
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let placed: Value = response.json().await.unwrap();
    assert_eq!(placed["errors"], json!([]));
    let order_id = placed["results"][0]["id"].as_str().unwrap().to_string();

    let (_, info) = up42.get(&format!("/v2/orders/{order_id}")).await;
    assert_eq!(info["type"], "TASKING");
    assert_eq!(
        info["orderDetails"]["subStatus"],
        "FEASIBILITY_WAITING_UPLOAD"
    );
    let (_, studies) = up42
        .get(&format!(
            "/v2/tasking/feasibility-studies?orderId={order_id}"
        ))
        .await;
    assert_eq!(studies["totalElements"], 0);

    assert_eq!(up42.advance(3601).await["expires_in"], 300);
    let (_, studies) = up42
        .get(&format!(
            "/v2/tasking/feasibility-studies?orderId={order_id}"
        ))
        .await;
    assert_eq!(studies["totalElements"], 1, "{studies}");
    let study = &studies["content"][0];
    assert_eq!(study["decision"], "NOT_DECIDED");
    let option = study["options"][0]["id"].as_str().unwrap();
    let path = format!(
        "/v2/tasking/feasibility-studies/{}",
        study["id"].as_str().unwrap()
    );
    let (status, decided) = up42
        .patch(
            &path,
            "application/json",
            &json!({"acceptedOptionId": option}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    let (status, _) = up42
        .patch(
            &path,
            "application/json",
            &json!({"acceptedOptionId": option}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    assert_eq!(up42.advance(3601).await["expires_in"], 300);
    let (_, quotations) = up42
        .get(&format!("/v2/tasking/quotation?orderId={order_id}"))
        .await;
    assert_eq!(quotations["totalElements"], 1, "{quotations}");
    assert_eq!(quotations["content"][0]["decision"], "NOT_DECIDED");
    assert!(quotations["content"][0]["creditsPrice"].as_u64().unwrap() > 0);
    let (_, info) = up42.get(&format!("/v2/orders/{order_id}")).await;
    assert_eq!(
        info["orderDetails"]["subStatus"],
        "QUOTATION_WAITING_RESPONSE"
    );

    // A self-intersecting AOI is refused, naming the rule.
    let mut bad = order.clone();
    bad["params"]["geometry"] = json!({"type": "Polygon", "coordinates": [[[2.0, 1.0], [1.0, 2.0], [1.0, 1.0], [2.0, 2.0], [2.0, 1.0]]]});
    let response = up42
        .request(Method::POST, &format!("/v2/orders?workspaceId={workspace}"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let refused: Value = response.json().await.unwrap();
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("self_intersection")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_asset_search_finds_an_orders_delivered_items_and_refuses_other_filters() {
    let (_sandbox, up42) = start().await;
    // The seeded order being fulfilled has its first acquisition delivered.
    let (_, orders) = up42.get("/v2/orders?status=BEING_FULFILLED").await;
    let order = orders["content"][0]["id"].as_str().unwrap().to_owned();
    let by_order = |id: &str| {
        json!({"filter": {"op": "=", "args": [{"property": "up42-order:id"}, id]},
               "filter-lang": "cql2-json"})
    };
    let (status, found) = up42.post("/v2/assets/stac/search", &by_order(&order)).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["type"], "FeatureCollection");
    let items = found["features"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let properties = &items[0]["properties"];
    assert_eq!(properties["up42-order:id"], order.as_str());
    assert!(properties["datetime"].as_str().is_some());
    assert_eq!(items[0]["id"], properties["up42-system:asset_id"]);
    // Another order's assets are not this one's; an order with none has none.
    let (_, none) = up42
        .post("/v2/assets/stac/search", &by_order("no-such-order"))
        .await;
    assert_eq!(none["features"], json!([]));
    let (status, refused) = up42
        .post(
            "/v2/assets/stac/search",
            &json!({"filter": {"op": "=", "args": [{"property": "up42-user:title"}, "x"]}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("up42-order:id"),
        "{refused}"
    );
}
