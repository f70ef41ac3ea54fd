//! The one money path of the app and the command line: every call that spends money or decides
//! is journaled (fsynced) before it is sent and again with its outcome, refused while the same
//! request stands in the journal as sent or unclear, and settled after reconciliation.
//! Deciding and settling run under the journal's exclusive lock, so this holds across
//! processes; a call being sent is known as such to every other process until its outcome is
//! journaled, and no check settles it meanwhile. The errors are worded once here, for both
//! front ends.
//!
//! Only a clear refusal proves nothing was spent: the service's 4xx with its error body, a
//! refused token, a 429, a connection that never opened, missing credentials or a request
//! caught before sending. Every other failure (a 5xx, an unreadable answer, a timeout, a
//! dropped connection) leaves the outcome unknown, and the same request is not sent again
//! until it is settled or sent again on purpose.

use std::future::Future;
use std::path::PathBuf;

use serde::Serialize;

pub use super::journal::SpendKind;
use super::journal::{
    Destination, Entry, EntryState, InFlight, Journal, JournalError, Stamp, digest, latest,
    standing_in,
};
use crate::api::{ApiError, CheckHint};

/// One call about to be made, as the journal files it (made by [`super::identity`], the one
/// rule of what makes two calls the same).
#[derive(Debug, Clone, PartialEq)]
pub struct Spend {
    /// What it does.
    pub kind: SpendKind,
    /// What makes it this call: the same kind and key is the same request.
    pub key: serde_json::Value,
    /// The customer's reference, to find it again.
    pub customer_reference: Option<String>,
    /// What to look up to tell whether it went through.
    pub check: CheckHint,
    /// What an order buys, to tell a later order of the same image.
    pub bought: Option<super::earlier::Bought>,
}

/// A journaled call, ready to send (see [`MoneyPath::send`]). While it lives, other processes
/// see its entry as being sent right now.
#[derive(Debug)]
pub struct Ticket {
    /// The journal entry written before sending (id, digest, check, destination).
    pub entry: Entry,
    in_flight: InFlight,
}

/// Why a spending call was not made or did not clearly go through.
#[derive(Debug, thiserror::Error)]
pub enum MoneyError {
    /// The same request stands in the journal as sent, done or unclear: nothing was sent now.
    #[error(
        "the same {} was already sent at {} and {}{}; nothing was sent now. Check it first: {check}; then send it again only on purpose (journal: {})",
        previous.kind,
        previous.at,
        state_words(previous.state),
        previous.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default(),
        journal.display()
    )]
    AlreadySent {
        /// The latest entry of the earlier call (boxed: errors stay small to pass around).
        previous: Box<Entry>,
        /// What to look up to tell whether it went through.
        check: CheckHint,
        /// The journal file.
        journal: PathBuf,
    },
    /// The same request is being sent right now by another process (or another part of this
    /// one): nothing was sent now; its outcome will be in the journal.
    #[error(
        "the same {} is already being sent (since {}{}); nothing was sent now. Wait for its outcome, then look at the journal ({})",
        previous.kind,
        previous.at,
        previous.pid.map(|p| format!(", by process {p}")).unwrap_or_default(),
        journal.display()
    )]
    BeingSent {
        /// The entry being sent.
        previous: Box<Entry>,
        /// The journal file.
        journal: PathBuf,
    },
    /// A check asked for an entry that went to another service or host than the one connected
    /// now: it was not looked up and stays as it was.
    #[error(
        "the {} sent at {} went to {went_to}, but this is connected to {connected}: a check here could not find it, so nothing was checked or settled. Connect to {went_to} and check again",
        entry.kind,
        entry.at
    )]
    Elsewhere {
        /// The entry.
        entry: Box<Entry>,
        /// Where it went.
        went_to: Destination,
        /// Where the checker is connected.
        connected: Destination,
    },
    /// A check asked for an entry written before entries recorded where they went, while
    /// connected to something else than Airbus OneAtlas's real hosts.
    #[error(
        "the {} sent at {} was journaled before sattask recorded where calls went (host unknown): checking it against {connected} could find nothing for a call that went to Airbus OneAtlas, so nothing was checked or settled. Check it connected to Airbus OneAtlas (its real hosts), or look it up yourself: {}",
        entry.kind,
        entry.at,
        entry.check.as_ref().map_or_else(|| "the service's list of orders".to_owned(), ToString::to_string)
    )]
    HostUnknown {
        /// The entry.
        entry: Box<Entry>,
        /// Where the checker is connected.
        connected: Destination,
    },
    /// A check or settle named an entry the journal does not hold.
    #[error(
        "the journal {} holds no call {entry_id}: nothing was settled. Reload the list of unclear calls",
        journal.display()
    )]
    NoSuchEntry {
        /// The entry asked for.
        entry_id: String,
        /// The journal file.
        journal: PathBuf,
    },
    /// No client for the service the call goes to (missing credentials...): nothing was
    /// journaled or sent.
    #[error("{0}; nothing was sent")]
    NoClient(String),
    /// The service clearly refused, or the call never left: nothing was spent.
    #[error("{0}")]
    Refused(Box<ApiError>),
    /// The call may or may not have been carried out; it was not resent and must not be
    /// resent before checking.
    #[error(
        "{error}. It is journaled as unknown and will not be sent again until checked: {check}"
    )]
    Unknown {
        /// What went wrong (boxed: errors stay small to pass around).
        error: Box<ApiError>,
        /// What to look up to tell whether it went through.
        check: CheckHint,
    },
    /// The journal could not be written (before sending: nothing was sent).
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// The state of an earlier call in words ("it went through").
pub fn state_words(state: EntryState) -> &'static str {
    match state {
        EntryState::Done => "it went through",
        EntryState::Unknown | EntryState::Sending => "its outcome is unknown",
        EntryState::Failed => "it failed",
    }
}

impl MoneyError {
    /// What to look up to tell whether an earlier or this call went through, if that is the
    /// question.
    pub fn check(&self) -> Option<&CheckHint> {
        match self {
            MoneyError::AlreadySent { check, .. } | MoneyError::Unknown { check, .. } => {
                Some(check)
            }
            MoneyError::BeingSent { previous, .. } => previous.check.as_ref(),
            MoneyError::Elsewhere { entry, .. } | MoneyError::HostUnknown { entry, .. } => {
                entry.check.as_ref()
            }
            MoneyError::Refused(_)
            | MoneyError::Journal(_)
            | MoneyError::NoSuchEntry { .. }
            | MoneyError::NoClient(_) => None,
        }
    }
}

/// Whether an error proves that nothing was done (the only errors journaled as failed).
pub fn is_clear_refusal(error: &ApiError) -> bool {
    match error {
        ApiError::Refused { status, .. } => (400..500).contains(status),
        ApiError::BadCredentials { .. }
        | ApiError::Unauthorized { .. }
        | ApiError::RateLimited { .. }
        | ApiError::Unreachable { .. }
        | ApiError::MissingCredentials { .. }
        | ApiError::BadRequest(_) => true,
        ApiError::NoSensorAvailable
        | ApiError::ServerError { .. }
        | ApiError::Transport { .. }
        | ApiError::OutcomeUnknown { .. }
        | ApiError::Malformed { .. } => false,
    }
}

/// The journaled execution of spending calls. Cheap to clone.
#[derive(Debug, Clone)]
pub struct MoneyPath {
    journal: Journal,
}

impl MoneyPath {
    /// A money path writing to `journal`.
    pub fn new(journal: Journal) -> Self {
        MoneyPath { journal }
    }

    /// The journal.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Earlier purchases in the journal that buy what `spend` buys with another body (see
    /// [`super::earlier`]), described for the person; empty for a decision.
    pub fn earlier(&self, spend: &Spend) -> Result<Vec<super::earlier::Earlier>, MoneyError> {
        let Some(bought) = &spend.bought else {
            return Ok(Vec::new());
        };
        let digest = digest(&serde_json::json!({
            "kind": spend.kind.as_str(),
            "request": spend.key,
        }));
        let entries = self.journal.lock()?.entries()?;
        Ok(earlier_purchases(entries, bought, &digest))
    }

    /// Under the journal's exclusive lock (so that N processes starting the same request at
    /// once send it once): refuses when the same request (same kind and key) stands in the
    /// journal as sending (`BeingSent` while its process is sending it, else `AlreadySent`),
    /// done or unknown, unless `again`; else journals `Sending` (fsynced) with where it goes
    /// and returns the ticket to send with.
    pub fn begin(
        &self,
        spend: Spend,
        went_to: Destination,
        again: bool,
    ) -> Result<Ticket, MoneyError> {
        let digest = digest(&serde_json::json!({
            "kind": spend.kind.as_str(),
            "request": spend.key,
        }));
        let mut locked = self.journal.lock()?;
        if !again && let Some(previous) = standing_in(locked.entries()?, &digest).pop() {
            let journal = self.journal.path().to_path_buf();
            if previous.state == EntryState::Sending && locked.in_flight(&previous.id) {
                return Err(MoneyError::BeingSent {
                    previous: Box::new(previous),
                    journal,
                });
            }
            return Err(MoneyError::AlreadySent {
                check: previous.check.clone().unwrap_or(spend.check),
                previous: Box::new(previous),
                journal,
            });
        }
        let entry = Entry {
            id: uuid::Uuid::new_v4().to_string(),
            at: Stamp::now(),
            kind: spend.kind,
            digest,
            customer_reference: spend.customer_reference,
            state: EntryState::Sending,
            detail: None,
            check: Some(spend.check),
            went_to: Some(went_to),
            pid: Some(std::process::id()),
            bought: spend.bought,
        };
        // Held before the line is written, so no process ever sees the entry sending and
        // not held.
        let in_flight = locked.hold_in_flight(&entry.id)?;
        locked.append(&entry)?;
        Ok(Ticket { entry, in_flight })
    }

    /// Awaits the call, journals its outcome (done, failed on a clear refusal, else unknown)
    /// and returns the answer.
    pub async fn send<T: Serialize>(
        &self,
        ticket: Ticket,
        call: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, MoneyError> {
        let result = call.await;
        let Ticket {
            mut entry,
            in_flight,
        } = ticket;
        let (state, detail) = match &result {
            Ok(answer) => (
                EntryState::Done,
                serde_json::to_value(answer)
                    .ok()
                    .map(|v| super::journal::summary_of(&v)),
            ),
            Err(error) if is_clear_refusal(error) => (EntryState::Failed, Some(error.to_string())),
            Err(ApiError::OutcomeUnknown { detail, .. }) => {
                (EntryState::Unknown, Some(detail.clone()))
            }
            Err(error) => (EntryState::Unknown, Some(error.to_string())),
        };
        entry.state = state;
        entry.detail = detail;
        entry.at = Stamp::now();
        match self.journal.lock() {
            Ok(mut locked) => {
                if let Err(error) = locked.append(&entry) {
                    // The Sending line stands: the request stays blocked until checked, which
                    // is safe.
                    tracing::warn!(%error, "the outcome could not be written to the order journal");
                }
                // Released with the journal still locked: no check sees it unclear and free.
                drop(in_flight);
            }
            Err(error) => {
                tracing::warn!(%error, "the outcome could not be written to the order journal");
            }
        }
        result.map_err(|error| {
            // A ticket from `begin` always carries its check; the transport's hint is the
            // fallback for a ticket made by hand.
            let check = match (&entry.check, &error) {
                (Some(check), _)
                | (
                    None,
                    ApiError::OutcomeUnknown {
                        how_to_check: check,
                        ..
                    },
                ) => Some(check.clone()),
                (None, _) => None,
            };
            match (state, check) {
                (EntryState::Unknown, Some(check)) => MoneyError::Unknown {
                    error: Box::new(error),
                    check,
                },
                _ => MoneyError::Refused(Box::new(error)),
            }
        })
    }

    /// The latest state of entry `entry_id` among `entries`.
    fn latest_of(&self, entries: Vec<Entry>, entry_id: &str) -> Result<Entry, MoneyError> {
        latest(entries)
            .into_iter()
            .find(|e| e.id == entry_id)
            .ok_or_else(|| MoneyError::NoSuchEntry {
                entry_id: entry_id.to_owned(),
                journal: self.journal.path().to_path_buf(),
            })
    }

    /// Whether entry `entry_id` may be checked by something connected to `connected`: only
    /// where it went (an entry from before destinations were recorded only against Airbus
    /// OneAtlas's real hosts, where such entries went unless they went to a sandbox). The entry
    /// when it may.
    pub fn checkable(&self, entry_id: &str, connected: &Destination) -> Result<Entry, MoneyError> {
        where_it_went(self.latest_of(self.journal.entries(), entry_id)?, connected)
    }

    /// After a look-up made while connected to `connected`: journals entry `entry_id`, and no
    /// other, as done (`found`, with what was found) or failed ("not found when checked at
    /// ..."), so a request not carried out may be sent again. Under the journal's lock; refused
    /// while the entry is being sent (the look-up may have come before the call arrived), and
    /// when it went elsewhere. An entry already settled stays as it is.
    pub fn settle(
        &self,
        entry_id: &str,
        found: Option<String>,
        connected: &Destination,
    ) -> Result<(), MoneyError> {
        let mut locked = self.journal.lock()?;
        let entry = self.latest_of(locked.entries()?, entry_id)?;
        if !matches!(entry.state, EntryState::Sending | EntryState::Unknown) {
            return Ok(());
        }
        if entry.state == EntryState::Sending && locked.in_flight(&entry.id) {
            return Err(MoneyError::BeingSent {
                previous: Box::new(entry),
                journal: self.journal.path().to_path_buf(),
            });
        }
        let mut entry = where_it_went(entry, connected)?;
        let at = Stamp::now();
        match &found {
            Some(detail) => {
                entry.state = EntryState::Done;
                entry.detail = Some(format!("found when checked at {at}: {detail}"));
            }
            None => {
                entry.state = EntryState::Failed;
                entry.detail = Some(format!("not found when checked at {at}"));
            }
        }
        entry.at = at;
        locked.append(&entry)?;
        Ok(())
    }

    /// Every call whose latest state is sending or unknown, oldest first (for the app to show
    /// at start).
    pub fn unclear(&self) -> Vec<Entry> {
        let mut latest = latest(self.journal.entries());
        latest.retain(|e| matches!(e.state, EntryState::Sending | EntryState::Unknown));
        latest
    }
}

/// The entry when something connected to `connected` may check it (see
/// [`MoneyPath::checkable`]).
fn where_it_went(entry: Entry, connected: &Destination) -> Result<Entry, MoneyError> {
    match &entry.went_to {
        Some(went_to) if went_to == connected => Ok(entry),
        Some(went_to) => Err(MoneyError::Elsewhere {
            went_to: went_to.clone(),
            entry: Box::new(entry),
            connected: connected.clone(),
        }),
        None if connected.is_real_oneatlas() => Ok(entry),
        None => Err(MoneyError::HostUnknown {
            entry: Box::new(entry),
            connected: connected.clone(),
        }),
    }
}

/// Earlier purchases in `entries` (the journal) that buy the same as `bought`: sent, done or
/// unclear (a refused one bought nothing), described for the person, newest first.
fn earlier_purchases(
    entries: Vec<Entry>,
    bought: &super::earlier::Bought,
    digest: &str,
) -> Vec<super::earlier::Earlier> {
    let mut found: Vec<super::earlier::Earlier> = super::journal::latest(entries)
        .into_iter()
        .filter(|e| e.state != EntryState::Failed && e.digest != digest)
        .filter_map(|e| {
            let why = bought.matched_by(e.bought.as_ref()?)?;
            let outcome = match e.state {
                EntryState::Done => e.detail.clone().unwrap_or_else(|| "placed".to_owned()),
                EntryState::Sending => "being sent or never answered".to_owned(),
                _ => "outcome unknown".to_owned(),
            };
            let reference = e
                .customer_reference
                .as_deref()
                .map_or(String::new(), |r| format!(", reference {r}"));
            Some(super::earlier::Earlier {
                said: format!("{} at {}: {outcome}{reference}: {why}", e.kind, e.at),
                reference: e.customer_reference.clone(),
            })
        })
        .collect();
    found.reverse();
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::api::Service;
    use crate::api::ids::ContractId;

    fn spend(reference: &str) -> Spend {
        Spend {
            kind: SpendKind::Order,
            key: serde_json::json!({"contractId": "C1", "customerReference": reference}),
            customer_reference: Some(reference.to_owned()),
            check: CheckHint::Taskings {
                contract: ContractId::from("C1"),
                customer_reference: Some(reference.to_owned()),
            },
            bought: None,
        }
    }

    fn here() -> Destination {
        Destination::new(
            crate::api::credentials::Backend::Sandbox,
            "http://127.0.0.1:8765",
        )
    }

    fn money() -> (tempfile::TempDir, MoneyPath) {
        let dir = tempfile::tempdir().unwrap();
        let money = MoneyPath::new(Journal::at(dir.path().join("orders.jsonl")));
        (dir, money)
    }

    fn server_error() -> ApiError {
        ApiError::ServerError {
            service: Service::OneAtlas,
            status: 503,
            body: Box::default(),
        }
    }

    #[tokio::test]
    async fn only_a_clear_refusal_frees_the_request() {
        let (_dir, money) = money();
        let ticket = money.begin(spend("r1"), here(), false).unwrap();
        let refused = ApiError::Refused {
            service: Service::OneAtlas,
            status: 400,
            body: Box::default(),
        };
        let error = money
            .send(ticket, async { Err::<(), _>(refused) })
            .await
            .unwrap_err();
        assert!(matches!(error, MoneyError::Refused(_)), "{error}");
        assert!(money.unclear().is_empty());
        let ticket = money.begin(spend("r1"), here(), false).unwrap();

        // A 5xx that reached the money path as such is unknown, never failed.
        let error = money
            .send(ticket, async { Err::<(), _>(server_error()) })
            .await
            .unwrap_err();
        assert!(matches!(error, MoneyError::Unknown { .. }), "{error}");
        assert_eq!(money.unclear().len(), 1);
        let again = money.begin(spend("r1"), here(), false).unwrap_err();
        assert!(matches!(again, MoneyError::AlreadySent { .. }), "{again}");
        assert!(again.check().is_some());
    }

    #[tokio::test]
    async fn a_settled_request_may_be_sent_again_only_when_not_found() {
        let (_dir, money) = money();
        let ticket = money.begin(spend("r2"), here(), false).unwrap();
        let id = ticket.entry.id.clone();
        let _ = money
            .send(ticket, async { Err::<(), _>(server_error()) })
            .await;
        money.settle(&id, None, &here()).unwrap();
        assert!(money.unclear().is_empty());
        let ticket = money.begin(spend("r2"), here(), false).unwrap();
        let id = ticket.entry.id.clone();
        // The process ended before sending: the Sending line stands, its lock is gone.
        drop(ticket);
        assert_eq!(money.unclear().len(), 1);
        money
            .settle(&id, Some("tasking ICR_1".to_owned()), &here())
            .unwrap();
        assert!(money.unclear().is_empty());
        assert!(matches!(
            money.begin(spend("r2"), here(), false),
            Err(MoneyError::AlreadySent { .. })
        ));
        assert!(money.begin(spend("r2"), here(), true).is_ok());
        assert_eq!(SpendKind::AcceptSegment.as_str(), "accept-segment");
    }

    #[test]
    fn the_same_request_is_being_sent_while_its_ticket_lives() {
        let (_dir, money) = money();
        let ticket = money.begin(spend("r3"), here(), false).unwrap();
        // Another handle on the same journal (as another process has) sees it being sent...
        let other = MoneyPath::new(Journal::at(money.journal().path()));
        let held = other.begin(spend("r3"), here(), false).unwrap_err();
        assert!(matches!(held, MoneyError::BeingSent { .. }), "{held}");
        assert!(held.to_string().contains("already being sent"), "{held}");
        // ...and cannot settle it: a look-up now could come before the call arrives.
        let settling = other.settle(&ticket.entry.id, None, &here()).unwrap_err();
        assert!(
            matches!(settling, MoneyError::BeingSent { .. }),
            "{settling}"
        );
        drop(ticket);
        let held = other.begin(spend("r3"), here(), false).unwrap_err();
        assert!(matches!(held, MoneyError::AlreadySent { .. }), "{held}");
    }

    #[test]
    fn settle_touches_only_the_entry_it_names_and_only_where_it_went() {
        let (_dir, money) = money();
        let first = money.begin(spend("r4"), here(), false).unwrap();
        let second = money.begin(spend("r4"), here(), true).unwrap();
        let (first_id, second_id) = (first.entry.id.clone(), second.entry.id.clone());
        drop((first, second));
        let elsewhere = Destination::new(
            crate::api::credentials::Backend::Oneatlas,
            "https://order.api.oneatlas.airbus.com",
        );
        let refused = money.settle(&first_id, None, &elsewhere).unwrap_err();
        assert!(matches!(refused, MoneyError::Elsewhere { .. }), "{refused}");
        assert!(
            refused
                .to_string()
                .contains("went to sandbox at http://127.0.0.1:8765"),
            "{refused}"
        );
        assert_eq!(money.unclear().len(), 2);
        money.settle(&first_id, None, &here()).unwrap();
        let unclear = money.unclear();
        assert_eq!(unclear.len(), 1);
        assert_eq!(unclear[0].id, second_id);
    }

    #[test]
    fn an_entry_without_a_destination_is_checked_only_against_the_real_oneatlas() {
        let (_dir, money) = money();
        let mut entry = money.begin(spend("r5"), here(), false).unwrap().entry;
        entry.id = "old".to_owned();
        entry.went_to = None;
        money.journal().append(&entry).unwrap();
        let refused = money.checkable("old", &here()).unwrap_err();
        assert!(
            matches!(refused, MoneyError::HostUnknown { .. }),
            "{refused}"
        );
        assert!(refused.to_string().contains("host unknown"), "{refused}");
        let real = Destination::new(
            crate::api::credentials::Backend::Oneatlas,
            &crate::api::Hosts::real().oneatlas_order,
        );
        assert!(money.checkable("old", &real).is_ok());
    }
}
