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
//!
//! A UP42 order is the same when it goes to the same workspace with the same data product,
//! parameters and AOIs; its display name, its tags and its features' properties label it. A
//! feasibility study's option choice is the same for the same study and option.

use serde_json::Value;

use super::money::{Spend, SpendKind};
use crate::api::CheckHint;
use crate::api::ids::FeasibilityStudyId;
use crate::api::oneatlas::models::OrderRequest;
use crate::api::up42::models::OrderRequest as Up42OrderRequest;
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
    /// `POST /v2/orders?workspaceId=`: a UP42 tasking order, one per AOI.
    Up42Order {
        /// The workspace it is placed in.
        workspace: String,
        /// The body as it is sent (boxed: a decision is a few ids).
        request: Box<Up42OrderRequest>,
    },
    /// `PATCH /v2/tasking/feasibility-studies/{id}`: one option of a UP42 feasibility study.
    ChooseStudyOption {
        /// The study.
        study: FeasibilityStudyId,
        /// The option chosen.
        option: String,
    },
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
            Spending::Decide(
                Act::AcceptQuotation { .. }
                    | Act::RejectQuotation { .. }
                    | Act::ChooseStudyOption { .. }
            ) | Spending::Up42Order { .. }
                | Spending::ChooseStudyOption { .. }
        )
    }

    /// A UP42 tasking order placed in `workspace`.
    pub fn up42_order(workspace: impl Into<String>, request: Up42OrderRequest) -> Self {
        Spending::Up42Order {
            workspace: workspace.into(),
            request: Box::new(request),
        }
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
        Spending::Up42Order { workspace, request } => Spend {
            kind: SpendKind::Up42Order,
            key: up42_order_key(workspace, request),
            customer_reference: Some(request.display_name.clone()),
            check: CheckHint::Up42Orders {
                workspace: workspace.clone(),
                display_name: request.display_name.clone(),
            },
            bought: super::earlier::Bought::of_up42(request),
        },
        Spending::ChooseStudyOption { study, option } => Spend {
            kind: SpendKind::ChooseStudyOption,
            key: normalised(serde_json::json!({"study": study, "option": option})),
            customer_reference: None,
            check: CheckHint::FeasibilityStudy {
                id: study.clone(),
                option: option.clone(),
            },
            bought: None,
        },
    }
}

/// A UP42 order body without its labels (display name, tags, the features' properties), with
/// the workspace it goes to, numbers by value.
pub fn up42_order_key(workspace: &str, request: &Up42OrderRequest) -> Value {
    let mut features = request.feature_collection.clone();
    if let Some(list) = features.get_mut("features").and_then(Value::as_array_mut) {
        for feature in list.iter_mut().filter_map(Value::as_object_mut) {
            feature.remove("properties");
            feature.remove("id");
        }
    }
    normalised(serde_json::json!({
        "workspace": workspace,
        "dataProduct": request.data_product,
        "params": request.params,
        "featureCollection": features,
    }))
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
        // The command line's `Spending::ChooseStudyOption`, so both front ends file it alike.
        Act::ChooseStudyOption { study, option, .. } => (
            SpendKind::ChooseStudyOption,
            json!({"study": study, "option": option}),
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

    fn up42_request(name: &str, start: Value) -> Up42OrderRequest {
        Up42OrderRequest {
            data_product: "P1".into(),
            display_name: name.into(),
            params: json!({"acquisitionStart": start, "maxCloudCover": 20.0}),
            feature_collection: json!({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"name": name},
                 "geometry": {"type": "Point", "coordinates": [1.0, 2.0]}}
            ]}),
            tags: vec![name.to_owned()],
        }
    }

    #[test]
    fn a_up42_order_is_its_product_parameters_and_aois() {
        let a = spend_of(&Spending::up42_order(
            "W",
            up42_request("a", json!("2030-01-01")),
        ));
        let b = spend_of(&Spending::up42_order(
            "W",
            up42_request("b", json!("2030-01-01")),
        ));
        assert_eq!(a.kind, SpendKind::Up42Order);
        assert_eq!(a.key, b.key, "a name and tags label an order");
        assert_ne!(a.check, b.check, "each is looked up by its own name");
        let later = spend_of(&Spending::up42_order(
            "W",
            up42_request("a", json!("2030-02-01")),
        ));
        assert_ne!(a.key, later.key);
        let elsewhere = spend_of(&Spending::up42_order(
            "V",
            up42_request("a", json!("2030-01-01")),
        ));
        assert_ne!(a.key, elsewhere.key);
    }

    #[test]
    fn a_study_option_is_its_study_and_option() {
        let choose = |study: &str, option: &str| {
            spend_of(&Spending::ChooseStudyOption {
                study: FeasibilityStudyId::from(study),
                option: option.to_owned(),
            })
        };
        assert_eq!(choose("S", "1").key, choose("S", "1").key);
        assert_ne!(choose("S", "1").key, choose("S", "2").key);
        assert_ne!(choose("S", "1").key, choose("T", "1").key);
        assert_eq!(choose("S", "1").kind, SpendKind::ChooseStudyOption);
    }

    #[test]
    fn the_windows_choice_of_an_option_is_filed_as_the_command_lines() {
        let window = spend_of(&Spending::Decide(Act::ChooseStudyOption {
            order: crate::api::ids::OrderId::from("O"),
            study: FeasibilityStudyId::from("S"),
            option: "1".to_owned(),
            description: "Standard".to_owned(),
            costs: "nothing yet".to_owned(),
        }));
        let command_line = spend_of(&Spending::ChooseStudyOption {
            study: FeasibilityStudyId::from("S"),
            option: "1".to_owned(),
        });
        assert_eq!(window, command_line);
        assert!(
            Spending::Decide(Act::ChooseStudyOption {
                order: crate::api::ids::OrderId::from("O"),
                study: FeasibilityStudyId::from("S"),
                option: "1".to_owned(),
                description: String::new(),
                costs: String::new(),
            })
            .goes_to_up42()
        );
    }
}
