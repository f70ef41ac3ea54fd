//! The permit every spending client call takes: only the spend module
//! (`tasking::spend::dispatch`) makes one, after the call is journaled, so nothing else in the
//! crate can place an order or decide around the journal. Its maker is crate-private, so nothing
//! outside the crate can call them at all; inside it, `tests/it/house.rs` checks that the permit
//! is made nowhere but in the spend module.

/// Proof that a spending call was journaled by the spend module before it is sent.
#[derive(Debug, Clone, Copy)]
pub struct SpendPermit {
    _journaled: (),
}

impl SpendPermit {
    /// A permit: for `tasking::spend::dispatch` only, once its call is journaled.
    pub(crate) fn journaled() -> Self {
        SpendPermit { _journaled: () }
    }
}
