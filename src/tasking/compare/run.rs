//! Sends a comparison's requests through the shared OneAtlas client (and so its pacing: one
//! ordering call at a time), one after the other, reading each answer in as it arrives.

use std::collections::VecDeque;

use crate::api::oneatlas::OneAtlasClient;

use super::machine::{Answer, Comparison, Job, Ticket, measured};
use super::row::refusal_words;
use crate::aoi::mission::Endpoint;

/// Sends one request; the answer, or the failure in words.
pub async fn send(client: &OneAtlasClient, job: &Job) -> Answer {
    match job {
        Job::Capacity {
            endpoint,
            request,
            aoi,
        } => {
            let answer = match endpoint {
                Endpoint::Feasibility => client.feasibility(request).await,
                Endpoint::Attempts => client.attempts(request).await,
            };
            match answer {
                Ok(answer) => measured(answer, aoi),
                Err(e) => Answer::Capacity(Err(refusal_words(&e))),
            }
        }
        Job::Options {
            contract,
            product,
            aoi,
        } => Answer::Options(
            client
                .options(contract, product, aoi)
                .await
                .map_err(|e| refusal_words(&e)),
        ),
        Job::Price(request) => {
            Answer::Price(client.price(request).await.map_err(|e| refusal_words(&e)))
        }
    }
}

/// Sends every request of `tickets` and each follow-up until every row is answered, calling
/// `answered` after each answer (a progress line, a table filling in).
pub async fn run_all<K: PartialEq + Clone>(
    client: &OneAtlasClient,
    comparison: &mut Comparison<K>,
    tickets: Vec<Ticket>,
    mut answered: impl FnMut(&Comparison<K>),
) {
    let mut queue: VecDeque<Ticket> = tickets.into();
    while let Some(ticket) = queue.pop_front() {
        let answer = send(client, &ticket.job).await;
        if let Some(next) = comparison.answer(&ticket, answer) {
            queue.push_back(next);
        }
        answered(comparison);
    }
}
