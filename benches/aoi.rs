//! AOI engine benchmarks: full validation and the self-intersection sweep on 999-vertex rings
//! (see `common/rings.rs` for the shapes), and reading a 999-vertex WKT footprint.
//!
//! Run with `cargo bench --bench aoi`. `geos_compare.py` times GEOS on the same rings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/rings.rs"]
mod rings;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sattask::aoi::formats::{Format, export_bytes, import_bytes};
use sattask::aoi::measure::measure;
use sattask::aoi::rules::{ValidationContext, self_intersections, validate};
use sattask::aoi::{Aoi, LonLat};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn cases() -> [(&'static str, Vec<LonLat>); 4] {
    [
        ("circle_999", rings::circle()),
        ("star_valid_999", rings::star()),
        ("star_few_crossings_999", rings::star_swapped()),
        ("tangled_999", rings::tangled()),
    ]
}

fn bench_validate(c: &mut Criterion) {
    let context = ValidationContext::default();
    let mut group = c.benchmark_group("validate");
    for (name, ring) in cases() {
        let aoi = Aoi::new(name, ring);
        // Say once what each ring is, so a reader of the output can check the shapes.
        let report = validate(&aoi, &context);
        let crossings = self_intersections(&aoi.ring).len();
        eprintln!(
            "{name}: {} positions, valid = {}, {} issues, {crossings} self-intersections",
            aoi.ring.len(),
            report.is_valid(),
            report.issues.len()
        );
        group.bench_function(name, |b| b.iter(|| validate(black_box(&aoi), &context)));
    }
    group.finish();
}

fn bench_self_intersections(c: &mut Criterion) {
    let mut group = c.benchmark_group("self_intersections");
    // (a) and (b) are the clean rings; (c) and (d) show what reporting every crossing costs.
    for (name, ring) in cases() {
        group.bench_function(name, |b| b.iter(|| self_intersections(black_box(&ring))));
    }
    group.finish();
}

/// Where the rest of `validate` goes: the geodesic measures (computed for every ring that has a shape).
fn bench_measure(c: &mut Criterion) {
    let mut group = c.benchmark_group("measure");
    for (name, ring) in cases() {
        let aoi = Aoi::new(name, ring);
        group.bench_function(name, |b| b.iter(|| measure(black_box(&aoi))));
    }
    group.finish();
}

fn bench_parse_wkt(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_wkt");
    let aoi = Aoi::new("footprint", rings::circle());
    // Shortest round-trip decimals (~17 significant digits), as our own export writes them.
    let full = export_bytes(Format::Wkt, std::slice::from_ref(&aoi)).unwrap();
    // 6 decimals (10 cm), as provider footprints are usually written.
    let positions: Vec<String> = aoi
        .ring
        .iter()
        .map(|c| format!("{:.6} {:.6}", c.x, c.y))
        .collect();
    let short = format!("POLYGON(({}))\n", positions.join(", ")).into_bytes();
    for (name, bytes) in [
        ("polygon_999_full_precision", full),
        ("polygon_999_6dp", short),
    ] {
        let report = import_bytes(Format::Wkt, &bytes, "footprint").unwrap();
        assert_eq!(report.aois().next().unwrap().ring.len(), rings::N + 1);
        eprintln!("{name}: {} bytes", bytes.len());
        group.bench_function(name, |b| {
            b.iter(|| import_bytes(Format::Wkt, black_box(&bytes), "footprint"))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_validate, bench_self_intersections, bench_measure, bench_parse_wkt
}
criterion_main!(benches);
