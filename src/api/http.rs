//! Sending one API call: bearer token, 401 -> renew once and retry once, retries with backoff,
//! jitter and `Retry-After` for calls that spend nothing, never a resend for calls that spend
//! money, and the one-at-a-time pacing of OneAtlas ordering calls. For a call that spends
//! money only a clear refusal (a 4xx with the service's JSON error body, or a token refused) is
//! an error that proves nothing was done; a 5xx, an unreadable 2xx, a 4xx without an error body,
//! a timeout or a dropped connection is `ApiError::OutcomeUnknown`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;

use super::auth::TokenCache;
use super::error::{ApiError, ErrorBody, Service};
use super::hint::CheckHint;
use super::retry::{RetryPolicy, backoff};

/// Whether a call may be sent again when its outcome is unclear.
#[derive(Debug, Clone, PartialEq)]
pub enum Safety {
    /// Reads, or computes without side effects (feasibility, attempts, prices): retried.
    ReadOnly,
    /// Orders, acceptances, decisions: sent once; an unclear outcome is reported with how to check.
    SpendsMoney {
        /// What to look up to tell whether it happened.
        how_to_check: CheckHint,
    },
}

/// How a request body is encoded.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    None,
    /// `application/json`.
    Json(serde_json::Value),
    /// `application/merge-patch+json` (UP42 decisions).
    MergePatch(serde_json::Value),
}

/// One call to make.
#[derive(Debug, Clone)]
pub struct Call {
    /// For messages: "the order", "the taskings list".
    pub what: String,
    /// HTTP method.
    pub method: Method,
    /// Full URL.
    pub url: String,
    /// Query parameters (repeated keys allowed).
    pub query: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// Whether it may be resent.
    pub safety: Safety,
    /// Whether it goes through the ordering queue (one at a time, paced).
    pub paced: bool,
}

impl Call {
    /// A read-only GET.
    pub fn get(what: impl Into<String>, url: String) -> Self {
        Call {
            what: what.into(),
            method: Method::GET,
            url,
            query: Vec::new(),
            body: Body::None,
            safety: Safety::ReadOnly,
            paced: false,
        }
    }

    /// A POST with a JSON body, read-only until `spends_money` says otherwise.
    pub fn post(what: impl Into<String>, url: String, body: serde_json::Value) -> Self {
        Call {
            method: Method::POST,
            body: Body::Json(body),
            ..Call::get(what, url)
        }
    }

    /// A PUT with a JSON body (OneAtlas's quotation decisions).
    pub fn put(what: impl Into<String>, url: String, body: serde_json::Value) -> Self {
        Call {
            method: Method::PUT,
            body: Body::Json(body),
            ..Call::get(what, url)
        }
    }

    /// A PATCH with a JSON merge-patch body (UP42's decisions and choices).
    pub fn merge_patch(what: impl Into<String>, url: String, patch: serde_json::Value) -> Self {
        Call {
            method: Method::PATCH,
            body: Body::MergePatch(patch),
            ..Call::get(what, url)
        }
    }

    /// Marks the call as one that spends money or decides: never resent.
    pub fn spends_money(mut self, how_to_check: CheckHint) -> Self {
        self.safety = Safety::SpendsMoney { how_to_check };
        self
    }

    /// Sends it through the ordering queue.
    pub fn paced(mut self) -> Self {
        self.paced = true;
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_owned(), value.to_string()));
        self
    }
}

/// One at a time, at least `interval` apart (OneAtlas: 1 request per second, no parallel calls).
#[derive(Debug)]
pub struct Pacer {
    interval: Duration,
    last: tokio::sync::Mutex<Option<Instant>>,
}

impl Pacer {
    /// A pacer with a minimum interval between the end of one call and the start of the next.
    /// It starts as if a call had just ended: another process (an earlier `sattask api` command)
    /// may have called a moment ago, and OneAtlas bans a client for 10 minutes past its limit.
    pub fn new(interval: Duration) -> Self {
        Pacer {
            interval,
            last: tokio::sync::Mutex::new(Some(Instant::now())),
        }
    }
}

/// Sends calls for one service.
#[derive(Debug, Clone)]
pub struct Transport {
    /// The service, for messages.
    pub service: Service,
    /// The HTTP client (timeouts set).
    pub http: reqwest::Client,
    /// The token cache.
    pub tokens: Arc<TokenCache>,
    /// The ordering queue, when the service has one.
    pub pacer: Option<Arc<Pacer>>,
    /// Retries for read-only calls.
    pub retry: RetryPolicy,
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let text = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

enum Outcome {
    Done(Vec<u8>),
    Retry(Option<Duration>),
    Failed(Box<ApiError>),
}

impl Outcome {
    fn failed(error: ApiError) -> Self {
        Outcome::Failed(Box::new(error))
    }
}

impl Transport {
    /// Sends a call and reads its JSON answer.
    pub async fn json<T: DeserializeOwned>(&self, call: &Call) -> Result<T, ApiError> {
        let bytes = self.send(call).await?;
        let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"null".to_vec()
        } else {
            bytes
        };
        serde_json::from_slice(&bytes).map_err(|error| match &call.safety {
            // A 2xx came back: the call may well have been carried out, whatever its body says.
            Safety::SpendsMoney { how_to_check } => ApiError::OutcomeUnknown {
                service: self.service,
                what: call.what.clone(),
                detail: format!(
                    "the service answered success but the answer cannot be read: {error}"
                ),
                how_to_check: how_to_check.clone(),
            },
            Safety::ReadOnly => ApiError::Malformed {
                service: self.service,
                what: call.what.clone(),
                detail: error.to_string(),
            },
        })
    }

    /// Sends a call and returns the raw body of a 2xx answer.
    pub async fn send(&self, call: &Call) -> Result<Vec<u8>, ApiError> {
        let mut attempt = 0u32;
        let mut renewed = false;
        loop {
            attempt += 1;
            let token = self.tokens.token().await?;
            let outcome = if call.paced
                && let Some(pacer) = &self.pacer
            {
                let mut last = pacer.last.lock().await;
                if let Some(previous) = *last {
                    let ready = previous + pacer.interval;
                    tokio::time::sleep_until(ready.into()).await;
                }
                // Counted from now as well as from its end: a call dropped on its way (a
                // superseded price) still keeps the next one an interval behind it.
                *last = Some(Instant::now());
                let outcome = self.once(call, &token, attempt, &mut renewed).await;
                *last = Some(Instant::now());
                outcome
            } else {
                self.once(call, &token, attempt, &mut renewed).await
            };
            match outcome {
                Outcome::Done(bytes) => return Ok(bytes),
                Outcome::Failed(error) => return Err(*error),
                Outcome::Retry(wait) => {
                    let wait = backoff(attempt, wait.map(|w| w.min(self.retry.max_retry_after)));
                    tracing::info!(service = %self.service, what = %call.what, attempt, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn once(
        &self,
        call: &Call,
        token: &secrecy::SecretString,
        attempt: u32,
        renewed: &mut bool,
    ) -> Outcome {
        let read_only = call.safety == Safety::ReadOnly;
        let may_retry = read_only && attempt < self.retry.max_attempts;
        let mut request = self
            .http
            .request(call.method.clone(), &call.url)
            .bearer_auth(token.expose_secret())
            .query(&call.query);
        request = match &call.body {
            Body::None => request,
            Body::Json(value) => request.json(value),
            Body::MergePatch(value) => request
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/merge-patch+json",
                )
                .body(value.to_string()),
        };
        tracing::debug!(service = %self.service, method = %call.method, url = %call.url, attempt, "sending");
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return self.transport_failure(call, error, may_retry),
        };
        let status = response.status().as_u16();
        let wait = retry_after(&response);
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes.to_vec(),
            Err(error) => return self.transport_failure(call, error, may_retry),
        };
        if (200..300).contains(&status) {
            return Outcome::Done(bytes);
        }
        let parsed = error_body(&bytes);
        let is_error_body = parsed.is_some();
        let body = parsed.unwrap_or_else(|| ErrorBody {
            message: Some(String::from_utf8_lossy(&bytes).chars().take(300).collect()),
            ..ErrorBody::default()
        });
        let service = self.service;
        if let Safety::SpendsMoney { how_to_check } = &call.safety {
            // Only a 4xx with the service's own error body is a clear refusal; a 401/403 or a
            // 429 is refused before anything is done. Anything else may have been carried out.
            let clear = matches!(status, 401 | 403 | 429)
                || ((400..500).contains(&status) && is_error_body);
            if !clear {
                return Outcome::failed(ApiError::OutcomeUnknown {
                    service,
                    what: call.what.clone(),
                    detail: format!("HTTP {status}: {}", body.summary()),
                    how_to_check: how_to_check.clone(),
                });
            }
        }
        match status {
            401 if !*renewed => {
                // Refused before doing anything: renewing and resending once is safe even for orders.
                *renewed = true;
                self.tokens.invalidate(token).await;
                tracing::info!(%service, "token refused ({}); renewing once", body.summary());
                Outcome::Retry(Some(Duration::ZERO))
            }
            401 | 403 => Outcome::failed(ApiError::Unauthorized {
                service,
                detail: body.summary(),
            }),
            429 if may_retry => Outcome::Retry(wait),
            429 => Outcome::failed(ApiError::RateLimited {
                service,
                retry_after: wait,
            }),
            _ if body
                .errors
                .iter()
                .any(|e| e.code == "ERR_NO_SENSOR_AVAILABLE") =>
            {
                Outcome::failed(ApiError::NoSensorAvailable)
            }
            500..=599 if may_retry => Outcome::Retry(wait),
            500..=599 => Outcome::failed(ApiError::ServerError {
                service,
                status,
                body: Box::new(body),
            }),
            _ => Outcome::failed(ApiError::Refused {
                service,
                status,
                body: Box::new(body),
            }),
        }
    }

    fn transport_failure(&self, call: &Call, error: reqwest::Error, may_retry: bool) -> Outcome {
        let service = self.service;
        if error.is_connect() {
            // Nothing reached the service: retrying is safe for any call, but a person should decide.
            if may_retry {
                return Outcome::Retry(None);
            }
            return Outcome::failed(ApiError::Unreachable {
                service,
                url: call.url.clone(),
                detail: error.to_string(),
            });
        }
        match &call.safety {
            Safety::SpendsMoney { how_to_check } => Outcome::failed(ApiError::OutcomeUnknown {
                service,
                what: call.what.clone(),
                detail: describe_transport(&error),
                how_to_check: how_to_check.clone(),
            }),
            Safety::ReadOnly if may_retry => Outcome::Retry(None),
            Safety::ReadOnly => Outcome::failed(ApiError::Transport {
                service,
                what: call.what.clone(),
                detail: describe_transport(&error),
            }),
        }
    }
}

/// The service's JSON error body, when the bytes are one (a JSON object).
fn error_body(bytes: &[u8]) -> Option<ErrorBody> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if !value.is_object() {
        return None;
    }
    serde_json::from_value(value).ok()
}

fn describe_transport(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".to_owned()
    } else {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}
