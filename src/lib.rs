//! sattask: task Earth-observation satellites (Airbus OneAtlas, UP42) from the desktop or the
//! command line. The library holds everything testable without a window: the AOI engine and
//! the command-line front end.

pub mod aoi;
pub mod api;
pub mod app;
pub mod cli;
pub mod diagnostics;
pub mod sandbox;
pub mod store;
pub mod tasking;
pub mod ui;
