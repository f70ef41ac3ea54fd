//! The gate every API request passes, in order: the request log, fault injection (latency,
//! 503, dropped connections), the bearer check, and the pacing of OneAtlas ordering endpoints.
//! After the handler, the state file is saved if the request could have changed something.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::answer::{api_error, json_answer};
use super::auth::{ONEATLAS_TOKEN_PATH, UP42_TOKEN_PATH, check_bearer};
use super::state::{LoggedRequest, Service, Shared};

/// The largest request body read, bytes.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Which service's bearer a path needs, if any.
fn service_of(path: &str) -> Option<Service> {
    if path.starts_with("/api/") {
        Some(Service::OneAtlas)
    } else if path.starts_with("/v2/") {
        Some(Service::Up42)
    } else {
        None
    }
}

/// Whether a path is a OneAtlas ordering endpoint (paced at 1 request per second). The catalog
/// (`/api/v2/opensearch`) has its own, much higher, limit.
fn is_paced(path: &str) -> bool {
    path.starts_with("/api/v1/") || path.starts_with("/api/v2/orders")
}

/// The gate (an axum middleware).
pub(crate) async fn gate(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let method = request.method().clone();
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return json_answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"code": "PAYLOAD_TOO_LARGE", "message": "the request body is larger than 16 MiB"}),
        );
    };
    let is_token = path == ONEATLAS_TOKEN_PATH || path == UP42_TOKEN_PATH;
    let logged_body = if bytes.is_empty() || is_token {
        None
    } else {
        Some(
            serde_json::from_slice::<Value>(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        )
    };
    let (at, faults) = {
        let inner = shared.lock();
        (inner.clock.now(), inner.runtime.faults)
    };
    let log = |status: Option<StatusCode>, outcome: &str| {
        shared.log(LoggedRequest {
            seq: 0,
            at,
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            content_type: content_type.clone(),
            body: logged_body.clone(),
            status: status.map(|s| s.as_u16()),
            outcome: outcome.into(),
        });
    };

    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if faults.error_rate > 0.0 && fastrand::f64() < faults.error_rate {
        log(Some(StatusCode::SERVICE_UNAVAILABLE), "fault_error");
        return json_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"code": "UNEXPECTED_SERVER_ERROR"}),
        );
    }
    // A dropped connection happens before the request is handled or after (then the client
    // cannot know whether an order went through), one or the other at random.
    let drop = faults.drop_rate > 0.0 && fastrand::f64() < faults.drop_rate;
    if drop && fastrand::bool() {
        log(None, "fault_drop_before");
        return dropped();
    }

    let (response, outcome) = pass(&shared, &path, at, parts, bytes, next).await;
    if method != Method::GET
        && method != Method::HEAD
        && let Err(error) = shared.save()
    {
        tracing::warn!(%error, "sandbox state not saved");
    }
    if drop {
        log(None, "fault_drop_after");
        return dropped();
    }
    log(Some(response.status()), outcome);
    response
}

/// The bearer check, the pacing, then the handler; with what happened, for the log.
async fn pass(
    shared: &Shared,
    path: &str,
    at: time::OffsetDateTime,
    parts: axum::http::request::Parts,
    bytes: Bytes,
    next: Next,
) -> (Response, &'static str) {
    let is_token = path == ONEATLAS_TOKEN_PATH || path == UP42_TOKEN_PATH;
    if let Some(service) = service_of(path)
        && !is_token
        && let Err(unauthorized) = check_bearer(shared, &parts.headers, service)
    {
        return (unauthorized, "unauthorized");
    }
    if is_paced(path) {
        let interval = Duration::from_millis(shared.config.ordering_min_interval_ms);
        let wait = {
            let mut inner = shared.lock();
            let now = Instant::now();
            let wait = inner
                .runtime
                .last_ordering
                .map(|last| (last + interval).saturating_duration_since(now))
                .unwrap_or(Duration::ZERO);
            if wait.is_zero() {
                inner.runtime.last_ordering = Some(now);
            }
            wait
        };
        if !wait.is_zero() {
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            let mut response = api_error(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests: the ordering API accepts 1 request per second; send one request at a time",
                format!("retry after {seconds} s"),
                at,
            );
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return (response, "paced");
        }
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    (response, "handled")
}

/// An answer whose body fails before its first byte: hyper then closes the connection without
/// sending anything, which the client sees as a connection closed without an answer.
fn dropped() -> Response {
    (StatusCode::OK, Body::new(FailingBody)).into_response()
}

/// A body that fails at once.
struct FailingBody;

impl http_body::Body for FailingBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::other(
            "connection dropped by the sandbox",
        ))))
    }
}
