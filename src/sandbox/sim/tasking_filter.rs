//! The filters of the legacy taskings list (`GET /api/v1/contracts/{id}/taskings`), as the
//! OpenAPI file declares them: `customerRef`, `status` (any of), `taskingIds`, `mission`
//! (SPOT | PLEIADES) and `hasProposedSegments` (true: only taskings with a proposed acquisition;
//! false: only those without; absent: all).

use super::model::{SegmentStatus, Tasking};

/// What a taskings list asks for; an empty list or `None` does not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TaskingFilter {
    pub customer_ref: Option<String>,
    pub statuses: Vec<String>,
    pub ids: Vec<String>,
    /// Upper case, as the API names missions.
    pub mission: Option<String>,
    pub has_proposed_segments: Option<bool>,
}

impl TaskingFilter {
    /// Whether a tasking is listed.
    pub(crate) fn matches(&self, t: &Tasking) -> bool {
        let proposed = t
            .segments
            .iter()
            .any(|s| s.status == SegmentStatus::Proposed);
        self.customer_ref
            .as_deref()
            .is_none_or(|r| t.customer_ref == r)
            && (self.statuses.is_empty()
                || self.statuses.iter().any(|s| s == t.status.legacy_name()))
            && (self.ids.is_empty() || self.ids.contains(&t.id))
            && self
                .mission
                .as_deref()
                .is_none_or(|m| t.mission.api_name() == m)
            && self
                .has_proposed_segments
                .is_none_or(|wanted| proposed == wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aoi::mission::{Mission, Offer};
    use crate::sandbox::sim::model::{Segment, sample_tasking};
    use time::macros::datetime;

    fn with_segment(mut t: Tasking, status: SegmentStatus) -> Tasking {
        t.segments.push(Segment {
            id: "AS_FC_000001_1_1".into(),
            status,
            catalog_id: "DS_PHR1A".into(),
            satellite: "PHR1A".into(),
            acquired_at: t.plan[0].start,
            incidence_deg: 20.0,
            clear_sky_rate: 80.0,
            footprint: t.plan[0].footprint.clone(),
            useful_area_km2: 80.0,
        });
        t
    }

    #[test]
    fn mission_and_has_proposed_segments_filter() {
        let now = datetime!(2026-12-01 00:00 UTC);
        let proposed = with_segment(sample_tasking(Offer::OneDay, now), SegmentStatus::Proposed);
        let validated = with_segment(sample_tasking(Offer::OneDay, now), SegmentStatus::Validated);
        let mut spot = sample_tasking(Offer::OnePlan, now);
        spot.mission = Mission::Spot;
        let filter = |mission: Option<&str>, has: Option<bool>| TaskingFilter {
            mission: mission.map(str::to_string),
            has_proposed_segments: has,
            ..TaskingFilter::default()
        };
        assert!(filter(Some("PLEIADES"), None).matches(&proposed));
        assert!(!filter(Some("SPOT"), None).matches(&proposed));
        assert!(filter(Some("SPOT"), None).matches(&spot));
        assert!(filter(None, Some(true)).matches(&proposed));
        assert!(!filter(None, Some(true)).matches(&validated));
        assert!(filter(None, Some(false)).matches(&validated));
        assert!(!filter(None, Some(false)).matches(&proposed));
        assert!(filter(None, None).matches(&proposed) && filter(None, None).matches(&spot));
    }
}
