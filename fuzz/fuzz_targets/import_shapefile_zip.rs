//! Any bytes through the ShapefileZip importer alone, every AOI through `validate` and `measure`:
//! nothing may panic, hang or grow past libFuzzer's limits (`-rss_limit_mb=512 -timeout=1`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sattask::aoi::formats::{Format, import_bytes};
use sattask::aoi::measure::measure;
use sattask::aoi::rules::{ValidationContext, validate_imported};
use sattask::aoi::Imported;

fuzz_target!(|bytes: &[u8]| {
    let Ok(report) = import_bytes(Format::ShapefileZip, bytes, "fuzz") else {
        return;
    };
    let context = ValidationContext::default();
    for item in &report.items {
        let _ = validate_imported(item, &context).is_valid();
        if let Imported::Aoi(aoi) = item {
            let _ = measure(aoi);
        }
    }
});
