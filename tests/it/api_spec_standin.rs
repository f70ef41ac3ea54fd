//! The OpenAPI file's example answers served verbatim by a stand-in server on 127.0.0.1 and
//! read by `sattask api ...`, as a person with a real account would meet them: every command
//! succeeds, prints what it read, and says on stderr what it could not read (and where).

use std::process::{Command, Output};

use serde_json::Value;

use crate::spec::standin::StandIn;

struct Cli(StandIn);

impl Cli {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sattask"))
            .args(["api", "--backend", "oneatlas", "--base-url", &self.0.base])
            .args(args)
            .env("SATTASK_ONEATLAS_API_KEY", "stand-in key")
            .env("SATTASK_DATA_DIR", self.0.data.path())
            .env("SATTASK_ORDERING_INTERVAL_MS", "0")
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed: its JSON and its stderr.
    fn ok(&self, args: &[&str]) -> (Value, String) {
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        (
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}")),
            stderr,
        )
    }
}

fn aoi_file(dir: &std::path::Path) -> String {
    let path = dir.join("aoi.geojson");
    std::fs::write(
        &path,
        r#"{"type":"Polygon","coordinates":[[[1.40,43.55],[1.52,43.55],[1.52,43.65],[1.40,43.65],[1.40,43.55]]]}"#,
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_example_the_file_gives_is_read_by_the_command_line() {
    let stand_in = Cli(StandIn::start());
    let aoi = aoi_file(stand_in.0.data.path());

    for name in ["spot_pleiades", "pneo"] {
        stand_in.0.serve("GET", "/api/v1/contracts", name);
        let (contracts, stderr) = stand_in.ok(&["contracts"]);
        assert!(
            !contracts["contracts"].as_array().unwrap().is_empty(),
            "{name}: {contracts}"
        );
        assert!(!stderr.contains("warning"), "{name}: {stderr}");
    }
    let (products, _) = stand_in.ok(&["product-types", "--contract", "C"]);
    assert_eq!(
        products["productTypes"][0]["productTypeId"],
        "PleiadesTaskingOneDay"
    );
    let (options, _) = stand_in.ok(&[
        "options",
        "--contract",
        "C",
        "--product",
        "PleiadesTaskingOneDay",
        "--aoi",
        &aoi,
    ]);
    assert!(!options["availableOptions"].as_array().unwrap().is_empty());

    let window = [
        "--aoi",
        &aoi,
        "--contract",
        "C",
        "--start",
        "2027-03-01",
        "--max-cloud",
        "20",
        "--max-incidence",
        "30",
        "--mode",
        "MONO",
    ];
    for name in ["SPOT & Pleiades", "PleiadesNeo"] {
        stand_in.0.serve("POST", "/api/v1/attempts", name);
        let mut args = vec!["attempts", "--mission", "PLEIADES", "--offer", "ONEDAY"];
        args.extend(window);
        let (attempts, stderr) = stand_in.ok(&args);
        let segments = &attempts["progCapacities"][0]["progTypes"][0]["segments"];
        assert!(
            segments.as_array().unwrap().len() >= 2,
            "{name}: {attempts}"
        );
        assert!(
            segments[0]["segmentKey"].as_str().unwrap().len() > 20,
            "{name}"
        );
        assert!(!stderr.contains("warning"), "{name}: {stderr}");

        stand_in.0.serve("POST", "/api/v1/feasibility", name);
        let mut args = vec![
            "feasibility",
            "--mission",
            "PLEIADES",
            "--offer",
            "ONEPLAN",
            "--end",
            "2027-04-01",
        ];
        args.extend(window);
        let (feasibility, _) = stand_in.ok(&args);
        assert_eq!(
            feasibility["progCapacities"][0]["progTypes"][0]["feasibility"]["automation"],
            "AUTOMATIC"
        );
    }

    let (taskings, _) = stand_in.ok(&["taskings", "--contract", "C"]);
    assert_eq!(taskings["taskings"][0]["icr"]["id"], "ICR_FC_XXXXX");
    // The example's footprint is a placeholder: the acquisition is listed, and the person told.
    let (segments, stderr) = stand_in.ok(&["segments", "--contract", "C", "ICR_FC_XXXXX"]);
    assert_eq!(segments["segments"][0]["id"], "AS_FC_XXXX_1_2");
    assert_eq!(
        segments["segments"][0]["asDetail1"]["clearSkyRate"],
        88.8973
    );
    assert!(
        stderr
            .contains("warning: acquisition AS_FC_XXXX_1_2: asDetail1.footprint could not be read"),
        "{stderr}"
    );
}
