//! What a UP42 tasking order has acquired so far, as `GET /v2/coverage/orders/{id}` answers it
//! (the SDK's `OrderCoverage`, `up42/tasking.py`): the covered part of the AOI and the
//! remainder, each with its area and share. The sandbox's acquisitions sweep the AOI from west
//! to east, so the covered part is the AOI cut at a meridian.

use serde_json::{Value, json};

/// The AOI's outer ring from its GeoJSON Polygon.
pub(crate) fn ring_of(geometry: &Value) -> Vec<[f64; 2]> {
    geometry["coordinates"][0]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some([p[0].as_f64()?, p[1].as_f64()?]))
        .collect()
}

/// The part of a closed ring on one side of the meridian `cut` (Sutherland–Hodgman against one
/// half-plane): `west` keeps longitudes ≤ `cut`. Closed again when not empty.
pub(crate) fn clip(ring: &[[f64; 2]], cut: f64, west: bool) -> Vec<[f64; 2]> {
    let inside = |p: &[f64; 2]| if west { p[0] <= cut } else { p[0] >= cut };
    let mut out: Vec<[f64; 2]> = Vec::new();
    for pair in ring.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let crossing = || {
            let t = (cut - a[0]) / (b[0] - a[0]);
            [cut, a[1] + t * (b[1] - a[1])]
        };
        match (inside(&a), inside(&b)) {
            (true, true) => out.push(b),
            (true, false) => out.push(crossing()),
            (false, true) => {
                out.push(crossing());
                out.push(b);
            }
            (false, false) => {}
        }
    }
    if let Some(first) = out.first().copied() {
        out.push(first);
    }
    out
}

/// Twice the planar area of a closed ring, degrees² (only ratios are used).
fn planar_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        .abs()
}

fn polygon(ring: Vec<[f64; 2]>) -> Value {
    if ring.len() < 4 {
        return json!({"type": "MultiPolygon", "coordinates": []});
    }
    json!({"type": "Polygon", "coordinates": [ring]})
}

fn metrics(area_km2: f64, share: f64, geometry: Value) -> Value {
    json!({
        "sqKmArea": (area_km2 * share * 1000.0).round() / 1000.0,
        "percentage": (share * 10_000.0).round() / 100.0,
        "geometry": geometry,
    })
}

/// The coverage answer of an order whose AOI (`geometry`, `area_km2`) is acquired up to
/// `acquired_share` of its west–east extent.
pub(crate) fn coverage(geometry: Option<&Value>, area_km2: f64, acquired_share: f64) -> Value {
    let share = acquired_share.clamp(0.0, 1.0);
    let ring = geometry.map(ring_of).unwrap_or_default();
    let (west, east) = ring.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p[0]), hi.max(p[0]))
    });
    if ring.len() < 4 || east <= west {
        // No AOI kept (a seeded order): the shares alone.
        return json!({
            "covered": metrics(area_km2, share, polygon(Vec::new())),
            "remainder": metrics(area_km2, 1.0 - share, polygon(Vec::new())),
        });
    }
    let cut = west + share * (east - west);
    let part = |west_side: bool| {
        let everything = if west_side {
            share >= 1.0
        } else {
            share <= 0.0
        };
        let nothing = if west_side {
            share <= 0.0
        } else {
            share >= 1.0
        };
        if everything {
            ring.clone()
        } else if nothing {
            Vec::new()
        } else {
            clip(&ring, cut, west_side)
        }
    };
    let (covered, remainder) = (part(true), part(false));
    let whole = planar_area(&ring);
    let covered_share = if whole > 0.0 {
        planar_area(&covered) / whole
    } else {
        share
    };
    json!({
        "covered": metrics(area_km2, covered_share, polygon(covered)),
        "remainder": metrics(area_km2, 1.0 - covered_share, polygon(remainder)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_a_square_is_covered_then_all_of_it() {
        let square = json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]});
        let half = coverage(Some(&square), 100.0, 0.5);
        assert_eq!(half["covered"]["percentage"], 50.0);
        assert_eq!(half["covered"]["sqKmArea"], 50.0);
        assert_eq!(half["remainder"]["sqKmArea"], 50.0);
        assert_eq!(half["covered"]["geometry"]["type"], "Polygon");
        let none = coverage(Some(&square), 100.0, 0.0);
        assert_eq!(none["covered"]["percentage"], 0.0);
        assert_eq!(none["covered"]["geometry"]["type"], "MultiPolygon");
        let all = coverage(Some(&square), 100.0, 1.0);
        assert_eq!(all["covered"]["percentage"], 100.0);
        assert_eq!(all["remainder"]["sqKmArea"], 0.0);
        let unknown = coverage(None, 40.0, 0.5);
        assert_eq!(unknown["covered"]["sqKmArea"], 20.0);
    }
}
