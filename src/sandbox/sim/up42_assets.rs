//! What a UP42 tasking order has delivered, as UP42's asset service answers a STAC search
//! (`POST /v2/assets/stac/search`, the endpoint the official SDK's `up42.stac_client()` opens;
//! its items carry the SDK's `up42-order:id`, `up42-system:*`, `up42-product:*` and
//! `up42-user:*` properties, `up42/stac.py`). Each acquisition of an order is one item: the slice
//! of the AOI it covers, dated when it was taken.

use serde_json::{Value, json};

use super::model::{SimState, Up42Acquisition, Up42Order};
use super::up42_coverage::{clip, ring_of};
use super::values::iso_secs;

/// The order id a CQL2-JSON filter asks for (`{"op": "=", "args": [{"property":
/// "up42-order:id"}, "<id>"]}`, alone or inside an `and`), if it asks for one.
pub(crate) fn order_asked(filter: &Value) -> Option<String> {
    let args = filter.get("args")?.as_array()?;
    match filter.get("op")?.as_str()? {
        "=" | "eq" => {
            let names_order = args
                .iter()
                .any(|a| a.get("property").and_then(Value::as_str) == Some("up42-order:id"));
            if !names_order {
                return None;
            }
            args.iter().find_map(|a| a.as_str().map(str::to_owned))
        }
        "and" => args.iter().find_map(order_asked),
        _ => None,
    }
}

/// The AOI's slice between two shares of its west–east extent, as a GeoJSON Polygon.
fn slice(geometry: &Value, from_share: f64, to_share: f64) -> Value {
    let ring = ring_of(geometry);
    let (west, east) = ring.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p[0]), hi.max(p[0]))
    });
    if ring.len() < 4 || east <= west {
        return Value::Null;
    }
    let at = |share: f64| west + share.clamp(0.0, 1.0) * (east - west);
    let mut part = ring;
    if from_share > 0.0 {
        part = clip(&part, at(from_share), false);
    }
    if to_share < 1.0 {
        part = clip(&part, at(to_share), true);
    }
    if part.len() < 4 {
        return Value::Null;
    }
    json!({"type": "Polygon", "coordinates": [part]})
}

fn item(order: &Up42Order, acquisition: &Up42Acquisition) -> Value {
    let geometry = order.geometry.as_ref().map_or(Value::Null, |g| {
        slice(g, acquisition.from_share, acquisition.to_share)
    });
    let taken = iso_secs(acquisition.at);
    json!({
        "type": "Feature",
        "stac_version": "1.0.0",
        "id": acquisition.asset_id,
        "collection": format!("{}-collection", order.id),
        "geometry": geometry,
        "properties": {
            "datetime": taken,
            "up42-order:id": order.id,
            "up42-system:asset_id": acquisition.asset_id,
            "up42-system:workspace_id": order.workspace_id,
            "up42-system:source": "ORDER",
            "up42-product:product_id": order.data_product_id,
            "up42-user:title": order.display_name,
        },
        "assets": {},
        "links": [],
    })
}

/// The items of every order's acquisitions, or of one order's, oldest first.
pub(crate) fn items(sim: &SimState, order_id: Option<&str>) -> Vec<Value> {
    sim.up42
        .orders
        .iter()
        .filter(|o| order_id.is_none_or(|id| o.id == id))
        .flat_map(|o| o.acquisitions.iter().map(move |a| item(o, a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_names_the_order_alone_or_in_an_and() {
        let alone = json!({"op": "=", "args": [{"property": "up42-order:id"}, "O1"]});
        assert_eq!(order_asked(&alone).as_deref(), Some("O1"));
        let within = json!({"op": "and", "args": [
            {"op": "=", "args": [{"property": "up42-user:title"}, "x"]}, alone]});
        assert_eq!(order_asked(&within).as_deref(), Some("O1"));
        let other = json!({"op": "=", "args": [{"property": "up42-user:title"}, "x"]});
        assert_eq!(order_asked(&other), None);
    }

    #[test]
    fn an_acquisition_is_its_slice_of_the_aoi() {
        let square = json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]});
        let west = slice(&square, 0.0, 0.5);
        let xs: Vec<f64> = west["coordinates"][0]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_f64().unwrap())
            .collect();
        assert!(xs.iter().all(|&x| x <= 1.0 + 1e-12), "{xs:?}");
        let east = slice(&square, 0.5, 1.0);
        let xs: Vec<f64> = east["coordinates"][0]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_f64().unwrap())
            .collect();
        assert!(xs.iter().all(|&x| x >= 1.0 - 1e-12), "{xs:?}");
        assert_eq!(slice(&square, 0.0, 1.0), square);
    }
}
