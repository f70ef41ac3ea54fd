//! The gate every API request passes, in order: fault injection (latency, 503, dropped
//! connections), the bearer check (before the body is read), the body (at most 16 MiB), its
//! content type (JSON, else 415 as the real services answer), and the pacing of OneAtlas ordering
//! endpoints; every request goes to the request log, its body only when it was handled.
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
use serde_json::json;

use super::answer::{api_error, json_answer, up42_error};
use super::auth::{ONEATLAS_TOKEN_PATH, UP42_TOKEN_PATH, check_bearer};
use super::request_log::{LoggedRequest, MAX_LOGGED_BODY_BYTES};
use super::state::{Service, Shared};
use crate::sandbox::config::DropPoint;

/// The largest request body read, bytes.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Which service's bearer a path needs, if any.
fn service_of(path: &str) -> Option<Service> {
    if path.starts_with("/api/") {
        Some(Service::OneAtlas)
    } else if path.starts_with("/v2/") || path.starts_with("/orders/") {
        // `/orders/schema/{id}`: the one UP42 path outside `/v2/` the SDK calls with a bearer.
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

/// Whether a request spends money or decides (what `Faults::hold_spending` holds).
fn is_spending(method: &Method, path: &str) -> bool {
    let oneatlas = *method == Method::POST || *method == Method::PUT;
    (oneatlas
        && path.starts_with("/api/v1/")
        && (path == "/api/v1/orders"
            || path == "/api/v1/quotations"
            || ["/accept", "/refuse", "/cancel", "/stop"]
                .iter()
                .any(|verb| path.ends_with(verb))))
        || (*method == Method::PATCH && path.starts_with("/v2/tasking/quotation/"))
}

/// Whether a content type is JSON (`application/json`, or a `+json` type such as UP42's
/// `application/merge-patch+json`), parameters aside.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// What the request said of itself before its body is read.
struct Head {
    method: Method,
    path: String,
    query: Option<String>,
    content_type: Option<String>,
    /// `Content-Length`, when declared.
    declared_bytes: usize,
    at: time::OffsetDateTime,
}

impl Head {
    /// A log entry for this request; `body` only for a handled one.
    fn entry(
        &self,
        body: Option<&Bytes>,
        body_bytes: usize,
        status: Option<StatusCode>,
        outcome: &'static str,
    ) -> LoggedRequest {
        let body = body
            .filter(|b| !b.is_empty() && b.len() <= MAX_LOGGED_BODY_BYTES)
            .map(|b| String::from_utf8_lossy(b).into_owned());
        LoggedRequest {
            seq: 0,
            at: self.at,
            method: self.method.to_string(),
            path: self.path.clone(),
            query: self.query.clone(),
            content_type: self.content_type.clone(),
            body,
            body_bytes,
            status: status.map(|s| s.as_u16()),
            outcome,
        }
    }
}

/// The gate (an axum middleware): faults, the bearer check (before the body is read: an
/// unauthenticated body is never read), the body, its content type, pacing, then the handler.
/// Every request is logged; the body only of a handled one.
pub(crate) async fn gate(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let is_token = {
        let path = parts.uri.path();
        path == ONEATLAS_TOKEN_PATH || path == UP42_TOKEN_PATH
    };
    let (at, faults, drop_next) = {
        let mut inner = shared.lock();
        // A drop chosen by the test is used once, by the next call that is not a token's.
        let drop_next = if is_token {
            None
        } else {
            inner.runtime.faults.drop_next.take()
        };
        (inner.clock.now(), inner.runtime.faults, drop_next)
    };
    let head = Head {
        method: parts.method.clone(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        content_type: header_text(header::CONTENT_TYPE),
        declared_bytes: header_text(header::CONTENT_LENGTH)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        at,
    };
    let refused = |response: Response, outcome: &'static str, size: usize| {
        shared.log(head.entry(None, size, Some(response.status()), outcome));
        response
    };

    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if faults.error_rate > 0.0 && fastrand::f64() < faults.error_rate {
        let answer = json_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"code": "UNEXPECTED_SERVER_ERROR"}),
        );
        return refused(answer, "fault_error", head.declared_bytes);
    }
    // A dropped connection happens before the request is handled or after (then the client
    // cannot know whether an order went through): as the test chose, else at random.
    let drop = match drop_next {
        Some(point) => Some(point),
        None if faults.drop_rate > 0.0 && fastrand::f64() < faults.drop_rate => {
            Some(if fastrand::bool() {
                DropPoint::Before
            } else {
                DropPoint::After
            })
        }
        None => None,
    };
    if drop == Some(DropPoint::Before) {
        shared.log(head.entry(None, head.declared_bytes, None, "fault_drop_before"));
        return dropped();
    }
    if is_spending(&head.method, &head.path) {
        // Held until the test turns the fault off; a closed channel (the sandbox stopping)
        // lets it go too.
        let _ = shared.hold.subscribe().wait_for(|held| !*held).await;
    }
    let service = service_of(&head.path).filter(|_| !is_token);
    if let Some(service) = service
        && let Err(unauthorized) = check_bearer(&shared, &parts.headers, service)
    {
        return refused(unauthorized, "unauthorized", head.declared_bytes);
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        let answer = json_answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"code": "PAYLOAD_TOO_LARGE", "message": "the request body is larger than 16 MiB: send a smaller one"}),
        );
        return refused(answer, "too_large", head.declared_bytes);
    };
    if let Some(service) = service
        && !bytes.is_empty()
        && !head.content_type.as_deref().is_some_and(is_json)
    {
        let sent = head.content_type.as_deref().unwrap_or("no Content-Type");
        let message = format!(
            "the body was sent as {sent}: these APIs read JSON only; send it with Content-Type: application/json"
        );
        let answer = match service {
            Service::OneAtlas => api_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                message,
                "Content-Type: application/json",
                at,
            ),
            Service::Up42 => up42_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, message),
        };
        return refused(answer, "unsupported_media_type", bytes.len());
    }
    if is_paced(&head.path)
        && let Some(paced) = pace(&shared, at)
    {
        return refused(paced, "paced", bytes.len());
    }

    let size = bytes.len();
    let logged = (!is_token).then(|| bytes.clone());
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if head.method != Method::GET
        && head.method != Method::HEAD
        && let Err(error) = shared.save()
    {
        tracing::warn!(%error, "sandbox state not saved");
    }
    if drop == Some(DropPoint::After) {
        shared.log(head.entry(logged.as_ref(), size, None, "fault_drop_after"));
        return dropped();
    }
    shared.log(head.entry(logged.as_ref(), size, Some(response.status()), "handled"));
    response
}

/// The pacing of the ordering endpoints: `Some(429)` when the last accepted ordering request
/// came less than the interval ago; otherwise this one is counted.
fn pace(shared: &Shared, at: time::OffsetDateTime) -> Option<Response> {
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
    if wait.is_zero() {
        return None;
    }
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
    Some(response)
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
