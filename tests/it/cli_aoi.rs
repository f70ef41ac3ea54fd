//! `sattask aoi ...` run as a person runs it: the real binary on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn sattask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sattask"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn a_valid_file_exits_0_with_its_area() {
    let file = fixture("rules/valid.geojson");
    let output = sattask(&["aoi", "validate", "--json", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    let aoi = &lines[0]["aois"][0];
    assert_eq!(lines[0]["error"], serde_json::Value::Null);
    assert_eq!(aoi["name"], "valid");
    assert_eq!(aoi["valid"], true);
    assert_eq!(aoi["vertices"], 4);
    assert!((aoi["area_km2"].as_f64().unwrap() - 89.5).abs() < 1.0);
    assert!(
        aoi["issues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["severity"] == "warning")
    );
}

#[test]
fn an_invalid_file_exits_1_and_locates_the_crossing() {
    let file = fixture("rules/self_intersection.geojson");
    let output = sattask(&["aoi", "validate", "--json", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    let issue = &lines[0]["aois"][0]["issues"][0];
    assert_eq!(issue["rule"], "self_intersection");
    assert_eq!(issue["severity"], "error");
    assert_eq!(issue["segments"], serde_json::json!([[0, 2]]));
    assert_eq!(issue["vertices"], serde_json::json!([0, 2]));
    let at = issue["at"].as_array().unwrap();
    assert!((at[0].as_f64().unwrap() - 1.45).abs() < 1e-9);
}

#[test]
fn a_point_counts_as_an_aoi_that_is_not_a_polygon() {
    let file = fixture("formats/geojson/geojson_io.geojson");
    let output = sattask(&["aoi", "validate", "--json", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let aois = json_lines(&output)[0]["aois"].as_array().unwrap().clone();
    assert_eq!(aois.len(), 2);
    assert_eq!(aois[1]["name"], "Marker");
    assert_eq!(aois[1]["issues"][0]["rule"], "not_polygon");
    assert_eq!(
        aois[1]["issues"][0]["at"],
        serde_json::json!([2.3376, 48.8606])
    );
}

#[test]
fn bad_files_exit_2_with_a_message_and_never_panic() {
    for bad in [
        "bad/truncated.geojson",
        "bad/empty.geojson",
        "bad/binary.kml",
        "bad/huge_number.geojson",
        "bad/wrong_format.geojson",
        "bad/not_a_shapefile.zip",
        "bad/truncated.wkt",
        "does/not/exist.geojson",
        "bad/no_extension",
    ] {
        let file = fixture(bad);
        let output = sattask(&["aoi", "validate", file.to_str().unwrap()]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains("cannot be read"), "{bad}: {stderr}");
        assert!(!stderr.contains("panicked"), "{bad}: {stderr}");
        let output = sattask(&["aoi", "validate", "--json", file.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let line = &json_lines(&output)[0];
        assert!(
            line["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{bad}: {line}"
        );
    }
}

#[test]
fn an_unreadable_file_wins_over_an_invalid_one() {
    let good = fixture("rules/self_intersection.geojson");
    let bad = fixture("bad/truncated.geojson");
    let output = sattask(&[
        "aoi",
        "validate",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stdout).contains("INVALID"));
}

#[test]
fn stats_go_to_stderr_as_one_json_line() {
    let file = fixture("rules/too_many_vertices.geojson");
    let output = sattask(&["aoi", "validate", "--stats", file.to_str().unwrap()]);
    let stats: serde_json::Value = serde_json::from_str(text(&output.stderr).trim()).unwrap();
    assert_eq!(stats["aois"], 1);
    assert!(stats["parse_ms"].as_f64().is_some());
    assert!(stats["validate_ms"].as_f64().is_some());
}

#[test]
fn mission_and_offer_narrow_the_warnings() {
    let file = fixture("rules/valid.geojson");
    let output = sattask(&[
        "aoi",
        "validate",
        "--json",
        "--mission",
        "PLEIADES",
        "--offer",
        "ONEDAY",
        file.to_str().unwrap(),
    ]);
    let issues = json_lines(&output)[0]["aois"][0]["issues"].clone();
    let rules: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["billed_area"], "{issues}");
    let bad = sattask(&[
        "aoi",
        "validate",
        "--mission",
        "LANDSAT",
        file.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("use PLEIADES, PLEIADESNEO or SPOT"));
}

#[test]
fn convert_round_trips_every_position() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("formats/multipolygon.wkt");
    let geojson = dir.path().join("out.geojson");
    let wkt = dir.path().join("back.wkt");
    let output = sattask(&[
        "aoi",
        "convert",
        source.to_str().unwrap(),
        geojson.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let output = sattask(&[
        "aoi",
        "convert",
        geojson.to_str().unwrap(),
        wkt.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let before = sattask::aoi::formats::import_file(&source).unwrap();
    let after = sattask::aoi::formats::import_file(&wkt).unwrap();
    let rings = |r: &sattask::aoi::formats::ImportReport| {
        r.aois().map(|a| a.ring.clone()).collect::<Vec<_>>()
    };
    assert_eq!(rings(&before), rings(&after));
}

#[test]
fn convert_reports_skipped_points_and_refuses_unknown_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("formats/geojson/geojson_io.geojson");
    let out = dir.path().join("out.wkt");
    let output = sattask(&[
        "aoi",
        "convert",
        source.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stderr).contains("skipped \"Marker\": a Point is not a polygon AOI"));
    let output = sattask(&[
        "aoi",
        "convert",
        source.to_str().unwrap(),
        dir.path().join("x.dxf").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("unknown file type"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn info_summarises_size_and_billing() {
    let file = fixture("rules/valid.geojson");
    let output = sattask(&[
        "aoi",
        "info",
        "--mission",
        "SPOT",
        "--offer",
        "ONEDAY",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output.stdout);
    for expected in [
        "vertices   4 / 999",
        "area       89.",
        "billed     500.0 km² for SPOT 6/7 OneDay",
        "km north-south",
    ] {
        assert!(out.contains(expected), "{expected:?} missing in:\n{out}");
    }
}

#[test]
fn info_narrowed_to_a_mission_names_it() {
    let file = fixture("rules/valid.geojson");
    let output = sattask(&[
        "aoi",
        "info",
        "--mission",
        "PLEIADES",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output.stdout);
    assert!(
        out.contains("billed     100.0 km² for Pléiades (all offers)"),
        "{out}"
    );
    assert!(!out.contains("every mission"), "{out}");
}

#[test]
fn the_command_says_its_version_and_that_no_subcommand_opens_the_window() {
    let output = sattask(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout).trim(),
        format!("sattask {}", env!("CARGO_PKG_VERSION"))
    );
    let help = text(&sattask(&["--help"]).stdout);
    assert!(
        help.contains("With no subcommand, sattask opens the window"),
        "{help}"
    );
}

#[test]
fn a_file_damaged_part_way_is_checked_up_to_the_damage_and_then_refused() {
    // Each AOI is checked as it is read: the two before the cut are answered, then the damage.
    let square = |x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"name":"Zone {x}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},43],[{x}.1,43],[{x}.1,43.1],[{x},43.1],[{x},43]]]}}}}"#
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.geojson");
    let text_written = format!(
        r#"{{"type":"FeatureCollection","features":[{},{},{{"type":"Feat"#,
        square(1.0),
        square(2.0)
    );
    std::fs::write(&path, text_written).unwrap();
    let file = path.to_str().unwrap();

    let output = sattask(&["aoi", "validate", file]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("\"Zone 1\": valid"), "{stdout}");
    assert!(stdout.contains("\"Zone 2\": valid"), "{stdout}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("cut.geojson: cannot be read (after the AOIs above): not valid GeoJSON"),
        "{stderr}"
    );

    let output = sattask(&["aoi", "validate", "--json", file]);
    assert_eq!(output.status.code(), Some(2));
    let line = &json_lines(&output)[0];
    assert_eq!(line["aois"].as_array().unwrap().len(), 2, "{line}");
    assert!(
        line["error"]
            .as_str()
            .unwrap()
            .contains("not valid GeoJSON"),
        "{line}"
    );

    let output = sattask(&["aoi", "info", file]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stdout).contains("Zone 2\n  vertices"),
        "{}",
        text(&output.stdout)
    );
}
