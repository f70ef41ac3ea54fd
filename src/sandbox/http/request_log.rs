//! The request log behind `GET /sandbox/requests`, bounded in entries and in bytes: the oldest
//! entries go first when either bound is reached. A body is kept (as the text received, read as
//! JSON only when the log is shown) for requests that were handled, and only up to
//! [`MAX_LOGGED_BODY_BYTES`]; a refused request (no or a wrong token, paced, a fault, a wrong
//! content type, too large) and a larger body are logged by their size only, so a flood of
//! large or unauthenticated requests cannot grow the sandbox's memory.

use std::collections::VecDeque;

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::sandbox::sim::values::iso_millis;

/// The most entries kept.
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// The most bytes the entries may hold together (bodies, paths, queries and a fixed overhead).
pub(crate) const MAX_BYTES: usize = 16 * 1024 * 1024;
/// The largest body kept in an entry; a larger one is logged by its size.
pub(crate) const MAX_LOGGED_BODY_BYTES: usize = 256 * 1024;
/// What an entry costs besides its strings (its fields, the deque's slot), bytes.
const ENTRY_OVERHEAD_BYTES: usize = 160;

/// One request the sandbox received (control endpoints excepted).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LoggedRequest {
    /// Set by [`RequestLog::push`].
    pub seq: u64,
    /// Simulated time of arrival.
    pub at: OffsetDateTime,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub content_type: Option<String>,
    /// The body as received, when kept (handled, not a token request, not too large).
    pub body: Option<String>,
    /// The body's size in bytes (read, or as declared by `Content-Length` when not read).
    pub body_bytes: usize,
    /// The status answered; `None` when the connection was dropped.
    pub status: Option<u16>,
    /// What the gate did: "handled", "unauthorized", "paced", "unsupported_media_type",
    /// "too_large", "fault_error", "fault_drop_before", "fault_drop_after".
    pub outcome: &'static str,
}

impl LoggedRequest {
    /// What the entry holds, bytes.
    fn weight(&self) -> usize {
        ENTRY_OVERHEAD_BYTES
            + self.method.len()
            + self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + self.content_type.as_ref().map_or(0, String::len)
            + self.body.as_ref().map_or(0, String::len)
    }

    /// The entry as `GET /sandbox/requests` shows it: `body` the JSON received (its text when
    /// it is not JSON; `null` when not kept), `bodyBytes` its size.
    fn to_json(&self) -> Value {
        let body = self.body.as_deref().map(|text| {
            serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_string()))
        });
        json!({
            "seq": self.seq,
            "at": iso_millis(self.at),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "contentType": self.content_type,
            "body": body,
            "bodyBytes": self.body_bytes,
            "status": self.status,
            "outcome": self.outcome,
        })
    }
}

/// The log, oldest first.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<LoggedRequest>,
    bytes: usize,
    next_seq: u64,
    max_entries: usize,
    max_bytes: usize,
}

impl Default for RequestLog {
    fn default() -> Self {
        RequestLog::bounded(MAX_ENTRIES, MAX_BYTES)
    }
}

impl RequestLog {
    /// A log keeping at most `max_entries` entries and `max_bytes` bytes.
    pub(crate) fn bounded(max_entries: usize, max_bytes: usize) -> RequestLog {
        RequestLog {
            entries: VecDeque::new(),
            bytes: 0,
            next_seq: 1,
            max_entries,
            max_bytes,
        }
    }

    /// Appends an entry (numbered in arrival order), dropping the oldest ones beyond the
    /// bounds; returns its number.
    pub(crate) fn push(&mut self, mut entry: LoggedRequest) -> u64 {
        entry.seq = self.next_seq;
        self.next_seq += 1;
        if entry.weight() > self.max_bytes {
            // Never kept whole: its size is still told.
            entry.body = None;
        }
        self.bytes += entry.weight();
        let seq = entry.seq;
        self.entries.push_back(entry);
        while self.entries.len() > self.max_entries || self.bytes > self.max_bytes {
            match self.entries.pop_front() {
                Some(old) => self.bytes -= old.weight(),
                None => break,
            }
        }
        seq
    }

    /// Empties the log (numbering goes on).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    /// Every entry as `GET /sandbox/requests` shows it, oldest first.
    pub(crate) fn to_json(&self) -> Vec<Value> {
        self.entries.iter().map(LoggedRequest::to_json).collect()
    }

    /// How many entries are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// How many bytes the entries hold.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn entry(body: Option<&str>, outcome: &'static str) -> LoggedRequest {
        LoggedRequest {
            seq: 0,
            at: datetime!(2026-12-01 00:00 UTC),
            method: "POST".into(),
            path: "/api/v1/orders".into(),
            query: None,
            content_type: Some("application/json".into()),
            body: body.map(str::to_string),
            body_bytes: body.map_or(0, str::len),
            status: Some(201),
            outcome,
        }
    }

    #[test]
    fn the_oldest_entries_go_beyond_the_entry_bound() {
        let mut log = RequestLog::bounded(3, usize::MAX);
        for _ in 0..5 {
            log.push(entry(Some("{}"), "handled"));
        }
        let seqs: Vec<u64> = log
            .to_json()
            .iter()
            .map(|e| e["seq"].as_u64().unwrap())
            .collect();
        assert_eq!(seqs, [3, 4, 5]);
    }

    #[test]
    fn the_oldest_entries_go_beyond_the_byte_bound() {
        let body = "x".repeat(1000);
        let mut log = RequestLog::bounded(usize::MAX, 5_000);
        for _ in 0..20 {
            log.push(entry(Some(&body), "handled"));
            assert!(log.bytes() <= 5_000, "{}", log.bytes());
        }
        assert_eq!(log.len(), 4);
        // One entry larger than the whole bound keeps its size, not its body.
        log.push(entry(Some(&"y".repeat(10_000)), "handled"));
        let last = log.to_json().pop().unwrap();
        assert!(last["body"].is_null());
        assert_eq!(last["bodyBytes"], 10_000);
        assert!(log.bytes() <= 5_000);
    }

    #[test]
    fn a_body_is_shown_as_the_json_received_or_its_text() {
        let mut log = RequestLog::default();
        log.push(entry(Some(r#"{"a": 1}"#), "handled"));
        log.push(entry(Some("not json"), "handled"));
        let shown = log.to_json();
        assert_eq!(shown[0]["body"], json!({"a": 1}));
        assert_eq!(shown[1]["body"], "not json");
        assert_eq!(shown[1]["bodyBytes"], 8);
        log.clear();
        assert_eq!((log.len(), log.bytes()), (0, 0));
    }
}
