//! Answers in the services' own shapes: JSON bodies, the several error bodies OneAtlas and UP42
//! use, and dates printed and read the way the APIs do.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// A handler's result: both sides are complete HTTP answers.
pub(crate) type Answer = Result<Response, Response>;

/// A JSON answer.
pub(crate) fn json_answer(status: StatusCode, body: Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// 200 with a JSON body.
pub(crate) fn ok(body: Value) -> Answer {
    Ok(json_answer(StatusCode::OK, body))
}

/// The OneAtlas ordering error body: `{"errorCode":"E2203","message":...}` (the only code the
/// documentation shows; the message says what is wrong).
pub(crate) fn order_error(status: StatusCode, message: impl Into<String>) -> Response {
    json_answer(
        status,
        json!({"errorCode": "E2203", "message": message.into()}),
    )
}

/// The OneAtlas `ApiError` body: `{correlationId, hint, internalCode, message, timestamp}`.
pub(crate) fn api_error(
    status: StatusCode,
    message: impl Into<String>,
    hint: impl Into<String>,
    now: OffsetDateTime,
) -> Response {
    json_answer(
        status,
        json!({
            "correlationId": uuid::Uuid::new_v4().to_string(),
            "hint": hint.into(),
            "internalCode": status.as_u16(),
            "message": message.into(),
            "timestamp": (now.unix_timestamp_nanos() / 1_000_000) as i64,
        }),
    )
}

/// The UP42 problem body: `{"status", "title", "detail"}`.
pub(crate) fn up42_error(status: StatusCode, detail: impl Into<String>) -> Response {
    json_answer(
        status,
        json!({
            "status": status.as_u16(),
            "title": status.canonical_reason().unwrap_or("Error"),
            "detail": detail.into(),
        }),
    )
}

/// `2021-05-31T11:10:44.099Z`: what OneAtlas prints for request and attempt dates.
pub(crate) fn iso_millis(t: OffsetDateTime) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    ))
    .unwrap_or_default()
}

/// `2021-03-03T01:54:44Z`: what OneAtlas prints for tracking dates and UP42 for its records.
pub(crate) fn iso_secs(t: OffsetDateTime) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .unwrap_or_default()
}

/// Reads an RFC 3339 date (with or without fractional seconds).
pub(crate) fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).ok()
}

/// A JSON value as text: strings as they are, numbers and booleans printed.
pub(crate) fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A JSON value as a number: numbers, or strings holding one.
pub(crate) fn value_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Reads a JSON request body, or answers 400 in the OneAtlas shape.
pub(crate) fn parse_body(bytes: &[u8]) -> Result<Value, Response> {
    if bytes.is_empty() {
        return Err(order_error(
            StatusCode::BAD_REQUEST,
            "the request has no body: a JSON object is expected",
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        order_error(
            StatusCode::BAD_REQUEST,
            format!("the request body is not valid JSON: {e}"),
        )
    })
}

/// Rounds to `digits` decimals.
pub(crate) fn round_to(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

/// Decodes `a=b&c=d` (percent-encoding and `+`), keeping repeated keys in order.
pub(crate) fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// The first value of a query or form key.
pub(crate) fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Percent-decoding of a query or form component.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
