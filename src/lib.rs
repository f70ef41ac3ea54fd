//! sattask: task Earth-observation satellites (Airbus OneAtlas, UP42) from the desktop or the
//! command line. The binary only parses and dispatches; everything is here, to be tested as a
//! library: the AOI engine (`aoi`), the typed clients (`api`), the money path and the tasking
//! and tracking state machines (`tasking`), the sandbox that simulates both services
//! (`sandbox`), files and secrets (`store`), the command line (`cli`), and the window
//! (`state` below `ui` below `app`).

pub mod aoi;
pub mod api;
pub mod app;
pub mod cli;
pub mod diagnostics;
pub mod instance;
pub mod sandbox;
pub mod state;
pub mod store;
pub mod tasking;
pub mod ui;
