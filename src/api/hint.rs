//! How to find out whether a call that spends money went through, when its answer was lost: a
//! typed hint carried by the call, its error and its journal entry. Front ends word it their
//! own way (the command line names a command); `Display` words it neutrally.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::{
    ContractId, CoverageId, FeasibilityStudyId, OrderId, QuotationId, SegmentId, TaskingId,
};

/// What to look up to tell whether a spending call was carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "look_up", rename_all = "snake_case")]
pub enum CheckHint {
    /// The taskings of a contract, by the order's customer reference (an order).
    Taskings {
        /// The contract.
        contract: ContractId,
        /// The order's customer reference, if it had one.
        customer_reference: Option<String>,
    },
    /// One tasking's status (a cancel or a stop).
    Tasking {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: TaskingId,
    },
    /// A tasking's acquisitions.
    Segments {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: TaskingId,
    },
    /// One acquisition of a tasking (an acceptance or refusal).
    Segment {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: TaskingId,
        /// The acquisition.
        segment: SegmentId,
    },
    /// The Pléiades Neo orders and quotations of a contract, by customer reference.
    NeoOrders {
        /// The contract.
        contract: ContractId,
        /// The request's customer reference, if it had one.
        customer_reference: Option<String>,
    },
    /// One Pléiades Neo quotation among a contract's orders (its acceptance or refusal).
    NeoQuotation {
        /// The contract.
        contract: ContractId,
        /// The quotation.
        quotation: QuotationId,
    },
    /// One Pléiades Neo order item (its cancel or stop).
    NeoOrderItem {
        /// The order item.
        item: OrderId,
    },
    /// One Pléiades Neo coverage item (its acceptance or refusal).
    Coverages {
        /// The coverage item.
        coverage: CoverageId,
    },
    /// One UP42 quotation (its decision).
    Up42Quotation {
        /// The quotation.
        id: QuotationId,
    },
    /// The UP42 feasibility studies (a chosen option; what older journals hold).
    FeasibilityStudies {
        /// The UP42 order they belong to, when known.
        order_id: Option<String>,
    },
    /// One UP42 feasibility study and the option chosen (its decision shows whether it went).
    FeasibilityStudy {
        /// The study.
        id: FeasibilityStudyId,
        /// The option asked for.
        option: String,
    },
    /// The UP42 orders of a workspace with a display name and data product (a placed order:
    /// `GET /v2/orders?workspaceId=&displayName=`, the filters the SDK's `Order.all` sends).
    Up42Orders {
        /// The workspace.
        workspace: String,
        /// The order's display name (with the workspace, what tells the order apart; a
        /// third field would make every `ApiError` larger).
        display_name: String,
    },
}

impl fmt::Display for CheckHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckHint::Taskings {
                contract,
                customer_reference: Some(reference),
            } => write!(
                f,
                "look up the taskings of contract {contract} with customer reference {reference:?}"
            ),
            CheckHint::Taskings {
                contract,
                customer_reference: None,
            } => write!(
                f,
                "look up the newest taskings of contract {contract} (the order had no customer reference; give one next time to find it at once)"
            ),
            CheckHint::Tasking { contract, tasking } => {
                write!(
                    f,
                    "look up the status of tasking {tasking} of contract {contract}"
                )
            }
            CheckHint::Segments { contract, tasking } => write!(
                f,
                "look up the acquisitions of tasking {tasking} of contract {contract}"
            ),
            CheckHint::Segment {
                contract,
                tasking,
                segment,
            } => write!(
                f,
                "look up the status of acquisition {segment} of tasking {tasking} of contract {contract}"
            ),
            CheckHint::NeoOrders {
                contract,
                customer_reference: Some(reference),
            } => write!(
                f,
                "search the Pléiades Neo orders and quotations of contract {contract} with customer reference {reference:?}"
            ),
            CheckHint::NeoOrders {
                contract,
                customer_reference: None,
            } => write!(
                f,
                "search the newest Pléiades Neo orders and quotations of contract {contract} (the request had no customer reference)"
            ),
            CheckHint::NeoQuotation {
                contract,
                quotation,
            } => write!(
                f,
                "search the Pléiades Neo orders of contract {contract} for quotation {quotation} and look at its status"
            ),
            CheckHint::NeoOrderItem { item } => write!(
                f,
                "search the Pléiades Neo orders for order item {item} and look at its status"
            ),
            CheckHint::Coverages { coverage } => write!(
                f,
                "search the Pléiades Neo coverages for coverage item {coverage} and look at its status"
            ),
            CheckHint::Up42Quotation { id } => {
                write!(f, "look up UP42 quotation {id} and its decision")
            }
            CheckHint::FeasibilityStudies {
                order_id: Some(order),
            } => write!(
                f,
                "look up the UP42 feasibility studies of order {order} and their decision"
            ),
            CheckHint::FeasibilityStudies { order_id: None } => {
                write!(f, "look up the UP42 feasibility studies and their decision")
            }
            CheckHint::FeasibilityStudy { id, option } => write!(
                f,
                "look up UP42 feasibility study {id}: its decision and whether option {option} was chosen"
            ),
            CheckHint::Up42Orders {
                workspace,
                display_name,
            } => write!(
                f,
                "look up the UP42 orders of workspace {workspace} named {display_name:?}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_reads_as_a_step_and_round_trips() {
        let hint = CheckHint::Taskings {
            contract: ContractId::from("C1"),
            customer_reference: Some("my ref".to_owned()),
        };
        assert_eq!(
            hint.to_string(),
            "look up the taskings of contract C1 with customer reference \"my ref\""
        );
        let text = serde_json::to_string(&hint).unwrap_or_default();
        assert_eq!(serde_json::from_str::<CheckHint>(&text).ok(), Some(hint));
    }
}
