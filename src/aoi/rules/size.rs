//! Size rules: what can be produced at all (errors), and per mission and offer, what goes to a
//! manual feasibility study or is billed as more than drawn (warnings).

use super::{Issue, Rule, ValidationContext};
use crate::aoi::measure::Measures;
use crate::aoi::mission::{
    MIN_PRODUCIBLE_AREA_KM2, MIN_PRODUCIBLE_WIDTH_KM, Mission, Offer, automatic_window,
    minimum_invoiced_area_km2,
};

/// Size issues of a measured AOI.
pub(super) fn check(measures: &Measures, context: &ValidationContext) -> Vec<Issue> {
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
    if measures.min_width_km < MIN_PRODUCIBLE_WIDTH_KM {
        issues.push(
            Issue::error(
                Rule::TooNarrow,
                format!(
                    "the AOI is {:.2} km wide at its narrowest; nothing under {MIN_PRODUCIBLE_WIDTH_KM} km wide can be produced: widen it",
                    measures.min_width_km
                ),
            )
            .at(measures.centroid),
        );
    }
    if !issues.is_empty() {
        return issues;
    }
    issues.extend(grouped(context, |mission, offer| {
        manual_reason(measures, mission, offer).map(|reason| {
            format!("{reason}: feasibility goes to a manual study by Airbus (slower, and priced only after it)")
        })
    }, Rule::ManualFeasibility, measures));
    issues.extend(grouped(context, |mission, offer| {
        let minimum = minimum_invoiced_area_km2(mission, offer);
        (area < minimum).then(|| {
            format!(
                "billed as {minimum:.0} km² (the minimum invoiced area), though the AOI covers {area:.1} km²"
            )
        })
    }, Rule::BilledArea, measures));
    issues
}

/// Why a mission/offer would not answer automatically, if it would not.
fn manual_reason(measures: &Measures, mission: Mission, offer: Offer) -> Option<String> {
    let window = automatic_window(mission, offer);
    let area = measures.area_km2;
    if area < window.min_area_km2 {
        return Some(format!(
            "area {area:.1} km² is under the automatic minimum of {} km²",
            window.min_area_km2
        ));
    }
    if let Some(max) = window.max_area_km2
        && area > max
    {
        return Some(format!(
            "area {area:.1} km² is over the automatic maximum of {max} km²"
        ));
    }
    if let Some(max) = window.max_height_km
        && measures.height_km > max
    {
        return Some(format!(
            "north-south height {:.1} km is over the automatic maximum of {max} km",
            measures.height_km
        ));
    }
    if let Some(max) = window.max_width_km
        && measures.width_km > max
    {
        return Some(format!(
            "east-west width {:.1} km is over the automatic maximum of {max} km",
            measures.width_km
        ));
    }
    None
}

/// One warning per distinct detail, naming every mission/offer it applies to.
fn grouped(
    context: &ValidationContext,
    detail: impl Fn(Mission, Offer) -> Option<String>,
    rule: Rule,
    measures: &Measures,
) -> Vec<Issue> {
    let mut groups: Vec<(String, Vec<(Mission, Offer)>)> = Vec::new();
    for &(mission, offer) in &context.targets {
        let Some(text) = detail(mission, offer) else {
            continue;
        };
        match groups.iter_mut().find(|(t, _)| *t == text) {
            Some((_, targets)) => targets.push((mission, offer)),
            None => groups.push((text, vec![(mission, offer)])),
        }
    }
    groups
        .into_iter()
        .map(|(text, targets)| {
            let who = describe_targets(&targets, &context.targets);
            Issue::warning(rule, format!("{who}: {text}")).at(measures.centroid)
        })
        .collect()
}

/// Names a set of (mission, offer) pairs briefly: "every mission and offer", "Pléiades (all
/// offers)", "SPOT 6/7 OneDay/OneNow".
pub fn describe_targets(targets: &[(Mission, Offer)], all: &[(Mission, Offer)]) -> String {
    if targets.len() == all.len() && all.len() > 1 {
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
