//! Geodesic measures of an AOI on the WGS84 ellipsoid: area, perimeter, north-south height,
//! east-west width, narrowest width, centroid and vertex count.

use geo::{Centroid, Distance, Geodesic};
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
/// that is not a finite lon/lat within ±180/±90.
pub fn measure(aoi: &Aoi) -> Option<Measures> {
    let vertices: Vec<LonLat> = aoi
        .distinct_vertices()
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    if vertices.len() < 3
        || vertices
            .iter()
            .any(|c| !c.x.is_finite() || !c.y.is_finite() || c.x.abs() > 180.0 || c.y.abs() > 90.0)
    {
        return None;
    }
    let (area_km2, perimeter_km) = area_and_perimeter_km(&vertices);
    let centroid = Polygon::new(LineString::from(vertices.clone()), vec![])
        .centroid()
        .map_or(vertices[0], |p| p.0);
    let (min, max) = bounds(&vertices);
    let mid_lat = (min.y + max.y) / 2.0;
    let height_km =
        Geodesic.distance(Point::new(centroid.x, min.y), Point::new(centroid.x, max.y)) / 1e3;
    let width_km = east_west_km(min.x, max.x, mid_lat);
    let min_width_km = min_hull_width_km(&local_km(&vertices, centroid));
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

/// WGS84 first eccentricity.
fn eccentricity() -> f64 {
    WGS84_E2.sqrt()
}

/// `q(φ)` of the authalic latitude (Snyder 3-12): sin β = q(φ) / q(90°).
fn authalic_q(sin_lat: f64) -> f64 {
    let e = eccentricity();
    let es = e * sin_lat;
    (1.0 - WGS84_E2)
        * (sin_lat / (1.0 - es * es) - (1.0 / (2.0 * e)) * ((1.0 - es) / (1.0 + es)).ln())
}

/// Longest edge, km, kept when measuring the area: longer edges are split along the great
/// circle so that the equal-area computation follows the geodesic to well under 0.01 %.
const AREA_EDGE_KM: f64 = 5.0;

/// What the area and perimeter need of a vertex, computed once: radians, the authalic `q`,
/// and the local scale (km per radian north and east).
#[derive(Clone, Copy)]
struct Prepared {
    lon: f64,
    q: f64,
    km_per_rad_north: f64,
    km_per_rad_east: f64,
    lat: f64,
}

fn prepare(c: LonLat) -> Prepared {
    let lat = c.y.to_radians();
    let (sin, cos) = lat.sin_cos();
    let w2 = 1.0 - WGS84_E2 * sin * sin;
    let w = w2.sqrt();
    Prepared {
        lon: c.x.to_radians(),
        q: authalic_q(sin),
        km_per_rad_north: WGS84_A_M * (1.0 - WGS84_E2) / (w2 * w) / 1e3,
        km_per_rad_east: WGS84_A_M / w * cos / 1e3,
        lat,
    }
}

/// An edge's length, km, from the mean of its ends' local scales (within 1e-4 of the
/// geodesic for edges under 100 km).
fn prepared_edge_km(a: &Prepared, b: &Prepared) -> f64 {
    let north = (b.lat - a.lat) * (a.km_per_rad_north + b.km_per_rad_north) / 2.0;
    let east = (b.lon - a.lon) * (a.km_per_rad_east + b.km_per_rad_east) / 2.0;
    north.hypot(east)
}

/// Area on the WGS84 ellipsoid, km², and the perimeter, km. The area is the polygon's in
/// Lambert's cylindrical equal-area projection (area-preserving on the ellipsoid), with edges
/// longer than 5 km split along the great circle first: one logarithm and one sine per vertex,
/// where Karney's exact geodesic polygon solves two inverse geodesic problems per edge. The
/// two agree to 1e-4 on AOI-sized polygons (tested).
pub fn area_and_perimeter_km(vertices: &[LonLat]) -> (f64, f64) {
    let prepared: Vec<Prepared> = vertices.iter().map(|&c| prepare(c)).collect();
    let n = prepared.len();
    let (mut twice_area, mut perimeter) = (0.0, 0.0);
    for i in 0..n {
        let (a, b) = (&prepared[i], &prepared[(i + 1) % n]);
        let length = prepared_edge_km(a, b);
        perimeter += length;
        if length <= AREA_EDGE_KM {
            twice_area += (b.lon - a.lon) * (b.q + a.q);
            continue;
        }
        let pieces = (length / AREA_EDGE_KM).ceil() as usize;
        let mut previous = *a;
        for k in 1..=pieces {
            let next = if k == pieces {
                *b
            } else {
                prepare(great_circle_point(
                    vertices[i],
                    vertices[(i + 1) % n],
                    k as f64 / pieces as f64,
                ))
            };
            twice_area += (next.lon - previous.lon) * (next.q + previous.q);
            previous = next;
        }
    }
    // x = λ, y = q: the projection's area element is a²/2 dλ dq.
    let area_km2 = (twice_area / 2.0).abs() * WGS84_A_M * WGS84_A_M / 2.0 / 1e6;
    (area_km2, perimeter)
}

/// The point at `t` (0..1) along the great circle from `a` to `b`.
fn great_circle_point(a: LonLat, b: LonLat, t: f64) -> LonLat {
    let to_xyz = |c: LonLat| {
        let (lon, lat) = (c.x.to_radians(), c.y.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    };
    let (p, q) = (to_xyz(a), to_xyz(b));
    let dot = (p[0] * q[0] + p[1] * q[1] + p[2] * q[2]).clamp(-1.0, 1.0);
    let angle = dot.acos();
    if angle < 1e-12 {
        return a;
    }
    let (wa, wb) = (
        ((1.0 - t) * angle).sin() / angle.sin(),
        (t * angle).sin() / angle.sin(),
    );
    let v = [
        wa * p[0] + wb * q[0],
        wa * p[1] + wb * q[1],
        wa * p[2] + wb * q[2],
    ];
    LonLat {
        x: v[1].atan2(v[0]).to_degrees(),
        y: v[2].atan2(v[0].hypot(v[1])).to_degrees(),
    }
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

/// The convex hull (Andrew's monotone chain), counter-clockwise, without repeating the first point.
fn convex_hull(points: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let mut sorted: Vec<Coord<f64>> = points.to_vec();
    sorted.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    sorted.dedup();
    if sorted.len() < 3 {
        return sorted;
    }
    let cross = |o: Coord<f64>, a: Coord<f64>, b: Coord<f64>| {
        (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
    };
    let mut hull: Vec<Coord<f64>> = Vec::with_capacity(sorted.len() + 1);
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &Coord<f64>>> = if pass == 0 {
            Box::new(sorted.iter())
        } else {
            Box::new(sorted.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

/// The minimum width of a point set's convex hull (rotating calipers, O(h) after the hull), km.
fn min_hull_width_km(points_km: &[Coord<f64>]) -> f64 {
    let hull = convex_hull(points_km);
    let h = hull.len();
    if h < 3 {
        return 0.0;
    }
    let distance = |i: usize, p: Coord<f64>| {
        let (a, b) = (hull[i], hull[(i + 1) % h]);
        ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)).abs() / (b.x - a.x).hypot(b.y - a.y)
    };
    let mut best = f64::INFINITY;
    let mut far = 1;
    for i in 0..h {
        // The farthest point from edge i only moves forward as i does.
        while distance(i, hull[(far + 1) % h]) > distance(i, hull[far % h]) {
            far += 1;
        }
        best = best.min(distance(i, hull[far % h]));
    }
    best
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

    /// Karney's exact geodesic area, the reference.
    fn karney_km2(ring: &[LonLat]) -> f64 {
        use geo::GeodesicArea;
        Polygon::new(LineString::from(ring.to_vec()), vec![])
            .geodesic_area_signed()
            .abs()
            / 1e6
    }

    #[test]
    fn the_fast_area_agrees_with_karney() {
        let c = |x: f64, y: f64| Coord { x, y };
        let cases: Vec<(&str, Vec<LonLat>)> = vec![
            ("10 km square at 45°", square(0.1, 45.0).ring),
            ("1° square at 60°", square(1.0, 60.0).ring),
            (
                "SPOT-size 0.9° × 0.45° at -33°",
                vec![
                    c(18.0, -33.0),
                    c(18.9, -33.0),
                    c(18.9, -33.45),
                    c(18.0, -33.45),
                    c(18.0, -33.0),
                ],
            ),
            (
                "concave L at 10°",
                vec![
                    c(0.0, 10.0),
                    c(0.2, 10.0),
                    c(0.2, 10.05),
                    c(0.05, 10.05),
                    c(0.05, 10.2),
                    c(0.0, 10.2),
                    c(0.0, 10.0),
                ],
            ),
            (
                "diagonal strip near the pole",
                vec![
                    c(30.0, 80.0),
                    c(31.0, 80.5),
                    c(30.9, 80.55),
                    c(29.9, 80.05),
                    c(30.0, 80.0),
                ],
            ),
        ];
        for (name, ring) in cases {
            let fast = measure(&Aoi::new(name, ring.clone())).unwrap().area_km2;
            let exact = karney_km2(&ring);
            assert!(
                (fast - exact).abs() / exact < 1e-4,
                "{name}: {fast} vs {exact}"
            );
        }
    }

    #[test]
    fn a_longitude_beyond_180_is_not_measured() {
        // Found by the fuzzer: 1e200 overflowed the centroid and panicked geo's convex hull.
        let c = |x: f64, y: f64| Coord { x, y };
        let ring = vec![
            c(2.4, 43.6),
            c(1.5, 43.7),
            c(1e200, 43.7),
            c(1.4, 43.7),
            c(1.4, 43.6),
        ];
        assert!(measure(&Aoi::new("far", ring)).is_none());
    }

    #[test]
    fn calipers_find_the_narrowest_width() {
        let c = |x: f64, y: f64| Coord { x, y };
        // A 10 × 1 km rectangle turned by 30°: 1 km wide.
        let (sin, cos) = 30f64.to_radians().sin_cos();
        let rect: Vec<Coord<f64>> = [(0.0, 0.0), (10.0, 0.0), (10.0, 1.0), (0.0, 1.0), (5.0, 0.5)]
            .iter()
            .map(|&(x, y)| c(x * cos - y * sin, x * sin + y * cos))
            .collect();
        assert!((min_hull_width_km(&rect) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn degenerate_rings_have_no_measures() {
        let mut aoi = square(0.1, 0.0);
        aoi.ring.truncate(2);
        assert!(measure(&aoi).is_none());
    }
}
