//! The one path every spending call takes, for every process and both front ends. Nothing else
//! in the crate calls a client method that spends money or decides: those take a
//! [`crate::api::SpendPermit`], which only [`dispatch`] makes (`tests/it/house.rs` checks it).
//!
//! - [`identity`]: what makes two calls "the same request" (one rule for the window and the
//!   command line).
//! - [`journal`]: the order journal, its exclusive lock across processes, and the lock a call
//!   holds while it is being sent.
//! - [`money`]: [`MoneyPath`]: `begin` (read, decide and append under the lock: N processes
//!   starting the same request at once send it once; the others are told it is being sent),
//!   `send` (journals the outcome: done, failed only on a clear refusal, else unknown),
//!   `settle` (one entry, only where it went, never while it is being sent), and the wording
//!   of every refusal, shared by both front ends.
//! - [`dispatch`]: a call a front end asks for ([`Spending`]) to its client call, and the
//!   check of an unclear one.
//! - [`reconcile`]: looking a call up on the service; [`reconcile_up42`] on UP42.
//! - [`words`]: what a person reads of a call that went through.
//! - [`earlier`]: "already bought?": an earlier order of the same image with another body.

pub mod dispatch;
pub mod earlier;
pub mod identity;
pub mod journal;
pub mod money;
pub mod reconcile;
pub mod reconcile_up42;
pub mod words;

pub use dispatch::{Clients, Reach, check, spend};
pub use identity::{Spending, spend_of};
pub use journal::{Destination, Entry, EntryState, Journal, SpendKind};
pub use money::{MoneyError, MoneyPath};
pub use reconcile::Reconciliation;
