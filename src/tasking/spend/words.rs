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
            let id = answer
                .get("salesOrderId")
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .unwrap_or_else(|| "(no id given)".to_owned());
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
            format!("order {id} placed{amount}{reference}")
        }
        Spending::Order { .. } | Spending::Decide(_) => {
            let words = summary_of(answer);
            if words.is_empty() {
                "done".to_owned()
            } else {
                words
            }
        }
    }
}
