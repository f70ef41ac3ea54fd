//! The simulation behind the sandbox, in plain values: orbits and passes, the providers' rules,
//! prices, segment keys, and the life cycle of taskings, quotations and UP42 orders on the
//! simulated clock. No HTTP here: the handlers (`sandbox::http`) read requests into these values
//! and write answers from them, so each rule is a unit test on plain values.

pub(crate) mod clock;
pub(crate) mod geometry;
pub(crate) mod lifecycle;
pub(crate) mod model;
pub mod orbit;
pub(crate) mod orders;
pub mod pricing;
pub(crate) mod quicklook;
pub(crate) mod rules;
pub(crate) mod seed;
pub(crate) mod segments;
pub(crate) mod tasking_filter;
pub(crate) mod up42_assets;
pub(crate) mod up42_catalog;
pub(crate) mod up42_coverage;
pub(crate) mod up42_orders;
pub(crate) mod up42_params;
pub(crate) mod values;
