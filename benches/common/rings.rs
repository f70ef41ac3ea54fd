//! The benchmark rings: 999 distinct vertices (1000 positions with the closing one), about
//! 20 km across, centred at 5°E 45°N. `benches/geos_compare.py` builds the very same rings
//! with the same formulas, so both sides time identical shapes.
//!
//! With N = 999, R = 10 km and `at(r, k)` the point at r km and angle 2πk/N from the centre:
//!   lon = 5 + r·cos(2πk/N) / (111.32·cos 45°),  lat = 45 + r·sin(2πk/N) / 111.32
//! the rings are, for i = 0..N, then closed by repeating vertex 0:
//! * `circle`:      at(R, i)
//! * `star`:        at(R if i is even else 0.6·R, i)  (jagged, 999 spikes, no crossing)
//! * `star_swapped`: `star` with vertices j and j+2 swapped for j = 200, 500 and 800
//!   (each swap makes a few crossings near it)
//! * `tangled`:     at(R, 2i mod N), the {999/2} star polygon: every edge crosses its two
//!   neighbours' neighbours, 999 crossings

use sattask::aoi::LonLat;

/// Distinct vertices in each ring.
pub const N: usize = 999;
const LON0: f64 = 5.0;
const LAT0: f64 = 45.0;
const R_KM: f64 = 10.0;
const KM_PER_DEG_LAT: f64 = 111.32;

fn at(r_km: f64, k: usize) -> LonLat {
    let t = 2.0 * std::f64::consts::PI * k as f64 / N as f64;
    let km_per_deg_lon = KM_PER_DEG_LAT * LAT0.to_radians().cos();
    LonLat {
        x: LON0 + r_km * t.cos() / km_per_deg_lon,
        y: LAT0 + r_km * t.sin() / KM_PER_DEG_LAT,
    }
}

fn closed(mut ring: Vec<LonLat>) -> Vec<LonLat> {
    ring.push(ring[0]);
    ring
}

/// (a) a regular 999-gon.
pub fn circle() -> Vec<LonLat> {
    closed((0..N).map(|i| at(R_KM, i)).collect())
}

fn star_open() -> Vec<LonLat> {
    (0..N)
        .map(|i| at(if i % 2 == 0 { R_KM } else { 0.6 * R_KM }, i))
        .collect()
}

/// (b) jagged but valid: alternating radii.
pub fn star() -> Vec<LonLat> {
    closed(star_open())
}

/// (c) jagged with a few crossings: three pairs of vertices swapped.
pub fn star_swapped() -> Vec<LonLat> {
    let mut ring = star_open();
    for j in [200, 500, 800] {
        ring.swap(j, j + 2);
    }
    closed(ring)
}

/// (d) many crossings: the {999/2} star polygon.
pub fn tangled() -> Vec<LonLat> {
    closed((0..N).map(|i| at(R_KM, (2 * i) % N)).collect())
}
