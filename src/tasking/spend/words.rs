//! What a person reads of a spending call that went through, the same in the window and on the
//! command line.

use serde_json::Value;

use super::identity::Spending;
pub use super::journal::summary_of;
use crate::tasking::amount::money;

/// The receipt of a call that went through: "order SAL1 placed for 1 234.00 EUR (reference
/// r1)" for an order, else the answer's ids ("done" when it has none).
pub fn receipt(spending: &Spending, answer: &Value) -> String {
    match spending {
        Spending::Order {
            request,
            quotation: false,
        } => {
            let id_of = |key: &str| {
                answer
                    .get(key)
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            };
            // The spec's Pléiades Neo example answers an order with a quotation.
            let (made, id, placed) = match (id_of("salesOrderId"), id_of("quotationId")) {
                (Some(order), _) => ("order", order, "placed"),
                (None, Some(quotation)) => (
                    "quotation",
                    quotation,
                    "made (the order is placed when you accept it)",
                ),
                (None, None) => ("order", "(no id given)".to_owned(), "placed"),
            };
            let amount = answer
                .get("totalAmount")
                .and_then(Value::as_f64)
                .map(|a| {
                    let currency = answer
                        .get("currency")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    format!(" for {}", money(a, currency))
                })
                .unwrap_or_default();
            let reference = request
                .customer_reference
                .as_deref()
                .map(|r| format!(" (reference {r})"))
                .unwrap_or_default();
            format!("{made} {id} {placed}{amount}{reference}")
        }
        Spending::Order {
            quotation: true, ..
        } => {
            // A Pléiades Neo quotation: what it costs, until when, and what comes next.
            let mut words = summary_of(answer);
            if words.is_empty() {
                words = "quotation requested".to_owned();
            }
            let until = answer
                .get("quotationEndOfValidityDate")
                .or_else(|| answer.get("expirationDate"))
                .and_then(Value::as_str)
                .map(|d| format!(", valid until {}", crate::tasking::dates::api_date_text(d)))
                .unwrap_or_default();
            format!(
                "{words}{until}: Airbus studies it and sends it for your decision; accept or refuse it in the Taskings view (sattask api neo-orders)"
            )
        }
        Spending::Up42Order { .. } => {
            let ids: Vec<String> = answer
                .get("results")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned))
                .collect();
            let refused = answer
                .get("errors")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let refused = if refused == 0 {
                String::new()
            } else {
                format!("; UP42 refused {refused} of its AOIs")
            };
            if ids.is_empty() {
                format!("no UP42 order was placed{refused}")
            } else {
                format!(
                    "UP42 order {} placed{refused}: UP42 studies its feasibility or prices it; follow it with sattask api up42-orders",
                    ids.join(", ")
                )
            }
        }
        Spending::Decide(_) | Spending::ChooseStudyOption { .. } => {
            let words = summary_of(answer);
            if words.is_empty() {
                "done".to_owned()
            } else {
                words
            }
        }
    }
}
