//! One row of the table: what a pair's answers say, in the words a buyer compares.

use crate::aoi::mission::{Endpoint, billed_area_km2};
use crate::api::ApiError;
use crate::api::oneatlas::models::{CapacityAnswer, Feasibility, PriceAnswer, ProgType};
use crate::tasking::workflow::attempts::Attempt;
use crate::tasking::workflow::form::prog_type_name;

use super::plan::Pair;

/// What the service said of a pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Not answered yet.
    Waiting,
    /// Feasibility: AUTOMATIC or MANUAL, EASY or CHALLENGING.
    Feasible {
        /// AUTOMATIC or MANUAL.
        automation: String,
        /// EASY or CHALLENGING, when given.
        classification: Option<String>,
    },
    /// Attempts were offered: ordered on one of them, priced at once.
    Attempts,
    /// Refused, in words a person can act on.
    Refused(String),
    /// The comparison was cancelled before the answer came.
    Cancelled,
}

impl Verdict {
    /// The verdict as the table shows it.
    pub fn words(&self) -> String {
        match self {
            Verdict::Waiting => "waiting…".to_owned(),
            Verdict::Feasible {
                automation,
                classification: Some(class),
            } => format!("{automation}, {class}"),
            Verdict::Feasible { automation, .. } => automation.clone(),
            Verdict::Attempts => "AUTOMATIC".to_owned(),
            Verdict::Refused(why) => format!("refused: {why}"),
            Verdict::Cancelled => "cancelled".to_owned(),
        }
    }
}

/// A price.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// What will be charged.
    pub amount: f64,
    /// e.g. EUR (empty when the service gave none).
    pub currency: String,
}

/// Which request a row still waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Its feasibility or attempts.
    Capacity,
    /// The production options its price needs.
    Options,
    /// Its price.
    Price,
}

/// One pair's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Mission and offer.
    pub pair: Pair,
    /// The verdict.
    pub verdict: Verdict,
    /// The first attempt still orderable (OneDay, OneNow).
    pub first: Option<Attempt>,
    /// Every attempt of the answer, in acquisition order.
    pub attempts: Vec<Attempt>,
    /// The area invoiced, km².
    pub billed_area_km2: f64,
    /// The price, when the offer is priced automatically.
    pub price: Option<Money>,
    /// Why there is no price, when there is none and the verdict does not say.
    pub price_note: Option<String>,
    /// The feasibility answer (OnePlan: its price carries it).
    pub feasibility: Option<Feasibility>,
    /// What it still waits for (`None`: answered).
    pub waiting: Option<Stage>,
}

impl Row {
    /// A row waiting for its first answer.
    pub fn waiting(pair: Pair, area_km2: f64) -> Self {
        Row {
            pair,
            verdict: Verdict::Waiting,
            first: None,
            attempts: Vec::new(),
            billed_area_km2: billed_area_km2(area_km2, pair.mission, pair.offer),
            price: None,
            price_note: None,
            feasibility: None,
            waiting: Some(Stage::Capacity),
        }
    }

    /// Whether every answer it waited for came (or will never come).
    pub fn answered(&self) -> bool {
        self.waiting.is_none()
    }

    /// Reads the capacity answer (feasibility or attempts) into the row.
    pub fn read_capacity(&mut self, answer: &CapacityAnswer, attempts: Vec<Attempt>) {
        let Some(offer) = offer_of(answer, self.pair) else {
            self.verdict = Verdict::Refused(format!(
                "the answer named no {} for {}: ask again, or report it",
                self.pair.offer.label(),
                self.pair.mission.label()
            ));
            return;
        };
        if !offer.errors.is_empty() && (!offer.available || offer.segments.is_empty()) {
            self.verdict = Verdict::Refused(described(offer));
            return;
        }
        match self.pair.endpoint() {
            Endpoint::Feasibility => match &offer.feasibility {
                Some(feasibility) if offer.available => {
                    self.verdict = Verdict::Feasible {
                        automation: feasibility
                            .automation
                            .clone()
                            .unwrap_or_else(|| "not said".to_owned()),
                        classification: feasibility.classification.clone(),
                    };
                    self.feasibility = Some(feasibility.clone());
                }
                _ => self.verdict = Verdict::Refused(described(offer)),
            },
            Endpoint::Attempts => {
                self.attempts = attempts;
                if self.attempts.is_empty() {
                    self.verdict = Verdict::Refused(
                        "no attempt in the 7 days from the start: move the start or raise the maximum incidence".to_owned(),
                    );
                } else {
                    self.verdict = Verdict::Attempts;
                }
            }
        }
    }

    /// Reads a price answer into the row.
    pub fn read_price(&mut self, answer: &PriceAnswer) {
        self.price = Some(Money {
            amount: answer.total_amount,
            currency: answer.currency.clone().unwrap_or_default(),
        });
        if let Some(area) = answer.product_types.iter().find_map(|p| p.area_km2) {
            self.billed_area_km2 = area;
        }
    }
}

/// The offer of an answer that answers `pair`.
fn offer_of(answer: &CapacityAnswer, pair: Pair) -> Option<&ProgType> {
    let name = prog_type_name(pair.mission, pair.offer);
    answer.offers().find(|o| {
        o.name.eq_ignore_ascii_case(name)
            && (o.mission.is_empty() || o.mission.eq_ignore_ascii_case(pair.mission.api_name()))
    })
}

fn described(offer: &ProgType) -> String {
    if offer.errors.is_empty() {
        "not available for this AOI, window and angles".to_owned()
    } else {
        let words: Vec<String> = offer.errors.iter().map(|e| e.describe()).collect();
        words.join("; ")
    }
}

/// A failed request in the words of the table: the per-offer errors as
/// `OfferError::describe` words them, else the error's own message.
pub fn refusal_words(error: &ApiError) -> String {
    match error {
        ApiError::Refused { body, .. } if !body.errors.is_empty() => {
            let words: Vec<String> = body.errors.iter().map(|e| e.describe()).collect();
            words.join("; ")
        }
        other => other.to_string(),
    }
}
