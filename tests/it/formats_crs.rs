//! Layers in the CRSs GIS tools write, as GDAL writes them: zipped Shapefiles with an ESRI `.prj`
//! (tests/fixtures/formats/crs/, written by GDAL through pyogrio by `generate.py`, which also
//! stored in `reference.json` the WGS84 longitude/latitude PROJ gives each vertex). Each is read
//! through the public API, end to end, and must land where PROJ puts it.

use std::path::{Path, PathBuf};

use sattask::aoi::formats::import_file;
use sattask::aoi::model::Aoi;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/crs")
}

#[derive(serde::Deserialize)]
struct Reference {
    crs: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    epsg: u32,
    name: String,
    file: String,
    operation: String,
    ring: Vec<Vertex>,
}

#[derive(serde::Deserialize)]
struct Vertex {
    lon: f64,
    lat: f64,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(dir().join("reference.json")).unwrap();
    serde_json::from_str::<Reference>(&text).unwrap().crs
}

/// 1e-8 degrees is about a millimetre. Where PROJ shifts no datum, the projection alone agrees far
/// below it; where it does (OSGB 1936, NTF) sattask applies the same EPSG Helmert shift (see
/// src/aoi/formats/crs/reference_tests.rs: the shift is itself good to about 2 m, and so is PROJ's).
const TOLERANCE_DEG: f64 = 1e-8;

#[test]
fn gdal_shapefiles_in_projected_and_foreign_crs_land_where_proj_puts_them() {
    let cases = cases();
    let names: Vec<u32> = cases.iter().map(|c| c.epsg).collect();
    for wanted in [2154, 25831, 27700, 3031, 3413, 27572, 4807] {
        assert!(names.contains(&wanted), "EPSG:{wanted} missing: {names:?}");
    }
    for case in cases {
        let report = import_file(&dir().join(&case.file))
            .unwrap_or_else(|error| panic!("{}: {error}", case.file));
        let found: Vec<&Aoi> = report.aois().collect();
        assert_eq!(found.len(), 1, "{}", case.file);
        let aoi = found[0];
        assert_eq!(aoi.name, case.name, "the name from the .dbf");
        assert_eq!(aoi.ring.len(), case.ring.len(), "{}", case.file);
        // GDAL keeps the ring as given (clockwise, closed), so vertex for vertex.
        for (got, want) in aoi.ring.iter().zip(&case.ring) {
            assert!(
                (got.x - want.lon).abs() <= TOLERANCE_DEG
                    && (got.y - want.lat).abs() <= TOLERANCE_DEG,
                "{}: {got:?} vs PROJ ({}, {})",
                case.file,
                want.lon,
                want.lat
            );
        }
        assert!(
            report.warnings[0].starts_with("the coordinates were reprojected from "),
            "{}: {:?}",
            case.file,
            report.warnings
        );
        // A datum shift taken from the EPSG table is said; none is said where PROJ needs none.
        let shift_said = report.warnings.iter().any(|w| w.contains("Helmert"));
        let shifted = case.operation.contains("OSGB36") || case.operation.contains("NTF");
        assert_eq!(shift_said, shifted, "{}: {:?}", case.file, report.warnings);
    }
}
