//! Any bytes through the Wkt importer alone (see `common::import_and_check`).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sattask::aoi::formats::Format;

fuzz_target!(|bytes: &[u8]| common::import_and_check(Format::Wkt, bytes));
