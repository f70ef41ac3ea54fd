//! The identity rule: what makes two spending calls "the same request", for every front end.
//! The window and the command line both file what they spend through [`spend_of`], so the same
//! order placed from one and then from the other is held back by the journal.
//!
//! The rule: two calls are the same when they do the same thing (the same [`SpendKind`]) to the
//! same things (the same ids for a decision; for an order or a quotation request, the same body
//! once stripped of what only labels it). Labels are the customer reference (the window makes a
//! new one at each confirmation, a person types another one in a script; neither changes what is
//! bought) and the AOIs' names. An item's properties are compared as a set of keys, whatever
//! their order. Numbers are compared by value (`20`, `20.0` and `2e1` are the
//! same: the window writes floats where the command line writes integers). Object keys are
//! compared whatever their order. To place the same order twice on purpose, say so: `--again` on
//! the command line.

use serde_json::Value;

use super::money::{Spend, SpendKind};
use crate::api::CheckHint;
use crate::api::oneatlas::models::OrderRequest;
use crate::tasking::act::Act;

/// A call that spends money or decides, as a front end asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Spending {
    /// `POST /api/v1/orders`, or for a Pléiades Neo OnePlan `POST /api/v1/quotations`.
    Order {
        /// The body as it is sent (boxed: a decision is a few ids).
        request: Box<OrderRequest>,
        /// A quotation request rather than an order.
        quotation: bool,
    },
    /// A decision on something already ordered.
    Decide(Act),
}

impl Spending {
    /// An order, or for a Pléiades Neo OnePlan (`quotation`) a quotation request.
    pub fn order(request: OrderRequest, quotation: bool) -> Self {
        Spending::Order {
            request: Box::new(request),
            quotation,
        }
    }

    /// Whether it goes to UP42 (else OneAtlas).
    pub fn goes_to_up42(&self) -> bool {
        matches!(
            self,
            Spending::Decide(Act::AcceptQuotation { .. } | Act::RejectQuotation { .. })
        )
    }
}

/// The journal's record of a call: its kind, its identity key, its reference and its check.
pub fn spend_of(spending: &Spending) -> Spend {
    match spending {
        Spending::Order { request, quotation } => {
            let (contract, customer_reference) = (
                request.contract_id.clone(),
                request.customer_reference.clone(),
            );
            Spend {
                kind: if *quotation {
                    SpendKind::QuotationRequest
                } else {
                    SpendKind::Order
                },
                key: order_key(request),
                check: if *quotation {
                    CheckHint::NeoOrders {
                        contract,
                        customer_reference: customer_reference.clone(),
                    }
                } else {
                    CheckHint::Taskings {
                        contract,
                        customer_reference: customer_reference.clone(),
                    }
                },
                customer_reference,
                bought: super::earlier::Bought::of(request),
            }
        }
        Spending::Decide(act) => {
            let (kind, key) = act_key(act);
            Spend {
                kind,
                key: normalised(key),
                customer_reference: None,
                check: act.check(),
                bought: None,
            }
        }
    }
}

/// An order body without its labels (customer reference, AOI names), numbers by value.
pub fn order_key(request: &OrderRequest) -> Value {
    let mut body = serde_json::to_value(request).unwrap_or(Value::Null);
    if let Some(object) = body.as_object_mut() {
        object.remove("customerReference");
        if let Some(aois) = object.get_mut("aoi").and_then(Value::as_array_mut) {
            for aoi in aois.iter_mut().filter_map(Value::as_object_mut) {
                aoi.remove("name");
            }
        }
        // An item's properties are a set of keys: the window lists them in its own order,
        // the command line in the order of its flags.
        if let Some(items) = object.get_mut("items").and_then(Value::as_array_mut) {
            for item in items.iter_mut() {
                if let Some(properties) = item.get_mut("properties").and_then(Value::as_array_mut) {
                    properties.sort_by_key(|p| p.get("key").map(Value::to_string));
                }
            }
        }
    }
    normalised(body)
}

/// The value with every integral number written as an integer (`20.0` becomes `20`), so two
/// writers that differ only in how they print a number give the same key. Object keys are
/// already in one order (serde_json's map is sorted).
pub fn normalised(value: Value) -> Value {
    match value {
        Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(_), _, _) | (_, Some(_), _) => Value::Number(number),
            // Exactly representable integers only (|x| < 2^53): no two different floats meet.
            (None, None, Some(float))
                if float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0 =>
            {
                Value::from(float as i64)
            }
            _ => Value::Number(number),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalised).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalised(v))).collect())
        }
        other => other,
    }
}

/// What a decision is filed under: its kind and the ids it acts on.
fn act_key(act: &Act) -> (SpendKind, Value) {
    use serde_json::json;
    match act {
        Act::AcceptSegment {
            contract,
            tasking,
            segment,
        } => (
            SpendKind::AcceptSegment,
            json!({"contract": contract, "tasking": tasking, "segment": segment}),
        ),
        Act::RefuseSegment {
            contract,
            tasking,
            segment,
        } => (
            SpendKind::RefuseSegment,
            json!({"contract": contract, "tasking": tasking, "segment": segment}),
        ),
        Act::Cancel { contract, tasking } => (
            SpendKind::Cancel,
            json!({"contract": contract, "tasking": tasking}),
        ),
        Act::Stop { contract, tasking } => (
            SpendKind::Stop,
            json!({"contract": contract, "tasking": tasking}),
        ),
        Act::AcceptQuotation { id, .. } => (
            SpendKind::AcceptQuotation,
            json!({"contract": null, "quotation": id}),
        ),
        Act::RejectQuotation { id, .. } => (
            SpendKind::RejectQuotation,
            json!({"contract": null, "quotation": id}),
        ),
        Act::NeoQuotation {
            contract,
            quotation,
            accept,
            ..
        } => (
            if *accept {
                SpendKind::AcceptQuotation
            } else {
                SpendKind::RejectQuotation
            },
            json!({"contract": contract, "quotation": quotation}),
        ),
        Act::Coverage {
            contract,
            coverage,
            accept,
        } => (
            if *accept {
                SpendKind::AcceptCoverage
            } else {
                SpendKind::RefuseCoverage
            },
            json!({"contract": contract, "coverage": coverage}),
        ),
        Act::EndOrderItem { item, stop } => (
            if *stop {
                SpendKind::Stop
            } else {
                SpendKind::Cancel
            },
            json!({"order_item": item}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_compared_by_value() {
        assert_eq!(
            normalised(json!({"maxCloudCover": 20.0, "b": [1.0, 2.5, -3.0]})),
            json!({"maxCloudCover": 20, "b": [1, 2.5, -3]})
        );
        assert_eq!(normalised(json!(1e300)), json!(1e300));
    }

    #[test]
    fn labels_do_not_make_another_order() {
        let body = json!({
            "aoi": [{"id": 1, "name": "field", "geometry": {"type": "Polygon", "coordinates": [[[1.0, 2.0]]]}}],
            "contractId": "C1",
            "items": [{"productTypeId": "P", "aoiId": 1, "properties": [
                {"key": "maxCloudCover", "value": 20.0},
                {"key": "acquisitionMode", "value": "MONO"}
            ]}],
            "customerReference": "window-1"
        });
        let mut other = body.clone();
        other["customerReference"] = json!("typed in a script");
        other["aoi"][0]["name"] = json!("valid");
        other["items"][0]["properties"] = json!([
            {"key": "acquisitionMode", "value": "MONO"},
            {"key": "maxCloudCover", "value": 20}
        ]);
        let (a, b): (OrderRequest, OrderRequest) = (
            serde_json::from_value(body).unwrap(),
            serde_json::from_value(other).unwrap(),
        );
        assert_eq!(order_key(&a), order_key(&b));
        let mut third = b.clone();
        third.contract_id = "C2".into();
        assert_ne!(order_key(&a), order_key(&third));
    }
}
