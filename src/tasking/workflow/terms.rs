//! The terms an order's confirmation names, in words, so that two orders that differ in
//! anything look different before they are sent: the attempt or the window, the cloud and
//! incidence limits, the acquisition mode (and B/H), the feasibility, every production option,
//! the billed area and why it differs from the AOI's, the order deadline.

use super::Workflow;
use crate::aoi::Aoi;
use crate::aoi::mission::{AcquisitionMode, Offer, minimum_invoiced_area_km2};
use crate::tasking::dates::utc_text;

/// One line of a confirmation: what, and its value in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// e.g. "Cloud cover".
    pub name: String,
    /// e.g. "at most 20 %".
    pub value: String,
}

fn term(name: &str, value: impl Into<String>) -> Term {
    Term {
        name: name.to_owned(),
        value: value.into(),
    }
}

/// `pansharpened_natural_color` as `pansharpened natural color`.
fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// A label the service writes as one CamelCase word (`DeliveryMethod`) in words (`Delivery
/// method`); any other label as it came.
fn spaced(label: &str) -> String {
    if label.contains(' ') {
        return label.to_owned();
    }
    let mut out = String::with_capacity(label.len() + 4);
    let mut previous_lower = false;
    for c in label.chars() {
        // A capital after a small letter starts a word; capitals together (DEM) stay together.
        if previous_lower && c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        previous_lower = c.is_lowercase();
    }
    out
}

impl Workflow {
    /// The terms of the order the form and the chosen attempt make, for `aoi`, billed
    /// `billed_km2` when the price says so.
    pub fn terms(&self, aoi: &Aoi, billed_km2: Option<f64>) -> Vec<Term> {
        let form = &self.form;
        let mut terms = Vec::new();
        let chosen = self
            .selection
            .chosen
            .and_then(|i| self.attempts.ready()?.attempts.get(i));
        match (form.offer, chosen) {
            (Offer::OnePlan, _) => terms.push(term(
                "Window",
                format!("{} to {} (UTC days)", form.start, form.end),
            )),
            (_, Some(attempt)) => {
                let solar = attempt
                    .local_solar_time
                    .as_deref()
                    .map_or(String::new(), |t| format!(", {t} local solar time"));
                let incidence = attempt
                    .incidence_deg
                    .map_or(String::new(), |a| format!(", incidence {a:.1}°"));
                terms.push(term(
                    "Attempt",
                    format!(
                        "{}, {}{solar}{incidence}",
                        attempt.satellite,
                        utc_text(attempt.acquisition)
                    ),
                ));
                terms.push(term("Order before", utc_text(attempt.order_deadline)));
                if attempt.footprint_problem.is_none() {
                    terms.push(term(
                        "Footprint",
                        format!("covers {:.0} % of the AOI", attempt.aoi_coverage * 100.0),
                    ));
                }
            }
            (_, None) => terms.push(term("Attempt", "none chosen")),
        }
        let mut cloud = format!("at most {:.0} %", form.max_cloud_pct);
        if form.offer == Offer::OnePlan {
            cloud.push_str(&format!(
                "; cloudier acquisitions up to {:.0} % are proposed for your decision",
                form.proposal_cloud_pct
            ));
        }
        terms.push(term("Cloud cover", cloud));
        terms.push(term(
            "Incidence",
            format!("at most {:.0}°", form.max_incidence_deg),
        ));
        let mode = match form.mode {
            AcquisitionMode::Mono => "mono".to_owned(),
            AcquisitionMode::Stereo => {
                format!("stereo, B/H {:.2} to {:.2}", form.min_bh, form.max_bh)
            }
            AcquisitionMode::Tristereo => {
                format!("tristereo, B/H {:.2} to {:.2}", form.min_bh, form.max_bh)
            }
        };
        terms.push(term("Acquisition mode", mode));
        if let Some(feasibility) = self.feasibility_answer() {
            let said = [&feasibility.automation, &feasibility.classification]
                .into_iter()
                .flatten()
                .map(|s| s.to_lowercase())
                .collect::<Vec<_>>()
                .join(", ");
            terms.push(term("Feasibility", said));
        }
        let labels = self.options.ready();
        for (key, value) in &form.options {
            let option = labels.and_then(|l| l.available_options.iter().find(|o| &o.name == key));
            let label = option
                .and_then(|o| o.label.as_deref())
                .map_or_else(|| words(key), spaced);
            // The service names each value (`{"id": "dimap_geotiff", "label": "DIMAP - GeoTIFF"}`):
            // its label is said, the code after it.
            let value_label = option
                .and_then(|o| o.constraint.as_ref())
                .and_then(|c| {
                    c.values
                        .iter()
                        .find(|v| v.get("id").and_then(serde_json::Value::as_str) == Some(value))
                })
                .and_then(|v| v.get("label")?.as_str());
            let said = match value_label {
                Some(label) => format!("{label} ({value})"),
                None => words(value),
            };
            terms.push(term(&label, said));
        }
        if let Some(billed) = billed_km2 {
            terms.push(term("Billed area", billed_area_text(self, aoi, billed)));
        }
        terms
    }
}

/// The billed area and, when it differs from the AOI's, why.
fn billed_area_text(flow: &Workflow, aoi: &Aoi, billed_km2: f64) -> String {
    let Some(measured) = crate::aoi::measure::measure(aoi).map(|m| m.area_km2) else {
        return format!("{billed_km2:.1} km²");
    };
    let minimum = minimum_invoiced_area_km2(flow.form.mission, flow.form.offer);
    if (billed_km2 - measured).abs() < 0.05 {
        format!("{billed_km2:.1} km², the AOI's area")
    } else if billed_km2 > measured && (billed_km2 - minimum).abs() < 0.05 {
        format!(
            "{billed_km2:.1} km²: the AOI is {measured:.1} km², less than the {minimum:.0} km² {} bills at least",
            flow.form.mission.label()
        )
    } else {
        format!(
            "{billed_km2:.1} km² as Airbus measures the AOI; sattask measures {measured:.1} km² on the ellipsoid ({:+.1} %)",
            (billed_km2 - measured) / measured * 100.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::spaced;

    #[test]
    fn a_camel_case_label_is_said_in_words() {
        assert_eq!(spaced("DeliveryMethod"), "Delivery method");
        assert_eq!(spaced("Image Format"), "Image Format");
        assert_eq!(spaced("DEM"), "DEM");
        assert_eq!(spaced("OntheFlow"), "Onthe flow");
    }
}
