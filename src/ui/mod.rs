//! Thin egui views: they read the state and return `Command`s; they never do I/O.

pub mod aoi_layer;
pub mod aoi_names;
pub mod basemap;
pub mod editing;
pub mod footprints;
pub mod handles;
pub mod map;
pub mod overlay_layer;
pub mod overlay_list;
pub mod overlays;
pub mod panel;
pub mod place_index;
pub mod places;
pub mod prerender;
pub mod projection;
pub mod quicklook;
pub mod rect_grid;
pub mod tasking;
pub mod theme;
pub mod tiles;
pub mod tracking;
