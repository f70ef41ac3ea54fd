//! A decision on something already ordered (accept or refuse an acquisition, cancel or stop a
//! tasking, accept or reject a UP42 quotation) and where it stands: confirmed by the person,
//! sent once through the money path (`spend`, which files it under the same identity as the
//! command line's), and ended clearly or not. An unclear end offers a check,
//! never a resend.

use crate::api::CheckHint;
use crate::api::ids::{
    ContractId, CoverageId, FeasibilityStudyId, OrderId, QuotationId, SegmentId, TaskingId,
};
use crate::tasking::RequestId;
use crate::tasking::amount::money;

/// What the person decides.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    /// Accept a proposed acquisition: it counts (and is invoiced) as part of the tasking.
    AcceptSegment {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: TaskingId,
        /// The acquisition.
        segment: SegmentId,
    },
    /// Refuse a proposed acquisition: the tasking goes on looking.
    RefuseSegment {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: TaskingId,
        /// The acquisition.
        segment: SegmentId,
    },
    /// Cancel a tasking (until 12 h before its window).
    Cancel {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: TaskingId,
    },
    /// Stop a OneNow tasking (acquisitions made are invoiced).
    Stop {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: TaskingId,
    },
    /// Accept a UP42 quotation: spends its credits.
    AcceptQuotation {
        /// The quotation.
        id: QuotationId,
        /// Its price in credits, when the service gave one.
        credits: Option<f64>,
    },
    /// Reject a UP42 quotation.
    RejectQuotation {
        /// The quotation.
        id: QuotationId,
        /// Its price in credits, when the service gave one.
        credits: Option<f64>,
    },
    /// Accept (orders it, charging the contract) or refuse a Pléiades Neo quotation.
    NeoQuotation {
        /// The contract.
        contract: ContractId,
        /// The quotation.
        quotation: QuotationId,
        /// Accept (else refuse).
        accept: bool,
        /// Its amount, as the search gave it ("12 000.00 EUR").
        amount: Option<String>,
    },
    /// Accept or refuse a Pléiades Neo coverage item.
    Coverage {
        /// The contract (for the look-up).
        contract: ContractId,
        /// The coverage item.
        coverage: CoverageId,
        /// Accept (else refuse).
        accept: bool,
    },
    /// Cancel or stop a Pléiades Neo order item.
    EndOrderItem {
        /// The order item.
        item: OrderId,
        /// Stop (else cancel).
        stop: bool,
    },
    /// Choose one option of a UP42 feasibility study (once, while it is NOT_DECIDED): UP42
    /// then prepares the order's quotation for it. Filed as the command line's
    /// `choose-study-option` (the study and the option).
    ChooseStudyOption {
        /// The order studied.
        order: OrderId,
        /// The study.
        study: FeasibilityStudyId,
        /// The option's id.
        option: String,
        /// The option's description, as UP42 gave it.
        description: String,
        /// What choosing costs, in words ([`crate::tasking::up42_follow::choosing_costs`]).
        costs: String,
    },
}

fn credits_text(credits: Option<f64>) -> String {
    credits.map_or_else(
        || "its price (not given)".to_owned(),
        |c| money(c, "credits"),
    )
}

impl Act {
    /// Accept (else refuse) a proposed acquisition.
    pub fn segment(
        contract: ContractId,
        tasking: TaskingId,
        segment: SegmentId,
        accept: bool,
    ) -> Act {
        if accept {
            Act::AcceptSegment {
                contract,
                tasking,
                segment,
            }
        } else {
            Act::RefuseSegment {
                contract,
                tasking,
                segment,
            }
        }
    }

    /// Stop (else cancel) a tasking.
    pub fn end_tasking(contract: ContractId, tasking: TaskingId, stop: bool) -> Act {
        if stop {
            Act::Stop { contract, tasking }
        } else {
            Act::Cancel { contract, tasking }
        }
    }

    /// The dialog's title.
    pub fn title(&self) -> String {
        match self {
            Act::AcceptSegment { segment, .. } => format!("Accept acquisition {segment}"),
            Act::RefuseSegment { segment, .. } => format!("Refuse acquisition {segment}"),
            Act::Cancel { tasking, .. } => format!("Cancel tasking {tasking}"),
            Act::Stop { tasking, .. } => format!("Stop tasking {tasking}"),
            Act::AcceptQuotation { id, .. } => format!("Accept quotation {id}"),
            Act::RejectQuotation { id, .. } => format!("Reject quotation {id}"),
            Act::NeoQuotation {
                quotation,
                accept: true,
                ..
            } => format!("Accept quotation {quotation}"),
            Act::NeoQuotation {
                quotation,
                accept: false,
                ..
            } => format!("Refuse quotation {quotation}"),
            Act::Coverage {
                coverage,
                accept: true,
                ..
            } => format!("Accept coverage item {coverage}"),
            Act::Coverage {
                coverage,
                accept: false,
                ..
            } => format!("Refuse coverage item {coverage}"),
            Act::EndOrderItem { item, stop: true } => format!("Stop order item {item}"),
            Act::EndOrderItem { item, stop: false } => format!("Cancel order item {item}"),
            Act::ChooseStudyOption { order, .. } => {
                format!("Choose a feasibility option for UP42 order {order}")
            }
        }
    }

    /// What it costs and what it changes, said before it is confirmed.
    pub fn consequence(&self) -> String {
        match self {
            Act::AcceptSegment { tasking, .. } => format!(
                "The acquisition counts toward tasking {tasking} and is invoiced with it. An acceptance is final."
            ),
            Act::RefuseSegment { .. } => {
                "Nothing is charged for it and the tasking keeps looking within its window. A refusal is final.".to_owned()
            }
            Act::Cancel { .. } => {
                "The tasking ends before it starts; nothing more is acquired. Cancelling is final.".to_owned()
            }
            Act::Stop { .. } => {
                "The tasking ends now; the acquisitions already made are invoiced. Stopping is final.".to_owned()
            }
            Act::AcceptQuotation { credits, .. } => format!(
                "{} will be spent from your UP42 account, irreversibly.",
                credits_text(*credits)
            ),
            Act::RejectQuotation { credits, .. } => format!(
                "The quotation for {} is declined; nothing is spent. A rejection is final.",
                credits_text(*credits)
            ),
            Act::NeoQuotation { accept: true, amount, contract, .. } => format!(
                "The order is placed and {} is charged to contract {contract}. An acceptance is final.",
                amount.as_deref().unwrap_or("its amount (not given)")
            ),
            Act::NeoQuotation { accept: false, .. } => {
                "The quotation is declined; nothing is charged. A refusal is final.".to_owned()
            }
            Act::Coverage { accept: true, .. } => {
                "The coverage item counts toward the order item and is invoiced with it. An acceptance is final.".to_owned()
            }
            Act::Coverage { accept: false, .. } => {
                "Nothing is charged for it and the order item keeps looking. A refusal is final.".to_owned()
            }
            Act::EndOrderItem { stop: true, .. } => {
                "The order item ends now; what was acquired is invoiced. Stopping is final.".to_owned()
            }
            Act::EndOrderItem { stop: false, .. } => {
                "The order item ends before it starts. Cancelling is final.".to_owned()
            }
            Act::ChooseStudyOption {
                study,
                option,
                description,
                costs,
                ..
            } => format!(
                "Option {option} of feasibility study {study} is chosen: \"{description}\". {costs} The choice is final: the study cannot be decided again."
            ),
        }
    }

    /// How to tell whether it happened.
    pub fn check(&self) -> CheckHint {
        match self {
            Act::AcceptSegment {
                contract,
                tasking,
                segment,
            }
            | Act::RefuseSegment {
                contract,
                tasking,
                segment,
            } => CheckHint::Segment {
                contract: contract.clone(),
                tasking: tasking.clone(),
                segment: segment.clone(),
            },
            Act::Cancel { contract, tasking } | Act::Stop { contract, tasking } => {
                CheckHint::Tasking {
                    contract: contract.clone(),
                    tasking: tasking.clone(),
                }
            }
            Act::AcceptQuotation { id, .. } | Act::RejectQuotation { id, .. } => {
                CheckHint::Up42Quotation { id: id.clone() }
            }
            Act::NeoQuotation {
                contract,
                quotation,
                ..
            } => CheckHint::NeoQuotation {
                contract: contract.clone(),
                quotation: quotation.clone(),
            },
            Act::Coverage { coverage, .. } => CheckHint::Coverages {
                coverage: coverage.clone(),
            },
            Act::EndOrderItem { item, .. } => CheckHint::NeoOrderItem { item: item.clone() },
            Act::ChooseStudyOption { study, option, .. } => CheckHint::FeasibilityStudy {
                id: study.clone(),
                option: option.clone(),
            },
        }
    }

    /// Whether it concerns a tasking (its list and detail refresh after it).
    pub fn tasking(&self) -> Option<&TaskingId> {
        match self {
            Act::AcceptSegment { tasking, .. }
            | Act::RefuseSegment { tasking, .. }
            | Act::Cancel { tasking, .. }
            | Act::Stop { tasking, .. } => Some(tasking),
            Act::AcceptQuotation { .. }
            | Act::RejectQuotation { .. }
            | Act::NeoQuotation { .. }
            | Act::Coverage { .. }
            | Act::EndOrderItem { .. }
            | Act::ChooseStudyOption { .. } => None,
        }
    }

    /// Whether it concerns UP42 (its quotations and orders refresh after it).
    pub fn up42(&self) -> bool {
        matches!(
            self,
            Act::AcceptQuotation { .. }
                | Act::RejectQuotation { .. }
                | Act::ChooseStudyOption { .. }
        )
    }

    /// Whether it concerns Pléiades Neo orders (their list and coverage refresh after it).
    pub fn neo(&self) -> bool {
        matches!(
            self,
            Act::NeoQuotation { .. } | Act::Coverage { .. } | Act::EndOrderItem { .. }
        )
    }
}

/// Where a decision stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ActStep {
    /// Nothing being decided.
    #[default]
    Idle,
    /// The confirmation is open.
    Confirming(Act),
    /// Sent once; waiting.
    Sending {
        /// The request.
        id: RequestId,
        /// What was sent.
        act: Act,
    },
    /// Done, in the service's words.
    Done {
        /// What was done.
        act: Act,
        /// What the service answered.
        message: String,
    },
    /// Refused: nothing changed.
    Refused {
        /// What was asked.
        act: Act,
        /// Why, and what to do.
        message: String,
    },
    /// It may or may not have happened.
    Unknown {
        /// What was sent.
        act: Act,
        /// What happened.
        message: String,
        /// How to find out.
        check: CheckHint,
    },
    /// Looking it up.
    Checking {
        /// The request.
        id: RequestId,
        /// What was sent.
        act: Act,
    },
}

impl ActStep {
    /// A decision is on its way or unclear: no other may start.
    pub fn busy(&self) -> bool {
        matches!(
            self,
            ActStep::Sending { .. } | ActStep::Unknown { .. } | ActStep::Checking { .. }
        )
    }
}
