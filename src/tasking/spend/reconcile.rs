//! Reconciliation: after a spending call's outcome was lost, look it up on the service and
//! say whether it went through. The answer feeds `MoneyPath::settle`.

use serde_json::Value;

use crate::api::ApiError;
use crate::api::CheckHint;
use crate::api::oneatlas::models::SearchRequest;
use crate::api::oneatlas::{OneAtlasClient, TaskingFilter};

/// What a look-up found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reconciliation {
    /// The call went through: what was found (ids, status).
    Found {
        /// What was found, for a person and the journal.
        detail: String,
    },
    /// The call was not carried out: it may be sent again.
    NotFound,
    /// The service's answer does not settle it: a person has to look.
    CannotTell {
        /// Why, and what to look at.
        why: String,
    },
}

/// The Pléiades Neo orders search for `(field:value)` terms joined with AND.
pub fn neo_search(terms: &[(&str, &str)]) -> SearchRequest {
    let q = terms
        .iter()
        .map(|(field, value)| format!("({field}:{})", quoted(value)))
        .collect::<Vec<_>>()
        .join(" AND ");
    SearchRequest::new(q, 100, 0)
}

/// Coverage items a page of the coverages search holds.
pub const COVERAGES_PER_PAGE: u32 = 100;

/// Every status a coverage item can have (the spec's example query lists them all).
pub const COVERAGE_STATUSES: [&str; 5] =
    ["VALIDATED", "PROPOSED", "REFUSED", "PENDING", "REJECTED"];

/// The coverages search of an order item, as the spec writes it:
/// `(orderItemId:ITEM AND contractId:C) AND (status:VALIDATED OR status:PROPOSED OR ...)`.
pub fn coverage_search(
    contract: &str,
    order_item: &str,
    statuses: &[String],
    page: Option<u32>,
) -> SearchRequest {
    let statuses: Vec<String> = if statuses.is_empty() {
        COVERAGE_STATUSES.iter().map(|s| (*s).to_owned()).collect()
    } else {
        statuses
            .iter()
            .map(|s| s.trim().to_ascii_uppercase())
            .collect()
    };
    let status = statuses
        .iter()
        .map(|s| format!("status:{}", quoted(s)))
        .collect::<Vec<_>>()
        .join(" OR ");
    let q = format!(
        "(orderItemId:{} AND contractId:{}) AND ({status})",
        quoted(order_item),
        quoted(contract)
    );
    SearchRequest::new(
        q,
        COVERAGES_PER_PAGE,
        page.unwrap_or(0).saturating_mul(COVERAGES_PER_PAGE),
    )
}

/// A search value, quoted when it has spaces or query syntax in it.
fn quoted(value: &str) -> String {
    let value = value.trim();
    if value
        .chars()
        .any(|c| c.is_whitespace() || "():\"".contains(c))
    {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_owned()
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

/// The search answer's records (`features`).
fn features(answer: &Value) -> Vec<Value> {
    answer
        .get("features")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Found when the look-up listed anything (its items in words), else not found.
pub(super) fn found_or_not(found: Vec<String>) -> Reconciliation {
    if found.is_empty() {
        Reconciliation::NotFound
    } else {
        Reconciliation::Found {
            detail: found.join(", "),
        }
    }
}

/// A look-up that does not settle it, and why.
pub(super) fn cannot(why: impl Into<String>) -> Reconciliation {
    Reconciliation::CannotTell { why: why.into() }
}

/// Looks up what `check` names with the OneAtlas client and says whether the call went through.
/// Orders without a customer reference cannot be told apart: `CannotTell`; UP42 hints are
/// looked up by `reconcile_up42` with the UP42 client.
pub async fn reconcile(
    client: &OneAtlasClient,
    check: &CheckHint,
) -> Result<Reconciliation, ApiError> {
    match check {
        CheckHint::Taskings {
            contract,
            customer_reference: Some(reference),
        } => {
            let filter = TaskingFilter {
                customer_ref: Some(reference.clone()),
                ..TaskingFilter::default()
            };
            let list = client.taskings(contract, &filter).await?;
            let found: Vec<String> = list
                .taskings
                .iter()
                .filter(|t| t.icr.customer_ref.as_deref().is_none_or(|r| r == reference))
                .map(|t| {
                    format!(
                        "tasking {}{}",
                        t.icr.id,
                        t.icr
                            .status
                            .as_deref()
                            .map(|s| format!(" ({s})"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            Ok(found_or_not(found))
        }
        CheckHint::Taskings {
            customer_reference: None,
            ..
        }
        | CheckHint::NeoOrders {
            customer_reference: None,
            ..
        } => Ok(cannot(
            "it had no customer reference, so it cannot be told apart from other orders: look at the contract's newest ones",
        )),
        CheckHint::NeoOrders {
            contract,
            customer_reference: Some(reference),
        } => {
            let search = neo_search(&[
                ("contractId", contract.as_str()),
                ("customerReference", reference),
            ]);
            let answer = client.search_orders(&search).await?;
            let found: Vec<String> = features(&answer)
                .iter()
                .filter(|r| text(r, "customerReference").is_none_or(|c| &c == reference))
                .map(|r| {
                    let id = text(r, "orderItemId")
                        .map(|i| format!("order item {i}"))
                        .or_else(|| text(r, "quotationId").map(|q| format!("quotation {q}")))
                        .unwrap_or_else(|| "a record".to_owned());
                    match text(r, "quotationStatus").or_else(|| text(r, "status")) {
                        Some(status) => format!("{id} ({status})"),
                        None => id,
                    }
                })
                .collect();
            Ok(found_or_not(found))
        }
        CheckHint::NeoQuotation {
            contract,
            quotation,
        } => {
            let search = neo_search(&[
                ("contractId", contract.as_str()),
                ("cis.quotation", quotation.as_str()),
            ]);
            let answer = client.search_orders(&search).await?;
            let statuses: Vec<String> = features(&answer)
                .iter()
                .filter(|r| text(r, "quotationId").is_none_or(|q| q == quotation.as_str()))
                .filter_map(|r| text(r, "quotationStatus"))
                .collect();
            Ok(decided(
                &statuses,
                &["SENT", "PENDING"],
                &format!("quotation {quotation}"),
            ))
        }
        CheckHint::Tasking { contract, tasking } => {
            let answer = client.tasking(contract, tasking).await?;
            let status = answer
                .pointer("/taskings/0/icr/status")
                .or_else(|| answer.pointer("/icr/status"))
                .or_else(|| answer.get("status"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            Ok(match status {
                None => cannot(format!("tasking {tasking} has no status in the answer")),
                Some(status) => {
                    let lower = status.to_ascii_lowercase();
                    if ["cancel", "stop", "complete"]
                        .iter()
                        .any(|w| lower.contains(w))
                    {
                        Reconciliation::Found {
                            detail: format!("tasking {tasking} is {status}"),
                        }
                    } else {
                        Reconciliation::NotFound
                    }
                }
            })
        }
        CheckHint::Segment {
            contract,
            tasking,
            segment,
        } => {
            let list = client.segments(contract, tasking).await?;
            let Some(found) = list.segments.iter().find(|s| &s.id == segment) else {
                return Ok(cannot(format!(
                    "tasking {tasking} has no acquisition {segment}"
                )));
            };
            let status = found.status.clone().unwrap_or_default();
            Ok(decided(
                std::slice::from_ref(&status),
                &["PROPOSED"],
                &format!("acquisition {segment}"),
            ))
        }
        CheckHint::Coverages { coverage } => {
            let search = neo_search(&[("coverageItemId", coverage.as_str())]);
            let answer = client.search_coverages(&search).await?;
            let statuses: Vec<String> = features(&answer)
                .iter()
                .filter(|r| text(r, "coverageItemId").is_none_or(|c| c == coverage.as_str()))
                .filter_map(|r| text(r, "status"))
                .collect();
            Ok(decided(
                &statuses,
                &["PROPOSED"],
                &format!("coverage item {coverage}"),
            ))
        }
        CheckHint::Segments { contract, tasking } => Ok(cannot(format!(
            "look at the acquisitions of tasking {tasking} of contract {contract}: the one decided is no longer proposed if it went through"
        ))),
        CheckHint::NeoOrderItem { item } => {
            let search = neo_search(&[("orderItemId", item.as_str())]);
            let answer = client.search_orders(&search).await?;
            let status = features(&answer).iter().find_map(|r| text(r, "status"));
            Ok(cannot(match status {
                Some(status) => format!("order item {item} is {status}: judge from its status"),
                None => format!("order item {item} was not found"),
            }))
        }
        CheckHint::Up42Quotation { .. }
        | CheckHint::FeasibilityStudies { .. }
        | CheckHint::FeasibilityStudy { .. }
        | CheckHint::Up42Orders { .. } => Ok(cannot(
            "this is a UP42 call: look it up on UP42 (reconcile_up42 does, with the UP42 client)",
        )),
    }
}

/// Found when a record is out of its waiting statuses, not found while it waits.
fn decided(statuses: &[String], waiting: &[&str], what: &str) -> Reconciliation {
    let Some(status) = statuses.first() else {
        return cannot(format!("{what} was not found"));
    };
    if waiting.iter().any(|w| status.eq_ignore_ascii_case(w)) {
        Reconciliation::NotFound
    } else {
        Reconciliation::Found {
            detail: format!("{what} is {status}"),
        }
    }
}
