//! Property tests where an oracle exists: every self-intersection finder (and the one validation
//! picks) against brute force, and against `geo::Validation`; format round trips; edits and undo.

use geo::Validation;
use geo_types::{LineString, Polygon};
use proptest::prelude::*;
use sattask::aoi::edit::{Edit, EditableAoi};
use sattask::aoi::formats::{Format, export_bytes, import_bytes};
use sattask::aoi::model::distinct_vertices;
use sattask::aoi::rules::{
    is_simple_by_sweep, self_intersections, self_intersections_brute_force,
    self_intersections_by_bands, self_intersections_by_boxes, self_intersections_by_chains,
    validate,
};
use sattask::aoi::{Aoi, LonLat, ValidationContext};

/// A closed ring of 3..max vertices on a coarse grid, so touches, overlaps and spikes happen.
fn grid_ring(max: usize) -> impl Strategy<Value = Vec<LonLat>> {
    prop::collection::vec((0i32..8, 0i32..8), 3..max).prop_map(|points| {
        let mut ring: Vec<LonLat> = points
            .into_iter()
            .map(|(x, y)| LonLat {
                x: 1.0 + f64::from(x) * 0.01,
                y: 43.0 + f64::from(y) * 0.01,
            })
            .collect();
        ring.push(ring[0]);
        ring
    })
}

/// A closed ring of random floats: in general position, so no touches by chance.
fn float_ring(max: usize) -> impl Strategy<Value = Vec<LonLat>> {
    prop::collection::vec((0.0f64..1.0, 0.0f64..1.0), 3..max).prop_map(|points| {
        let mut ring: Vec<LonLat> = points
            .into_iter()
            .map(|(x, y)| LonLat {
                x: 10.0 + x,
                y: 40.0 + y,
            })
            .collect();
        ring.push(ring[0]);
        ring
    })
}

/// A jagged ring with many monotone chains: vertices sorted by angle around a centre with random
/// radii (simple), sometimes snapped to a grid (touches, collinear edges) and sometimes with two
/// vertices swapped (a few crossings among many clean edges).
fn jagged_ring() -> impl Strategy<Value = Vec<LonLat>> {
    (
        prop::collection::vec((0.0f64..1.0, 0.2f64..1.0), 70..300),
        any::<bool>(),
        prop::option::of((0usize..300, 1usize..4)),
    )
        .prop_map(|(mut points, snap, swap)| {
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut ring: Vec<LonLat> = points
                .iter()
                .map(|&(angle, radius)| {
                    let t = angle * std::f64::consts::TAU;
                    let (x, y) = (radius * t.cos(), radius * t.sin());
                    let (x, y) = if snap {
                        ((x * 40.0).round() / 40.0, (y * 40.0).round() / 40.0)
                    } else {
                        (x, y)
                    };
                    LonLat {
                        x: 5.0 + x,
                        y: 45.0 + y,
                    }
                })
                .collect();
            if let Some((at, step)) = swap {
                let (i, j) = (at % ring.len(), (at + step) % ring.len());
                ring.swap(i, j);
            }
            ring.push(ring[0]);
            ring
        })
}

/// The chosen way and each way on its own (chains, Shamos–Hoey, box sweep, geo's sweep) give
/// exactly what brute force gives.
fn every_way_agrees_with_brute_force(ring: &[LonLat]) -> Result<(), TestCaseError> {
    let brute = self_intersections_brute_force(ring);
    prop_assert_eq!(&self_intersections(ring), &brute);
    prop_assert_eq!(&self_intersections_by_chains(ring), &brute);
    prop_assert_eq!(&self_intersections_by_boxes(ring), &brute);
    prop_assert_eq!(&self_intersections_by_bands(ring), &brute);
    prop_assert_eq!(is_simple_by_sweep(ring), brute.is_empty());
    Ok(())
}

fn any_ring() -> impl Strategy<Value = Vec<LonLat>> {
    let coordinate = prop_oneof![
        -200.0f64..200.0,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(180.0),
        Just(-180.0),
        Just(0.0),
    ];
    prop::collection::vec((coordinate.clone(), coordinate), 0..30)
        .prop_map(|points| points.into_iter().map(|(x, y)| LonLat { x, y }).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_way_agrees_with_brute_force_on_grid_rings(ring in grid_ring(40)) {
        every_way_agrees_with_brute_force(&ring)?;
    }

    #[test]
    fn every_way_agrees_with_brute_force_on_float_rings(ring in float_ring(60)) {
        every_way_agrees_with_brute_force(&ring)?;
    }

    #[test]
    fn every_way_agrees_with_brute_force_on_jagged_rings(ring in jagged_ring()) {
        every_way_agrees_with_brute_force(&ring)?;
    }

    #[test]
    fn sweep_agrees_with_geo_validation_in_general_position(ring in float_ring(30)) {
        prop_assume!(distinct_vertices(&ring).len() >= 3);
        let polygon = Polygon::new(LineString::from(ring.clone()), vec![]);
        prop_assert_eq!(self_intersections(&ring).is_empty(), polygon.is_valid(), "ring {:?}", ring);
    }

    #[test]
    fn validation_never_panics_and_every_error_says_something(ring in any_ring()) {
        let report = validate(&Aoi::new("any", ring.clone()), &ValidationContext::default());
        for issue in &report.issues {
            prop_assert!(!issue.message.is_empty());
            for &v in &issue.vertices {
                prop_assert!(v < ring.len().max(1), "vertex {} of {}", v, ring.len());
            }
        }
    }

    #[test]
    fn geojson_and_wkt_round_trip_every_position(ring in float_ring(50), name in "[A-Za-z0-9é][A-Za-z0-9 é]{0,11}") {
        let aoi = Aoi::new(name.clone(), ring);
        for format in [Format::GeoJson, Format::Wkt] {
            let bytes = export_bytes(format, std::slice::from_ref(&aoi)).unwrap();
            let back = import_bytes(format, &bytes, "x").unwrap();
            let aois: Vec<&Aoi> = back.aois().collect();
            prop_assert_eq!(aois.len(), 1);
            prop_assert_eq!(&aois[0].ring, &aoi.ring, "{:?}", format);
            if format == Format::GeoJson {
                prop_assert_eq!(&aois[0].name, &name);
            }
        }
    }

    #[test]
    fn undo_after_any_edits_restores_the_original(ring in float_ring(20), edits in prop::collection::vec((0usize..4, 0usize..25, -1.0f64..1.0), 1..20)) {
        let original = Aoi::new("a", ring);
        let mut editable = EditableAoi::new(original.clone());
        let mut applied = 0;
        for (kind, index, delta) in edits {
            let edit = match kind {
                0 => Edit::InsertVertex { index, at: LonLat { x: delta, y: delta } },
                1 => Edit::MoveVertex { index, to: LonLat { x: delta, y: -delta } },
                2 => Edit::DeleteVertex { index },
                _ => Edit::Translate { d_lon: delta, d_lat: delta / 2.0 },
            };
            let before = editable.aoi().clone();
            if editable.apply(edit).is_ok() && editable.aoi() != &before {
                applied += 1;
            }
        }
        for _ in 0..applied {
            prop_assert!(editable.undo());
        }
        prop_assert_eq!(editable.aoi(), &original);
        prop_assert!(!editable.can_undo());
    }
}
