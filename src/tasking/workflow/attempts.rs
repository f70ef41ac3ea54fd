//! The attempts of an answer as a person compares them: satellite, times (UTC and local solar),
//! angles, order deadline, the share of the AOI each footprint covers, and the area two of them
//! share. Computed once when the answer arrives (off the window's thread), never per frame.

use geo::{Area, BooleanOps, Coord, LineString, MultiPolygon, Polygon};
use time::{Duration, OffsetDateTime};

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
    /// The footprint's outline, lon/lat.
    pub footprint: Vec<LonLat>,
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

fn polygon_of(ring: &[LonLat]) -> Polygon<f64> {
    Polygon::new(
        LineString::from(
            ring.iter()
                .map(|c| Coord { x: c.x, y: c.y })
                .collect::<Vec<_>>(),
        ),
        Vec::new(),
    )
}

/// Area on the sphere (Chamberlain–Duquette), m²: plenty for a share of two areas.
fn area_m2(shape: &MultiPolygon<f64>) -> f64 {
    use geo::ChamberlainDuquetteArea;
    shape.chamberlain_duquette_unsigned_area()
}

/// The share of `aoi` that `footprint` covers, 0..=1.
pub fn coverage_share(aoi: &Polygon<f64>, aoi_area_m2: f64, footprint: &[LonLat]) -> f64 {
    if aoi_area_m2 <= 0.0 || footprint.len() < 4 {
        return 0.0;
    }
    let shared = aoi.intersection(&polygon_of(footprint));
    (area_m2(&shared) / aoi_area_m2).clamp(0.0, 1.0)
}

/// The share of the AOI two footprints both cover, 0..=1.
pub fn shared_aoi_share(aoi: &Aoi, first: &[LonLat], second: &[LonLat]) -> f64 {
    let aoi = MultiPolygon::new(vec![polygon_of(&aoi.ring)]);
    let whole = area_m2(&aoi);
    if whole <= 0.0 {
        return 0.0;
    }
    let both = polygon_of(first).intersection(&polygon_of(second));
    (area_m2(&both.intersection(&aoi)) / whole).clamp(0.0, 1.0)
}

/// Every attempt of an answer with its coverage of `aoi`, in acquisition order.
pub fn attempts_of(answer: &CapacityAnswer, aoi: &Aoi) -> Vec<Attempt> {
    let aoi_polygon = polygon_of(&aoi.ring);
    let aoi_area = aoi_polygon.unsigned_area().max(0.0);
    let aoi_area_m2 = if aoi_area > 0.0 {
        area_m2(&MultiPolygon::new(vec![aoi_polygon.clone()]))
    } else {
        0.0
    };
    let mut attempts: Vec<Attempt> = answer
        .offers()
        .flat_map(|offer| {
            offer
                .segments
                .iter()
                .map(move |segment| (offer.mission.clone(), offer.name.clone(), segment))
        })
        .map(|(mission, offer, segment)| {
            attempt_of(mission, offer, segment, &aoi_polygon, aoi_area_m2)
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
    aoi_area_m2: f64,
) -> Attempt {
    let footprint = segment.footprint.geometry.ring.clone();
    let centre_lon = segment
        .footprint
        .center
        .as_ref()
        .map(|c| c.0.x)
        .unwrap_or_else(|| {
            footprint.iter().map(|c| c.x).sum::<f64>() / footprint.len().max(1) as f64
        });
    Attempt {
        satellite: segment.id.clone(),
        mission,
        offer,
        acquisition: segment.acquisition_start_date,
        local_solar_time: segment
            .acquisition_start_date
            .map(|t| local_solar_time(t, centre_lon)),
        incidence_deg: segment.incidence_angle,
        across_track_deg: segment.across_track_incidence_angle,
        extended_angle: segment.extended_angle.unwrap_or(false),
        order_deadline: segment.order_deadline,
        aoi_coverage: coverage_share(aoi, aoi_area_m2, &footprint),
        footprint,
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
        let area = area_m2(&MultiPolygon::new(vec![aoi.clone()]));
        let share = coverage_share(&aoi, area, &square(1.1, 42.9, 0.5));
        assert!((share - 0.5).abs() < 0.01, "{share}");
        assert_eq!(coverage_share(&aoi, area, &square(5.0, 43.0, 0.1)), 0.0);
        let whole = coverage_share(&aoi, area, &square(0.5, 42.5, 2.0));
        assert!((whole - 1.0).abs() < 1e-6, "{whole}");
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
}
