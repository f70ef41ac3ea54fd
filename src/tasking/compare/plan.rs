//! Which pairs a contract allows, which step each takes, and the request each sends first.

use time::OffsetDateTime;

use crate::aoi::Aoi;
use crate::aoi::mission::{AcquisitionMode, Endpoint, Mission, Offer};
use crate::api::ids::ContractId;
use crate::api::oneatlas::models::FeasibilityRequest;
use crate::tasking::requests::{RequestError, WindowParams, feasibility_request};
use crate::tasking::workflow::form::prog_type_name;

/// One mission and one offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pair {
    /// The satellite family.
    pub mission: Mission,
    /// The offer.
    pub offer: Offer,
}

impl Pair {
    /// The step the guide gives this offer: OnePlan asks feasibility, OneDay and OneNow the
    /// attempts.
    pub fn endpoint(self) -> Endpoint {
        match self.offer {
            Offer::OnePlan => Endpoint::Feasibility,
            Offer::OneDay | Offer::OneNow => Endpoint::Attempts,
        }
    }
}

/// The pairs a contract allows: a Pléiades Neo contract tasks Pléiades Neo only, another
/// Pléiades and SPOT; each with OneDay, OneNow and OnePlan, in the order they are shown.
pub fn pairs(neo_contract: bool) -> Vec<Pair> {
    let missions: &[Mission] = if neo_contract {
        &[Mission::PleiadesNeo]
    } else {
        &[Mission::Pleiades, Mission::Spot]
    };
    missions
        .iter()
        .flat_map(|&mission| {
            Offer::ALL
                .into_iter()
                .map(move |offer| Pair { mission, offer })
        })
        .collect()
}

/// What every request of a comparison shares.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareParams {
    /// The contract.
    pub contract: ContractId,
    /// Whether it is a Pléiades Neo contract.
    pub neo_contract: bool,
    /// Window start (attempts look 7 days on from it).
    pub start: OffsetDateTime,
    /// OnePlan window end.
    pub end: OffsetDateTime,
    /// Maximum cloud cover, percent.
    pub max_cloud_pct: f64,
    /// Maximum incidence angle, degrees.
    pub max_incidence_deg: f64,
    /// When the comparison is made: an attempt past its order deadline is not offered.
    pub now: OffsetDateTime,
}

impl CompareParams {
    /// The window of one pair, as `tasking::requests` takes it.
    pub fn window(&self, pair: Pair) -> WindowParams {
        WindowParams {
            contract: self.contract.clone(),
            missions: vec![pair.mission],
            offers: vec![prog_type_name(pair.mission, pair.offer).to_owned()],
            start: self.start,
            end: (pair.offer == Offer::OnePlan).then_some(self.end),
            max_cloud_pct: self.max_cloud_pct,
            max_incidence_deg: self.max_incidence_deg,
            mode: AcquisitionMode::Mono,
        }
    }

    /// The first request of a pair: its feasibility or its attempts.
    pub fn capacity_request(
        &self,
        aoi: &Aoi,
        pair: Pair,
    ) -> Result<FeasibilityRequest, RequestError> {
        feasibility_request(aoi, &self.window(pair))
    }
}
