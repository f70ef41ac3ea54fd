//! Answers in the services' own shapes: JSON bodies, the several error bodies OneAtlas and UP42
//! use, and dates printed and read the way the APIs do.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::sandbox::sim::geometry::{CheckedAoi, checked_aoi_message};

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

/// Reads a JSON request body, or answers 400 in UP42's problem shape.
pub(crate) fn up42_body(bytes: &[u8]) -> Result<Value, Response> {
    serde_json::from_slice(bytes).map_err(|e| {
        up42_error(
            StatusCode::BAD_REQUEST,
            format!("the request body is not valid JSON: {e}"),
        )
    })
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

/// Reads a polygon from a request and validates it with the app's rules; an error-severity issue
/// answers 400 (OneAtlas shape) naming the rule and where.
pub(crate) fn checked_aoi(value: &Value, label: &str) -> Result<CheckedAoi, Response> {
    checked_aoi_message(value, label)
        .map_err(|message| order_error(StatusCode::BAD_REQUEST, message))
}
