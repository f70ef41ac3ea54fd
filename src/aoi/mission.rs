//! Missions, tasking offers and the providers' size rules: the automatic-feasibility windows and
//! the minimum invoiced area (API-FACTS.md, from the OneAtlas tasking guide).

use serde::{Deserialize, Serialize};

/// A satellite family a person can task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mission {
    /// Pléiades 1A/1B (50 cm).
    Pleiades,
    /// Pléiades Neo 3/4 (30 cm). Written as the API writes it; earlier project files wrote
    /// `PLEIADES_NEO`, still read.
    #[serde(rename = "PLEIADESNEO", alias = "PLEIADES_NEO")]
    PleiadesNeo,
    /// SPOT 6/7 (1.5 m).
    Spot,
}

/// A tasking offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Offer {
    /// Acquisition over a window of weeks or months.
    OnePlan,
    /// First attempt the next day.
    OneDay,
    /// The fastest attempt.
    OneNow,
}

impl Mission {
    /// All missions, in the order they are shown.
    pub const ALL: [Mission; 3] = [Mission::PleiadesNeo, Mission::Pleiades, Mission::Spot];

    /// The name the API uses (`missions[]` of a feasibility request).
    pub fn api_name(self) -> &'static str {
        match self {
            Mission::Pleiades => "PLEIADES",
            Mission::PleiadesNeo => "PLEIADESNEO",
            Mission::Spot => "SPOT",
        }
    }

    /// The name a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Mission::Pleiades => "Pléiades",
            Mission::PleiadesNeo => "Pléiades Neo",
            Mission::Spot => "SPOT 6/7",
        }
    }

    /// Parses an API or human name, case-insensitively.
    pub fn parse(text: &str) -> Option<Mission> {
        let key: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        match key.as_str() {
            "PLEIADES" | "PHR" => Some(Mission::Pleiades),
            "PLEIADESNEO" | "PNEO" | "NEO" => Some(Mission::PleiadesNeo),
            "SPOT" | "SPOT67" => Some(Mission::Spot),
            _ => None,
        }
    }
}

/// A mission as the service names it (`PLEIADESNEO`) in words (`Pléiades Neo`); a name it
/// does not know, as it came.
pub fn mission_words(code: &str) -> String {
    Mission::parse(code).map_or_else(|| code.to_owned(), |m| m.label().to_owned())
}

/// An offer as the service names it (`ONENOWATTEMPTS`) in words (`OneNow`); a name it does not
/// know, as it came.
pub fn offer_words(code: &str) -> String {
    Offer::parse(code).map_or_else(|| code.to_owned(), |o| o.label().to_owned())
}

impl Offer {
    /// All offers, in the order they are shown.
    pub const ALL: [Offer; 3] = [Offer::OneDay, Offer::OneNow, Offer::OnePlan];

    /// The name the API uses (`progTypeNames[]`).
    pub fn api_name(self) -> &'static str {
        match self {
            Offer::OnePlan => "ONEPLAN",
            Offer::OneDay => "ONEDAY",
            Offer::OneNow => "ONENOW",
        }
    }

    /// The name a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Offer::OnePlan => "OnePlan",
            Offer::OneDay => "OneDay",
            Offer::OneNow => "OneNow",
        }
    }

    /// Parses an API or human name, case-insensitively (ONENOWATTEMPTS and ONENOWWEATHER are OneNow).
    pub fn parse(text: &str) -> Option<Offer> {
        let key = text.to_ascii_uppercase().replace(['_', '-', ' '], "");
        match key.as_str() {
            "ONEPLAN" => Some(Offer::OnePlan),
            "ONEDAY" => Some(Offer::OneDay),
            "ONENOW" | "ONENOWATTEMPTS" | "ONENOWWEATHER" => Some(Offer::OneNow),
            _ => None,
        }
    }
}

/// The AOI size range in which a feasibility is answered automatically; outside it a person at
/// Airbus studies the request by hand (slower, and no price until then).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutomaticWindow {
    /// Smallest AOI area, km².
    pub min_area_km2: f64,
    /// Largest AOI area, km² (`None`: no maximum).
    pub max_area_km2: Option<f64>,
    /// Largest north-south extent, km.
    pub max_height_km: Option<f64>,
    /// Largest east-west extent, km.
    pub max_width_km: Option<f64>,
}

/// Production is impossible below this area, whatever the offer.
pub const MIN_PRODUCIBLE_AREA_KM2: f64 = 5.0;
/// Production is impossible below this width, whatever the offer.
pub const MIN_PRODUCIBLE_WIDTH_KM: f64 = 1.0;
/// The most distinct vertices an AOI may have.
pub const MAX_VERTICES: usize = 999;

/// The automatic-feasibility window of a mission and offer.
pub fn automatic_window(mission: Mission, offer: Offer) -> AutomaticWindow {
    if offer == Offer::OnePlan {
        return AutomaticWindow {
            min_area_km2: MIN_PRODUCIBLE_AREA_KM2,
            max_area_km2: None,
            max_height_km: None,
            max_width_km: None,
        };
    }
    // Pléiades' minimum is the tasking guide's attempts error example ("PLEIADES", "ONEDAY",
    // ERR_MIN_AOI_AREA "24.5"), where API-FACTS.md's table says 25: the guide's example wins.
    let (min_area_km2, max_area_km2, max_height_km, max_width_km) = match mission {
        Mission::PleiadesNeo => (24.5, 400.0, 30.0, 13.0),
        Mission::Pleiades => (24.5, 800.0, 40.0, 18.9),
        Mission::Spot => (100.0, 7200.0, 120.0, 50.0),
    };
    AutomaticWindow {
        min_area_km2,
        max_area_km2: Some(max_area_km2),
        max_height_km: Some(max_height_km),
        max_width_km: Some(max_width_km),
    }
}

/// The smallest area invoiced for a tasking order, km²: 500 for SPOT (API-FACTS.md's table for
/// OneDay and OneNow; the tasking guide's SPOT OnePlan price example bills a 10.5 km² AOI as
/// `areaKm2: 500.0`), 100 for Pléiades and Pléiades Neo. The sandbox's prices use this figure
/// too, so the `billed_area` warning and the price agree.
pub fn minimum_invoiced_area_km2(mission: Mission, _offer: Offer) -> f64 {
    match mission {
        Mission::Spot => 500.0,
        Mission::Pleiades | Mission::PleiadesNeo => 100.0,
    }
}

/// What a person pays for: the larger of the real area and the minimum invoiced area.
pub fn billed_area_km2(area_km2: f64, mission: Mission, offer: Offer) -> f64 {
    area_km2.max(minimum_invoiced_area_km2(mission, offer))
}

/// MONO, STEREO or TRISTEREO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AcquisitionMode {
    /// One image.
    #[default]
    Mono,
    /// Two images for 3D.
    Stereo,
    /// Three images for 3D in steep terrain.
    Tristereo,
}

impl AcquisitionMode {
    /// Every mode.
    pub const ALL: [AcquisitionMode; 3] = [
        AcquisitionMode::Mono,
        AcquisitionMode::Stereo,
        AcquisitionMode::Tristereo,
    ];

    /// The API's name.
    pub fn api_name(self) -> &'static str {
        match self {
            AcquisitionMode::Mono => "MONO",
            AcquisitionMode::Stereo => "STEREO",
            AcquisitionMode::Tristereo => "TRISTEREO",
        }
    }

    /// A mode by its API name, in any case.
    pub fn parse(text: &str) -> Option<AcquisitionMode> {
        AcquisitionMode::ALL
            .into_iter()
            .find(|m| m.api_name().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether the guide allows it for a mission and offer: stereo and tristereo only with
    /// OnePlan, and not on Pléiades Neo.
    pub fn allowed(self, mission: Mission, offer: Offer) -> bool {
        self == AcquisitionMode::Mono
            || (offer == Offer::OnePlan && mission != Mission::PleiadesNeo)
    }
}

/// The endpoint a progType name is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /api/v1/feasibility`.
    Feasibility,
    /// `POST /api/v1/attempts`.
    Attempts,
}

/// The progType names an endpoint accepts for a mission: feasibility as the guide's Step 3
/// lists them (Pléiades Neo: ONEPLAN, ONEDAY, ONENOWATTEMPTS, ONENOWWEATHER; SPOT and Pléiades:
/// ONEPLAN), attempts as Step 4 says ("only for ONEDAY and ONENOW"; Pléiades Neo's OneNow with
/// attempts is ONENOWATTEMPTS).
pub fn prog_types(endpoint: Endpoint, mission: Mission) -> &'static [&'static str] {
    match (endpoint, mission) {
        (Endpoint::Feasibility, Mission::PleiadesNeo) => {
            &["ONEPLAN", "ONEDAY", "ONENOWATTEMPTS", "ONENOWWEATHER"]
        }
        (Endpoint::Feasibility, _) => &["ONEPLAN"],
        (Endpoint::Attempts, Mission::PleiadesNeo) => &["ONEDAY", "ONENOWATTEMPTS"],
        (Endpoint::Attempts, _) => &["ONEDAY", "ONENOW"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missions_and_modes_are_written_as_the_api_writes_them() {
        assert_eq!(
            serde_json::to_string(&Mission::PleiadesNeo).unwrap(),
            "\"PLEIADESNEO\""
        );
        // A project file written before still reads.
        let old: Mission = serde_json::from_str("\"PLEIADES_NEO\"").unwrap();
        assert_eq!(old, Mission::PleiadesNeo);
        for mission in Mission::ALL {
            let text = serde_json::to_string(&mission).unwrap();
            assert_eq!(text, format!("\"{}\"", mission.api_name()));
        }
        for mode in AcquisitionMode::ALL {
            let text = serde_json::to_string(&mode).unwrap();
            assert_eq!(text, format!("\"{}\"", mode.api_name()));
            assert_eq!(
                AcquisitionMode::parse(&mode.api_name().to_lowercase()),
                Some(mode)
            );
        }
        assert_eq!(AcquisitionMode::parse("BISTEREO"), None);
    }

    #[test]
    fn billed_area_is_at_least_the_minimum() {
        assert_eq!(billed_area_km2(30.0, Mission::Spot, Offer::OneDay), 500.0);
        // The guide's SPOT OnePlan price example: 10.5 km² billed as 500.
        assert_eq!(billed_area_km2(10.5, Mission::Spot, Offer::OnePlan), 500.0);
        assert_eq!(
            billed_area_km2(30.0, Mission::Pleiades, Offer::OnePlan),
            100.0
        );
        assert_eq!(
            billed_area_km2(130.0, Mission::Pleiades, Offer::OneDay),
            130.0
        );
    }

    #[test]
    fn names_parse_both_ways() {
        for mission in Mission::ALL {
            assert_eq!(Mission::parse(mission.api_name()), Some(mission));
        }
        for offer in Offer::ALL {
            assert_eq!(Offer::parse(offer.api_name()), Some(offer));
        }
        assert_eq!(Offer::parse("OneNowAttempts"), Some(Offer::OneNow));
    }
}
