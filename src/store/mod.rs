//! What must survive a restart or a crash: where the user's files live, and the project (every
//! AOI) written atomically. No UI imports.

pub mod paths;
pub mod project;
pub mod secrets;
