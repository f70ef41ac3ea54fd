//! The tasking form a person fills in the window: contract, mission, offer, window, cloud,
//! incidence, acquisition mode. Kept with the project (the answers are not: they expire).

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, Time};

use crate::aoi::mission::{AcquisitionMode, Mission, Offer};

/// What the person asks for. Defaults are what a careful buyer starts from: Pléiades OneDay,
/// tomorrow on for a month, 20 % cloud, 30° incidence, mono.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskingForm {
    /// The contract to task on.
    pub contract: Option<String>,
    /// The mission.
    pub mission: Mission,
    /// The offer.
    pub offer: Offer,
    /// First day of the window (UTC).
    pub start: Date,
    /// Last day of the window (UTC, inclusive); OnePlan only (attempts look 7 days ahead).
    pub end: Date,
    /// Maximum cloud cover, percent.
    pub max_cloud_pct: f64,
    /// Maximum incidence angle, degrees.
    pub max_incidence_deg: f64,
    /// OnePlan: an acquisition cloudier than the maximum but up to this is proposed for a
    /// decision rather than dropped (`notificationThreshold`), percent.
    pub proposal_cloud_pct: f64,
    /// MONO, STEREO, TRISTEREO.
    pub mode: AcquisitionMode,
    /// Stereo: the least base-to-height ratio accepted (0.2 to 0.8).
    pub min_bh: f64,
    /// Stereo: the greatest base-to-height ratio accepted (0.2 to 0.8).
    pub max_bh: f64,
    /// Production options chosen (key, value), kept across answers.
    pub options: Vec<(String, String)>,
}

impl Default for TaskingForm {
    fn default() -> Self {
        TaskingForm::starting(OffsetDateTime::now_utc())
    }
}

impl TaskingForm {
    /// The defaults for a form filled at `now`.
    pub fn starting(now: OffsetDateTime) -> Self {
        let tomorrow = now.date() + Duration::days(1);
        TaskingForm {
            contract: None,
            mission: Mission::Pleiades,
            offer: Offer::OneDay,
            start: tomorrow,
            end: tomorrow + Duration::days(30),
            max_cloud_pct: 20.0,
            max_incidence_deg: 30.0,
            proposal_cloud_pct: 40.0,
            mode: AcquisitionMode::Mono,
            min_bh: 0.2,
            max_bh: 0.8,
            options: Vec::new(),
        }
    }

    /// The form as saved, with a window that has passed moved to start tomorrow (same length).
    pub fn refreshed(mut self, now: OffsetDateTime) -> Self {
        let tomorrow = now.date() + Duration::days(1);
        if self.start < tomorrow {
            let length = self.end - self.start;
            self.start = tomorrow;
            self.end = tomorrow + length.max(Duration::ZERO);
        }
        self
    }

    /// The window's start, midnight UTC.
    pub fn start_at(&self) -> OffsetDateTime {
        self.start.with_time(Time::MIDNIGHT).assume_utc()
    }

    /// The window's end, the end of its last day UTC.
    pub fn end_at(&self) -> OffsetDateTime {
        (self.end + Duration::days(1))
            .with_time(Time::MIDNIGHT)
            .assume_utc()
            - Duration::milliseconds(1)
    }

    /// The product type for the mission and offer, as the contracts list them.
    pub fn product(&self) -> &'static str {
        product_type(self.mission, self.offer)
    }

    /// What is wrong with the form, in words, or `None` when it can be sent.
    pub fn problem(&self) -> Option<String> {
        if self.contract.is_none() {
            return Some("choose a contract first".to_owned());
        }
        if self.offer == Offer::OnePlan && self.end < self.start {
            return Some("the window ends before it starts: move the end date".to_owned());
        }
        if !(0.0..=100.0).contains(&self.max_cloud_pct) {
            return Some("maximum cloud cover is a percentage, 0 to 100".to_owned());
        }
        if !(0.0..=60.0).contains(&self.max_incidence_deg) {
            return Some("maximum incidence is an angle from 0° to 60°".to_owned());
        }
        if self.mode != AcquisitionMode::Mono
            && !(0.2 <= self.min_bh && self.min_bh <= self.max_bh && self.max_bh <= 0.8)
        {
            return Some("the B/H ratios go from 0.2 to 0.8, the least first".to_owned());
        }
        if !self.mode.allowed(self.mission, self.offer) {
            return Some(format!(
                "{} needs OnePlan on Pléiades or SPOT: choose MONO or change the offer",
                self.mode.api_name()
            ));
        }
        None
    }
}

/// A B/H ratio as the guide writes it: a string, "0.2" to "0.8".
pub fn bh_text(ratio: f64) -> String {
    let text = format!("{:.2}", ratio.clamp(0.2, 0.8));
    text.trim_end_matches('0').to_owned()
}

/// The product type id of a mission and offer (OneNow on Pléiades Neo: the attempts flavour).
pub fn product_type(mission: Mission, offer: Offer) -> &'static str {
    match (mission, offer) {
        (Mission::Pleiades, Offer::OneDay) => "PleiadesTaskingOneDay",
        (Mission::Pleiades, Offer::OneNow) => "PleiadesTaskingOneNow",
        (Mission::Pleiades, Offer::OnePlan) => "PleiadesTaskingOnePlan",
        (Mission::Spot, Offer::OneDay) => "SpotTaskingOneDay",
        (Mission::Spot, Offer::OneNow) => "SpotTaskingOneNow",
        (Mission::Spot, Offer::OnePlan) => "SpotTaskingOnePlan",
        (Mission::PleiadesNeo, Offer::OneDay) => "PleiadesNeoOneDay",
        (Mission::PleiadesNeo, Offer::OneNow) => "PleiadesNeoOneNowAttempts",
        (Mission::PleiadesNeo, Offer::OnePlan) => "PleiadesNeoOnePlan",
    }
}

/// The mission and offer of a product type id, if it is one `product_type` gives.
pub fn mission_offer_of(product: &str) -> Option<(Mission, Offer)> {
    Mission::ALL
        .into_iter()
        .flat_map(|m| Offer::ALL.into_iter().map(move |o| (m, o)))
        .find(|&(m, o)| product_type(m, o) == product)
}

/// The offer name an attempts or feasibility request carries (`progTypeNames`).
pub fn prog_type_name(mission: Mission, offer: Offer) -> &'static str {
    match (mission, offer) {
        (Mission::PleiadesNeo, Offer::OneNow) => "ONENOWATTEMPTS",
        (_, offer) => offer.api_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn defaults_start_tomorrow_and_need_a_contract() {
        let form = TaskingForm::starting(datetime!(2026-11-30 10:00 UTC));
        assert_eq!(form.start_at(), datetime!(2026-12-01 00:00 UTC));
        assert_eq!(form.end_at(), datetime!(2026-12-31 23:59:59.999 UTC));
        assert_eq!(form.problem().as_deref(), Some("choose a contract first"));
        let form = TaskingForm {
            contract: Some("C".into()),
            ..form
        };
        assert_eq!(form.problem(), None);
    }

    #[test]
    fn stereo_only_with_oneplan_off_neo() {
        assert!(AcquisitionMode::Stereo.allowed(Mission::Pleiades, Offer::OnePlan));
        assert!(!AcquisitionMode::Stereo.allowed(Mission::Pleiades, Offer::OneDay));
        assert!(!AcquisitionMode::Tristereo.allowed(Mission::PleiadesNeo, Offer::OnePlan));
        let form = TaskingForm {
            contract: Some("C".into()),
            mode: AcquisitionMode::Stereo,
            ..TaskingForm::starting(datetime!(2026-11-30 10:00 UTC))
        };
        assert!(form.problem().is_some_and(|p| p.contains("OnePlan")));
    }

    #[test]
    fn bh_ratios_are_written_as_the_guide_shows_them() {
        assert_eq!(bh_text(0.2), "0.2");
        assert_eq!(bh_text(0.35), "0.35");
        assert_eq!(bh_text(0.95), "0.8");
        let form = TaskingForm {
            contract: Some("C".into()),
            offer: Offer::OnePlan,
            mode: AcquisitionMode::Stereo,
            min_bh: 0.6,
            max_bh: 0.3,
            ..TaskingForm::starting(datetime!(2026-11-30 10:00 UTC))
        };
        assert!(form.problem().is_some_and(|p| p.contains("B/H")));
    }

    #[test]
    fn a_form_survives_the_project_file() {
        let form = TaskingForm {
            contract: Some("CTR".into()),
            options: vec![("processing_level".into(), "ortho".into())],
            ..TaskingForm::starting(datetime!(2026-11-30 10:00 UTC))
        };
        let text = serde_json::to_string(&form).unwrap();
        assert_eq!(serde_json::from_str::<TaskingForm>(&text).unwrap(), form);
    }
}
