//! Conversions checked against PROJ: `tests/fixtures/formats/crs/reference.json` holds, for each
//! CRS, its WKT1 in the ESRI flavour (a Shapefile's `.prj` by GDAL or QGIS) and the OGC one
//! (WKT1_GDAL, a GeoPackage's), and points with the WGS84 longitude/latitude PROJ gives them
//! (`generate.py` beside it says how it was made). Each CRS is read three ways: both WKTs, and
//! its EPSG code alone through the EPSG table.

use serde::Deserialize;

use super::Crs;
use crate::aoi::model::LonLat;

#[derive(Deserialize)]
struct Reference {
    crs: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    epsg: u32,
    name: String,
    esri_wkt: String,
    ogc_wkt: String,
    operation: String,
    points: Vec<Point>,
}

#[derive(Deserialize)]
struct Point {
    x: f64,
    y: f64,
    lon: f64,
    lat: f64,
}

/// Where PROJ's operation shifts no datum (WGS84 itself, or ETRS89 and RGF93 taken as WGS84, as
/// PROJ does), the conversion is the projection alone: proj4rs ports PROJ's formulas, so they
/// agree to far better than this (1e-9 degrees is 0.1 mm).
const PROJECTION_ONLY_DEG: f64 = 1e-9;

/// Where PROJ shifts the datum (OSGB 1936, NTF), it uses the EPSG Helmert shift (OSGB36 to WGS 84
/// (6), NTF to WGS 84 (1): the transformations it has without grid files) and so do we, from the
/// EPSG table: the same parameters, so the same result to a millimetre (1e-8 degrees). The shift itself is
/// good to about 2 m only (EPSG's accuracy for both); a national grid (OSTN15, ntf_r93) does better,
/// and neither PROJ without its grids nor sattask applies one.
const HELMERT_DEG: f64 = 1e-8;

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/formats/crs/reference.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str::<Reference>(&text).unwrap().crs
}

#[test]
fn every_reference_point_converts_as_proj_does() {
    let cases = cases();
    assert!(cases.len() >= 9);
    for case in &cases {
        let shifted = case.operation.contains(" to WGS 84 (")
            && !case.operation.contains("RGF93")
            && !case.operation.contains("ETRS89");
        let tolerance = if shifted {
            HELMERT_DEG
        } else {
            PROJECTION_ONLY_DEG
        };
        let ways = [
            ("ESRI WKT1", Crs::from_wkt(&case.esri_wkt, None)),
            ("OGC WKT1", Crs::from_wkt(&case.ogc_wkt, None)),
            ("EPSG code", Crs::from_epsg(case.epsg)),
        ];
        for (way, crs) in ways {
            let crs = crs.unwrap_or_else(|e| panic!("{} by {way}: {e}", case.name));
            let mut worst = 0f64;
            for point in &case.points {
                let got = crs
                    .to_lon_lat(LonLat {
                        x: point.x,
                        y: point.y,
                    })
                    .unwrap_or_else(|| {
                        panic!("{} by {way}: ({}, {})", case.name, point.x, point.y)
                    });
                let error = (got.x - point.lon).abs().max((got.y - point.lat).abs());
                worst = worst.max(error);
                assert!(
                    error <= tolerance,
                    "{} (EPSG:{}) by {way}: ({}, {}) gave {got:?}, PROJ ({}, {}), {error:e} degrees off, more than {tolerance:e}",
                    case.name,
                    case.epsg,
                    point.x,
                    point.y,
                    point.lon,
                    point.lat
                );
            }
            eprintln!(
                "EPSG:{} by {way}: worst {worst:e} degrees ({} points)",
                case.epsg,
                case.points.len()
            );
        }
    }
}

#[test]
fn a_shift_the_file_leaves_out_is_taken_from_the_epsg_table_and_said() {
    for case in cases() {
        let crs = Crs::from_wkt(&case.esri_wkt, None).unwrap();
        let shift_note = crs.notes().iter().find(|note| note.contains("EPSG:"));
        match case.epsg {
            27700 => assert!(shift_note.is_some_and(|n| n.contains("EPSG:4277"))),
            27572 | 4807 => assert!(
                shift_note.is_some_and(|n| n.contains("EPSG:4807") || n.contains("EPSG:4275")),
                "{:?}",
                crs.notes()
            ),
            _ => assert!(shift_note.is_none(), "{}: {:?}", case.name, crs.notes()),
        }
    }
}
