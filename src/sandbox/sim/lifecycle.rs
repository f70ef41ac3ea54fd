//! The life cycle of OneAtlas taskings and Pléiades Neo quotations on the simulated clock:
//! planned passes become acquisitions (a pseudo-random but deterministic clear-sky rate per
//! tasking and attempt), within the criteria validated, close to them proposed to the customer.

use time::OffsetDateTime;

use super::model::{Backend, Segment, SegmentStatus, SimState, Tasking, TaskingStatus};
use super::values::round_to;
use crate::aoi::mission::Offer;

/// Validated share of the AOI at which a OnePlan is complete.
const ONEPLAN_DONE_SHARE: f64 = 0.9;

/// A deterministic uniform number in [0, 1) for a tasking's attempt.
fn uniform(seed: u64, index: u64) -> f64 {
    // splitmix64
    let mut z = seed.wrapping_add(index.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Whether a tasking has what it was ordered for.
fn is_done(t: &Tasking) -> bool {
    match t.offer {
        Offer::OneDay => !t.segments.is_empty(),
        Offer::OneNow => t.segments.iter().any(|s| s.status.counts()),
        Offer::OnePlan => t.validated_area_km2 >= ONEPLAN_DONE_SHARE * t.aoi_area_km2,
    }
}

/// Completes an in-progress tasking that has what it was ordered for, or whose attempts are
/// all made and whose period is over; never while an acquisition waits for the customer's
/// decision (a Proposed one can still be accepted, so the tasking is not over). True when it
/// changed.
fn settle(t: &mut Tasking, now: OffsetDateTime) -> bool {
    if t.status != TaskingStatus::InProgress
        || t.segments
            .iter()
            .any(|s| s.status == SegmentStatus::Proposed)
    {
        return false;
    }
    let exhausted = t.next_attempt >= t.plan.len() && now >= t.period_end;
    if !(is_done(t) || exhausted) {
        return false;
    }
    t.status = TaskingStatus::Completed;
    t.updated_at = now;
    true
}

fn add_validated(t: &mut Tasking, area_km2: f64) {
    t.validated_area_km2 = (t.validated_area_km2 + area_km2).min(t.aoi_area_km2);
}

/// Lets every tasking and quotation catch up with `now`; true when something changed.
pub(crate) fn tick(sim: &mut SimState, now: OffsetDateTime) -> bool {
    let mut changed = false;
    for t in sim.taskings.iter_mut() {
        // Once it has what it was ordered for, no more acquisitions: it only waits for the
        // customer's decisions on those proposed.
        while t.status == TaskingStatus::InProgress && t.next_attempt < t.plan.len() && !is_done(t)
        {
            let index = t.next_attempt;
            let Some(attempt) = t.plan.get(index).cloned() else {
                break;
            };
            if attempt.end > now {
                break;
            }
            t.next_attempt += 1;
            changed = true;
            let u = uniform(t.seed, index as u64);
            let cloud = round_to(100.0 * u.powf(1.5), 2);
            let clear = round_to(100.0 - cloud, 2);
            let status = if cloud <= t.max_cloud_cover {
                SegmentStatus::Validated
            } else if cloud <= t.max_cloud_cover + t.proposal_tolerance {
                SegmentStatus::Proposed
            } else {
                // Too cloudy to show: a failed attempt.
                continue;
            };
            let number = t.segments.len() + 1;
            let id = match t.backend {
                Backend::Legacy => format!("AS_{}_1_{number}", t.id.trim_start_matches("ICR_")),
                Backend::Neo => format!("CIE_{}_{number}_1", t.id.trim_start_matches("WOI_")),
            };
            let stamp = attempt.start.format(time::macros::format_description!(
                "[year][month][day][hour][minute][second]"
            ));
            let catalog_id = format!(
                "DS_{}_{}{}_FR1_PX",
                attempt.satellite,
                stamp.unwrap_or_default(),
                attempt.start.millisecond() / 100
            );
            let useful = t.aoi_area_km2 * clear / 100.0;
            if status.counts() {
                add_validated(t, useful);
            }
            t.segments.push(Segment {
                id,
                status,
                catalog_id,
                satellite: attempt.satellite.clone(),
                acquired_at: attempt.start,
                incidence_deg: round_to(attempt.incidence_deg, 4),
                clear_sky_rate: clear,
                footprint: attempt.footprint.clone(),
                useful_area_km2: useful,
            });
            t.updated_at = now;
            settle(t, now);
        }
        changed |= settle(t, now);
    }
    for q in sim.neo_quotations.iter_mut() {
        if q.status == "PENDING" && now >= q.available_at {
            q.status = "SENT".into();
            changed = true;
        }
        if q.status == "SENT" && now > q.valid_until {
            q.status = "EXPIRED".into();
            changed = true;
        }
    }
    changed
}

/// Why a decision on an acquisition was refused.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SegmentRefusal {
    /// The tasking has no such acquisition.
    NotFound(String),
    /// The acquisition is not (or no longer) Proposed.
    NotProposed(String),
}

/// Accepts or refuses a proposed acquisition; accepting counts its area, and may complete the
/// tasking.
pub(crate) fn decide_segment(
    t: &mut Tasking,
    segment_id: &str,
    accept: bool,
    now: OffsetDateTime,
) -> Result<Segment, SegmentRefusal> {
    let Some(index) = t.segments.iter().position(|s| s.id == segment_id) else {
        return Err(SegmentRefusal::NotFound(format!(
            "segment '{segment_id}' not found in tasking '{}'",
            t.id
        )));
    };
    let current = t.segments[index].status;
    if current != SegmentStatus::Proposed {
        return Err(SegmentRefusal::NotProposed(format!(
            "segment '{segment_id}' is {}, not Proposed: only a proposed acquisition can be accepted or refused",
            current.legacy_name()
        )));
    }
    let useful = t.segments[index].useful_area_km2;
    t.segments[index].status = if accept {
        SegmentStatus::Accepted
    } else {
        SegmentStatus::Refused
    };
    if accept {
        add_validated(t, useful);
    }
    t.updated_at = now;
    settle(t, now);
    Ok(t.segments[index].clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::sim::model::{SimState, sample_tasking};
    use time::macros::datetime;

    /// A state holding one tasking whose only attempt comes out Proposed: its cloud cover is
    /// above the criteria but within the tolerance.
    fn proposed_oneday(now: OffsetDateTime) -> SimState {
        let mut t = sample_tasking(Offer::OneDay, now);
        t.max_cloud_cover = 0.0;
        t.proposal_tolerance = 100.0;
        let mut sim = SimState::seeded(now);
        sim.taskings = vec![t];
        sim
    }

    #[test]
    fn a_tasking_is_not_completed_while_an_acquisition_is_proposed() {
        let now = datetime!(2026-12-01 00:00 UTC);
        let mut sim = proposed_oneday(now);
        let later = now + time::Duration::days(30);
        assert!(tick(&mut sim, later));
        let t = &sim.taskings[0];
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].status, SegmentStatus::Proposed);
        assert_eq!(
            t.status,
            TaskingStatus::InProgress,
            "period over, yet a decision waits"
        );
        // Refusing it settles the tasking: its one attempt is made and its period is over.
        let id = t.segments[0].id.clone();
        let t = &mut sim.taskings[0];
        decide_segment(t, &id, false, later).unwrap();
        assert_eq!(t.status, TaskingStatus::Completed);
        // And a decided acquisition cannot be decided again.
        assert!(matches!(
            decide_segment(t, &id, true, later),
            Err(SegmentRefusal::NotProposed(_))
        ));
    }

    #[test]
    fn accepting_the_proposal_completes_a_oneday() {
        let now = datetime!(2026-12-01 00:00 UTC);
        let mut sim = proposed_oneday(now);
        let at = now + time::Duration::days(2);
        tick(&mut sim, at);
        let t = &mut sim.taskings[0];
        let id = t.segments[0].id.clone();
        decide_segment(t, &id, true, at).unwrap();
        assert_eq!(t.status, TaskingStatus::Completed);
        assert!(t.validated_area_km2 > 0.0);
    }
}
