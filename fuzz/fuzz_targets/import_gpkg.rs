//! Any bytes through the GeoPackage importer alone (see `common::import_and_check`): SQLite
//! opens them from memory, so a damaged page, schema or blob is all fair game.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sattask::aoi::formats::Format;

fuzz_target!(|bytes: &[u8]| common::import_and_check(Format::GeoPackage, bytes));
