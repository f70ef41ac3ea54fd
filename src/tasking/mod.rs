//! The tasking workflow's durable parts: the request builders shared by the app and the command
//! line, and `spend`, the one path every spending call goes through (the identity of a request,
//! the order journal and its lock across processes, the dispatch to the client, the
//! reconciliation of calls whose outcome was lost); the two state machines of the window, the
//! tasking `workflow` and the `tracking` of orders (which reads the workflow's job vocabulary),
//! and what both use: a decision (`act`), the share of an AOI still to acquire (`coverage`),
//! amounts in words (`amount`); `compare`, every offer the contract allows asked at once and
//! read into one table; `export`, attempts as GeoJSON, KML and CSV.

pub mod act;
pub mod amount;
pub mod compare;
pub mod coverage;
pub mod dates;
pub mod export;
pub mod quicklook;
pub mod requests;
pub mod spend;
pub mod summary;
pub mod tracking;
pub mod up42_follow;
pub mod up42_form;
pub mod up42_status;
pub mod up42_task;
pub mod workflow;

/// Ties an answer to the request it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);
