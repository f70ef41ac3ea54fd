//! The UP42 catalogue and estimates, at the official SDK's paths and in its shapes:
//! `GET /v2/collections` (a Spring page; `up42/glossary.py`, `ProductGlossary.get_collections`),
//! `GET /orders/schema/{dataProductId}` (`DataProduct.schema`) and `POST /v2/orders/estimate`
//! (`up42/order_template.py`, `BatchOrderTemplate`). Also the reading of an order request
//! (data product, name, params, the AOIs of its feature collection) that the estimate and the
//! order share, so both refuse the same things.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::answer::{Answer, form_pairs, ok, up42_body, up42_error};
use super::spring::{page_request, spring_page};
use crate::sandbox::sim::geometry::{CheckedAoi, checked_aoi_message};
use crate::sandbox::sim::up42_catalog::{
    COLLECTIONS, Collection, DataProduct, product, products_of,
};
use crate::sandbox::sim::up42_params;

fn bad(detail: impl Into<String>) -> Response {
    up42_error(StatusCode::BAD_REQUEST, detail)
}

fn collection_json(c: &Collection) -> Value {
    let (name, title, description) = c.provider;
    let products: Vec<Value> = products_of(c.name)
        .map(|p| {
            json!({
                "name": p.name,
                "title": p.title,
                "description": p.description,
                "id": p.id,
                "eulaId": Value::Null,
            })
        })
        .collect();
    json!({
        "name": c.name,
        "title": c.title,
        "description": c.description,
        "type": c.kind,
        "restricted": c.integrations.contains(&"ACCESS_APPROVAL_REQUIRED"),
        "integrations": c.integrations,
        // The SDK builds its `Provider` from exactly these four keys: no others.
        "providers": [{
            "name": name,
            "title": title,
            "description": description,
            "roles": ["PRODUCER", "HOST"],
        }],
        "dataProducts": products,
        "metadata": {
            "productType": c.product_type,
            "resolutionClass": c.resolution_class,
            "resolutionValue": {"minimum": c.resolution_m, "maximum": c.resolution_m},
        },
    })
}

/// `GET /v2/collections?page=&size=&sort=`: every collection, tasking and archive (the SDK
/// filters by `type` itself).
pub(crate) async fn collections(RawQuery(query): RawQuery) -> Answer {
    let pairs = form_pairs(query.as_deref().unwrap_or(""));
    let request = page_request(
        &pairs,
        &["name", "title", "description", "type"],
        "name,asc",
    )?;
    let items = COLLECTIONS.iter().map(collection_json).collect();
    ok(spring_page(items, &request))
}

/// The data product an order names, or the answer refusing it.
fn known_product(id: &str) -> Result<&'static DataProduct, Response> {
    product(id).ok_or_else(|| {
        up42_error(
            StatusCode::NOT_FOUND,
            format!("data product {id} not found: GET /v2/collections lists each collection's dataProducts with their ids"),
        )
    })
}

/// `GET /orders/schema/{dataProductId}`: the JSON schema of the product's order `params`.
pub(crate) async fn schema(Path(id): Path<String>) -> Answer {
    ok(up42_params::schema(known_product(&id)?))
}

/// An order or estimate request, read and checked: everything but the AOIs must be right for
/// the request to be taken; each AOI is judged on its own.
pub(crate) struct OrderRequest {
    pub product: &'static DataProduct,
    pub display_name: String,
    pub params: Value,
    pub tags: Vec<String>,
    /// Each AOI by its index in the feature collection: checked, or why not.
    pub features: Vec<Result<CheckedAoi, String>>,
}

/// A per-feature error in the SDK's shape (`OrderError`: exactly `index`, `message`, `details`).
pub(crate) fn feature_error(index: usize, message: &str) -> Value {
    json!({
        "index": index,
        "message": message,
        "details": "UP42 takes one simple Polygon per feature, in WGS84 longitude/latitude: fix this AOI and send it again",
    })
}

/// Reads `{dataProduct, displayName, params, featureCollection, tags}`. An AOI given the older
/// way, as `params.geometry` (or `params.aoi`), is one feature, refused as a whole when invalid.
pub(crate) fn read_order_request(bytes: &[u8]) -> Result<OrderRequest, Response> {
    let body = up42_body(bytes)?;
    let Some(product_id) = body.get("dataProduct").and_then(Value::as_str) else {
        return Err(bad(
            "dataProduct is required: the id of a data product from GET /v2/collections",
        ));
    };
    let product = known_product(product_id)?;
    if !product.is_tasking() {
        return Err(bad(format!(
            "data product {product_id} ({}) is an archive product: the sandbox simulates tasking orders only; choose a product of a TASKING collection",
            product.name
        )));
    }
    let params = body.get("params").cloned().unwrap_or(Value::Null);
    up42_params::check(product, &params).map_err(bad)?;
    let Some(display_name) = body
        .get("displayName")
        .or_else(|| params.get("displayName"))
        .and_then(Value::as_str)
        .filter(|name| !name.trim().is_empty())
    else {
        return Err(bad("displayName is required: a name for the order"));
    };
    let tags = read_tags(&body)?.unwrap_or_default();
    let features = match body.get("featureCollection") {
        Some(collection) => features_of(collection)?,
        None => {
            let Some(geometry) = params.get("geometry").or_else(|| params.get("aoi")) else {
                return Err(bad(
                    "featureCollection is required: a GeoJSON FeatureCollection of the AOIs to task",
                ));
            };
            vec![Ok(
                checked_aoi_message(geometry, "params.geometry").map_err(bad)?
            )]
        }
    };
    Ok(OrderRequest {
        product,
        display_name: display_name.to_string(),
        params,
        tags,
        features,
    })
}

/// A body's `tags`, when it has them: a list of strings.
pub(crate) fn read_tags(body: &Value) -> Result<Option<Vec<String>>, Response> {
    match body.get("tags") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(tags)) if tags.iter().all(Value::is_string) => Ok(Some(
            tags.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        )),
        Some(_) => Err(bad(
            "tags must be a list of strings, e.g. [\"fields\", \"2026\"]",
        )),
    }
}

/// The features of a GeoJSON FeatureCollection, each checked with the AOI rules.
fn features_of(collection: &Value) -> Result<Vec<Result<CheckedAoi, String>>, Response> {
    if collection.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(bad(
            "featureCollection must be a GeoJSON object of type FeatureCollection",
        ));
    }
    let features = collection
        .get("features")
        .and_then(Value::as_array)
        .filter(|features| !features.is_empty())
        .ok_or_else(|| bad("featureCollection.features must list at least one Feature"))?;
    Ok(features
        .iter()
        .enumerate()
        .map(|(index, feature)| {
            checked_aoi_message(feature, &format!("featureCollection.features[{index}]"))
        })
        .collect())
}

/// Rounds to the metre² (areas are printed in km²).
fn km2(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

/// `POST /v2/orders/estimate`: credits per AOI (the product's price per km² over the invoiced
/// area, never under its minimum) and their sum; an invalid AOI is an error of its own.
pub(crate) async fn estimate(body: Bytes) -> Answer {
    let request = read_order_request(&body)?;
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let (mut total_credits, mut total_size) = (0_u64, 0.0);
    for (index, feature) in request.features.iter().enumerate() {
        match feature {
            Ok(aoi) => {
                let area = aoi.measures.area_km2;
                let credits = request.product.credits(area);
                let size = km2(request.product.billed_km2(area));
                total_credits += credits;
                total_size += size;
                // The SDK builds its `OrderCost` from exactly these four keys.
                results.push(
                    json!({"index": index, "credits": credits, "size": size, "unit": "SQ_KM"}),
                );
            }
            Err(message) => errors.push(feature_error(index, message)),
        }
    }
    ok(json!({
        "summary": {"totalCredits": total_credits, "totalSize": km2(total_size), "unit": "SQ_KM"},
        "results": results,
        "errors": errors,
    }))
}
