//! Geodesic measures of an AOI on the WGS84 ellipsoid: area, perimeter, north-south height,
//! east-west width, narrowest width, centroid and vertex count.

pub(crate) mod ellipsoid;
mod hull;
mod outline;

use geo_types::Coord;
use serde::Serialize;

use self::ellipsoid::radii_m;
use self::hull::{hull_of_points, hull_of_simple_polygon, min_width};
pub use self::outline::Position;
use self::outline::{Outline, outline};
use super::model::{Aoi, LonLat};

/// What the rules need of an AOI's size: what validation computes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Size {
    /// Distinct vertices (closing position and consecutive repeats not counted).
    pub vertices: usize,
    /// Geodesic area, km² (absolute; correct for either winding).
    pub area_km2: f64,
    /// North-south extent, km (the "height" of the automatic-feasibility table).
    pub height_km: f64,
    /// East-west extent at the AOI's middle latitude, km (the "width" of that table).
    pub width_km: f64,
    /// The centroid (planar, in lon/lat).
    pub centroid: LonLat,
}

impl Size {
    /// A width the AOI is known to reach in every direction, km: its area over the diagonal of
    /// its extent, halved for the difference between the ellipsoid and a flat map. A convex
    /// set's area is at most its narrowest width times its diameter.
    pub fn width_at_least_km(&self) -> f64 {
        self.area_km2 / self.height_km.hypot(self.width_km) / 2.0
    }
}

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
    let vertices = aoi.distinct_vertices();
    let extent = Extent::of(&vertices)?;
    if vertices.len() < 3 || !extent.in_range {
        return None;
    }
    let outline = outline(&vertices, extent.min.y, extent.max.y, true);
    let size = size_from(&vertices, &extent, &outline);
    let positions: Vec<LonLat> = vertices.iter().map(|&(_, c)| c).collect();
    let hull = hull_of_points(&local_km(&positions, size.centroid));
    Some(Measures {
        vertices: size.vertices,
        area_km2: size.area_km2,
        perimeter_km: outline.perimeter_km.unwrap_or_default(),
        height_km: size.height_km,
        width_km: size.width_km,
        min_width_km: min_width(&hull),
        centroid: size.centroid,
    })
}

/// The size of a ring's distinct vertices (as `distinct_vertices` gives them), or `None` as
/// for [`measure`]. One walk round the ring, no hull.
pub fn size_of(vertices: &[impl Position]) -> Option<Size> {
    size_within(vertices, &Extent::of(vertices)?)
}

/// The box around some positions, and whether all are finite lon/lat within ±180/±90.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// South-west corner.
    pub min: LonLat,
    /// North-east corner.
    pub max: LonLat,
    /// Every position finite and in range (NaN is not).
    pub in_range: bool,
}

impl Extent {
    /// The extent of positions, in one pass; `None` when there are none.
    pub fn of(positions: &[impl Position]) -> Option<Extent> {
        let first = positions.first()?.lon_lat();
        let (mut min, mut max, mut in_range) = (first, first, true);
        for v in positions {
            let c = v.lon_lat();
            in_range &= (c.x.abs() <= 180.0) & (c.y.abs() <= 90.0);
            // Plain comparisons (not f64::min, whose NaN rule costs several instructions).
            min.x = if c.x < min.x { c.x } else { min.x };
            min.y = if c.y < min.y { c.y } else { min.y };
            max.x = if c.x > max.x { c.x } else { max.x };
            max.y = if c.y > max.y { c.y } else { max.y };
        }
        Some(Extent { min, max, in_range })
    }
}

/// [`size_of`] when the extent of the vertices is already known.
pub fn size_within(vertices: &[impl Position], extent: &Extent) -> Option<Size> {
    if vertices.len() < 3 || !extent.in_range {
        return None;
    }
    let outline = outline(vertices, extent.min.y, extent.max.y, false);
    Some(size_from(vertices, extent, &outline))
}

/// The size, from the walk round the ring and its extent.
fn size_from(vertices: &[impl Position], extent: &Extent, outline: &Outline) -> Size {
    let Extent { min, max, .. } = *extent;
    Size {
        vertices: vertices.len(),
        area_km2: outline.area_km2,
        height_km: meridian_km(min.y, max.y),
        width_km: east_west_km(min.x, max.x, (min.y + max.y) / 2.0),
        centroid: outline.centroid,
    }
}

/// The narrowest width, km, of a ring known to be simple (no two edges meet): its hull by
/// Melkman's algorithm in O(n), then rotating calipers.
pub fn narrowest_km_of_simple(vertices: &[impl Position], centroid: LonLat) -> f64 {
    let positions: Vec<LonLat> = vertices.iter().map(|v| v.lon_lat()).collect();
    min_width(&hull_of_simple_polygon(&local_km(&positions, centroid)))
}

/// The length of the meridian arc between two latitudes (degrees), km: the meridional radius
/// integrated by 5-point Gauss–Legendre, exact to far below a metre for any AOI.
fn meridian_km(south: f64, north: f64) -> f64 {
    const NODES: [(f64, f64); 5] = [
        (0.0, 0.568_888_888_888_888_9),
        (-0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
        (0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
        (-0.906_179_845_938_664, 0.236_926_885_056_189_1),
        (0.906_179_845_938_664, 0.236_926_885_056_189_1),
    ];
    let (south, north) = (south.to_radians(), north.to_radians());
    let (middle, half) = ((south + north) / 2.0, (north - south) / 2.0);
    let integral: f64 = NODES
        .iter()
        .map(|&(x, w)| w * radii_m(middle + half * x).0)
        .sum();
    integral * half / 1e3
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
    let (_, prime_vertical_m) = radii_m(lat_deg.to_radians());
    (east - west).to_radians() * prime_vertical_m * lat_deg.to_radians().cos() / 1e3
}

/// Positions in a local tangent plane around `origin`, km (east, north). Accurate to well under
/// a percent over the size of a tasking AOI.
pub fn local_km(positions: &[LonLat], origin: LonLat) -> Vec<Coord<f64>> {
    let (meridional, prime_vertical) = radii_m(origin.y.to_radians());
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

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{LineString, Polygon};

    /// A star-shaped (so simple) ring of `n` vertices with pseudo-random radii, around a point.
    fn random_star(seed: u64, n: usize, center: LonLat, radius_deg: f64) -> Vec<LonLat> {
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|i| {
                let t = std::f64::consts::TAU * (i as f64 + 0.8 * next()) / n as f64;
                let r = radius_deg * (0.2 + 0.8 * next());
                LonLat {
                    x: center.x + r * t.cos(),
                    y: center.y + r * t.sin(),
                }
            })
            .collect()
    }

    #[test]
    fn melkman_and_andrew_find_the_same_width_on_simple_rings() {
        for seed in 0..300 {
            let n = 3 + (seed as usize * 7) % 200;
            let ring = random_star(seed, n, LonLat { x: 5.0, y: 45.0 }, 0.1);
            let local = local_km(&ring, ring[0]);
            let (andrew, melkman) = (
                min_width(&hull_of_points(&local)),
                min_width(&hull_of_simple_polygon(&local)),
            );
            assert!(
                (andrew - melkman).abs() < 1e-9,
                "seed {seed}: {andrew} vs {melkman}"
            );
        }
    }

    #[test]
    fn the_fitted_outline_matches_the_exact_one() {
        let places = [
            (5.0, 45.0, 0.1),
            (-70.0, -33.0, 0.5),
            (20.0, 0.0, 2.0),
            (30.0, 80.0, 4.0),
            (100.0, 10.0, 15.0),
        ];
        for (seed, &(x, y, radius)) in places.iter().enumerate() {
            let ring = random_star(seed as u64, 400, LonLat { x, y }, radius);
            let (min, max) = bounds(&ring);
            let (fitted, exact) = (
                outline::outline(&ring, min.y, max.y, true),
                outline::outline_exact(&ring),
            );
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
            assert!(
                close(fitted.area_km2, exact.area_km2),
                "{x},{y}: {} vs {}",
                fitted.area_km2,
                exact.area_km2
            );
            let (p_fit, p_exact) = (fitted.perimeter_km.unwrap(), exact.perimeter_km.unwrap());
            assert!(
                (p_fit - p_exact).abs() < 1e-6 * p_exact,
                "{p_fit} vs {p_exact}"
            );
            assert_eq!(fitted.centroid, exact.centroid);
        }
    }

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
        assert!((min_width(&hull_of_points(&rect)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn degenerate_rings_have_no_measures() {
        let mut aoi = square(0.1, 0.0);
        aoi.ring.truncate(2);
        assert!(measure(&aoi).is_none());
    }
}
