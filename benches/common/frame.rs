//! What the frame benchmarks share: the jagged 999-vertex AOI over Toulouse, one frame of the
//! app on the CPU (`Context::run_ui` + `tessellate`, no GPU) in a 1280 × 800 window, and the
//! percentiles printed after the criterion runs.

// Each benchmark (`mod frame;`) compiles its own copy and uses part of it.
#![allow(dead_code)]

use egui::{Context, Event, Pos2, RawInput, Rect, Vec2};
use sattask::aoi::{Aoi, LonLat};
use sattask::app::SattaskApp;

/// A star of 999 vertices about 20 km across, centred on Toulouse.
pub fn jagged_aoi() -> Aoi {
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
    Aoi::new("jagged 999", ring)
}

/// The input of one frame in a 1280 × 800 window.
pub fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 800.0))),
        events,
        ..RawInput::default()
    }
}

/// One frame: the app's logic and views, then tessellation; returns the meshes' count.
pub fn frame(ctx: &Context, app: &mut SattaskApp, events: Vec<Event>) -> usize {
    let output = ctx.run_ui(input(events), |ui| {
        app.logic(ui.ctx());
        app.show(ui);
    });
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// Prints p50, p95, p99 and the slowest of `times` (milliseconds).
pub fn percentiles(name: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    eprintln!(
        "{name} over {} frames: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    );
}
