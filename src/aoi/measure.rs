//! Geodesic measures of an AOI on the WGS84 ellipsoid: area, perimeter, north-south height,
//! east-west width, narrowest width, centroid and vertex count.

use geo::{Centroid, ConvexHull, Distance, Geodesic, GeodesicArea, Length};
use geo_types::{Coord, LineString, Point, Polygon};
use serde::Serialize;

use super::model::{Aoi, LonLat};

/// WGS84 semi-major axis, metres.
const WGS84_A_M: f64 = 6_378_137.0;
/// WGS84 first eccentricity squared.
const WGS84_E2: f64 = 0.006_694_379_990_141_317;

/// What a person wants to know about an AOI's size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measures {
    /// Distinct vertices (closing position and consecutive repeats not counted).
    pub vertices: usize,
    /// Geodesic area, km² (absolute; correct for either winding).
    pub area_km2: f64,
    /// Geodesic perimeter, km.
    pub perimeter_km: f64,
    /// North-south extent, km (the "height" of the automatic-feasibility table).
    pub height_km: f64,
    /// East-west extent at the AOI's middle latitude, km (the "width" of that table).
    pub width_km: f64,
    /// The narrowest width of the AOI's convex hull in any direction, km.
    pub min_width_km: f64,
    /// The centroid (planar, in lon/lat).
    pub centroid: LonLat,
}

/// The measures of an AOI, or `None` when it has fewer than 3 distinct vertices or a position
/// that is not a finite lon/lat.
pub fn measure(aoi: &Aoi) -> Option<Measures> {
    let vertices: Vec<LonLat> = aoi
        .distinct_vertices()
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    if vertices.len() < 3
        || vertices
            .iter()
            .any(|c| !c.x.is_finite() || !c.y.is_finite() || c.y.abs() > 90.0)
    {
        return None;
    }
    let polygon = Polygon::new(LineString::from(vertices.clone()), vec![]);
    let area_km2 = polygon.geodesic_area_signed().abs() / 1e6;
    let perimeter_km = Geodesic.length(polygon.exterior()) / 1e3;
    let centroid = polygon.centroid().map(|p| p.0).unwrap_or(vertices[0]);
    let (min, max) = bounds(&vertices);
    let mid_lat = (min.y + max.y) / 2.0;
    let height_km =
        Geodesic.distance(Point::new(centroid.x, min.y), Point::new(centroid.x, max.y)) / 1e3;
    let width_km = east_west_km(min.x, max.x, mid_lat);
    let min_width_km = min_hull_width_km(&vertices, centroid);
    Some(Measures {
        vertices: vertices.len(),
        area_km2,
        perimeter_km,
        height_km,
        width_km,
        min_width_km,
        centroid,
    })
}

/// The lower-left and upper-right corners of positions.
pub fn bounds(positions: &[LonLat]) -> (LonLat, LonLat) {
    positions.iter().fold(
        (
            Coord {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            Coord {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
        ),
        |(lo, hi), c| {
            (
                Coord {
                    x: lo.x.min(c.x),
                    y: lo.y.min(c.y),
                },
                Coord {
                    x: hi.x.max(c.x),
                    y: hi.y.max(c.y),
                },
            )
        },
    )
}

/// The length of a parallel arc between two longitudes at a latitude, km.
fn east_west_km(west: f64, east: f64, lat_deg: f64) -> f64 {
    let (_, prime_vertical_m) = radii_m(lat_deg);
    (east - west).to_radians() * prime_vertical_m * lat_deg.to_radians().cos() / 1e3
}

/// Meridional and prime-vertical radii of curvature at a latitude, metres.
fn radii_m(lat_deg: f64) -> (f64, f64) {
    let sin = lat_deg.to_radians().sin();
    let w = (1.0 - WGS84_E2 * sin * sin).sqrt();
    let meridional = WGS84_A_M * (1.0 - WGS84_E2) / (w * w * w);
    let prime_vertical = WGS84_A_M / w;
    (meridional, prime_vertical)
}

/// Positions in a local tangent plane around `origin`, km (east, north). Accurate to well under
/// a percent over the size of a tasking AOI.
pub fn local_km(positions: &[LonLat], origin: LonLat) -> Vec<Coord<f64>> {
    let (meridional, prime_vertical) = radii_m(origin.y);
    let east_per_deg =
        prime_vertical * origin.y.to_radians().cos() * std::f64::consts::PI / 180.0 / 1e3;
    let north_per_deg = meridional * std::f64::consts::PI / 180.0 / 1e3;
    positions
        .iter()
        .map(|c| Coord {
            x: (c.x - origin.x) * east_per_deg,
            y: (c.y - origin.y) * north_per_deg,
        })
        .collect()
}

/// The minimum width of the convex hull (rotating calipers over hull edges), km.
fn min_hull_width_km(vertices: &[LonLat], origin: LonLat) -> f64 {
    let local = LineString::from(local_km(vertices, origin));
    let hull = Polygon::new(local, vec![]).convex_hull();
    let ring = &hull.exterior().0;
    let mut best = f64::INFINITY;
    for edge in ring.windows(2) {
        let [a, b] = [edge[0], edge[1]];
        let length = (b.x - a.x).hypot(b.y - a.y);
        if length == 0.0 {
            continue;
        }
        let farthest = ring
            .iter()
            .map(|p| ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)).abs() / length)
            .fold(0.0, f64::max);
        best = best.min(farthest);
    }
    if best.is_finite() { best } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(side_deg: f64, lat: f64) -> Aoi {
        let c = |x: f64, y: f64| Coord { x, y };
        Aoi::new(
            "square",
            vec![
                c(0.0, lat),
                c(side_deg, lat),
                c(side_deg, lat + side_deg),
                c(0.0, lat + side_deg),
                c(0.0, lat),
            ],
        )
    }

    #[test]
    fn a_tenth_degree_square_at_the_equator() {
        let m = measure(&square(0.1, 0.0)).unwrap();
        // 0.1° of longitude at the equator is 11.132 km, 0.1° of latitude 11.057 km.
        assert!((m.width_km - 11.132).abs() < 0.01, "{m:?}");
        assert!((m.height_km - 11.057).abs() < 0.01, "{m:?}");
        assert!((m.area_km2 - 11.132 * 11.057).abs() < 0.2, "{m:?}");
        assert!((m.min_width_km - 11.057).abs() < 0.02, "{m:?}");
        assert_eq!(m.vertices, 4);
    }

    #[test]
    fn winding_does_not_change_the_area() {
        let mut reversed = square(0.1, 45.0);
        reversed.ring.reverse();
        let a = measure(&square(0.1, 45.0)).unwrap().area_km2;
        let b = measure(&reversed).unwrap().area_km2;
        assert!((a - b).abs() < 1e-9);
    }

    #[test]
    fn degenerate_rings_have_no_measures() {
        let mut aoi = square(0.1, 0.0);
        aoi.ring.truncate(2);
        assert!(measure(&aoi).is_none());
    }
}
