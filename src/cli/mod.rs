//! The command line: the `aoi` commands (files and rules, offline), the `api` commands (the
//! OneAtlas and UP42 calls, spending ones through the money path) and `sandbox` (the simulated
//! services). `main.rs` only parses and dispatches, so everything here is testable as a library.

pub mod aoi;
pub mod api;
pub mod date;
pub mod sandbox;
