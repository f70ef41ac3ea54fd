//! The integration tests, in one crate: one binary to link instead of one per file, which is
//! most of a cold `cargo test` on a small machine (BENCHMARKS.md, "The test build"). Each
//! module is an area; `common` starts the sandbox and talks HTTP, `gui_common` drives the app
//! without a display. Nothing here needs a process of its own: no test sets environment
//! variables or other process-wide state, so they all run as threads of this binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;
mod gui_common;
mod spec;

mod aoi_properties;
mod aoi_rules;
mod api_guide_examples;
mod api_money;
mod api_sandbox_flows;
mod api_spec_examples;
mod api_spec_schemas;
mod api_spec_standin;
mod api_transport;
mod api_up42_money;
mod api_up42_tasking;
mod cli_aoi;
mod cli_api;
mod cli_compare;
mod cli_help_examples;
mod cli_up42;
mod formats_crs;
mod formats_gpkg;
mod formats_kml_shapefile;
mod fuzz_regressions;
mod geos_agreement;
mod gui_compare;
mod gui_confirmation;
mod gui_editor;
mod gui_overlays;
mod gui_partial_answers;
mod gui_summary;
mod gui_tasking;
mod gui_tracking;
mod gui_under_map;
mod gui_up42_follow;
mod gui_up42_orders;
mod gui_up42_task;
mod gui_workflows;
mod house;
mod map_tile_cache;
mod sandbox_control;
mod sandbox_guide;
mod sandbox_oneatlas;
mod sandbox_spec;
mod sandbox_up42;
mod sandbox_up42_sdk;
mod sdk_up42;
mod sdk_up42_replay;
