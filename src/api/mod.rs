//! Typed async clients for the tasking services: OneAtlas (legacy and Pléiades Neo contracts)
//! and UP42. One error type, a token cache with single-flight renewal, retries for calls that
//! spend nothing, send-once for calls that spend money, and paced OneAtlas ordering calls.

pub mod auth;
pub mod credentials;
pub mod error;
pub mod hint;
pub mod http;
pub mod ids;
pub mod oneatlas;
pub mod permit;
pub mod retry;
pub mod tolerant;
pub mod up42;

use std::time::Duration;

pub use error::{ApiError, ErrorBody, OfferError, Service};
pub use hint::CheckHint;
pub use permit::SpendPermit;

/// Where each service lives. The real hosts by default; one base URL for all (the sandbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    /// OneAtlas token endpoint host.
    pub oneatlas_auth: String,
    /// OneAtlas ordering host (contracts, feasibility, orders, taskings...).
    pub oneatlas_order: String,
    /// OneAtlas data host (`/api/v1/me`).
    pub oneatlas_data: String,
    /// OneAtlas search host (`/api/v2/opensearch`).
    pub oneatlas_search: String,
    /// UP42 token host.
    pub up42_auth: String,
    /// UP42 API host.
    pub up42_api: String,
}

impl Hosts {
    /// The services' documented hosts.
    pub fn real() -> Self {
        Hosts {
            oneatlas_auth: "https://authenticate.foundation.api.oneatlas.airbus.com".to_owned(),
            oneatlas_order: "https://order.api.oneatlas.airbus.com".to_owned(),
            oneatlas_data: "https://data.api.oneatlas.airbus.com".to_owned(),
            oneatlas_search: "https://search.foundation.api.oneatlas.airbus.com".to_owned(),
            up42_auth: "https://auth.up42.com".to_owned(),
            up42_api: "https://api.up42.com".to_owned(),
        }
    }

    /// Every service at one base URL (what the sandbox serves).
    pub fn all_at(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/').to_owned();
        Hosts {
            oneatlas_auth: base.clone(),
            oneatlas_order: base.clone(),
            oneatlas_data: base.clone(),
            oneatlas_search: base.clone(),
            up42_auth: base.clone(),
            up42_api: base,
        }
    }
}

/// Timeouts and pacing shared by the clients.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// Connection timeout.
    pub connect_timeout: Duration,
    /// Whole-request timeout.
    pub request_timeout: Duration,
    /// Minimum gap between OneAtlas ordering calls (1 s for the real service).
    pub ordering_interval: Duration,
    /// Retries of calls that spend nothing.
    pub retry: retry::RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            ordering_interval: Duration::from_secs(1),
            retry: retry::RetryPolicy::default(),
        }
    }
}

impl ClientOptions {
    /// Builds the HTTP client with our user agent and timeouts.
    pub fn http_client(&self) -> Result<reqwest::Client, ApiError> {
        reqwest::Client::builder()
            .user_agent(concat!("sattask/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .build()
            .map_err(|e| ApiError::BadRequest(format!("cannot set up HTTP: {e}")))
    }
}
