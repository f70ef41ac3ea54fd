//! Access tokens: fetched with the documented form posts, cached with their `expires_in`,
//! renewed ahead of expiry, one renewal at a time however many callers wait.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::error::{ApiError, ErrorBody, Service};
use super::retry::{RetryPolicy, backoff};

/// Where and how a token is obtained.
pub enum TokenSource {
    /// OneAtlas: `apikey=<key>&grant_type=api_key&client_id=IDP`.
    OneAtlasApiKey {
        /// The token endpoint.
        url: String,
        /// The API key (spends the customer's money).
        api_key: SecretString,
    },
    /// UP42: `username=..&password=..&grant_type=password&client_id=up42-api`.
    Up42Password {
        /// The token endpoint.
        url: String,
        /// The account e-mail.
        username: String,
        /// The password.
        password: SecretString,
    },
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenSource::OneAtlasApiKey { url, .. } => f
                .debug_struct("OneAtlasApiKey")
                .field("url", url)
                .field("api_key", &"[redacted]")
                .finish(),
            TokenSource::Up42Password { url, username, .. } => f
                .debug_struct("Up42Password")
                .field("url", url)
                .field("username", username)
                .field("password", &"[redacted]")
                .finish(),
        }
    }
}

impl TokenSource {
    fn service(&self) -> Service {
        match self {
            TokenSource::OneAtlasApiKey { .. } => Service::OneAtlas,
            TokenSource::Up42Password { .. } => Service::Up42,
        }
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<u64>,
}

struct Token {
    value: SecretString,
    fetched_at: Instant,
    lifetime: Duration,
}

impl Token {
    /// Renew ahead of expiry: 30 s early (as UP42's SDK does), or a fifth of a short lifetime.
    fn is_fresh(&self) -> bool {
        let margin = Duration::from_secs(30).min(self.lifetime / 5);
        self.fetched_at.elapsed() + margin < self.lifetime
    }
}

/// A cached token with single-flight renewal.
pub struct TokenCache {
    source: TokenSource,
    http: reqwest::Client,
    /// The client's retry settings: a token request that fails to connect or answers 5xx is
    /// tried again as often as any call that spends nothing.
    retry: RetryPolicy,
    current: tokio::sync::Mutex<Option<Token>>,
    fetches: AtomicU64,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("source", &self.source)
            .field("fetches", &self.fetches.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    /// A cache that fetches from `source` with `http`.
    pub fn new(source: TokenSource, http: reqwest::Client, retry: RetryPolicy) -> Self {
        Self {
            source,
            http,
            retry,
            current: tokio::sync::Mutex::new(None),
            fetches: AtomicU64::new(0),
        }
    }

    /// How many tokens were fetched so far.
    pub fn fetch_count(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// A valid token, fetched only when the cached one is missing or about to expire. Callers
    /// that arrive during a renewal wait for it instead of starting their own.
    pub async fn token(&self) -> Result<SecretString, ApiError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref()
            && token.is_fresh()
        {
            return Ok(token.value.clone());
        }
        let token = self.fetch().await?;
        let value = token.value.clone();
        *current = Some(token);
        Ok(value)
    }

    /// Forgets `used` if it is still the cached token (after a 401), so the next call renews.
    pub async fn invalidate(&self, used: &SecretString) {
        let mut current = self.current.lock().await;
        if current
            .as_ref()
            .is_some_and(|t| t.value.expose_secret() == used.expose_secret())
        {
            *current = None;
        }
    }

    async fn fetch(&self) -> Result<Token, ApiError> {
        let service = self.source.service();
        let (url, form): (&str, Vec<(&str, &str)>) = match &self.source {
            TokenSource::OneAtlasApiKey { url, api_key } => (
                url,
                vec![
                    ("apikey", api_key.expose_secret()),
                    ("grant_type", "api_key"),
                    ("client_id", "IDP"),
                ],
            ),
            TokenSource::Up42Password {
                url,
                username,
                password,
            } => (
                url,
                vec![
                    ("username", username.as_str()),
                    ("password", password.expose_secret()),
                    ("grant_type", "password"),
                    ("client_id", "up42-api"),
                ],
            ),
        };
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            self.fetches.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(%service, url, attempt, "requesting a token");
            let sent = self.http.post(url).form(&form).send().await;
            let response = match sent {
                Ok(response) => response,
                Err(error) if attempt < self.retry.max_attempts => {
                    tracing::info!(%service, attempt, "token request failed ({error}); retrying");
                    tokio::time::sleep(backoff(attempt, None)).await;
                    continue;
                }
                Err(error) => {
                    return Err(ApiError::Unreachable {
                        service,
                        url: url.to_owned(),
                        detail: error.to_string(),
                    });
                }
            };
            let status = response.status().as_u16();
            let bytes = response.bytes().await.unwrap_or_default();
            if (500..600).contains(&status) && attempt < self.retry.max_attempts {
                tokio::time::sleep(backoff(attempt, None)).await;
                continue;
            }
            if !(200..300).contains(&status) {
                let body: ErrorBody = serde_json::from_slice(&bytes).unwrap_or_default();
                return Err(if (400..500).contains(&status) {
                    ApiError::BadCredentials {
                        service,
                        detail: body.summary(),
                    }
                } else {
                    ApiError::ServerError {
                        service,
                        status,
                        body: Box::new(body),
                    }
                });
            }
            let answer: TokenAnswer =
                serde_json::from_slice(&bytes).map_err(|error| ApiError::Malformed {
                    service,
                    what: "the token request".to_owned(),
                    detail: error.to_string(),
                })?;
            return Ok(Token {
                value: SecretString::from(answer.access_token),
                fetched_at: Instant::now(),
                lifetime: Duration::from_secs(answer.expires_in.unwrap_or(300)),
            });
        }
    }
}
