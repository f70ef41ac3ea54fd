//! The sandbox: a local HTTP server that simulates the Airbus OneAtlas and UP42 tasking APIs at
//! their real paths, from one origin, so the app and its clients do their whole job with no
//! account and no network.
//!
//! Two halves, with no import going back: [`sim`], the simulated world in plain values (orbits,
//! rules, prices, segment keys, the life cycle of taskings and quotations), and `http`, the axum
//! router, the gate every API request passes (request log, fault injection, bearer check,
//! pacing), the handlers and the control endpoints under `/sandbox/`; `config` holds what both
//! this module and `http` read. `docs/sandbox-model.md` describes the model, its
//! simplifications, the fixed credentials and the control endpoints.
//!
//! Fixed credentials: OneAtlas API key `sandbox`; UP42 user `sandbox@example.com`, password
//! `sandbox`.

mod config;
mod http;
pub mod sim;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{DropPoint, Faults, SandboxConfig, SandboxError};
pub use http::state::{ONEATLAS_API_KEY, UP42_PASSWORD, UP42_USERNAME};
use http::{routes, state};

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
