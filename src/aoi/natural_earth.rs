//! Natural Earth land and border lines read from their GeoJSON (`assets/`), as plain lon/lat:
//! land triangulated (earcut; a ring cut at the antimeridian made continuous first), borders
//! split where they jump across it. The map's basemap and the one-page summary's locator draw
//! them.

use geo::TriangulateEarcut;
use geo_types::{LineString, Polygon};

use super::LonLat;

/// Natural Earth 1:110m land, as shipped.
pub const LAND_110M: &str = include_str!("../../assets/land-110m.geojson");

/// A ring's longitudes made continuous across the antimeridian: Natural Earth cuts Chukotka and
/// Fiji at ±180°, and a jump edge from 180° to -180° would make one triangle span the world.
/// A ring that goes round the pole (Antarctica) cannot be unwrapped and is kept as it is.
fn unwrapped(points: Vec<LonLat>) -> Vec<LonLat> {
    let mut out = points.clone();
    for i in 1..out.len() {
        let previous = out[i - 1].x;
        let point = &mut out[i];
        while point.x - previous > 180.0 {
            point.x -= 360.0;
        }
        while point.x - previous < -180.0 {
            point.x += 360.0;
        }
    }
    if let (Some(first), Some(last)) = (out.first(), out.last())
        && (first.x - last.x).abs() > 180.0
    {
        return points;
    }
    // Bring the ring's middle back within ±180° (it may have started in Chukotka).
    let (low, high) = out
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), c| {
            (l.min(c.x), h.max(c.x))
        });
    let shift = -360.0 * ((low + high) / 2.0 / 360.0).round();
    for point in &mut out {
        point.x += shift;
    }
    out
}

/// Splits a line where it jumps across the antimeridian.
fn split_at_antimeridian(points: Vec<LonLat>) -> Vec<Vec<LonLat>> {
    let mut pieces: Vec<Vec<LonLat>> = vec![Vec::new()];
    for point in points {
        if let Some(last) = pieces.last().and_then(|p| p.last())
            && (point.x - last.x).abs() > 180.0
        {
            pieces.push(Vec::new());
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push(point);
        }
    }
    pieces.retain(|p| p.len() >= 2);
    pieces
}

fn positions(value: &serde_json::Value) -> Vec<LonLat> {
    raw_positions(value)
}

fn raw_positions(value: &serde_json::Value) -> Vec<LonLat> {
    value
        .as_array()
        .map(|points| {
            points
                .iter()
                .filter_map(|p| {
                    Some(LonLat {
                        x: p.get(0)?.as_f64()?,
                        // Mercator cannot show the poles: keep the land inside its band.
                        y: p.get(1)?.as_f64()?.clamp(-85.0, 85.0),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The geometries of a FeatureCollection, a Feature or a bare geometry.
fn geometries(text: &str) -> Vec<serde_json::Value> {
    let Ok(document) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    match document["type"].as_str() {
        Some("FeatureCollection") => document["features"]
            .as_array()
            .map(|f| f.iter().map(|f| f["geometry"].clone()).collect())
            .unwrap_or_default(),
        Some("Feature") => vec![document["geometry"].clone()],
        _ => vec![document],
    }
}

/// The land of a GeoJSON of (multi)polygons, as triangles.
pub fn land_triangles(text: &str) -> Vec<[LonLat; 3]> {
    let mut out = Vec::new();
    for geometry in geometries(text) {
        let polygons: Vec<serde_json::Value> = match geometry["type"].as_str() {
            Some("Polygon") => vec![geometry["coordinates"].clone()],
            Some("MultiPolygon") => geometry["coordinates"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for rings in polygons {
            let Some(rings) = rings.as_array() else {
                continue;
            };
            let mut rings = rings
                .iter()
                .map(|r| LineString::from(unwrapped(positions(r))));
            let Some(exterior) = rings.next() else {
                continue;
            };
            let polygon = Polygon::new(exterior, rings.collect());
            out.extend(
                polygon
                    .earcut_triangles()
                    .into_iter()
                    .map(|t| [t.v1(), t.v2(), t.v3()]),
            );
        }
    }
    out
}

/// The lines of a GeoJSON of (multi)line strings, split at the antimeridian.
pub fn lines(text: &str) -> Vec<Vec<LonLat>> {
    let mut out = Vec::new();
    for geometry in geometries(text) {
        match geometry["type"].as_str() {
            Some("LineString") => {
                out.extend(split_at_antimeridian(positions(&geometry["coordinates"])))
            }
            Some("MultiLineString") => {
                if let Some(parts) = geometry["coordinates"].as_array() {
                    for part in parts {
                        out.extend(split_at_antimeridian(positions(part)));
                    }
                }
            }
            _ => {}
        }
    }
    out
}
