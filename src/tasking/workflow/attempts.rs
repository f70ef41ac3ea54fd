//! The attempts of an answer as a person compares them: satellite, times (UTC and local solar),
//! angles, order deadline, the share of the AOI each footprint covers, and the area two of them
//! share. Computed once when the answer arrives (off the window's thread), never per frame.

use geo::{Area, BooleanOps, Coord, MultiPolygon, Polygon};
use time::{Duration, OffsetDateTime};

use crate::aoi::model::polygon_of;
use crate::aoi::{Aoi, LonLat};
use crate::api::oneatlas::models::{AttemptSegment, CapacityAnswer};

/// One proposed acquisition, ready to list, plot and draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// The satellite, e.g. `PHR1A`.
    pub satellite: String,
    /// The mission it belongs to (from the answer).
    pub mission: String,
    /// The offer it answers (ONEDAY, ONENOW...).
    pub offer: String,
    /// Acquisition start, UTC.
    pub acquisition: Option<OffsetDateTime>,
    /// The acquisition's local solar time at the footprint's centre, as `HH:MM`.
    pub local_solar_time: Option<String>,
    /// Incidence angle, degrees.
    pub incidence_deg: Option<f64>,
    /// Across-track incidence, degrees.
    pub across_track_deg: Option<f64>,
    /// Beyond the standard range of angles.
    pub extended_angle: bool,
    /// Ordering is impossible after this.
    pub order_deadline: Option<OffsetDateTime>,
    /// The share of the AOI's area the footprint covers, 0..=1.
    pub aoi_coverage: f64,
    /// The footprint's outline, lon/lat (empty when the service sent one that cannot be read).
    pub footprint: Vec<LonLat>,
    /// Why the footprint could not be read, when it could not: the attempt is listed and can
    /// be ordered, but it is not on the map and covers nothing that can be measured.
    pub footprint_problem: Option<String>,
    /// Copied verbatim into the price and order items.
    pub segment_key: String,
}

impl Attempt {
    /// Whether it can still be ordered at `now`.
    pub fn orderable_at(&self, now: OffsetDateTime) -> bool {
        self.order_deadline.is_none_or(|deadline| deadline > now)
    }

    /// What is left before the order deadline at `now`, as a person reads it ("2 d 4 h",
    /// "35 min", "passed").
    pub fn countdown_at(&self, now: OffsetDateTime) -> String {
        match self.order_deadline {
            None => "no deadline given".to_owned(),
            Some(deadline) => countdown(deadline - now),
        }
    }
}

/// A duration as a countdown: days and hours, hours and minutes, or minutes.
pub fn countdown(left: Duration) -> String {
    if left <= Duration::ZERO {
        return "passed".to_owned();
    }
    let minutes = left.whole_minutes();
    let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {mins} min")
    } else {
        format!("{mins} min")
    }
}

/// Local solar time (mean) at a longitude: UTC shifted by 4 minutes per degree.
pub fn local_solar_time(utc: OffsetDateTime, lon_deg: f64) -> String {
    let shifted = utc + Duration::seconds_f64(lon_deg * 240.0);
    format!("{:02}:{:02}", shifted.hour(), shifted.minute())
}

/// The area that shares are ratios of: planar, in square degrees. Over an AOI (tens of km) the
/// scale of a degree of longitude changes by a fraction of a percent, so the ratio of two such
/// areas is the ratio on the ground to that precision; unlike a spherical formula it does not
/// change when an edge is split, so every way of cutting the same shape gives the same share.
fn planar_area(shape: &MultiPolygon<f64>) -> f64 {
    shape.unsigned_area()
}

/// The share of `aoi` that `footprint` covers, 0..=1. A convex footprint (the usual strip or
/// quadrilateral) clips the AOI directly, in time linear in the AOI's vertices; any other shape
/// goes through the general polygon intersection.
pub fn coverage_share(aoi: &Polygon<f64>, aoi_area: f64, footprint: &[LonLat]) -> f64 {
    if aoi_area <= 0.0 || footprint.len() < 4 {
        return 0.0;
    }
    let shared = match clip_by_convex(&aoi.exterior().0, footprint) {
        Some(clipped) if clipped.len() < 3 => 0.0,
        Some(clipped) => planar_area(&MultiPolygon::new(vec![polygon_of(&clipped)])),
        None => planar_area(&aoi.intersection(&polygon_of(footprint))),
    };
    (shared / aoi_area).clamp(0.0, 1.0)
}

/// Sutherland–Hodgman: `subject` (any simple ring) clipped by `clip` when `clip` is a convex
/// ring; `None` when it is not convex. The result may run along the clip's edges with
/// zero-width spikes where the subject leaves and comes back, which changes no area.
pub fn clip_by_convex(subject: &[LonLat], clip: &[LonLat]) -> Option<Vec<LonLat>> {
    let mut edges: Vec<LonLat> = clip.to_vec();
    if edges.len() > 1 && edges.first() == edges.last() {
        edges.pop();
    }
    let n = edges.len();
    if n < 3 {
        return None;
    }
    let cross =
        |o: LonLat, a: LonLat, b: LonLat| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    // Convex: every turn the same way (collinear turns allowed).
    let turns: Vec<f64> = (0..n)
        .map(|i| cross(edges[i], edges[(i + 1) % n], edges[(i + 2) % n]))
        .collect();
    let sign = if turns.iter().any(|t| *t > 0.0) {
        1.0
    } else {
        -1.0
    };
    if turns.iter().any(|t| t * sign < 0.0) {
        return None;
    }
    let mut output: Vec<LonLat> = subject.to_vec();
    if output.len() > 1 && output.first() == output.last() {
        output.pop();
    }
    for i in 0..n {
        let (a, b) = (edges[i], edges[(i + 1) % n]);
        let inside = |p: LonLat| cross(a, b, p) * sign >= 0.0;
        let input = std::mem::take(&mut output);
        let Some(&last) = input.last() else {
            break;
        };
        let mut previous = last;
        for &current in &input {
            let (now_in, before_in) = (inside(current), inside(previous));
            if now_in != before_in {
                // Where previous→current crosses the line a→b.
                let (d1, d2) = (cross(a, b, previous), cross(a, b, current));
                let t = d1 / (d1 - d2);
                output.push(Coord {
                    x: previous.x + t * (current.x - previous.x),
                    y: previous.y + t * (current.y - previous.y),
                });
            }
            if now_in {
                output.push(current);
            }
            previous = current;
        }
    }
    if let Some(&first) = output.first() {
        output.push(first);
    }
    Some(output)
}

/// The share of the AOI two footprints both cover, 0..=1.
pub fn shared_aoi_share(aoi: &Aoi, first: &[LonLat], second: &[LonLat]) -> f64 {
    let aoi = MultiPolygon::new(vec![polygon_of(&aoi.ring)]);
    let whole = planar_area(&aoi);
    if whole <= 0.0 {
        return 0.0;
    }
    let both = polygon_of(first).intersection(&polygon_of(second));
    (planar_area(&both.intersection(&aoi)) / whole).clamp(0.0, 1.0)
}

/// Every attempt of an answer with its coverage of `aoi`, in acquisition order.
pub fn attempts_of(answer: &CapacityAnswer, aoi: &Aoi) -> Vec<Attempt> {
    let aoi_polygon = polygon_of(&aoi.ring);
    let aoi_area = aoi_polygon.unsigned_area();
    let mut attempts: Vec<Attempt> = answer
        .offers()
        .flat_map(|offer| {
            offer
                .segments
                .iter()
                .map(move |segment| (offer.mission.clone(), offer.name.clone(), segment))
        })
        .map(|(mission, offer, segment)| {
            attempt_of(mission, offer, segment, &aoi_polygon, aoi_area)
        })
        .collect();
    attempts.sort_by_key(|a| a.acquisition);
    attempts
}

fn attempt_of(
    mission: String,
    offer: String,
    segment: &AttemptSegment,
    aoi: &Polygon<f64>,
    aoi_area: f64,
) -> Attempt {
    let read = segment.footprint.get();
    let footprint = read.map(|f| f.geometry.ring.clone()).unwrap_or_default();
    let centre_lon = read
        .and_then(|f| f.center.as_ref())
        .map(|c| c.0.x)
        .or_else(|| {
            (!footprint.is_empty())
                .then(|| footprint.iter().map(|c| c.x).sum::<f64>() / footprint.len() as f64)
        });
    let acquisition = segment.acquisition_start();
    Attempt {
        satellite: segment.id.clone(),
        mission,
        offer,
        acquisition,
        local_solar_time: acquisition
            .zip(centre_lon)
            .map(|(t, lon)| local_solar_time(t, lon)),
        incidence_deg: segment.incidence_angle.number(),
        across_track_deg: segment.across_track_incidence_angle.number(),
        extended_angle: segment.extended_angle.unwrap_or(false),
        order_deadline: segment.order_deadline(),
        aoi_coverage: if footprint.is_empty() {
            0.0
        } else {
            coverage_share(aoi, aoi_area, &footprint)
        },
        footprint,
        footprint_problem: segment.footprint.problem().map(str::to_owned),
        segment_key: segment.segment_key.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn square(lon: f64, lat: f64, size: f64) -> Vec<LonLat> {
        vec![
            Coord { x: lon, y: lat },
            Coord {
                x: lon + size,
                y: lat,
            },
            Coord {
                x: lon + size,
                y: lat + size,
            },
            Coord {
                x: lon,
                y: lat + size,
            },
            Coord { x: lon, y: lat },
        ]
    }

    #[test]
    fn a_footprint_over_half_the_aoi_covers_half() {
        let aoi = polygon_of(&square(1.0, 43.0, 0.2));
        let area = planar_area(&MultiPolygon::new(vec![aoi.clone()]));
        let share = coverage_share(&aoi, area, &square(1.1, 42.9, 0.5));
        assert!((share - 0.5).abs() < 0.01, "{share}");
        assert_eq!(coverage_share(&aoi, area, &square(5.0, 43.0, 0.1)), 0.0);
        let whole = coverage_share(&aoi, area, &square(0.5, 42.5, 2.0));
        assert!((whole - 1.0).abs() < 1e-6, "{whole}");
    }

    #[test]
    fn clipping_by_a_convex_footprint_agrees_with_the_general_intersection() {
        // A jagged (concave) AOI against rotated quadrilaterals of many sizes and places.
        let n = 301;
        let aoi: Vec<LonLat> = (0..=n)
            .map(|i| {
                let t = (i % n) as f64 / n as f64 * std::f64::consts::TAU;
                let r = if i % 2 == 0 { 0.1 } else { 0.07 };
                Coord {
                    x: 1.45 + r * t.cos(),
                    y: 43.65 + r * t.sin(),
                }
            })
            .collect();
        let polygon = polygon_of(&aoi);
        let whole = planar_area(&MultiPolygon::new(vec![polygon.clone()]));
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..300 {
            let (cx, cy) = (
                1.45 + rng.f64() * 0.3 - 0.15,
                43.65 + rng.f64() * 0.3 - 0.15,
            );
            let (w, h, angle) = (
                0.01 + rng.f64() * 0.3,
                0.01 + rng.f64() * 0.3,
                rng.f64() * std::f64::consts::PI,
            );
            let corner = |dx: f64, dy: f64| Coord {
                x: cx + dx * angle.cos() - dy * angle.sin(),
                y: cy + dx * angle.sin() + dy * angle.cos(),
            };
            let mut quad = vec![corner(-w, -h), corner(w, -h), corner(w, h), corner(-w, h)];
            if rng.bool() {
                quad.reverse();
            }
            quad.push(quad[0]);
            let fast = coverage_share(&polygon, whole, &quad);
            let general =
                (planar_area(&polygon.intersection(&polygon_of(&quad))) / whole).clamp(0.0, 1.0);
            assert!(
                (fast - general).abs() < 1e-7,
                "{fast} vs {general} for {quad:?}"
            );
        }
        // A concave footprint is not clipped this way.
        let arrow = vec![
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 2.0, y: 0.0 },
            Coord { x: 1.0, y: 0.5 },
            Coord { x: 2.0, y: 1.0 },
            Coord { x: 0.0, y: 1.0 },
            Coord { x: 0.0, y: 0.0 },
        ];
        assert!(clip_by_convex(&aoi, &arrow).is_none());
    }

    #[test]
    fn two_footprints_share_the_aoi_where_they_overlap() {
        let aoi = Aoi {
            name: "a".into(),
            ring: square(1.0, 43.0, 0.2),
            holes: Vec::new(),
        };
        let shared = shared_aoi_share(&aoi, &square(1.0, 43.0, 0.1), &square(1.05, 43.0, 0.1));
        assert!((shared - 0.125).abs() < 0.003, "{shared}");
        let whole = shared_aoi_share(&aoi, &square(0.9, 42.9, 0.5), &square(0.95, 42.95, 0.5));
        assert!((whole - 1.0).abs() < 1e-6, "{whole}");
        let apart = shared_aoi_share(&aoi, &square(1.0, 43.0, 0.05), &square(1.1, 43.1, 0.05));
        assert_eq!(apart, 0.0);
    }

    #[test]
    fn countdowns_read_as_a_person_says_them() {
        assert_eq!(countdown(Duration::minutes(35)), "35 min");
        assert_eq!(countdown(Duration::minutes(125)), "2 h 5 min");
        assert_eq!(countdown(Duration::hours(52)), "2 d 4 h");
        assert_eq!(countdown(Duration::seconds(-3)), "passed");
    }

    #[test]
    fn local_solar_time_moves_four_minutes_per_degree() {
        let noon = datetime!(2026-12-01 12:00 UTC);
        assert_eq!(local_solar_time(noon, 0.0), "12:00");
        assert_eq!(local_solar_time(noon, 15.0), "13:00");
        assert_eq!(local_solar_time(noon, -90.0), "06:00");
    }

    #[test]
    fn an_attempt_whose_footprint_cannot_be_read_is_kept_off_the_map_with_its_reason() {
        let answer: CapacityAnswer = serde_json::from_value(serde_json::json!({
            "progCapacities": {"mission": "PLEIADES", "progTypes": [{"name": "ONEDAY", "segments": [
                {"id": "PHR1A", "footprint": {"geometry": "coordinates"}, "segmentKey": "k1",
                 "acquisitionStartDate": "2026-12-07T10:41:00.000Z"},
                {"id": "PHR1B", "footprint": {"geometry": "POLYGON((1 43, 1.2 43, 1.2 43.2, 1 43.2, 1 43))",
                 "center": "POINT(1.1 43.1)"}, "segmentKey": "k2", "acquisitionStartDate": "2026-12-08T10:41:00.000Z"}
            ]}]}
        }))
        .unwrap();
        let aoi = Aoi {
            name: "a".into(),
            ring: square(1.0, 43.0, 0.2),
            holes: Vec::new(),
        };
        let attempts = attempts_of(&answer, &aoi);
        assert_eq!(attempts.len(), 2);
        let unread = &attempts[0];
        assert_eq!(unread.satellite, "PHR1A");
        assert!(unread.footprint.is_empty());
        assert_eq!(unread.aoi_coverage, 0.0);
        assert!(
            unread
                .footprint_problem
                .as_deref()
                .is_some_and(|w| w.contains("coordinates"))
        );
        // No footprint, no centre: the local solar time is not guessed.
        assert_eq!(unread.local_solar_time, None);
        assert_eq!(unread.segment_key, "k1");
        let read = &attempts[1];
        assert!(read.footprint_problem.is_none());
        assert!((read.aoi_coverage - 1.0).abs() < 1e-6);
    }
}
