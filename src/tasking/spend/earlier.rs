//! "Already bought?": an earlier order of the same product family on the same AOI (the same
//! ring, or one overlapping most of it) for the same pass or an overlapping window. Unlike the
//! identity rule (the same body is the same order, held back), a match here is a different body
//! that may buy the same image twice (another image format, say): it is said before anything is
//! sent, and sent only on a second, explicit choice.

use geo::{Area, BooleanOps};
use serde::{Deserialize, Serialize};

use crate::aoi::LonLat;
use crate::aoi::model::polygon_of;
use crate::api::oneatlas::models::OrderRequest;

/// An earlier purchase of the same image, as a person reads it, with the customer reference it
/// was placed under (to say one purchase once when the journal and the service both name it).
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    /// The customer reference, when there is one.
    pub reference: Option<String>,
    /// What it was and what matched, in words.
    pub said: String,
}

/// The share of the new AOI an earlier one must cover to be "the same AOI".
pub const SAME_AOI_SHARE: f64 = 0.5;

/// What an order buys, kept in its journal entry: the product, the AOI, and the pass (its
/// segment key) or the window (`acqPeriod`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bought {
    /// The product type, e.g. `PleiadesTaskingOneDay`.
    pub product: String,
    /// The AOI's outer ring, lon/lat.
    pub ring: Vec<[f64; 2]>,
    /// The chosen pass, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<String>,
    /// The acquisition window (`start end`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// The cloud cover the order accepts, percent (`maxCloudCover`), to weigh an acquisition
    /// against when deciding on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cloud_pct: Option<f64>,
}

impl Bought {
    /// What `request` buys (its first item and AOI), when it names them.
    pub fn of(request: &OrderRequest) -> Option<Bought> {
        let item = request.items.first()?;
        let aoi = request
            .aoi
            .iter()
            .find(|a| a.id == item.aoi_id)
            .or(request.aoi.first())?;
        let window = item
            .properties
            .iter()
            .find(|p| p.key == "acqPeriod" || p.key == "acqPeriods")
            .and_then(|p| p.value.as_str())
            .map(str::to_owned)
            .or_else(|| item.segment_key.as_deref().and_then(window_in_key));
        let max_cloud_pct = item
            .properties
            .iter()
            .find(|p| p.key == "maxCloudCover")
            .and_then(|p| match &p.value {
                serde_json::Value::Number(n) => n.as_f64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            });
        Some(Bought {
            max_cloud_pct,
            product: item.product_type_id.to_string(),
            ring: aoi
                .geometry
                .outer_ring()
                .iter()
                .map(|c| [c.x, c.y])
                .collect(),
            pass: item.segment_key.clone(),
            window,
        })
    }

    /// What a UP42 order buys: its data product (one family per product), its first AOI and
    /// its acquisition window (`acquisitionStart acquisitionEnd`), when it names them.
    pub fn of_up42(request: &crate::api::up42::models::OrderRequest) -> Option<Bought> {
        let geometry = request
            .feature_collection
            .get("features")?
            .get(0)?
            .get("geometry")?;
        let ring: Vec<[f64; 2]> = geometry
            .get("coordinates")?
            .get(0)?
            .as_array()?
            .iter()
            .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
            .collect();
        let param = |key: &str| request.params.get(key);
        let window = match (
            param("acquisitionStart").and_then(serde_json::Value::as_str),
            param("acquisitionEnd").and_then(serde_json::Value::as_str),
        ) {
            (Some(start), Some(end)) => Some(format!("{start} {end}")),
            _ => None,
        };
        Some(Bought {
            product: format!("UP42 data product {}", request.data_product),
            ring,
            pass: None,
            window,
            max_cloud_pct: param("maxCloudCover").and_then(serde_json::Value::as_f64),
        })
    }

    /// Why an earlier purchase buys the same as this one, or `None`.
    pub fn matched_by(&self, earlier: &Bought) -> Option<String> {
        if family(&self.product) != family(&earlier.product) {
            return None;
        }
        let share = covered_share(&self.ring, &earlier.ring);
        if share < SAME_AOI_SHARE {
            return None;
        }
        let when = match (&self.pass, &earlier.pass, &self.window, &earlier.window) {
            (Some(a), Some(b), _, _) if a == b => "the same pass",
            (_, _, Some(a), Some(b)) if windows_overlap(a, b) => "an overlapping window",
            (None, None, None, None) => "no pass or window to tell them apart",
            _ => return None,
        };
        Some(format!(
            "{} on {when}, its AOI covering {:.0} % of this one",
            earlier.product,
            share * 100.0
        ))
    }
}

/// The acquisition period a segment key carries after its `::` (the OpenAPI file's attempts
/// example: `hash::[{"key":"acqPeriod","value":"start end"}, ...]`); a key without it is opaque.
fn window_in_key(key: &str) -> Option<String> {
    let (_, tail) = key.split_once("::")?;
    let pairs: Vec<serde_json::Value> = serde_json::from_str(tail).ok()?;
    pairs
        .iter()
        .find(|p| p.get("key").and_then(serde_json::Value::as_str) == Some("acqPeriod"))
        .and_then(|p| p.get("value")?.as_str())
        .map(str::to_owned)
}

/// Why a tasking the service lists may buy the same as `bought`: its AOI covers most of this
/// one and its period overlaps this order's window or pass. The tasking does not say its
/// product, so any tasking of the contract (asked for the same mission) counts.
pub fn tasking_matches(
    bought: &Bought,
    icr: &crate::api::oneatlas::models::Icr,
) -> Option<Earlier> {
    let ring: Vec<[f64; 2]> = icr
        .aoi
        .get()?
        .outer_ring()
        .iter()
        .map(|c| [c.x, c.y])
        .collect();
    let share = covered_share(&bought.ring, &ring);
    if share < SAME_AOI_SHARE {
        return None;
    }
    let period = icr.period.as_ref()?;
    let icr_window = format!(
        "{} {}",
        period.start_date.as_deref()?,
        period.end_date.as_deref()?
    );
    let window = bought.window.as_deref()?;
    if !windows_overlap(window, &icr_window) {
        return None;
    }
    let said = format!(
        "tasking {} ({}, {}, reference {}) on an overlapping window, its AOI covering {:.0} % of this one",
        icr.id,
        icr.prog_type_name.as_deref().unwrap_or("offer not given"),
        icr.status
            .as_deref()
            .unwrap_or("status not given")
            .to_lowercase(),
        icr.customer_ref.as_deref().unwrap_or("none"),
        share * 100.0
    );
    Some(Earlier {
        reference: icr.customer_ref.clone(),
        said,
    })
}

/// `PleiadesTaskingOneDay` and `PleiadesTaskingOneNow` are one family (Pléiades); Neo and SPOT
/// are others: the satellite's name, before `Tasking`.
fn family(product: &str) -> &str {
    product.split("Tasking").next().unwrap_or(product)
}

fn ring_of(points: &[[f64; 2]]) -> Vec<LonLat> {
    points.iter().map(|p| LonLat { x: p[0], y: p[1] }).collect()
}

/// The share of `ring`'s area that `other` covers, 0..=1 (planar in degrees: over an AOI the
/// ratio is what matters).
fn covered_share(ring: &[[f64; 2]], other: &[[f64; 2]]) -> f64 {
    let this = polygon_of(&ring_of(ring));
    let whole = this.unsigned_area();
    if whole <= 0.0 {
        return 0.0;
    }
    (this
        .intersection(&polygon_of(&ring_of(other)))
        .unsigned_area()
        / whole)
        .clamp(0.0, 1.0)
}

/// Whether two `start end` windows (several joined by `,`) share a moment; text that is not a
/// window is taken to overlap, the safe side for a warning.
fn windows_overlap(a: &str, b: &str) -> bool {
    use crate::api::oneatlas::models::parse_api_date;
    // Dates are compared as dates: `10:48:44Z` and `10:48:44.952Z` are not ordered as text.
    let spans = |text: &str| -> Option<Vec<(time::OffsetDateTime, time::OffsetDateTime)>> {
        text.split(',')
            .map(|span| {
                let (from, to) = span.trim().split_once(' ')?;
                Some((parse_api_date(from).ok()?, parse_api_date(to).ok()?))
            })
            .collect()
    };
    match (spans(a), spans(b)) {
        (Some(a), Some(b)) => a
            .iter()
            .any(|(s1, e1)| b.iter().any(|(s2, e2)| s1 <= e2 && s2 <= e1)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lon: f64, lat: f64, size: f64) -> Vec<[f64; 2]> {
        vec![
            [lon, lat],
            [lon + size, lat],
            [lon + size, lat + size],
            [lon, lat + size],
            [lon, lat],
        ]
    }

    fn bought(
        product: &str,
        ring: Vec<[f64; 2]>,
        pass: Option<&str>,
        window: Option<&str>,
    ) -> Bought {
        Bought {
            max_cloud_pct: None,
            product: product.to_owned(),
            ring,
            pass: pass.map(str::to_owned),
            window: window.map(str::to_owned),
        }
    }

    #[test]
    fn the_same_pass_on_the_same_aoi_is_said_whatever_the_options() {
        let first = bought(
            "PleiadesTaskingOneDay",
            square(1.0, 43.0, 0.1),
            Some("k1"),
            None,
        );
        let second = bought(
            "PleiadesTaskingOneDay",
            square(1.0, 43.0, 0.1),
            Some("k1"),
            None,
        );
        let why = second.matched_by(&first).unwrap();
        assert!(
            why.contains("the same pass") && why.contains("100 %"),
            "{why}"
        );
        // Another pass, another satellite family, or another place is another purchase.
        let other_pass = bought(
            "PleiadesTaskingOneDay",
            square(1.0, 43.0, 0.1),
            Some("k2"),
            None,
        );
        assert_eq!(other_pass.matched_by(&first), None);
        let spot = bought(
            "SpotTaskingOneDay",
            square(1.0, 43.0, 0.1),
            Some("k1"),
            None,
        );
        assert_eq!(spot.matched_by(&first), None);
        let elsewhere = bought(
            "PleiadesTaskingOneDay",
            square(1.08, 43.0, 0.1),
            Some("k1"),
            None,
        );
        assert_eq!(elsewhere.matched_by(&first), None, "20 % overlap");
    }

    #[test]
    fn a_up42_order_with_other_parameters_buys_the_same_image() {
        let request = |cloud: u32, (start, end): (&str, &str), product: &str| {
            crate::api::up42::models::OrderRequest {
                data_product: product.to_owned(),
                display_name: "Toulouse".to_owned(),
                params: serde_json::json!({"acquisitionStart": start, "acquisitionEnd": end, "maxCloudCover": cloud}),
                feature_collection: serde_json::json!({"type": "FeatureCollection", "features": [
                    {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [square(1.0, 43.0, 0.1)]}}
                ]}),
                tags: Vec::new(),
            }
        };
        let first = Bought::of_up42(&request(
            20,
            ("2026-12-06T00:00:00Z", "2027-01-01T00:00:00Z"),
            "p1",
        ))
        .unwrap();
        assert_eq!(first.max_cloud_pct, Some(20.0));
        let second = Bought::of_up42(&request(
            10,
            ("2026-12-20T00:00:00Z", "2027-01-10T00:00:00Z"),
            "p1",
        ))
        .unwrap();
        let why = second.matched_by(&first).unwrap();
        assert!(
            why.contains("an overlapping window") && why.contains("100 %"),
            "{why}"
        );
        let other = Bought::of_up42(&request(
            10,
            ("2026-12-20T00:00:00Z", "2027-01-10T00:00:00Z"),
            "p2",
        ))
        .unwrap();
        assert_eq!(other.matched_by(&first), None, "another data product");
        let later = Bought::of_up42(&request(
            10,
            ("2027-02-01T00:00:00Z", "2027-02-15T00:00:00Z"),
            "p1",
        ))
        .unwrap();
        assert_eq!(later.matched_by(&first), None, "a window after it");
    }

    #[test]
    fn the_window_a_segment_key_carries_is_read() {
        let key = r#"abc::[{"key":"orderDeadLine","value":"x"},{"key":"acqPeriod","value":"2022-03-26T09:15:27.499Z 2022-03-26T09:15:29.671Z"}]"#;
        assert_eq!(
            window_in_key(key).as_deref(),
            Some("2022-03-26T09:15:27.499Z 2022-03-26T09:15:29.671Z")
        );
        assert_eq!(window_in_key("opaque"), None);
    }

    #[test]
    fn overlapping_windows_on_most_of_the_aoi_are_said() {
        let plan = |window| {
            bought(
                "PleiadesTaskingOnePlan",
                square(1.0, 43.0, 0.1),
                None,
                Some(window),
            )
        };
        let first = plan("2026-12-05T00:00:00.000Z 2027-01-04T23:59:59.999Z");
        let overlapping = plan("2027-01-01T00:00:00.000Z 2027-02-01T23:59:59.999Z");
        let after = plan("2027-01-05T00:00:00.000Z 2027-02-01T23:59:59.999Z");
        assert!(
            overlapping
                .matched_by(&first)
                .unwrap()
                .contains("an overlapping window")
        );
        assert_eq!(after.matched_by(&first), None);
        let mostly = bought(
            "PleiadesTaskingOnePlan",
            square(1.02, 43.0, 0.1),
            None,
            Some("2026-12-10T00:00:00.000Z 2026-12-11T00:00:00.000Z"),
        );
        assert!(mostly.matched_by(&first).unwrap().contains("80 %"));
    }
}
