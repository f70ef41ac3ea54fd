//! GeoPackage import and export through the public API: a GeoPackage GDAL wrote in Lambert-93
//! (tests/fixtures/formats/gpkg/, by tests/fixtures/formats/crs/generate.py), round trips of
//! what sattask writes, and files built here with SQLite to hold what a hostile or careless
//! writer puts in one.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use sattask::aoi::formats::{
    Format, FormatError, ImportReport, export_bytes, export_file, import_bytes, import_file,
};
use sattask::aoi::model::{Aoi, Imported, LonLat};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/gpkg")
        .join(name)
}

fn c(x: f64, y: f64) -> LonLat {
    LonLat { x, y }
}

fn aois(report: &ImportReport) -> Vec<&Aoi> {
    report.aois().collect()
}

#[test]
fn a_gdal_geopackage_in_lambert_93_is_read_layer_by_layer() {
    let report = import_file(&fixture("gdal_lambert93.gpkg")).unwrap();
    let names: Vec<&str> = report.items.iter().map(Imported::name).collect();
    // The names come from the `nom` column; Brest's two-part MultiPolygon is two AOIs.
    assert_eq!(
        names,
        [
            "Paris",
            "Marseille (avec trou)",
            "Brest 1",
            "Brest 2",
            "Strasbourg"
        ]
    );
    let found = aois(&report);
    assert_eq!(found.len(), 4);
    assert_eq!(found[1].holes.len(), 1);
    assert!(found[0].holes.is_empty());
    // First vertices by PROJ (pyproj 3.7.2): Transformer.from_crs(2154, 4326, always_xy=True),
    // printed by generate.py. 1e-8 degrees is about a millimetre.
    for (aoi, (lon, lat)) in found.iter().zip([
        (2.3187905970377627, 48.83811012258296),
        (5.326963301393921, 43.27011514083982),
        (-4.517655213542774, 48.408620321686016),
    ]) {
        let first = aoi.ring[0];
        assert!(
            (first.x - lon).abs() < 1e-8 && (first.y - lat).abs() < 1e-8,
            "{}: {first:?} vs PROJ ({lon}, {lat})",
            aoi.name
        );
        assert_eq!(aoi.ring.first(), aoi.ring.last(), "rings stay closed");
    }
    match &report.items[4] {
        Imported::NotPolygon(point) => {
            assert_eq!(point.kind, "Point");
            let at = point.at.unwrap();
            assert!(
                (at.x - 7.75).abs() < 0.05 && (at.y - 48.58).abs() < 0.05,
                "{at:?}"
            );
        }
        other => panic!("expected the Point, got {other:?}"),
    }
    assert_eq!(
        report.warnings,
        [
            "layer zones: the coordinates were reprojected from RGF93 v1 / Lambert-93 to WGS84 longitude/latitude",
            "layer villes: the coordinates were reprojected from RGF93 v1 / Lambert-93 to WGS84 longitude/latitude",
        ]
    );
}

fn sample() -> Vec<Aoi> {
    vec![
        Aoi {
            name: "Toulouse nord".to_owned(),
            ring: vec![
                c(1.36, 43.6),
                c(1.46, 43.6),
                c(1.46, 43.66),
                c(1.36, 43.66),
                c(1.36, 43.6),
            ],
            holes: vec![vec![
                c(1.4, 43.62),
                c(1.41, 43.63),
                c(1.42, 43.62),
                c(1.4, 43.62),
            ]],
        },
        Aoi {
            name: "Île \"d'Oléron\" — 1/3".to_owned(),
            ring: vec![
                c(-1.4123456789012345, 45.9),
                c(-1.2, 45.9),
                c(-1.3, 46.0),
                c(-1.4123456789012345, 45.9),
            ],
            holes: Vec::new(),
        },
    ]
}

#[test]
fn what_sattask_writes_it_reads_back_bit_for_bit() {
    let written = sample();
    let bytes = export_bytes(Format::GeoPackage, &written).unwrap();
    let report = import_bytes(Format::GeoPackage, &bytes, "x").unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let read: Vec<Aoi> = report.aois().cloned().collect();
    assert_eq!(read, written);

    // Through a file too, whose layer is named after it; an open ring comes back closed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zones à tasker.gpkg");
    let mut open = sample();
    open[1].ring.pop();
    export_file(&path, &open).unwrap();
    let report = import_file(&path).unwrap();
    assert_eq!(report.aois().cloned().collect::<Vec<_>>(), written);
    let connection = Connection::open(&path).unwrap();
    let table: String = connection
        .query_row("SELECT table_name FROM gpkg_contents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(table, "zones à tasker");
    let ids: (i32, i32) = connection
        .query_row(
            "SELECT * FROM pragma_application_id, pragma_user_version",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(ids, (0x4750_4B47, 10_400));
    let srs: Vec<i64> = connection
        .prepare("SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(srs, [-1, 0, 4326]);
}

/// A GeoPackage written by sattask, then changed by `sql`.
fn altered(sql: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aois.gpkg");
    export_file(&path, &sample()).unwrap();
    let connection = Connection::open(&path).unwrap();
    connection
        .execute_batch("PRAGMA foreign_keys = OFF;")
        .unwrap();
    connection.execute_batch(sql).unwrap();
    drop(connection);
    std::fs::read(&path).unwrap()
}

fn refusal(bytes: &[u8]) -> FormatError {
    match import_bytes(Format::GeoPackage, bytes, "x") {
        Ok(report) => panic!("must be refused, got {report:?}"),
        Err(error) => error,
    }
}

#[test]
fn what_is_not_a_geopackage_is_refused_saying_so() {
    let message = refusal(b"SQLite format 3\0 but nothing after").to_string();
    assert!(message.contains("not a GeoPackage"), "{message}");
    let message = refusal(&[0x42; 4096]).to_string();
    assert!(message.contains("not a GeoPackage"), "{message}");
    let message = refusal(&altered("DROP TABLE gpkg_contents;")).to_string();
    assert!(message.contains("gpkg_contents is missing"), "{message}");
}

#[test]
fn damaged_curved_empty_and_viewed_rows_are_told_and_the_rest_read() {
    let bytes = altered(
        "INSERT INTO aois (geom, name) VALUES (NULL, 'nothing');
         INSERT INTO aois (geom, name) VALUES (x'47500003E6100000', 'cut');
         INSERT INTO aois (geom, name) VALUES (x'4750000100000000010A00000000000000', 'curve');
         CREATE VIEW everything AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS fid, NULL AS geom FROM n;
         INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('everything', 'features', 4326);
         INSERT INTO gpkg_geometry_columns VALUES ('everything', 'geom', 'POLYGON', 4326, 0, 0);",
    );
    let report = import_bytes(Format::GeoPackage, &bytes, "x").unwrap();
    let names: Vec<&str> = report.items.iter().map(Imported::name).collect();
    assert_eq!(names, ["Toulouse nord", "Île \"d'Oléron\" — 1/3", "curve"]);
    match &report.items[2] {
        Imported::NotPolygon(curve) => assert_eq!(curve.kind, "CurvePolygon"),
        other => panic!("{other:?}"),
    }
    let warnings = report.warnings.join("\n");
    for expected in [
        "rows 3 of layer aois have an empty geometry",
        "rows 4 of layer aois have a damaged geometry",
        "rows 5 of layer aois hold CurvePolygon geometries, which are not read",
        "the layer everything is a view, not a table, so it was not read",
    ] {
        assert!(warnings.contains(expected), "{expected:?} in {warnings}");
    }
}

#[test]
fn a_layer_in_an_epsg_code_only_crs_is_reprojected() {
    // A layer in British National Grid whose gpkg_spatial_ref_sys row gives only the code.
    let bytes = altered(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('bng', 27700, 'EPSG', 27700, 'undefined', '');
         UPDATE gpkg_geometry_columns SET srs_id = 27700;
         DELETE FROM aois WHERE fid = 2;
         UPDATE aois SET geom = x'47500001346c00000103000000010000000400000000000000a02c20410000000000f9054100000000403c20410000000000f9054100000000403c204100000000a0f9054100000000a02c20410000000000f90541';",
    );
    let report = import_bytes(Format::GeoPackage, &bytes, "x").unwrap();
    let found = aois(&report);
    assert_eq!(found.len(), 1);
    // (530000, 180000) in London, by PROJ (OSGB36 to WGS 84 (6)): (-0.12835394047946935, 51.50399082763378).
    let first = found[0].ring[0];
    assert!(
        (first.x + 0.12835394047946935).abs() < 1e-8 && (first.y - 51.50399082763378).abs() < 1e-8,
        "{first:?}"
    );
    // The EPSG table's definition carries the datum's shift (TOWGS84), so it is not looked for.
    assert_eq!(
        report.warnings,
        [
            "the coordinates were reprojected from OSGB 1936 / British National Grid to WGS84 longitude/latitude"
        ]
    );
}

#[test]
fn damaged_copies_of_a_gdal_geopackage_never_panic() {
    // Until a fuzzer runs on it (fuzz/fuzz_targets/import_gpkg.rs): 300 copies of the GDAL
    // fixture with a few bytes changed (xorshift, fixed seed), each answered or refused.
    let original = std::fs::read(fixture("gdal_lambert93.gpkg")).unwrap();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut read, mut refused) = (0, 0);
    for _ in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..(1 + next() % 8) {
            let at = usize::try_from(next() % bytes.len() as u64).unwrap();
            bytes[at] = u8::try_from(next() % 256).unwrap();
        }
        match import_bytes(Format::GeoPackage, &bytes, "x") {
            Ok(_) => read += 1,
            Err(error) => {
                assert!(!error.to_string().is_empty());
                refused += 1;
            }
        }
    }
    assert_eq!(read + refused, 300);
}
