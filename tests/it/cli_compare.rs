//! `sattask api compare` and the `--export` of `compare` and `attempts`, run as a person runs
//! them against the sandbox: the table and its JSON, what a contract allows, and the exported
//! footprints read back by the geojson crate, by the project's KML reader and by `sattask aoi`.

use std::path::Path;
use std::process::Command;

use crate::cli_api::Env;

/// 8 km by 11 km over Toulouse (88 km²): under SPOT OneDay's 100 km² minimum.
const AOI: &str = "POLYGON((1.4 43.6, 1.5 43.6, 1.5 43.7, 1.4 43.7, 1.4 43.6))";

fn aoi_info(path: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sattask"))
        .args(["aoi", "info"])
        .arg(path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn compare_asks_every_offer_the_contract_allows_and_exports_the_first_attempts() {
    let env = Env::start();
    let out = env.data.path().join("first.geojson");
    let out_text = out.display().to_string();
    let table = env.ok(&[
        "compare",
        "--aoi",
        AOI,
        "--contract",
        "CTR24000001",
        "--start",
        "2027-03-01",
        "--sort",
        "price",
        "--json",
        "--export",
        &out_text,
    ]);
    let rows = table["rows"].as_array().unwrap();
    let pairs: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["mission"].as_str().unwrap(),
                r["offer"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(rows.len(), 6, "{pairs:?}");
    assert!(
        pairs.iter().all(|p| !p.starts_with("PLEIADESNEO")),
        "{pairs:?}"
    );
    let row = |mission: &str, offer: &str| {
        rows.iter()
            .find(|r| r["mission"] == mission && r["offer"] == offer)
            .unwrap()
    };
    // A refusal, in words.
    let refused = row("SPOT", "ONEDAY")["verdict"].as_str().unwrap();
    assert!(
        refused.contains("smaller than this offer's minimum of 100 km²"),
        "{refused}"
    );
    // Attempts: the first one, the billed area, a price.
    let oneday = row("PLEIADES", "ONEDAY");
    assert_eq!(oneday["verdict"], "AUTOMATIC");
    assert!(oneday["attempts"].as_u64().unwrap() >= 1);
    assert!(oneday["firstAttempt"]["satellite"].is_string());
    assert!(oneday["firstAttempt"]["orderDeadline"].is_string());
    assert_eq!(oneday["billedAreaKm2"], 100.0);
    assert_eq!(oneday["price"]["currency"], "EUR");
    // OnePlan: feasibility, priced when automatic.
    let oneplan = row("PLEIADES", "ONEPLAN")["verdict"].as_str().unwrap();
    assert!(
        oneplan.starts_with("AUTOMATIC") || oneplan.starts_with("MANUAL"),
        "{oneplan}"
    );
    // Sorted by price, cheapest first, priced rows before the rest; the cheapest marked best.
    let prices: Vec<f64> = rows
        .iter()
        .map_while(|r| r["price"]["amount"].as_f64())
        .collect();
    assert!(prices.len() >= 3, "{table}");
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    assert!(
        rows[0]["best"]
            .as_array()
            .unwrap()
            .contains(&"price".into())
    );
    let best_priced = rows
        .iter()
        .filter(|r| r["best"].to_string().contains("price"))
        .count();
    assert_eq!(best_priced, 1);

    // The export: one feature per row with a first attempt, each with its facts.
    let firsts = rows
        .iter()
        .filter(|r| r["firstAttempt"].is_object())
        .count();
    let text = std::fs::read_to_string(&out).unwrap();
    let geojson::GeoJson::FeatureCollection(collection) = text.parse().unwrap() else {
        panic!("not a FeatureCollection: {text}")
    };
    assert_eq!(collection.features.len(), firsts);
    for feature in &collection.features {
        let properties = feature.properties.as_ref().unwrap();
        for key in [
            "satellite",
            "acquisition_utc",
            "local_solar_time",
            "incidence_deg",
            "along_track_deg",
            "across_track_deg",
            "order_deadline_utc",
            "aoi_coverage_pct",
        ] {
            assert!(!properties[key].is_null(), "{key} missing: {properties:?}");
        }
    }
    // `sattask aoi info` reads the footprints back, with no error.
    let info = aoi_info(&out);
    assert_eq!(info.matches("vertices").count(), firsts, "{info}");
    assert!(!info.contains("error ["), "{info}");
}

#[test]
fn a_neo_contract_compares_neo_only_as_a_table_with_the_best_marked() {
    let env = Env::start();
    let output = env.run(&[
        "compare",
        "--aoi",
        AOI,
        "--contract",
        "CTR24000002",
        "--start",
        "2027-03-01",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("mission"), "{stdout}");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("Pléiades Neo"))
            .count(),
        3,
        "{stdout}"
    );
    assert!(!stdout.contains("SPOT"), "{stdout}");
    assert!(
        stdout.contains("quotation"),
        "Neo OnePlan is a quotation: {stdout}"
    );
    assert!(stdout.contains(" *"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("3 of 3 answered"), "{stderr}");
    env.fails(
        &["compare", "--aoi", AOI, "--contract", "CTR99"],
        2,
        "not one of this account's contracts",
    );
}

#[test]
fn attempts_export_as_kml_and_csv_read_back() {
    let env = Env::start();
    let aoi = "POLYGON((1.4 43.6, 1.6 43.6, 1.6 43.8, 1.4 43.8, 1.4 43.6))";
    let kml = env.data.path().join("attempts.kml");
    let csv = env.data.path().join("attempts.csv");
    let mut count = 0;
    for path in [&kml, &csv] {
        let answer = env.ok(&[
            "attempts",
            "--aoi",
            aoi,
            "--contract",
            "CTR24000001",
            "--mission",
            "PLEIADES",
            "--offer",
            "ONEDAY",
            "--start",
            "2027-03-01",
            "--export",
            &path.display().to_string(),
        ]);
        count = answer.to_string().matches("segmentKey").count();
    }
    assert!(count >= 1);
    // The project's KML reader and `sattask aoi info` read every footprint.
    let report = sattask::aoi::formats::import_file(&kml).unwrap();
    assert_eq!(report.aois().count(), count);
    let text = std::fs::read_to_string(&kml).unwrap();
    assert!(
        text.contains("<Data name=\"order_deadline_utc\">"),
        "{text}"
    );
    let info = aoi_info(&kml);
    assert_eq!(info.matches("vertices").count(), count, "{info}");
    // The CSV: a header, then one line per attempt.
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("satellite,mission,offer,acquisition_utc,local_solar_time,"),
        "{header}"
    );
    assert!(header.ends_with("footprint_wkt"));
    assert_eq!(lines.count(), count);
}
