//! AOIs as the APIs receive them (a GeoJSON Polygon, a Feature, or the bare coordinates some
//! OpenAPI examples show), checked with the app's own rules, and footprints written back as WKT
//! or GeoJSON.

use geo_types::Coord;
use serde_json::{Value, json};

use crate::aoi::measure::{Measures, local_km, measure};
use crate::aoi::{Aoi, LonLat, Severity, ValidationContext, validate};

/// An AOI that passed the rules, with its measures.
#[derive(Debug, Clone)]
pub(crate) struct CheckedAoi {
    pub aoi: Aoi,
    pub measures: Measures,
    /// The polygon as GeoJSON (positions as received, 2D).
    pub geojson: Value,
}

/// Reads a polygon from a request and validates it with the app's rules; `Err` names the rule
/// broken and where.
pub(crate) fn checked_aoi_message(value: &Value, label: &str) -> Result<CheckedAoi, String> {
    let aoi = aoi_from_json(value, label)?;
    let report = validate(&aoi, &ValidationContext::default());
    if let Some(issue) = report
        .issues
        .iter()
        .find(|issue| issue.severity == Severity::Error)
    {
        let mut message = format!(
            "invalid AOI ({label}): rule {}: {}",
            issue.rule.id(),
            issue.message
        );
        if !issue.vertices.is_empty() {
            let list: Vec<String> = issue.vertices.iter().map(|v| v.to_string()).collect();
            message.push_str(&format!(" (positions {})", list.join(", ")));
        }
        return Err(message);
    }
    let Some(measures) = measure(&aoi) else {
        return Err(format!("invalid AOI ({label}): it has no measurable area"));
    };
    let geojson = polygon_geojson(&aoi.ring);
    Ok(CheckedAoi {
        aoi,
        measures,
        geojson,
    })
}

/// Builds an AOI from a GeoJSON Polygon geometry, a Feature holding one, or bare Polygon
/// coordinates, keeping every raw position (a third coordinate is dropped).
pub(crate) fn aoi_from_json(value: &Value, label: &str) -> Result<Aoi, String> {
    let bad = |what: String| format!("invalid AOI ({label}): {what}");
    let coordinates = match value {
        Value::Array(_) => value,
        Value::Object(object) => {
            if object.get("type").and_then(Value::as_str) == Some("Feature") {
                return match object.get("geometry") {
                    Some(geometry) => aoi_from_json(geometry, label),
                    None => Err(bad("the Feature has no geometry".into())),
                };
            }
            match object.get("type").and_then(Value::as_str) {
                Some("Polygon") => {}
                Some(other) => {
                    return Err(bad(format!(
                        "rule not_polygon: a {other} was sent; only a GeoJSON Polygon is accepted"
                    )));
                }
                None => {
                    return Err(bad(
                        "the geometry has no \"type\"; a GeoJSON Polygon is expected".into(),
                    ));
                }
            }
            object
                .get("coordinates")
                .ok_or_else(|| bad("the Polygon has no \"coordinates\"".into()))?
        }
        Value::Null => return Err(bad("no AOI was sent".into())),
        _ => return Err(bad("a GeoJSON Polygon object is expected".into())),
    };
    let Some(rings) = coordinates.as_array() else {
        return Err(bad("\"coordinates\" must be an array of rings".into()));
    };
    let mut parsed = Vec::with_capacity(rings.len());
    for (ring_index, ring) in rings.iter().enumerate() {
        let Some(positions) = ring.as_array() else {
            return Err(bad(format!(
                "ring {ring_index} is not an array of positions"
            )));
        };
        let mut out = Vec::with_capacity(positions.len());
        for (index, position) in positions.iter().enumerate() {
            let numbers = position
                .as_array()
                .map(|p| p.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>());
            match numbers {
                Some(Some(numbers)) if numbers.len() >= 2 => out.push(Coord {
                    x: numbers[0],
                    y: numbers[1],
                }),
                _ => {
                    return Err(bad(format!(
                        "position {index} of ring {ring_index} is not [longitude, latitude]"
                    )));
                }
            }
        }
        parsed.push(out);
    }
    let mut rings = parsed.into_iter();
    let Some(ring) = rings.next() else {
        return Err(bad("the Polygon has no ring".into()));
    };
    let mut aoi = Aoi::new(label, ring);
    aoi.holes = rings.collect();
    Ok(aoi)
}

/// A GeoJSON Polygon of one ring.
pub(crate) fn polygon_geojson(ring: &[LonLat]) -> Value {
    let positions: Vec<Value> = ring.iter().map(|c| json!([c.x, c.y])).collect();
    json!({"type": "Polygon", "coordinates": [positions]})
}

/// A GeoJSON Polygon of one ring given as pairs.
pub(crate) fn pairs_geojson(ring: &[[f64; 2]]) -> Value {
    json!({"type": "Polygon", "coordinates": [ring]})
}

/// WKT of a closed ring, 6 decimals, with the closing position written twice as the real
/// service does (`POLYGON((... , first, first))`).
pub(crate) fn footprint_wkt(ring: &[[f64; 2]]) -> String {
    let mut parts: Vec<String> = ring.iter().map(|[x, y]| format!("{x:.6} {y:.6}")).collect();
    if let Some(first) = ring.first() {
        parts.push(format!("{:.6} {:.6}", first[0], first[1]));
    }
    format!("POLYGON(({}))", parts.join(", "))
}

/// `POINT(lon lat)`, 6 decimals.
pub(crate) fn point_wkt(at: [f64; 2]) -> String {
    format!("POINT({:.6} {:.6})", at[0], at[1])
}

/// A rectangle around an AOI aligned with a ground track: the AOI's extent along and across the
/// track, plus `margin_km` on every side and at least `min_width_km` across. Returns the closed
/// ring (lon/lat, 6 decimals: the margin keeps the AOI inside), its centre, and the along-track
/// extent from the centroid (start, end) in km.
pub(crate) fn track_rectangle(
    aoi: &Aoi,
    centroid: LonLat,
    heading_deg: f64,
    margin_km: f64,
    min_width_km: f64,
) -> (Vec<[f64; 2]>, [f64; 2], (f64, f64)) {
    let positions: Vec<LonLat> = aoi
        .distinct_vertices()
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let local = local_km(&positions, centroid);
    // Scale of the local frame (it is linear in lon/lat), to come back from km to degrees.
    let unit = local_km(
        &[Coord {
            x: centroid.x + 1.0,
            y: centroid.y + 1.0,
        }],
        centroid,
    );
    let (east_per_deg, north_per_deg) =
        unit.first().map(|c| (c.x, c.y)).unwrap_or((111.32, 110.57));
    let h = heading_deg.to_radians();
    let along = (h.sin(), h.cos());
    let across = (h.cos(), -h.sin());
    let (mut s_min, mut s_max, mut q_min, mut q_max) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for p in &local {
        let s = p.x * along.0 + p.y * along.1;
        let q = p.x * across.0 + p.y * across.1;
        s_min = s_min.min(s);
        s_max = s_max.max(s);
        q_min = q_min.min(q);
        q_max = q_max.max(q);
    }
    s_min -= margin_km;
    s_max += margin_km;
    let q_mid = (q_min + q_max) / 2.0;
    let half = ((q_max - q_min) / 2.0 + margin_km).max(min_width_km / 2.0);
    let (q_min, q_max) = (q_mid - half, q_mid + half);
    let corner = |s: f64, q: f64| {
        let e = s * along.0 + q * across.0;
        let n = s * along.1 + q * across.1;
        [
            centroid.x + e / east_per_deg,
            centroid.y + n / north_per_deg,
        ]
    };
    let corners = [
        corner(s_max, q_min),
        corner(s_max, q_max),
        corner(s_min, q_max),
        corner(s_min, q_min),
    ];
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let mut ring: Vec<[f64; 2]> = corners
        .iter()
        .map(|[x, y]| [round(*x), round(*y)])
        .collect();
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    let centre = corner((s_min + s_max) / 2.0, q_mid);
    (ring, [round(centre[0]), round(centre[1])], (s_min, s_max))
}
