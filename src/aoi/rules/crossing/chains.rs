//! Monotone chains, the index GEOS nodes with: the ring cut into runs of edges that all go the
//! same way in x and in y. Along one chain both coordinates only grow (or only shrink), so two of
//! its edges can meet only at the vertex they share: only edges of different chains are
//! compared, and only where the chains' boxes overlap.

use super::{Crossing, Vertices, edge, meeting};
use crate::aoi::model::LonLat;

/// A run of consecutive edges going the same way: edges `start..end`.
pub(super) struct Chain {
    start: usize,
    end: usize,
}

/// Which way the edge from `a` to `b` goes: bit 0 set for westward (dx < 0), bit 1 for
/// southward (dy < 0).
fn quadrant(a: LonLat, b: LonLat) -> u8 {
    u8::from(b.x < a.x) | (u8::from(b.y < a.y) << 1)
}

/// The ring's edges cut into maximal monotone chains, in ring order.
pub(super) fn chains(vertices: Vertices) -> Vec<Chain> {
    let n = vertices.len();
    let mut out = Vec::new();
    let (Some(first), Some(last)) = (vertices.first(), vertices.last()) else {
        return out;
    };
    let mut start = 0;
    let mut way = None;
    // Each edge's way, the closing edge last; a chain ends where the way changes.
    let ways = vertices
        .windows(2)
        .map(|w| quadrant(w[0].1, w[1].1))
        .chain([quadrant(last.1, first.1)]);
    for (i, edge_way) in ways.enumerate() {
        if way.is_some_and(|w| w != edge_way) {
            out.push(Chain { start, end: i });
            start = i;
        }
        way = Some(edge_way);
    }
    out.push(Chain { start, end: n });
    out
}

/// Every crossing between edges of different chains (in no particular order), up to `limit`.
pub(super) fn crossings(vertices: Vertices, chains: &[Chain], limit: usize) -> Vec<Crossing> {
    let mut out = Vec::new();
    for (i, a) in chains.iter().enumerate() {
        for b in &chains[i + 1..] {
            pair_crossings(
                vertices,
                (a.start, a.end),
                (b.start, b.end),
                &mut out,
                limit,
            );
        }
    }
    out
}

/// The box of edges `start..end` of one chain: being monotone, the box of its two ends.
fn envelope(vertices: Vertices, (start, end): (usize, usize)) -> (LonLat, LonLat) {
    let a = vertices[start].1;
    let b = vertices[if end == vertices.len() { 0 } else { end }].1;
    (
        LonLat {
            x: a.x.min(b.x),
            y: a.y.min(b.y),
        },
        LonLat {
            x: a.x.max(b.x),
            y: a.y.max(b.y),
        },
    )
}

/// The crossings between two stretches of two chains, by bisection as GEOS does: where their
/// boxes overlap, the longer stretch is halved, down to single edges, which are tested exactly.
/// Stretches whose boxes only touch at a corner are done in O(log n).
fn pair_crossings(
    vertices: Vertices,
    a: (usize, usize),
    b: (usize, usize),
    out: &mut Vec<Crossing>,
    limit: usize,
) {
    if out.len() >= limit {
        return;
    }
    let ((a_min, a_max), (b_min, b_max)) = (envelope(vertices, a), envelope(vertices, b));
    if a_min.x > b_max.x || b_min.x > a_max.x || a_min.y > b_max.y || b_min.y > a_max.y {
        return;
    }
    let (a_len, b_len) = (a.1 - a.0, b.1 - b.0);
    if a_len == 1 && b_len == 1 {
        let (edge_a, edge_b) = (edge(vertices, a.0), edge(vertices, b.0));
        out.extend(meeting(&edge_a, &edge_b, vertices.len()));
    } else if a_len >= b_len {
        let middle = a.0 + a_len / 2;
        pair_crossings(vertices, (a.0, middle), b, out, limit);
        pair_crossings(vertices, (middle, a.1), b, out, limit);
    } else {
        let middle = b.0 + b_len / 2;
        pair_crossings(vertices, a, (b.0, middle), out, limit);
        pair_crossings(vertices, a, (middle, b.1), out, limit);
    }
}
