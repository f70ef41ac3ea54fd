//! Shamos–Hoey: proves a ring simple (no two edges meet, except consecutive edges at their
//! shared vertex) in O(n log n) without listing pairs. That is what a clean jagged ring needs:
//! the boxes of a spiky star's edges overlap by the dozen, which every pair-listing method pays for.
//!
//! The sweep visits the vertices west to east (south to north at equal longitude) and keeps the
//! edges it is inside ordered south to north. Two edges that meet are neighbours in that order
//! before the sweep passes their first meeting point, so checking an edge against its neighbours
//! when it enters, and the two edges that become neighbours when one leaves, finds a meeting if
//! there is one. Every check is exact (robust orientation tests, geo's segment intersection), and
//! the sweep stops at the first meeting: the caller then lists them all another way.

use std::cmp::Ordering;

use geo::kernels::{Kernel, Orientation, RobustKernel};

use super::{Edge, Vertices, edge, meeting};
use crate::aoi::model::LonLat;

/// Whether no two edges meet (other than consecutive edges at their shared vertex).
pub(super) fn is_simple(vertices: Vertices) -> bool {
    let n = vertices.len();
    if n < 3 {
        return true;
    }
    let vertex = |v: usize| vertices[v].1;
    let edges: Vec<Edge> = (0..n).map(|order| edge(vertices, order)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| west_first(vertex(a), vertex(b)));
    // A vertex visited twice (not consecutively: repeats were dropped) is a touch.
    if order.windows(2).any(|w| vertex(w[0]) == vertex(w[1])) {
        return false;
    }
    let mut active: Vec<usize> = Vec::new();
    for &v in &order {
        let here = vertex(v);
        let incoming = (v + n - 1) % n;
        // Edges leaving the sweep here first: the two edges that become neighbours must not meet.
        for e in [incoming, v] {
            if east_end(&edges[e]) != here {
                continue;
            }
            let Some(slot) = active.iter().position(|&a| a == e) else {
                return false;
            };
            active.remove(slot);
            if slot > 0
                && slot < active.len()
                && meeting(&edges[active[slot - 1]], &edges[active[slot]], n).is_some()
            {
                return false;
            }
        }
        // Then the edges that start here, south one first; each is checked against its neighbours.
        let mut entering = [incoming, v]
            .into_iter()
            .filter(|&e| east_end(&edges[e]) != here);
        let (Some(first), second) = (entering.next(), entering.next()) else {
            continue;
        };
        let (south, north) = match second {
            None => (first, first),
            Some(second) => {
                match RobustKernel::orient2d(
                    here,
                    east_end(&edges[first]),
                    east_end(&edges[second]),
                ) {
                    Orientation::CounterClockwise => (first, second),
                    Orientation::Clockwise => (second, first),
                    // Both go the same way from here: they overlap (a spike).
                    Orientation::Collinear => return false,
                }
            }
        };
        let Some(slot) = slot_for(&active, &edges, here) else {
            return false;
        };
        if slot > 0 && meeting(&edges[active[slot - 1]], &edges[south], n).is_some() {
            return false;
        }
        if slot < active.len() && meeting(&edges[north], &edges[active[slot]], n).is_some() {
            return false;
        }
        active.insert(slot, south);
        if north != south {
            active.insert(slot + 1, north);
        }
    }
    true
}

/// Sweep order: west first, then south first.
fn west_first(a: LonLat, b: LonLat) -> Ordering {
    a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y))
}

/// An edge's end that the sweep reaches last.
fn east_end(edge: &Edge) -> LonLat {
    let (a, b) = (edge.line.start, edge.line.end);
    if west_first(a, b) == Ordering::Greater {
        a
    } else {
        b
    }
}

/// An edge's end that the sweep reaches first.
fn west_end(edge: &Edge) -> LonLat {
    let (a, b) = (edge.line.start, edge.line.end);
    if west_first(a, b) == Ordering::Greater {
        b
    } else {
        a
    }
}

/// Where a point goes among the active edges (south to north), or `None` when it lies on one of
/// them (a touch).
fn slot_for(active: &[usize], edges: &[Edge], point: LonLat) -> Option<usize> {
    let (mut low, mut high) = (0, active.len());
    while low < high {
        let middle = (low + high) / 2;
        let edge = &edges[active[middle]];
        match RobustKernel::orient2d(west_end(edge), east_end(edge), point) {
            // The point is north of (left of, going east) this edge.
            Orientation::CounterClockwise => low = middle + 1,
            Orientation::Clockwise => high = middle,
            Orientation::Collinear => return None,
        }
    }
    Some(low)
}
