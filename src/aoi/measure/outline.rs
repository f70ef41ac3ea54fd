//! One walk round the ring for its area on the ellipsoid, its centroid and (when asked) its
//! perimeter.
//!
//! The area is the polygon's in Lambert's cylindrical equal-area projection of the ellipsoid
//! (x = a λ, y = a q(φ) / 2: area-preserving), with edges longer than 5 km split along the great
//! circle first, so that it follows the geodesic to well under 0.01 % (Karney's exact area is
//! the reference in the tests). The functions of latitude it needs (q, and the radii for the
//! perimeter) are fitted once per ring over its latitude range, so a vertex costs a few
//! multiply-adds rather than a sine, a square root and a logarithm.

use super::ellipsoid::{A_M, LatitudeFit, authalic_q, radii_m};
use crate::aoi::model::LonLat;

/// Longest edge, km, kept as it is when measuring the area.
const AREA_EDGE_KM: f64 = 5.0;
/// A radius no radius of curvature of the ellipsoid exceeds, km: lengths judged with it are
/// never too short.
const LARGEST_RADIUS_KM: f64 = 6400.0;

/// Anything that holds a lon/lat position: a position, or a distinct vertex with its raw index.
pub trait Position: Copy {
    /// The position.
    fn lon_lat(self) -> LonLat;
}

impl Position for LonLat {
    #[inline]
    fn lon_lat(self) -> LonLat {
        self
    }
}

impl Position for (usize, LonLat) {
    #[inline]
    fn lon_lat(self) -> LonLat {
        self.1
    }
}

/// What the walk finds.
pub struct Outline {
    /// Area on the ellipsoid, km² (absolute: either winding).
    pub area_km2: f64,
    /// Perimeter, km, when asked for.
    pub perimeter_km: Option<f64>,
    /// Planar centroid in lon/lat (the vertex mean for a ring of no area).
    pub centroid: LonLat,
}

/// The functions of latitude (degrees) the walk needs.
trait Latitude {
    /// The projection's y over a: q(φ) / 2.
    fn y(&self, lat_deg: f64) -> f64;
    /// km per degree of latitude and of longitude.
    fn km_per_deg(&self, lat_deg: f64) -> (f64, f64);
}

/// The exact functions: a sine, a square root and a logarithm per call.
struct Exact;

impl Exact {
    fn y_at(lat: f64) -> f64 {
        authalic_q(lat.sin()) / 2.0
    }

    /// Radii of curvature over a: meridional, and prime-vertical times cos φ.
    fn radii_over_a(lat: f64) -> (f64, f64) {
        let (meridional, prime_vertical) = radii_m(lat);
        (meridional / A_M, prime_vertical * lat.cos() / A_M)
    }
}

/// km per degree for a radius over a.
const KM_PER_DEG_PER_A: f64 = A_M / 1e3 * std::f64::consts::PI / 180.0;

impl Latitude for Exact {
    fn y(&self, lat_deg: f64) -> f64 {
        Exact::y_at(lat_deg.to_radians())
    }
    fn km_per_deg(&self, lat_deg: f64) -> (f64, f64) {
        let (north, east) = Exact::radii_over_a(lat_deg.to_radians());
        (north * KM_PER_DEG_PER_A, east * KM_PER_DEG_PER_A)
    }
}

/// The functions fitted over one latitude range (the radii only when the perimeter is wanted).
struct Fitted {
    y: LatitudeFit,
    radii: Option<(LatitudeFit, LatitudeFit)>,
}

impl Fitted {
    /// Fits over `south..=north` (radians), or `None` for spans too wide to fit.
    fn new(south: f64, north: f64, perimeter: bool) -> Option<Self> {
        // An error ε in y moves the area by about ε / (half the latitude span), relatively:
        // this keeps the area within about 1e-10 of the exact walk's.
        let y_tolerance = 1e-10 * ((north - south) / 2.0).max(1e-9);
        let radii = if perimeter {
            // The perimeter needs far less than the area.
            Some((
                LatitudeFit::new(|lat| Exact::radii_over_a(lat).0, south, north, 1e-12)?,
                LatitudeFit::new(|lat| Exact::radii_over_a(lat).1, south, north, 1e-12)?,
            ))
        } else {
            None
        };
        Some(Fitted {
            y: LatitudeFit::new(Exact::y_at, south, north, y_tolerance)?,
            radii,
        })
    }
}

impl Latitude for Fitted {
    #[inline]
    fn y(&self, lat_deg: f64) -> f64 {
        self.y.at_degrees(lat_deg)
    }
    #[inline]
    fn km_per_deg(&self, lat_deg: f64) -> (f64, f64) {
        self.radii.as_ref().map_or((0.0, 0.0), |(north, east)| {
            (
                north.at_degrees(lat_deg) * KM_PER_DEG_PER_A,
                east.at_degrees(lat_deg) * KM_PER_DEG_PER_A,
            )
        })
    }
}

/// Area and centroid (and the perimeter when `perimeter`) of a ring of distinct vertices (at
/// least 3, finite, in range) whose latitudes lie within `south..=north` (degrees).
pub fn outline(vertices: &[impl Position], south: f64, north: f64, perimeter: bool) -> Outline {
    let widest = widest_cos(south, north);
    match Fitted::new(south.to_radians(), north.to_radians(), perimeter) {
        Some(fitted) if perimeter => walk::<_, true>(vertices, &fitted, widest),
        Some(fitted) => walk::<_, false>(vertices, &fitted, widest),
        None if perimeter => walk::<_, true>(vertices, &Exact, widest),
        None => walk::<_, false>(vertices, &Exact, widest),
    }
}

/// The exact walk, for the tests that check the fitted one.
#[cfg(test)]
pub fn outline_exact(vertices: &[LonLat]) -> Outline {
    let (south, north) = vertices
        .iter()
        .fold((90.0, -90.0), |(s, n): (f64, f64), c| {
            (s.min(c.y), n.max(c.y))
        });
    walk::<_, true>(vertices, &Exact, widest_cos(south, north))
}

/// The largest cosine of a latitude in `south..=north` (degrees): where a degree of longitude
/// is longest, so edge lengths judged with it are never too short.
fn widest_cos(south: f64, north: f64) -> f64 {
    if south <= 0.0 && north >= 0.0 {
        1.0
    } else {
        south.abs().min(north.abs()).to_radians().cos()
    }
}

/// The running sums of the walk. Coordinates are relative to the first vertex (for precision).
#[derive(Default)]
struct Sums {
    /// Σ Δlon° (y_a + y_b): twice the area, in a² per degree.
    twice_area: f64,
    perimeter_km: f64,
    /// Σ of the planar cross products: twice the planar area, in square degrees.
    shoelace: f64,
    moment_x: f64,
    moment_y: f64,
}

/// One end of an edge: relative lon/lat in degrees, and the projection's y.
#[derive(Clone, Copy)]
struct End {
    x: f64,
    y: f64,
    projected: f64,
    km_per_deg: (f64, f64),
}

fn walk<L: Latitude, const PERIMETER: bool>(
    vertices: &[impl Position],
    functions: &L,
    widest_cos: f64,
) -> Outline {
    let origin = vertices[0].lon_lat();
    let end = |c: LonLat| End {
        x: c.x - origin.x,
        y: c.y - origin.y,
        projected: functions.y(c.y),
        km_per_deg: if PERIMETER {
            functions.km_per_deg(c.y)
        } else {
            (0.0, 0.0)
        },
    };
    // An edge is split when its length may exceed AREA_EDGE_KM (compared in squared degrees).
    let split_over = (AREA_EDGE_KM / (LARGEST_RADIUS_KM * std::f64::consts::PI / 180.0)).powi(2);
    let mut sums = Sums::default();
    let mut step = |a: End, b: End| {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let east = dx * widest_cos;
        sums.twice_area += if dy * dy + east * east <= split_over {
            dx * (b.projected + a.projected)
        } else {
            let at = |e: End| LonLat {
                x: origin.x + e.x,
                y: origin.y + e.y,
            };
            split_twice_area(at(a), at(b), a.projected, b.projected)
        };
        if PERIMETER {
            let north_km = dy * (a.km_per_deg.0 + b.km_per_deg.0) / 2.0;
            let east_km = dx * (a.km_per_deg.1 + b.km_per_deg.1) / 2.0;
            sums.perimeter_km += (north_km * north_km + east_km * east_km).sqrt();
        }
        let cross = a.x * b.y - b.x * a.y;
        sums.shoelace += cross;
        sums.moment_x += (a.x + b.x) * cross;
        sums.moment_y += (a.y + b.y) * cross;
    };
    let first = end(origin);
    let mut a = first;
    for v in &vertices[1..] {
        let b = end(v.lon_lat());
        step(a, b);
        a = b;
    }
    step(a, first);
    let centroid = if sums.shoelace != 0.0 {
        LonLat {
            x: origin.x + sums.moment_x / (3.0 * sums.shoelace),
            y: origin.y + sums.moment_y / (3.0 * sums.shoelace),
        }
    } else {
        let n = vertices.len() as f64;
        let (sx, sy) = vertices.iter().fold((0.0, 0.0), |(x, y), v| {
            let c = v.lon_lat();
            (x + c.x, y + c.y)
        });
        LonLat {
            x: sx / n,
            y: sy / n,
        }
    };
    Outline {
        // Σ Δλ (y_a + y_b) is twice the area in units of a².
        area_km2: (sums.twice_area.to_radians() / 2.0).abs() * A_M * A_M / 1e6,
        perimeter_km: PERIMETER.then_some(sums.perimeter_km),
        centroid,
    }
}

/// An edge's share of Σ Δlon° (y_a + y_b), split along the great circle into pieces under 5 km
/// (with the exact function: a great circle can leave the ring's latitude range).
fn split_twice_area(a: LonLat, b: LonLat, a_projected: f64, b_projected: f64) -> f64 {
    let length_deg = ((b.y - a.y).powi(2) + (b.x - a.x).powi(2)).sqrt();
    let length_km = length_deg * LARGEST_RADIUS_KM * std::f64::consts::PI / 180.0;
    let pieces = (length_km / AREA_EDGE_KM).ceil().max(1.0) as usize;
    let (mut previous, mut previous_projected) = (a, a_projected);
    let mut sum = 0.0;
    for k in 1..=pieces {
        let (next, next_projected) = if k == pieces {
            (b, b_projected)
        } else {
            let next = great_circle_point(a, b, k as f64 / pieces as f64);
            (next, Exact.y(next.y))
        };
        sum += (next.x - previous.x) * (next_projected + previous_projected);
        (previous, previous_projected) = (next, next_projected);
    }
    sum
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
