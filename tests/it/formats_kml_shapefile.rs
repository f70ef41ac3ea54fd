//! KML/KMZ and zipped Shapefile import (and KML/KMZ export) through the public API, on fixtures as
//! Google Earth and QGIS write them. Positions must come back exactly: an AOI is what a customer
//! pays to image.
//!
//! Fixtures: `tests/fixtures/formats/kml/` (KMZ rebuilt by `make_kmz.py`) and
//! `tests/fixtures/formats/shapefile/` (written with pyshp by `generate.py`, which also prints the
//! pyproj reference values hard-coded below).

use std::path::{Path, PathBuf};

use sattask::aoi::formats::{
    Format, FormatError, ImportReport, export_bytes, import_bytes, import_file,
};
use sattask::aoi::model::{Aoi, Imported, LonLat};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(relative)
}

fn import(relative: &str) -> ImportReport {
    import_file(&fixture(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn import_err(relative: &str) -> FormatError {
    match import_file(&fixture(relative)) {
        Ok(report) => panic!("{relative} must be refused, got {report:?}"),
        Err(error) => error,
    }
}

fn aois(report: &ImportReport) -> Vec<&Aoi> {
    report.aois().collect()
}

fn c(x: f64, y: f64) -> LonLat {
    LonLat { x, y }
}

fn assert_near(actual: LonLat, expected: LonLat, tolerance: f64) {
    assert!(
        (actual.x - expected.x).abs() <= tolerance && (actual.y - expected.y).abs() <= tolerance,
        "{actual:?} is not within {tolerance} degrees of {expected:?}"
    );
}

fn bits(ring: &[LonLat]) -> Vec<(u64, u64)> {
    ring.iter()
        .map(|p| (p.x.to_bits(), p.y.to_bits()))
        .collect()
}

// ------------------------------------------------------------------------------------------------
// KML / KMZ import

#[test]
fn google_earth_folder_gives_two_polygons_and_a_point() {
    let report = import("kml/google_earth_folder.kml");
    assert_eq!(report.items.len(), 3, "{report:?}");
    let found = aois(&report);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].name, "Blagnac – piste & aérogare");
    assert_eq!(found[1].name, "Colomiers");
    // Exactly as written: 5 positions with the closing one, altitude dropped, full precision.
    assert_eq!(
        found[0].ring,
        vec![
            c(1.363456789012345, 43.62912345678901),
            c(1.393456789012345, 43.62912345678901),
            c(1.393456789012345, 43.64912345678901),
            c(1.363456789012345, 43.64912345678901),
            c(1.363456789012345, 43.62912345678901),
        ]
    );
    // Written open (4 positions, newline separated): kept open, not closed behind the user's back.
    assert_eq!(
        found[1].ring,
        vec![c(1.31, 43.6), c(1.35, 43.6), c(1.35, 43.62), c(1.31, 43.62)]
    );
    assert!(found.iter().all(|aoi| aoi.holes.is_empty()));
    match &report.items[2] {
        Imported::NotPolygon(point) => {
            assert_eq!(point.name, "Point de rendez-vous");
            assert_eq!(point.kind, "Point");
            assert_eq!(point.at, Some(c(1.3701, 43.6302)));
        }
        other => panic!("expected the Point, got {other:?}"),
    }
}

#[test]
fn kmz_from_google_earth_reads_like_its_kml() {
    let kml = import("kml/google_earth_folder.kml");
    let kmz = import("kml/google_earth_folder.kmz");
    assert_eq!(kmz.items, kml.items);
}

#[test]
fn kmz_without_doc_kml_reads_the_first_kml_entry() {
    let report = import("kml/renamed_inside.kmz");
    assert_eq!(aois(&report).len(), 3);
}

#[test]
fn kmz_without_any_kml_is_refused_saying_what_it_holds() {
    let error = import_err("kml/no_kml.kmz");
    let message = error.to_string();
    assert!(matches!(error, FormatError::Invalid { .. }), "{error:?}");
    assert!(message.contains("no .kml"), "{message}");
    assert!(message.contains("readme.txt"), "{message}");
}

#[test]
fn multigeometry_polygons_are_numbered_and_keep_their_hole() {
    let report = import("kml/multigeometry.kml");
    let names: Vec<&str> = report.items.iter().map(Imported::name).collect();
    // The unnamed Placemark gets the file's name from the caller, numbered by its place.
    assert_eq!(
        names,
        vec!["Vignobles 1", "Vignobles 2", "multigeometry 3", "Route"]
    );
    let found = aois(&report);
    assert_eq!(found.len(), 3);
    assert!(found[0].holes.is_empty());
    assert_eq!(found[1].ring[0], c(5.0, 44.0));
    assert_eq!(
        found[1].holes,
        vec![vec![
            c(5.05, 44.05),
            c(5.05, 44.10),
            c(5.10, 44.10),
            c(5.10, 44.05),
            c(5.05, 44.05)
        ]]
    );
    assert_eq!(found[2].ring.len(), 4);
    match &report.items[3] {
        Imported::NotPolygon(line) => {
            assert_eq!(line.kind, "LineString");
            assert_eq!(line.at, Some(c(4.8, 44.0)));
        }
        other => panic!("expected the LineString, got {other:?}"),
    }
}

#[test]
fn point_only_kml_is_reported_not_dropped() {
    let report = import("kml/point_only.kml");
    assert_eq!(aois(&report).len(), 0);
    assert_eq!(report.items.len(), 1);
    match &report.items[0] {
        Imported::NotPolygon(point) => {
            assert_eq!(point.name, "Antenne");
            assert_eq!(point.kind, "Point");
            assert_eq!(point.at, Some(c(-1.5536, 47.2184)));
        }
        other => panic!("expected the Point, got {other:?}"),
    }
}

#[test]
fn truncated_kml_is_an_error_saying_so() {
    let error = import_err("kml/garbage.kml");
    let message = error.to_string();
    assert!(
        matches!(error, FormatError::Invalid { format: "KML", .. }),
        "{error:?}"
    );
    assert!(message.contains("truncated"), "{message}");
}

#[test]
fn unparseable_coordinate_names_the_placemark() {
    let message = import_err("kml/bad_coordinate.kml").to_string();
    assert!(message.contains("Zone typo"), "{message}");
    assert!(message.contains("1.1;43.1"), "{message}");
}

#[test]
fn coordinate_too_large_for_f64_is_kept_as_infinity() {
    let text = "<kml><Placemark><name>Big</name><Polygon><outerBoundaryIs><LinearRing>\
        <coordinates>0,0 1e400,0 1,-1e400 0,0</coordinates></LinearRing></outerBoundaryIs>\
        </Polygon></Placemark></kml>";
    let report = import_bytes(Format::Kml, text.as_bytes(), "x").unwrap();
    let ring = &aois(&report)[0].ring;
    assert_eq!(ring[1].x, f64::INFINITY);
    assert_eq!(ring[2].y, f64::NEG_INFINITY);
}

#[test]
fn random_bytes_and_truncations_are_errors_not_panics() {
    let kml = std::fs::read(fixture("kml/google_earth_folder.kml")).unwrap();
    let kmz = std::fs::read(fixture("kml/google_earth_folder.kmz")).unwrap();
    let shp = std::fs::read(fixture("shapefile/qgis_wgs84.zip")).unwrap();
    // A small deterministic generator (xorshift) for reproducible "random" bytes.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut random = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    };
    for len in [1, 7, 100, 4096] {
        let bytes = random(len);
        for format in [Format::Kml, Format::Kmz, Format::ShapefileZip] {
            assert!(
                import_bytes(format, &bytes, "x").is_err(),
                "{format:?} accepted {len} random bytes"
            );
        }
    }
    // Every truncation of the KML is refused (the whole file is the only complete document).
    // (Up to the last byte: only the final newline may be cut and still leave a whole document.)
    for end in (1..kml.len() - 1).step_by(7) {
        let result = import_bytes(Format::Kml, &kml[..end], "x");
        assert!(result.is_err(), "KML cut at {end} was accepted");
    }
    for (format, bytes) in [(Format::Kmz, &kmz), (Format::ShapefileZip, &shp)] {
        for end in (1..bytes.len()).step_by(13) {
            assert!(
                import_bytes(format, &bytes[..end], "x").is_err(),
                "{format:?} cut at {end} was accepted"
            );
        }
    }
    // Flipped bytes inside a zip must never panic (they may or may not be detected by the CRC).
    for (format, bytes) in [(Format::Kmz, &kmz), (Format::ShapefileZip, &shp)] {
        for at in (0..bytes.len()).step_by(5) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5A;
            let _ = import_bytes(format, &damaged, "x");
        }
    }
}

#[test]
fn a_kml_file_is_read_as_a_stream_and_a_blank_one_is_told_as_empty() {
    // More Placemarks than one read holds (reads are 64 KiB), each named and read in order.
    let placemark = |i: usize| {
        format!(
            "<Placemark><name>p{i}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>\
             0,0 1,0 1,{i} 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n"
        )
    };
    let body: String = (0..2000).map(placemark).collect();
    let kml = format!("<?xml version=\"1.0\"?>\n<kml><Document>\n{body}</Document></kml>\n");
    assert!(kml.len() > 4 * 64 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.kml");
    std::fs::write(&path, &kml).unwrap();
    let report = import_file(&path).unwrap();
    let found = aois(&report);
    assert_eq!(found.len(), 2000);
    assert_eq!(found[1999].name, "p1999");
    assert_eq!(found[1999].ring[2], c(1.0, 1999.0));
    let blank = dir.path().join("blank.kml");
    std::fs::write(&blank, " \n\t\n").unwrap();
    assert!(matches!(import_file(&blank), Err(FormatError::Empty)));
}

// ------------------------------------------------------------------------------------------------
// KML / KMZ export

// 17 significant digits on purpose: values as precise as a file can carry.
#[allow(clippy::excessive_precision)]
fn round_trip_table() -> Vec<Aoi> {
    vec![
        Aoi::new(
            "Tiny offsets",
            vec![
                c(1.0, 43.0),
                c(1.0 + 1e-15, 43.0),
                c(1.0 + 1e-15, 43.0 + 1e-15),
                c(1.0, 43.0 + 2e-15),
                c(1.0, 43.0),
            ],
        ),
        Aoi::new(
            // 17 significant digits, negative, near the antimeridian and the poles, -0.0.
            "Full precision <&> \"quoted\" 'é'",
            vec![
                c(-179.99999999999997, -89.999999999999986),
                c(0.10000000000000001, 0.30000000000000004),
                c(-0.0, 12.345678901234567),
                c(179.99999999999997, 89.999999999999986),
                c(1.2345678901234567e-5, -9.8765432109876543e-7),
            ],
        ),
        Aoi {
            name: "With a hole".to_owned(),
            ring: vec![
                c(2.0, 48.0),
                c(2.2, 48.0),
                c(2.2, 48.2),
                c(2.0, 48.2),
                c(2.0, 48.0),
            ],
            holes: vec![vec![
                c(2.05, 48.05),
                c(2.05, 48.1),
                c(2.1, 48.1),
                c(2.05, 48.05),
            ]],
        },
        Aoi::new(
            "Open ring, repeated vertex",
            vec![c(3.0, 44.0), c(3.1, 44.0), c(3.1, 44.0), c(3.1, 44.1)],
        ),
    ]
}

fn assert_same_bits(back: &ImportReport, table: &[Aoi]) {
    let found = aois(back);
    assert_eq!(found.len(), table.len());
    for (got, want) in found.iter().zip(table) {
        assert_eq!(got.name, want.name);
        assert_eq!(bits(&got.ring), bits(&want.ring), "{}", want.name);
        assert_eq!(got.holes.len(), want.holes.len());
        for (a, b) in got.holes.iter().zip(&want.holes) {
            assert_eq!(bits(a), bits(b), "hole of {}", want.name);
        }
    }
}

#[test]
fn kml_round_trip_keeps_every_position_bit_for_bit() {
    let table = round_trip_table();
    let kml = export_bytes(Format::Kml, &table).unwrap();
    let text = String::from_utf8(kml.clone()).unwrap();
    assert!(text.contains("http://www.opengis.net/kml/2.2"));
    assert!(text.contains("&lt;&amp;&gt;"));
    assert!(text.contains("<innerBoundaryIs>"));
    let back = import_bytes(Format::Kml, &kml, "x").unwrap();
    assert_same_bits(&back, &table);
}

#[test]
fn kmz_round_trip_keeps_every_position_bit_for_bit() {
    let table = round_trip_table();
    let kmz = export_bytes(Format::Kmz, &table).unwrap();
    assert_eq!(&kmz[..2], b"PK");
    let back = import_bytes(Format::Kmz, &kmz, "x").unwrap();
    assert_same_bits(&back, &table);
}

#[test]
fn google_earth_import_then_export_then_import_is_identical() {
    let first = import("kml/google_earth_folder.kml");
    let table: Vec<Aoi> = aois(&first).into_iter().cloned().collect();
    let again = import_bytes(
        Format::Kml,
        &export_bytes(Format::Kml, &table).unwrap(),
        "x",
    )
    .unwrap();
    assert_same_bits(&again, &table);
}

// ------------------------------------------------------------------------------------------------
// Zipped Shapefile

#[test]
fn qgis_wgs84_layer_reads_names_positions_and_hole_silently() {
    let report = import("shapefile/qgis_wgs84.zip");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let found = aois(&report);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].name, "Toulouse Blagnac – zone é");
    assert_eq!(found[1].name, "Zone Nord");
    // Clockwise as the format stores outer rings, closed, every digit kept.
    assert_eq!(
        found[0].ring,
        vec![
            c(1.3634567891234567, 43.6291234567891),
            c(1.3634567891234567, 43.6491234567891),
            c(1.3934567891234567, 43.6491234567891),
            c(1.3934567891234567, 43.6291234567891),
            c(1.3634567891234567, 43.6291234567891),
        ]
    );
    assert!(found[0].holes.is_empty());
    assert_eq!(found[1].ring.len(), 5);
    assert_eq!(found[1].ring[0], c(1.40, 43.65));
    assert_eq!(found[1].holes.len(), 1);
    assert_eq!(found[1].holes[0].len(), 5);
    assert_eq!(found[1].holes[0][0], c(1.44, 43.67));
}

#[test]
fn missing_prj_assumes_wgs84_with_a_warning() {
    let report = import("shapefile/no_prj.zip");
    let found = aois(&report);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "Paris");
    assert_eq!(found[0].ring[0], c(2.0, 48.0));
    assert_eq!(
        report.warnings,
        vec![
            "no .prj in the zip: coordinates assumed to be WGS84 longitude/latitude (EPSG:4326)"
                .to_owned()
        ]
    );
}

#[test]
fn utm_31n_is_reprojected_within_a_micro_degree_of_proj() {
    let report = import("shapefile/utm31n.zip");
    let found = aois(&report);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "Toulouse UTM");
    // Stored (metres): (367633.41, 4828753.88) (367765.06, 4835417.65) (375828.26, 4835263.13)
    // (375704.64, 4828599.37) and the closing one. Expected lon/lat computed by generate.py with
    // pyproj 3.7.2 (PROJ): Transformer.from_crs("EPSG:32631", "EPSG:4326", always_xy=True).
    let expected = [
        c(1.3600000048611947, 43.60000003754178),
        c(1.3600000505428436, 43.66000004101658),
        c(1.460000009569984, 43.66000002851175),
        c(1.459999946399923, 43.59999997168085),
        c(1.3600000048611947, 43.60000003754178),
    ];
    assert_eq!(found[0].ring.len(), expected.len());
    for (got, want) in found[0].ring.iter().zip(expected) {
        // 1e-9 degrees is about 0.1 mm: proj4rs and PROJ agree far below the 1e-6 asked.
        assert_near(*got, want, 1e-9);
    }
    assert_eq!(found[0].ring.first(), found[0].ring.last());
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    // The CRS is named as the .prj names it.
    assert_eq!(
        report.warnings[0],
        "the coordinates were reprojected from WGS_1984_UTM_Zone_31N to WGS84 longitude/latitude"
    );
}

#[test]
fn web_mercator_is_reprojected_with_a_warning() {
    let report = import("shapefile/web_mercator.zip");
    let found = aois(&report);
    assert_eq!(found.len(), 1);
    // Stored (metres): (151394.51, 5403748.49) (151394.51, 5412976.28) (162526.46, 5412976.28)
    // (162526.46, 5403748.49) and the closing one. Expected lon/lat from pyproj 3.7.2:
    // Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True).
    let expected = [
        c(1.3600000226478572, 43.59999999005174),
        c(1.3600000226478572, 43.66000001368512),
        c(1.4600000309184002, 43.66000001368512),
        c(1.4600000309184002, 43.59999999005174),
        c(1.3600000226478572, 43.59999999005174),
    ];
    for (got, want) in found[0].ring.iter().zip(expected) {
        assert_near(*got, want, 1e-9);
    }
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(report.warnings[0].contains("reprojected from WGS_1984_Web_Mercator_Auxiliary_Sphere"));
}

#[test]
fn lambert_93_is_reprojected() {
    // Refused before the reprojection went through proj4rs; tests/it/formats_crs.rs checks
    // GDAL-written layers in Lambert-93 and other CRSs against PROJ.
    let report = import("shapefile/lambert93.zip");
    assert_eq!(aois(&report).len(), 1);
    assert_eq!(
        report.warnings,
        ["the coordinates were reprojected from RGF_1993_Lambert_93 to WGS84 longitude/latitude"]
    );
}

#[test]
fn a_crs_that_cannot_be_converted_is_refused_naming_it() {
    // A geocentric CRS (X, Y, Z from the Earth's centre) is no map's.
    let prj = r#"GEOCCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["metre",1],AXIS["Geocentric X",OTHER],AXIS["Geocentric Y",OTHER],AXIS["Geocentric Z",NORTH]]"#;
    let zip = rezipped(|name, bytes| {
        if name.ends_with(".prj") {
            prj.as_bytes().to_vec()
        } else {
            bytes
        }
    });
    let error = match import_bytes(Format::ShapefileZip, &zip, "layer") {
        Ok(report) => panic!("must be refused, got {report:?}"),
        Err(error) => error,
    };
    match &error {
        FormatError::UnsupportedCrs { crs, why } => {
            assert_eq!(crs, "WGS 84");
            assert!(why.contains("geocentric"), "{why}");
        }
        other => panic!("expected UnsupportedCrs, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("EPSG:4326"), "{message}");
}

#[test]
fn nested_folders_upper_case_polygon_z_and_several_layers() {
    let report = import("shapefile/nested_mixed.zip");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let names: Vec<&str> = report.items.iter().map(Imported::name).collect();
    assert_eq!(names, vec!["Îlots 1", "Îlots 2", "Mât"]);
    let found = aois(&report);
    assert_eq!(found.len(), 2);
    // PolygonZ: Z dropped, the two outer rings of one record are two AOIs.
    assert_eq!(found[0].ring[0], c(3.0, 45.0));
    assert_eq!(found[1].ring[0], c(4.0, 45.0));
    assert_eq!(found[0].ring.len(), 5);
    match &report.items[2] {
        Imported::NotPolygon(point) => {
            assert_eq!(point.kind, "Point");
            assert_eq!(point.at, Some(c(5.5, 44.5)));
        }
        other => panic!("expected the Point, got {other:?}"),
    }
}

#[test]
fn zip_without_shp_lists_what_it_holds_and_what_is_needed() {
    let error = import_err("shapefile/no_shp.zip");
    let message = error.to_string();
    assert!(matches!(error, FormatError::Invalid { .. }), "{error:?}");
    assert!(message.contains("readme.txt"), "{message}");
    assert!(message.contains("layer.dbf"), "{message}");
    assert!(message.contains(".shp, .shx and .dbf"), "{message}");
}

#[test]
fn shapefile_zip_is_written_with_a_prj_and_read_back() {
    let aois = round_trip_table();
    let bytes = export_bytes(Format::ShapefileZip, &aois).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        assert!(names.contains(&format!("aois.{ext}")), "{names:?}");
    }
    let mut prj = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("aois.prj").unwrap(), &mut prj).unwrap();
    assert!(prj.contains("WGS_1984"), "{prj}");
    let report = import_bytes(Format::ShapefileZip, &bytes, "x").unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let read: Vec<&Aoi> = report.aois().collect();
    assert_eq!(read.len(), aois.len());
    // Every position bit for bit (the format closes rings and orders them clockwise).
    let bits = |ring: &[LonLat]| -> std::collections::BTreeSet<(u64, u64)> {
        ring.iter()
            .map(|c| (c.x.to_bits(), c.y.to_bits()))
            .collect()
    };
    for (read, written) in read.iter().zip(&aois) {
        assert_eq!(read.name, written.name);
        assert_eq!(bits(&read.ring), bits(&written.ring), "{}", written.name);
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_in_any_format(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            for format in [Format::Kml, Format::Kmz, Format::ShapefileZip] {
                let _ = import_bytes(format, &bytes, "x");
            }
        }

        #[test]
        fn edited_google_earth_kml(at in 0usize..2400, byte in any::<u8>(), cut in 0usize..2400) {
            let mut kml = std::fs::read(fixture("kml/google_earth_folder.kml")).unwrap();
            let at = at % kml.len();
            kml[at] = byte;
            kml.truncate(kml.len().saturating_sub(cut % 64));
            let _ = import_bytes(Format::Kml, &kml, "x");
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Hostile zips: each member is read as far as its format says it goes, and anything more is
// refused naming the member and the limit (issue 11).

/// The QGIS layer's zip with `change` applied to each member (deflated, as zip tools write).
fn rezipped(change: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let original = std::fs::read(fixture("shapefile/qgis_wgs84.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(&change(&name, bytes)).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn refusal(bytes: &[u8]) -> String {
    match import_bytes(Format::ShapefileZip, bytes, "layer") {
        Ok(report) => panic!("must be refused, got {report:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn the_rezipped_layer_still_reads() {
    let report = import_bytes(Format::ShapefileZip, &rezipped(|_, b| b), "layer").unwrap();
    assert_eq!(aois(&report).len(), 2);
}

#[test]
fn a_prj_holding_more_than_a_prj_can_is_refused_by_name_and_limit() {
    // A megabyte of spaces deflates to a kilobyte: the .prj's size is only known by reading it.
    let bytes = rezipped(|name, mut b| {
        if name.ends_with(".prj") {
            b.resize(1024 * 1024, b' ');
        }
        b
    });
    assert!(bytes.len() < 64 * 1024, "the zip is small: {}", bytes.len());
    let message = refusal(&bytes);
    assert!(message.contains("layer.prj"), "{message}");
    assert!(message.contains("64 KiB"), "{message}");
    assert!(message.contains("coordinate system"), "{message}");
}

#[test]
fn a_prj_that_claims_a_gibibyte_is_refused_before_it_is_read() {
    // The central directory says 1 GiB once uncompressed; nothing of it is read.
    let mut bytes = rezipped(|_, b| b);
    let mut at = 0;
    let mut patched = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| rest.windows(4).position(|w| w == b"PK\x01\x02"))
    {
        let record = at + found;
        let name_len = usize::from(u16::from_le_bytes([bytes[record + 28], bytes[record + 29]]));
        if &bytes[record + 46..record + 46 + name_len] == b"layer.prj" {
            bytes[record + 24..record + 28].copy_from_slice(&(1u32 << 30).to_le_bytes());
            patched += 1;
        }
        at = record + 4;
    }
    assert_eq!(patched, 1);
    let message = refusal(&bytes);
    assert!(message.contains("layer.prj claims 1 GiB"), "{message}");
    assert!(message.contains("64 KiB"), "{message}");
}

#[test]
fn members_padded_past_what_their_headers_declare_are_refused_by_name() {
    for (member, says) in [
        ("layer.shp", "its header declares 456 bytes"),
        ("layer.dbf", "its header declares 227 bytes"),
        ("layer.shx", "that the index of a 456 bytes .shp can take"),
        ("layer.cpg", "1 KiB a .cpg"),
    ] {
        let bytes = rezipped(|name, mut b| {
            if name == member {
                b.resize(b.len() + 4 * 1024 * 1024, 0);
            }
            b
        });
        let message = refusal(&bytes);
        assert!(message.contains(member), "{member}: {message}");
        assert!(message.contains(says), "{member}: {message}");
    }
}

#[test]
fn the_window_opens_at_most_its_bound_and_says_how_many_the_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parcels.wkt");
    let square = |i: usize| {
        let (x, e) = (1.0 + i as f64 * 0.01, 1.005 + i as f64 * 0.01);
        format!("POLYGON(({x} 43, {e} 43, {e} 43.005, {x} 43.005, {x} 43))\n")
    };
    std::fs::write(&path, (0..7).map(square).collect::<String>()).unwrap();
    let report = sattask::aoi::formats::import_file_at_most(&path, 3).unwrap();
    let names: Vec<&str> = report.items.iter().map(|i| i.name()).collect();
    assert_eq!(names, ["parcels 1", "parcels 2", "parcels 3"]);
    assert_eq!(
        report.warnings,
        [
            "the file holds 7 geometries: the first 3 were opened; split the file to task the others (`sattask aoi validate` checks them all)"
        ]
    );
    let all = sattask::aoi::formats::import_file_at_most(&path, 7).unwrap();
    assert_eq!((all.items.len(), all.warnings.len()), (7, 0));
}
