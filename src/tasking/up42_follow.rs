//! Following one UP42 tasking order, as plain values: what waits for the person (a feasibility
//! study to decide, a quotation to accept or reject), a study's options with what choosing one
//! does and costs (in the API's words: UP42 gives an option's description, and the quotation
//! that follows carries the price), and the order's coverage in words. No UI.

use serde_json::Value;

use crate::api::ids::OrderId;
use crate::api::up42::StacItem;
use crate::api::up42::models::{FeasibilityStudy, OrderCoverage, Quotation, Up42Order};

/// What an order waits for from the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Waiting {
    /// Its feasibility study is uploaded: an option is to be chosen.
    Study,
    /// Its quotation is uploaded: to be accepted or rejected.
    Quotation,
}

impl Waiting {
    /// In words, after the order's name.
    pub fn words(self) -> &'static str {
        match self {
            Waiting::Study => "its feasibility study waits for you: choose an option",
            Waiting::Quotation => "its quotation waits for you: accept or reject it",
        }
    }
}

/// Whether an order's status says it is over: canceled, failed for good, or fulfilled (nothing
/// is decided on it any more).
pub fn ended(status: Option<&str>) -> bool {
    status.is_some_and(|s| {
        matches!(
            s,
            "CANCELED" | "CANCELLED" | "FAILED_PERMANENTLY" | "PLACEMENT_FAILED" | "FULFILLED"
        )
    })
}

/// What an order waits for from the person, from its status and sub-status (the SDK's
/// `OrderStatus` and `OrderSubStatus`): none once it is canceled or failed for good.
pub fn waiting(status: Option<&str>, sub_status: Option<&str>) -> Option<Waiting> {
    if ended(status) {
        return None;
    }
    match sub_status? {
        "FEASIBILITY_WAITING_RESPONSE" => Some(Waiting::Study),
        "QUOTATION_WAITING_RESPONSE" => Some(Waiting::Quotation),
        _ => None,
    }
}

/// What a UP42 order waits for from the person.
pub fn order_waiting(order: &Up42Order) -> Option<Waiting> {
    waiting(order.status.as_deref(), order.sub_status())
}

/// The orders that wait for the person, with what each waits for.
pub fn waiting_orders<'a>(
    orders: impl IntoIterator<Item = &'a Up42Order>,
) -> Vec<(OrderId, Waiting)> {
    orders
        .into_iter()
        .filter_map(|o| Some((o.id.clone(), order_waiting(o)?)))
        .collect()
}

/// The heading's count: "2 wait for you", or `None` when none does.
pub fn waiting_count_words(waiting: &[(OrderId, Waiting)]) -> Option<String> {
    match waiting.len() {
        0 => None,
        1 => Some("1 waits for you".to_owned()),
        n => Some(format!("{n} wait for you")),
    }
}

/// The watch's line when something new waits since the last look (`before`; `None` the first
/// time): "UP42: 2 orders wait for you (1 feasibility study to decide, 1 quotation to accept or
/// reject)". `None` when nothing new waits.
pub fn newly_waiting_notice(
    before: Option<&[(OrderId, Waiting)]>,
    after: &[(OrderId, Waiting)],
) -> Option<String> {
    let new = after
        .iter()
        .any(|w| before.is_none_or(|before| !before.contains(w)));
    if !new {
        return None;
    }
    let studies = after.iter().filter(|(_, w)| *w == Waiting::Study).count();
    let quotations = after.len() - studies;
    let mut parts = Vec::new();
    if studies > 0 {
        parts.push(plural(studies, "feasibility study", "feasibility studies") + " to decide");
    }
    if quotations > 0 {
        parts.push(plural(quotations, "quotation", "quotations") + " to accept or reject");
    }
    let orders = if after.len() == 1 {
        "1 order waits".to_owned()
    } else {
        format!("{} orders wait", after.len())
    };
    Some(format!(
        "UP42: {orders} for you ({}); see Quotations, UP42 orders",
        parts.join(", ")
    ))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// One option of a feasibility study, as UP42 gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyOption {
    /// Its id (what is sent as `acceptedOptionId`).
    pub id: String,
    /// Its description, in UP42's words.
    pub description: String,
    /// Any other field UP42 gives with it (a price, a date...), as "name: value".
    pub other: Vec<String>,
}

/// The options of a study that can be read (an option without an id cannot be chosen).
pub fn study_options(study: &FeasibilityStudy) -> Vec<StudyOption> {
    study
        .options
        .iter()
        .filter_map(|option| {
            let id = option.get("id").and_then(scalar_text)?;
            let description = option
                .get("description")
                .and_then(scalar_text)
                .unwrap_or_else(|| "(no description given)".to_owned());
            let other = option
                .as_object()
                .map(|fields| {
                    fields
                        .iter()
                        .filter(|(k, _)| !matches!(k.as_str(), "id" | "description"))
                        .map(|(k, v)| format!("{k}: {}", scalar_text(v).unwrap_or(v.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            Some(StudyOption {
                id,
                description,
                other,
            })
        })
        .collect()
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether an option of the study can still be chosen (UP42 takes one choice, while
/// `NOT_DECIDED`).
pub fn study_undecided(study: &FeasibilityStudy) -> bool {
    // The SDK's FeasibilityStatus always carries a decision; one that says none is not offered.
    study
        .decision
        .as_deref()
        .is_some_and(|d| d.eq_ignore_ascii_case("NOT_DECIDED"))
}

/// The option a decided study was decided with (`decisionOption`), in words.
pub fn chosen_option_words(study: &FeasibilityStudy) -> Option<String> {
    let option = study.other.get("decisionOption")?;
    let description = option.get("description").and_then(scalar_text);
    let id = option.get("id").and_then(scalar_text)?;
    Some(match description {
        Some(d) => format!("chosen: {d} ({id})"),
        None => format!("chosen: option {id}"),
    })
}

/// What choosing an option costs, said before it is confirmed: UP42 gives no price with an
/// option; the quotation it prepares next carries the credits.
pub fn choosing_costs(option_other: &[String]) -> String {
    let given = if option_other.is_empty() {
        String::new()
    } else {
        format!(" UP42 gives with this option: {}.", option_other.join(", "))
    };
    format!(
        "Choosing spends no credits by itself: UP42 then prepares a quotation priced for this option, and nothing is spent until you accept that quotation.{given}"
    )
}

/// The quotations of one order, newest first as UP42 lists them: the one to decide first.
pub fn quotation_to_show(quotations: &[Quotation]) -> Option<&Quotation> {
    quotations
        .iter()
        .find(|q| q.is_undecided())
        .or_else(|| quotations.first())
}

/// The order's coverage in words: "acquired 50 % of the AOI (66.2 km²), 66.2 km² still to
/// acquire".
pub fn coverage_words(coverage: &OrderCoverage) -> String {
    let covered = &coverage.covered;
    let remainder = &coverage.remainder;
    let pct = covered.percentage.number();
    let km2 = covered.sq_km_area.number();
    let left = remainder.sq_km_area.number();
    let acquired = match (pct, km2) {
        (Some(p), Some(a)) => format!("acquired {p:.0} % of the AOI ({a:.1} km²)"),
        (Some(p), None) => format!("acquired {p:.0} % of the AOI"),
        (None, Some(a)) => format!("acquired {a:.1} km² of the AOI"),
        (None, None) => "acquired: not said by UP42".to_owned(),
    };
    match left {
        Some(l) if l > 0.0 => format!("{acquired}, {l:.1} km² still to acquire"),
        Some(_) => format!("{acquired}, nothing left to acquire"),
        None => acquired,
    }
}

/// The order's coverage as the detail says it: "Delivered: ..." once it is fulfilled, with
/// when, else "Coverage: ...".
pub fn delivery_words(order: Option<&Up42Order>, coverage: &OrderCoverage) -> String {
    let words = coverage_words(coverage);
    match order {
        Some(o) if o.status.as_deref() == Some("FULFILLED") => {
            let when = o
                .updated_at
                .as_deref()
                .map(|d| format!("; fulfilled {}", crate::tasking::dates::api_date_text(d)))
                .unwrap_or_default();
            format!("Delivered: {words}{when}")
        }
        _ => format!("Coverage: {words}"),
    }
}

/// What the window knows of one order it follows: its studies, its quotations and its
/// coverage (which UP42 may not give before the first acquisition: then why not).
#[derive(Debug, Clone, PartialEq)]
pub struct Up42Detail {
    /// The order.
    pub order: OrderId,
    /// Its feasibility studies (none for a product without one).
    pub studies: Vec<FeasibilityStudy>,
    /// Its quotations.
    pub quotations: Vec<Quotation>,
    /// Its coverage, or why it could not be had.
    pub coverage: Result<OrderCoverage, String>,
    /// The assets delivered for it (UP42's asset service), or why they could not be had.
    pub assets: Result<Vec<StacItem>, String>,
}

/// The delivered assets in words: "2 assets delivered, acquired 2027-03-03 10:00 UTC and
/// 2027-03-05 10:00 UTC", or "No asset delivered yet".
pub fn assets_words(assets: &[StacItem]) -> String {
    let dates: Vec<String> = assets
        .iter()
        .map(|a| {
            a.datetime().map_or(
                "date not given".to_owned(),
                crate::tasking::dates::api_date_text,
            )
        })
        .collect();
    match dates.as_slice() {
        [] => "No asset delivered yet".to_owned(),
        [one] => format!("1 asset delivered, acquired {one}"),
        [init @ .., last] => format!(
            "{} assets delivered, acquired {} and {last}",
            dates.len(),
            init.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn study(decision: &str, options: Value) -> FeasibilityStudy {
        serde_json::from_value(
            json!({"id": "S1", "orderId": "O1", "decision": decision, "options": options}),
        )
        .unwrap()
    }

    #[test]
    fn what_waits_for_the_person_is_the_uploaded_study_or_quotation_of_a_live_order() {
        let cases = [
            (
                Some("CREATED"),
                Some("FEASIBILITY_WAITING_RESPONSE"),
                Some(Waiting::Study),
            ),
            (
                Some("CREATED"),
                Some("QUOTATION_WAITING_RESPONSE"),
                Some(Waiting::Quotation),
            ),
            (
                None,
                Some("QUOTATION_WAITING_RESPONSE"),
                Some(Waiting::Quotation),
            ),
            (Some("CREATED"), Some("FEASIBILITY_WAITING_UPLOAD"), None),
            (Some("CREATED"), Some("QUOTATION_WAITING_UPLOAD"), None),
            (Some("PLACED"), Some("QUOTATION_ACCEPTED"), None),
            (Some("CANCELED"), Some("QUOTATION_WAITING_RESPONSE"), None),
            (
                Some("FAILED_PERMANENTLY"),
                Some("FEASIBILITY_WAITING_RESPONSE"),
                None,
            ),
            (Some("CREATED"), None, None),
        ];
        for (status, sub, expected) in cases {
            assert_eq!(waiting(status, sub), expected, "{status:?} {sub:?}");
        }
    }

    #[test]
    fn the_watch_speaks_only_when_something_new_waits() {
        let a = (OrderId("A".into()), Waiting::Study);
        let b = (OrderId("B".into()), Waiting::Quotation);
        let only_a = vec![a.clone()];
        let a_and_b = vec![a.clone(), b.clone()];
        let first = newly_waiting_notice(None, &only_a).unwrap();
        assert_eq!(
            first,
            "UP42: 1 order waits for you (1 feasibility study to decide); see Quotations, UP42 orders"
        );
        assert_eq!(newly_waiting_notice(Some(&only_a), &only_a), None);
        assert_eq!(newly_waiting_notice(Some(&a_and_b), &only_a), None);
        let both = newly_waiting_notice(Some(&only_a), &a_and_b).unwrap();
        assert!(both.contains("2 orders wait for you"), "{both}");
        assert!(both.contains("1 quotation to accept or reject"), "{both}");
        // The same order moving from its study to its quotation is new.
        let moved = (OrderId("A".into()), Waiting::Quotation);
        assert!(newly_waiting_notice(Some(&only_a), &[moved]).is_some());
        assert_eq!(newly_waiting_notice(None, &[]), None);
        assert_eq!(waiting_count_words(&[]), None);
        assert_eq!(waiting_count_words(&[a, b]).unwrap(), "2 wait for you");
    }

    #[test]
    fn options_are_read_with_what_else_up42_gives_and_unreadable_ones_left_out() {
        let s = study(
            "NOT_DECIDED",
            json!([
                {"id": "opt-1", "description": "Standard"},
                {"id": "opt-2", "description": "Flexible", "creditsPrice": 1200},
                {"description": "no id"},
            ]),
        );
        let options = study_options(&s);
        assert_eq!(options.len(), 2);
        assert_eq!(options[0].id, "opt-1");
        assert!(options[0].other.is_empty());
        assert_eq!(options[1].other, vec!["creditsPrice: 1200".to_owned()]);
        assert!(study_undecided(&s));
        assert!(!study_undecided(&study("ACCEPTED", json!([]))));
        // A study that names no decision is not offered for a choice.
        let silent: FeasibilityStudy =
            serde_json::from_value(json!({"id": "S2", "options": []})).unwrap();
        assert!(!study_undecided(&silent));
        assert!(ended(Some("CANCELED")) && ended(Some("FULFILLED")));
        assert!(!ended(Some("BEING_FULFILLED")) && !ended(None));
        assert!(choosing_costs(&[]).contains("nothing is spent until you accept"));
        assert!(choosing_costs(&options[1].other).contains("creditsPrice: 1200"));
    }

    #[test]
    fn a_decided_study_names_its_option() {
        let s: FeasibilityStudy = serde_json::from_value(json!({
            "id": "S1", "decision": "ACCEPTED",
            "decisionOption": {"id": "opt-1", "description": "Standard"}, "options": []
        }))
        .unwrap();
        assert_eq!(chosen_option_words(&s).unwrap(), "chosen: Standard (opt-1)");
    }

    #[test]
    fn delivered_assets_are_counted_with_their_dates() {
        let item = |date: &str| -> StacItem {
            serde_json::from_value(json!({"id": "a", "properties": {"datetime": date}})).unwrap()
        };
        assert_eq!(assets_words(&[]), "No asset delivered yet");
        let one = assets_words(&[item("2027-03-03T10:00:00Z")]);
        assert!(
            one.starts_with("1 asset delivered, acquired 2027-03-03"),
            "{one}"
        );
        let two = assets_words(&[item("2027-03-03T10:00:00Z"), item("2027-03-05T10:00:00Z")]);
        assert!(
            two.starts_with("2 assets delivered, acquired 2027-03-03"),
            "{two}"
        );
        assert!(two.contains(" and 2027-03-05"), "{two}");
    }

    #[test]
    fn coverage_is_said_in_words() {
        let coverage: OrderCoverage = serde_json::from_value(json!({
            "covered": {"sqKmArea": 66.25, "percentage": 50.0},
            "remainder": {"sqKmArea": 66.25, "percentage": 50.0},
        }))
        .unwrap();
        assert_eq!(
            coverage_words(&coverage),
            "acquired 50 % of the AOI (66.2 km²), 66.2 km² still to acquire"
        );
        let all: OrderCoverage = serde_json::from_value(json!({
            "covered": {"sqKmArea": 132.5, "percentage": 100.0},
            "remainder": {"sqKmArea": 0.0, "percentage": 0.0},
        }))
        .unwrap();
        assert!(coverage_words(&all).ends_with("nothing left to acquire"));
        let order = |status: &str| -> Up42Order {
            serde_json::from_value(json!({
                "id": "O1", "status": status, "updatedAt": "2027-03-05T10:00:00Z"
            }))
            .unwrap()
        };
        let delivered = delivery_words(Some(&order("FULFILLED")), &all);
        assert!(
            delivered.starts_with("Delivered: acquired 100 %"),
            "{delivered}"
        );
        assert!(delivered.contains("fulfilled 2027-03-05"), "{delivered}");
        let acquiring = delivery_words(Some(&order("BEING_FULFILLED")), &coverage);
        assert!(
            acquiring.starts_with("Coverage: acquired 50 %"),
            "{acquiring}"
        );
    }
}
