//! Every input the fuzzers found (`fuzz/regressions/`), read as the fuzz target read it: each is
//! now answered, and answered the way a person needs.

use std::path::Path;

use sattask::aoi::formats::{Format, import_bytes};
use sattask::aoi::measure::measure;
use sattask::aoi::rules::{ValidationContext, validate_imported};
use sattask::aoi::{Imported, Rule};

fn regression(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Why the zipped Shapefile `name` is refused.
fn shapefile_refusal(name: &str) -> String {
    import_bytes(Format::ShapefileZip, &regression(name), "fuzz")
        .expect_err("the zip is refused")
        .to_string()
}

#[test]
fn a_shapefile_record_claiming_4_7_gb_of_parts_is_refused_before_anything_is_allocated() {
    // 1,796 bytes whose one record claims 1,182,793,730 parts: the shapefile crate sized a vector
    // by that count (malloc of 4.7 GB) before reading the record's 404 bytes.
    let error = shapefile_refusal("shapefile_zip_claims_4_7_gb_of_points.zip");
    assert!(
        error.contains(
            "export/Zones.SHP record 1 declares 1182793730 parts and 10 points, 4731175124 bytes, but holds 404"
        ),
        "{error}"
    );
    assert!(error.contains("export it again"), "{error}");
}

#[test]
fn a_longitude_of_1e200_is_reported_and_measuring_it_does_not_panic() {
    // The import_and_validate target's first byte picks the format: 0x03 is WKT.
    let bytes = regression("measure_lon_1e200.wkt.bin");
    let (&format_byte, wkt) = bytes.split_first().unwrap();
    assert_eq!(format_byte, 3);
    let report = import_bytes(Format::Wkt, wkt, "fuzz").unwrap();
    let [Imported::Aoi(aoi)] = report.items.as_slice() else {
        panic!("one polygon: {:?}", report.items)
    };
    let _ = measure(aoi);
    let verdict = validate_imported(&report.items[0], &ValidationContext::default());
    assert!(!verdict.is_valid());
    assert!(
        verdict
            .issues
            .iter()
            .any(|issue| issue.rule == Rule::OutOfRange && issue.message.contains("1e200")),
        "{:?}",
        verdict.issues
    );
}

#[test]
fn a_shx_claiming_512_mib_beside_a_236_byte_shp_is_refused_by_its_size() {
    // Its .shp header declares a huge file, so the .shx limit drawn from it was huge too, and the
    // .shx's buffer was sized by what the zip claimed. The limit now follows the .shp the zip
    // actually holds, and no buffer is sized by a claim.
    let error = shapefile_refusal("shapefile_zip_shx_claims_512_mib.zip");
    assert!(
        error.contains(
            "toulouse_utm.shx claims 512.0 MiB once uncompressed, more than the 188 bytes that the index of a 236 bytes .shp can take (11 records at most)"
        ),
        "{error}"
    );
}

#[test]
fn a_kmz_whose_end_records_all_claim_64_kib_comments_is_refused_as_no_zip() {
    // 351 bytes with several end-of-central-directory signatures, each claiming a 65,535-byte
    // comment: libFuzzer timed it out once (1 s) while the machine was swapping; alone it takes
    // 0.4 s under AddressSanitizer and under 10 ms in a release build. It must stay a refusal that
    // says what the file should have been.
    let bytes = regression("kmz_eocd_comment_candidates.kmz");
    let error = import_bytes(Format::Kmz, &bytes, "fuzz")
        .expect_err("not a zip")
        .to_string();
    assert!(
        error.contains("not valid KMZ: not a zip archive"),
        "{error}"
    );
    assert!(
        error.contains("a .kmz is a zip holding a doc.kml"),
        "{error}"
    );
}
