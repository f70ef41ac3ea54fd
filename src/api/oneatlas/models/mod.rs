//! OneAtlas request and answer models, one file per API area. Readers accept both the guide's
//! and the OpenAPI spec's shapes and ignore unknown fields; writers send the guide's shape.

mod common;
mod contracts;
mod feasibility;
mod neo;
mod orders;
mod taskings;

pub use common::*;
pub use contracts::*;
pub use feasibility::*;
pub use neo::*;
pub use orders::*;
pub use taskings::*;
