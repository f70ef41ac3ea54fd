//! One error type for both services: a typed variant for each documented error body, and
//! messages that tell a person what to do next.

use std::time::Duration;

use serde::Deserialize;

use super::hint::CheckHint;

/// An error body as one of the services documents it. Unknown fields are ignored; whatever
/// shape arrives, `summary` gives one readable line.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    /// `{"errorCode":"E2203","message":"..."}`
    pub error_code: Option<String>,
    /// `{"code":"UNEXPECTED_SERVER_ERROR"}`
    pub code: Option<String>,
    /// Free text.
    pub message: Option<String>,
    /// `{correlationId, hint, internalCode, message, timestamp}`
    pub correlation_id: Option<String>,
    /// A hint from the service.
    pub hint: Option<String>,
    /// An internal code.
    pub internal_code: Option<serde_json::Value>,
    /// `{"errors":[{"code","locator","message"}]}` (attempts, feasibility).
    pub errors: Vec<OfferError>,
    /// UP42 / RFC 7807 style `{title, detail}`.
    pub title: Option<String>,
    /// UP42 / RFC 7807 detail.
    pub detail: Option<String>,
    /// OAuth error (token endpoints): `{"error":"invalid_grant","error_description":"..."}`.
    pub error: Option<serde_json::Value>,
    /// OAuth error description.
    #[serde(alias = "error_description")]
    pub error_description: Option<String>,
}

/// A per-offer or per-request error item: `{code, locator, message}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct OfferError {
    /// e.g. `ERR_MIN_AOI_AREA`, `ERR_NO_SENSOR_AVAILABLE`.
    pub code: String,
    /// What the error is about (`AOI`, `UNKNOWN`...).
    pub locator: Option<String>,
    /// The service's detail (for ERR_MIN_AOI_AREA, the minimum area in km²).
    pub message: Option<String>,
}

impl OfferError {
    /// A sentence a person can act on.
    pub fn describe(&self) -> String {
        let detail = self.message.clone().unwrap_or_default();
        match self.code.as_str() {
            "ERR_MIN_AOI_AREA" => format!(
                "the AOI is smaller than this offer's minimum of {detail} km²: enlarge it or choose OnePlan"
            ),
            "ERR_MAX_AOI_AREA" => format!(
                "the AOI is larger than this offer's maximum of {detail} km²: split it or choose OnePlan"
            ),
            "ERR_NO_SENSOR_AVAILABLE" => "no satellite can image this AOI in the requested window with these angles: widen the window or raise the maximum incidence angle".to_owned(),
            _ if detail.is_empty() => format!("{} ({})", self.code, self.locator.clone().unwrap_or_default()),
            _ => format!("{}: {detail}", self.code),
        }
    }
}

impl ErrorBody {
    /// One readable line from whatever fields the body had.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for code in [&self.error_code, &self.code].into_iter().flatten() {
            parts.push(code.clone());
        }
        if let Some(error) = &self.error {
            parts.push(
                error
                    .as_str()
                    .map_or_else(|| error.to_string(), str::to_owned),
            );
        }
        for text in [
            &self.title,
            &self.message,
            &self.detail,
            &self.hint,
            &self.error_description,
        ]
        .into_iter()
        .flatten()
        {
            parts.push(text.clone());
        }
        for item in &self.errors {
            parts.push(item.describe());
        }
        if let Some(id) = &self.correlation_id {
            parts.push(format!("correlation id {id}"));
        }
        if parts.is_empty() {
            "no detail given".to_owned()
        } else {
            parts.join(": ")
        }
    }
}

/// Which service a call went to (for messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Airbus OneAtlas.
    OneAtlas,
    /// UP42.
    Up42,
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Service::OneAtlas => "OneAtlas",
            Service::Up42 => "UP42",
        })
    }
}

/// Everything that can go wrong talking to a tasking service.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No credentials configured.
    #[error("no {service} credentials: {what}")]
    MissingCredentials {
        /// The service.
        service: Service,
        /// Which variable or setting to fill.
        what: String,
    },
    /// The token endpoint refused the credentials.
    #[error(
        "{service} refused the credentials ({detail}): check the API key / user name and password"
    )]
    BadCredentials {
        /// The service.
        service: Service,
        /// The service's words.
        detail: String,
    },
    /// Still 401 after renewing the token once.
    #[error(
        "{service} rejected the token even after renewing it ({detail}): check that the account may use this API, then try again"
    )]
    Unauthorized {
        /// The service.
        service: Service,
        /// The service's words.
        detail: String,
    },
    /// 429: too many requests.
    #[error("{service} says too many requests{}: wait and try again (OneAtlas bans clients for 10 minutes past 1 request per second)", retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// The service.
        service: Service,
        /// How long the service asked to wait.
        retry_after: Option<Duration>,
    },
    /// Attempts found no opportunity at all (`500 ERR_NO_SENSOR_AVAILABLE`).
    #[error(
        "no satellite can image this AOI in the requested window with these angles: widen the window, raise the maximum incidence angle, or choose another mission"
    )]
    NoSensorAvailable,
    /// The service refused the request with an error body.
    #[error("{service} refused the request (HTTP {status}): {}", body.summary())]
    Refused {
        /// The service.
        service: Service,
        /// HTTP status.
        status: u16,
        /// The documented body (boxed: errors stay small to pass around).
        body: Box<ErrorBody>,
    },
    /// The service failed (5xx) after the retries allowed.
    #[error("{service} failed (HTTP {status}): {}; try again in a few minutes", body.summary())]
    ServerError {
        /// The service.
        service: Service,
        /// HTTP status.
        status: u16,
        /// The documented body (boxed: errors stay small to pass around).
        body: Box<ErrorBody>,
    },
    /// The request never reached the service (connection refused, DNS, TLS).
    #[error(
        "cannot reach {service} at {url}: {detail}. Nothing was sent; check the network or the base URL"
    )]
    Unreachable {
        /// The service.
        service: Service,
        /// The URL tried.
        url: String,
        /// The cause.
        detail: String,
    },
    /// A read-only request failed in transit after the retries allowed.
    #[error("{service} did not answer {what}: {detail}; try again")]
    Transport {
        /// The service.
        service: Service,
        /// The call.
        what: String,
        /// The cause.
        detail: String,
    },
    /// A request that spends money was sent but no clear answer came back (no answer, a 5xx,
    /// an answer that cannot be read): it may or may not have been carried out, and it was NOT
    /// resent.
    #[error(
        "{what} was sent to {service} but no clear answer came back ({detail}); it may or may not have been carried out and was NOT resent. Check before trying again: {how_to_check}"
    )]
    OutcomeUnknown {
        /// The service.
        service: Service,
        /// The call.
        what: String,
        /// The cause.
        detail: String,
        /// What to look up to tell whether it happened.
        how_to_check: CheckHint,
    },
    /// The answer could not be understood.
    #[error(
        "{service} sent an answer to {what} that cannot be read ({detail}); the service may have changed: report it with this message"
    )]
    Malformed {
        /// The service.
        service: Service,
        /// The call.
        what: String,
        /// What was wrong.
        detail: String,
    },
    /// The request itself is wrong (caught before sending).
    #[error("{0}")]
    BadRequest(String),
}

impl ApiError {
    /// True when the service refused or could not do it (as opposed to a network problem).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            ApiError::BadCredentials { .. }
                | ApiError::Unauthorized { .. }
                | ApiError::RateLimited { .. }
                | ApiError::NoSensorAvailable
                | ApiError::Refused { .. }
                | ApiError::ServerError { .. }
                | ApiError::Malformed { .. }
        )
    }
}
