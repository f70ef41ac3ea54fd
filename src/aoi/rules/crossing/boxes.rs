//! Every crossing of a jagged ring: edges whose boxes overlap, found by sorting and sweeping
//! along x inside horizontal bands, then tested exactly.
//!
//! A spiky ring's edges overlap in x by the hundred, which is what makes a plain x sweep (geo's
//! `sweep::Intersections` among them) slow on it. Cutting the ring into horizontal bands about
//! one edge tall keeps each sweep to the edges near one another. A pair that shares several
//! bands is tested only in the band that holds the bottom of their common y range.

use super::{Crossing, Vertices, edge, meeting, sorted};

/// The most bands a ring is cut into.
const MAX_BANDS: usize = 256;

/// An edge's box, with its index.
#[derive(Clone, Copy)]
struct Boxed {
    order: u32,
    west: f64,
    east: f64,
    south: f64,
    north: f64,
}

/// Every crossing, sorted by edge pair.
pub(super) fn crossings(vertices: Vertices, limit: usize) -> Vec<Crossing> {
    let n = vertices.len();
    if n < 3 {
        return Vec::new();
    }
    let boxes: Vec<Boxed> = (0..n)
        .map(|order| {
            let line = edge(vertices, order).line;
            let (a, b) = (line.start, line.end);
            Boxed {
                order: order as u32,
                west: a.x.min(b.x),
                east: a.x.max(b.x),
                south: a.y.min(b.y),
                north: a.y.max(b.y),
            }
        })
        .collect();
    let (low, high, total_dy) = boxes.iter().fold(
        (f64::INFINITY, f64::NEG_INFINITY, 0.0),
        |(low, high, total), b| {
            (
                low.min(b.south),
                high.max(b.north),
                total + (b.north - b.south),
            )
        },
    );
    let height = high - low;
    let mean_dy = total_dy / n as f64;
    let count = if height > 0.0 && height.is_finite() && mean_dy > 0.0 {
        (height / mean_dy).clamp(1.0, MAX_BANDS as f64) as usize
    } else {
        1
    };
    let bands_per_degree = if count == 1 {
        0.0
    } else {
        count as f64 / height
    };
    let band_of = |y: f64| (((y - low) * bands_per_degree) as usize).min(count - 1);
    let mut bands: Vec<Vec<Boxed>> = vec![Vec::new(); count];
    for b in &boxes {
        for band in &mut bands[band_of(b.south)..=band_of(b.north)] {
            band.push(*b);
        }
    }
    let mut found = Vec::new();
    'bands: for (index, band) in bands.iter_mut().enumerate() {
        band.sort_unstable_by(|a, b| a.west.total_cmp(&b.west));
        for (i, a) in band.iter().enumerate() {
            for b in &band[i + 1..] {
                if found.len() >= limit {
                    break 'bands;
                }
                if b.west > a.east {
                    break;
                }
                let bottom = a.south.max(b.south);
                if bottom > a.north.min(b.north) || band_of(bottom) != index {
                    continue;
                }
                let (edge_a, edge_b) = (
                    edge(vertices, a.order as usize),
                    edge(vertices, b.order as usize),
                );
                found.extend(meeting(&edge_a, &edge_b, n));
            }
        }
    }
    sorted(found)
}
