//! The Area Of Interest: model and edits, validation rules with locations, geodesic measures,
//! the fixes a person can ask for, and file formats. No UI imports: everything here is tested
//! without a window.

pub mod edit;
pub mod formats;
pub mod measure;
pub mod mission;
pub mod model;
pub mod natural_earth;
pub mod rules;
pub mod tools;
pub mod web_mercator;

pub use model::{Aoi, AoiId, Imported, LonLat, NotPolygon};
pub use rules::{Issue, Rule, Severity, ValidationContext, validate};
