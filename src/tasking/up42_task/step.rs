//! Placing a UP42 order: the confirmation's draft (what is bought, for how much, where, and
//! what follows) and the steps after it (sending, placed, refused, unknown, checking). Sent once:
//! only `Confirming` hands out the order; an unknown outcome only offers a check.

use crate::aoi::LonLat;
use crate::api::CheckHint;
use crate::api::up42::models::OrderRequest;
use crate::tasking::RequestId;
use crate::tasking::spend::earlier::Earlier;

/// What a confirmation names.
#[derive(Debug, Clone, PartialEq)]
pub struct Up42Draft {
    /// The workspace the order goes to.
    pub workspace: String,
    /// The body sent.
    pub request: OrderRequest,
    /// The estimated credits, when UP42 estimates them.
    pub credits: Option<f64>,
    /// The collection, for people.
    pub collection: String,
    /// The data product, for people.
    pub product: String,
    /// The producer.
    pub provider: String,
    /// What follows the order, in words.
    pub next_step: &'static str,
    /// The AOI's name.
    pub aoi_name: String,
    /// The AOI's outer ring (the confirmation's map).
    pub ring: Vec<LonLat>,
    /// The journal's search for an earlier order of the same image, while it runs.
    pub searching: Option<RequestId>,
    /// Earlier orders that buy the same image with another body ("Already bought?").
    pub earlier: Vec<Earlier>,
    /// Why the journal could not be searched, when it could not.
    pub earlier_note: Option<String>,
    /// Buy it again despite `earlier` (the second, explicit choice).
    pub buy_again: bool,
}

impl Up42Draft {
    /// Whether Confirm may send: the search ended, and nothing earlier buys the same image
    /// unless the person chose to buy it again.
    pub fn may_send(&self) -> bool {
        self.searching.is_none() && (self.earlier.is_empty() || self.buy_again)
    }

    /// The check filed with the order: its workspace and display name.
    pub fn check(&self) -> CheckHint {
        CheckHint::Up42Orders {
            workspace: self.workspace.clone(),
            display_name: self.request.display_name.clone(),
        }
    }
}

/// Where the order stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Up42Step {
    /// No confirmation open.
    #[default]
    Closed,
    /// The confirmation is open.
    Confirming(Box<Up42Draft>),
    /// Handed to the money path; its answer is awaited.
    Sending {
        /// The request.
        id: RequestId,
        /// What was confirmed.
        draft: Box<Up42Draft>,
    },
    /// UP42 placed it.
    Placed {
        /// What was confirmed.
        draft: Box<Up42Draft>,
        /// What UP42 said, in words.
        receipt: String,
    },
    /// Refused, or nothing was sent: what to do.
    Refused {
        /// What was confirmed.
        draft: Box<Up42Draft>,
        /// Why, and what to do.
        why: String,
    },
    /// Sent, outcome unknown: check, never resend unasked.
    Unknown {
        /// What was confirmed.
        draft: Box<Up42Draft>,
        /// What happened.
        message: String,
        /// What to look up.
        check: CheckHint,
    },
    /// The check is on its way.
    Checking {
        /// The request.
        id: RequestId,
        /// What was confirmed.
        draft: Box<Up42Draft>,
        /// What is looked up.
        check: CheckHint,
    },
}

impl Up42Step {
    /// Whether an order is on its way or its outcome unclear (the connection must not change).
    pub fn in_flight(&self) -> bool {
        matches!(
            self,
            Up42Step::Sending { .. } | Up42Step::Unknown { .. } | Up42Step::Checking { .. }
        )
    }

    /// The draft, whatever the step.
    pub fn draft(&self) -> Option<&Up42Draft> {
        match self {
            Up42Step::Closed => None,
            Up42Step::Confirming(draft)
            | Up42Step::Sending { draft, .. }
            | Up42Step::Placed { draft, .. }
            | Up42Step::Refused { draft, .. }
            | Up42Step::Unknown { draft, .. }
            | Up42Step::Checking { draft, .. } => Some(draft),
        }
    }
}
