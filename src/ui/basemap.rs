//! The offline basemap: Natural Earth land (filled) and country borders, shipped in assets/ and
//! drawn by the app, so the map is never a blank canvas without tiles. Parsed and triangulated
//! once; each frame only projects the vertices.

use std::sync::OnceLock;

use egui::{Mesh, Painter, Pos2, Rect, Shape, Stroke};
use geo::TriangulateEarcut;
use geo_types::{LineString, Polygon};
use walkers::{Projector, lon_lat};

use super::theme;
use crate::aoi::LonLat;

/// Land triangles and border lines, lon/lat.
pub struct Basemap {
    land: Vec<[LonLat; 3]>,
    borders: Vec<Vec<LonLat>>,
    /// Lon/lat bounds of each land triangle and border line, to skip what is off screen before
    /// projecting it.
    land_bounds: Vec<(LonLat, LonLat)>,
    border_bounds: Vec<(LonLat, LonLat)>,
}

fn bounds_of(points: &[LonLat]) -> (LonLat, LonLat) {
    crate::aoi::measure::bounds(points)
}

static BASEMAP: OnceLock<Basemap> = OnceLock::new();

/// The basemap, loaded on first use.
pub fn basemap() -> &'static Basemap {
    BASEMAP.get_or_init(|| {
        let land = land_triangles(include_str!("../../assets/land-110m.geojson"));
        let borders = lines(include_str!("../../assets/countries-110m-borders.geojson"));
        Basemap {
            land_bounds: land.iter().map(|t| bounds_of(t)).collect(),
            border_bounds: borders.iter().map(|l| bounds_of(l)).collect(),
            land,
            borders,
        }
    })
}

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

fn land_triangles(text: &str) -> Vec<[LonLat; 3]> {
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

fn lines(text: &str) -> Vec<Vec<LonLat>> {
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

/// Projects a lon/lat to the screen.
pub fn to_screen(projector: &Projector, c: LonLat) -> Pos2 {
    projector
        .project(lon_lat(c.x, c.y.clamp(-85.0, 85.0)))
        .to_pos2()
}

impl Basemap {
    /// Paints sea, land and borders.
    pub fn paint(&self, painter: &Painter, projector: &Projector) {
        let clip = painter.clip_rect();
        painter.rect_filled(clip, 0.0, theme::SEA);
        // The visible lon/lat box (a little wider than the screen).
        let corners = [clip.left_top(), clip.right_bottom()].map(|p| {
            let position = projector.unproject(p.to_vec2());
            LonLat {
                x: position.x(),
                y: position.y(),
            }
        });
        let margin_x = (corners[1].x - corners[0].x).abs() * 0.05;
        let margin_y = (corners[0].y - corners[1].y).abs() * 0.05;
        let visible = |(low, high): &(LonLat, LonLat)| {
            high.x >= corners[0].x - margin_x
                && low.x <= corners[1].x + margin_x
                && high.y >= corners[1].y - margin_y
                && low.y <= corners[0].y + margin_y
        };
        let mut mesh = Mesh::default();
        for (triangle, bounds) in self.land.iter().zip(&self.land_bounds) {
            if !visible(bounds) {
                continue;
            }
            let points = triangle.map(|c| to_screen(projector, c));
            let (min_x, max_x) = points
                .iter()
                .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
            let (min_y, max_y) = points
                .iter()
                .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.y), b.max(p.y)));
            if max_x < clip.min.x || min_x > clip.max.x || max_y < clip.min.y || min_y > clip.max.y
            {
                continue;
            }
            let base = mesh.vertices.len() as u32;
            for p in points {
                mesh.colored_vertex(p, theme::LAND);
            }
            mesh.add_triangle(base, base + 1, base + 2);
        }
        painter.add(Shape::mesh(mesh));
        let stroke = Stroke::new(0.8, theme::BORDER);
        for (line, bounds) in self.borders.iter().zip(&self.border_bounds) {
            if !visible(bounds) {
                continue;
            }
            let points: Vec<Pos2> = line.iter().map(|&c| to_screen(projector, c)).collect();
            // Off-screen borders are not handed to the tessellator.
            if Rect::from_points(&points).intersects(clip) {
                painter.add(Shape::line(points, stroke));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covered(p: LonLat) -> bool {
        let side = |a: LonLat, b: LonLat| (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        basemap().land.iter().any(|t| {
            let (d1, d2, d3) = (side(t[0], t[1]), side(t[1], t[2]), side(t[2], t[0]));
            !((d1 < 0.0 || d2 < 0.0 || d3 < 0.0) && (d1 > 0.0 || d2 > 0.0 || d3 > 0.0))
        })
    }

    #[test]
    fn land_is_land_and_sea_is_sea() {
        let land = [(2.35, 48.85), (150.0, -30.0), (100.0, 60.0), (20.0, 0.0)];
        let sea = [
            (-25.0, 61.0),
            (-30.0, 40.0),
            (5.0, 40.0),
            (-150.0, 0.0),
            (60.0, -20.0),
        ];
        for (lon, lat) in land {
            assert!(covered(LonLat { x: lon, y: lat }), "land at ({lon}, {lat})");
        }
        for (lon, lat) in sea {
            assert!(!covered(LonLat { x: lon, y: lat }), "sea at ({lon}, {lat})");
        }
        assert!(
            basemap().borders.len() > 100,
            "{} borders",
            basemap().borders.len()
        );
    }
}
