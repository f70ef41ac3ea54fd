//! The comparison as a state machine on plain values: `start` gives the first requests,
//! `answer` reads each answer into its row and gives the follow-up (the options, then the
//! price, where the offer is priced automatically), `cancel` stops waiting, and a newer AOI
//! or revision drops every answer still on its way (latest wins).

use crate::aoi::Aoi;
use crate::aoi::measure::measure;
use crate::aoi::mission::{Endpoint, Mission, Offer};
use crate::api::ids::{ContractId, ProductTypeId};
use crate::api::oneatlas::models::{
    CapacityAnswer, FeasibilityRequest, OptionList, OrderRequest, PriceAnswer,
};
use crate::tasking::requests::{OrderParams, feasibility_properties, order_request};
use crate::tasking::workflow::attempts::{Attempt, attempts_of};
use crate::tasking::workflow::form::product_type;
use crate::tasking::workflow::options::{missing_keys, with_defaults};

use super::plan::{CompareParams, Pair, pairs};
use super::row::{Row, Stage, Verdict};

/// A request to send.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// `POST /api/v1/feasibility` or `/attempts`.
    Capacity {
        /// Which of the two.
        endpoint: Endpoint,
        /// The body.
        request: FeasibilityRequest,
        /// The AOI, for each footprint's coverage.
        aoi: Aoi,
    },
    /// `POST /api/v1/productTypes/{p}/options`.
    Options {
        /// The contract.
        contract: ContractId,
        /// The product type.
        product: ProductTypeId,
        /// The AOI.
        aoi: Aoi,
    },
    /// `POST /api/v1/prices`.
    Price(OrderRequest),
}

/// A request tied to the comparison and the row it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// Which comparison (a later one drops this one's answers).
    pub run: u64,
    /// Which row.
    pub row: usize,
    /// What to send.
    pub job: Job,
}

/// An answer, or the failure in words (see `refusal_words`).
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Feasibility or attempts, with the attempts measured against the AOI.
    Capacity(Result<(CapacityAnswer, Vec<Attempt>), String>),
    /// Production options.
    Options(Result<OptionList, String>),
    /// A price.
    Price(Result<PriceAnswer, String>),
}

/// How many rows are answered, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Rows answered.
    pub answered: usize,
    /// Rows asked.
    pub total: usize,
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {} answered", self.answered, self.total)
    }
}

/// A comparison for one AOI revision (`K` identifies it).
#[derive(Debug, Clone)]
pub struct Comparison<K> {
    key: Option<K>,
    run: u64,
    rows: Vec<Row>,
    aoi: Option<Aoi>,
    params: Option<CompareParams>,
}

impl<K> Default for Comparison<K> {
    fn default() -> Self {
        Comparison {
            key: None,
            run: 0,
            rows: Vec::new(),
            aoi: None,
            params: None,
        }
    }
}

impl<K: PartialEq + Clone> Comparison<K> {
    /// Starts comparing every pair the contract allows for `aoi` (identified by `key`),
    /// dropping any comparison before; the first request of each pair, or why none can be sent.
    pub fn start(
        &mut self,
        key: K,
        aoi: &Aoi,
        params: CompareParams,
    ) -> Result<Vec<Ticket>, String> {
        let pairs = pairs(params.neo_contract);
        let mut requests = Vec::with_capacity(pairs.len());
        for pair in &pairs {
            let request = params
                .capacity_request(aoi, *pair)
                .map_err(|e| e.to_string())?;
            requests.push((pair.endpoint(), request));
        }
        let area_km2 = measure(aoi).map_or(0.0, |m| m.area_km2);
        self.run += 1;
        self.key = Some(key);
        self.rows = pairs.iter().map(|&p| Row::waiting(p, area_km2)).collect();
        self.aoi = Some(aoi.clone());
        self.params = Some(params);
        Ok(requests
            .into_iter()
            .enumerate()
            .map(|(row, (endpoint, request))| Ticket {
                run: self.run,
                row,
                job: Job::Capacity {
                    endpoint,
                    request,
                    aoi: aoi.clone(),
                },
            })
            .collect())
    }

    /// The AOI the person works on now: another AOI or revision drops the table and every
    /// answer still on its way; none (a click beside the map) keeps it.
    pub fn set_target(&mut self, key: Option<K>) {
        if key.is_some() && key != self.key {
            self.run += 1;
            self.key = key;
            self.rows.clear();
            self.aoi = None;
            self.params = None;
        }
    }

    /// Stops waiting: every row not answered says it was cancelled; later answers are dropped.
    pub fn cancel(&mut self) {
        self.run += 1;
        for row in self.rows.iter_mut().filter(|r| !r.answered()) {
            if row.verdict == Verdict::Waiting {
                row.verdict = Verdict::Cancelled;
            } else {
                row.price_note = Some("cancelled before the price came".to_owned());
            }
            row.waiting = None;
        }
    }

    /// The rows, in the order of the pairs.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Whether answers are still awaited.
    pub fn running(&self) -> bool {
        self.rows.iter().any(|r| !r.answered())
    }

    /// How many rows are answered, of how many.
    pub fn progress(&self) -> Progress {
        Progress {
            answered: self.rows.iter().filter(|r| r.answered()).count(),
            total: self.rows.len(),
        }
    }

    /// Reads an answer to `ticket` into its row; the follow-up request, if any. An answer of an
    /// earlier or cancelled comparison, or one the row no longer waits for, changes nothing.
    pub fn answer(&mut self, ticket: &Ticket, answer: Answer) -> Option<Ticket> {
        if ticket.run != self.run {
            return None;
        }
        let (Some(aoi), Some(params)) = (self.aoi.clone(), self.params.clone()) else {
            return None;
        };
        let row = self.rows.get_mut(ticket.row)?;
        let expected = match answer {
            Answer::Capacity(_) => Stage::Capacity,
            Answer::Options(_) => Stage::Options,
            Answer::Price(_) => Stage::Price,
        };
        if row.waiting != Some(expected) {
            return None;
        }
        row.waiting = None;
        let job = match answer {
            Answer::Capacity(Err(why)) => {
                row.verdict = Verdict::Refused(why);
                None
            }
            Answer::Capacity(Ok((answer, attempts))) => {
                row.read_capacity(&answer, attempts);
                row.first = row
                    .attempts
                    .iter()
                    .find(|a| a.orderable_at(params.now))
                    .cloned();
                price_start(row, &params, &aoi)
            }
            Answer::Options(Err(why)) => {
                row.price_note = Some(format!(
                    "no price: the production options did not come ({why})"
                ));
                None
            }
            Answer::Options(Ok(list)) => price_request(row, &params, &aoi, &list),
            Answer::Price(Err(why)) => {
                row.price_note = Some(format!("no price: {why}"));
                None
            }
            Answer::Price(Ok(price)) => {
                row.read_price(&price);
                None
            }
        };
        job.map(|(stage, job)| {
            row.waiting = Some(stage);
            Ticket {
                run: self.run,
                row: ticket.row,
                job,
            }
        })
    }
}

/// After the capacity answer: the options request where the offer is priced automatically,
/// else the reason it is not.
fn price_start(row: &mut Row, params: &CompareParams, aoi: &Aoi) -> Option<(Stage, Job)> {
    let Pair { mission, offer } = row.pair;
    let priced = match (&row.verdict, offer) {
        (Verdict::Attempts, _) if row.first.is_none() => {
            row.price_note = Some("no price: every attempt's order deadline has passed".to_owned());
            false
        }
        (Verdict::Attempts, _) => true,
        (Verdict::Feasible { .. }, Offer::OnePlan) if mission == Mission::PleiadesNeo => {
            row.price_note =
                Some("a quotation: Pléiades Neo OnePlan is studied by hand".to_owned());
            false
        }
        (Verdict::Feasible { .. }, _)
            if row.feasibility.as_ref().is_some_and(|f| f.is_automatic()) =>
        {
            true
        }
        (Verdict::Feasible { .. }, _) => {
            row.price_note = Some("no price until Airbus studies it by hand".to_owned());
            false
        }
        _ => false,
    };
    priced.then(|| {
        (
            Stage::Options,
            Job::Options {
                contract: params.contract.clone(),
                product: ProductTypeId(product_type(mission, offer).to_owned()),
                aoi: aoi.clone(),
            },
        )
    })
}

/// After the options: the price request with the service's default options, or why none.
fn price_request(
    row: &mut Row,
    params: &CompareParams,
    aoi: &Aoi,
    list: &OptionList,
) -> Option<(Stage, Job)> {
    let Pair { mission, offer } = row.pair;
    let options = with_defaults(list, &[]);
    let missing = missing_keys(list, &options);
    if !missing.is_empty() {
        row.price_note = Some(format!(
            "no price: choose {} (no default given) in the window",
            missing.join(", ")
        ));
        return None;
    }
    let mut properties = Vec::new();
    if offer == Offer::OnePlan {
        properties.push((
            "maxCloudCover".to_owned(),
            serde_json::json!(params.max_cloud_pct),
        ));
        properties.push((
            "maxIncidenceAngle".to_owned(),
            serde_json::json!(params.max_incidence_deg),
        ));
        properties.push(("acquisitionMode".to_owned(), serde_json::json!("MONO")));
        if let Some(feasibility) = &row.feasibility {
            properties.extend(feasibility_properties(feasibility));
        }
    }
    let order = OrderParams {
        contract: params.contract.clone(),
        product: ProductTypeId(product_type(mission, offer).to_owned()),
        segment_key: row.first.as_ref().map(|a| a.segment_key.clone()),
        options,
        properties,
        acq_period: (offer == Offer::OnePlan).then_some((params.start, params.end)),
        customer_reference: None,
        market: "NQUAL".to_owned(),
        workspace: None,
    };
    match order_request(aoi, &order) {
        Ok(request) => Some((Stage::Price, Job::Price(request))),
        Err(e) => {
            row.price_note = Some(format!("no price: {e}"));
            None
        }
    }
}

/// The attempts of a capacity answer measured against the AOI (off the window's thread).
pub fn measured(answer: CapacityAnswer, aoi: &Aoi) -> Answer {
    let attempts = attempts_of(&answer, aoi);
    Answer::Capacity(Ok((answer, attempts)))
}
