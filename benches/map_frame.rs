//! One frame of the app on the CPU: `Context::run_ui` + `tessellate`, no GPU, with a 999-vertex
//! AOI selected for editing (handles drawn) and 1,000 acquisition footprints over it. Target
//! (DESIGN.md): ≤ 2 ms p95. Criterion gives the median; a second loop prints p50/p95/p99.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Context, RawInput, Rect, Vec2};
use sattask::aoi::{Aoi, LonLat};
use sattask::app::SattaskApp;
use sattask::app::state::{AppState, Footprint};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn app() -> SattaskApp {
    let n = 999;
    let mut ring: Vec<LonLat> = (0..n)
        .map(|i| {
            let t = i as f64 / n as f64 * std::f64::consts::TAU;
            let r = if i % 2 == 0 { 0.1 } else { 0.08 };
            LonLat {
                x: 1.45 + r * t.cos() / 0.72,
                y: 43.65 + r * t.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    let mut state = AppState::with_aois(vec![Aoi::new("jagged 999", ring)]);
    state.footprints = (0..1000)
        .map(|i| {
            let dx = (i % 40) as f64 * 0.01 - 0.2;
            let dy = (i / 40) as f64 * 0.01 - 0.12;
            let c = |x: f64, y: f64| LonLat {
                x: 1.45 + dx + x,
                y: 43.65 + dy + y,
            };
            Footprint {
                ring: vec![
                    c(-0.15, -0.12),
                    c(0.15, -0.13),
                    c(0.16, 0.12),
                    c(-0.14, 0.13),
                    c(-0.15, -0.12),
                ],
                label: format!("PHR1A #{i}"),
                selected: i == 500,
            }
        })
        .collect();
    SattaskApp::new(state, None)
}

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(
            egui::Pos2::ZERO,
            Vec2::new(1280.0, 800.0),
        )),
        ..RawInput::default()
    }
}

fn frame(ctx: &Context, app: &mut SattaskApp) -> usize {
    let output = ctx.run_ui(input(), |ui| app.show(ui));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn bench_frame(c: &mut Criterion) {
    let ctx = Context::default();
    let mut app = app();
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    c.bench_function("map_frame/999_vertex_aoi_1000_footprints", |b| {
        b.iter(|| frame(&ctx, &mut app))
    });
    let mut times: Vec<f64> = (0..500)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(frame(&ctx, &mut app));
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    eprintln!(
        "map_frame over 500 frames: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms",
        at(0.5),
        at(0.95),
        at(0.99)
    );
    // Where a frame goes: building the UI (layout, painting calls) versus tessellating it.
    let (mut ui_ms, mut tessellate_ms) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        let started = Instant::now();
        let output = ctx.run_ui(input(), |ui| app.show(ui));
        let built = Instant::now();
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
        ui_ms.push((built - started).as_secs_f64() * 1e3);
        tessellate_ms.push(built.elapsed().as_secs_f64() * 1e3);
    }
    ui_ms.sort_by(f64::total_cmp);
    tessellate_ms.sort_by(f64::total_cmp);
    eprintln!(
        "median: run_ui {:.3} ms, tessellate {:.3} ms",
        ui_ms[100], tessellate_ms[100]
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(5));
    targets = bench_frame
}
criterion_main!(benches);
