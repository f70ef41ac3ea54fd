//! Size rules: what can be produced at all (errors), and per mission and offer, what goes to a
//! manual feasibility study or is billed as more than drawn (warnings).

use super::{Issue, Rule, ValidationContext};
use crate::aoi::measure::Size;
use crate::aoi::mission::{
    MIN_PRODUCIBLE_AREA_KM2, MIN_PRODUCIBLE_WIDTH_KM, Mission, Offer, automatic_window,
    minimum_invoiced_area_km2,
};

/// Size issues of a measured AOI; `narrowest_km` is its narrowest width where that was needed
/// (`None` when the AOI is known to be wide enough).
pub(super) fn check(
    measures: &Size,
    narrowest_km: Option<f64>,
    context: &ValidationContext,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    let area = measures.area_km2;
    if area < MIN_PRODUCIBLE_AREA_KM2 {
        issues.push(
            Issue::error(
                Rule::AreaTooSmall,
                format!(
                    "the AOI covers {area:.2} km²; nothing under {MIN_PRODUCIBLE_AREA_KM2} km² can be produced: enlarge it"
                ),
            )
            .at(measures.centroid),
        );
    }
    if let Some(narrowest_km) = narrowest_km
        && narrowest_km < MIN_PRODUCIBLE_WIDTH_KM
    {
        issues.push(
            Issue::error(
                Rule::TooNarrow,
                format!(
                    "the AOI is {narrowest_km:.2} km wide at its narrowest; nothing under {MIN_PRODUCIBLE_WIDTH_KM} km wide can be produced: widen it"
                ),
            )
            .at(measures.centroid),
        );
    }
    if !issues.is_empty() {
        return issues;
    }
    issues.extend(grouped(
        context,
        |mission, offer| manual_reason(measures, mission, offer),
        |reason| {
            format!(
                "{}: feasibility goes to a manual study by Airbus (slower, and priced only after it)",
                reason.describe(measures)
            )
        },
        Rule::ManualFeasibility,
        measures,
    ));
    issues.extend(grouped(
        context,
        |mission, offer| {
            let minimum = minimum_invoiced_area_km2(mission, offer);
            (area < minimum).then_some(minimum)
        },
        |minimum| {
            format!(
                "billed as {minimum:.0} km² (the minimum invoiced area), though the AOI covers {area:.1} km²"
            )
        },
        Rule::BilledArea,
        measures,
    ));
    issues
}

/// Why a mission/offer would not answer automatically: the limit the AOI is beyond.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ManualReason {
    AreaUnder(f64),
    AreaOver(f64),
    HeightOver(f64),
    WidthOver(f64),
}

impl ManualReason {
    fn describe(self, measures: &Size) -> String {
        let area = measures.area_km2;
        match self {
            ManualReason::AreaUnder(min) => {
                format!("area {area:.1} km² is under the automatic minimum of {min} km²")
            }
            ManualReason::AreaOver(max) => {
                format!("area {area:.1} km² is over the automatic maximum of {max} km²")
            }
            ManualReason::HeightOver(max) => format!(
                "north-south height {:.1} km is over the automatic maximum of {max} km",
                measures.height_km
            ),
            ManualReason::WidthOver(max) => format!(
                "east-west width {:.1} km is over the automatic maximum of {max} km",
                measures.width_km
            ),
        }
    }
}

/// Why a mission/offer would not answer automatically, if it would not.
fn manual_reason(measures: &Size, mission: Mission, offer: Offer) -> Option<ManualReason> {
    let window = automatic_window(mission, offer);
    let area = measures.area_km2;
    if area < window.min_area_km2 {
        return Some(ManualReason::AreaUnder(window.min_area_km2));
    }
    if let Some(max) = window.max_area_km2
        && area > max
    {
        return Some(ManualReason::AreaOver(max));
    }
    if let Some(max) = window.max_height_km
        && measures.height_km > max
    {
        return Some(ManualReason::HeightOver(max));
    }
    if let Some(max) = window.max_width_km
        && measures.width_km > max
    {
        return Some(ManualReason::WidthOver(max));
    }
    None
}

/// One warning per distinct detail, naming every mission/offer it applies to: details are
/// compared first and written once per group.
fn grouped<K: PartialEq>(
    context: &ValidationContext,
    detail: impl Fn(Mission, Offer) -> Option<K>,
    text: impl Fn(&K) -> String,
    rule: Rule,
    measures: &Size,
) -> Vec<Issue> {
    let mut groups: Vec<(K, Vec<(Mission, Offer)>)> = Vec::new();
    for &(mission, offer) in &context.targets {
        let Some(key) = detail(mission, offer) else {
            continue;
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, targets)) => targets.push((mission, offer)),
            None => groups.push((key, vec![(mission, offer)])),
        }
    }
    groups
        .into_iter()
        .map(|(key, targets)| {
            let who = describe_targets(&targets, &context.targets);
            Issue::warning(rule, format!("{who}: {}", text(&key))).at(measures.centroid)
        })
        .collect()
}

/// Names a set of (mission, offer) pairs briefly: "every mission and offer", "Pléiades (all
/// offers)", "SPOT 6/7 OneDay/OneNow".
pub fn describe_targets(targets: &[(Mission, Offer)], all: &[(Mission, Offer)]) -> String {
    // "every mission and offer" only when nothing was narrowed; `--mission PLEIADES` names
    // Pléiades (all offers) instead.
    let everything = Mission::ALL.len() * Offer::ALL.len();
    if targets.len() == all.len() && all.len() == everything {
        return "every mission and offer".to_owned();
    }
    let mut parts = Vec::new();
    for mission in Mission::ALL {
        let offers: Vec<Offer> = targets
            .iter()
            .filter(|t| t.0 == mission)
            .map(|t| t.1)
            .collect();
        if offers.is_empty() {
            continue;
        }
        let considered = all.iter().filter(|t| t.0 == mission).count();
        if offers.len() == considered && considered > 1 {
            parts.push(format!("{} (all offers)", mission.label()));
        } else {
            let names: Vec<&str> = offers.iter().map(|o| o.label()).collect();
            parts.push(format!("{} {}", mission.label(), names.join("/")));
        }
    }
    parts.join(", ")
}
