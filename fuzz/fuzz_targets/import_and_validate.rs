//! Any bytes through every importer, every AOI through `validate` and `measure`, and every
//! GeoJSON/WKT import exported and read back: nothing may panic, and a GeoJSON/WKT round trip
//! must keep every AOI's positions.
//!
//! The first byte picks the format (modulo 6); the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sattask::aoi::formats::{Format, export_bytes, import_bytes};
use sattask::aoi::measure::measure;
use sattask::aoi::rules::{ValidationContext, validate_imported};
use sattask::aoi::{Aoi, Imported};

const FORMATS: [Format; 6] = [
    Format::GeoJson,
    Format::Kml,
    Format::Kmz,
    Format::Wkt,
    Format::ShapefileZip,
    Format::GeoPackage,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(selector) % FORMATS.len()];
    let Ok(report) = import_bytes(format, bytes, "fuzz") else {
        return;
    };
    let context = ValidationContext::default();
    for item in &report.items {
        let verdict = validate_imported(item, &context);
        if let Imported::Aoi(aoi) = item {
            let _ = measure(aoi);
            let _ = verdict.is_valid();
        }
    }
    if matches!(format, Format::GeoJson | Format::Wkt) {
        let aois: Vec<Aoi> = report.aois().cloned().collect();
        if aois.is_empty() {
            return;
        }
        let finite = aois.iter().all(|aoi| {
            std::iter::once(&aoi.ring)
                .chain(&aoi.holes)
                .flatten()
                .all(|c| c.x.is_finite() && c.y.is_finite())
        });
        if !finite {
            // JSON has no NaN or infinity: only check that writing and reading do not panic.
            if let Ok(written) = export_bytes(format, &aois) {
                let _ = import_bytes(format, &written, "fuzz");
            }
            return;
        }
        let Ok(written) = export_bytes(format, &aois) else {
            panic!("{format:?} export failed for AOIs it imported");
        };
        match import_bytes(format, &written, "fuzz") {
            Ok(again) => {
                let back: Vec<&Aoi> = again.aois().collect();
                assert_eq!(
                    back.len(),
                    aois.len(),
                    "{format:?} round trip changed the AOI count"
                );
                for (before, after) in aois.iter().zip(back) {
                    assert!(
                        before.ring == after.ring,
                        "{format:?} round trip changed a ring:\n{:?}\n{:?}",
                        before.ring,
                        after.ring
                    );
                }
            }
            Err(error) => panic!("{format:?} could not re-read its own export: {error}"),
        }
    }
});
