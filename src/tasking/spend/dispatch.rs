//! From a call a front end asks for to the client call that makes it, through the journal: the
//! only code that makes a [`SpendPermit`], so the only caller of the spending client methods.
//! The window (`app::jobs`) and the command line (`cli::api`) both spend through [`spend`] and
//! check through [`check`].

use serde_json::Value;

use super::identity::{Spending, spend_of};
use super::journal::Destination;
use super::money::{MoneyError, MoneyPath};
use super::reconcile::{Reconciliation, reconcile};
use super::reconcile_up42::{is_up42, reconcile_up42};
use crate::api::oneatlas::OneAtlasClient;
use crate::api::up42::{Decision, Up42Client};
use crate::api::{ApiError, SpendPermit};
use crate::tasking::act::Act;

/// A client and where its calls go; the client is missing with the reason (no key...).
#[derive(Debug, Clone)]
pub struct Reach<C> {
    /// The client, or why there is none.
    pub client: Result<C, String>,
    /// Where its calls go, as the journal records it.
    pub at: Destination,
}

/// The clients a front end has, each with where it goes.
#[derive(Debug, Clone)]
pub struct Clients {
    /// OneAtlas (orders, decisions on taskings, Pléiades Neo).
    pub oneatlas: Reach<OneAtlasClient>,
    /// UP42 (tasking orders, feasibility options, quotation decisions).
    pub up42: Reach<Up42Client>,
}

/// Journals `spending` (refused while the same request stands, unless `again`), sends it once
/// through its client and journals the outcome; the service's answer as JSON.
pub async fn spend(
    money: &MoneyPath,
    clients: &Clients,
    spending: Spending,
    again: bool,
) -> Result<Value, MoneyError> {
    // No client, nothing journaled: say so before anything is written.
    let destination = if spending.goes_to_up42() {
        clients.up42.client.as_ref().err().map_or_else(
            || Ok(clients.up42.at.clone()),
            |why| Err(MoneyError::NoClient(why.clone())),
        )?
    } else {
        clients.oneatlas.client.as_ref().err().map_or_else(
            || Ok(clients.oneatlas.at.clone()),
            |why| Err(MoneyError::NoClient(why.clone())),
        )?
    };
    let ticket = money.begin(spend_of(&spending), destination, again)?;
    money.send(ticket, dispatch(clients, &spending)).await
}

/// The one client call for a spending call. Only [`spend`] calls it, after the journal entry.
async fn dispatch(clients: &Clients, spending: &Spending) -> Result<Value, ApiError> {
    let permit = SpendPermit::journaled();
    let missing = |why: &String| ApiError::BadRequest(why.clone());
    if spending.goes_to_up42() {
        let client = clients.up42.client.as_ref().map_err(missing)?;
        return dispatch_up42(client, spending, permit).await;
    }
    let client = clients.oneatlas.client.as_ref().map_err(missing)?;
    match spending {
        Spending::Order {
            request,
            quotation: false,
        } => {
            let answer = client.order(permit, request).await?;
            serde_json::to_value(answer)
                .map_err(|e| ApiError::BadRequest(format!("cannot print the answer: {e}")))
        }
        Spending::Order {
            request,
            quotation: true,
        } => client.request_quotation(permit, request).await,
        Spending::Decide(
            act @ (Act::AcceptSegment {
                contract,
                tasking,
                segment,
            }
            | Act::RefuseSegment {
                contract,
                tasking,
                segment,
            }),
        ) => {
            let accept = matches!(act, Act::AcceptSegment { .. });
            client
                .decide_segment(permit, contract, tasking, segment, accept)
                .await
        }
        Spending::Decide(
            act @ (Act::Cancel { contract, tasking } | Act::Stop { contract, tasking }),
        ) => {
            let stop = matches!(act, Act::Stop { .. });
            client.end_tasking(permit, contract, tasking, stop).await
        }
        Spending::Decide(Act::NeoQuotation {
            contract,
            quotation,
            accept,
            ..
        }) => {
            client
                .decide_quotation(permit, contract, quotation, *accept)
                .await
        }
        Spending::Decide(Act::Coverage {
            coverage, accept, ..
        }) => client.decide_coverage(permit, coverage, *accept).await,
        Spending::Decide(Act::EndOrderItem { item, stop }) => {
            client.end_order_item(permit, item, *stop).await
        }
        Spending::Decide(
            Act::AcceptQuotation { .. }
            | Act::RejectQuotation { .. }
            | Act::ChooseStudyOption { .. },
        )
        | Spending::Up42Order { .. }
        | Spending::ChooseStudyOption { .. } => Err(ApiError::BadRequest(
            "a UP42 call goes to UP42: nothing was sent".to_owned(),
        )),
    }
}

/// The one UP42 client call for a spending call: the only caller of `place_order`,
/// `choose_feasibility_option` and `decide_quotation`.
async fn dispatch_up42(
    client: &Up42Client,
    spending: &Spending,
    permit: SpendPermit,
) -> Result<Value, ApiError> {
    let printed =
        |e: serde_json::Error| ApiError::BadRequest(format!("cannot print the answer: {e}"));
    match spending {
        Spending::Up42Order { workspace, request } => {
            let check = spend_of(spending).check;
            let placed = client
                .place_order(permit, workspace, request, check)
                .await?;
            serde_json::to_value(placed).map_err(printed)
        }
        Spending::ChooseStudyOption { study, option }
        | Spending::Decide(Act::ChooseStudyOption { study, option, .. }) => {
            client
                .choose_feasibility_option(permit, study, option)
                .await
        }
        Spending::Decide(
            act @ (Act::AcceptQuotation { id, .. } | Act::RejectQuotation { id, .. }),
        ) => {
            let decision = if matches!(act, Act::AcceptQuotation { .. }) {
                Decision::Accepted
            } else {
                Decision::Rejected
            };
            let quotation = client.decide_quotation(permit, id, decision).await?;
            serde_json::to_value(quotation).map_err(printed)
        }
        _ => Err(ApiError::BadRequest(
            "not a UP42 call: nothing was sent".to_owned(),
        )),
    }
}

/// Looks up unclear journal entries and settles each one the look-up answers. `entry` names
/// one entry; without it, every unclear entry with this check hint (what the window's order
/// and decision steps know). Only where they went: an entry that went to another service or
/// host (or whose host is unknown, unless connected to Airbus OneAtlas's real hosts) is not
/// looked up, and the error says where it went. An entry being sent right now is not settled.
pub async fn check(
    money: &MoneyPath,
    clients: &Clients,
    hint: &crate::api::CheckHint,
    entry: Option<&str>,
) -> Result<Reconciliation, MoneyError> {
    // A UP42 call is filed as gone to UP42's host; everything else to OneAtlas's.
    let up42 = is_up42(hint);
    let connected = if up42 {
        &clients.up42.at
    } else {
        &clients.oneatlas.at
    };
    let ids: Vec<String> = match entry {
        Some(id) => vec![money.checkable(id, connected)?.id],
        None => {
            let same: Vec<_> = money
                .unclear()
                .into_iter()
                .filter(|e| e.check.as_ref() == Some(hint))
                .collect();
            let mut here = Vec::new();
            let mut refusal = None;
            for candidate in same {
                match money.checkable(&candidate.id, connected) {
                    Ok(found) => here.push(found.id),
                    Err(error) => refusal = Some(error),
                }
            }
            match (here.is_empty(), refusal) {
                (true, Some(error)) => return Err(error),
                _ => here,
            }
        }
    };
    let no_client = |why: &String| MoneyError::NoClient(why.clone());
    let found = if up42 {
        let client = clients.up42.client.as_ref().map_err(no_client)?;
        reconcile_up42(client, hint).await
    } else {
        let client = clients.oneatlas.client.as_ref().map_err(no_client)?;
        reconcile(client, hint).await
    }
    .map_err(|e| MoneyError::Refused(Box::new(e)))?;
    let detail = match &found {
        Reconciliation::Found { detail } => Some(detail.clone()),
        Reconciliation::NotFound => None,
        Reconciliation::CannotTell { .. } => return Ok(found),
    };
    for id in ids {
        money.settle(&id, detail.clone(), connected)?;
    }
    Ok(found)
}
