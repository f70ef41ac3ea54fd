//! Attempt segments: the passes of a mission over an AOI with their acquisition window, footprint
//! and order deadline, and the segment keys that carry them from the attempts answer to a price
//! or an order (`<hash>::<properties JSON>` as in the guide, the hash salted so a changed key is
//! refused).

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::clock::truncate_millis;
use super::geometry::{CheckedAoi, footprint_wkt, track_rectangle};
use super::orbit::{self, Pass};
use super::values::{iso_millis, parse_time, value_text};
use crate::aoi::mission::{Mission, Offer};

/// How far ahead attempts are searched.
const ATTEMPT_HORIZON_DAYS: i64 = 7;
/// Secret mixed into segment key hashes, so a client cannot forge one.
const SEGMENT_KEY_SALT: &str = "sattask-sandbox-segment-key-v1";

/// The least time between the order deadline and the acquisition, by mission and offer. The
/// guide's two examples (Pléiades) put the deadline 8 h 15 min 44 s before a OneDay acquisition
/// and 6 h 35 min 54 s before a OneNow one: 8 h and 6 h, plus the wait for the last plan upload
/// before that (at most one revolution), fit both. The guide gives no figure for SPOT (same
/// ground segment and orbit as Pléiades) or Pléiades Neo: the same leads are assumed.
fn deadline_lead(mission: Mission, offer: Offer) -> Duration {
    match (mission, offer) {
        (Mission::Pleiades | Mission::Spot | Mission::PleiadesNeo, Offer::OneNow) => {
            Duration::hours(6)
        }
        (Mission::Pleiades | Mission::Spot | Mission::PleiadesNeo, _) => Duration::hours(8),
    }
}

/// The order deadline of an acquisition starting at `start`: the last plan upload to the
/// satellite at least the mission's lead before it (once a revolution, over the northern
/// station: [`orbit::Satellite::last_upload_before`]), to the 5 minutes below, with the
/// acquisition's milliseconds, as the guide prints them (`02:55:00.099` for `11:10:44.099`).
pub(crate) fn order_deadline(
    satellite: &orbit::Satellite,
    offer: Offer,
    start: OffsetDateTime,
) -> OffsetDateTime {
    let upload = satellite.last_upload_before(start - deadline_lead(satellite.mission, offer));
    let minute = upload.minute() - upload.minute() % 5;
    upload.replace_time(
        time::Time::from_hms_milli(upload.hour(), minute, 0, start.millisecond())
            .unwrap_or(time::Time::MIDNIGHT),
    )
}

/// A segment of an attempts answer.
pub(crate) struct AttemptSegment {
    pub id: String,
    /// The offer the attempts were asked for (bound into the key).
    pub offer: Offer,
    pub pass: Pass,
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
    pub deadline: OffsetDateTime,
    pub footprint: Vec<[f64; 2]>,
    pub centre: [f64; 2],
}

/// The acquisition window and footprint of a pass over an AOI.
pub(crate) fn pass_footprint(
    aoi: &CheckedAoi,
    pass: &Pass,
) -> (Vec<[f64; 2]>, [f64; 2], OffsetDateTime, OffsetDateTime) {
    let cos = pass.incidence_deg.to_radians().cos().max(0.3);
    let min_width = pass.satellite.swath_km / (cos * cos);
    let (ring, centre, (s_min, s_max)) = track_rectangle(
        &aoi.aoi,
        aoi.measures.centroid,
        pass.heading_deg,
        1.0,
        min_width,
    );
    let speed = pass.ground_speed_km_s.max(1.0);
    let start = pass.at + Duration::seconds_f64(s_min / speed);
    let end = pass.at + Duration::seconds_f64(s_max / speed);
    (ring, centre, truncate_millis(start), truncate_millis(end))
}

/// FNV-1a, 64 bits.
fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// 128 hex digits, like the real keys' SHA-512 prefix.
fn key_hash(properties: &str) -> String {
    let salted = format!("{SEGMENT_KEY_SALT}{properties}");
    (0..8u64)
        .map(|seed| format!("{:016x}", fnv1a(seed, salted.as_bytes())))
        .collect()
}

/// The segment key: `<hash>::<properties JSON>` as in the guide.
pub(crate) fn segment_key(segment: &AttemptSegment, max_cloud: f64, max_incidence: f64) -> String {
    let wkt = footprint_wkt(&segment.footprint);
    let properties = [
        format!(
            r#"{{"key":"acqPeriod", "value":{}}}"#,
            json!(format!(
                "{} {}",
                iso_millis(segment.start),
                iso_millis(segment.end)
            ))
        ),
        format!(
            r#"{{"key":"extendedAngle", "value":{}}}"#,
            segment.pass.incidence_deg > 30.0
        ),
        format!(r#"{{"key":"geometryWkt", "value":{}}}"#, json!(wkt)),
        format!(
            r#"{{"key":"orderDeadLine", "value":{}}}"#,
            json!(iso_millis(segment.deadline))
        ),
        format!(r#"{{"key":"maxCloudCover", "value":"{max_cloud:.1}"}}"#),
        format!(r#"{{"key":"maxIncidenceAngle", "value":"{max_incidence:.1}"}}"#),
        format!(
            r#"{{"key":"progTypeName", "value":{}}}"#,
            json!(segment.offer.api_name())
        ),
        format!(
            r#"{{"key":"satellite", "value":{}}}"#,
            json!(segment.pass.satellite.id)
        ),
        format!(
            r#"{{"key":"incidenceAngle", "value":"{:.2}"}}"#,
            segment.pass.incidence_deg
        ),
    ];
    let properties = format!("[{}]", properties.join(","));
    format!("{}::{}", key_hash(&properties), properties)
}

/// What a segment key says, once its hash checks out.
#[derive(Debug, Clone)]
pub(crate) struct SegmentKeyInfo {
    pub satellite: &'static orbit::Satellite,
    /// The offer the attempts were asked for.
    pub offer: Offer,
    /// The criteria the attempts were asked with.
    pub max_cloud_cover: f64,
    pub max_incidence_deg: f64,
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
    pub deadline: OffsetDateTime,
    pub incidence_deg: f64,
    pub footprint: Vec<[f64; 2]>,
}

/// Reads a segment key; `Err` says why it is not one the sandbox issued.
pub(crate) fn read_segment_key(key: &str) -> Result<SegmentKeyInfo, String> {
    let Some((hash, properties)) = key.split_once("::") else {
        return Err("the segmentKey is not one an attempts answer gave (no '::')".into());
    };
    if key_hash(properties) != hash {
        return Err("the segmentKey was altered: copy it verbatim from the attempts answer".into());
    }
    let list: Vec<Value> = serde_json::from_str(properties)
        .map_err(|e| format!("the segmentKey's properties are not JSON: {e}"))?;
    let get = |name: &str| {
        list.iter()
            .find(|p| p.get("key").and_then(Value::as_str) == Some(name))
            .and_then(|p| p.get("value"))
            .and_then(value_text)
            .ok_or_else(|| format!("the segmentKey has no {name}"))
    };
    let period = get("acqPeriod")?;
    let (start, end) = period
        .split_once(' ')
        .and_then(|(s, e)| Some((parse_time(s)?, parse_time(e)?)))
        .ok_or("the segmentKey's acqPeriod is not two dates")?;
    let deadline =
        parse_time(&get("orderDeadLine")?).ok_or("the segmentKey's orderDeadLine is not a date")?;
    let satellite =
        orbit::satellite(&get("satellite")?).ok_or("the segmentKey names no known satellite")?;
    let incidence_deg = get("incidenceAngle")?.parse().unwrap_or(0.0);
    let offer =
        Offer::parse(&get("progTypeName")?).ok_or("the segmentKey names no known progType")?;
    let number = |name: &str| -> Result<f64, String> {
        get(name)?
            .parse()
            .map_err(|_| format!("the segmentKey's {name} is not a number"))
    };
    let max_cloud_cover = number("maxCloudCover")?;
    let max_incidence_deg = number("maxIncidenceAngle")?;
    let wkt = get("geometryWkt")?;
    let footprint = parse_wkt_ring(&wkt).ok_or("the segmentKey's geometryWkt is not a polygon")?;
    Ok(SegmentKeyInfo {
        satellite,
        offer,
        max_cloud_cover,
        max_incidence_deg,
        start,
        end,
        deadline,
        incidence_deg,
        footprint,
    })
}

/// The ring of `POLYGON((x y, ...))`, with the doubled closing position collapsed.
fn parse_wkt_ring(wkt: &str) -> Option<Vec<[f64; 2]>> {
    let inner = wkt.trim().strip_prefix("POLYGON((")?.strip_suffix("))")?;
    let mut ring: Vec<[f64; 2]> = Vec::new();
    for pair in inner.split(',') {
        let mut numbers = pair.split_whitespace().map(str::parse::<f64>);
        let (Some(Ok(x)), Some(Ok(y))) = (numbers.next(), numbers.next()) else {
            return None;
        };
        if ring.last() != Some(&[x, y]) {
            ring.push([x, y]);
        }
    }
    Some(ring)
}

/// The attempts of a mission over an AOI from `from`, for 7 days.
pub(crate) fn mission_attempts(
    mission: Mission,
    offer: Offer,
    aoi: &CheckedAoi,
    from: OffsetDateTime,
    now: OffsetDateTime,
    max_incidence_deg: f64,
) -> Vec<AttemptSegment> {
    let to = from + Duration::days(ATTEMPT_HORIZON_DAYS);
    let mut counters: Vec<(&str, usize)> = Vec::new();
    orbit::mission_passes(mission, aoi.measures.centroid, from, to, max_incidence_deg)
        .into_iter()
        .filter_map(|pass| {
            let (footprint, centre, start, end) = pass_footprint(aoi, &pass);
            let deadline = order_deadline(pass.satellite, offer, start);
            if deadline <= now {
                return None;
            }
            let id = pass.satellite.id;
            let n = match counters.iter_mut().find(|(s, _)| *s == id) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counters.push((id, 1));
                    1
                }
            };
            Some(AttemptSegment {
                id: format!("{id}-{n}"),
                offer,
                pass,
                start,
                end,
                deadline,
                footprint,
                centre,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn deadlines_fit_the_guides_examples_and_vary_with_the_pass() {
        let phr = orbit::satellite("PHR1A").unwrap();
        let mut oneday_leads = Vec::new();
        let mut start = datetime!(2026-12-01 10:30:12.345 UTC);
        for _ in 0..40 {
            start += Duration::minutes(37);
            let deadline = order_deadline(phr, Offer::OneDay, start);
            let lead = start - deadline;
            // 8 h at least, at most 8 h plus a revolution (about 99 min) and 5 minutes.
            assert!(lead >= Duration::hours(8), "{lead}");
            assert!(lead <= Duration::minutes(8 * 60 + 99 + 5), "{lead}");
            assert_eq!(deadline.second(), 0);
            assert_eq!(deadline.minute() % 5, 0);
            assert_eq!(deadline.millisecond(), start.millisecond());
            let onenow = start - order_deadline(phr, Offer::OneNow, start);
            assert!(onenow >= Duration::hours(6) && onenow < lead, "{onenow}");
            oneday_leads.push(lead);
        }
        oneday_leads.sort();
        oneday_leads.dedup();
        assert!(
            oneday_leads.len() > 10,
            "the lead varies with the pass: {oneday_leads:?}"
        );
    }
}
