//! The providers' rules, on plain values: which progType names each endpoint accepts for each
//! mission, which acquisition modes an offer allows, when a request is answered automatically,
//! the stereo B/H ratios, and what a segment key binds (the AOI, the mission, the offer, the
//! criteria). Every refusal is a sentence that says what was sent, what is allowed and where the
//! rule comes from; the HTTP side wraps it in the service's error body.

use geo::{Contains, Coord, LineString, Polygon};
use serde_json::Value;

use super::geometry::CheckedAoi;
use super::pricing::ProductType;
use super::segments::SegmentKeyInfo;
use crate::aoi::measure::Measures;
use crate::aoi::mission::{Mission, Offer, automatic_window};

/// Automatic acceptance needs at least this `maxCloudCover`, percent (guide, feasibility).
pub(crate) const AUTOMATIC_MIN_CLOUD_COVER: f64 = 10.0;
/// Automatic acceptance needs at least this `maxIncidenceAngle`, degrees.
pub(crate) const AUTOMATIC_MIN_INCIDENCE_DEG: f64 = 20.0;
/// A OnePlan window at least this long is answered automatically, days.
pub(crate) const ONEPLAN_AUTOMATIC_DAYS: f64 = 30.0;
/// A OnePlan window at least this long is EASY, days.
pub(crate) const ONEPLAN_EASY_DAYS: f64 = 60.0;
/// The stereo base-to-height ratios allowed (guide, "Stereo and tristereo specificities").
pub(crate) const BH_RANGE: (f64, f64) = (0.2, 0.8);

pub(crate) use crate::aoi::mission::{Endpoint, prog_types};

/// The offer a progType name asks for, if the endpoint accepts it for the mission.
pub(crate) fn prog_type_offer(
    endpoint: Endpoint,
    mission: Mission,
    name: &str,
) -> Result<Offer, String> {
    let allowed = prog_types(endpoint, mission);
    let offer = allowed
        .contains(&name)
        .then(|| Offer::parse(name))
        .flatten();
    offer.ok_or_else(|| {
        let (path, other, step) = match endpoint {
            Endpoint::Feasibility => (
                "/api/v1/feasibility",
                "; ONEDAY and ONENOW of PLEIADES and SPOT go straight to POST /api/v1/attempts",
                "Step 3",
            ),
            Endpoint::Attempts => (
                "/api/v1/attempts",
                "; ONEPLAN has no attempts: ask POST /api/v1/feasibility",
                "Step 4",
            ),
        };
        let other = if endpoint == Endpoint::Feasibility && mission == Mission::PleiadesNeo {
            ""
        } else {
            other
        };
        format!(
            "progTypeNames: {name} is not accepted by POST {path} for {}: the accepted names are {} (the tasking guide, {step}){other}",
            mission.api_name(),
            allowed.join(", ")
        )
    })
}

/// STEREO and TRISTEREO exist only with OnePlan on SPOT and Pléiades.
pub(crate) fn check_mode(mode: &str, mission: Mission, offer: Offer) -> Result<(), String> {
    if mode == "MONO" || (offer == Offer::OnePlan && mission != Mission::PleiadesNeo) {
        return Ok(());
    }
    Err(format!(
        "acquisitionMode {mode} is available only with ONEPLAN on PLEIADES and SPOT (the tasking guide, \"Stereo and tristereo specificities\"); {} {} takes MONO",
        mission.api_name(),
        offer.api_name()
    ))
}

/// The criteria of a request that decide whether it is answered automatically.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Criteria {
    /// Maximum cloud cover, percent.
    pub max_cloud_cover: f64,
    /// Maximum incidence angle, degrees.
    pub max_incidence_deg: f64,
    /// Whether the acquisition is MONO.
    pub mono: bool,
}

impl Criteria {
    /// Automatic acceptance needs MONO, maxCloudCover ≥ 10 and maxIncidenceAngle ≥ 20.
    pub(crate) fn allow_automatic(self) -> bool {
        self.mono
            && self.max_cloud_cover >= AUTOMATIC_MIN_CLOUD_COVER
            && self.max_incidence_deg >= AUTOMATIC_MIN_INCIDENCE_DEG
    }

    /// Why these criteria are not answered automatically, if they are not.
    pub(crate) fn manual_reason(self) -> Option<String> {
        if !self.mono {
            return Some("a stereo acquisition always needs a manual study".into());
        }
        if self.max_cloud_cover < AUTOMATIC_MIN_CLOUD_COVER {
            return Some(format!(
                "maxCloudCover {} is under {AUTOMATIC_MIN_CLOUD_COVER}, the least answered automatically",
                self.max_cloud_cover
            ));
        }
        if self.max_incidence_deg < AUTOMATIC_MIN_INCIDENCE_DEG {
            return Some(format!(
                "maxIncidenceAngle {} is under {AUTOMATIC_MIN_INCIDENCE_DEG}, the least answered automatically",
                self.max_incidence_deg
            ));
        }
        None
    }
}

/// One size error of an AOI: the guide's `errors[]{code, locator, message}` entry, the message
/// being the limit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SizeError {
    /// `ERR_MIN_AOI_AREA` (the guide's example) or its siblings for the maximums.
    pub code: &'static str,
    /// The limit, printed as the guide prints it ("24.5", "25", "7200").
    pub limit: f64,
}

impl SizeError {
    /// The limit as the guide's message prints it.
    pub(crate) fn message(&self) -> String {
        format!("{}", self.limit)
    }

    /// A sentence for a refusal.
    pub(crate) fn sentence(&self, measures: &Measures) -> String {
        match self.code {
            "ERR_MIN_AOI_AREA" => format!(
                "the AOI covers {:.2} km², under the {} km² minimum ({})",
                measures.area_km2, self.limit, self.code
            ),
            "ERR_MAX_AOI_AREA" => format!(
                "the AOI covers {:.2} km², over the {} km² maximum ({})",
                measures.area_km2, self.limit, self.code
            ),
            "ERR_MAX_AOI_HEIGHT" => format!(
                "the AOI is {:.2} km high, over the {} km maximum ({})",
                measures.height_km, self.limit, self.code
            ),
            _ => format!(
                "the AOI is {:.2} km wide, over the {} km maximum ({})",
                measures.width_km, self.limit, self.code
            ),
        }
    }
}

/// The AOI against the automatic window of OneDay and OneNow (OnePlan has none): under the
/// minimum (never answered) and beyond the maximums (a manual study).
pub(crate) fn size_errors(
    measures: &Measures,
    mission: Mission,
    offer: Offer,
) -> (Vec<SizeError>, Vec<SizeError>) {
    let mut below = Vec::new();
    let mut beyond = Vec::new();
    if offer == Offer::OnePlan {
        return (below, beyond);
    }
    let window = automatic_window(mission, offer);
    if measures.area_km2 < window.min_area_km2 {
        below.push(SizeError {
            code: "ERR_MIN_AOI_AREA",
            limit: window.min_area_km2,
        });
    }
    let maximums = [
        ("ERR_MAX_AOI_AREA", window.max_area_km2, measures.area_km2),
        (
            "ERR_MAX_AOI_HEIGHT",
            window.max_height_km,
            measures.height_km,
        ),
        ("ERR_MAX_AOI_WIDTH", window.max_width_km, measures.width_km),
    ];
    for (code, max, value) in maximums {
        if let Some(limit) = max
            && value > limit
        {
            beyond.push(SizeError { code, limit });
        }
    }
    (below, beyond)
}

/// A feasibility's answer for one progType of one mission.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Feasibility {
    /// The AOI is under the minimum: `available: false` with these errors.
    Unavailable(Vec<SizeError>),
    /// Answered: EASY or CHALLENGING, automatic or manual, and the automation's name.
    Answered {
        classification: &'static str,
        automatic: bool,
        automation_name: &'static str,
    },
}

/// The feasibility of an offer: the AOI against the automatic window, the criteria, and for
/// OnePlan the window's length (automatic from 30 days, EASY from 60: the guide's example
/// answers a 30-day window CHALLENGING, AutomaticTasking30).
pub(crate) fn feasibility(
    mission: Mission,
    offer: Offer,
    measures: &Measures,
    criteria: Criteria,
    window_days: f64,
) -> Feasibility {
    let (below, beyond) = size_errors(measures, mission, offer);
    if !below.is_empty() {
        return Feasibility::Unavailable(below);
    }
    let automatic = criteria.allow_automatic()
        && beyond.is_empty()
        && (offer != Offer::OnePlan || window_days >= ONEPLAN_AUTOMATIC_DAYS);
    let classification = match offer {
        Offer::OnePlan if window_days >= ONEPLAN_EASY_DAYS => "EASY",
        Offer::OnePlan => "CHALLENGING",
        _ if criteria.max_incidence_deg >= 30.0 => "EASY",
        _ => "CHALLENGING",
    };
    let automation_name = match (automatic, offer) {
        (false, _) => "ManualTasking",
        (true, Offer::OnePlan) if window_days >= ONEPLAN_EASY_DAYS => "AutomaticTasking60",
        (true, Offer::OnePlan) => "AutomaticTasking30",
        (true, Offer::OneDay) => "AutomaticTaskingOneDay",
        (true, Offer::OneNow) => "AutomaticTaskingOneNow",
    };
    Feasibility::Answered {
        classification,
        automatic,
        automation_name,
    }
}

/// The stereo B/H ratios of an item: both keys present, each a string (the guide: "its value
/// set as a string between "0.2" and "0.8""), the minimum not above the maximum.
pub(crate) fn stereo_bh(min: Option<&Value>, max: Option<&Value>) -> Result<(f64, f64), String> {
    let read = |key: &str, value: Option<&Value>| -> Result<f64, String> {
        let text = match value {
            None => return Err(format!("the property {key} is missing")),
            Some(Value::String(text)) => text,
            Some(other) => {
                return Err(format!(
                    "the property {key} is {other}, not a string: write it \"{other}\""
                ));
            }
        };
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| (BH_RANGE.0..=BH_RANGE.1).contains(v))
            .ok_or_else(|| {
                format!("the property {key} is \"{text}\", not between \"0.2\" and \"0.8\"")
            })
    };
    let low = read("acquisitionModeMinBH", min)?;
    let high = read("acquisitionModeMaxBH", max)?;
    if low > high {
        return Err(format!(
            "acquisitionModeMinBH \"{low}\" is above acquisitionModeMaxBH \"{high}\": the minimum comes first"
        ));
    }
    Ok((low, high))
}

/// What a segment key must agree with: the item's product (mission and offer) and AOI (inside
/// the key's footprint), and the criteria the item states, if it states any.
pub(crate) fn check_segment_binding(
    key: &SegmentKeyInfo,
    product: &ProductType,
    aoi: &CheckedAoi,
    stated_cloud: Option<f64>,
    stated_incidence: Option<f64>,
) -> Result<(), String> {
    if key.satellite.mission != product.mission {
        return Err(format!(
            "the segmentKey is a {} ({}) acquisition, not one of {}: run the attempts for {}",
            key.satellite.id,
            key.satellite.mission.api_name(),
            product.id,
            product.mission.api_name()
        ));
    }
    if key.offer != product.offer {
        return Err(format!(
            "the segmentKey comes from {} attempts, not {}: run the attempts with progTypeNames {}",
            key.offer.api_name(),
            product.id,
            product.offer.api_name()
        ));
    }
    if !footprint_covers(&key.footprint, aoi) {
        return Err(format!(
            "the AOI ({:.2} km²) is not inside the segment's footprint: the segmentKey was issued for another AOI; run the attempts for this one",
            aoi.measures.area_km2
        ));
    }
    for (name, stated, issued) in [
        ("maxCloudCover", stated_cloud, key.max_cloud_cover),
        ("maxIncidenceAngle", stated_incidence, key.max_incidence_deg),
    ] {
        if let Some(stated) = stated
            && (stated - issued).abs() > 1e-9
        {
            return Err(format!(
                "the item's {name} {stated} differs from the {issued} the segmentKey was issued for: run the attempts with {name} {stated}"
            ));
        }
    }
    Ok(())
}

/// Whether every position of the AOI lies inside a footprint ring (lon/lat).
pub(crate) fn footprint_covers(footprint: &[[f64; 2]], aoi: &CheckedAoi) -> bool {
    let ring: Vec<Coord> = footprint.iter().map(|&[x, y]| Coord { x, y }).collect();
    let polygon = Polygon::new(LineString::from(ring), Vec::new());
    let outline: Vec<Coord> = aoi
        .aoi
        .ring
        .iter()
        .map(|c| Coord { x: c.x, y: c.y })
        .collect();
    polygon.contains(&Polygon::new(LineString::from(outline), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::sim::geometry::checked_aoi_message;
    use crate::sandbox::sim::pricing::product_type;
    use crate::sandbox::sim::segments::{mission_attempts, read_segment_key, segment_key};
    use serde_json::json;
    use time::macros::datetime;

    fn rectangle(west: f64, south: f64, east: f64, north: f64) -> CheckedAoi {
        let ring = json!({"type": "Polygon", "coordinates": [[
            [west, south], [east, south], [east, north], [west, north], [west, south]]]});
        checked_aoi_message(&ring, "test").unwrap()
    }

    #[test]
    fn a_segment_key_binds_the_aoi_the_mission_the_offer_and_the_criteria() {
        // The guide's attempts AOI (about 132 km² at Toulouse).
        let toulouse = rectangle(1.3763809, 43.5453131, 1.5095901, 43.6561983);
        let now = datetime!(2026-12-01 00:00 UTC);
        let segments =
            mission_attempts(Mission::Pleiades, Offer::OneDay, &toulouse, now, now, 30.0);
        let segment = segments.first().expect("a Pléiades pass within 7 days");
        let key = read_segment_key(&segment_key(segment, 25.0, 30.0)).unwrap();
        let oneday = product_type("PleiadesTaskingOneDay").unwrap();
        assert_eq!(
            check_segment_binding(&key, oneday, &toulouse, None, None),
            Ok(())
        );
        assert_eq!(
            check_segment_binding(&key, oneday, &toulouse, Some(25.0), Some(30.0)),
            Ok(())
        );
        // A larger AOI at the same place (about 3,600 km²), and one in Australia.
        let larger = rectangle(1.1, 43.3, 1.9, 43.85);
        assert!(larger.measures.area_km2 > 3000.0);
        let australia = rectangle(120.488, -24.733, 120.665, -24.568);
        for other in [&larger, &australia] {
            let why = check_segment_binding(&key, oneday, other, None, None).unwrap_err();
            assert!(why.contains("not inside the segment's footprint"), "{why}");
        }
        // Another offer, another mission.
        let onenow = product_type("PleiadesTaskingOneNow").unwrap();
        let why = check_segment_binding(&key, onenow, &toulouse, None, None).unwrap_err();
        assert!(why.contains("comes from ONEDAY attempts"), "{why}");
        let spot = product_type("SpotTaskingOneDay").unwrap();
        let why = check_segment_binding(&key, spot, &toulouse, None, None).unwrap_err();
        assert!(why.contains("not one of SpotTaskingOneDay"), "{why}");
        // Criteria other than those the attempts were asked with.
        let why = check_segment_binding(&key, oneday, &toulouse, Some(10.0), None).unwrap_err();
        assert!(
            why.contains("maxCloudCover 10 differs from the 25"),
            "{why}"
        );
        assert_eq!((key.max_cloud_cover, key.max_incidence_deg), (25.0, 30.0));
    }

    #[test]
    fn the_automatic_window_applies_to_every_size() {
        let small = rectangle(1.4316559, 43.5688249, 1.4670181, 43.6019001);
        let (below, beyond) = size_errors(&small.measures, Mission::Spot, Offer::OneDay);
        assert_eq!(below[0].code, "ERR_MIN_AOI_AREA");
        assert_eq!(below[0].message(), "100");
        assert!(beyond.is_empty());
        assert!(
            size_errors(&small.measures, Mission::Spot, Offer::OnePlan)
                .0
                .is_empty()
        );
        let large = rectangle(1.1, 43.3, 1.9, 43.85);
        let (_, beyond) = size_errors(&large.measures, Mission::Pleiades, Offer::OneDay);
        let codes: Vec<&str> = beyond.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                "ERR_MAX_AOI_AREA",
                "ERR_MAX_AOI_HEIGHT",
                "ERR_MAX_AOI_WIDTH"
            ]
        );
    }

    #[test]
    fn feasibility_takes_only_oneplan_for_pleiades_and_spot() {
        for mission in [Mission::Pleiades, Mission::Spot] {
            assert_eq!(
                prog_type_offer(Endpoint::Feasibility, mission, "ONEPLAN"),
                Ok(Offer::OnePlan)
            );
            for name in ["ONEDAY", "ONENOW", "ONESERIES"] {
                let why = prog_type_offer(Endpoint::Feasibility, mission, name).unwrap_err();
                assert!(
                    why.contains("the accepted names are ONEPLAN (the tasking guide, Step 3)"),
                    "{why}"
                );
                assert!(
                    !why.contains("ONESERIES,") && !why.contains(", ONESERIES"),
                    "{why}"
                );
            }
        }
    }

    #[test]
    fn feasibility_for_neo_lists_the_guides_four_names() {
        for name in ["ONEPLAN", "ONEDAY", "ONENOWATTEMPTS", "ONENOWWEATHER"] {
            assert!(prog_type_offer(Endpoint::Feasibility, Mission::PleiadesNeo, name).is_ok());
        }
        let why =
            prog_type_offer(Endpoint::Feasibility, Mission::PleiadesNeo, "ONENOW").unwrap_err();
        assert!(
            why.contains(
                "ONEPLAN, ONEDAY, ONENOWATTEMPTS, ONENOWWEATHER (the tasking guide, Step 3)"
            ),
            "{why}"
        );
    }

    #[test]
    fn attempts_take_only_oneday_and_onenow() {
        assert_eq!(
            prog_type_offer(Endpoint::Attempts, Mission::Pleiades, "ONENOW"),
            Ok(Offer::OneNow)
        );
        assert_eq!(
            prog_type_offer(Endpoint::Attempts, Mission::PleiadesNeo, "ONENOWATTEMPTS"),
            Ok(Offer::OneNow)
        );
        let why = prog_type_offer(Endpoint::Attempts, Mission::Spot, "ONEPLAN").unwrap_err();
        assert!(
            why.contains("ONEDAY, ONENOW (the tasking guide, Step 4)"),
            "{why}"
        );
        assert!(
            prog_type_offer(Endpoint::Attempts, Mission::PleiadesNeo, "ONENOWWEATHER").is_err()
        );
    }

    #[test]
    fn stereo_only_with_oneplan_off_neo() {
        assert!(check_mode("STEREO", Mission::Spot, Offer::OnePlan).is_ok());
        assert!(check_mode("TRISTEREO", Mission::Pleiades, Offer::OnePlan).is_ok());
        assert!(check_mode("STEREO", Mission::Pleiades, Offer::OneDay).is_err());
        assert!(check_mode("STEREO", Mission::PleiadesNeo, Offer::OnePlan).is_err());
        assert!(check_mode("MONO", Mission::PleiadesNeo, Offer::OneNow).is_ok());
    }

    #[test]
    fn automatic_needs_mono_cloud_10_and_incidence_20() {
        let c = |max_cloud_cover, max_incidence_deg, mono| Criteria {
            max_cloud_cover,
            max_incidence_deg,
            mono,
        };
        assert!(c(10.0, 20.0, true).allow_automatic());
        assert!(!c(5.0, 30.0, true).allow_automatic());
        assert!(!c(20.0, 15.0, true).allow_automatic());
        assert!(!c(20.0, 30.0, false).allow_automatic());
        assert!(
            c(5.0, 30.0, true)
                .manual_reason()
                .unwrap()
                .contains("maxCloudCover 5")
        );
    }

    #[test]
    fn bh_ratios_are_strings_in_order_within_the_range() {
        let s = |v: &str| json!(v);
        assert_eq!(stereo_bh(Some(&s("0.2")), Some(&s("0.8"))), Ok((0.2, 0.8)));
        assert!(
            stereo_bh(Some(&json!(0.2)), Some(&s("0.8")))
                .unwrap_err()
                .contains("not a string")
        );
        assert!(
            stereo_bh(Some(&s("0.6")), Some(&s("0.3")))
                .unwrap_err()
                .contains("above")
        );
        assert!(
            stereo_bh(Some(&s("0.1")), Some(&s("0.8")))
                .unwrap_err()
                .contains("not between")
        );
        assert!(
            stereo_bh(None, Some(&s("0.8")))
                .unwrap_err()
                .contains("missing")
        );
    }
}
