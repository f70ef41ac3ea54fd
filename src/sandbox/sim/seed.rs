//! The world a fresh sandbox starts with: the contracts (legacy Pléiades and SPOT, Pléiades Neo)
//! and a few UP42 quotations. Apart from the model, so the model needs none of the life cycle
//! that seeding uses.

use time::OffsetDateTime;

use super::model::*;
use super::up42_orders;

impl SimState {
    /// A fresh state at `now`: two contracts and a few UP42 quotations.
    pub(crate) fn seeded(now: OffsetDateTime) -> SimState {
        let contracts = vec![
            Contract {
                id: LEGACY_CONTRACT.into(),
                name: "Sandbox Pléiades & SPOT".into(),
                backend: Backend::Legacy,
                credit_remaining: 150_000.0,
                currency: "EUR".into(),
                workspace: LEGACY_WORKSPACE.into(),
            },
            Contract {
                id: NEO_CONTRACT.into(),
                name: "Sandbox Pléiades Neo".into(),
                backend: Backend::Neo,
                credit_remaining: 250_000.0,
                currency: "EUR".into(),
                workspace: NEO_WORKSPACE.into(),
            },
        ];
        let mut state = SimState {
            clock: now,
            contracts,
            taskings: Vec::new(),
            neo_quotations: Vec::new(),
            up42: Up42State {
                account_id: "3d07c219-0a88-45be-9cfc-91e9d095a1e9".into(),
                user_id: "096e3715-e908-473f-b527-d12af3e254b6".into(),
                credits: 1_000_000,
                ..Up42State::default()
            },
            counters: Counters::default(),
        };
        up42_orders::seed(&mut state, now);
        state
    }
}
