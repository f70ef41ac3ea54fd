//! GEOS agreement: for every shell in `tests/fixtures/geos/verdicts.json` (written once by
//! `tests/fixtures/geos/generate.py` from shapely/GEOS `is_valid`), our self-intersection sweep
//! finds nothing exactly when GEOS calls the polygon valid.

use sattask::aoi::LonLat;
use sattask::aoi::rules::{self_intersections, self_intersections_brute_force};
use serde::Deserialize;

#[derive(Deserialize)]
struct Verdict {
    name: String,
    ring: Vec<[f64; 2]>,
    geos_valid: bool,
    geos_reason: String,
}

fn verdicts() -> Vec<Verdict> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/geos/verdicts.json"
    );
    let text = std::fs::read_to_string(path).expect("verdicts.json (run generate.py)");
    serde_json::from_str(&text).expect("verdicts.json parses")
}

fn ring(v: &Verdict) -> Vec<LonLat> {
    v.ring.iter().map(|&[x, y]| LonLat { x, y }).collect()
}

#[test]
fn oracle_covers_both_verdicts_and_the_hand_made_cases() {
    let all = verdicts();
    assert!(all.len() >= 300, "{} rings", all.len());
    assert!(all.iter().any(|v| v.geos_valid) && all.iter().any(|v| !v.geos_valid));
    for name in [
        "bow_tie",
        "touch_vertex_on_edge",
        "figure_eight_repeated_vertex",
        "spike",
        "collinear_overlap",
        "near_miss_1e-7",
        "concave_u",
        "square_repeated_vertex",
    ] {
        assert!(all.iter().any(|v| v.name == name), "{name} missing");
    }
}

#[test]
fn self_intersections_agree_with_geos_is_valid() {
    let mut failures = Vec::new();
    for v in verdicts() {
        let ring = ring(&v);
        let found = self_intersections(&ring);
        if found.is_empty() != v.geos_valid {
            let brute = self_intersections_brute_force(&ring);
            failures.push(format!(
                "{}: GEOS valid = {} ({}), sattask sweep valid = {} ({} found: {:?}), brute force valid = {}\n  ring: {:?}",
                v.name,
                v.geos_valid,
                v.geos_reason,
                found.is_empty(),
                found.len(),
                found.first(),
                brute.is_empty(),
                v.ring,
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rings disagree with GEOS:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn brute_force_oracle_agrees_with_geos_is_valid() {
    let mut failures = Vec::new();
    for v in verdicts() {
        let brute = self_intersections_brute_force(&ring(&v));
        if brute.is_empty() != v.geos_valid {
            failures.push(format!(
                "{}: GEOS valid = {} ({}), brute force valid = {}",
                v.name,
                v.geos_valid,
                v.geos_reason,
                brute.is_empty()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
