//! How much of a tasking's AOI the validated acquisitions do not cover yet. Computed where the
//! acquisitions arrive (on the runtime), not in the window.

use geo::{Area, BooleanOps, MultiPolygon};

use crate::aoi::LonLat;
use crate::aoi::model::polygon_of;
use crate::api::oneatlas::models::SegmentList;

/// Whether an acquisition's status means it counts (validated or accepted).
pub fn counts(status: Option<&str>) -> bool {
    let status = status.unwrap_or("").to_ascii_lowercase();
    status.contains("valid") || status.contains("accept")
}

/// The part of a tasking's AOI no validated acquisition covers yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StillToAcquire {
    /// Its share of the AOI, 0..=1.
    pub share: f64,
    /// Its outlines, lon/lat (to draw on the map).
    pub rings: Vec<Vec<LonLat>>,
}

/// The part of `aoi` that no validated acquisition of `segments` covers; `None` for an AOI
/// without area. Each footprint is cut out of what is left, which shrinks as it goes.
pub fn still_to_acquire(aoi: &[LonLat], segments: &SegmentList) -> Option<StillToAcquire> {
    let aoi = polygon_of(aoi);
    let whole = aoi.unsigned_area();
    if whole <= 0.0 {
        return None;
    }
    let mut left = MultiPolygon::new(vec![aoi]);
    for segment in segments
        .segments
        .iter()
        .filter(|s| counts(s.status.as_deref()))
    {
        let Some(footprint) = segment.as_detail1.as_ref().and_then(|d| d.footprint.get()) else {
            continue;
        };
        left = left.difference(&polygon_of(&footprint.outer_ring()));
        if left.0.is_empty() {
            break;
        }
    }
    Some(StillToAcquire {
        share: (left.unsigned_area() / whole).clamp(0.0, 1.0),
        rings: left.0.iter().map(|p| p.exterior().0.clone()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Coord;

    fn square(x: f64, y: f64, size: f64) -> Vec<[f64; 2]> {
        vec![
            [x, y],
            [x + size, y],
            [x + size, y + size],
            [x, y + size],
            [x, y],
        ]
    }

    #[test]
    fn validated_acquisitions_cut_the_aoi_and_others_do_not() {
        let aoi: Vec<LonLat> = square(0.0, 0.0, 1.0)
            .iter()
            .map(|p| Coord { x: p[0], y: p[1] })
            .collect();
        let segments: SegmentList = serde_json::from_value(serde_json::json!({"segments": [
            {"id": "a", "status": "Validated", "asDetail1": {"footprint": {"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.5)]}}},
            {"id": "b", "status": "Proposed", "asDetail1": {"footprint": {"type": "Polygon", "coordinates": [square(0.5, 0.5, 0.5)]}}},
            {"id": "c", "status": "Accepted", "asDetail1": {"footprint": {"type": "Polygon", "coordinates": [square(0.0, 0.25, 0.5)]}}}
        ]}))
        .unwrap();
        let left = still_to_acquire(&aoi, &segments).unwrap();
        // a covers 0.25, c adds 0.125 more: 0.625 left, in one piece.
        assert!((left.share - 0.625).abs() < 1e-9, "{left:?}");
        assert_eq!(left.rings.len(), 1);
    }
}
