//! The order journal: one JSON line per event, fsynced, written BEFORE a call that spends money
//! is sent and again when its outcome is known. A crash at any moment leaves every complete line
//! readable (a torn last line is skipped, and the next entry is written on a line of its own),
//! so an order whose answer was lost can be looked up, and the same order is not sent twice by
//! mistake.
//!
//! Several processes share one journal (two windows, a window and a script, a shell loop), so
//! a decision made on what the journal holds runs under an exclusive lock on the file
//! ([`Journal::lock`]): no other process reads or writes it between the read and the append.
//! A call being sent holds a second lock of its own ([`InFlight`]), so another process can tell
//! "being sent right now" from "its process ended without an answer"; the operating system
//! releases both when a process dies, so a crash never leaves the journal locked.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::api::CheckHint;

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

/// What a spending or deciding call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpendKind {
    /// Places an order.
    Order,
    /// Asks for a Pléiades Neo quotation.
    QuotationRequest,
    /// Accepts a proposed acquisition.
    AcceptSegment,
    /// Refuses a proposed acquisition.
    RefuseSegment,
    /// Accepts a Pléiades Neo coverage item.
    AcceptCoverage,
    /// Refuses a Pléiades Neo coverage item.
    RefuseCoverage,
    /// Accepts a quotation.
    AcceptQuotation,
    /// Rejects a quotation.
    RejectQuotation,
    /// Cancels a tasking.
    Cancel,
    /// Stops a tasking.
    Stop,
    /// Places a UP42 tasking order.
    Up42Order,
    /// Chooses an option of a UP42 feasibility study.
    ChooseStudyOption,
}

impl SpendKind {
    /// The journal's word for it ("order", "accept-segment"...).
    pub fn as_str(self) -> &'static str {
        match self {
            SpendKind::Order => "order",
            SpendKind::QuotationRequest => "quotation-request",
            SpendKind::AcceptSegment => "accept-segment",
            SpendKind::RefuseSegment => "refuse-segment",
            SpendKind::AcceptCoverage => "accept-coverage",
            SpendKind::RefuseCoverage => "refuse-coverage",
            SpendKind::AcceptQuotation => "accept-quotation",
            SpendKind::RejectQuotation => "reject-quotation",
            SpendKind::Cancel => "cancel",
            SpendKind::Stop => "stop",
            SpendKind::Up42Order => "up42-order",
            SpendKind::ChooseStudyOption => "choose-study-option",
        }
    }
}

/// In words, for messages ("the acceptance of a quotation sent at ...").
impl std::fmt::Display for SpendKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SpendKind::Order => "order",
            SpendKind::QuotationRequest => "quotation request",
            SpendKind::AcceptSegment => "acceptance of an acquisition",
            SpendKind::RefuseSegment => "refusal of an acquisition",
            SpendKind::AcceptCoverage => "acceptance of a coverage item",
            SpendKind::RefuseCoverage => "refusal of a coverage item",
            SpendKind::AcceptQuotation => "acceptance of a quotation",
            SpendKind::RejectQuotation => "rejection of a quotation",
            SpendKind::Cancel => "cancellation of a tasking",
            SpendKind::Stop => "stop of a tasking",
            SpendKind::Up42Order => "UP42 order",
            SpendKind::ChooseStudyOption => "choice of a feasibility study option",
        })
    }
}

/// When a line was written: UTC, kept and shown as RFC 3339 (`2026-11-22T10:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp(#[serde(with = "time::serde::rfc3339")] pub OffsetDateTime);

impl Stamp {
    /// Now.
    pub fn now() -> Self {
        Stamp(OffsetDateTime::now_utc())
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self
            .0
            .format(&time::format_description::well_known::Rfc3339)
        {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

/// Where a call went: the backend and the host it was sent to. A check runs only against the
/// same, since another host (a sandbox) would answer "not found" for a call it never saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Destination {
    /// `sandbox`, `oneatlas` or `up42` (the command line's `--backend` words).
    pub backend: String,
    /// The base URL the call went to (`https://order.api.oneatlas.airbus.com`), or for the
    /// sandbox inside the app, `in-app:` and its state file (its port changes at each start,
    /// its world does not).
    pub host: String,
}

/// The prefix of the host of the sandbox inside the app.
const IN_APP: &str = "in-app:";

impl Destination {
    /// A backend at a base URL.
    pub fn new(backend: crate::api::credentials::Backend, host: &str) -> Self {
        let backend = match backend {
            crate::api::credentials::Backend::Sandbox => "sandbox",
            crate::api::credentials::Backend::Oneatlas => "oneatlas",
            crate::api::credentials::Backend::Up42 => "up42",
        };
        Destination {
            backend: backend.to_owned(),
            host: host.trim_end_matches('/').to_owned(),
        }
    }

    /// The sandbox inside the app, known by its state file.
    pub fn in_app(state_file: &Path) -> Self {
        Destination {
            backend: "sandbox".to_owned(),
            host: format!("{IN_APP}{}", state_file.display()),
        }
    }

    /// Whether it is the real OneAtlas (its documented ordering host).
    pub fn is_real_oneatlas(&self) -> bool {
        self.backend == "oneatlas" && self.host == crate::api::Hosts::real().oneatlas_order
    }
}

/// In words: "the sandbox inside the app (world in /x/sandbox-state.json)", "oneatlas at
/// https://order.api.oneatlas.airbus.com".
impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.host.strip_prefix(IN_APP) {
            Some(state) => write!(f, "the sandbox inside the app (world in {state})"),
            None => write!(f, "{} at {}", self.backend, self.host),
        }
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Ties the lines of one call together.
    pub id: String,
    /// When.
    pub at: Stamp,
    /// What: an order, a quotation accepted...
    pub kind: SpendKind,
    /// A digest of the request body: the same digest is the same order.
    pub digest: String,
    /// The customer's reference, to look the order up.
    pub customer_reference: Option<String>,
    /// The state after this line.
    pub state: EntryState,
    /// The service's id (salesOrderId...) or the error.
    pub detail: Option<String>,
    /// What to look up to tell whether it went through (absent in older journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckHint>,
    /// Where it went (absent in journals written before it was recorded: "host unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub went_to: Option<Destination>,
    /// The process that sent it, to name it to another one (absent in older journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    /// What an order buys (product, AOI, pass or window), to tell a later order of the same
    /// image (absent for decisions and in older journals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bought: Option<super::earlier::Bought>,
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

/// Turns an I/O error on the journal into its error, naming the file.
fn io_error(path: &Path) -> impl Fn(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    }
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

/// What an answer says happened, in words (`order SAL1, accepted, 1 234.00 EUR`), written in the
/// journal as a call's outcome and read in a front end's receipt; empty when it names nothing.
pub fn summary_of(answer: &serde_json::Value) -> String {
    let text = |key: &str| {
        answer
            .get(key)
            .filter(|v| !v.is_null())
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
    };
    let currency = text("currency").unwrap_or_default();
    let mut said = Vec::new();
    if let Some(order) = text("salesOrderId") {
        said.push(format!("order {order}"));
    }
    if let Some(quotation) = text("quotationId") {
        said.push(format!("quotation {quotation}"));
    }
    if let Some(id) = text("id") {
        said.push(id);
    }
    // A placed UP42 order: `{"results": [{"index", "id"}], "errors": [...]}`.
    let placed = answer.get("results").and_then(serde_json::Value::as_array);
    for result in placed.into_iter().flatten() {
        if let Some(id) = result.get("id").and_then(serde_json::Value::as_str) {
            said.push(format!("UP42 order {id}"));
        }
    }
    for key in ["decision", "status"] {
        if let Some(word) = text(key) {
            said.push(word.to_lowercase().replace('_', " "));
        }
    }
    if let Some(amount) = answer
        .get("totalAmount")
        .and_then(serde_json::Value::as_f64)
    {
        said.push(
            crate::tasking::amount::money(amount, &currency)
                .trim()
                .to_owned(),
        );
    }
    said.join(", ")
}

/// Whether the file is not empty and does not end with a newline.
fn ends_torn(file: &mut std::fs::File) -> std::io::Result<bool> {
    let length = file.metadata()?.len();
    if length == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(length - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// The entry on a line, or the last complete entry glued after a torn one on it.
fn entry_of_line(line: &str) -> Option<Entry> {
    if let Ok(entry) = serde_json::from_str(line) {
        return Some(entry);
    }
    line.match_indices("{\"id\"")
        .filter(|(at, _)| *at > 0)
        .find_map(|(at, _)| {
            line.get(at..)
                .and_then(|rest| serde_json::from_str(rest).ok())
        })
}

impl Journal {
    /// A journal at a path (created on first write).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Journal { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the file (creating it and its folder) for reading and appending.
    fn open(&self) -> Result<File, JournalError> {
        let io = io_error(&self.path);
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(&io)?;
        }
        OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)
            .map_err(io)
    }

    /// Takes the exclusive lock on the journal, waiting while another process (or another
    /// handle in this one) holds it. Everything read and appended through the guard happens
    /// with no other writer in between; the lock ends when the guard is dropped (or the
    /// process dies).
    pub fn lock(&self) -> Result<Locked<'_>, JournalError> {
        let file = self.open()?;
        file.lock().map_err(io_error(&self.path))?;
        Ok(Locked {
            journal: self,
            file,
        })
    }

    /// Appends one line under the lock and makes it durable before returning.
    pub fn append(&self, entry: &Entry) -> Result<(), JournalError> {
        self.lock()?.append(entry)
    }

    /// Every complete line (read under a shared lock, so never half an append); a torn or
    /// foreign line is skipped. A line where an older version glued a complete entry after a
    /// torn one gives that entry back. Nothing (an empty list) when the file cannot be read.
    pub fn entries(&self) -> Vec<Entry> {
        let Ok(mut file) = File::open(&self.path) else {
            return Vec::new();
        };
        if let Err(error) = file.lock_shared() {
            tracing::warn!(%error, path = %self.path.display(), "the order journal is read without its lock");
        }
        read_entries(&mut file).unwrap_or_default()
    }

    /// The latest state of each call with this digest whose money may be spent (sending,
    /// done or unknown): what stands in the way of sending the same order again.
    pub fn standing(&self, digest: &str) -> Vec<Entry> {
        standing_in(self.entries(), digest)
    }

    /// The lock file a call being sent holds (beside the journal, one per entry).
    fn in_flight_path(&self, entry_id: &str) -> PathBuf {
        let mut name = self
            .path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".sending");
        self.path
            .with_file_name(name)
            .join(format!("{entry_id}.lock"))
    }
}

/// The journal, locked: no other process reads or appends until it is dropped.
#[derive(Debug)]
pub struct Locked<'a> {
    journal: &'a Journal,
    file: File,
}

impl Locked<'_> {
    /// Every complete line (as [`Journal::entries`]).
    pub fn entries(&mut self) -> Result<Vec<Entry>, JournalError> {
        read_entries(&mut self.file).map_err(io_error(&self.journal.path))
    }

    /// Appends one line and makes it durable before returning.
    pub fn append(&mut self, entry: &Entry) -> Result<(), JournalError> {
        let io = io_error(&self.journal.path);
        let mut line = serde_json::to_string(entry).map_err(|e| io(std::io::Error::other(e)))?;
        line.push('\n');
        // A crash mid-write leaves a torn last line without its newline: start a new line, or
        // this entry would be glued to the torn one and lost with it.
        if ends_torn(&mut self.file).map_err(&io)? {
            line.insert(0, '\n');
        }
        self.file.write_all(line.as_bytes()).map_err(&io)?;
        self.file.sync_all().map_err(io)?;
        Ok(())
    }

    /// Marks entry `entry_id` as being sent by this process: a lock of its own, held until the
    /// returned guard is dropped (or the process dies), which other processes test with
    /// [`Locked::in_flight`].
    pub fn hold_in_flight(&mut self, entry_id: &str) -> Result<InFlight, JournalError> {
        let path = self.journal.in_flight_path(entry_id);
        let io = io_error(&path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(&io)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(&io)?;
        file.lock().map_err(io)?;
        Ok(InFlight { path, _file: file })
    }

    /// Whether entry `entry_id` is being sent right now (its process holds its lock).
    pub fn in_flight(&self, entry_id: &str) -> bool {
        let path = self.journal.in_flight_path(entry_id);
        let Ok(file) = OpenOptions::new().write(true).open(&path) else {
            return false;
        };
        match file.try_lock() {
            Ok(()) => {
                // Left by a process that ended: no longer needed.
                let _ = std::fs::remove_file(&path);
                false
            }
            Err(std::fs::TryLockError::WouldBlock) => true,
            Err(std::fs::TryLockError::Error(error)) => {
                tracing::warn!(%error, path = %path.display(), "cannot tell whether a call is being sent; taken as being sent");
                true
            }
        }
    }
}

/// A call being sent: its lock file stays locked while this lives. Dropped after its outcome is
/// journaled, it removes the file.
#[derive(Debug)]
pub struct InFlight {
    path: PathBuf,
    _file: File,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        // Removed while still locked, so no other process can lock the name in between.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Every complete entry of the file, from its start.
fn read_entries(file: &mut File) -> std::io::Result<Vec<Entry>> {
    file.seek(SeekFrom::Start(0))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.lines().filter_map(entry_of_line).collect())
}

/// The latest state of each call, in the order the calls first appear.
pub fn latest(entries: Vec<Entry>) -> Vec<Entry> {
    let mut latest: Vec<Entry> = Vec::new();
    for entry in entries {
        match latest.iter_mut().find(|e| e.id == entry.id) {
            Some(slot) => *slot = entry,
            None => latest.push(entry),
        }
    }
    latest
}

/// Of `entries`, the latest state of each call with this digest that is not failed.
pub fn standing_in(entries: Vec<Entry>, digest: &str) -> Vec<Entry> {
    let mut standing = latest(entries.into_iter().filter(|e| e.digest == digest).collect());
    standing.retain(|e| e.state != EntryState::Failed);
    standing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, state: EntryState) -> Entry {
        Entry {
            bought: None,
            id: id.to_owned(),
            at: Stamp(time::macros::datetime!(2026-11-22 10:00 UTC)),
            kind: SpendKind::Order,
            digest: "d1".to_owned(),
            customer_reference: Some("ref".to_owned()),
            state,
            detail: None,
            check: None,
            went_to: None,
            pid: None,
        }
    }

    #[test]
    fn lines_written_by_earlier_versions_still_stand() {
        // Written when `at` and `kind` were plain strings: the same words, so they still read.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.jsonl");
        std::fs::write(
            &path,
            concat!(
                r#"{"id":"x","at":"2026-11-22T10:00:00.123456789Z","kind":"accept-quotation","#,
                r#""digest":"d9","customer_reference":null,"state":"unknown","detail":null}"#,
                "\n"
            ),
        )
        .unwrap();
        let standing = Journal::at(&path).standing("d9");
        assert_eq!(standing.len(), 1);
        assert_eq!(standing[0].kind, SpendKind::AcceptQuotation);
        assert_eq!(standing[0].at.to_string(), "2026-11-22T10:00:00.123456789Z");
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
    fn an_entry_written_after_a_torn_line_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("orders.jsonl"));
        journal.append(&entry("a", EntryState::Sending)).unwrap();
        let mut file = OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(b"{\"id\":\"a\",\"at\":\"2026").unwrap();
        drop(file);
        journal.append(&entry("b", EntryState::Sending)).unwrap();
        journal.append(&entry("b", EntryState::Unknown)).unwrap();
        let ids: Vec<String> = journal.entries().into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["a", "b", "b"]);
        assert_eq!(journal.standing("d1").len(), 2);
    }

    #[test]
    fn an_entry_glued_to_a_torn_line_by_an_older_version_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("orders.jsonl"));
        let whole = serde_json::to_string(&entry("b", EntryState::Unknown)).unwrap();
        let text = format!("{{\"id\":\"a\",\"at\":\"20{whole}\n");
        std::fs::write(journal.path(), text).unwrap();
        let entries = journal.entries();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].id, "b");
        assert_eq!(entries[0].state, EntryState::Unknown);
    }

    #[test]
    fn an_old_entry_without_a_check_still_reads() {
        let line = r#"{"id":"a","at":"2026-11-22T10:00:00Z","kind":"order","digest":"d1","customer_reference":null,"state":"done","detail":null}"#;
        let entry: Entry = serde_json::from_str(line).unwrap();
        assert_eq!(entry.check, None);
        // Written before entries recorded where they went and who sent them: host unknown.
        assert_eq!(entry.went_to, None);
        assert_eq!(entry.pid, None);
    }

    #[test]
    fn a_destination_reads_back_and_says_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("orders.jsonl"));
        let mut written = entry("a", EntryState::Sending);
        written.went_to = Some(Destination::in_app(Path::new("/data/sandbox-state.json")));
        written.pid = Some(42);
        journal.append(&written).unwrap();
        assert_eq!(journal.entries(), [written.clone()]);
        let went_to = written.went_to.unwrap();
        assert_eq!(
            went_to.to_string(),
            "the sandbox inside the app (world in /data/sandbox-state.json)"
        );
        let real = Destination::new(
            crate::api::credentials::Backend::Oneatlas,
            "https://order.api.oneatlas.airbus.com/",
        );
        assert!(real.is_real_oneatlas());
        assert!(!went_to.is_real_oneatlas());
    }

    #[test]
    fn a_second_handle_waits_for_the_lock() {
        // Two handles on one journal, as two processes have: the second takes the lock only
        // once the first lets it go, so a read-decide-append is never interleaved.
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("orders.jsonl"));
        let first = journal.lock().unwrap();
        let file = OpenOptions::new().read(true).open(journal.path()).unwrap();
        assert!(matches!(
            file.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        drop(first);
        assert!(file.try_lock().is_ok());
    }

    #[test]
    fn the_digest_is_stable_and_tells_bodies_apart() {
        let a = serde_json::json!({"contractId": "C", "items": [1, 2]});
        let b = serde_json::json!({"contractId": "C", "items": [1, 3]});
        assert_eq!(digest(&a), digest(&a.clone()));
        assert_ne!(digest(&a), digest(&b));
    }
}
