//! How the sandbox is configured (token lifetimes, pacing, faults, persistence, the starting
//! clock) and what can go wrong starting or stopping it; apart from `mod.rs`, so the HTTP side
//! reads them without importing its parent.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// How the sandbox behaves: token lifetimes, pacing, faults, persistence and the starting clock.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxConfig {
    /// Lifetime of a OneAtlas access token, seconds of the simulated clock (the real service: 3600).
    pub token_lifetime_secs: u64,
    /// Lifetime of a UP42 access token, seconds of the simulated clock (the real service: 300).
    pub up42_token_lifetime_secs: u64,
    /// Least time between two OneAtlas ordering requests, milliseconds of real time (the real
    /// service allows 1 per second); a request that comes sooner gets 429 with `Retry-After`.
    /// 0 disables pacing.
    pub ordering_min_interval_ms: u64,
    /// Faults injected in every API answer (not in `/sandbox/...`).
    pub faults: Faults,
    /// Where the state is loaded from at start and saved to (atomically) on changes and at shutdown.
    pub state_file: Option<PathBuf>,
    /// The simulated clock's start; the real time when `None`. A state file's saved clock wins.
    pub start_time: Option<OffsetDateTime>,
    /// After loading a state file whose clock is behind the real time, jump to the real time:
    /// the time the sandbox was closed passes, as it would for the real services (the sandbox
    /// inside the app). Off for `sattask sandbox`, whose saved clock is kept as it was.
    pub catch_up: bool,
}

impl Default for SandboxConfig {
    /// The real services' numbers: tokens of 3600 s (OneAtlas) and 300 s (UP42), 1 ordering
    /// request per second, no faults, no state file, the clock at the real time.
    fn default() -> Self {
        SandboxConfig {
            token_lifetime_secs: 3600,
            up42_token_lifetime_secs: 300,
            ordering_min_interval_ms: 1000,
            faults: Faults::default(),
            state_file: None,
            start_time: None,
            catch_up: false,
        }
    }
}

/// Faults injected in API answers; adjustable at runtime with `PUT /sandbox/faults`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Delay added before every answer, milliseconds.
    pub latency_ms: u64,
    /// Fraction of requests (0..=1) answered `503 {"code":"UNEXPECTED_SERVER_ERROR"}` without
    /// being handled.
    pub error_rate: f64,
    /// Fraction of requests (0..=1) whose connection is closed without an answer, after the
    /// request was handled (so a client cannot know whether an order went through).
    pub drop_rate: f64,
    /// The next API request (a token request aside) has its connection closed without an
    /// answer, before or after it is handled as this says; used once, then cleared. The fault a
    /// test chooses, where `drop_rate` picks one of the two at random.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drop_next: Option<DropPoint>,
    /// Calls that spend money or decide (orders, quotation requests, and every accept, refuse,
    /// cancel and stop; UP42's quotation decision) wait at the gate until this is turned off
    /// again: a stand-in as slow as a test needs, with no clock in it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hold_spending: bool,
}

/// When a dropped connection is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropPoint {
    /// Before the request is handled: nothing happened.
    Before,
    /// After it was handled: it happened, and the client cannot know.
    After,
}

/// What can go wrong starting or stopping the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The state file exists but cannot be read or understood (it is left as it is).
    #[error("cannot load the sandbox state from {path}: {detail}")]
    LoadState {
        /// The state file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// The state file could not be written.
    #[error("cannot save the sandbox state to {path}: {detail}")]
    SaveState {
        /// The state file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// Another sandbox (in another window, or `sattask sandbox --state` elsewhere) keeps its
    /// world in the same state file: two writers would overwrite each other's world.
    #[error("the sandbox's state file is taken: {0}")]
    StateInUse(#[from] crate::instance::InstanceError),
    /// The server stopped with an I/O error.
    #[error("the sandbox server failed: {0}")]
    Serve(std::io::Error),
    /// Waiting for Ctrl+C failed.
    #[error("cannot wait for Ctrl+C: {0}")]
    Signal(std::io::Error),
}
