//! The command line: argument definitions and the `aoi` commands. `main.rs` only parses and
//! dispatches, so everything here is testable as a library.

pub mod aoi;
pub mod api;
pub mod date;
pub mod sandbox;
