//! The sandbox's HTTP side: the axum router, the gate every API request passes (request log,
//! fault injection, bearer check, pacing), the handlers of OneAtlas, UP42 and the control
//! endpoints, and the lock around the simulated world ([`state`]). Handlers read requests into
//! the plain values of [`super::sim`] and write the services' answers from them.

// Handlers answer errors as complete HTTP responses (axum's `Result<Response, Response>` idiom);
// an error is answered once per request, never in a loop, so its size does not matter.
#![allow(clippy::result_large_err)]

mod answer;
mod auth;
mod control;
mod gate;
mod oneatlas;
mod ordering;
mod request_log;
pub(crate) mod routes;
mod spring;
pub(crate) mod state;
mod tracking;
mod up42;
mod up42_amend;
mod up42_assets;
mod up42_catalog;
