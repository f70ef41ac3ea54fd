//! Every crossing of a jagged ring by geo's sweep line (`sweep::Intersections`,
//! O((n + k) log n)), run per horizontal band.
//!
//! geo's sweep compares every pair of edges that overlap in x, which is slow on jagged rings (a
//! star's spikes all overlap in x). So the ring is first cut into horizontal bands about two
//! edges tall, each band swept on its own with the edges that reach into it; a pair found in two
//! bands is kept once.

use geo::algorithm::sweep::{Cross, Intersections};
use geo_types::Line;

use super::{Crossing, Edge, classify, sorted};

impl Cross for Edge {
    type Scalar = f64;
    fn line(&self) -> Line<f64> {
        self.line
    }
}

/// Every crossing, sorted by edge pair.
pub(super) fn crossings(edges: &[Edge]) -> Vec<Crossing> {
    let n = edges.len();
    let bands = bands(edges);
    let mut found: Vec<Crossing> = Vec::new();
    for band in &bands {
        if band.len() < 2 {
            continue;
        }
        found.extend(
            Intersections::from_iter(band.iter().copied())
                .filter_map(|(a, b, meeting)| classify(a, b, n, meeting)),
        );
    }
    let mut found = sorted(found);
    if bands.len() > 1 {
        found.dedup_by_key(|c| c.segments);
    }
    found
}

/// The edges grouped into horizontal bands (an edge in every band it reaches).
fn bands(edges: &[Edge]) -> Vec<Vec<&Edge>> {
    let (mut low, mut high, mut total_dy) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
    for edge in edges {
        let (a, b) = (edge.line.start.y, edge.line.end.y);
        low = low.min(a.min(b));
        high = high.max(a.max(b));
        total_dy += (a - b).abs();
    }
    let height = high - low;
    let mean_dy = total_dy / edges.len().max(1) as f64;
    let count = if height > 0.0 && mean_dy > 0.0 {
        (height / (2.0 * mean_dy)).clamp(1.0, 32.0) as usize
    } else {
        1
    };
    if count <= 1 || !height.is_finite() {
        return vec![edges.iter().collect()];
    }
    let band_of = |y: f64| (((y - low) / height * count as f64) as usize).min(count - 1);
    let mut bands: Vec<Vec<&Edge>> = vec![Vec::new(); count];
    for edge in edges {
        let (a, b) = (edge.line.start.y, edge.line.end.y);
        for band in &mut bands[band_of(a.min(b))..=band_of(a.max(b))] {
            band.push(edge);
        }
    }
    bands
}
