//! Rules on the raw positions: closing, counts, repeats, finite and in-range coordinates,
//! holes, and edges that cross the antimeridian.

use super::{Issue, Rule, fmt_lon_lat};
use crate::aoi::mission::MAX_VERTICES;
use crate::aoi::model::{Aoi, LonLat};

/// Every structural issue of an AOI.
/// `distinct` is the ring's distinct vertices, as `Aoi::distinct_vertices` gives them, and
/// `all_in_range` whether every position is a finite lon/lat within ±180/±90.
pub(super) fn check(aoi: &Aoi, distinct: &[(usize, LonLat)], all_in_range: bool) -> Vec<Issue> {
    let ring = &aoi.ring;
    let mut issues = Vec::new();

    if !aoi.holes.is_empty() {
        issues.push(Issue::error(
            Rule::Holes,
            format!(
                "the polygon has {} hole(s) (interior rings): providers refuse donut shapes; remove the holes, or split the AOI into pieces that do not surround them",
                aoi.holes.len()
            ),
        ));
    }

    if !all_in_range {
        issues.extend(coordinate_issues(ring));
    }

    if ring.len() >= 2 && !aoi.is_closed() {
        let last = ring.len() - 1;
        issues.push(
            Issue::error(
                Rule::NotClosed,
                format!(
                    "the ring is not closed: its last position {} differs from its first {}; repeat the first position at the end (the Close ring tool does it)",
                    fmt_lon_lat(ring[last]),
                    fmt_lon_lat(ring[0])
                ),
            )
            .with_vertices(vec![0, last])
            .at(ring[last]),
        );
    }

    if ring.len() < 4 {
        issues.push(Issue::error(
            Rule::TooFewPositions,
            format!(
                "the ring has {} position(s); a polygon needs at least 4 (a triangle and its closing position): add vertices",
                ring.len()
            ),
        ).with_vertices((0..ring.len()).collect()));
    } else if distinct.len() < 3 {
        issues.push(Issue::error(
            Rule::TooFewPositions,
            format!(
                "the ring has only {} distinct vertex(es) once repeats are dropped; a polygon needs at least 3: add vertices",
                distinct.len()
            ),
        ).with_vertices((0..ring.len()).collect()));
    }

    if distinct.len() > MAX_VERTICES {
        issues.push(Issue::error(
            Rule::TooManyVertices,
            format!(
                "the AOI has {} distinct vertices; providers accept at most {MAX_VERTICES} (the closing position is not counted): simplify it",
                distinct.len()
            ),
        ));
    }

    // Every position is a distinct vertex (or the closing one) unless something repeats.
    let closing_position = usize::from(aoi.is_closed() && distinct.len() > 1);
    if distinct.len() + closing_position != ring.len() {
        issues.extend(duplicates(aoi));
    }
    // A quick look first: does any edge span more than 180° of longitude?
    let spans_half_world = |a: LonLat, b: LonLat| (b.x - a.x).abs() > 180.0;
    let closing = ring.len() >= 3 && spans_half_world(ring[ring.len() - 1], ring[0]);
    if !all_in_range
        || closing
        || ring
            .windows(2)
            .fold(false, |any, w| any | spans_half_world(w[0], w[1]))
    {
        issues.extend(antimeridian_edges(aoi));
    }
    issues
}

/// Issues of positions that are not finite or not in range.
fn coordinate_issues(ring: &[LonLat]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let non_finite: Vec<usize> = (0..ring.len())
        .filter(|&i| !ring[i].x.is_finite() || !ring[i].y.is_finite())
        .collect();
    if !non_finite.is_empty() {
        issues.push(
            Issue::error(
                Rule::NonFinite,
                format!(
                    "position(s) {} are not finite numbers (NaN or a number too large to hold): fix or delete them",
                    list(&non_finite)
                ),
            )
            .with_vertices(non_finite),
        );
    }

    let out_of_range: Vec<usize> = (0..ring.len())
        .filter(|&i| {
            let c = ring[i];
            c.x.is_finite() && c.y.is_finite() && (c.x.abs() > 180.0 || c.y.abs() > 90.0)
        })
        .collect();
    if let Some(&first) = out_of_range.first() {
        issues.push(
            Issue::error(
                Rule::OutOfRange,
                format!(
                    "position(s) {} lie outside longitude -180..180 / latitude -90..90 (first: {}): are longitude and latitude swapped, or is the file in a projected CRS (metres)? Use WGS84 degrees, longitude first",
                    list(&out_of_range),
                    fmt_lon_lat(ring[first])
                ),
            )
            .with_vertices(out_of_range),
        );
    }

    issues
}

/// Runs of consecutive repeated positions (the closing position is not a repeat).
fn duplicates(aoi: &Aoi) -> Vec<Issue> {
    let ring = &aoi.ring;
    let mut issues = Vec::new();
    let mut index = 1;
    while index < ring.len() {
        if ring[index] != ring[index - 1] {
            index += 1;
            continue;
        }
        let start = index - 1;
        while index < ring.len() && ring[index] == ring[start] {
            index += 1;
        }
        let run: Vec<usize> = (start..index).collect();
        issues.push(
            Issue::error(
                Rule::DuplicateVertex,
                format!(
                    "positions {} are the same point {}: providers refuse repeated vertices; delete the repeats (the Remove repeats tool does it)",
                    list(&run),
                    fmt_lon_lat(ring[start])
                ),
            )
            .with_vertices(run)
            .at(ring[start]),
        );
    }
    issues
}

/// Edges whose longitudes differ by more than 180°: read the short way they cross ±180°.
fn antimeridian_edges(aoi: &Aoi) -> Vec<Issue> {
    let ring = &aoi.ring;
    // The closing edge of an open ring counts too.
    let closing = (ring.len() >= 3 && !aoi.is_closed()).then(|| (ring.len() - 1, 0));
    (1..ring.len())
        .map(|i| (i - 1, i))
        .chain(closing)
        .filter(|&(a, b)| {
            let in_range = |c: crate::aoi::LonLat| c.x.abs() <= 180.0 && c.y.abs() <= 90.0;
            // Non-finite and out-of-range positions have rules of their own.
            in_range(ring[a]) && in_range(ring[b]) && (ring[b].x - ring[a].x).abs() > 180.0
        })
        .map(|(a, b)| {
            Issue::error(
                Rule::Antimeridian,
                format!(
                    "the edge from position {a} {} to position {b} {} spans more than 180° of longitude: it crosses the antimeridian (±180°) and providers would read it the long way round the Earth; split the AOI in two at 180°",
                    fmt_lon_lat(ring[a]),
                    fmt_lon_lat(ring[b])
                ),
            )
            .with_vertices(vec![a, b])
            .at(ring[a])
        })
        .collect()
}

/// "3, 4 and 7", shortened past 10 items.
pub(super) fn list(indices: &[usize]) -> String {
    let shown: Vec<String> = indices.iter().take(10).map(usize::to_string).collect();
    let more = indices.len().saturating_sub(10);
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, _) => shown[0].clone(),
        (_, 0) => {
            let (last, rest) = shown
                .split_last()
                .map(|(l, r)| (l.clone(), r.join(", ")))
                .unwrap_or_default();
            format!("{rest} and {last}")
        }
        _ => format!("{} and {more} more", shown.join(", ")),
    }
}
