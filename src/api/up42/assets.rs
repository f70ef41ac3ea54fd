//! UP42's asset service: what an order delivered, as STAC items found by the search the
//! official SDK's `up42.stac_client()` runs (`POST /v2/assets/stac/search` with the CQL2-JSON
//! filter on `up42-order:id`, the property the SDK's `Up42Extension.order_id` reads,
//! `up42/stac.py`). Read tolerantly: an item that cannot be read is left out with a warning.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Up42Client;
use crate::api::error::ApiError;
use crate::api::http::Call;
use crate::api::ids::OrderId;
use crate::api::tolerant::Records;

/// How many items one search asks for (an order's acquisitions are a handful).
const ITEMS_PER_SEARCH: u32 = 100;

/// One delivered asset (a STAC item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StacItem {
    /// The item's id.
    pub id: String,
    /// Its footprint (GeoJSON), when it has one.
    #[serde(default)]
    pub geometry: Option<Value>,
    /// `datetime`, `up42-order:id`, `up42-system:asset_id`...
    #[serde(default)]
    pub properties: serde_json::Map<String, Value>,
}

impl StacItem {
    /// When it was acquired (`datetime`, else `start_datetime`).
    pub fn datetime(&self) -> Option<&str> {
        ["datetime", "start_datetime"]
            .iter()
            .find_map(|key| self.properties.get(*key)?.as_str())
    }
}

/// A STAC search's answer: a FeatureCollection of items.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssetSearch {
    /// The items read.
    #[serde(default)]
    pub features: Records<StacItem>,
}

impl Up42Client {
    /// `POST /v2/assets/stac/search`: the assets delivered for one order. Spends nothing.
    pub async fn order_assets(&self, order: &OrderId) -> Result<AssetSearch, ApiError> {
        let call = Call::post(
            format!("the assets delivered for UP42 order {order}"),
            self.url("/v2/assets/stac/search"),
            json!({
                "filter": {"op": "=", "args": [{"property": "up42-order:id"}, order.as_str()]},
                "filter-lang": "cql2-json",
                "limit": ITEMS_PER_SEARCH,
            }),
        );
        self.transport.json(&call).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_read_one_by_one() {
        let search: AssetSearch =
            serde_json::from_value(json!({"type": "FeatureCollection", "features": [
                {"id": "a1", "geometry": null, "properties": {"datetime": "2027-03-03T10:00:00Z"}},
                {"geometry": null},
            ]}))
            .unwrap();
        assert_eq!(search.features.len(), 1);
        assert_eq!(search.features.skipped().len(), 1);
        assert_eq!(search.features[0].datetime(), Some("2027-03-03T10:00:00Z"));
    }
}
