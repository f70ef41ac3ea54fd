//! The sandbox: a local HTTP server that simulates the Airbus OneAtlas and UP42 tasking APIs at
//! their real paths, from one origin, so the app and its clients do their whole job with no
//! account and no network.
//!
//! Two halves, with no import going back: [`sim`], the simulated world in plain values (orbits,
//! rules, prices, segment keys, the life cycle of taskings and quotations), and `http`, the axum
//! router, the gate every API request passes (request log, fault injection, bearer check,
//! pacing), the handlers and the control endpoints under `/sandbox/`. `docs/sandbox-model.md` describes the model, its simplifications, the fixed
//! credentials and the control endpoints.
//!
//! Fixed credentials: OneAtlas API key `sandbox`; UP42 user `sandbox@example.com`, password
//! `sandbox`.

mod http;
pub mod sim;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use http::state::{ONEATLAS_API_KEY, UP42_PASSWORD, UP42_USERNAME};
use http::{routes, state};

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
    /// The server stopped with an I/O error.
    #[error("the sandbox server failed: {0}")]
    Serve(std::io::Error),
    /// Waiting for Ctrl+C failed.
    #[error("cannot wait for Ctrl+C: {0}")]
    Signal(std::io::Error),
}

/// A running sandbox server; stop it with [`Sandbox::shutdown`] (dropping it stops serving too,
/// without saving).
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<state::Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), std::io::Error>>,
}

impl Sandbox {
    /// Binds `addr` (port 0 picks a free port), loads the state file if any, and serves in a
    /// tokio task.
    pub async fn start(addr: SocketAddr, config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let shared = Arc::new(state::Shared::new(config)?);
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| SandboxError::Bind { addr, source })?;
        let app = routes::router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        });
        tracing::info!(%local, "sandbox listening");
        Ok(Sandbox {
            addr: local,
            shared,
            stop: Some(stop),
            task,
        })
    }

    /// The origin of every simulated API, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving (open connections get up to 5 s to finish) and saves the state file (a
    /// failure to save is logged; [`serve_forever`] reports it).
    pub async fn shutdown(self) {
        if let Err(error) = self.stop().await {
            tracing::warn!(%error, "sandbox state not saved at shutdown");
        }
    }

    async fn stop(mut self) -> Result<(), SandboxError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = &mut self.task;
        if tokio::time::timeout(Duration::from_secs(5), &mut *task)
            .await
            .is_err()
        {
            task.abort();
        }
        self.shared.save_now()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if self.stop.is_some() {
            self.task.abort();
        }
    }
}

/// Serves until Ctrl+C (for `sattask sandbox`), then saves the state file.
pub async fn serve_forever(addr: SocketAddr, config: SandboxConfig) -> Result<(), SandboxError> {
    let sandbox = Sandbox::start(addr, config).await?;
    println!(
        "sandbox serving OneAtlas and UP42 at {} (OneAtlas API key `{}`, UP42 `{}` / `{}`); Ctrl+C stops it",
        sandbox.base_url(),
        ONEATLAS_API_KEY,
        UP42_USERNAME,
        UP42_PASSWORD
    );
    let signal = tokio::signal::ctrl_c().await;
    let saved = sandbox.stop().await;
    signal.map_err(SandboxError::Signal)?;
    saved
}
