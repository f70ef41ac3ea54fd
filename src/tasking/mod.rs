//! The tasking workflow's durable parts. For now: the order journal, written before any call
//! that spends money is sent.

pub mod journal;
