//! Self-intersections: every pair of edges that cross, touch, overlap or fold back (a spike),
//! over the ring's distinct vertices. What counts matches GEOS `is_valid` for a polygon shell.
//!
//! Three ways to find them, picked by the ring's shape, all giving the same answer (property
//! tests check each against brute force):
//! - [`chains`]: monotone chains, GEOS's own index. A smooth ring is a handful of chains (a circle
//!   is four), so its check is linear. Used when the ring has few chains.
//! - [`simplicity`]: Shamos–Hoey proves a jagged ring clean in O(n log n) without listing pairs
//!   (on a spiky star thousands of edge boxes overlap, which costs every pair-listing method).
//! - [`boxes`]: a sort-and-sweep of the edges' boxes, per horizontal band, lists every crossing
//!   of a jagged ring that has some.
//!
//! geo's sweep line (`sweep::Intersections`, in [`banded`]) is kept as one more oracle for the
//! tests: it is several times slower than `boxes` on jagged rings.

mod banded;
mod boxes;
mod chains;
mod simplicity;

use std::fmt::Write;

use geo::line_intersection::{LineIntersection, line_intersection};
use geo_types::Line;

use super::{Issue, Rule, fmt_lon_lat};
use crate::aoi::model::{LonLat, distinct_vertices};

/// Rings with at most this many monotone chains are checked chain pair by chain pair (at most
/// about 2,000 box tests); rings with more are first proved clean by the sweep.
const MAX_CHAINS_FOR_PAIRS: usize = 64;

/// How many crossings an AOI's issues list. A tangled ring of n edges can meet itself n²/2
/// times (a scribble of 20,000 random vertices: about 10⁸, which took a minute and 21 GB to
/// list); past this many the search stops and one more issue says so.
pub const MAX_CROSSINGS_LISTED: usize = 1000;

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
pub(super) struct Edge {
    /// Index among the distinct vertices.
    order: usize,
    /// Raw index of its start position.
    raw: usize,
    line: Line<f64>,
}

/// The ring's distinct vertices with their raw indices, as `distinct_vertices` gives them: edge
/// `i` runs from vertex `i` to vertex `i + 1` (the last one back to vertex 0).
type Vertices<'a> = &'a [(usize, LonLat)];

/// Edge `order` of the ring.
fn edge(vertices: Vertices, order: usize) -> Edge {
    let (raw, start) = vertices[order];
    let next = if order + 1 == vertices.len() {
        0
    } else {
        order + 1
    };
    Edge {
        order,
        raw,
        line: Line::new(start, vertices[next].1),
    }
}

/// Every edge of the ring, closing edge included; none under 3 vertices.
fn edges(vertices: Vertices) -> Vec<Edge> {
    if vertices.len() < 3 {
        return Vec::new();
    }
    (0..vertices.len())
        .map(|order| edge(vertices, order))
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

/// Every place the ring meets itself, sorted by edge pair. Consecutive repeats and the closing
/// position are dropped first.
pub fn self_intersections(ring: &[LonLat]) -> Vec<Crossing> {
    self_intersections_of(&distinct_vertices(ring), usize::MAX)
}

/// Whether the ring meets itself anywhere (the search stops at the first place found).
pub fn meets_itself(ring: &[LonLat]) -> bool {
    !self_intersections_of(&distinct_vertices(ring), 1).is_empty()
}

/// [`self_intersections`] of a ring's distinct vertices (as `distinct_vertices` gives them),
/// the search stopping once `limit` are found (those found, sorted).
fn self_intersections_of(vertices: Vertices, limit: usize) -> Vec<Crossing> {
    if vertices.len() < 3 {
        return Vec::new();
    }
    let chains = chains::chains(vertices);
    if chains.len() <= MAX_CHAINS_FOR_PAIRS {
        return sorted(chains::crossings(vertices, &chains, limit));
    }
    if simplicity::is_simple(vertices) {
        return Vec::new();
    }
    boxes::crossings(vertices, limit)
}

/// The box sweep alone, on any ring (for the property tests).
#[doc(hidden)]
pub fn self_intersections_by_boxes(ring: &[LonLat]) -> Vec<Crossing> {
    boxes::crossings(&distinct_vertices(ring), usize::MAX)
}

/// The monotone-chain way alone, on any ring (for the property tests).
#[doc(hidden)]
pub fn self_intersections_by_chains(ring: &[LonLat]) -> Vec<Crossing> {
    let vertices = distinct_vertices(ring);
    if vertices.len() < 3 {
        return Vec::new();
    }
    sorted(chains::crossings(
        &vertices,
        &chains::chains(&vertices),
        usize::MAX,
    ))
}

/// geo's sweep line (per band) alone, on any ring (for the property tests).
#[doc(hidden)]
pub fn self_intersections_by_bands(ring: &[LonLat]) -> Vec<Crossing> {
    banded::crossings(&edges(&distinct_vertices(ring)))
}

/// The Shamos–Hoey verdict alone, on any ring (for the property tests).
#[doc(hidden)]
pub fn is_simple_by_sweep(ring: &[LonLat]) -> bool {
    let vertices = distinct_vertices(ring);
    vertices.len() < 3 || simplicity::is_simple(&vertices)
}

/// Whether two edges meet anywhere but at the vertex they share when consecutive.
fn meeting(a: &Edge, b: &Edge, n: usize) -> Option<Crossing> {
    if surely_apart(a.line, b.line) {
        return None;
    }
    line_intersection(a.line, b.line).and_then(|m| classify(a, b, n, m))
}

/// Which side of the line through `p` and `q` the point `r` is on (+1 left, -1 right), when
/// plain floating point is sure of it: Shewchuk's first error bound for orient2d.
fn sure_side(p: LonLat, q: LonLat, r: LonLat) -> Option<i8> {
    /// (3 + 16ε)ε, with ε = 2⁻⁵³.
    const ERROR_BOUND: f64 = (3.0 + 16.0 * f64::EPSILON / 2.0) * f64::EPSILON / 2.0;
    let left = (q.x - p.x) * (r.y - p.y);
    let right = (q.y - p.y) * (r.x - p.x);
    let det = left - right;
    let bound = ERROR_BOUND * (left.abs() + right.abs());
    if det > bound {
        Some(1)
    } else if det < -bound {
        Some(-1)
    } else {
        None
    }
}

/// Whether two segments certainly do not meet: both ends of one lie strictly on one side of the
/// other's line. Most pairs whose boxes overlap are settled so, without exact arithmetic.
fn surely_apart(a: Line<f64>, b: Line<f64>) -> bool {
    let one_side = |s: Line<f64>, t: Line<f64>| {
        matches!(
            (sure_side(s.start, s.end, t.start), sure_side(s.start, s.end, t.end)),
            (Some(x), Some(y)) if x == y
        )
    };
    one_side(a, b) || one_side(b, a)
}

/// The same answer by checking every pair of edges: the oracle for tests, O(n²).
pub fn self_intersections_brute_force(ring: &[LonLat]) -> Vec<Crossing> {
    let edges = edges(&distinct_vertices(ring));
    let n = edges.len();
    let mut out = Vec::new();
    for (i, a) in edges.iter().enumerate() {
        out.extend(edges[i + 1..].iter().filter_map(|b| meeting(a, b, n)));
    }
    sorted(out)
}

/// The issues for every self-intersection of an AOI's ring.
pub(super) fn check(distinct: Vertices) -> Vec<Issue> {
    let mut found = self_intersections_of(distinct, MAX_CROSSINGS_LISTED + 1);
    let more = found.len() > MAX_CROSSINGS_LISTED;
    found.truncate(MAX_CROSSINGS_LISTED);
    let mut issues: Vec<Issue> = found
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
            // Written once into a buffer of the right size: a tangled ring has hundreds.
            let mut message = String::with_capacity(192);
            let _ = write!(
                message,
                "edge {a} (from position {a}) and edge {b} (from position {b}) {what} at {}: providers refuse self-intersecting AOIs; {fix}",
                fmt_lon_lat(crossing.at)
            );
            let mut issue = Issue::error(Rule::SelfIntersection, message)
            .at(crossing.at);
            issue.segments = vec![[a, b]];
            issue.vertices = vec![a, b];
            issue
        })
        .collect();
    if more {
        issues.push(Issue::error(
            Rule::SelfIntersection,
            format!(
                "the ring meets itself in more than {MAX_CROSSINGS_LISTED} places: the search stopped there and only those are listed; the outline is tangled, draw it again or import the right file"
            ),
        ));
    }
    issues
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
