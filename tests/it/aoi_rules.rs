//! Every rule, from a fixture on disk that breaks it, reported with its location.

use std::path::Path;

use sattask::aoi::formats::import_file;
use sattask::aoi::rules::{Report, Rule, Severity, ValidationContext, validate_imported};

fn verdict(file: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(file);
    let report = import_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(report.items.len(), 1, "{file} holds one geometry");
    validate_imported(&report.items[0], &ValidationContext::default())
}

/// (fixture, the rule it breaks, the positions the issue must point at, a segment pair if any)
/// A fixture, the rule it breaks, the positions and the segment pair the issue points at.
type Case = (&'static str, Rule, &'static [usize], Option<[usize; 2]>);

const TABLE: &[Case] = &[
    ("not_polygon.geojson", Rule::NotPolygon, &[], None),
    ("holes.geojson", Rule::Holes, &[], None),
    ("not_closed.geojson", Rule::NotClosed, &[0, 3], None),
    (
        "too_few_positions.geojson",
        Rule::TooFewPositions,
        &[0, 1, 2],
        None,
    ),
    (
        "too_many_vertices.geojson",
        Rule::TooManyVertices,
        &[],
        None,
    ),
    (
        "duplicate_vertex.geojson",
        Rule::DuplicateVertex,
        &[1, 2],
        None,
    ),
    ("non_finite.wkt", Rule::NonFinite, &[2], None),
    ("out_of_range.geojson", Rule::OutOfRange, &[2], None),
    ("antimeridian.geojson", Rule::Antimeridian, &[0, 1], None),
    (
        "self_intersection.geojson",
        Rule::SelfIntersection,
        &[0, 2],
        Some([0, 2]),
    ),
    ("area_too_small.geojson", Rule::AreaTooSmall, &[], None),
    ("too_narrow.geojson", Rule::TooNarrow, &[], None),
];

#[test]
fn each_fixture_breaks_its_rule_and_says_where() {
    for &(file, rule, vertices, segment) in TABLE {
        let report = verdict(file);
        let issue = report
            .issues
            .iter()
            .find(|i| i.rule == rule)
            .unwrap_or_else(|| panic!("{file}: no {rule:?} in {:#?}", report.issues));
        assert_eq!(issue.severity, Severity::Error, "{file}");
        assert!(!report.is_valid(), "{file}");
        assert_eq!(issue.vertices, vertices, "{file}: {}", issue.message);
        if let Some(pair) = segment {
            assert_eq!(issue.segments, vec![pair], "{file}");
        }
        assert!(
            issue.message.len() > 40,
            "{file}: message says what to do: {}",
            issue.message
        );
    }
}

#[test]
fn crossing_is_located_at_the_crossing_point() {
    let report = verdict("self_intersection.geojson");
    let issue = report
        .issues
        .iter()
        .find(|i| i.rule == Rule::SelfIntersection)
        .unwrap();
    let at = issue.at.unwrap();
    assert!(
        (at.x - 1.45).abs() < 1e-12 && (at.y - 43.65).abs() < 1e-12,
        "{at:?}"
    );
}

#[test]
fn the_valid_square_has_only_warnings() {
    let report = verdict("valid.geojson");
    assert!(report.is_valid(), "{:#?}", report.issues);
    let m = report.size.unwrap();
    assert_eq!(m.vertices, 4);
    assert!((m.area_km2 - 89.5).abs() < 1.0, "{m:?}");
    // 89 km² is under SPOT's automatic minimum and under every minimum invoiced area.
    let rules: Vec<Rule> = report.issues.iter().map(|i| i.rule).collect();
    assert!(rules.contains(&Rule::ManualFeasibility), "{rules:?}");
    assert!(rules.contains(&Rule::BilledArea), "{rules:?}");
    let manual = report
        .issues
        .iter()
        .find(|i| i.rule == Rule::ManualFeasibility)
        .unwrap();
    assert!(
        manual.message.contains("SPOT 6/7 OneDay"),
        "{}",
        manual.message
    );
    assert!(
        !manual.message.contains("Pléiades OneDay"),
        "{}",
        manual.message
    );
}

#[test]
fn a_fixture_breaks_only_its_own_rule() {
    // The rules do not pile up on each other: a bow tie is not also "too narrow" or "not closed".
    for &(file, rule, _, _) in TABLE {
        let report = verdict(file);
        let errors: Vec<Rule> = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| i.rule)
            .collect();
        for found in &errors {
            assert_eq!(
                *found, rule,
                "{file}: unexpected {found:?} besides {rule:?}"
            );
        }
    }
}

#[test]
fn a_tangled_ring_lists_a_bounded_number_of_crossings_and_says_there_are_more() {
    // 3,000 vertices scattered at random in a small box: their edges cross about a million
    // times. Listing them all took minutes and gigabytes; the search stops past the bound.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut random = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut ring: Vec<sattask::aoi::LonLat> = (0..3000)
        .map(|_| sattask::aoi::LonLat {
            x: 1.0 + 0.1 * random(),
            y: 43.0 + 0.1 * random(),
        })
        .collect();
    ring.push(ring[0]);
    let aoi = sattask::aoi::Aoi::new("scribble", ring);
    let report = sattask::aoi::validate(&aoi, &ValidationContext::default());
    let crossings: Vec<_> = report
        .issues
        .iter()
        .filter(|issue| issue.rule == Rule::SelfIntersection)
        .collect();
    let bound = sattask::aoi::rules::MAX_CROSSINGS_LISTED;
    assert_eq!(crossings.len(), bound + 1);
    assert!(
        crossings[..bound]
            .iter()
            .all(|issue| issue.segments.len() == 1)
    );
    let last = crossings[bound];
    assert!(
        last.message
            .contains(&format!("meets itself in more than {bound} places")),
        "{}",
        last.message
    );
}
