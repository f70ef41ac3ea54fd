//! The order step: a draft the person confirms (naming the AOI, product, attempt, billed area and
//! amount), then sending, and every way it can end. An unclear outcome offers a check, never a
//! resend.

use time::OffsetDateTime;

use crate::api::CheckHint;
use crate::api::oneatlas::models::OrderRequest;
use crate::tasking::RequestId;
use crate::tasking::amount::money;

/// What the confirmation names, and the body to send.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderDraft {
    /// The body (the customer reference is set from `customer_reference` when sent).
    pub request: OrderRequest,
    /// A quotation request (Pléiades Neo manual tasking) rather than an order.
    pub quotation: bool,
    /// The AOI's name.
    pub aoi_name: String,
    /// The product, for people and by its id.
    pub product: String,
    /// The contract charged.
    pub contract: String,
    /// The chosen attempt's satellite and time, when there is one.
    pub attempt: Option<(String, OffsetDateTime)>,
    /// Billed area, km².
    pub billed_km2: Option<f64>,
    /// The amount that will be charged; none when a study or a quotation sets it later.
    pub amount: Option<f64>,
    /// Its currency.
    pub currency: String,
    /// The reference to find the order again (editable).
    pub customer_reference: String,
    /// Everything else that makes the purchase, in words (window or attempt, limits, mode,
    /// feasibility, options, billed area).
    pub terms: Vec<super::terms::Term>,
    /// Earlier purchases of the same image (same AOI, same pass or window) with another body:
    /// the order is sent only once the person says it is meant (`buy_again`).
    pub earlier: Vec<crate::tasking::spend::earlier::Earlier>,
    /// The person chose to buy again despite `earlier`.
    pub buy_again: bool,
    /// The AOI (and revision) it orders.
    pub aoi_key: Option<super::AoiKey>,
    /// The search of the contract's taskings for an earlier order of this image, on its way.
    pub checking: Option<crate::tasking::RequestId>,
    /// Why that search could not be made, when it could not.
    pub earlier_note: Option<String>,
}

impl OrderDraft {
    /// Whether `Confirm` may send it: the search for earlier orders answered, and nothing
    /// bought earlier or bought again on purpose.
    pub fn may_send(&self) -> bool {
        self.checking.is_none() && (self.earlier.is_empty() || self.buy_again)
    }
}

impl OrderDraft {
    /// The outer ring of the AOI the order is for (empty when the body names none).
    pub fn aoi_ring(&self) -> Vec<crate::aoi::LonLat> {
        self.request
            .aoi
            .first()
            .map(|a| a.geometry.outer_ring())
            .unwrap_or_default()
    }

    /// "1 234.50 EUR", or when the price comes.
    pub fn amount_text(&self) -> String {
        match self.amount {
            Some(amount) => money(amount, &self.currency),
            None if self.quotation => "set by the quotation".to_owned(),
            None => "set by Airbus's manual study, which you confirm before anything is charged"
                .to_owned(),
        }
    }

    /// The body with the reference as typed.
    pub fn body(&self) -> OrderRequest {
        let mut request = self.request.clone();
        let reference = self.customer_reference.trim();
        request.customer_reference = (!reference.is_empty()).then(|| reference.to_owned());
        request
    }
}

/// Where the order stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum OrderStep {
    /// Nothing asked.
    #[default]
    Idle,
    /// The confirmation is open.
    Confirming(OrderDraft),
    /// Sent once; waiting for the answer. Nothing the person clicks sends it again.
    Sending {
        /// The request.
        id: RequestId,
        /// What was sent.
        draft: OrderDraft,
    },
    /// The service confirmed it.
    Placed {
        /// What was sent.
        draft: OrderDraft,
        /// The service's id (salesOrderId, quotation id) and what it said.
        receipt: String,
    },
    /// The service refused it: nothing was spent.
    Refused {
        /// What was sent.
        draft: OrderDraft,
        /// The service's words and what to do.
        message: String,
    },
    /// It may or may not have happened: check, never resend unasked.
    Unknown {
        /// What was sent.
        draft: OrderDraft,
        /// What happened.
        message: String,
        /// How to find out.
        check: CheckHint,
    },
    /// Looking the order up.
    Checking {
        /// The request.
        id: RequestId,
        /// What was sent.
        draft: OrderDraft,
        /// How.
        check: CheckHint,
    },
}

impl OrderStep {
    /// The draft, whatever the step.
    pub fn draft(&self) -> Option<&OrderDraft> {
        match self {
            OrderStep::Idle => None,
            OrderStep::Confirming(draft)
            | OrderStep::Sending { draft, .. }
            | OrderStep::Placed { draft, .. }
            | OrderStep::Refused { draft, .. }
            | OrderStep::Unknown { draft, .. }
            | OrderStep::Checking { draft, .. } => Some(draft),
        }
    }

    /// Money may be on its way: the step must not be dropped by an edit.
    pub fn in_flight(&self) -> bool {
        matches!(
            self,
            OrderStep::Sending { .. } | OrderStep::Unknown { .. } | OrderStep::Checking { .. }
        )
    }
}
