//! The order journal: one JSON line per event, fsynced, written BEFORE a call that spends money
//! is sent and again when its outcome is known. A crash at any moment leaves every complete line
//! readable (a torn last line is skipped), so an order whose answer was lost can be looked up,
//! and the same order is not sent twice by mistake.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Written before sending: if nothing follows, the outcome is unknown.
    Sending,
    /// The service confirmed it.
    Done,
    /// The service refused it, or it never left (nothing was spent).
    Failed,
    /// Sent, but no answer came back.
    Unknown,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Ties the lines of one call together.
    pub id: String,
    /// When, RFC 3339.
    pub at: String,
    /// What: "order", "accept-quotation"...
    pub kind: String,
    /// A digest of the request body: the same digest is the same order.
    pub digest: String,
    /// The customer's reference, to look the order up.
    pub customer_reference: Option<String>,
    /// The state after this line.
    pub state: EntryState,
    /// The service's id (salesOrderId...) or the error.
    pub detail: Option<String>,
}

/// Why the journal could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Reading or writing failed.
    #[error(
        "the order journal {path} cannot be written ({source}); nothing was sent. Check the disk and the folder's permissions"
    )]
    Io {
        /// The journal file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// The journal file.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

/// A digest of a request body (FNV-1a 64 over its canonical JSON): stable across runs.
pub fn digest(body: &serde_json::Value) -> String {
    let text = body.to_string();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

impl Journal {
    /// A journal at a path (created on first write).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Journal { path: path.into() }
    }

    /// The journal in the user's data folder: `$SATTASK_DATA_DIR`, else
    /// `$XDG_DATA_HOME/sattask`, else `~/.local/share/sattask`.
    pub fn default_location() -> Self {
        Journal::at(crate::store::paths::data_dir().join("orders.jsonl"))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and makes it durable before returning.
    pub fn append(&self, entry: &Entry) -> Result<(), JournalError> {
        let io = |source| JournalError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut line = serde_json::to_string(entry).map_err(|e| io(std::io::Error::other(e)))?;
        line.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(())
    }

    /// Every complete line; a torn or foreign line is skipped.
    pub fn entries(&self) -> Vec<Entry> {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return Vec::new();
        };
        text.lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// The latest state of each call with this digest whose money may be spent (sending,
    /// done or unknown): what stands in the way of sending the same order again.
    pub fn standing(&self, digest: &str) -> Vec<Entry> {
        let mut latest: Vec<Entry> = Vec::new();
        for entry in self.entries().into_iter().filter(|e| e.digest == digest) {
            match latest.iter_mut().find(|e| e.id == entry.id) {
                Some(slot) => *slot = entry,
                None => latest.push(entry),
            }
        }
        latest.retain(|e| e.state != EntryState::Failed);
        latest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, state: EntryState) -> Entry {
        Entry {
            id: id.to_owned(),
            at: "2026-11-22T10:00:00Z".to_owned(),
            kind: "order".to_owned(),
            digest: "d1".to_owned(),
            customer_reference: Some("ref".to_owned()),
            state,
            detail: None,
        }
    }

    #[test]
    fn a_sent_order_stands_until_it_failed() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("j/orders.jsonl"));
        journal.append(&entry("a", EntryState::Sending)).unwrap();
        assert_eq!(journal.standing("d1").len(), 1);
        journal.append(&entry("a", EntryState::Failed)).unwrap();
        assert!(journal.standing("d1").is_empty());
        journal.append(&entry("b", EntryState::Sending)).unwrap();
        journal.append(&entry("b", EntryState::Unknown)).unwrap();
        let standing = journal.standing("d1");
        assert_eq!(standing.len(), 1);
        assert_eq!(standing[0].state, EntryState::Unknown);
    }

    #[test]
    fn a_torn_last_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("orders.jsonl"));
        journal.append(&entry("a", EntryState::Done)).unwrap();
        let mut file = OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(b"{\"id\":\"b\",\"at\":").unwrap();
        assert_eq!(journal.entries().len(), 1);
    }

    #[test]
    fn the_digest_is_stable_and_tells_bodies_apart() {
        let a = serde_json::json!({"contractId": "C", "items": [1, 2]});
        let b = serde_json::json!({"contractId": "C", "items": [1, 3]});
        assert_eq!(digest(&a), digest(&a.clone()));
        assert_ne!(digest(&a), digest(&b));
    }
}
