//! The tasking workflow's durable parts: the order journal, the request builders shared by the
//! app and the command line, the one money path every spending call goes through, and the
//! reconciliation of calls whose outcome was lost.

pub mod journal;
pub mod money;
pub mod reconcile;
pub mod requests;
pub mod tracking;
pub mod workflow;
