//! Helpers shared by the integration tests that talk HTTP on 127.0.0.1, to the sandbox or to
//! a port nobody listens on: starting the sandbox, tokens, its clock and request log, a
//! session that sends requests with a bearer token, and the typed clients' options.

pub mod spending;

use std::time::Duration;

use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use sattask::api::oneatlas::OneAtlasClient;
use sattask::api::retry::RetryPolicy;
use sattask::api::{ClientOptions, Hosts};
use sattask::sandbox::{Sandbox, SandboxConfig};
use secrecy::SecretString;
use serde_json::{Value, json};
use time::OffsetDateTime;

/// The sandbox's defaults but ordering calls are not paced, and the simulated clock starts at
/// `start_time` (`None`: now).
pub fn unpaced(start_time: Option<OffsetDateTime>) -> SandboxConfig {
    SandboxConfig {
        ordering_min_interval_ms: 0,
        start_time,
        ..SandboxConfig::default()
    }
}

/// A sandbox on a free port of 127.0.0.1.
pub async fn start_sandbox(config: SandboxConfig) -> Sandbox {
    Sandbox::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

/// An `http://` base URL on a loopback port nobody listens on.
pub fn unreachable_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// The sandbox's OneAtlas token endpoint asked with the API key `key`: status and answer.
pub async fn oneatlas_token(base: &str, key: &str) -> (StatusCode, Value) {
    let request = Client::new()
        .post(format!(
            "{base}/auth/realms/IDP/protocol/openid-connect/token"
        ))
        .form(&[
            ("apikey", key),
            ("grant_type", "api_key"),
            ("client_id", "IDP"),
        ]);
    json_answer(request).await
}

/// The sandbox's UP42 token endpoint asked for the sandbox user with `password`: status and
/// answer.
pub async fn up42_token(base: &str, password: &str) -> (StatusCode, Value) {
    let request = Client::new()
        .post(format!(
            "{base}/realms/public/protocol/openid-connect/token"
        ))
        .form(&[
            ("username", "sandbox@example.com"),
            ("password", password),
            ("grant_type", "password"),
            ("client_id", "up42-api"),
        ]);
    json_answer(request).await
}

/// `request` sent: the answer's status and JSON body.
pub async fn json_answer(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

/// The bearer token in a token endpoint's answer.
pub fn access_token(answer: &Value) -> String {
    answer["access_token"].as_str().unwrap().to_string()
}

/// `POST /sandbox/clock/advance`: the simulated clock moves `seconds` on. An error status
/// fails the test; the answer is returned for further checks.
pub async fn advance_clock(base: &str, seconds: u64) -> Response {
    Client::new()
        .post(format!("{base}/sandbox/clock/advance"))
        .json(&json!({ "seconds": seconds }))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
}

/// `GET /sandbox/clock`: the simulated clock's answer (`now`).
pub async fn sandbox_clock(base: &str) -> Value {
    reqwest::get(format!("{base}/sandbox/clock"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `PUT /sandbox/faults`: the faults the sandbox applies from now on.
pub async fn set_faults(base: &str, faults: Value) {
    Client::new()
        .put(format!("{base}/sandbox/faults"))
        .json(&faults)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

/// `GET /sandbox/requests`: the requests the sandbox logged, oldest first.
pub async fn request_log(base: &str) -> Vec<Value> {
    let log: Value = reqwest::get(format!("{base}/sandbox/requests"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    log["requests"].as_array().unwrap().clone()
}

/// The guide's attempts AOI over Toulouse (about 10.7 × 12.3 km, 132 km²) as a GeoJSON polygon.
pub fn toulouse_geojson() -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [1.3763809204101562, 43.545313140623726], [1.5095901489257812, 43.545313140623726],
        [1.5095901489257812, 43.656198305413156], [1.3763809204101562, 43.656198305413156],
        [1.3763809204101562, 43.545313140623726]]]})
}

/// Which of the sandbox's services a [`Session`] takes its tokens from.
#[derive(Clone, Copy)]
pub enum Service {
    OneAtlas,
    Up42,
}

/// Requests to a running sandbox with a bearer token of one service.
pub struct Session {
    pub client: Client,
    pub base: String,
    pub token: String,
    service: Service,
}

impl Session {
    /// A session on `sandbox` without a token yet (see [`Session::renew`]).
    pub fn new(sandbox: &Sandbox, service: Service) -> Session {
        Session {
            client: Client::new(),
            base: sandbox.base_url(),
            token: String::new(),
            service,
        }
    }

    /// A session on `sandbox` holding a OneAtlas token.
    pub async fn oneatlas(sandbox: &Sandbox) -> Session {
        let mut session = Session::new(sandbox, Service::OneAtlas);
        session.renew().await;
        session
    }

    /// Takes a fresh token for the sandbox user, which must be granted; returns the token
    /// endpoint's answer.
    pub async fn renew(&mut self) -> Value {
        let (status, answer) = match self.service {
            Service::OneAtlas => oneatlas_token(&self.base, "sandbox").await,
            Service::Up42 => up42_token(&self.base, "sandbox").await,
        };
        assert_eq!(status, StatusCode::OK, "{answer}");
        self.token = access_token(&answer);
        answer
    }

    /// Advances the simulated clock and takes a fresh token (the old one may have expired);
    /// returns the new token's answer.
    pub async fn advance(&mut self, seconds: u64) -> Value {
        let response = advance_clock(&self.base, seconds).await;
        assert_eq!(response.status(), StatusCode::OK);
        self.renew().await
    }

    /// A request to `path` (below the base URL, query included) carrying the bearer token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        json_answer(self.request(Method::GET, path)).await
    }

    /// A JSON body posted; an answer that is not JSON reads as `null`.
    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .request(Method::POST, path)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A `PUT` without a body.
    pub async fn put(&self, path: &str) -> (StatusCode, Value) {
        json_answer(self.request(Method::PUT, path)).await
    }

    /// A `PATCH` of `body` sent as `content_type`.
    pub async fn patch(&self, path: &str, content_type: &str, body: &Value) -> (StatusCode, Value) {
        let request = self
            .request(Method::PATCH, path)
            .header("Content-Type", content_type)
            .body(body.to_string());
        json_answer(request).await
    }
}

/// The typed clients' options for tests: short connect timeout, no ordering pause, at most
/// two seconds' wait on a `Retry-After`.
pub fn client_options(request_timeout: Duration, max_attempts: u32) -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout,
        ordering_interval: Duration::ZERO,
        retry: RetryPolicy {
            max_attempts,
            max_retry_after: Duration::from_secs(2),
        },
    }
}

/// A OneAtlas client with every host at `base`.
pub fn oneatlas_client(base: &str, api_key: &str, options: &ClientOptions) -> OneAtlasClient {
    OneAtlasClient::new(
        Hosts::all_at(base),
        SecretString::from(api_key.to_owned()),
        options,
    )
    .unwrap()
}
