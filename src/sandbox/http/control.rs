//! The control endpoints under `/sandbox/` (no token, no faults, no pacing): the clock, faults,
//! token lifetimes, the request log and a reset.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use time::Duration;

use super::answer::{Answer, json_answer, ok, parse_body};
use super::state::Shared;
use crate::sandbox::config::Faults;
use crate::sandbox::sim::values::{iso_millis, value_f64};

fn control_error(message: impl Into<String>) -> axum::response::Response {
    json_answer(
        StatusCode::BAD_REQUEST,
        json!({"code": "BAD_REQUEST", "message": message.into()}),
    )
}

fn clock_body(shared: &Shared) -> Value {
    let mut inner = shared.lock();
    let now = inner.now_and_tick();
    json!({"now": iso_millis(now), "unix": now.unix_timestamp()})
}

/// `GET /sandbox/clock` → `{"now": ISO, "unix": seconds}`.
pub(crate) async fn get_clock(State(shared): State<Arc<Shared>>) -> Answer {
    ok(clock_body(&shared))
}

/// `POST /sandbox/clock/advance {"seconds": n}`: jumps the simulated clock ahead; taskings,
/// quotations and orders catch up at once.
pub(crate) async fn advance_clock(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let Some(seconds) = body.get("seconds").and_then(value_f64) else {
        return Err(control_error("expected {\"seconds\": n} with n ≥ 0"));
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(control_error(
            "the clock only moves forward: seconds must be ≥ 0",
        ));
    }
    {
        let mut inner = shared.lock();
        inner.clock.advance(Duration::seconds_f64(seconds));
        inner.touch();
    }
    let answer = clock_body(&shared);
    if let Err(error) = shared.save() {
        tracing::warn!(%error, "sandbox state not saved");
    }
    ok(answer)
}

/// `GET /sandbox/faults`.
pub(crate) async fn get_faults(State(shared): State<Arc<Shared>>) -> Answer {
    let faults = shared.lock().runtime.faults;
    ok(json!(faults))
}

/// `PUT /sandbox/faults {latency_ms, error_rate, drop_rate, drop_next, hold_spending}`
/// (missing fields become 0, none, false).
pub(crate) async fn put_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let faults: Faults = serde_json::from_value(body).map_err(|e| {
        control_error(format!(
            "expected {{latency_ms, error_rate, drop_rate}}: {e}"
        ))
    })?;
    let rate_ok = |r: f64| (0.0..=1.0).contains(&r);
    if !rate_ok(faults.error_rate) || !rate_ok(faults.drop_rate) {
        return Err(control_error(
            "error_rate and drop_rate are fractions between 0 and 1",
        ));
    }
    shared.lock().runtime.faults = faults;
    shared.hold.send_replace(faults.hold_spending);
    ok(json!(faults))
}

/// `PUT /sandbox/token-lifetime {"oneatlas_secs": n, "up42_secs": m}` (either may be left out):
/// the lifetime of tokens issued from now on.
pub(crate) async fn put_token_lifetime(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let body = parse_body(&body)?;
    let read = |key: &str| -> Result<Option<u64>, axum::response::Response> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_u64().filter(|&s| s > 0).map(Some).ok_or_else(|| {
                control_error(format!("{key} must be a positive whole number of seconds"))
            }),
        }
    };
    let oneatlas = read("oneatlas_secs")?;
    let up42 = read("up42_secs")?;
    let mut inner = shared.lock();
    if let Some(secs) = oneatlas {
        inner.runtime.oneatlas_token_secs = secs;
    }
    if let Some(secs) = up42 {
        inner.runtime.up42_token_secs = secs;
    }
    ok(json!({
        "oneatlas_secs": inner.runtime.oneatlas_token_secs,
        "up42_secs": inner.runtime.up42_token_secs,
    }))
}

/// `GET /sandbox/requests` → `{"requests": [{seq, at, method, path, query, contentType, body,
/// bodyBytes, status, outcome}]}`, oldest first.
pub(crate) async fn get_requests(State(shared): State<Arc<Shared>>) -> Answer {
    let requests = shared.lock().runtime.log.to_json();
    ok(json!({ "requests": requests }))
}

/// `DELETE /sandbox/requests`: empties the log.
pub(crate) async fn clear_requests(State(shared): State<Arc<Shared>>) -> Answer {
    shared.lock().runtime.log.clear();
    ok(json!({"requests": []}))
}

/// `POST /sandbox/reset`: the seeded state at the current simulated time.
pub(crate) async fn reset(State(shared): State<Arc<Shared>>) -> Answer {
    shared.reset();
    if let Err(error) = shared.save() {
        tracing::warn!(%error, "sandbox state not saved");
    }
    ok(clock_body(&shared))
}
