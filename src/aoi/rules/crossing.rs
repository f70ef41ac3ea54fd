//! Self-intersections: every pair of edges that cross, touch, overlap or fold back (a spike),
//! found with a sweep line (geo's `sweep::Intersections`, O((n + k) log n)) over the ring's
//! distinct vertices. What counts matches GEOS `is_valid` for a polygon shell.

use geo::algorithm::sweep::{Cross, Intersections};
use geo::line_intersection::{LineIntersection, line_intersection};
use geo_types::Line;

use super::{Issue, Rule, fmt_lon_lat};
use crate::aoi::model::{Aoi, LonLat, distinct_vertices};

/// How two edges meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CrossingKind {
    /// They cross in their interiors.
    Cross,
    /// One touches the other at a single point that is not their shared vertex.
    Touch,
    /// They share a stretch of line (collinear overlap).
    Overlap,
    /// Two consecutive edges fold back onto each other.
    Spike,
}

/// A place where the ring meets itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    /// The two edges, by the raw index of the position each starts at (smaller first).
    pub segments: [usize; 2],
    /// Where they meet (for an overlap, the west-most, then south-most, end of the shared stretch).
    pub at: LonLat,
    /// How they meet.
    pub kind: CrossingKind,
}

/// One edge of the ring, tagged with its place.
#[derive(Debug, Clone, Copy)]
struct Edge {
    /// Index among the distinct vertices.
    order: usize,
    /// Raw index of its start position.
    raw: usize,
    line: Line<f64>,
}

impl Cross for Edge {
    type Scalar = f64;
    fn line(&self) -> Line<f64> {
        self.line
    }
}

fn edges(ring: &[LonLat]) -> Vec<Edge> {
    let distinct = distinct_vertices(ring);
    let n = distinct.len();
    if n < 3 {
        return Vec::new();
    }
    (0..n)
        .map(|order| {
            let (raw, start) = distinct[order];
            let end = distinct[(order + 1) % n].1;
            Edge {
                order,
                raw,
                line: Line::new(start, end),
            }
        })
        .collect()
}

/// Classifies how two edges meet; `None` when they only share their common vertex.
fn classify(a: &Edge, b: &Edge, n: usize, meeting: LineIntersection<f64>) -> Option<Crossing> {
    let adjacent = (a.order + 1) % n == b.order || (b.order + 1) % n == a.order;
    let (kind, at) = match meeting {
        LineIntersection::SinglePoint { intersection, .. } if adjacent => {
            // Two non-collinear consecutive edges meet only at their shared vertex... unless a
            // triangle's third edge closes on it too, which is the same vertex: fine either way.
            let _ = intersection;
            return None;
        }
        LineIntersection::SinglePoint {
            intersection,
            is_proper,
        } => (
            if is_proper {
                CrossingKind::Cross
            } else {
                CrossingKind::Touch
            },
            intersection,
        ),
        LineIntersection::Collinear { intersection } => {
            // Report the same end of the shared stretch whichever edge came first.
            let (start, end) = (intersection.start, intersection.end);
            let first = if (start.x, start.y) <= (end.x, end.y) {
                start
            } else {
                end
            };
            if start == end {
                if adjacent {
                    return None;
                }
                (CrossingKind::Touch, first)
            } else if adjacent {
                (CrossingKind::Spike, first)
            } else {
                (CrossingKind::Overlap, first)
            }
        }
    };
    let segments = if a.raw <= b.raw {
        [a.raw, b.raw]
    } else {
        [b.raw, a.raw]
    };
    Some(Crossing { segments, at, kind })
}

fn sorted(mut crossings: Vec<Crossing>) -> Vec<Crossing> {
    crossings.sort_by_key(|c| c.segments);
    crossings
}

/// Every place the ring meets itself, by sweep line. Consecutive repeats and the closing
/// position are dropped first (the sweep reports zero-length edges as crossings).
///
/// geo's sweep compares every pair of edges that overlap in x, which is slow on jagged rings
/// (a star's spikes all overlap in x). So the ring is first cut into horizontal bands about two
/// edges tall, each band swept on its own with the edges that reach into it; a pair found in
/// two bands is kept once.
pub fn self_intersections(ring: &[LonLat]) -> Vec<Crossing> {
    let edges = edges(ring);
    let n = edges.len();
    let bands = bands(&edges);
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

/// The same answer by checking every pair of edges: the oracle for tests, O(n²).
pub fn self_intersections_brute_force(ring: &[LonLat]) -> Vec<Crossing> {
    let edges = edges(ring);
    let n = edges.len();
    let mut out = Vec::new();
    for (i, a) in edges.iter().enumerate() {
        for b in &edges[i + 1..] {
            if let Some(meeting) = line_intersection(a.line, b.line)
                && let Some(crossing) = classify(a, b, n, meeting)
            {
                out.push(crossing);
            }
        }
    }
    sorted(out)
}

/// The issues for every self-intersection of an AOI's ring.
pub(super) fn check(aoi: &Aoi) -> Vec<Issue> {
    self_intersections(&aoi.ring)
        .into_iter()
        .map(|crossing| {
            let [a, b] = crossing.segments;
            let what = match crossing.kind {
                CrossingKind::Cross => "cross",
                CrossingKind::Touch => "touch",
                CrossingKind::Overlap => "overlap along a stretch",
                CrossingKind::Spike => "fold back onto each other (a spike)",
            };
            let fix = match crossing.kind {
                CrossingKind::Spike => "delete the vertex at the tip of the spike",
                _ => "move a vertex so the edges no longer meet",
            };
            let mut issue = Issue::error(
                Rule::SelfIntersection,
                format!(
                    "edge {a} (from position {a}) and edge {b} (from position {b}) {what} at {}: providers refuse self-intersecting AOIs; {fix}",
                    fmt_lon_lat(crossing.at)
                ),
            )
            .at(crossing.at);
            issue.segments = vec![[a, b]];
            issue.vertices = vec![a, b];
            issue
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Vec<LonLat> {
        points.iter().map(|&(x, y)| LonLat { x, y }).collect()
    }

    #[test]
    fn bow_tie_crosses_once() {
        let r = ring(&[(0., 0.), (1., 1.), (1., 0.), (0., 1.), (0., 0.)]);
        let found = self_intersections(&r);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].segments, [0, 2]);
        assert_eq!(found[0].kind, CrossingKind::Cross);
        assert_eq!(found[0].at, LonLat { x: 0.5, y: 0.5 });
    }

    #[test]
    fn square_is_clean_even_with_repeats() {
        let r = ring(&[(0., 0.), (1., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]);
        assert!(self_intersections(&r).is_empty());
    }

    #[test]
    fn spike_is_found() {
        let r = ring(&[
            (0., 0.),
            (2., 0.),
            (2., 2.),
            (2., 3.),
            (2., 2.),
            (0., 2.),
            (0., 0.),
        ]);
        let found = self_intersections(&r);
        assert!(
            found.iter().any(|c| c.kind == CrossingKind::Spike),
            "{found:?}"
        );
    }

    #[test]
    fn touching_at_a_vertex_is_found() {
        // A vertex of the ring lands on a non-adjacent edge.
        let r = ring(&[(0., 0.), (4., 0.), (4., 4.), (2., 0.), (0., 4.), (0., 0.)]);
        let found = self_intersections(&r);
        assert!(
            found.iter().any(|c| c.kind == CrossingKind::Touch),
            "{found:?}"
        );
    }

    #[test]
    fn near_miss_is_clean() {
        let r = ring(&[(0., 0.), (4., 0.), (4., 4.), (2., 1e-7), (0., 4.), (0., 0.)]);
        assert!(self_intersections(&r).is_empty());
    }
}
