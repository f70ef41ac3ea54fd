//! Any bytes through the Kml importer alone (see `common::import_and_check`).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sattask::aoi::formats::Format;

fuzz_target!(|bytes: &[u8]| common::import_and_check(Format::Kml, bytes));
