//! The one money path of the app and the command line: every call that spends money or decides
//! is journaled (fsynced) before it is sent and again with its outcome, refused while the same
//! request stands in the journal as sent or unclear, and settled after reconciliation.
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
use super::journal::{Entry, EntryState, Journal, JournalError, Stamp, digest};
use crate::api::oneatlas::models::OrderRequest;
use crate::api::{ApiError, CheckHint};

/// One call about to be made.
#[derive(Debug, Clone, PartialEq)]
pub struct Spend {
    /// What it does.
    pub kind: SpendKind,
    /// The request body or the ids it acts on: the same kind and key is the same request.
    pub key: serde_json::Value,
    /// The customer's reference, to find it again.
    pub customer_reference: Option<String>,
    /// What to look up to tell whether it went through.
    pub check: CheckHint,
}

impl Spend {
    /// An order (or a Pléiades Neo quotation request), found again by its customer reference.
    /// `key` is what makes two of them the same request: the command line passes the body as
    /// sent (a reference the person typed makes another order); the window passes the body
    /// without the reference it generates at each confirmation.
    pub fn order(request: &OrderRequest, quotation: bool, key: serde_json::Value) -> Spend {
        let (contract, customer_reference) = (
            request.contract_id.clone(),
            request.customer_reference.clone(),
        );
        Spend {
            kind: if quotation {
                SpendKind::QuotationRequest
            } else {
                SpendKind::Order
            },
            key,
            check: if quotation {
                CheckHint::NeoOrders {
                    contract,
                    customer_reference: customer_reference.clone(),
                }
            } else {
                CheckHint::Taskings {
                    contract,
                    customer_reference: customer_reference.clone(),
                }
            },
            customer_reference,
        }
    }
}

/// A journaled call, ready to send (see [`MoneyPath::send`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// The journal entry written before sending (id, digest, check).
    pub entry: Entry,
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

fn state_words(state: EntryState) -> &'static str {
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
            MoneyError::Refused(_) | MoneyError::Journal(_) => None,
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

/// The id-like fields of an answer (`salesOrderId=SAL1 status=Accepted`), for the journal and
/// for a front end's receipt.
pub fn summary_of(answer: &serde_json::Value) -> String {
    [
        "salesOrderId",
        "quotationId",
        "id",
        "decision",
        "status",
        "totalAmount",
    ]
    .iter()
    .filter_map(|key| {
        answer.get(*key).map(|v| {
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            format!("{key}={text}")
        })
    })
    .collect::<Vec<_>>()
    .join(" ")
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

    /// Refuses (`AlreadySent`) when the same request (same kind and key) stands in the
    /// journal as sending, done or unknown, unless `again`; else journals `Sending` (fsynced)
    /// and returns the ticket to send with.
    pub fn begin(&self, spend: Spend, again: bool) -> Result<Ticket, MoneyError> {
        let digest = digest(&serde_json::json!({
            "kind": spend.kind.as_str(),
            "request": spend.key,
        }));
        if !again && let Some(previous) = self.journal.standing(&digest).pop() {
            return Err(MoneyError::AlreadySent {
                check: previous.check.clone().unwrap_or(spend.check),
                previous: Box::new(previous),
                journal: self.journal.path().to_path_buf(),
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
        };
        self.journal.append(&entry)?;
        Ok(Ticket { entry })
    }

    /// Awaits the call, journals its outcome (done, failed on a clear refusal, else unknown)
    /// and returns the answer.
    pub async fn send<T: Serialize>(
        &self,
        ticket: Ticket,
        call: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, MoneyError> {
        let result = call.await;
        let mut entry = ticket.entry;
        let (state, detail) = match &result {
            Ok(answer) => (
                EntryState::Done,
                serde_json::to_value(answer).ok().map(|v| summary_of(&v)),
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
        if let Err(error) = self.journal.append(&entry) {
            // The Sending line stands: the request stays blocked until checked, which is safe.
            tracing::warn!(%error, "the outcome could not be written to the order journal");
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

    /// After reconciliation: journals every unclear entry (sending or unknown) with the digest
    /// of entry `entry_id` as done (`found`, with what was found) or failed ("not found when
    /// checked at ..."), so a request not carried out may be sent again. Done entries stay.
    pub fn settle(&self, entry_id: &str, found: Option<String>) -> Result<(), MoneyError> {
        let entries = self.journal.entries();
        let Some(digest) = entries
            .iter()
            .find(|e| e.id == entry_id)
            .map(|e| e.digest.clone())
        else {
            return Ok(());
        };
        let at = Stamp::now();
        for mut entry in self.journal.standing(&digest) {
            if !matches!(entry.state, EntryState::Sending | EntryState::Unknown) {
                continue;
            }
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
            self.journal.append(&entry)?;
        }
        Ok(())
    }

    /// Every call whose latest state is sending or unknown, oldest first (for the app to show
    /// at start).
    pub fn unclear(&self) -> Vec<Entry> {
        let mut latest: Vec<Entry> = Vec::new();
        for entry in self.journal.entries() {
            match latest.iter_mut().find(|e| e.id == entry.id) {
                Some(slot) => *slot = entry,
                None => latest.push(entry),
            }
        }
        latest.retain(|e| matches!(e.state, EntryState::Sending | EntryState::Unknown));
        latest
    }
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
        }
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
        let ticket = money.begin(spend("r1"), false).unwrap();
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
        let ticket = money.begin(spend("r1"), false).unwrap();

        // A 5xx that reached the money path as such is unknown, never failed.
        let error = money
            .send(ticket, async { Err::<(), _>(server_error()) })
            .await
            .unwrap_err();
        assert!(matches!(error, MoneyError::Unknown { .. }), "{error}");
        assert_eq!(money.unclear().len(), 1);
        let again = money.begin(spend("r1"), false).unwrap_err();
        assert!(matches!(again, MoneyError::AlreadySent { .. }), "{again}");
        assert!(again.check().is_some());
    }

    #[tokio::test]
    async fn a_settled_request_may_be_sent_again_only_when_not_found() {
        let (_dir, money) = money();
        let ticket = money.begin(spend("r2"), false).unwrap();
        let id = ticket.entry.id.clone();
        let _ = money
            .send(ticket, async { Err::<(), _>(server_error()) })
            .await;
        money.settle(&id, None).unwrap();
        assert!(money.unclear().is_empty());
        let ticket = money.begin(spend("r2"), false).unwrap();
        let id = ticket.entry.id.clone();
        drop(ticket); // crashed before sending: the Sending line stands
        assert_eq!(money.unclear().len(), 1);
        money.settle(&id, Some("tasking ICR_1".to_owned())).unwrap();
        assert!(money.unclear().is_empty());
        assert!(matches!(
            money.begin(spend("r2"), false),
            Err(MoneyError::AlreadySent { .. })
        ));
        assert!(money.begin(spend("r2"), true).is_ok());
        assert_eq!(SpendKind::AcceptSegment.as_str(), "accept-segment");
    }
}
