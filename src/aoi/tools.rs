//! Fixes a person asks for, never applied silently: close the ring, drop repeated vertices,
//! orient counter-clockwise, simplify to at most N vertices while staying valid.

use geo::SimplifyIdx;
use geo::winding_order::{Winding, WindingOrder};
use geo_types::LineString;

use super::measure::{local_km, measure};
use super::model::{LonLat, distinct_vertices, ring_is_closed};
use super::rules::meets_itself;

/// The ring with its first position repeated at the end, if it was not already.
pub fn close_ring(ring: &[LonLat]) -> Vec<LonLat> {
    let mut out = ring.to_vec();
    if let Some(&first) = ring.first()
        && !ring_is_closed(ring)
    {
        out.push(first);
    }
    out
}

/// The ring without consecutive repeats, closed.
pub fn drop_repeated_vertices(ring: &[LonLat]) -> Vec<LonLat> {
    close_ring(
        &distinct_vertices(ring)
            .into_iter()
            .map(|(_, c)| c)
            .collect::<Vec<_>>(),
    )
}

/// Whether the ring winds counter-clockwise (lon east, lat north), as GeoJSON recommends.
pub fn is_counter_clockwise(ring: &[LonLat]) -> bool {
    LineString::from(close_ring(ring)).winding_order() != Some(WindingOrder::Clockwise)
}

/// The ring wound counter-clockwise, keeping its first position first.
pub fn orient_counter_clockwise(ring: &[LonLat]) -> Vec<LonLat> {
    if is_counter_clockwise(ring) {
        return ring.to_vec();
    }
    let closed = close_ring(ring);
    let mut reversed: Vec<LonLat> = closed.iter().rev().copied().collect();
    // Reversing a closed ring keeps the first position first (it is also the last).
    reversed.dedup();
    close_ring(&reversed)
}

/// The outcome of a simplification, for a preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Simplified {
    /// The simplified ring, closed; every position is one of the original's.
    pub ring: Vec<LonLat>,
    /// Distinct vertices left.
    pub vertices: usize,
    /// The largest distance any dropped vertex lies from the new outline, km.
    pub tolerance_km: f64,
    /// Area change, percent of the original (positive: larger).
    pub area_change_percent: f64,
}

/// Why a ring could not be simplified.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimplifyError {
    /// Too few vertices asked for.
    #[error("a polygon needs at least 3 vertices; ask for 3 or more")]
    TargetTooSmall,
    /// The ring has no measurable shape (non-finite or out-of-range positions).
    #[error("the AOI has no measurable shape yet: fix its positions first")]
    NotMeasurable,
    /// Every tolerance that reaches the target makes the outline cross itself.
    #[error(
        "no simplification to {max_vertices} vertices keeps the outline free of crossings: ask for more vertices, or fix the crossings first"
    )]
    NoValidResult {
        /// The target asked for.
        max_vertices: usize,
    },
}

/// Simplifies a ring to at most `max_vertices` distinct vertices (Ramer-Douglas-Peucker in a
/// local metric plane, so the tolerance is in km), choosing the smallest tolerance that reaches
/// the target and keeps the ring free of self-intersections. Positions kept are the original ones.
pub fn simplify(ring: &[LonLat], max_vertices: usize) -> Result<Simplified, SimplifyError> {
    if max_vertices < 3 {
        return Err(SimplifyError::TargetTooSmall);
    }
    let original: Vec<LonLat> = distinct_vertices(ring)
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let closed = close_ring(&original);
    let area_before = measure(&super::Aoi::new("", closed.clone()))
        .ok_or(SimplifyError::NotMeasurable)?
        .area_km2;
    if original.len() <= max_vertices {
        return Ok(Simplified {
            vertices: original.len(),
            ring: closed,
            tolerance_km: 0.0,
            area_change_percent: 0.0,
        });
    }
    let origin = original[0];
    let local = LineString::from(local_km(&closed, origin));
    let keep = |epsilon: f64| -> Vec<LonLat> {
        let indices = local.simplify_idx(epsilon);
        indices
            .into_iter()
            .filter_map(|i| closed.get(i).copied())
            .collect()
    };
    let count = |candidate: &[LonLat]| distinct_vertices(candidate).len();
    // Find the smallest tolerance reaching the target by bisection on a doubling bracket.
    let mut high = 1e-6;
    while count(&keep(high)) > max_vertices {
        high *= 2.0;
        if high > 1e6 {
            return Err(SimplifyError::NoValidResult { max_vertices });
        }
    }
    let mut low = 0.0;
    for _ in 0..50 {
        let mid = (low + high) / 2.0;
        if count(&keep(mid)) > max_vertices {
            low = mid;
        } else {
            high = mid;
        }
    }
    // From there, grow the tolerance until the result is free of crossings.
    let mut epsilon = high;
    for _ in 0..60 {
        let candidate = keep(epsilon);
        let vertices = count(&candidate);
        if vertices >= 3 && !meets_itself(&candidate) {
            let area_after = measure(&super::Aoi::new("", candidate.clone()))
                .map(|m| m.area_km2)
                .unwrap_or(0.0);
            return Ok(Simplified {
                ring: close_ring(&candidate),
                vertices,
                tolerance_km: epsilon,
                area_change_percent: (area_after - area_before) / area_before * 100.0,
            });
        }
        if vertices < 3 {
            break;
        }
        epsilon *= 1.15;
    }
    Err(SimplifyError::NoValidResult { max_vertices })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> LonLat {
        LonLat { x, y }
    }

    #[test]
    fn close_adds_the_first_position_once() {
        let ring = vec![c(0., 0.), c(1., 0.), c(1., 1.)];
        let closed = close_ring(&ring);
        assert_eq!(closed.len(), 4);
        assert_eq!(close_ring(&closed), closed);
    }

    #[test]
    fn orient_reverses_a_clockwise_ring() {
        let clockwise = vec![c(0., 0.), c(0., 1.), c(1., 1.), c(1., 0.), c(0., 0.)];
        assert!(!is_counter_clockwise(&clockwise));
        let ccw = orient_counter_clockwise(&clockwise);
        assert!(is_counter_clockwise(&ccw));
        assert_eq!(ccw.first(), Some(&c(0., 0.)));
        assert_eq!(ccw.len(), 5);
    }

    #[test]
    fn simplify_a_dense_circle_to_the_limit() {
        let ring: Vec<LonLat> = (0..=2000)
            .map(|i| {
                let t = i as f64 / 2000.0 * std::f64::consts::TAU;
                c(1.0 + 0.1 * t.cos(), 43.0 + 0.1 * t.sin())
            })
            .collect();
        let result = simplify(&ring, 999).unwrap();
        assert!(
            result.vertices <= 999 && result.vertices > 900,
            "{}",
            result.vertices
        );
        assert!(result.area_change_percent.abs() < 0.1);
        assert!(!meets_itself(&result.ring));
        assert!(result.ring.iter().all(|p| ring.contains(p)));
    }
}
