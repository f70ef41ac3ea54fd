//! What every per-format target does with its bytes.

use sattask::aoi::Imported;
use sattask::aoi::formats::{Format, import_bytes};
use sattask::aoi::measure::measure;
use sattask::aoi::rules::{ValidationContext, validate_imported};

/// Imports `bytes` as `format`, then validates and measures every AOI: nothing may panic, hang or
/// grow past libFuzzer's limits (`-rss_limit_mb=512 -timeout=1`).
pub fn import_and_check(format: Format, bytes: &[u8]) {
    let Ok(report) = import_bytes(format, bytes, "fuzz") else {
        return;
    };
    let context = ValidationContext::default();
    for item in &report.items {
        let _ = validate_imported(item, &context).is_valid();
        if let Imported::Aoi(aoi) = item {
            let _ = measure(aoi);
        }
    }
}
