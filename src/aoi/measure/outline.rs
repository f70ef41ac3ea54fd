//! One walk round the ring for its area on the ellipsoid, its perimeter and its centroid.
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

/// What the walk finds.
pub struct Outline {
    /// Area on the ellipsoid, km² (absolute: either winding).
    pub area_km2: f64,
    /// Perimeter, km, when asked for.
    pub perimeter_km: Option<f64>,
    /// Planar centroid in lon/lat (the vertex mean for a ring of no area).
    pub centroid: LonLat,
}

/// The functions of latitude (radians) the walk needs.
trait Latitude {
    /// The projection's y over a: q(φ) / 2.
    fn y(&self, lat: f64) -> f64;
    /// km per radian of latitude and of longitude.
    fn km_per_rad(&self, lat: f64) -> (f64, f64);
}

/// The exact functions: a sine, a square root and a logarithm per call.
struct Exact;

impl Latitude for Exact {
    fn y(&self, lat: f64) -> f64 {
        authalic_q(lat.sin()) / 2.0
    }
    fn km_per_rad(&self, lat: f64) -> (f64, f64) {
        let (meridional, prime_vertical) = radii_m(lat);
        (meridional / 1e3, prime_vertical * lat.cos() / 1e3)
    }
}

/// The functions fitted over one latitude range (the radii only when the perimeter is wanted).
struct Fitted {
    y: LatitudeFit,
    radii: Option<(LatitudeFit, LatitudeFit)>,
}

impl Fitted {
    fn new(south: f64, north: f64, perimeter: bool) -> Option<Self> {
        // An error ε in y moves the area by about ε / (half the latitude span), relatively.
        let y_tolerance = 1e-12 * ((north - south) / 2.0).max(1e-9);
        let radii = if perimeter {
            // Radii over a: the perimeter needs far less than the area.
            let north_fit = |lat| Exact.km_per_rad(lat).0 * 1e3 / A_M;
            let east_fit = |lat| Exact.km_per_rad(lat).1 * 1e3 / A_M;
            Some((
                LatitudeFit::new(north_fit, south, north, 1e-12)?,
                LatitudeFit::new(east_fit, south, north, 1e-12)?,
            ))
        } else {
            None
        };
        Some(Fitted {
            y: LatitudeFit::new(|lat| Exact.y(lat), south, north, y_tolerance)?,
            radii,
        })
    }
}

impl Latitude for Fitted {
    #[inline]
    fn y(&self, lat: f64) -> f64 {
        self.y.at(lat)
    }
    #[inline]
    fn km_per_rad(&self, lat: f64) -> (f64, f64) {
        let km_per_a = A_M / 1e3;
        self.radii.as_ref().map_or((0.0, 0.0), |(north, east)| {
            (north.at(lat) * km_per_a, east.at(lat) * km_per_a)
        })
    }
}

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

/// A vertex as the walk needs it.
#[derive(Clone, Copy)]
struct Point {
    degrees: LonLat,
    lon: f64,
    lat: f64,
    y: f64,
}

#[inline]
fn point(functions: &impl Latitude, degrees: LonLat) -> Point {
    let (lon, lat) = (degrees.x.to_radians(), degrees.y.to_radians());
    Point {
        degrees,
        lon,
        lat,
        y: functions.y(lat),
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
pub fn outline_exact(vertices: &[LonLat]) -> Outline {
    let (south, north) = vertices
        .iter()
        .fold((90.0, -90.0), |(s, n): (f64, f64), c| {
            (s.min(c.y), n.max(c.y))
        });
    walk::<_, true>(vertices, &Exact, widest_cos(south, north))
}

/// The largest cosine of a latitude in `south..=north` (degrees): where a degree of longitude
/// is longest, so edge lengths judged with it are never under-estimated.
fn widest_cos(south: f64, north: f64) -> f64 {
    if south <= 0.0 && north >= 0.0 {
        1.0
    } else {
        south.abs().min(north.abs()).to_radians().cos()
    }
}

fn walk<L: Latitude, const PERIMETER: bool>(
    vertices: &[impl Position],
    functions: &L,
    widest_cos: f64,
) -> Outline {
    let origin = vertices[0].lon_lat();
    let first = point(functions, origin);
    let (mut twice_area, mut perimeter_km) = (0.0, 0.0);
    let (mut shoelace, mut moment_x, mut moment_y) = (0.0, 0.0, 0.0);
    let mut a = first;
    let mut a_km_per_rad = if PERIMETER {
        functions.km_per_rad(a.lat)
    } else {
        (0.0, 0.0)
    };
    for i in 1..=vertices.len() {
        let b = match vertices.get(i) {
            Some(&next) => point(functions, next.lon_lat()),
            None => first,
        };
        // Edges under 5 km, judged on the sphere where a degree of longitude is longest (the
        // split needs only a length that is not too short).
        let (dlat, dlon) = (b.lat - a.lat, b.lon - a.lon);
        let east = dlon * widest_cos;
        let rough_km2 = (dlat * dlat + east * east) * 6400.0 * 6400.0;
        twice_area += if rough_km2 <= AREA_EDGE_KM * AREA_EDGE_KM {
            dlon * (b.y + a.y)
        } else {
            split_twice_area(a, b, rough_km2.sqrt())
        };
        if PERIMETER {
            let b_km_per_rad = functions.km_per_rad(b.lat);
            let north_km = dlat * (a_km_per_rad.0 + b_km_per_rad.0) / 2.0;
            let east_km = dlon * (a_km_per_rad.1 + b_km_per_rad.1) / 2.0;
            perimeter_km += (north_km * north_km + east_km * east_km).sqrt();
            a_km_per_rad = b_km_per_rad;
        }
        // Planar centroid, relative to the first vertex for precision.
        let (ax, ay) = (a.degrees.x - origin.x, a.degrees.y - origin.y);
        let (bx, by) = (b.degrees.x - origin.x, b.degrees.y - origin.y);
        let cross = ax * by - bx * ay;
        shoelace += cross;
        moment_x += (ax + bx) * cross;
        moment_y += (ay + by) * cross;
        a = b;
    }
    let centroid = if shoelace != 0.0 {
        LonLat {
            x: origin.x + moment_x / (3.0 * shoelace),
            y: origin.y + moment_y / (3.0 * shoelace),
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
        area_km2: (twice_area / 2.0).abs() * A_M * A_M / 1e6,
        perimeter_km: PERIMETER.then_some(perimeter_km),
        centroid,
    }
}

/// An edge's share of twice the area, split along the great circle into pieces under 5 km
/// (with the exact functions: a great circle can leave the ring's latitude range).
fn split_twice_area(a: Point, b: Point, length_km: f64) -> f64 {
    let pieces = (length_km / AREA_EDGE_KM).ceil() as usize;
    let mut previous = a;
    let mut sum = 0.0;
    for k in 1..=pieces {
        let next = if k == pieces {
            b
        } else {
            point(
                &Exact,
                great_circle_point(a.degrees, b.degrees, k as f64 / pieces as f64),
            )
        };
        sum += (next.lon - previous.lon) * (next.y + previous.y);
        previous = next;
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
