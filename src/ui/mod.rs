//! Thin egui views: they read the state and return `Command`s; they never do I/O.

pub mod basemap;
pub mod map;
pub mod panel;
pub mod theme;
