//! The body of a UP42 estimate or order (`BatchOrderTemplate._payload` in the SDK): the data
//! product, the checked parameters, the AOI as a one-feature collection, and a name of its own
//! for each body (the AOI's name and a digest of what is bought), by which an order whose answer
//! was lost is looked up. The command line and the window build it here.

use serde_json::{Map, Value, json};

use crate::aoi::Aoi;
use crate::api::oneatlas::models::GeoPolygon;
use crate::api::up42::models::OrderRequest;
use crate::tasking::spend::identity::up42_order_key;
use crate::tasking::spend::journal::digest;

/// The body for `aoi`, named after it unless `name` is given.
pub fn order_request(
    workspace: &str,
    data_product: &str,
    params: Map<String, Value>,
    aoi: &Aoi,
    name: Option<&str>,
    tags: Vec<String>,
) -> OrderRequest {
    let mut request = OrderRequest {
        data_product: data_product.trim().to_owned(),
        display_name: String::new(),
        params: Value::Object(params),
        feature_collection: json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": GeoPolygon::from_aoi(aoi)}
        ]}),
        tags,
    };
    request.display_name = match name.map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        // A name of its own for each body: an order whose answer is lost is looked up by it.
        _ => {
            let key = up42_order_key(workspace, &request);
            format!("{} {}", aoi.name, &digest(&key)[..8])
        }
    };
    request
}
